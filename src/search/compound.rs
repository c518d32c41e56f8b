//! Splits a Norwegian compound into dictionary words, with linking letters (-s-, -e-).
//!
//! Written here rather than taken from a crate: no crate splits Norwegian well, and
//! tantivy's `SplitCompoundWords` replaces the word by its parts (we keep the whole word too)
//! and takes the first dictionary match greedily without backtracking, so it fails on
//! `oppfølgingssamtale` (oppfølging + s + samtale) and on an inflected last part (`-samtalen`).
//!
//! The split with the fewest parts wins; among those, the one with the longest first part.
//! Every part has at least three letters; only the last part may be inflected.

/// Part ranges of the best split found from each start (outer `None`: not computed yet).
type Memo = Vec<Option<Option<Vec<(usize, usize)>>>>;

/// Shortest part.
const MIN_PART: usize = 3;
/// Words shorter than this are not split.
const MIN_WORD: usize = 6;
/// Longest word we try to split (the search is quadratic in the length).
const MAX_WORD: usize = 40;

/// The parts of `word` (folded, lowercase), or `None` when it is no compound: too short, a
/// dictionary word itself (`is_final`), or not made of dictionary words.
///
/// `is_lemma` says whether a string is a dictionary word (for the first parts), `is_final`
/// whether it is one or an inflection of one (for the last part).
pub fn split(word: &[char], is_lemma: &dyn Fn(&str) -> bool, is_final: &dyn Fn(&str) -> bool) -> Option<Vec<String>> {
    if word.len() < MIN_WORD || word.len() > MAX_WORD {
        return None;
    }
    let whole: String = word.iter().collect();
    if is_final(&whole) {
        return None;
    }
    let mut memo: Memo = vec![None; word.len() + 1];
    let parts = best_from(0, word, is_lemma, is_final, &mut memo)?;
    (parts.len() >= 2).then(|| parts.iter().map(|&(a, b)| word[a..b].iter().collect()).collect())
}

/// The best split of `word[start..]` as a list of part ranges (memoised by `start`).
fn best_from(start: usize, word: &[char], is_lemma: &dyn Fn(&str) -> bool, is_final: &dyn Fn(&str) -> bool, memo: &mut Memo) -> Option<Vec<(usize, usize)>> {
    if let Some(known) = &memo[start] {
        return known.clone();
    }
    let n = word.len();
    let mut best: Option<Vec<(usize, usize)>> = None;
    if n - start >= MIN_PART && start > 0 && is_final(&word[start..].iter().collect::<String>()) {
        best = Some(vec![(start, n)]);
    }
    // Longest first part first, so that ties keep the longest one.
    let mut end = n.saturating_sub(MIN_PART);
    while end >= start + MIN_PART && best.as_ref().is_none_or(|b| b.len() > 2) {
        let head: String = word[start..end].iter().collect();
        if is_lemma(&head) {
            let next_starts = [Some(end), matches!(word[end], 's' | 'e').then_some(end + 1)];
            for next in next_starts.into_iter().flatten() {
                if n - next < MIN_PART {
                    continue;
                }
                if let Some(rest) = best_from(next, word, is_lemma, is_final, memo)
                    && best.as_ref().is_none_or(|b| rest.len() + 1 < b.len())
                {
                    let mut parts = vec![(start, end)];
                    parts.extend(rest);
                    best = Some(parts);
                }
            }
        }
        end -= 1;
    }
    memo[start] = Some(best.clone());
    best
}

#[cfg(test)]
mod tests {
    use super::split;

    fn parts(word: &str, dict: &[&str]) -> Option<Vec<String>> {
        let chars: Vec<char> = word.chars().collect();
        let lemma = |s: &str| dict.contains(&s);
        let last = |s: &str| dict.contains(&s) || dict.iter().any(|d| s.strip_suffix('n') == Some(d));
        split(&chars, &lemma, &last)
    }

    #[test]
    fn splits_with_and_without_linking_letters() {
        let dict = ["rusmiddel", "rus", "middel", "forebygging", "oppfolging", "samtale", "tilbud", "barn", "hage"];
        assert_eq!(parts("rusmiddelforebygging", &dict).unwrap(), ["rusmiddel", "forebygging"]);
        assert_eq!(parts("oppfolgingssamtale", &dict).unwrap(), ["oppfolging", "samtale"]);
        assert_eq!(parts("samtaletilbud", &dict).unwrap(), ["samtale", "tilbud"]);
        assert_eq!(parts("barnehagen", &dict).unwrap(), ["barn", "hagen"]);
    }

    #[test]
    fn backtracks_when_the_longest_head_leads_nowhere() {
        // "samtalet" is a word, but "ilbud" is not: the splitter must back off to "samtale".
        let dict = ["samtalet", "samtale", "tilbud"];
        assert_eq!(parts("samtaletilbud", &dict).unwrap(), ["samtale", "tilbud"]);
    }

    #[test]
    fn leaves_dictionary_words_and_non_compounds_alone() {
        let dict = ["samtale", "tilbud"];
        assert_eq!(parts("samtale", &dict), None);
        assert_eq!(parts("samtalxyzqq", &dict), None);
        assert_eq!(parts("sam", &dict), None);
    }
}

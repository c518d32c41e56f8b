//! The analyzer, in one place: tokenize, lowercase, fold, stem and decompound.
//!
//! Which stemmer and whether compounds are split depend on the index's language
//! ([`AnalyzerKind`]): what follows is the Norwegian analyzer; the English one stems with
//! Snowball English and splits nothing, the plain one neither stems nor splits.
//!
//! Every word of a text becomes three kinds of terms, indexed in three fields so that
//! ranking can prefer them in this order:
//! - **exact**: the lowercased word, stemmed (`får` → `får`);
//! - **folded**: the word with æ→ae, ø→o, å→a (and aa→a) folded, stemmed; folding and
//!   stemming are done in both orders (`nivå` → `niv` and `niva`), as the stemmer treats
//!   `å` and `a` differently;
//! - **part**: the parts of a compound, folded and stemmed (`rusmiddelforebygging` →
//!   `rusmiddel`, `forebygg`); the whole word stays in the other two fields.
//!
//! Stemming is tantivy's Snowball Norwegian stemmer (pinned with tantivy), followed by one
//! derivational step of our own: a final `-ing` is removed when at least four letters stay, so
//! that *forebygging*, *forebyggende* and *forebygge* all meet in `forebygg`.
//!
//! The browser client (`themes/default/static/search.js`) repeats the query side of these
//! rules (tokenize, lowercase, fold, stem); queries are never decompounded, so it needs no
//! dictionary. `tests/search_client.rs` checks that both give the same terms.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::{Arc, RwLock};

use super::compound;
pub use super::kind::AnalyzerKind;

/// The compound splitter's dictionary: Norsk ordbank lemmas, folded (see scripts/make-wordlist.py).
const WORDLIST: &[u8] = include_bytes!("../../data/wordlist-no.txt.gz");

/// Words longer than this (in bytes) are not indexed: they are not words.
pub const MAX_TOKEN_BYTES: usize = 60;

/// The three kinds of terms a word gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TermClass {
    Exact,
    Folded,
    Part,
}

impl TermClass {
    pub const ALL: [TermClass; 3] = [TermClass::Exact, TermClass::Folded, TermClass::Part];

    pub fn name(self) -> &'static str {
        match self {
            TermClass::Exact => "exact",
            TermClass::Folded => "folded",
            TermClass::Part => "part",
        }
    }
}

/// The terms of one word, by class.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WordTerms {
    pub exact: String,
    /// One or two terms: stem-then-fold and fold-then-stem, when they differ.
    pub folded: Vec<String>,
    /// Compound parts (empty when the word is not a compound).
    pub parts: Vec<String>,
}

impl WordTerms {
    pub fn of(&self, class: TermClass) -> Vec<&str> {
        self.slice(class).iter().map(String::as_str).collect()
    }

    /// The terms of `class`, without copying.
    pub fn slice(&self, class: TermClass) -> &[String] {
        match class {
            TermClass::Exact => std::slice::from_ref(&self.exact),
            TermClass::Folded => &self.folded,
            TermClass::Part => &self.parts,
        }
    }
}

/// A word found in a text: lowercased, with its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub from: usize,
    pub to: usize,
}

/// The analyzer with its dictionary; cheap to share behind an `Arc`.
pub struct Analyzer {
    kind: AnalyzerKind,
    lemmas: HashSet<String>,
    cache: RwLock<HashMap<String, Arc<WordTerms>>>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer").field("kind", &self.kind).field("lemmas", &self.lemmas.len()).finish()
    }
}

impl Analyzer {
    /// An analyzer that knows no words: a stand-in until the real one is made.
    pub fn empty() -> Arc<Analyzer> {
        Arc::new(Analyzer::without_dictionary(AnalyzerKind::Norwegian))
    }

    /// The Norwegian analyzer with its dictionary and the site's words (see [`Analyzer::of_kind`]).
    pub fn new<'a>(site_words: impl IntoIterator<Item = &'a str>) -> Analyzer {
        Analyzer::of_kind(AnalyzerKind::Norwegian, site_words)
    }

    /// An analyzer of `kind`; one that splits compounds gets the shipped dictionary plus the
    /// site's own words (district, topic and group names), the others no dictionary.
    pub fn of_kind<'a>(kind: AnalyzerKind, site_words: impl IntoIterator<Item = &'a str>) -> Analyzer {
        if !kind.decompounds() {
            return Analyzer::without_dictionary(kind);
        }
        let mut text = String::new();
        // The list is embedded at compile time; a failure here is a broken build, not bad input.
        flate2::read::GzDecoder::new(WORDLIST).read_to_string(&mut text).expect("the embedded word list is valid gzip");
        let mut lemmas: HashSet<String> = text.lines().filter(|l| !l.is_empty()).map(str::to_string).collect();
        for name in site_words {
            for w in tokenize(name) {
                let f = fold(&w.text);
                if f.chars().count() >= 3 && f.chars().all(char::is_alphabetic) {
                    lemmas.insert(f);
                }
            }
        }
        Analyzer { kind, lemmas, cache: RwLock::new(HashMap::new()) }
    }

    /// An analyzer that splits no compounds: enough for queries, which are never split.
    pub fn without_dictionary(kind: AnalyzerKind) -> Analyzer {
        Analyzer { kind, lemmas: HashSet::new(), cache: RwLock::new(HashMap::new()) }
    }

    /// Which analyzer this is.
    pub fn kind(&self) -> AnalyzerKind {
        self.kind
    }

    /// The terms of one lowercased word from a document (with compound parts).
    pub fn word(&self, lower: &str) -> Arc<WordTerms> {
        if let Some(t) = self.cache.read().ok().and_then(|c| c.get(lower).cloned()) {
            return t;
        }
        let mut terms = self.kind.query_word(lower);
        if self.kind.decompounds() && is_plain_word(lower) {
            let folded = fold(lower);
            let chars: Vec<char> = folded.chars().collect();
            let is_lemma = |s: &str| self.lemmas.contains(s);
            let is_final = |s: &str| self.is_inflected_lemma(s);
            if let Some(parts) = compound::split(&chars, &is_lemma, &is_final) {
                let mut seen = HashSet::new();
                // The last part may be inflected: its lemma's stem too (Snowball stems
                // `aktivitetene` and `aktivitet` differently).
                let last_lemma = parts.last().and_then(|p| self.lemma_of(p));
                terms.parts = parts.iter().chain(&last_lemma).map(|p| stem(p)).filter(|p| seen.insert(p.clone())).collect();
            }
        }
        let terms = Arc::new(terms);
        if let Ok(mut c) = self.cache.write() {
            c.insert(lower.to_string(), terms.clone());
        }
        terms
    }

    /// Whether `s` is a lemma or one with a noun or verb ending (`samtalen`, `aktivitetene`):
    /// the last part of a compound may be inflected.
    fn is_inflected_lemma(&self, s: &str) -> bool {
        self.lemma_of(s).is_some()
    }

    /// The lemma `s` is, or is an inflection of.
    fn lemma_of(&self, s: &str) -> Option<String> {
        const ENDINGS: [&str; 10] = ["ene", "ane", "en", "er", "et", "ar", "a", "e", "n", "r"];
        if self.lemmas.contains(s) {
            return Some(s.to_string());
        }
        let bases = ENDINGS.iter().filter_map(|e| s.strip_suffix(e)).filter(|b| b.len() >= 3);
        bases.flat_map(|b| [b.to_string(), format!("{b}e")]).find(|b| self.lemmas.contains(b))
    }

    /// Every term of `class` in `text`, with the byte range of its word, in order.
    pub fn terms(&self, text: &str, class: TermClass) -> Vec<(String, usize, usize)> {
        let mut out = Vec::new();
        for w in tokenize(text) {
            let terms = self.word(&w.text);
            for t in terms.of(class) {
                out.push((t.to_string(), w.from, w.to));
            }
        }
        out
    }
}

/// The terms of a lowercased query word for the Norwegian analyzer (see [`AnalyzerKind::query_word`]).
pub fn query_word(lower: &str) -> WordTerms {
    AnalyzerKind::Norwegian.query_word(lower)
}

/// Words are stemmed and decompounded only when they hold letters alone (not `s1-c`, `2027`).
fn is_plain_word(w: &str) -> bool {
    w.chars().all(char::is_alphabetic)
}

/// Splits a text into lowercased words: runs of letters and digits. Runs joined by single
/// hyphens stay one word when one of them holds a digit (`S1-C`, `R1-B`), so ids are found.
pub fn tokenize(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    word_spans(text, |from, to| {
        let lower = text[from..to].to_lowercase();
        if lower.len() <= MAX_TOKEN_BYTES {
            words.push(Word { text: lower, from, to });
        }
    });
    words
}

/// Calls `f` with each word of `text`, lowercased, as [`tokenize`] finds them; a word in
/// ASCII is lowercased into one reused buffer.
pub fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut buffer = String::new();
    word_spans(text, |from, to| {
        let word = &text[from..to];
        if word.is_ascii() {
            buffer.clear();
            buffer.push_str(word);
            buffer.make_ascii_lowercase();
            if buffer.len() <= MAX_TOKEN_BYTES {
                f(&buffer);
            }
        } else {
            let lower = word.to_lowercase();
            if lower.len() <= MAX_TOKEN_BYTES {
                f(&lower);
            }
        }
    });
}

/// The byte range of each word of `text` (see [`tokenize`]), in order.
fn word_spans(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, text.len()));
    }
    let mut i = 0;
    while i < runs.len() {
        let mut j = i;
        while j + 1 < runs.len() && runs[j + 1].0 == runs[j].1 + 1 && text.as_bytes()[runs[j].1] == b'-' {
            j += 1;
        }
        let group = &text[runs[i].0..runs[j].1];
        if j > i && group.chars().any(|c| c.is_numeric()) {
            f(runs[i].0, runs[j].1);
        } else {
            runs[i..=j].iter().for_each(|r| f(r.0, r.1));
        }
        i = j + 1;
    }
}

/// Folds Norwegian and other accented letters to plain ones: æ→ae, ø→o, å→a, then aa→a.
pub fn fold(lower: &str) -> String {
    let mut s = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            'æ' | 'ä' => s.push_str("ae"),
            'ø' | 'ö' | 'ó' | 'ò' | 'ô' => s.push('o'),
            'å' | 'á' | 'à' | 'â' => s.push('a'),
            'é' | 'è' | 'ê' | 'ë' => s.push('e'),
            'í' | 'ì' | 'î' | 'ï' => s.push('i'),
            'ü' | 'ú' | 'ù' | 'û' => s.push('u'),
            'ç' => s.push('c'),
            'ñ' => s.push('n'),
            c => s.push(c),
        }
    }
    while s.contains("aa") {
        s = s.replace("aa", "a");
    }
    s
}

/// Snowball Norwegian (tantivy's `Stemmer`), then `-ing` removed when four letters stay.
pub fn stem(lower: &str) -> String {
    AnalyzerKind::Norwegian.stem(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> Analyzer {
        Analyzer::new(["Søndre Nordstrand", "Målselv"])
    }

    #[test]
    fn snowball_stems_inflections_together() {
        assert_eq!(stem("samtalen"), stem("samtaler"));
        assert_eq!(stem("tjenestene"), stem("tjeneste"));
        assert_eq!(stem("kommunens"), stem("kommune"));
    }

    #[test]
    fn derived_forms_meet() {
        assert_eq!(stem("forebygging"), "forebygg");
        assert_eq!(stem("forebyggende"), "forebygg");
        assert_eq!(stem("forebygge"), "forebygg");
        assert_eq!(stem("ting"), "ting");
    }

    #[test]
    fn folding_covers_aering_oslash_and_aa() {
        assert_eq!(fold("søndre"), "sondre");
        assert_eq!(fold("målselv"), "malselv");
        assert_eq!(fold("kjærlighet"), "kjaerlighet");
        assert_eq!(fold("kaare"), "kare");
        let typed = query_word("kjaerlighet");
        let written = query_word("kjærlighet");
        assert!(written.folded.iter().any(|t| typed.folded.contains(t)));
    }

    #[test]
    fn fold_and_stem_in_both_orders() {
        let nivaa = query_word("nivå");
        assert_eq!(nivaa.exact, "nivå");
        assert!(nivaa.folded.contains(&"niv".to_string()) && nivaa.folded.contains(&"niva".to_string()), "{nivaa:?}");
        let typed = query_word("niva");
        assert!(typed.folded.iter().any(|t| nivaa.folded.contains(t)));
    }

    #[test]
    fn exact_keeps_far_and_faar_apart_while_folded_merges_them() {
        assert_ne!(query_word("får").exact, query_word("far").exact);
        assert!(query_word("får").folded.iter().any(|t| query_word("far").folded.contains(t)));
    }

    #[test]
    fn compounds_split_with_linking_letters_and_keep_the_whole_word() {
        let a = analyzer();
        let w = a.word("rusmiddelforebygging");
        assert_eq!(w.exact, "rusmiddelforebygg");
        assert!(w.parts.contains(&stem("forebygging")), "{w:?}");
        let w = a.word("oppfølgingssamtale");
        assert!(w.parts.contains(&stem("samtale")), "linking s: {w:?}");
        assert!(w.parts.contains(&stem("oppfolging")), "{w:?}");
        let w = a.word("samtaletilbud");
        assert!(w.parts.contains(&stem("samtale")) && w.parts.contains(&stem("tilbud")), "{w:?}");
        let w = a.word("barneaktivitetene");
        assert!(w.parts.contains(&stem("barn")) && w.parts.contains(&stem("aktivitet")), "linking e and an inflected last part: {w:?}");
        assert!(a.word("samtale").parts.is_empty(), "a dictionary word is not split");
    }

    #[test]
    fn the_sites_own_words_join_the_dictionary() {
        let a = analyzer();
        assert!(a.word("målselvskolen").parts.contains(&stem("malselv")), "{:?}", a.word("målselvskolen"));
    }

    #[test]
    fn tokens_keep_ids_and_split_words() {
        let words: Vec<String> = tokenize("Tiltak S1-C: Rus-forebygging i 2027!").into_iter().map(|w| w.text).collect();
        assert_eq!(words, ["tiltak", "s1-c", "rus", "forebygging", "i", "2027"]);
        assert_eq!(query_word("s1-c").exact, "s1-c");
    }

    #[test]
    fn each_word_gives_the_words_of_tokenize() {
        let text = "Tiltak S1-C: RUS-forebygging i 2027! Ærlig ΣΊΣΥΦΟΣ Å-ha x-1";
        let mut words = Vec::new();
        each_word(text, |w| words.push(w.to_string()));
        let tokens: Vec<String> = tokenize(text).into_iter().map(|w| w.text).collect();
        assert_eq!(words, tokens);
    }

    #[test]
    fn markup_is_just_words() {
        let words: Vec<String> = tokenize("</script><img src=x onerror=alert(1)>").into_iter().map(|w| w.text).collect();
        assert_eq!(words, ["script", "img", "src", "x", "onerror", "alert", "1"]);
    }
}

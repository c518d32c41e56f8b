//! Term counts of the static index: each document's words counted once per text field, and
//! every term numbered in one table, so that documents and postings hold numbers, not strings.
//!
//! Counting runs in parallel ([`count_words`]); numbering ([`TermTable::count`]) runs in
//! document order, so a term's number does not depend on the number of threads.

use std::collections::HashMap;
use std::sync::Arc;

use super::analyzer::{Analyzer, TermClass, WordTerms};
use super::documents::SearchDoc;
use super::index::text_of;
use super::rank::{FIELDS, TextField};

/// Fields of the index: each text field once per term class (see [`FIELDS`]).
pub const FIELD_COUNT: usize = 9;

/// A document's distinct words per text field, each with how often it occurs, in the order
/// they are first met.
pub struct WordCounts {
    /// The document without its summary and body, which are counted.
    doc: SearchDoc,
    fields: [Vec<(Arc<WordTerms>, u32)>; 3],
    snippet: String,
}

impl WordCounts {
    pub fn doc(&self) -> &SearchDoc {
        &self.doc
    }
}

/// What one thread reuses from document to document while counting words.
#[derive(Default)]
pub struct Scratch {
    /// Lowercased word → its place in the field's list.
    seen: HashMap<Box<str>, usize>,
}

/// Counts the words of each text field of `doc`; each distinct word is analyzed once. Of
/// the summary and body only `snippet` of them is kept, so that the texts are not held.
pub fn count_words(analyzer: &Analyzer, mut doc: SearchDoc, scratch: &mut Scratch, snippet: fn(&SearchDoc) -> String) -> WordCounts {
    let mut fields: [Vec<(Arc<WordTerms>, u32)>; 3] = Default::default();
    for (t, field) in TextField::ALL.iter().enumerate() {
        scratch.seen.clear();
        let words = &mut fields[t];
        super::analyzer::each_word(text_of(&doc, *field), |lower| match scratch.seen.get(lower) {
            Some(&i) => words[i].1 += 1,
            None => {
                scratch.seen.insert(lower.into(), words.len());
                words.push((analyzer.word(lower), 1));
            }
        });
    }
    let snippet = snippet(&doc);
    doc.summary = String::new();
    doc.body = String::new();
    WordCounts { doc, fields, snippet }
}

/// One document with its term counts per field.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Counted {
    pub doc: SearchDoc,
    /// Per field: (term number, frequency), by term number.
    pub counts: [Vec<(u32, u32)>; FIELD_COUNT],
    /// Per field: number of tokens.
    pub lens: [u32; FIELD_COUNT],
    /// The text shown with a result, in place of the summary and body.
    pub snippet: String,
}

/// Every term of the index, numbered in the order first met.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct TermTable {
    names: Vec<String>,
    ids: HashMap<String, u32>,
}

/// The term numbers of one word, per class; the word is kept so that its address, the key,
/// stays its own.
type WordIds = HashMap<*const WordTerms, (Arc<WordTerms>, [Vec<u32>; 3])>;

impl TermTable {
    /// How many terms have a number (some may have no postings left).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The table of `names`, numbered in their order (as [`TermTable::names`] gives them).
    pub fn from_names(names: Vec<String>) -> TermTable {
        let ids = names.iter().enumerate().map(|(n, name)| (name.clone(), n as u32)).collect();
        TermTable { names, ids }
    }

    /// Every term, by number.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The term numbered `id`.
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(term.to_string());
        self.ids.insert(term.to_string(), id);
        id
    }

    /// The term counts and lengths of `docs`, in their order, numbering new terms as met.
    pub fn count(&mut self, docs: Vec<WordCounts>) -> Vec<Counted> {
        let mut by_word = WordIds::new();
        docs.into_iter().map(|d| self.count_one(d, &mut by_word)).collect()
    }

    fn count_one(&mut self, words: WordCounts, by_word: &mut WordIds) -> Counted {
        let mut counts: [Vec<(u32, u32)>; FIELD_COUNT] = Default::default();
        let mut lens = [0u32; FIELD_COUNT];
        for (t, list) in words.fields.iter().enumerate() {
            for (word, n) in list {
                let (_, ids) = by_word.entry(Arc::as_ptr(word)).or_insert_with(|| (word.clone(), self.word_ids(word)));
                for (c, class_ids) in ids.iter().enumerate() {
                    let f = t * 3 + c;
                    debug_assert_eq!(FIELDS[f], (TextField::ALL[t], TermClass::ALL[c]));
                    for &id in class_ids {
                        counts[f].push((id, *n));
                        lens[f] += n;
                    }
                }
            }
        }
        counts.iter_mut().for_each(merge_same_terms);
        Counted { doc: words.doc, counts, lens, snippet: words.snippet }
    }

    fn word_ids(&mut self, word: &WordTerms) -> [Vec<u32>; 3] {
        TermClass::ALL.map(|class| word.slice(class).iter().map(|t| self.id(t)).collect())
    }
}

/// Sorts by term number and adds up the frequencies of a term met through several words.
fn merge_same_terms(list: &mut Vec<(u32, u32)>) {
    list.sort_unstable_by_key(|&(id, _)| id);
    list.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 += later.1;
        }
        same
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_of_one_term_are_added_up() {
        let mut list = vec![(3, 1), (1, 2), (3, 4), (1, 1), (2, 1)];
        merge_same_terms(&mut list);
        assert_eq!(list, [(1, 3), (2, 1), (3, 5)]);
    }
}

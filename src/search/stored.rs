//! The static index as the workspace store keeps it: a head (the site's words, counts), the
//! term names in chunks of [`TERM_CHUNK`] and the documents with their term counts in
//! chunks of [`DOC_CHUNK`]. The postings and the analyzer are made again from them when the
//! index is read back, and a build writes only the chunks its edits changed.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::analyzer::{Analyzer, AnalyzerKind};
use super::shards::{SearchIndex, postings_of};
use super::terms::{Counted, TermTable};

/// Term names per stored chunk.
pub const TERM_CHUNK: usize = 4096;
/// Documents per stored chunk.
pub const DOC_CHUNK: usize = 64;

/// What the index holds besides its chunks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Head {
    analyzer: AnalyzerKind,
    site_words: Vec<String>,
    shards: usize,
    pages: usize,
    pub terms: usize,
    pub entries: usize,
}

/// What changed in an index read back from the store.
#[derive(Debug, Clone, Default)]
pub struct Saved {
    /// Terms in the store's chunks (later ones are new).
    terms: usize,
    /// Documents replaced since.
    pub(super) entries: BTreeSet<usize>,
}

/// The chunks to write: all when `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirty {
    pub terms: std::ops::Range<usize>,
    pub docs: Vec<usize>,
}

impl SearchIndex {
    pub fn head(&self) -> Head {
        Head {
            analyzer: self.analyzer.kind(),
            site_words: self.site_words.clone(),
            shards: self.shards,
            pages: self.pages,
            terms: self.terms.len(),
            entries: self.entries.len(),
        }
    }

    /// The names of the terms of chunk `n`.
    pub fn term_chunk(&self, n: usize) -> &[String] {
        let names = self.terms.names();
        &names[(n * TERM_CHUNK).min(names.len())..((n + 1) * TERM_CHUNK).min(names.len())]
    }

    /// The documents of chunk `n`.
    pub fn doc_chunk(&self, n: usize) -> &[Counted] {
        &self.entries[(n * DOC_CHUNK).min(self.entries.len())..((n + 1) * DOC_CHUNK).min(self.entries.len())]
    }

    /// The chunks that differ from those in the store it was read from; `None`: every chunk
    /// (the index was made whole).
    pub fn dirty(&self) -> Option<Dirty> {
        let saved = self.saved.as_ref()?;
        let terms = saved.terms / TERM_CHUNK..self.terms.len().div_ceil(TERM_CHUNK);
        let docs: BTreeSet<usize> = saved.entries.iter().map(|e| e / DOC_CHUNK).collect();
        Some(Dirty { terms, docs: docs.into_iter().collect() })
    }

    /// The index whose head and chunks the store holds; `None` when they don't fit together.
    pub fn from_stored(head: Head, names: Vec<String>, entries: Vec<Counted>) -> Option<SearchIndex> {
        if names.len() != head.terms || entries.len() != head.entries {
            return None;
        }
        let fits = entries.iter().all(|e| e.counts.iter().flatten().all(|&(t, _)| (t as usize) < names.len()));
        if !fits {
            return None;
        }
        let terms = TermTable::from_names(names);
        let postings = postings_of(terms.len(), &entries);
        let analyzer = Arc::new(Analyzer::of_kind(head.analyzer, head.site_words.iter().map(String::as_str)));
        let saved = Some(Saved { terms: terms.len(), entries: BTreeSet::new() });
        Some(SearchIndex { analyzer, site_words: head.site_words, terms, entries, postings, shards: head.shards, pages: head.pages, cache: None, saved })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::terms::FIELD_COUNT;

    fn doc(n: u32) -> Counted {
        use crate::search::documents::{DocKind, SearchDoc};
        let doc = SearchDoc {
            url: format!("/{n}/"),
            title: "t".into(),
            summary: String::new(),
            body: String::new(),
            kind: DocKind::News,
            topics: vec![],
            districts: vec![],
            date: None,
            past: false,
            plan: None,
            page: n as usize,
        };
        let mut counts: [Vec<(u32, u32)>; FIELD_COUNT] = Default::default();
        counts[0] = vec![(n % 3, 1)];
        Counted { doc, counts, lens: [1; FIELD_COUNT], snippet: String::new() }
    }

    #[test]
    fn chunks_read_back_give_the_same_index_and_a_bad_term_is_refused() {
        let names: Vec<String> = (0..3).map(|n| format!("ord{n}")).collect();
        let entries: Vec<Counted> = (0..100).map(doc).collect();
        let head = Head { analyzer: AnalyzerKind::Norwegian, site_words: vec!["frogner".into()], shards: 1, pages: 100, terms: 3, entries: 100 };
        let index = SearchIndex::from_stored(head.clone(), names.clone(), entries.clone()).expect("an index");
        assert_eq!(index.head(), head);
        assert_eq!(index.doc_chunk(1).len(), 100 - DOC_CHUNK);
        assert_eq!(index.term_chunk(0), names.as_slice());
        assert_eq!(index.dirty(), Some(Dirty { terms: 0..1, docs: vec![] }));
        assert_eq!(index.outputs().len(), SearchIndex::from_stored(head.clone(), names.clone(), entries.clone()).unwrap().outputs().len());
        let mut bad = entries;
        bad[5].counts[0] = vec![(9, 1)];
        assert!(SearchIndex::from_stored(head, names, bad).is_none());
    }
}

//! The static index for the browser, written with the site under `/sok/index/`.
//!
//! - `meta.json`: the analyzer of the index's language (`norwegian`, `english` or `plain`,
//!   which the client analyzes queries with), document count, tokens per field (for BM25),
//!   boosts, shard count, plans;
//! - `s/N.json`: shard N: the postings of every term whose folded form hashes to N (FNV-1a),
//!   per field `[field, doc freq, doc delta, term freq, field norm, …]`, each list cut to its
//!   best [`CAP`] documents, so that a one-word query fetches one or two small shards;
//! - `d/N.json`: documents `N*CHUNK ..` (URL, title, kind, date, text, districts, topics),
//!   fetched only for the results shown.
//!
//! The client computes tantivy's BM25 from these figures, so it ranks like the CLI. The
//! [`SearchIndex`] stays in memory so that `serve` can replace one page's documents and
//! write only the files that changed ([`SearchIndex::update`]).

use std::fmt::Write as _;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use tantivy::fieldnorm::FieldNormReader;

use super::analyzer::{Analyzer, AnalyzerKind, TermClass};
use super::documents::{self, SearchDoc};
use super::rank::{self, FIELDS};
use super::terms::{self, Counted, FIELD_COUNT, TermTable, WordCounts};
use crate::model::Site;
use crate::render::Output;
use crate::resolve::SiteGraph;

/// Where the index is published.
pub const DIR: &str = "sok/index";
/// The index's files as a build publishes them: the shards and document files in a folder
/// named for their content (`sok/index/<build>/s/N.json`), and `meta.json` at its fixed
/// place naming that folder in `build`. The client reads `meta.json` (never cached for
/// long) and then only files of that build, which never change: no cached file of another
/// build is ever mixed in. `serve` publishes [`SearchIndex::outputs`] as they are.
pub fn named_for_build(outputs: Vec<Output>) -> Vec<Output> {
    use sha2::Digest as _;
    let meta_path = format!("{DIR}/meta.json");
    let mut hasher = sha2::Sha256::new();
    let mut sorted: Vec<&Output> = outputs.iter().filter(|o| o.path != meta_path).collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for o in sorted {
        hasher.update(o.path.as_bytes());
        hasher.update((o.bytes.len() as u64).to_le_bytes());
        hasher.update(&o.bytes);
    }
    let build: String = hasher.finalize().iter().take(5).map(|b| format!("{b:02x}")).collect();
    outputs
        .into_iter()
        .map(|o| match o.path.strip_prefix(DIR).and_then(|r| r.strip_prefix('/')) {
            Some("meta.json") => {
                let text = String::from_utf8_lossy(&o.bytes);
                let named = match text.strip_prefix('{') {
                    Some(rest) => format!("{{\"build\":\"{build}\",{rest}"),
                    None => text.into_owned(),
                };
                Output::new(o.path, named)
            }
            Some(rest) => Output::new(format!("{DIR}/{build}/{rest}"), o.bytes),
            None => o,
        })
        .collect()
}

/// Whether `path` is inside a build-named index folder (`sok/index/3f2a9c1e0b/…`).
pub fn is_build_named(path: &str) -> bool {
    let folder = path.strip_prefix(DIR).and_then(|r| r.strip_prefix('/')).and_then(|r| r.split_once('/')).map(|(f, _)| f);
    folder.is_some_and(|f| f.len() == 10 && f.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Postings kept per term and field: the best-scoring documents.
pub const CAP: usize = 300;
/// Documents per metadata file.
pub const CHUNK: usize = 8;
/// Characters of text kept per document for the snippet.
const TEXT_CHARS: usize = 240;
/// Target size of a shard, which decides how many there are.
const SHARD_BYTES: usize = 12_000;

/// Per field: (document, term frequency), by document.
pub(super) type Postings = [Vec<(u32, u32)>; FIELD_COUNT];

/// Each of `terms` terms' postings in the documents `entries`.
pub(super) fn postings_of(terms: usize, entries: &[Counted]) -> Vec<Postings> {
    let mut postings: Vec<Postings> = vec![Default::default(); terms];
    for (id, e) in entries.iter().enumerate() {
        for (f, counts) in e.counts.iter().enumerate() {
            for &(term, tf) in counts {
                postings[term as usize][f].push((id as u32, tf));
            }
        }
    }
    postings
}

/// The static index in memory. The workspace store keeps its terms and documents in chunks
/// ([`super::stored`]); the analyzer and the postings are made again from them.
pub struct SearchIndex {
    pub(super) analyzer: Arc<Analyzer>,
    pub(super) site_words: Vec<String>,
    pub(super) terms: TermTable,
    pub(super) entries: Vec<Counted>,
    /// Term number → its postings.
    pub(super) postings: Vec<Postings>,
    pub(super) shards: usize,
    /// Pages in the site indexed.
    pub(super) pages: usize,
    /// What an update keeps to write shards quickly; made at the first update.
    pub(super) cache: Option<super::update::ShardCache>,
    /// What changed since the index was read from the store; `None`: made whole since.
    pub(super) saved: Option<super::stored::Saved>,
}

/// What an update wrote.
#[derive(Debug)]
pub struct Update {
    pub outputs: Vec<Output>,
    /// True when every file was written again (replace `sok/index/` as a whole).
    pub full: bool,
}

impl SearchIndex {
    /// Indexes the whole site (or one language's view of it) with its language's analyzer.
    pub fn from_site(site: &Site, graph: &SiteGraph, now: DateTime<Utc>) -> SearchIndex {
        let site_words = documents::site_words(site, graph);
        let kind = AnalyzerKind::for_language(&site.config.language);
        let analyzer = Arc::new(Analyzer::of_kind(kind, site_words.iter().map(String::as_str)));
        // Each page's documents are counted as they are made, so that their texts are not all
        // held at once; then they are put in index order, and only then are terms numbered.
        let mut words: Vec<WordCounts> = (0..site.pages.len())
            .into_par_iter()
            .flat_map_iter(|id| documents::page_documents(site, graph, id, now))
            .map_init(terms::Scratch::default, |s, d| terms::count_words(&analyzer, d, s, short_text))
            .collect();
        words.sort_by(|a, b| documents::index_order(a.doc(), b.doc()));
        Self::from_words(analyzer, site_words, words, site.pages.len())
    }

    fn from_words(analyzer: Arc<Analyzer>, site_words: Vec<String>, words: Vec<WordCounts>, pages: usize) -> SearchIndex {
        let mut terms = TermTable::default();
        let entries = terms.count(words);
        let postings = postings_of(terms.len(), &entries);
        let mut index = SearchIndex { analyzer, site_words, terms, entries, postings, shards: 1, pages, cache: None, saved: None };
        index.shards = index.shard_count();
        index
    }

    /// Every file of the index.
    pub fn outputs(&self) -> Vec<Output> {
        let mut by_shard: Vec<Vec<u32>> = vec![Vec::new(); self.shards];
        for term in self.live_terms() {
            by_shard[self.shard_of(term)].push(term);
        }
        let mut out: Vec<Output> = by_shard.par_iter().enumerate().map(|(n, terms)| self.shard_output(n, terms)).collect();
        out.extend((0..self.entries.len().div_ceil(CHUNK)).into_par_iter().map(|c| self.chunk_output(c)).collect::<Vec<_>>());
        out.push(self.meta_output());
        out
    }

    /// A power of two, so that an average shard holds about [`SHARD_BYTES`].
    pub(super) fn shard_count(&self) -> usize {
        shards_for(self.postings.iter().map(capped).sum())
    }

    /// The numbers of the terms with postings.
    pub(super) fn live_terms(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.postings.len() as u32).filter(|&t| self.postings[t as usize].iter().any(|l| !l.is_empty()))
    }

    pub(super) fn shard_of(&self, term: u32) -> usize {
        shard_of(self.terms.name(term), self.shards)
    }

    fn shard_output(&self, n: usize, terms: &[u32]) -> Output {
        let mut terms = terms.to_vec();
        terms.sort_by(|&a, &b| self.terms.name(a).cmp(self.terms.name(b)));
        shard_file(n, terms.iter().map(|&t| self.fragment(t)))
    }

    /// A term's entry in its shard: `"term":[postings of each field]`.
    pub(super) fn fragment(&self, term: u32) -> String {
        let mut json = serde_json::to_string(self.terms.name(term)).unwrap_or_default();
        json.push_str(":[");
        let mut first = true;
        for (f, list) in self.postings[term as usize].iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            if !first {
                json.push(',');
            }
            first = false;
            self.write_postings(&mut json, f, list);
        }
        json.push(']');
        json
    }

    /// `[field, doc freq, delta, tf, norm, …]` for the best [`CAP`] documents, by doc.
    fn write_postings(&self, json: &mut String, field: usize, list: &[(u32, u32)]) {
        let mut kept: Vec<(u32, u32)> = list.to_vec();
        if kept.len() > CAP {
            let key = |&(d, tf): &(u32, u32)| cap_key(tf, self.entries[d as usize].lens[field], field);
            // The best CAP by a total order (key, then doc): a selection, not a sort.
            kept.select_nth_unstable_by(CAP - 1, |a, b| key(b).total_cmp(&key(a)).then(a.0.cmp(&b.0)));
            kept.truncate(CAP);
            kept.sort_unstable();
        }
        let _ = write!(json, "[{field},{}", list.len());
        let mut last = 0;
        for (d, tf) in kept {
            let norm = FieldNormReader::id_to_fieldnorm(FieldNormReader::fieldnorm_to_id(self.entries[d as usize].lens[field]));
            let _ = write!(json, ",{},{tf},{norm}", d - last);
            last = d;
        }
        json.push(']');
    }

    pub(super) fn chunk_output(&self, c: usize) -> Output {
        let docs: Vec<serde_json::Value> = self.entries[c * CHUNK..((c + 1) * CHUNK).min(self.entries.len())]
            .iter()
            .map(|e| {
                let d = &e.doc;
                serde_json::json!([d.url, d.title, d.kind.as_str(), d.date, e.snippet, d.districts, d.topics])
            })
            .collect();
        Output::new(format!("{DIR}/d/{c}.json"), serde_json::to_string(&docs).unwrap_or_default())
    }

    pub(super) fn meta_output(&self) -> Output {
        let mut totals = [0u64; 9];
        for e in &self.entries {
            for (f, len) in e.lens.iter().enumerate() {
                totals[f] += u64::from(*len);
            }
        }
        let boosts: Vec<f32> = FIELDS.iter().map(|(f, c)| rank::boost(*f, *c)).collect();
        let classes: Vec<&str> = FIELDS.iter().map(|(_, c)| c.name()).collect();
        let meta = serde_json::json!({
            "version": 1,
            "analyzer": self.analyzer.kind().name(),
            "docs": self.entries.len(),
            "shards": self.shards,
            "chunk": CHUNK,
            "totals": totals,
            "boosts": boosts,
            "classes": classes,
            "plans": self.plans(),
        });
        Output::new(format!("{DIR}/meta.json"), meta.to_string())
    }

    /// Every plan with its items as `[start delta, span, …]`: plan N covers documents
    /// `start ..= start + span`, its start counted from the previous plan's start. The plan's
    /// own page comes first (its URL sorts before its items'), so its title is in `d/`.
    fn plans(&self) -> Vec<usize> {
        let mut ranges: Vec<(usize, usize, &str)> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let Some(p) = e.doc.plan.as_deref() else { continue };
            match ranges.last_mut() {
                Some(last) if last.1 + 1 == i && last.2 == p => last.1 = i,
                _ => ranges.push((i, i, p)),
            }
        }
        let mut flat = Vec::with_capacity(ranges.len() * 2);
        let mut prev = 0;
        for (first, last, _) in ranges {
            flat.push(first - prev);
            flat.push(last - first);
            prev = first;
        }
        flat
    }
}

/// The shard file `n` made of its terms' fragments, in term order.
pub(super) fn shard_file(n: usize, fragments: impl Iterator<Item = impl AsRef<str>>) -> Output {
    let mut json = String::from("{");
    for (i, f) in fragments.enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(f.as_ref());
    }
    json.push('}');
    Output::new(format!("{DIR}/s/{n}.json"), json)
}

/// How many postings of a term's lists are published (each list is cut at [`CAP`]).
pub(super) fn capped(lists: &Postings) -> usize {
    lists.iter().map(|v| v.len().min(CAP)).sum()
}

/// A power of two, so that an average shard holds about [`SHARD_BYTES`] for `capped` postings.
pub(super) fn shards_for(capped: usize) -> usize {
    (capped * 9 / SHARD_BYTES).max(1).next_power_of_two()
}

/// How good a posting is, for cutting long lists: BM25's term-frequency part with a fixed
/// average length, so that the cut does not move when other pages change.
fn cap_key(tf: u32, len: u32, field: usize) -> f32 {
    let avg = match FIELDS[field].0 {
        rank::TextField::Title => 8.0,
        rank::TextField::Summary => 25.0,
        rank::TextField::Body => 300.0,
    };
    let class = match FIELDS[field].1 {
        TermClass::Exact => 3.0,
        TermClass::Folded => 2.0,
        TermClass::Part => 1.0,
    };
    class * tf as f32 / (tf as f32 + 1.2 * (0.25 + 0.75 * len as f32 / avg))
}

/// The shard of a term: FNV-1a (32 bits) of its folded form's UTF-8 bytes.
pub fn shard_of(term: &str, shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in super::analyzer::fold(term).bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h as usize) % shards
}

/// The summary, else the start of the body, cut at a word.
pub(super) fn short_text(d: &SearchDoc) -> String {
    let text = if d.summary.is_empty() { d.body.as_str() } else { d.summary.as_str() };
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= TEXT_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(TEXT_CHARS).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

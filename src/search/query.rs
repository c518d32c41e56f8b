//! Answers a query from the tantivy index: every word must match, in any of its forms.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::analyzer::{self, AnalyzerKind, TermClass, WordTerms};
use super::documents::DocKind;
use super::index::{OpenIndex, SearchError};
use super::rank::{self, FIELDS, Hit};

/// What to look for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub kind: Option<String>,
    pub district: Option<String>,
    pub topic: Option<String>,
    pub limit: usize,
}

/// One result, as the CLI prints it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchResult {
    pub url: String,
    pub title: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Plain text around the first match.
    pub snippet: String,
    /// The matched words in `snippet`, as byte ranges.
    pub marks: Vec<(usize, usize)>,
    pub score: f32,
}

/// The analyzed words of a query, without repeats.
pub fn query_words(query: &str, kind: AnalyzerKind) -> Vec<WordTerms> {
    let mut seen = HashSet::new();
    analyzer::tokenize(query).into_iter().filter(|w| seen.insert(w.text.clone())).map(|w| kind.query_word(&w.text)).collect()
}

/// The terms a query word looks for in one field: parts are matched by the folded forms.
pub fn field_terms(word: &WordTerms, class: TermClass) -> Vec<&str> {
    match class {
        TermClass::Exact => vec![word.exact.as_str()],
        TermClass::Folded | TermClass::Part => word.folded.iter().map(String::as_str).collect(),
    }
}

/// Runs a search: filters checked, every word required, ranked by [`rank::rank`].
pub fn search(index: &OpenIndex, req: &SearchRequest) -> Result<Vec<SearchResult>, SearchError> {
    let f = &index.fields;
    let kind = index.manifest.analyzer;
    let words = query_words(&req.query, kind);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = words.iter().map(|w| (Occur::Must, word_query(index, w))).collect();
    let filters = [
        (f.kind, "kind", req.kind.as_deref(), DocKind::NAMES.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        (f.district, "district", req.district.as_deref(), index.manifest.districts.clone()),
        (f.topic, "topic", req.topic.as_deref(), index.manifest.topics.clone()),
    ];
    for (field, what, value, valid) in filters {
        let Some(value) = value else { continue };
        let value = if what == "topic" { crate::model::slugify(value) } else { value.trim().to_string() };
        if !valid.contains(&value) {
            return Err(SearchError::UnknownFilter { what, value, valid });
        }
        let term = TermQuery::new(Term::from_field_text(field, &value), IndexRecordOption::Basic);
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(term), 0.0))));
    }
    let searcher = index.reader.searcher();
    let wanted = (req.limit.max(1) + rank::TOP) * 4 + 50;
    let index_err = |e: tantivy::TantivyError| SearchError::Index { dir: std::path::PathBuf::from(".planverk/search"), message: e.to_string() };
    let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(wanted).order_by_score()).map_err(index_err)?;
    let mut docs = Vec::with_capacity(top.len());
    for (score, addr) in top {
        docs.push((score, searcher.doc::<TantivyDocument>(addr).map_err(index_err)?));
    }
    let text = |d: &TantivyDocument, field| d.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
    let hits: Vec<Hit> = docs
        .iter()
        .enumerate()
        .map(|(i, (score, d))| Hit { order: i as u64, score: *score, plan: d.get_first(f.plan).and_then(|v| v.as_str()).map(str::to_string) })
        .collect();
    // Re-key hits by their index order (the tie-breaker), remembering where each came from.
    let order_of: Vec<u64> = docs.iter().map(|(_, d)| d.get_first(f.order).and_then(|v| v.as_u64()).unwrap_or(u64::MAX)).collect();
    let keyed: Vec<Hit> = hits.iter().map(|h| Hit { order: order_of[h.order as usize], ..h.clone() }).collect();
    let by_order: std::collections::HashMap<u64, usize> = order_of.iter().enumerate().map(|(i, o)| (*o, i)).collect();
    let named = |plan: &str| docs.iter().find(|(_, d)| text(d, f.plan) == plan).is_some_and(|(_, d)| names(&words, &text(d, f.plan_title), kind));
    let ranked = rank::rank(keyed, &named);
    Ok(ranked
        .into_iter()
        .take(req.limit)
        .map(|h| {
            let (score, d) = &docs[by_order[&h.order]];
            let (snippet, marks) = snippet(&words, &text(d, f.summary), &text(d, f.body), kind);
            let date = Some(text(d, f.date)).filter(|s| !s.is_empty());
            SearchResult { url: text(d, f.url), title: text(d, f.title), kind: text(d, f.kind), date, snippet, marks, score: *score }
        })
        .collect())
}

/// One word in all its forms and fields, each with its boost.
fn word_query(index: &OpenIndex, word: &WordTerms) -> Box<dyn Query> {
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (i, (field, class)) in FIELDS.iter().enumerate() {
        for t in field_terms(word, *class) {
            let term = TermQuery::new(Term::from_field_text(index.fields.analyzed[i], t), IndexRecordOption::WithFreqs);
            should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(term), rank::boost(*field, *class)))));
        }
    }
    Box::new(BooleanQuery::new(should))
}

/// Whether the query names a plan: every query word is in the plan's title (folded).
pub fn names(words: &[WordTerms], plan_title: &str, kind: AnalyzerKind) -> bool {
    let title: HashSet<String> = analyzer::tokenize(plan_title).iter().flat_map(|w| kind.query_word(&w.text).folded).collect();
    !words.is_empty() && words.iter().all(|w| w.folded.iter().any(|t| title.contains(t)))
}

/// Whether a word of a text matches a query word: same folded stem, or (for compounds) the
/// folded word contains the query word's folded stem.
pub fn matches(text_word: &str, words: &[WordTerms], kind: AnalyzerKind) -> bool {
    let w = kind.query_word(text_word);
    let folded = analyzer::fold(text_word);
    words.iter().any(|q| q.folded.iter().any(|t| w.folded.contains(t) || (t.chars().count() >= 4 && folded.contains(t.as_str()))))
}

/// About 30 words of text around the first match (in the body, else the summary), with the
/// byte ranges of every matched word.
pub fn snippet(words: &[WordTerms], summary: &str, body: &str, kind: AnalyzerKind) -> (String, Vec<(usize, usize)>) {
    const BEFORE: usize = 8;
    const LEN: usize = 30;
    let pick = |text: &str| {
        let tokens = analyzer::tokenize(text);
        tokens.iter().position(|t| matches(&t.text, words, kind)).map(|i| (text.to_string(), tokens, i))
    };
    let Some((text, tokens, first)) = pick(body).or_else(|| pick(summary)) else {
        let text = if summary.is_empty() { body } else { summary };
        let tokens = analyzer::tokenize(text);
        let end = tokens.get(LEN).map_or(text.len(), |t| t.from);
        return (text[..end].split_whitespace().collect::<Vec<_>>().join(" "), Vec::new());
    };
    let start_tok = first.saturating_sub(BEFORE);
    let from = if start_tok == 0 { 0 } else { tokens[start_tok].from };
    let to = tokens.get(start_tok + LEN).map_or(text.len(), |t| t.from);
    let mut out = String::new();
    let mut marks = Vec::new();
    let mut last = from;
    for t in tokens.iter().filter(|t| t.from >= from && t.to <= to) {
        push_spaced(&mut out, &text[last..t.from]);
        let start = out.len();
        out.push_str(&text[t.from..t.to]);
        if matches(&t.text, words, kind) {
            marks.push((start, out.len()));
        }
        last = t.to;
    }
    push_spaced(&mut out, &text[last..to]);
    (out.trim_end().to_string(), marks)
}

/// Appends text between words with runs of whitespace made one space.
fn push_spaced(out: &mut String, between: &str) {
    let mut space = false;
    for c in between.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space && !out.is_empty() {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_matched_words_and_compounds() {
        let words = query_words("forebygging", AnalyzerKind::Norwegian);
        let (s, marks) = snippet(&words, "", "Vi jobber med rusmiddelforebygging og forebyggende tiltak i skolen.", AnalyzerKind::Norwegian);
        let marked: Vec<&str> = marks.iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(marked, ["rusmiddelforebygging", "forebyggende"]);
    }

    #[test]
    fn a_query_names_a_plan_by_its_title_words() {
        let words = query_words("handlingsplan rus", AnalyzerKind::Norwegian);
        assert!(names(&words, "Handlingsplan mot rus 2027", AnalyzerKind::Norwegian));
        assert!(!names(&words, "Strategi for rus", AnalyzerKind::Norwegian));
    }
}

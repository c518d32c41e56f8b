//! The tantivy index for the CLI: kept in `<root>/.planverk/search/`, rebuilt when the content changed.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::schema::{Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexReader, TantivyDocument};

use super::analyzer::{Analyzer, AnalyzerKind};
use super::documents::{self, DocKind, SearchDoc};
use super::rank::FIELDS;
use super::tokenizer;
use crate::BuildOptions;
use crate::diagnostics::Diagnostics;
use crate::model::Language;

/// Bump when the schema or the analyzer changes, so old indexes are rebuilt.
const FORMAT: u32 = 2;

/// Why a search could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the site has {} error(s); fix them (see `planverk check`) and search again", .0.error_count())]
    Content(Diagnostics),
    #[error("{what} `{value}` does not exist; valid {what}s are: {}", .valid.join(", "))]
    UnknownFilter { what: &'static str, value: String, valid: Vec<String> },
    #[error("the site has no language `{lang}`; its languages are: {}", .valid.join(", "))]
    UnknownLanguage { lang: String, valid: Vec<String> },
    #[error("could not read or write the search index in {}: {message}", .dir.display())]
    Index { dir: PathBuf, message: String },
}

/// The fields of the tantivy schema.
#[derive(Debug, Clone, Copy)]
pub struct SearchFields {
    pub url: Field,
    pub title: Field,
    pub summary: Field,
    pub body: Field,
    pub kind: Field,
    pub district: Field,
    pub topic: Field,
    pub date: Field,
    pub order: Field,
    pub plan: Field,
    pub plan_title: Field,
    /// The analyzed fields, in the order of [`FIELDS`].
    pub analyzed: [Field; 9],
}

/// The schema: stored text for display, nine analyzed fields, and keyword fields for filters.
pub fn schema() -> (Schema, SearchFields) {
    let mut b = Schema::builder();
    let stored_text = TextOptions::default().set_stored();
    let analyzed = FIELDS.map(|(field, class)| {
        let indexing = TextFieldIndexing::default().set_tokenizer(&tokenizer::tokenizer_name(class)).set_index_option(IndexRecordOption::WithFreqs);
        b.add_text_field(&format!("{}_{}", field.name(), class.name()), TextOptions::default().set_indexing_options(indexing))
    });
    let fields = SearchFields {
        url: b.add_text_field("url", STRING | STORED),
        title: b.add_text_field("title", stored_text.clone()),
        summary: b.add_text_field("summary", stored_text.clone()),
        body: b.add_text_field("body", stored_text.clone()),
        kind: b.add_text_field("kind", STRING | STORED),
        district: b.add_text_field("district", STRING | STORED),
        topic: b.add_text_field("topic", STRING | STORED),
        date: b.add_text_field("date", stored_text.clone()),
        order: b.add_u64_field("order", INDEXED | STORED),
        plan: b.add_text_field("plan", STRING | STORED),
        plan_title: b.add_text_field("plan_title", stored_text),
        analyzed,
    };
    (b.build(), fields)
}

/// What the index was built from, and the filter values it knows.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub fingerprint: String,
    /// The analyzer of the index's language.
    #[serde(default)]
    pub analyzer: AnalyzerKind,
    pub districts: Vec<String>,
    pub topics: Vec<String>,
}

/// An index ready to answer queries.
pub struct OpenIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: SearchFields,
    pub manifest: Manifest,
}

/// Where the CLI keeps its index: outside the published output; a language version named
/// with `--lang` in a folder of its own (`.planverk/search/nn/`).
pub fn index_dir(root: &Path, lang: Option<&Language>) -> PathBuf {
    let dir = root.join(".planverk").join("search");
    match lang {
        Some(l) => dir.join(l.code()),
        None => dir,
    }
}

/// Opens the index of the site's default language, or of language `lang` (`--lang nn`),
/// building it first when it is missing or older than the content.
pub fn open_or_build(options: &BuildOptions, lang: Option<&str>) -> Result<OpenIndex, SearchError> {
    let parsed = match lang.map(|l| (l, Language::parse(l))) {
        // Not a language tag: no such language; loading the site says which there are.
        Some((raw, None)) => return Err(load_documents(options, Some(raw), String::new()).err().unwrap_or_else(|| unknown(raw, &[]))),
        Some((_, Some(l))) => Some(l),
        None => None,
    };
    let dir = index_dir(&options.root, parsed.as_ref());
    let err = |e: &dyn std::fmt::Display| SearchError::Index { dir: dir.clone(), message: e.to_string() };
    let fingerprint = fingerprint(options, lang.unwrap_or("")).map_err(|e| err(&e))?;
    let manifest_path = dir.join("manifest.json");
    let current = std::fs::read(&manifest_path).ok().and_then(|b| serde_json::from_slice::<Manifest>(&b).ok());
    if let Some(manifest) = current.filter(|m| m.fingerprint == fingerprint)
        && let Ok(open) = open(&dir.join("tantivy"), manifest)
    {
        return Ok(open);
    }
    let (docs, analyzer, manifest) = load_documents(options, lang, fingerprint)?;
    let fresh = dir.join("tantivy.new");
    let _ = std::fs::remove_dir_all(&fresh);
    std::fs::create_dir_all(&fresh).map_err(|e| err(&e))?;
    write_index(&fresh, &docs, &analyzer).map_err(|e| err(&e))?;
    let target = dir.join("tantivy");
    let _ = std::fs::remove_dir_all(&target);
    std::fs::rename(&fresh, &target).map_err(|e| err(&e))?;
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| err(&e))?;
    std::fs::write(&manifest_path, json).map_err(|e| err(&e))?;
    let gitignore = options.root.join(".planverk").join(".gitignore");
    if !gitignore.exists() {
        let _ = std::fs::write(gitignore, "# planverk's caches (the search index); safe to delete.\n*\n");
    }
    open(&target, manifest).map_err(|e| err(&e))
}

fn open(dir: &Path, manifest: Manifest) -> tantivy::Result<OpenIndex> {
    let index = Index::open_in_dir(dir)?;
    tokenizer::register(index.tokenizers(), &Arc::new(Analyzer::without_dictionary(manifest.analyzer)));
    let reader = index.reader()?;
    let (_, fields) = schema();
    Ok(OpenIndex { index, reader, fields, manifest })
}

/// The error for a language the site does not have.
fn unknown(lang: &str, valid: &[Language]) -> SearchError {
    SearchError::UnknownLanguage { lang: lang.to_string(), valid: valid.iter().map(|l| l.code().to_string()).collect() }
}

/// Loads and resolves the view of the site in `lang` (the default language when `None`)
/// and makes its documents, the analyzer of its language and the manifest.
fn load_documents(options: &BuildOptions, lang: Option<&str>, fingerprint: String) -> Result<(Vec<SearchDoc>, Arc<Analyzer>, Manifest), SearchError> {
    let loaded = crate::load::load_site(
        &options.root,
        &crate::load::LoadOptions { drafts: options.drafts, now: Some(options.now), base_url: options.base_url.clone(), plain_names: options.plain_names },
    );
    let mut diagnostics = loaded.diagnostics;
    let Some(site) = loaded.site else {
        return Err(SearchError::Content(diagnostics));
    };
    let languages = site.config.all_languages();
    let language = match lang {
        None => site.config.default_language.clone(),
        Some(raw) => Language::parse(raw).filter(|l| languages.contains(l)).ok_or_else(|| unknown(raw, &languages))?,
    };
    let site = if site.config.is_multilingual() { site.language_view(&language, &site.versions) } else { site };
    let graph = crate::resolve::resolve(&site, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(SearchError::Content(diagnostics));
    }
    let words = documents::site_words(&site, &graph);
    let kind = AnalyzerKind::for_language(&language);
    let analyzer = Arc::new(Analyzer::of_kind(kind, words.iter().map(String::as_str)));
    let docs = documents::site_documents(&site, &graph, options.now);
    let manifest =
        Manifest { fingerprint, analyzer: kind, districts: graph.districts.keys().cloned().collect(), topics: graph.topics.keys().cloned().collect() };
    Ok((docs, analyzer, manifest))
}

/// Writes `docs` as a new tantivy index in `dir`.
pub fn write_index(dir: &Path, docs: &[SearchDoc], analyzer: &Arc<Analyzer>) -> tantivy::Result<()> {
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    tokenizer::register(index.tokenizers(), analyzer);
    let mut writer = index.writer::<TantivyDocument>(100_000_000)?;
    let plan_titles: std::collections::HashMap<&str, &str> =
        docs.iter().filter(|d| d.kind == DocKind::Plan).map(|d| (d.url.as_str(), d.title.as_str())).collect();
    for (order, d) in docs.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.url, &d.url);
        doc.add_text(f.title, &d.title);
        doc.add_text(f.summary, &d.summary);
        doc.add_text(f.body, &d.body);
        for (i, (field, _)) in FIELDS.iter().enumerate() {
            doc.add_text(f.analyzed[i], text_of(d, *field));
        }
        doc.add_text(f.kind, d.kind.as_str());
        d.districts.iter().for_each(|x| doc.add_text(f.district, x));
        d.topics.iter().for_each(|x| doc.add_text(f.topic, x));
        doc.add_text(f.date, d.date.as_deref().unwrap_or(""));
        doc.add_u64(f.order, order as u64);
        if let Some(p) = &d.plan {
            doc.add_text(f.plan, p);
            doc.add_text(f.plan_title, plan_titles.get(p.as_str()).copied().unwrap_or(""));
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    Ok(())
}

/// The text of one of a document's text fields.
pub fn text_of(d: &SearchDoc, field: super::rank::TextField) -> &str {
    match field {
        super::rank::TextField::Title => &d.title,
        super::rank::TextField::Summary => &d.summary,
        super::rank::TextField::Body => &d.body,
    }
}

/// A hash of everything the index is made from: config, content, language, drafts and
/// today's date (which decides upcoming and past).
fn fingerprint(options: &BuildOptions, lang: &str) -> std::io::Result<String> {
    let mut h = std::hash::DefaultHasher::new();
    (FORMAT, env!("CARGO_PKG_VERSION"), lang, options.drafts, options.now.date_naive().to_string()).hash(&mut h);
    let mut files = vec![options.root.join("config.toml")];
    collect_files(&options.root.join("content"), &mut files)?;
    files.sort();
    for f in files {
        f.strip_prefix(&options.root).unwrap_or(&f).hash(&mut h);
        std::fs::read(&f).unwrap_or_default().hash(&mut h);
    }
    Ok(format!("{:016x}", h.finish()))
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for e in entries {
        let path = e?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
    Ok(())
}

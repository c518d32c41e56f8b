//! The workspace kept between runs of `planverk build`, in the [`Store`] beside the output:
//! what the last build loaded and made (each page with its rendered Markdown, each Markdown
//! file's hash, the search index in chunks), tied to the output it published by that
//! output's manifest. The next build reads it back, finds the Markdown files that changed,
//! and updates the workspace as `serve` does, rendering only what the change affects; the
//! other files are kept from the published output. It then writes back only the records the
//! update changed, in one transaction committed after the output is in place: a build
//! stopped at any point leaves the old records or the new ones, never a mix.
//!
//! It is picked up only when nothing else the output depends on changed: the same program,
//! config, templates, themes, static files and content assets
//! ([`crate::load::inputs_fingerprint`]), the same `--drafts`, the published output as the
//! store's build left it (every file as its manifest records it), and the clock on the same
//! local day with no session, registration date or deadline passed in between. Else the
//! build loads and renders everything, as without a store, and writes every record.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use redb::ReadableTable;

use super::State;
use super::store::{self, DOCS, HASHES, META, PAGES, Store, StoreError, TERMS};
use crate::diagnostics::Diagnostics;
use crate::model::{KindFields, Page, PageId, PageKind, Site};
use crate::render::markdown_pass::PageMarkdown;
use crate::search::shards::SearchIndex;
use crate::search::stored::{self as search_store, DOC_CHUNK, TERM_CHUNK};

/// What a store is valid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Key {
    /// [`crate::load::inputs_fingerprint`], taken before the build read anything.
    inputs: u64,
    drafts: bool,
}

impl Key {
    /// The key of the site at `root` as it is now; `None` when it cannot be told.
    pub fn of(root: &std::path::Path, drafts: bool) -> Option<Key> {
        crate::load::inputs_fingerprint(root).ok().map(|inputs| Key { inputs, drafts })
    }
}

/// The `meta` record "head": what the build that wrote the store was.
#[derive(serde::Serialize, serde::Deserialize)]
struct Head {
    key: Key,
    now: DateTime<Utc>,
    /// The hash of the manifest of the output the build published.
    generation: u64,
    /// The build's warnings, as JSON (their types are written for JSON).
    warnings: String,
    assets: Vec<PathBuf>,
    section_kinds: BTreeMap<String, PageKind>,
    pages: usize,
    search: search_store::Head,
}

/// One page's record.
#[derive(serde::Serialize, serde::Deserialize)]
struct PageRecord {
    page: Page,
    markdown: PageMarkdown,
}

#[derive(serde::Serialize)]
struct PageRecordRef<'a> {
    page: &'a Page,
    markdown: &'a PageMarkdown,
}

/// What a store holds, read back.
struct Stored {
    head: Head,
    pages: Vec<Page>,
    markdown: Vec<PageMarkdown>,
    hashes: BTreeMap<PathBuf, u64>,
    search: SearchIndex,
}

/// What a save wrote.
#[derive(Debug, Clone, Copy)]
pub struct Saved {
    /// Records written.
    pub records: usize,
    /// The store's size on disk.
    pub bytes: u64,
}

/// The head of the store, if it is one this planverk wrote; `note` is told of one an older
/// planverk wrote.
fn read_head(store: &Store, note: &mut dyn FnMut(String)) -> Option<Head> {
    let (format, head) = store.read(|txn| Some((store::read_meta(txn, "format"), store::read_meta(txn, "head"))))?;
    let format = format?;
    if format != store::FORMAT.to_le_bytes() {
        note(format!("the workspace store {} was made by another planverk version; everything is built again", store.path().display()));
        return None;
    }
    let head = store::decode(&head?);
    if head.is_none() {
        note(format!("the workspace store {} is damaged; everything is built again", store.path().display()));
    }
    head
}

/// Everything the store holds for `head`; `None` when a record is missing or damaged.
fn read_stored(store: &Store, head: Head) -> Option<Stored> {
    let (pages, terms, docs, hashes) = store.read(|txn| {
        let pages = store::read_all(txn, PAGES, head.pages)?;
        let terms = store::read_all(txn, TERMS, head.search.terms.div_ceil(TERM_CHUNK))?;
        let docs = store::read_all(txn, DOCS, head.search.entries.div_ceil(DOC_CHUNK))?;
        let table = txn.open_table(HASHES).ok()?;
        let mut hashes = BTreeMap::new();
        for entry in table.iter().ok()? {
            let (rel, hash) = entry.ok()?;
            hashes.insert(PathBuf::from(rel.value()), hash.value());
        }
        Some((pages, terms, docs, hashes))
    })?;
    let records: Vec<PageRecord> = pages.par_iter().map(|b| store::decode(b)).collect::<Option<_>>()?;
    drop(pages);
    let names: Vec<Vec<String>> = terms.par_iter().map(|b| store::decode(b)).collect::<Option<_>>()?;
    let entries: Vec<Vec<crate::search::terms::Counted>> = docs.par_iter().map(|b| store::decode(b)).collect::<Option<_>>()?;
    let search = SearchIndex::from_stored(head.search.clone(), names.concat(), entries.concat())?;
    let (pages, markdown) = records.into_iter().map(|r| (r.page, r.markdown)).unzip();
    Some(Stored { head, pages, markdown, hashes, search })
}

/// Whether pages rendered at `then` show what they would at `now`: the same local day, and
/// no session start or end, registration opening or deadline in between.
pub(super) fn same_clock(site: &Site, then: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    let tz = site.config.timezone;
    if then.with_timezone(&tz).date_naive() != now.with_timezone(&tz).date_naive() {
        return false;
    }
    let (from, to) = if then <= now { (then, now) } else { (now, then) };
    let between = |t: DateTime<Utc>| from < t && t <= to;
    site.pages.iter().all(|page| {
        let (sessions, registration) = match &page.fields {
            KindFields::Course(c) => (c.sessions.as_slice(), c.registration.as_ref()),
            KindFields::Network(n) => (n.meetings.as_slice(), None),
            _ => (&[][..], None),
        };
        let session_times = sessions.iter().flat_map(|s| [s.start.instant, s.end.instant]);
        let sign_up = registration.into_iter().flat_map(|r| [r.opens, r.deadline]).flatten().map(|w| w.instant);
        !session_times.chain(sign_up).any(between)
    })
}

impl super::Workspace {
    /// Picks up the workspace the last build left in `store`, if it is valid for the site as
    /// it is now (see the module docs), and brings it up to date with the Markdown files
    /// changed since, as [`super::Workspace::update`] does. `None`: there is none to pick
    /// up, and the site is to be loaded whole.
    pub fn resume(
        &mut self,
        store: &Store,
        key: Key,
        note: &mut dyn FnMut(String),
        timings: &mut crate::timings::Timings,
    ) -> Option<Result<super::Report, Diagnostics>> {
        use crate::load;
        use crate::paths::{ChangeKind, ChangeSet};
        let root = self.options.root.clone();
        let config = load::config::load_config(&root).ok()?;
        // A site with several language versions is loaded and rendered whole every time.
        if config.is_multilingual() {
            return None;
        }
        let output_dir = self.options.output.clone().unwrap_or_else(|| root.join(&config.output_dir));
        let head = read_head(store, note).filter(|h| h.key == key)?;
        let published = crate::write::published(&output_dir).filter(|(g, _)| *g == head.generation)?.1;
        timings.lap("resume: published output");
        let Some(stored) = read_stored(store, head) else {
            note(format!("the workspace store {} is damaged; everything is built again", store.path().display()));
            return None;
        };
        timings.lap("resume: store read");
        let Stored { head, pages, markdown, hashes, search } = stored;
        let warnings = serde_json::from_str(&head.warnings).ok()?;
        let mut diags = Diagnostics::default();
        let static_files = load::files::read_static_files(&root, &head.assets, &mut diags).into();
        let mut site =
            Site { root: root.clone(), config, pages, assets: head.assets, static_files, file_facts: Default::default(), versions: Default::default() };
        let problems = crate::assets::attach(&mut site);
        if diags.has_errors() || !problems.is_empty() || !same_clock(&site, head.now, self.now()) {
            return None;
        }
        let graph = crate::resolve::resolve(&site, &mut diags);
        let engine = load::theme::load_theme(&root, &site.config.theme).and_then(crate::render::Engine::new).ok()?;
        let sequences = crate::render::feeds::calendar::previous_state(load::previous_calendar_state(&output_dir).as_deref());
        timings.lap("resume: theme");
        let current = load::content_hashes(&root).ok()?;
        timings.lap("resume: content hashes");
        // A page added or removed changes the site's shape: a full build, which writes its
        // pages as they render, costs no more than an update that loads everything.
        if current.len() != hashes.len() || current.keys().any(|rel| !hashes.contains_key(rel)) {
            return None;
        }
        let mut changes = ChangeSet::default();
        current.iter().filter(|(rel, hash)| hashes.get(*rel) != Some(hash)).for_each(|(rel, _)| changes.add(ChangeKind::Content(rel.clone())));
        self.state = Some(State {
            site,
            graph,
            engine,
            markdown,
            hashes,
            section_kinds: head.section_kinds,
            sequences,
            output_dir,
            search: Some(search),
            outputs: Vec::new(),
            kept: published.into_iter().collect(),
            pending: None,
            warnings,
            partial: false,
            dirty: Some(BTreeSet::new()),
            others: Vec::new(),
        });
        timings.lap("resume: restore");
        Some(self.update(&changes, timings))
    }

    /// Writes this workspace into `store`: every record after a full load, else only those
    /// an update changed. The transaction is committed once `generation` gives the hash of
    /// the published output's manifest; if it is dropped instead (the output was not
    /// published), nothing is written. `None` when there is nothing to save (the search
    /// index was let go).
    pub fn save(&self, store: &Store, key: Key, generation: std::sync::mpsc::Receiver<u64>) -> Option<Result<Saved, StoreError>> {
        let state = self.state.as_ref()?;
        let search = state.search.as_ref()?;
        let broken = |e: &dyn std::fmt::Display| store::broken(store.path(), e);
        let save = || -> Result<Option<usize>, StoreError> {
            let txn = store.db().begin_write().map_err(|e| broken(&e))?;
            let records = write_records(&txn, state, search).map_err(|e| broken(&e))?;
            let Ok(generation) = generation.recv() else { return Ok(None) };
            let head = Head {
                key,
                now: self.now(),
                generation,
                warnings: serde_json::to_string(&state.warnings).map_err(|e| broken(&e))?,
                assets: state.site.assets.clone(),
                section_kinds: state.section_kinds.clone(),
                pages: state.site.pages.len(),
                search: search.head(),
            };
            {
                let mut meta = txn.open_table(META).map_err(|e| broken(&e))?;
                meta.insert("format", store::FORMAT.to_le_bytes().as_slice()).map_err(|e| broken(&e))?;
                meta.insert("head", store::encode(&head).as_slice()).map_err(|e| broken(&e))?;
            }
            txn.commit().map_err(|e| broken(&e))?;
            Ok(Some(records + 2))
        };
        match save() {
            Ok(Some(records)) => Some(Ok(Saved { records, bytes: store.size() })),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }

    /// The files kept from the published output, with their hashes (see
    /// [`super::Workspace::resume`]); they are to stay as they are.
    pub fn kept(&self) -> Vec<(String, u64)> {
        self.state.as_ref().map(|s| s.kept.iter().map(|(p, h)| (p.clone(), *h)).collect()).unwrap_or_default()
    }
}

/// Pages encoded at a time (so that a full save does not hold every record at once).
const BATCH: usize = 2048;

/// Writes the page, hash and search records that changed (all of them after a full load);
/// returns how many.
fn write_records(txn: &redb::WriteTransaction, state: &State, search: &SearchIndex) -> Result<usize, redb::Error> {
    let whole = state.dirty.is_none();
    if whole {
        for table in [PAGES, TERMS, DOCS] {
            txn.delete_table(table)?;
        }
        txn.delete_table(HASHES)?;
    }
    let ids: Vec<PageId> = match &state.dirty {
        Some(dirty) => dirty.iter().copied().filter(|&id| id < state.site.pages.len()).collect(),
        None => (0..state.site.pages.len()).collect(),
    };
    let mut records = 0;
    {
        let mut pages = txn.open_table(PAGES)?;
        for batch in ids.chunks(BATCH) {
            let encoded: Vec<Vec<u8>> =
                batch.par_iter().map(|&id| store::encode(&PageRecordRef { page: &state.site.pages[id], markdown: &state.markdown[id] })).collect();
            for (&id, bytes) in batch.iter().zip(&encoded) {
                pages.insert(id as u32, bytes.as_slice())?;
            }
            records += batch.len();
        }
    }
    {
        let mut hashes = txn.open_table(HASHES)?;
        let rels: Vec<&PathBuf> = if whole { state.hashes.keys().collect() } else { ids.iter().map(|&id| &state.site.pages[id].source).collect() };
        for rel in rels {
            if let Some(&hash) = state.hashes.get(rel) {
                hashes.insert(rel.to_string_lossy().as_ref(), hash)?;
                records += 1;
            }
        }
    }
    let head = search.head();
    let dirty =
        search.dirty().unwrap_or(search_store::Dirty { terms: 0..head.terms.div_ceil(TERM_CHUNK), docs: (0..head.entries.div_ceil(DOC_CHUNK)).collect() });
    {
        let mut terms = txn.open_table(TERMS)?;
        for n in dirty.terms.clone() {
            terms.insert(n as u32, store::encode(&search.term_chunk(n)).as_slice())?;
        }
        let mut docs = txn.open_table(DOCS)?;
        for &n in &dirty.docs {
            docs.insert(n as u32, store::encode(&search.doc_chunk(n)).as_slice())?;
        }
    }
    Ok(records + dirty.terms.len() + dirty.docs.len())
}

//! The workspace kept between runs of `planverk build`: a snapshot, beside the output, of
//! what the last build loaded and made (the pages, their rendered Markdown, the Markdown
//! files' hashes, the search index), tied to the output it published by that output's
//! manifest. The next build reads it back, finds the Markdown files that changed, and
//! updates the workspace as `serve` does, rendering only what the change affects; the other
//! files are kept from the published output.
//!
//! It is picked up only when nothing else the output depends on changed: the same program,
//! config, templates, themes, static files and content assets
//! ([`crate::load::inputs_fingerprint`]), the same `--drafts`, the published output as the
//! snapshot's build left it (every file as its manifest records it), and the clock on the
//! same local day with no session, registration date or deadline passed in between. Else
//! the build loads and renders everything, as without a snapshot.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::State;
use crate::diagnostics::Diagnostics;
use crate::model::{KindFields, Page, PageKind, Site};
use crate::render::markdown_pass::PageMarkdown;
use crate::search::shards::SearchIndex;

/// Changes whenever the snapshot's layout does.
const FORMAT: u32 = 1;

/// What a snapshot is valid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Key {
    format: u32,
    /// [`crate::load::inputs_fingerprint`], taken before the build read anything.
    inputs: u64,
    drafts: bool,
}

impl Key {
    /// The key of the site at `root` as it is now; `None` when it cannot be told.
    pub fn of(root: &Path, drafts: bool) -> Option<Key> {
        crate::load::inputs_fingerprint(root).ok().map(|inputs| Key { format: FORMAT, inputs, drafts })
    }
}

/// A snapshot as written: borrowed from the workspace.
#[derive(serde::Serialize)]
struct SnapshotRef<'a> {
    key: Key,
    /// The published output it goes with: a hash of that output's manifest.
    generation: u64,
    now: DateTime<Utc>,
    pages: &'a [Page],
    assets: &'a [PathBuf],
    markdown: &'a [PageMarkdown],
    hashes: &'a BTreeMap<PathBuf, u64>,
    section_kinds: &'a BTreeMap<String, PageKind>,
    search: &'a SearchIndex,
    warnings: String,
}

/// A snapshot as read back: the same fields, owned.
#[derive(serde::Deserialize)]
pub(super) struct Snapshot {
    key: Key,
    generation: u64,
    pub now: DateTime<Utc>,
    pub pages: Vec<Page>,
    pub assets: Vec<PathBuf>,
    pub markdown: Vec<PageMarkdown>,
    pub hashes: BTreeMap<PathBuf, u64>,
    pub section_kinds: BTreeMap<String, PageKind>,
    pub search: SearchIndex,
    warnings: String,
}

/// Where the snapshot of the output folder `out` is kept.
pub fn path_for(out: &Path) -> PathBuf {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    parent.join(format!(".{name}.planverk-workspace"))
}

/// The snapshot of `state`, which made the output now published with manifest `generation`.
pub(super) fn encode(state: &State, key: Key, generation: u64, now: DateTime<Utc>) -> Option<Vec<u8>> {
    let search = state.search.as_ref()?;
    let snapshot = SnapshotRef {
        key,
        generation,
        now,
        pages: &state.site.pages,
        assets: &state.site.assets,
        markdown: &state.markdown,
        hashes: &state.hashes,
        section_kinds: &state.section_kinds,
        search,
        warnings: serde_json::to_string(&state.warnings).ok()?,
    };
    if std::env::var_os("PLANVERK_SNAPSHOT_SIZES").is_some() {
        let size = |b: Result<Vec<u8>, bincode::Error>| b.map_or(0, |v| v.len());
        eprintln!("pages {} markdown {} hashes {} search {}", size(bincode::serialize(snapshot.pages)), size(bincode::serialize(snapshot.markdown)), size(bincode::serialize(snapshot.hashes)), size(bincode::serialize(snapshot.search)));
    }
    bincode::serialize(&snapshot).ok()
}

/// The snapshot in `bytes`, if it is one for `key` and the published output `generation`.
pub(super) fn decode(bytes: &[u8], key: Key, generation: u64) -> Option<(Snapshot, Diagnostics)> {
    // The key comes first: a snapshot for other inputs is not read further.
    let written: Key = bincode::deserialize(bytes).ok()?;
    if written != key {
        return None;
    }
    let snapshot: Snapshot = bincode::deserialize(bytes).ok()?;
    if snapshot.generation != generation || snapshot.key != key {
        return None;
    }
    let warnings = serde_json::from_str(&snapshot.warnings).ok()?;
    Some((snapshot, warnings))
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
    /// Picks up the snapshot the last build left beside the output, if it is valid for the
    /// site as it is now (see the module docs), and brings it up to date with the Markdown
    /// files changed since, as [`super::Workspace::update`] does. `None`: there is none to
    /// pick up, and the site is to be loaded whole.
    pub fn resume(&mut self, key: Key, timings: &mut crate::timings::Timings) -> Option<Result<super::Report, Diagnostics>> {
        use crate::load;
        use crate::paths::{ChangeKind, ChangeSet};
        let root = self.options.root.clone();
        let config = load::config::load_config(&root).ok()?;
        let output_dir = self.options.output.clone().unwrap_or_else(|| root.join(&config.output_dir));
        let (generation, published) = crate::write::published(&output_dir)?;
        timings.lap("resume: published output");
        let (snapshot, warnings) = decode(&load::read_snapshot(&path_for(&output_dir))?, key, generation)?;
        timings.lap("resume: snapshot read");
        let mut diags = Diagnostics::default();
        let static_files = load::files::read_static_files(&root, &snapshot.assets, &mut diags);
        let site = Site { root: root.clone(), config, pages: snapshot.pages, assets: snapshot.assets, static_files };
        if diags.has_errors() || !same_clock(&site, snapshot.now, self.now()) {
            return None;
        }
        let graph = crate::resolve::resolve(&site, &mut diags);
        let engine = load::theme::load_theme(&root, &site.config.theme).and_then(crate::render::Engine::new).ok()?;
        let sequences = crate::render::feeds::calendar::previous_state(load::previous_calendar_state(&output_dir).as_deref());
        timings.lap("resume: theme");
        let current = load::content_hashes(&root).ok()?;
        timings.lap("resume: content hashes");
        let mut changes = ChangeSet::default();
        let old = &snapshot.hashes;
        current.iter().filter(|(rel, hash)| old.get(*rel) != Some(hash)).for_each(|(rel, _)| changes.add(ChangeKind::Content(rel.clone())));
        old.keys().filter(|rel| !current.contains_key(*rel)).for_each(|rel| changes.add(ChangeKind::Content(rel.clone())));
        self.state = Some(State {
            site,
            graph,
            engine,
            markdown: snapshot.markdown,
            hashes: snapshot.hashes,
            section_kinds: snapshot.section_kinds,
            sequences,
            output_dir,
            search: Some(snapshot.search.restored()),
            outputs: Vec::new(),
            kept: published.into_iter().collect(),
            pending: None,
            warnings,
            partial: false,
        });
        timings.lap("resume: restore");
        Some(self.update(&changes, timings))
    }

    /// Saves the snapshot of this workspace beside its output, which has just been published
    /// (see the module docs) with the manifest hash `generation`, for the next build to pick
    /// up; returns its size. When there is nothing to save (the search index was let go), an
    /// empty file takes the old snapshot's place.
    pub fn save_snapshot(&self, key: Key, generation: u64) -> Result<usize, crate::write::WriteError> {
        let Some(state) = &self.state else { return Ok(0) };
        let bytes = encode(state, key, generation, self.now()).unwrap_or_default();
        crate::write::save_snapshot(&path_for(&state.output_dir), &bytes).map(|()| bytes.len())
    }

    /// The files kept from the published output, with their hashes (see
    /// [`super::Workspace::resume`]); they are to stay as they are.
    pub fn kept(&self) -> Vec<(String, u64)> {
        self.state.as_ref().map(|s| s.kept.iter().map(|(p, h)| (p.clone(), *h)).collect()).unwrap_or_default()
    }
}

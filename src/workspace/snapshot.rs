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

/// The file holds a [`Header`], then the pages, their Markdown and the search index, each
/// encoded on its own (so that they are read back in parallel), then a trailer: the three
/// parts' lengths, the hash of the published output's manifest (added once that output is
/// in place) and a mark.
#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    key: Key,
    now: DateTime<Utc>,
    warnings: String,
}

const TRAILER: usize = 5 * 8;
const MARK: u64 = 0x706c_616e_7665_726b; // "planverk"

/// The pages and what was read with them.
#[derive(serde::Serialize)]
struct PagesRef<'a> {
    pages: &'a [Page],
    assets: &'a [PathBuf],
    hashes: &'a BTreeMap<PathBuf, u64>,
    section_kinds: &'a BTreeMap<String, PageKind>,
}

#[derive(serde::Deserialize)]
pub(super) struct Pages {
    pub pages: Vec<Page>,
    pub assets: Vec<PathBuf>,
    pub hashes: BTreeMap<PathBuf, u64>,
    pub section_kinds: BTreeMap<String, PageKind>,
}

/// A snapshot as read back.
pub(super) struct Snapshot {
    pub now: DateTime<Utc>,
    pub pages: Pages,
    pub markdown: Vec<PageMarkdown>,
    pub search: SearchIndex,
    pub warnings: Diagnostics,
}

/// Where the snapshot of the output folder `out` is kept.
pub fn path_for(out: &Path) -> PathBuf {
    crate::write::beside(out, "workspace")
}

/// Writes the snapshot of `state` to `out`, all but the generation and the mark; returns
/// the three parts' lengths.
fn encode(state: &State, key: Key, now: DateTime<Utc>, out: &mut dyn std::io::Write) -> bincode::Result<[u64; 3]> {
    let search = state.search.as_ref().ok_or_else(|| Box::new(bincode::ErrorKind::Custom("no search index".into())))?;
    let warnings = serde_json::to_string(&state.warnings).map_err(|e| Box::new(bincode::ErrorKind::Custom(e.to_string())))?;
    bincode::serialize_into(&mut *out, &Header { key, now, warnings })?;
    let pages = PagesRef { pages: &state.site.pages, assets: &state.site.assets, hashes: &state.hashes, section_kinds: &state.section_kinds };
    let lens = [bincode::serialized_size(&pages)?, bincode::serialized_size(&state.markdown)?, bincode::serialized_size(search)?];
    bincode::serialize_into(&mut *out, &pages)?;
    bincode::serialize_into(&mut *out, &state.markdown)?;
    bincode::serialize_into(&mut *out, search)?;
    for len in lens {
        out.write_all(&len.to_le_bytes())?;
    }
    Ok(lens)
}

/// The end of the trailer for the published output with manifest hash `generation`.
fn trailer(generation: u64) -> Vec<u8> {
    [generation.to_le_bytes(), MARK.to_le_bytes()].concat()
}

/// The header of the snapshot in `bytes` and the published output it names, if it is a
/// whole snapshot for `key`.
fn header(bytes: &[u8], key: Key) -> Option<(Header, u64)> {
    let end = bytes.len().checked_sub(16)?;
    let word = |at: usize| bytes.get(at..at + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    if word(end + 8)? != MARK {
        return None;
    }
    let header: Header = bincode::deserialize(bytes).ok()?;
    (header.key == key).then_some((header, word(end)?))
}

/// The snapshot in `bytes` (whose header is `header`).
fn decode(bytes: &[u8], header: Header) -> Option<Snapshot> {
    let body = bytes.len().checked_sub(TRAILER).map(|n| &bytes[..n])?;
    let word = |at: usize| bytes.get(at..at + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    let lens = [word(body.len())?, word(body.len() + 8)?, word(body.len() + 16)?];
    let mut at = bincode::serialized_size(&header).ok()? as usize;
    let mut part = |len: u64| {
        let from = at;
        at = at.checked_add(usize::try_from(len).ok()?)?;
        body.get(from..at)
    };
    let (pages, markdown, search) = (part(lens[0])?, part(lens[1])?, part(lens[2])?);
    let (pages, (markdown, search)) = rayon::join(
        || bincode::deserialize::<Pages>(pages),
        || rayon::join(|| bincode::deserialize::<Vec<PageMarkdown>>(markdown), || bincode::deserialize::<SearchIndex>(search).map(SearchIndex::restored)),
    );
    let warnings = serde_json::from_str(&header.warnings).ok()?;
    Some(Snapshot { now: header.now, pages: pages.ok()?, markdown: markdown.ok()?, search: search.ok()?, warnings })
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
        let bytes = load::read_snapshot(&path_for(&output_dir))?;
        let (header, generation) = header(&bytes, key)?;
        let published = crate::write::published(&output_dir).filter(|(g, _)| *g == generation)?.1;
        timings.lap("resume: published output");
        let snapshot = decode(&bytes, header)?;
        drop(bytes);
        timings.lap("resume: snapshot read");
        let Snapshot { now: then, pages, markdown, search, warnings } = snapshot;
        let mut diags = Diagnostics::default();
        let static_files = load::files::read_static_files(&root, &pages.assets, &mut diags);
        let mut site = Site { root: root.clone(), config, pages: pages.pages, assets: pages.assets, static_files, file_facts: Default::default() };
        let problems = crate::assets::attach(&mut site);
        if diags.has_errors() || !problems.is_empty() || !same_clock(&site, then, self.now()) {
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
        if current.len() != pages.hashes.len() || current.keys().any(|rel| !pages.hashes.contains_key(rel)) {
            return None;
        }
        let mut changes = ChangeSet::default();
        let old = &pages.hashes;
        current.iter().filter(|(rel, hash)| old.get(*rel) != Some(hash)).for_each(|(rel, _)| changes.add(ChangeKind::Content(rel.clone())));
        self.state = Some(State {
            site,
            graph,
            engine,
            markdown,
            hashes: pages.hashes,
            section_kinds: pages.section_kinds,
            sequences,
            output_dir,
            search: Some(search),
            outputs: Vec::new(),
            kept: published.into_iter().collect(),
            pending: None,
            warnings,
            partial: false,
        });
        timings.lap("resume: restore");
        Some(self.update(&changes, timings))
    }

    /// Writes the snapshot of this workspace beside its output, for the next build to pick
    /// up, while the output is written: it is put in place by [`Staged::commit`] once that
    /// output is published. `None` when there is nothing to save (the search index was let
    /// go).
    pub fn stage_snapshot(&self, key: Key) -> Option<Result<Staged, crate::write::WriteError>> {
        let state = self.state.as_ref()?;
        state.search.as_ref()?;
        let path = path_for(&state.output_dir);
        let now = self.now();
        Some(
            crate::write::stage_snapshot(&path, |out| encode(state, key, now, out).map(|lens| lens.iter().sum::<u64>() as usize))
                .map(|bytes| Staged { path, bytes }),
        )
    }

    /// The files kept from the published output, with their hashes (see
    /// [`super::Workspace::resume`]); they are to stay as they are.
    pub fn kept(&self) -> Vec<(String, u64)> {
        self.state.as_ref().map(|s| s.kept.iter().map(|(p, h)| (p.clone(), *h)).collect()).unwrap_or_default()
    }
}

/// A snapshot written beside the output but not yet in place.
pub struct Staged {
    path: PathBuf,
    /// Its size.
    pub bytes: usize,
}

impl Staged {
    /// Puts the snapshot in place for the output published with manifest hash `generation`.
    pub fn commit(self, generation: u64) -> Result<usize, crate::write::WriteError> {
        crate::write::commit_snapshot(&self.path, &trailer(generation)).map(|()| self.bytes + TRAILER)
    }
}

impl Drop for Staged {
    /// A snapshot never put in place (the output was not published) is removed.
    fn drop(&mut self) {
        crate::write::discard_snapshot(&self.path);
    }
}

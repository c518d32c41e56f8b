//! The workspace: what a site is made from and what it is made into, kept between builds.
//!
//! `check` makes one and uses it once; `serve` keeps one and tells it which files changed
//! ([`Workspace::update`]); `build` saves one in a [`store::Store`] beside the output and the
//! next build picks it up ([`resume`]) and updates it as `serve` does. It holds the loaded pages with a hash of each file's
//! text, their rendered Markdown, the site graph and the rendered outputs, and after a
//! change does only the work the change calls for:
//!
//! - a file whose text is what it was: nothing;
//! - a page whose front matter is unchanged (only its body): that file is read and parsed,
//!   its Markdown rendered, and the page rendered again, plus the feeds that carry its text;
//! - a page whose title or summary changed: the listings it is in are sorted again (the
//!   graph keeps its shape), and the pages, listing pages and site-wide outputs that show it
//!   are rendered ([`crate::resolve::deps`]);
//! - a page whose front matter changed otherwise but whose place in the site did not (the
//!   same pages, URLs, terms, calendars and coverage pages): the graph is resolved again,
//!   and what shows the change is rendered, as above;
//! - a static file or content asset: that file is read again;
//! - anything else (a page added, deleted or renamed, a section's kind, the config, the
//!   templates or the theme): the whole site is loaded and rendered again.
//!
//! A failed update leaves the workspace as it was: the last good site stays.

mod edits;
pub mod resume;
mod shape;
pub mod store;

use edits::Edit;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::BuildOptions;
use crate::diagnostics::Diagnostics;
use crate::load::{self, LoadOptions};
use crate::model::{PageId, PageKind, Site};
use crate::paths::{ChangeKind, ChangeSet};
use crate::render::feeds::{calendar, ical::SequenceState};
use crate::render::markdown_pass::PageMarkdown;
use crate::render::{self, Engine, Inputs, Output, Scope};
use crate::resolve::deps::{Affected, SiteOutput};
use crate::resolve::{self, SiteGraph};
use crate::search::shards::SearchIndex;
use crate::timings::Timings;

/// A site loaded, resolved and rendered, kept up to date by [`Workspace::update`].
pub struct Workspace {
    options: BuildOptions,
    /// Render with the clock (or `SOURCE_DATE_EPOCH`) at each update instead of `options.now`.
    live_clock: bool,
    /// Keep the search index's terms and postings for updates (see [`Workspace::once`]).
    keep_search: bool,
    state: Option<State>,
}

/// The last good build.
struct State {
    site: Site,
    graph: SiteGraph,
    engine: Engine,
    markdown: Vec<PageMarkdown>,
    /// The hash of every Markdown file's text as last read.
    hashes: std::collections::BTreeMap<PathBuf, u64>,
    section_kinds: std::collections::BTreeMap<String, PageKind>,
    sequences: SequenceState,
    output_dir: PathBuf,
    /// The static search index, updated page by page; `None` when not kept (see
    /// [`Workspace::once`]).
    search: Option<SearchIndex>,
    /// Every output file, sorted by path, but for those in `kept`.
    outputs: Vec<Output>,
    /// Files of the published output whose bytes are not in memory (the workspace was
    /// picked up from the store, [`Workspace::resume`]) and that no update has rendered
    /// since: path and hash of the bytes.
    kept: std::collections::BTreeMap<String, u64>,
    /// What [`Workspace::finish_update`] has still to render.
    pending: Option<Pending>,
    /// Warnings of the last build.
    warnings: Diagnostics,
    /// Whether some outputs went to a sink and are not in `outputs`.
    partial: bool,
    /// The pages whose records in the store are stale: `None` after a full load (every
    /// record is), else those edits changed (their own or their Markdown) since the
    /// workspace was read from the store.
    dirty: Option<std::collections::BTreeSet<PageId>>,
    /// The views of the other language versions (their outputs are in `outputs`); empty
    /// for a site with one language.
    others: Vec<View>,
}

/// One language's view of the site, resolved and rendered.
struct View {
    site: Site,
    graph: SiteGraph,
    markdown: Vec<PageMarkdown>,
    search: Option<SearchIndex>,
    sequences: SequenceState,
}

/// Keeps the outputs of a language version's view that are under its prefix, passing those
/// rendered for a sink on to it.
struct Filtered<'a> {
    /// `nn/`; empty for the default language, whose outputs are all kept.
    prefix: String,
    sink: Option<&'a dyn render::Sink>,
}

impl Filtered<'_> {
    fn retain(&self, outputs: &mut Vec<Output>) {
        if !self.prefix.is_empty() {
            outputs.retain(|o| o.path.starts_with(&self.prefix));
        }
    }
}

impl render::Sink for Filtered<'_> {
    fn take(&self, files: &[Output]) {
        let Some(sink) = self.sink else { return };
        if self.prefix.is_empty() {
            sink.take(files);
        } else {
            let kept: Vec<Output> = files.iter().filter(|o| o.path.starts_with(&self.prefix)).cloned().collect();
            sink.take(&kept);
        }
    }
}

/// How much an update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateKind {
    /// Nothing the site is made from changed.
    Unchanged,
    /// Some pages and outputs were rendered again.
    Partial,
    /// The whole site was loaded and rendered again.
    Full,
}

/// What an update (or the first build) did.
#[derive(Debug, Clone)]
pub struct Report {
    pub kind: UpdateKind,
    /// Source files that changed.
    pub files: usize,
    /// Pages rendered: every page of a full load; after an edit, the HTML files rendered
    /// (each listing page of a section or term counts).
    pub pages: usize,
    /// Output paths whose bytes changed or that are new, sorted.
    pub changed: Vec<String>,
    /// Output paths that are gone.
    pub removed: Vec<String>,
}

impl Workspace {
    /// A workspace for the site at `options.root`; nothing is read before [`Workspace::load`].
    pub fn new(options: BuildOptions) -> Workspace {
        Workspace { options, live_clock: false, keep_search: true, state: None }
    }

    /// Every render uses the clock at that moment (for `serve`) instead of `options.now`.
    pub fn with_live_clock(self) -> Workspace {
        Workspace { live_clock: true, ..self }
    }

    /// The workspace serves one load (`check`): the search index's terms and postings, which
    /// only updates and the store use, are let go as soon as its files are made, which lowers
    /// the peak memory. An update made all the same indexes the whole site again.
    pub fn once(self) -> Workspace {
        Workspace { keep_search: false, ..self }
    }

    /// Loads and renders the whole site. On failure the last good build (if any) stays.
    pub fn load(&mut self, timings: &mut Timings) -> Result<Report, Diagnostics> {
        self.load_into(timings, None)
    }

    /// [`Workspace::load`], giving the pages and listings to `sink` as they are rendered (see
    /// [`render::Sink`]): [`Workspace::outputs`] then holds only the other files, and a later
    /// update loads the whole site again.
    pub fn load_into(&mut self, timings: &mut Timings, sink: Option<&dyn render::Sink>) -> Result<Report, Diagnostics> {
        let files = self.state.as_ref().map_or(0, |s| s.hashes.len());
        let mut state = self.load_all(timings, sink)?;
        state.partial = sink.is_some();
        let (changed, removed) = match &self.state {
            Some(old) => diff(&old.outputs, &state.outputs),
            None => (state.outputs.iter().map(|o| o.path.clone()).collect(), Vec::new()),
        };
        let pages = state.site.pages.len();
        self.state = Some(state);
        Ok(Report { kind: UpdateKind::Full, files, pages, changed, removed })
    }

    /// Brings the workspace up to date after `changes`; see the module docs for how much
    /// each kind of change costs. On failure nothing changes and the errors are returned.
    pub fn update(&mut self, changes: &ChangeSet, timings: &mut Timings) -> Result<Report, Diagnostics> {
        let first = self.update_pages(changes, timings)?;
        let rest = self.finish_update(timings)?;
        Ok(first.then(rest))
    }

    /// The first half of [`Workspace::update`]: the pages (and topic pages) that show the
    /// change, so that `serve` can show them at once. [`Workspace::finish_update`] (or its
    /// steps, [`Workspace::finish_step`]) then renders the site-wide outputs and the search
    /// index; until then they are stale.
    pub fn update_pages(&mut self, changes: &ChangeSet, timings: &mut Timings) -> Result<Report, Diagnostics> {
        let whole = changes.site_wide.iter().any(|k| matches!(k, ChangeKind::Config | ChangeKind::Template | ChangeKind::Theme));
        if whole || self.state.as_ref().is_none_or(|s| s.partial || !s.others.is_empty()) {
            return self.load(timings).map(|r| Report { files: changes.len(), ..r });
        }
        let read = match self.read_changes(changes) {
            Ok(Some(read)) => read,
            Ok(None) => return self.load(timings).map(|r| Report { files: changes.len(), ..r }),
            Err(diags) => return Err(self.finish_errors(diags)),
        };
        timings.lap("load");
        self.apply(read, timings)
    }

    /// The rendered files of the last good build, sorted by path.
    pub fn outputs(&self) -> &[Output] {
        self.state.as_ref().map_or(&[], |s| s.outputs.as_slice())
    }

    /// The output folder of the last good build.
    pub fn output_dir(&self) -> Option<&Path> {
        self.state.as_ref().map(|s| s.output_dir.as_path())
    }

    /// The last good site.
    pub fn site(&self) -> Option<&Site> {
        self.state.as_ref().map(|s| &s.site)
    }

    /// The theme's UI strings in the site's language, from the last good build.
    pub fn ui_strings(&self) -> std::collections::BTreeMap<String, String> {
        let Some(state) = &self.state else { return Default::default() };
        let mut strings = render::engine::i18n::strings(&state.engine.theme.strings, &state.site.config.language);
        strings.insert("lang".into(), state.site.config.language.code().into());
        strings
    }

    /// The warnings of the last good build.
    pub fn warnings(&self) -> Diagnostics {
        self.state.as_ref().map(|s| s.warnings.clone()).unwrap_or_default()
    }

    fn now(&self) -> DateTime<Utc> {
        if self.live_clock { crate::now_from_env() } else { self.options.now }
    }

    fn finish_errors(&self, mut diags: Diagnostics) -> Diagnostics {
        diags.finish(|file| load::files::read_text(&self.options.root, file).ok());
        diags
    }

    /// Reads everything and renders the whole site: each language version from its own view
    /// of the site ([`Site::language_view`]), the default language's last.
    fn load_all(&self, timings: &mut Timings, sink: Option<&dyn render::Sink>) -> Result<State, Diagnostics> {
        let root = &self.options.root;
        timings.progress().stage("Reading content", None);
        let loaded = load::load_site(
            root,
            &LoadOptions { drafts: self.options.drafts, now: Some(self.now()), base_url: self.options.base_url.clone(), plain_names: self.options.plain_names },
        );
        timings.lap("load");
        let mut diags = loaded.diagnostics;
        let Some(mut site) = loaded.site else { return Err(self.finish_errors(diags)) };
        crate::assets::attach(&mut site).into_iter().for_each(|d| diags.push(d));
        let output_dir = self.options.output.clone().unwrap_or_else(|| root.join(&site.config.output_dir));
        let engine = match load::theme::load_theme(root, &site.config.theme).and_then(Engine::new) {
            Ok(e) => e,
            Err(ds) => {
                ds.into_iter().for_each(|d| diags.push(d));
                return Err(self.finish_errors(diags));
            }
        };
        load::theme::check_ui_strings(&engine.theme, &site.config.all_languages()).into_iter().for_each(|d| diags.push(d));
        timings.lap("templates");
        // The pictures are resized first, for every language at once (they are the site's).
        let mut pictures_clock = timings.clock();
        let cache = crate::write::beside(&output_dir, "images");
        let pictures = crate::assets::publish(&site, &|name| load::read_cached(&cache, name));
        pictures_clock.lap_bytes("pictures", pictures.files.iter().map(|f| f.1.len()).sum());
        timings.parts("pictures", [pictures_clock]);
        pictures.problems.iter().cloned().for_each(|d| diags.push(d));
        let multilingual = site.config.is_multilingual();
        let mut others = Vec::new();
        let mut outputs = Vec::new();
        // Pages that go to the sink are not kept: the link check needs their ids.
        let recorder = sink.map(|inner| render::links::Recorder { inner, seen: Default::default() });
        let sink = recorder.as_ref().map(|r| r as &dyn render::Sink);
        let site = if multilingual {
            crate::resolve::translations::check(&site, &mut diags);
            for version in &site.config.languages {
                let view = site.language_view(&version.language, &site.versions);
                let (view, rendered) = self.render_view(view, &engine, &output_dir, timings, sink, &mut diags);
                outputs.extend(rendered);
                others.push(view);
            }
            site.language_view(&site.config.default_language, &site.versions)
        } else {
            site
        };
        let (main, rendered) = self.render_view(site, &engine, &output_dir, timings, sink, &mut diags);
        outputs.extend(rendered);
        let mut diags = self.finish_errors(diags);
        if diags.has_errors() {
            return Err(diags);
        }
        if multilingual {
            render::site_files::merge_sitemaps(&mut outputs, &main.site.config);
        }
        // Not for `check`, which writes nothing, nor beside an output folder the write stage
        // refuses (the site folder itself, `/`, a folder inside content/).
        if self.keep_search
            && crate::write::check_output_dir(root, &output_dir).is_ok()
            && let Err(e) = crate::write::images::store(&cache, &pictures.made, &pictures.used)
        {
            eprintln!("warning: the picture cache {} could not be updated ({e}); the next build resizes the pictures again", cache.display());
        }
        outputs.extend(pictures.files.into_iter().map(|(path, bytes)| Output::new(path, bytes)));
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        let streamed = recorder.map(|r| r.seen.into_inner().unwrap_or_else(|e| e.into_inner()));
        let published = render::links::Published { layers: vec![&outputs], streamed: streamed.as_ref(), kept: None };
        // Each language version's Markdown links are checked against everything published.
        for view in others.iter().chain(std::iter::once(&main)) {
            let all: Vec<PageId> = (0..view.site.pages.len()).collect();
            render::links::check(&view.site, &view.graph, &all, &published).into_iter().for_each(|d| diags.push(d));
        }
        timings.lap("links");
        if diags.has_errors() {
            return Err(self.finish_errors(diags));
        }
        let (hashes, section_kinds) = (loaded.hashes, loaded.section_kinds);
        let View { site, graph, markdown, search, sequences } = main;
        Ok(State {
            site,
            graph,
            engine,
            markdown,
            hashes,
            section_kinds,
            sequences,
            output_dir,
            // A site with several languages is rendered whole on every change, and leaves no
            // snapshot: its search index is not kept.
            search: if multilingual { None } else { search },
            outputs,
            kept: Default::default(),
            pending: None,
            warnings: diags,
            partial: false,
            dirty: None,
            others,
        })
    }

    /// Resolves and renders one view of the site (the whole site when it has one language)
    /// with its search index. The outputs of a language version other than the default
    /// are those under its prefix (`nn/…`): what the view shows of the default language
    /// (its pages without a translation, their calendars and data) is the default's own.
    fn render_view(
        &self,
        site: Site,
        engine: &Engine,
        output_dir: &Path,
        timings: &mut Timings,
        sink: Option<&dyn render::Sink>,
        diags: &mut Diagnostics,
    ) -> (View, Vec<Output>) {
        timings.progress().stage("Resolving", None);
        timings.progress().note(format!("{} pages", site.pages.len()));
        let graph = resolve::resolve(&site, diags);
        timings.lap("resolve");
        let prefix = site.config.url_prefix.trim_start_matches('/').to_string();
        let sequences = calendar::previous_state(load::previous_calendar_state(&output_dir.join(&prefix)).as_deref());
        timings.progress().stage("Markdown", None);
        timings.progress().note(format!("{} pages", site.pages.len()));
        let markdown = render::render_markdown(&site, &graph, engine, diags);
        timings.lap("render: markdown");
        let filtered = Filtered { prefix: if prefix.is_empty() { String::new() } else { format!("{prefix}/") }, sink };
        let sink = sink.map(|_| &filtered as &dyn render::Sink);
        let inputs = Inputs { site: &site, graph: &graph, engine, markdown: &markdown, now: self.now(), sequences: &sequences, sink };
        // The search index is made from the pages at the same time as they are rendered.
        let mut clock = timings.clock();
        let (mut outputs, (search, files)) = rayon::join(
            || render::render_site(&inputs, Scope::All, diags, timings),
            || {
                let search = SearchIndex::from_site(&site, &graph, self.now());
                clock.lap("search: analyze");
                let mut files = if site.config.fingerprint { crate::search::shards::named_for_build(search.outputs()) } else { search.outputs() };
                clock.lap_bytes("search: static index", files.iter().map(|f| f.bytes.len()).sum());
                files.iter_mut().for_each(|f| f.path.insert_str(0, &filtered.prefix));
                (self.keep_search.then_some(search), files)
            },
        );
        timings.parts("search, alongside the render", [clock]);
        outputs.extend(files);
        filtered.retain(&mut outputs);
        (View { site, graph, markdown, search, sequences }, outputs)
    }

    /// Reads the changed files. `None`: the change needs a whole new load.
    fn read_changes(&self, changes: &ChangeSet) -> Result<Option<Changes>, Diagnostics> {
        let Some(state) = &self.state else { return Ok(None) };
        let root = &self.options.root;
        let mut read = Changes { files: changes.len(), ..Changes::default() };
        let mut diags = Diagnostics::default();
        if changes.site_wide.contains(&ChangeKind::Static) {
            read.static_files = Some(load::files::read_static_files(root, &state.site.assets, &mut diags));
        }
        for rel in &changes.content {
            // Anything at the path counts (a folder, pipe or link loop named `.md` too): the
            // loader decides what it is and reports what it can't read.
            let meta = std::fs::symlink_metadata(root.join(rel));
            if meta.as_ref().is_ok_and(std::fs::Metadata::is_dir) {
                // A new folder (even one named `x.md`): its files are pages to list.
                return Ok(None);
            }
            let exists = meta.is_ok();
            if rel.extension().is_none_or(|e| e != "md") {
                if exists != state.site.assets.binary_search(rel).is_ok() {
                    return Ok(None);
                }
                read.assets_changed |= exists;
                continue;
            }
            let known = state.hashes.get(rel);
            if !exists {
                if known.is_some() {
                    return Ok(None);
                }
                continue;
            }
            let text = load::files::read_text(root, rel).map_err(|d| errors(vec![d]))?;
            let hash = load::text_hash(&text);
            match known {
                Some(&h) if h == hash => continue,
                Some(_) => {}
                None => return Ok(None),
            }
            let options = LoadOptions {
                drafts: self.options.drafts,
                now: Some(self.now()),
                base_url: self.options.base_url.clone(),
                plain_names: self.options.plain_names,
            };
            let page = load::parse_page(rel, text, &state.section_kinds, state.site.config.timezone, &options).map_err(errors)?;
            let (Some((page, warnings)), Some(id)) = (page, state.page_id(rel)) else { return Ok(None) };
            read.warnings.extend(warnings);
            if page.is_section && page.section_kind != state.site.pages[id].section_kind {
                return Ok(None);
            }
            read.edits.push(Edit { id, rel: rel.clone(), hash, page });
        }
        if read.assets_changed && read.static_files.is_none() {
            read.static_files = Some(load::files::read_static_files(root, &state.site.assets, &mut diags));
        }
        if let Some(files) = &read.static_files {
            // A picture or document that changed changes the pages that show it (its size,
            // its variants' names): those are found by loading again.
            let (facts, problems) = crate::assets::facts(files, &state.site.assets, state.site.config.language.code());
            if facts != state.site.file_facts || !problems.is_empty() {
                return Ok(None);
            }
        }
        if diags.has_errors() { Err(diags) } else { Ok(Some(read)) }
    }

    /// Puts the read changes into the workspace and renders what they affect.
    fn apply(&mut self, read: Changes, timings: &mut Timings) -> Result<Report, Diagnostics> {
        let now = self.now();
        let root = self.options.root.clone();
        let Some(state) = self.state.as_mut() else { return Err(Diagnostics::default()) };
        let mut affected = Affected::default();
        if let Some(files) = read.static_files {
            // Pages link the theme's CSS and JS by names made from their bytes: a change to
            // one of those files renders every page again.
            let linked = |f: &std::collections::BTreeMap<String, Vec<u8>>| render::assets::LINKED.map(|(_, n)| f.get(n).cloned());
            if state.site.config.fingerprint && linked(&files) != linked(&state.site.static_files) {
                return self.load(timings).map(|r| Report { files: read.files, ..r });
            }
            state.site.static_files = files.into();
            affected.outputs.insert(SiteOutput::Files);
        }
        let files = read.files;
        if read.edits.is_empty() && affected.outputs.is_empty() {
            return Ok(Report { kind: UpdateKind::Unchanged, files, pages: 0, changed: Vec::new(), removed: Vec::new() });
        }
        let mut diags = Diagnostics::default();
        let edited: std::collections::BTreeSet<PathBuf> = read.edits.iter().map(|e| e.rel.clone()).collect();
        let (undo, reshaped) = state.apply_edits(read.edits, &mut affected, &mut diags, timings);
        // The pages whose search documents may have changed: the edited ones, and with a
        // changed front matter those that show it.
        let searched: Vec<PageId> =
            if undo.front_matter_changed() { affected.all_pages().into_iter().collect() } else { undo.pages.iter().map(|p| p.0).collect() };
        if diags.has_errors() || reshaped {
            state.undo(undo);
            if diags.has_errors() {
                diags.finish(|file| load::files::read_text(&root, file).ok());
                return Err(diags);
            }
            // Which files the site has changed: everything is rendered again. Loading again
            // costs little next to that, and it can't miss a page.
            return self.load(timings).map(|r| Report { files, ..r });
        }
        // The site-wide outputs wait for `finish_update`, with what they need to know.
        let later = Affected {
            outputs: std::mem::take(&mut affected.outputs),
            pages: affected.pages.clone(),
            changed: affected.changed.clone(),
            ..Affected::default()
        };
        let inputs =
            Inputs { site: &state.site, graph: &state.graph, engine: &state.engine, markdown: &state.markdown, now, sequences: &state.sequences, sink: None };
        let rendered = render::render_site(&inputs, Scope::Affected(&affected), &mut diags, timings);
        let edited_ids: Vec<PageId> = edited.iter().filter_map(|rel| state.page_id(rel)).collect();
        let published = render::links::Published { layers: vec![&rendered, &state.outputs], streamed: None, kept: Some(&state.kept) };
        render::links::check(&state.site, &state.graph, &edited_ids, &published).into_iter().for_each(|d| diags.push(d));
        if diags.has_errors() {
            state.undo(undo);
            diags.finish(|file| load::files::read_text(&root, file).ok());
            return Err(diags);
        }
        let pages = rendered.iter().filter(|o| o.path.ends_with(".html")).count();
        let changed = patch(&mut state.outputs, &mut state.kept, rendered);
        // The edited files' warnings are those found now.
        state.warnings.retain(|d| !edited.contains(&d.file));
        read.warnings.into_iter().chain(diags.iter().filter(|d| edited.contains(&d.file)).cloned()).for_each(|d| state.warnings.push(d));
        let pending = state.pending.get_or_insert_with(Pending::default);
        edits::merge(&mut pending.site_wide, later);
        pending.searched.extend(searched);
        Ok(Report { kind: UpdateKind::Partial, files, pages, changed, removed: Vec::new() })
    }

    /// The second half of [`Workspace::update`]: the site-wide outputs that show what the
    /// last [`Workspace::update_pages`] changed, and the search index.
    pub fn finish_update(&mut self, timings: &mut Timings) -> Result<Report, Diagnostics> {
        let mut report = Report { kind: UpdateKind::Unchanged, files: 0, pages: 0, changed: Vec::new(), removed: Vec::new() };
        while let Some(step) = self.finish_step(timings)? {
            report = Report { kind: UpdateKind::Partial, ..report.then(step) };
        }
        Ok(report)
    }

    /// Whether [`Workspace::finish_update`] has work left.
    pub fn has_pending(&self) -> bool {
        self.state.as_ref().is_some_and(|s| s.pending.is_some())
    }

    /// One step of [`Workspace::finish_update`]: the site-wide outputs, else the search
    /// index; `None` when nothing is left. `serve` takes a new save between two steps.
    pub fn finish_step(&mut self, timings: &mut Timings) -> Result<Option<Report>, Diagnostics> {
        let now = self.now();
        let root = self.options.root.clone();
        let Some(state) = self.state.as_mut() else { return Ok(None) };
        let Some(pending) = state.pending.as_mut() else { return Ok(None) };
        let mut report = Report { kind: UpdateKind::Partial, files: 0, pages: 0, changed: Vec::new(), removed: Vec::new() };
        if !pending.site_wide.outputs.is_empty() {
            let site_wide = std::mem::take(&mut pending.site_wide);
            let mut diags = Diagnostics::default();
            let inputs = Inputs {
                site: &state.site,
                graph: &state.graph,
                engine: &state.engine,
                markdown: &state.markdown,
                now,
                sequences: &state.sequences,
                sink: None,
            };
            let rendered = render::render_site(&inputs, Scope::SiteWide(&site_wide), &mut diags, timings);
            if diags.has_errors() {
                state.pending = None;
                diags.finish(|file| load::files::read_text(&root, file).ok());
                return Err(diags);
            }
            report.changed = patch(&mut state.outputs, &mut state.kept, rendered);
            return Ok(Some(report));
        }
        let searched = std::mem::take(&mut pending.searched);
        state.pending = None;
        report.removed = state.update_search(&searched, now, &mut report.changed);
        timings.lap("search");
        Ok(Some(report))
    }
}

/// The site-wide outputs and search documents an update has still to render.
#[derive(Default)]
struct Pending {
    /// The outputs, with the pages and edits they need to know of.
    site_wide: Affected,
    searched: Vec<PageId>,
}

impl Report {
    /// This report followed by `rest` (of the same update).
    fn then(mut self, rest: Report) -> Report {
        self.changed.extend(rest.changed);
        self.changed.sort();
        self.changed.dedup();
        self.removed.extend(rest.removed);
        self
    }
}

/// The changed files, read and parsed.
#[derive(Default)]
struct Changes {
    files: usize,
    edits: Vec<Edit>,
    /// `static/` and the assets read again, when one of them changed.
    static_files: Option<std::collections::BTreeMap<String, Vec<u8>>>,
    assets_changed: bool,
    /// The warnings of the edited files as read.
    warnings: Vec<crate::diagnostics::Diagnostic>,
}

fn errors(ds: Vec<crate::diagnostics::Diagnostic>) -> Diagnostics {
    let mut out = Diagnostics::default();
    ds.into_iter().for_each(|d| out.push(d));
    out
}

/// Puts `rendered` into the sorted `outputs` (taking them out of `kept`); returns the paths
/// whose bytes changed.
fn patch(outputs: &mut Vec<Output>, kept: &mut std::collections::BTreeMap<String, u64>, rendered: Vec<Output>) -> Vec<String> {
    let mut changed = Vec::new();
    for o in rendered {
        if let Some(hash) = kept.remove(&o.path) {
            if hash != crate::write::file_hash(&o.bytes) {
                changed.push(o.path.clone());
            }
            if let Err(i) = outputs.binary_search_by(|x| x.path.as_str().cmp(&o.path)) {
                outputs.insert(i, o);
            }
            continue;
        }
        match outputs.binary_search_by(|x| x.path.as_str().cmp(&o.path)) {
            Ok(i) if outputs[i].bytes == o.bytes => {}
            Ok(i) => {
                changed.push(o.path.clone());
                outputs[i] = o;
            }
            Err(i) => {
                changed.push(o.path.clone());
                outputs.insert(i, o);
            }
        }
    }
    changed.sort();
    changed
}

/// Paths that changed or appeared, and paths that are gone, between two sorted output lists.
fn diff(old: &[Output], new: &[Output]) -> (Vec<String>, Vec<String>) {
    let (mut changed, mut removed) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a.path == b.path => {
                if a.bytes != b.bytes {
                    changed.push(b.path.clone());
                }
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a.path < b.path => {
                removed.push(a.path.clone());
                i += 1;
            }
            (Some(a), None) => {
                removed.push(a.path.clone());
                i += 1;
            }
            (_, Some(b)) => {
                changed.push(b.path.clone());
                j += 1;
            }
            (None, None) => break,
        }
    }
    (changed, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(path: &str, bytes: &str) -> Output {
        Output::new(path, bytes)
    }

    #[test]
    fn patching_reports_only_bytes_that_changed() {
        let mut outputs = vec![out("a", "1"), out("c", "3")];
        let changed = patch(&mut outputs, &mut Default::default(), vec![out("a", "1"), out("b", "2"), out("c", "4")]);
        assert_eq!(changed, ["b", "c"]);
        assert_eq!(outputs, vec![out("a", "1"), out("b", "2"), out("c", "4")]);
    }

    #[test]
    fn diff_names_changed_new_and_removed_paths() {
        let old = vec![out("a", "1"), out("b", "2"), out("d", "4")];
        let new = vec![out("a", "1"), out("b", "x"), out("c", "3")];
        assert_eq!(diff(&old, &new), (vec!["b".to_string(), "c".to_string()], vec!["d".to_string()]));
    }
}

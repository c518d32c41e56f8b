//! Building the site into the server's state. The first build, and every change to config,
//! templates, themes, static files or content assets, runs the whole in-memory pipeline.
//! A change to Markdown files only is rendered in part: the pages `affected_by_change`
//! names plus the site-wide files, patched into the served files, as long as the site keeps
//! its shape (the same pages, aliases, terms, calendars and coverage pages); otherwise the
//! whole site is rendered again. A failed build leaves the last good one served.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::state::ServeState;
use crate::BuildOptions;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::{self, LoadOptions};
use crate::model::Site;
use crate::paths::ChangeSet;
use crate::render::feeds::calendar;
use crate::render::{self, Engine, Scope};
use crate::resolve::{self, SiteGraph, deps::affected_by_change};
use crate::timings::Timings;

/// The last good build, kept for partial rebuilds.
struct Previous {
    site: Site,
    graph: SiteGraph,
    engine: Engine,
    output_dir: PathBuf,
}

/// Builds into the server's state, remembering the last good site.
pub struct Builder {
    options: BuildOptions,
    previous: Option<Previous>,
    /// "Now" for every build; `None`: the clock (or `SOURCE_DATE_EPOCH`) at each build.
    fixed_now: Option<DateTime<Utc>>,
}

/// How a build went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Full,
    Partial { pages: usize },
    Failed,
}

impl Builder {
    pub fn new(options: BuildOptions) -> Builder {
        Builder { options, previous: None, fixed_now: None }
    }

    /// Every build uses this "now" (for tests: the output no longer depends on the clock).
    pub fn with_now(self, now: DateTime<Utc>) -> Builder {
        Builder { fixed_now: Some(now), ..self }
    }

    /// "Now" for this build: the fixed one, else `SOURCE_DATE_EPOCH` or the clock.
    fn now(&self) -> DateTime<Utc> {
        self.fixed_now.unwrap_or_else(crate::now_from_env)
    }

    /// The output folder the config names, once a build succeeded.
    pub fn output_dir(&self) -> Option<&Path> {
        self.previous.as_ref().map(|p| p.output_dir.as_path())
    }

    /// Renders the whole site into `state`. Prints warnings too when `warnings` is set.
    pub fn build_all(&mut self, state: &ServeState, warnings: bool) -> Outcome {
        let mut diags = Diagnostics::default();
        let loaded = load::load_site(&self.options.root, &LoadOptions { drafts: self.options.drafts, now: Some(self.now()) });
        diags.extend(loaded.diagnostics);
        let Some(site) = loaded.site else { return self.failed(state, diags) };
        let graph = resolve::resolve(&site, &mut diags);
        let engine = match load::theme::load_theme(&self.options.root, &site.config.theme).and_then(Engine::new) {
            Ok(e) => e,
            Err(ds) => {
                ds.into_iter().for_each(|d| diags.push(d));
                return self.failed(state, diags);
            }
        };
        let output_dir = self.options.output.clone().unwrap_or_else(|| self.options.root.join(&site.config.output_dir));
        let files = self.render(&site, &graph, &engine, &output_dir, Scope::All, &mut diags);
        if diags.has_errors() {
            return self.failed(state, diags);
        }
        print_problems(&diags, warnings);
        state.publish(files);
        self.previous = Some(Previous { site, graph, engine, output_dir });
        Outcome::Full
    }

    /// Rebuilds after `changes` (in part when it can) and logs how long it took.
    pub fn rebuild(&mut self, state: &ServeState, changes: &ChangeSet) -> Outcome {
        let started = Instant::now();
        let markdown_only = changes.site_wide.is_empty() && changes.content.iter().all(|p| p.extension().is_some_and(|e| e == "md"));
        let outcome = match self.previous.take() {
            Some(previous) if markdown_only => self.build_part(state, previous, changes),
            _ => self.build_all(state, false),
        };
        let ms = started.elapsed().as_millis();
        let n = changes.len();
        let files = if n == 1 { "1 file".to_string() } else { format!("{n} files") };
        match outcome {
            Outcome::Full => eprintln!("Rebuilt in {ms} ms ({files} changed)"),
            Outcome::Partial { pages } => eprintln!("Rebuilt in {ms} ms ({files} changed, {pages} pages re-rendered)"),
            Outcome::Failed => eprintln!("Build failed in {ms} ms ({files} changed): still serving the last good build"),
        }
        outcome
    }

    /// Renders what changing some Markdown files affects; the whole site if its shape changed.
    fn build_part(&mut self, state: &ServeState, previous: Previous, changes: &ChangeSet) -> Outcome {
        let mut diags = Diagnostics::default();
        let loaded = load::load_site(&self.options.root, &LoadOptions { drafts: self.options.drafts, now: Some(self.now()) });
        diags.extend(loaded.diagnostics);
        let Some(site) = loaded.site.filter(|_| !diags.has_errors()) else {
            self.previous = Some(previous);
            return self.failed(state, diags);
        };
        let graph = resolve::resolve(&site, &mut diags);
        if diags.has_errors() {
            self.previous = Some(previous);
            return self.failed(state, diags);
        }
        if shape(&site, &graph) != shape(&previous.site, &previous.graph) {
            return self.build_all(state, false);
        }
        let paths: Vec<String> = changes.content.iter().map(|p| load::content_path(p).0).collect();
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        let affected = affected_by_change((&previous.site.pages, &previous.graph), (&site.pages, &graph), &paths);
        let files = self.render(&site, &graph, &previous.engine, &previous.output_dir, Scope::Affected(&affected), &mut diags);
        if diags.has_errors() {
            self.previous = Some(previous);
            return self.failed(state, diags);
        }
        state.patch(files, &[]);
        self.previous = Some(Previous { site, graph, ..previous });
        Outcome::Partial { pages: affected.pages.len() }
    }

    fn render(&self, site: &Site, graph: &SiteGraph, engine: &Engine, output_dir: &Path, scope: Scope<'_>, diags: &mut Diagnostics) -> Vec<render::Output> {
        // Calendars continue the SEQUENCE numbers of the last `planverk build`, as a build would.
        let previous = load::previous_calendar_state(output_dir);
        let sequences = calendar::previous_state(previous.as_deref());
        let now = self.now();
        let files = render::render_site(site, graph, engine, now, &sequences, scope, diags, &mut Timings::new(false));
        diags.finish(|file| load::files::read_text(&self.options.root, file).ok());
        files
    }

    fn failed(&mut self, state: &ServeState, mut diags: Diagnostics) -> Outcome {
        diags.finish(|file| load::files::read_text(&self.options.root, file).ok());
        print_problems(&diags, false);
        state.fail(diags.iter().filter(|d| d.severity == Severity::Error).cloned().collect::<Vec<Diagnostic>>());
        Outcome::Failed
    }
}

/// What decides which files a site has: when it differs, stale files could stay behind in a
/// partial rebuild, so the whole site is rendered again.
#[derive(PartialEq, Eq)]
struct Shape<'a> {
    urls: &'a [String],
    topics: Vec<&'a String>,
    audiences: Vec<&'a String>,
    aliases: Vec<&'a [String]>,
    assets: &'a [PathBuf],
    with_calendar: BTreeSet<usize>,
    implemented: BTreeSet<usize>,
}

fn shape<'a>(site: &'a Site, graph: &'a SiteGraph) -> Shape<'a> {
    Shape {
        urls: &graph.urls,
        topics: graph.topics.keys().collect(),
        audiences: graph.audiences.keys().collect(),
        aliases: site.pages.iter().map(|p| p.meta.aliases.as_slice()).collect(),
        assets: &site.assets,
        with_calendar: site.pages.iter().enumerate().filter(|(_, p)| calendar::sessions_of(p).is_some_and(|s| !s.is_empty())).map(|(i, _)| i).collect(),
        implemented: graph.implemented_by.keys().map(|n| n.page).collect(),
    }
}

fn print_problems(diagnostics: &Diagnostics, warnings: bool) {
    let color = std::io::stderr().is_terminal();
    for d in diagnostics.iter().filter(|d| warnings || d.severity == Severity::Error) {
        eprintln!("{}", d.render(color));
    }
}

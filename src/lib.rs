//! planverk: a static site generator for public drug-policy plans, courses and networks.
//!
//! Data flows one way through four stages, each in its own module:
//!
//! 1. [`load`]: config and content files → typed [`model::Page`]s, with diagnostics;
//! 2. [`resolve`]: pages → [`resolve::SiteGraph`] (URLs, sections, references, backlinks);
//! 3. [`render`]: graph + templates → files in memory ([`render::Output`]);
//! 4. [`write`]: files → the spare generation, updated in place and swapped in atomically.
//!
//! [`build`] runs all four; [`check`] runs the first three and writes nothing; [`serve`]
//! runs the first three into memory, serves the result and rebuilds when a file changes.

pub mod diagnostics;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod paths;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
mod strenum;
pub mod timings;
pub mod write;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use diagnostics::Diagnostics;
use render::Output;

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `None` means the config's `output_dir` under the root.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// "Now", which decides what is upcoming and what is past.
    pub now: DateTime<Utc>,
    /// Print how long each stage took.
    pub timings: bool,
    /// Where to show the stages and counts as they go (hidden unless on a terminal).
    pub progress: progress::Progress,
}

impl BuildOptions {
    /// Options for `root`, with "now" from `SOURCE_DATE_EPOCH` when set, else the clock.
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions { root: root.into(), output: None, drafts: false, now: now_from_env(), timings: false, progress: progress::Progress::hidden() }
    }
}

/// `SOURCE_DATE_EPOCH` (reproducible builds) or the current time.
pub fn now_from_env() -> DateTime<Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(Utc::now)
}

/// A site rendered in memory, with everything found along the way.
pub struct Rendered {
    pub files: Vec<Output>,
    pub pages: usize,
    pub output_dir: PathBuf,
    pub diagnostics: Diagnostics,
}

/// Runs load, resolve and render. Files are only returned when there are no errors.
pub fn render_site(options: &BuildOptions) -> Rendered {
    let mut timings = timings::Timings::new(options.timings).with_progress(options.progress.clone());
    let rendered = render_timed(options, &mut timings);
    if let Some(report) = timings.report() {
        eprintln!("{report}");
    }
    rendered
}

fn render_timed(options: &BuildOptions, timings: &mut timings::Timings) -> Rendered {
    timings.progress().stage("Reading content", None);
    let loaded = load::load_site(&options.root, &load::LoadOptions { drafts: options.drafts, now: Some(options.now) });
    timings.lap("load");
    let mut diagnostics = loaded.diagnostics;
    let Some(site) = loaded.site else {
        return finish(Vec::new(), 0, PathBuf::new(), diagnostics, &options.root);
    };
    let output_dir = options.output.clone().unwrap_or_else(|| options.root.join(&site.config.output_dir));
    timings.progress().stage("Resolving", None);
    timings.progress().note(format!("{} pages", site.pages.len()));
    let graph = resolve::resolve(&site, &mut diagnostics);
    timings.lap("resolve");
    let engine = match load::theme::load_theme(&options.root, &site.config.theme).and_then(render::Engine::new) {
        Ok(e) => e,
        Err(ds) => {
            ds.into_iter().for_each(|d| diagnostics.push(d));
            return finish(Vec::new(), 0, output_dir, diagnostics, &options.root);
        }
    };
    let previous = load::previous_calendar_state(&output_dir);
    let sequences = render::feeds::calendar::previous_state(previous.as_deref());
    timings.lap("templates");
    let files = render::render_site(&site, &graph, &engine, options.now, &sequences, render::Scope::All, &mut diagnostics, timings);
    finish(files, site.pages.len(), output_dir, diagnostics, &options.root)
}

fn finish(files: Vec<Output>, pages: usize, output_dir: PathBuf, mut diagnostics: Diagnostics, root: &Path) -> Rendered {
    diagnostics.finish(|file| load::files::read_text(root, file).ok());
    let files = if diagnostics.has_errors() { Vec::new() } else { files };
    Rendered { files, pages, output_dir, diagnostics }
}

/// Why a build wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the site has {} error(s); nothing was written", .0.error_count())]
    Content(Diagnostics),
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub output_dir: PathBuf,
    pub warnings: Diagnostics,
    /// What the write stage did.
    pub written: write::WriteStats,
}

/// Builds the site and swaps the result into the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let rendered = render_site(options);
    if rendered.diagnostics.has_errors() {
        return Err(BuildError::Content(rendered.diagnostics));
    }
    let started = std::time::Instant::now();
    options.progress.stage("Writing files", Some(rendered.files.len()));
    let written = write::write_site(&options.root, &rendered.output_dir, &rendered.files, &options.progress)?;
    if options.timings {
        let w = &written;
        let mb = w.bytes_written as f64 / 1e6;
        eprintln!(
            "{:>9.1} ms  write: {} files, {} written ({mb:.1} MB), {} linked, {} removed",
            started.elapsed().as_secs_f64() * 1000.0,
            w.files,
            w.written,
            w.linked,
            w.removed
        );
    }
    Ok(BuildSummary { pages: rendered.pages, files: rendered.files.len(), output_dir: rendered.output_dir, warnings: rendered.diagnostics, written })
}

/// Checks the site: every problem, nothing written.
pub fn check(options: &BuildOptions) -> Diagnostics {
    render_site(options).diagnostics
}

//! planverk: a static site generator for public drug-policy plans, courses and networks.
//!
//! Data flows one way through four stages, each in its own module:
//!
//! 1. [`load`]: config and content files → typed [`model::Page`]s, with diagnostics;
//! 2. [`resolve`]: pages → [`resolve::SiteGraph`] (URLs, sections, references, backlinks);
//! 3. [`render`]: graph + templates → files in memory ([`render::Output`]);
//! 4. [`write`]: files → the spare generation, updated in place and swapped in atomically.
//!
//! A [`Workspace`] holds what the first three made (pages with their files' hashes, rendered
//! Markdown, the graph, the outputs) and brings it up to date when files change. [`build`]
//! makes one workspace and writes it; [`check`] makes one and writes nothing; [`serve`] keeps
//! one, serves its outputs from memory and updates it on every save.

pub mod assets;
pub mod diagnostics;
pub mod init;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod model;
pub mod paths;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod skeleton;
mod strenum;
pub mod timings;
pub mod workspace;
pub mod write;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use diagnostics::Diagnostics;
pub use workspace::Workspace;

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
    /// `--base-url`: publish at this address instead of the config's `base_url` (only the
    /// URLs in the output change).
    pub base_url: Option<model::SiteUrl>,
    /// Publish CSS, JS and the search index under fixed names, not fingerprinted ones
    /// (`serve`, which swaps an edited stylesheet into open tabs).
    pub plain_names: bool,
}

impl BuildOptions {
    /// Options for `root`, with "now" from `SOURCE_DATE_EPOCH` when set, else the clock.
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: false,
            now: now_from_env(),
            timings: false,
            progress: progress::Progress::hidden(),
            base_url: None,
            plain_names: false,
        }
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
    /// Pages in the site.
    pub pages: usize,
    /// HTML files rendered, when the build picked up the last build's workspace and
    /// rendered only what changed; `None` after a full build.
    pub updated: Option<usize>,
    pub files: usize,
    pub output_dir: PathBuf,
    pub warnings: Diagnostics,
    /// What the write stage did.
    pub written: write::WriteStats,
}

/// Builds the site and swaps the result into the output folder. The workspace the last
/// build left in the store beside the output is picked up when it is still valid, and then
/// only what changed since is rendered ([`workspace::resume`]); else everything is loaded
/// and rendered, and the pages and listings are written as they are rendered, into the new
/// generation of the output (see [`write::Publisher`]), which takes the place of the old one
/// at the end. Either way the build writes what changed into the store for the next.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let mut timings = timings::Timings::new(options.timings).with_progress(options.progress.clone());
    // Taken before anything is read, so that a file changed during the build is seen next time.
    // A build for another address (`--base-url`) neither picks up nor leaves a store.
    let key = workspace::resume::Key::of(&options.root, options.drafts).filter(|_| options.base_url.is_none());
    // Where the output goes, if the config says; a config or folder that is wrong is
    // reported after the load, as without early writing.
    let planned = options.output.clone().or_else(|| load::config::load_config(&options.root).ok().map(|c| options.root.join(c.output_dir)));
    let note = &mut |n: String| eprintln!("note: {n}");
    let store =
        planned.as_deref().filter(|out| write::check_output_dir(&options.root, out).is_ok()).and_then(|out| match workspace::store::Store::open(out, note) {
            Ok(store) => Some(store),
            Err(e) => {
                eprintln!("note: {e}; everything is built again and the workspace is not kept");
                None
            }
        });
    timings.lap("store: open");
    let mut workspace = Workspace::new(options.clone());
    let resumed = store.as_ref().zip(key).and_then(|(s, k)| workspace.resume(s, k, note, &mut timings));
    let (loaded, publisher) = match resumed {
        Some(updated) => (updated, None),
        None => {
            let publisher = planned.and_then(|out| write::Publisher::open(&options.root, &out).ok());
            (workspace.load_into(&mut timings, publisher.as_ref().map(|p| p as &dyn render::Sink)), publisher)
        }
    };
    if let Some(report) = timings.report() {
        eprintln!("{report}");
    }
    let report = loaded.map_err(BuildError::Content)?;
    let output_dir = workspace.output_dir().map(Path::to_path_buf).unwrap_or_default();
    let started = std::time::Instant::now();
    let cpu_before = timings::usage::cpu_seconds();
    let kept = workspace.kept();
    options.progress.stage("Writing files", Some(workspace.outputs().len() + kept.len()));
    let publisher = match publisher {
        Some(p) if p.out() == output_dir => p,
        _ => write::Publisher::open(&options.root, &output_dir)?,
    };
    // The store's records are written meanwhile, and committed once the output is in place.
    let ws = &workspace;
    let store = store.filter(|s| s.path() == workspace::store::path_for(&output_dir));
    let (written, saved) = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel();
        let saving = store.as_ref().zip(key).map(|(s, k)| scope.spawn(move || ws.save(s, k, rx)));
        let written = publisher.keep(&kept, &options.progress).and_then(|()| publisher.put(workspace.outputs(), &options.progress));
        let written = written.and_then(|()| publisher.finish());
        if let Ok(w) = &written {
            let _ = tx.send(w.generation);
        }
        drop(tx);
        (written, saving.and_then(|h| h.join().ok().flatten()))
    });
    let written = written?;
    if options.timings {
        eprintln!("{}", write_timing(&written, started, cpu_before));
    }
    match saved {
        Some(Ok(s)) if options.timings => eprintln!("{:>9} workspace store: {} records written, {:.1} MB on disk", "", s.records, s.bytes as f64 / 1e6),
        Some(Err(e)) => eprintln!("note: the workspace was not saved (the next build loads everything): {e}"),
        _ => {}
    }
    let pages = workspace.site().map_or(report.pages, |s| s.pages.len());
    let updated = (report.kind != workspace::UpdateKind::Full).then_some(report.pages);
    Ok(BuildSummary { pages, updated, files: written.files, output_dir, warnings: workspace.warnings(), written })
}

/// The `--timings` line of the write stage, and the build's peak memory.
fn write_timing(w: &write::WriteStats, started: std::time::Instant, cpu_before: Option<f64>) -> String {
    let mb = w.bytes_written as f64 / 1e6;
    let cpu = timings::usage::cpu_seconds().zip(cpu_before).map_or(String::new(), |(now, then)| format!("  cpu {:>7.1} ms", (now - then) * 1000.0));
    let peak = timings::usage::peak_resident_bytes().map_or(String::new(), |b| format!("\n{:>9} peak memory {} MB", "", b / 1_000_000));
    format!(
        "{:>9.1} ms{cpu}  write: {} files, {} written ({mb:.1} MB), {} linked, {} removed{peak}",
        started.elapsed().as_secs_f64() * 1000.0,
        w.files,
        w.written,
        w.linked,
        w.removed
    )
}

/// `check --external`: the external links of the site at `options.root` (see [`linkcheck`]).
/// `None` when the site can't be loaded (`check` reports why).
pub fn check_external(options: &BuildOptions, strict: bool) -> Option<(Diagnostics, linkcheck::Summary)> {
    let load = load::LoadOptions { drafts: options.drafts, now: Some(options.now), base_url: options.base_url.clone(), plain_names: true };
    let site = load::load_site(&options.root, &load).site?;
    Some(linkcheck::check(&site, strict))
}

/// Checks the site: every problem, nothing written.
pub fn check(options: &BuildOptions) -> Diagnostics {
    let mut workspace = Workspace::new(options.clone()).once();
    match workspace.load(&mut timings::Timings::new(options.timings)) {
        Ok(_) => workspace.warnings(),
        Err(diagnostics) => diagnostics,
    }
}

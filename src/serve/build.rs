//! Keeping the served files up to date: one [`Workspace`], told which files changed on every
//! save, and the server's state patched with the outputs whose bytes changed. A failed
//! update leaves the last good site served and shows its errors.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::state::ServeState;
use crate::BuildOptions;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::model::Language;
use crate::paths::ChangeSet;
use crate::timings::Timings;
use crate::workspace::{Report, UpdateKind, Workspace};

/// The server's workspace.
pub struct Builder {
    workspace: Workspace,
    /// What it was made with (the site folder, output folder and `--drafts`, for the store).
    options: BuildOptions,
    /// Print each rebuild's stages (`serve --timings`).
    timings: bool,
}

/// How a build went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Full,
    Partial {
        pages: usize,
    },
    /// No file the site is made from changed (a save without changes).
    Unchanged,
    Failed,
}

impl Builder {
    /// Renders with the clock at each build.
    pub fn new(options: BuildOptions) -> Builder {
        let timings = options.timings;
        Builder { workspace: Workspace::new(options.clone()).with_live_clock(), options, timings }
    }

    /// Every build uses this "now" (for tests: the output no longer depends on the clock).
    pub fn with_now(options: BuildOptions, now: DateTime<Utc>) -> Builder {
        let timings = options.timings;
        let options = BuildOptions { now, ..options };
        Builder { workspace: Workspace::new(options.clone()), options, timings }
    }

    /// The output folder the config names, once a build succeeded.
    pub fn output_dir(&self) -> Option<&Path> {
        self.workspace.output_dir()
    }

    /// The site's language, once a build succeeded.
    pub fn language(&self) -> Option<Language> {
        self.workspace.site().map(|s| s.config.language.clone())
    }

    /// The first build of `serve`: the workspace the last `build` left in the store beside
    /// the output when it is still valid (then only what changed since is rendered, and the
    /// other files are served from the published output), else the whole site.
    pub fn start(&mut self, state: &ServeState, warnings: bool) -> Outcome {
        let mut timings = Timings::new(self.timings);
        let root = &self.options.root;
        let out = self.options.output.clone().or_else(|| crate::load::config::load_config(root).ok().map(|c| root.join(c.output_dir)));
        let key = crate::workspace::resume::Key::of(root, self.options.drafts);
        let note = &mut |n: String| eprintln!("note: {n}");
        // Only a store a build made: serve writes none.
        let store = out.as_deref().filter(|o| crate::workspace::store::path_for(o).is_file()).and_then(|o| crate::workspace::store::Store::open(o, note).ok());
        let resumed = store.as_ref().zip(key).and_then(|(s, k)| self.workspace.resume(s, k, note, &mut timings));
        // Closed at once, so that a `build` meanwhile can use it.
        drop(store);
        let (Some(Ok(report)), Some(dir)) = (resumed, self.workspace.output_dir().map(Path::to_path_buf)) else {
            return self.build_all(state, warnings);
        };
        if warnings {
            print_problems(&self.workspace.warnings(), true);
        }
        state.set_warnings(self.warnings());
        state.set_strings(self.workspace.ui_strings());
        state.publish_kept(self.workspace.outputs().to_vec(), &dir, self.workspace.kept());
        if let Some(report) = timings.report() {
            eprintln!("{report}");
        }
        eprintln!("Started from the workspace the last build left: {} rendered again", plural(report.pages, "page", "pages"));
        Outcome::Partial { pages: report.pages }
    }

    /// Renders the whole site into `state`. Prints warnings too when `warnings` is set.
    pub fn build_all(&mut self, state: &ServeState, warnings: bool) -> Outcome {
        let mut timings = Timings::new(self.timings);
        let result = self.workspace.load(&mut timings);
        if warnings && result.is_ok() {
            print_problems(&self.workspace.warnings(), true);
        }
        self.publish(state, result)
    }

    /// Updates the pages that show `changes`, serves them at once, and logs what that did
    /// and how long it took. The site-wide outputs and the search index follow in
    /// [`Builder::finish_step`], between saves.
    pub fn rebuild(&mut self, state: &ServeState, changes: &ChangeSet) -> Outcome {
        let started = Instant::now();
        let mut timings = Timings::new(self.timings);
        let result = self.workspace.update_pages(changes, &mut timings);
        let summary = match &result {
            Err(_) => format!("{} changed: the build failed; still serving the last good build", plural(changes.len(), "file", "files")),
            Ok(r) if r.kind == UpdateKind::Unchanged => format!("{} saved, nothing changed", plural(changes.len(), "file", "files")),
            Ok(r) => format!(
                "{} changed, {} re-rendered{}",
                plural(r.files, "file", "files"),
                plural(r.pages, "page", "pages"),
                if r.kind == UpdateKind::Full { " (whole site)" } else { "" }
            ),
        };
        let outcome = self.publish(state, result);
        timings.lap("publish");
        eprintln!("Rebuilt in {:.0} ms: {summary}", started.elapsed().as_secs_f64() * 1000.0);
        if let Some(report) = timings.report() {
            eprintln!("{report}");
        }
        outcome
    }

    /// Whether site-wide outputs or the search index wait to be updated.
    pub fn has_pending(&self) -> bool {
        self.workspace.has_pending()
    }

    /// Renders the next part of what the last saves left (the site-wide outputs, then the
    /// search index), serves it, and logs it.
    pub fn finish_step(&mut self, state: &ServeState) -> Outcome {
        let started = Instant::now();
        let mut timings = Timings::new(self.timings);
        let result = self.workspace.finish_step(&mut timings);
        let what = if self.workspace.has_pending() { "site-wide outputs" } else { "search index" };
        let outcome = match result {
            Ok(None) => return Outcome::Unchanged,
            Ok(Some(r)) if r.changed.is_empty() && r.removed.is_empty() => Outcome::Unchanged,
            Ok(Some(r)) => {
                let n = r.changed.len() + r.removed.len();
                let outcome = self.publish(state, Ok(r));
                timings.lap("publish");
                eprintln!("Updated the {what} in {:.0} ms: {}", started.elapsed().as_secs_f64() * 1000.0, plural(n, "file", "files"));
                outcome
            }
            Err(diags) => self.publish(state, Err(diags)),
        };
        if let Some(report) = timings.report() {
            eprintln!("{report}");
        }
        outcome
    }

    /// Puts the outputs that changed into `state`, or its errors.
    fn publish(&self, state: &ServeState, result: Result<Report, Diagnostics>) -> Outcome {
        match result {
            Ok(report) if report.kind == UpdateKind::Unchanged => {
                state.patch(Vec::new(), &[]);
                Outcome::Unchanged
            }
            Ok(report) => {
                let outputs = self.workspace.outputs();
                let files =
                    report.changed.iter().filter_map(|p| outputs.binary_search_by(|o| o.path.as_str().cmp(p)).ok()).map(|i| outputs[i].clone()).collect();
                state.set_strings(self.workspace.ui_strings());
                state.set_warnings(self.warnings());
                if report.kind == UpdateKind::Full {
                    // Every file is in memory now; none is read from the published output.
                    state.forget_disk();
                }
                state.patch(files, &report.removed);
                match report.kind {
                    UpdateKind::Full => Outcome::Full,
                    _ => Outcome::Partial { pages: report.pages },
                }
            }
            Err(diags) => {
                print_problems(&diags, false);
                state.fail(diags.iter().filter(|d| d.severity == Severity::Error).cloned().collect::<Vec<Diagnostic>>());
                Outcome::Failed
            }
        }
    }
}

impl Builder {
    /// The last good build's warnings, for the panel of the live-reload script.
    fn warnings(&self) -> Vec<Diagnostic> {
        self.workspace.warnings().iter().filter(|d| d.severity == Severity::Warning).cloned().collect()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

fn print_problems(diagnostics: &Diagnostics, warnings: bool) {
    let color = std::io::stderr().is_terminal();
    for d in diagnostics.iter().filter(|d| warnings || d.severity == Severity::Error) {
        eprintln!("{}", d.render(color));
    }
}

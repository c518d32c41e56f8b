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
        Builder { workspace: Workspace::new(options).with_live_clock(), timings }
    }

    /// Every build uses this "now" (for tests: the output no longer depends on the clock).
    pub fn with_now(options: BuildOptions, now: DateTime<Utc>) -> Builder {
        let timings = options.timings;
        Builder { workspace: Workspace::new(BuildOptions { now, ..options }), timings }
    }

    /// The output folder the config names, once a build succeeded.
    pub fn output_dir(&self) -> Option<&Path> {
        self.workspace.output_dir()
    }

    /// The site's language, once a build succeeded.
    pub fn language(&self) -> Option<Language> {
        self.workspace.site().map(|s| s.config.language.clone())
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

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

fn print_problems(diagnostics: &Diagnostics, warnings: bool) {
    let color = std::io::stderr().is_terminal();
    for d in diagnostics.iter().filter(|d| warnings || d.severity == Severity::Error) {
        eprintln!("{}", d.render(color));
    }
}

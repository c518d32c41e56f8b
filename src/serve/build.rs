//! Building the site into the server's state: the whole in-memory pipeline (load, resolve,
//! render), with the result published as the new site or, when it failed, its errors shown
//! over the last good one. Logs each rebuild and its time on stderr.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use super::paths::ChangeSet;
use super::state::ServeState;
use crate::BuildOptions;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// What one build did, for the log and the watcher.
#[derive(Debug)]
pub struct Built {
    /// The output folder the config names (`None` when the config could not be read).
    pub output_dir: Option<PathBuf>,
    pub ok: bool,
}

/// Runs the whole pipeline and publishes the result into `state`. Errors are printed on
/// stderr, and warnings too when `warnings` is set (at the start, not on every save).
pub fn build_all(options: &BuildOptions, state: &ServeState, warnings: bool) -> Built {
    let options = BuildOptions { now: crate::now_from_env(), ..options.clone() };
    let rendered = crate::render_site(&options);
    let output_dir = (!rendered.output_dir.as_os_str().is_empty()).then_some(rendered.output_dir);
    print_problems(&rendered.diagnostics, warnings);
    if rendered.diagnostics.has_errors() {
        state.fail(errors(rendered.diagnostics));
        return Built { output_dir, ok: false };
    }
    state.publish(rendered.files);
    Built { output_dir, ok: true }
}

/// Rebuilds after `changes` and logs how long it took.
pub fn rebuild(options: &BuildOptions, state: &ServeState, changes: &ChangeSet) -> Built {
    let started = Instant::now();
    let built = build_all(options, state, false);
    let ms = started.elapsed().as_millis();
    let n = changes.len();
    let files = if n == 1 { "1 file".to_string() } else { format!("{n} files") };
    if built.ok {
        eprintln!("Rebuilt in {ms} ms ({files} changed)");
    } else {
        eprintln!("Build failed in {ms} ms ({files} changed): still serving the last good build");
    }
    built
}

fn errors(diagnostics: Diagnostics) -> Vec<Diagnostic> {
    diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect()
}

fn print_problems(diagnostics: &Diagnostics, warnings: bool) {
    let color = std::io::stderr().is_terminal();
    for d in diagnostics.iter().filter(|d| warnings || d.severity == Severity::Error) {
        eprintln!("{}", d.render(color));
    }
}

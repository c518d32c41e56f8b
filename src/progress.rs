//! The progress bar of `planverk build`: the stage, and the count of pages or files done,
//! drawn on the terminal only (a hidden bar costs an atomic add per step).

use std::time::Duration;

/// A handle on the bar; clones share it, so parallel workers can count on one bar.
#[derive(Clone)]
pub struct Progress {
    bar: indicatif::ProgressBar,
}

impl Default for Progress {
    fn default() -> Progress {
        Progress::hidden()
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.bar.is_hidden() { "Progress(hidden)" } else { "Progress(shown)" })
    }
}

impl Progress {
    /// A bar that draws nothing.
    pub fn hidden() -> Progress {
        Progress { bar: indicatif::ProgressBar::hidden() }
    }

    /// A bar on standard error (the caller checks that it is a terminal).
    pub fn stderr() -> Progress {
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr_with_hz(10));
        bar.enable_steady_tick(Duration::from_millis(100));
        Progress { bar }
    }

    /// Starts a stage: `count` steps (pages, files) when known, else a spinner.
    pub fn stage(&self, name: &str, count: Option<usize>) {
        let template = match count {
            Some(_) => "{spinner} {prefix:<18} [{bar:30}] {pos}/{len} {msg}",
            None => "{spinner} {prefix:<18} {msg}",
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_prefix(name.to_string());
        self.bar.set_message("");
        self.bar.set_length(count.unwrap_or(0) as u64);
        self.bar.set_position(0);
    }

    /// Counts `n` steps of the current stage as done.
    pub fn inc(&self, n: usize) {
        self.bar.inc(n as u64);
    }

    /// A note after the count (`10 400 pages`).
    pub fn note(&self, text: String) {
        self.bar.set_message(text);
    }

    /// Removes the bar, leaving the terminal for the summary line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

//! Stage timings for `planverk build --timings`: where a build spends its time; each
//! stage is also shown on the progress bar.

use std::time::Instant;

/// Records how long each step took since the previous one; prints them when enabled.
#[derive(Debug)]
pub struct Timings {
    enabled: bool,
    last: Instant,
    laps: Vec<(&'static str, u128, Option<usize>)>,
    progress: crate::progress::Progress,
}

impl Timings {
    pub fn new(enabled: bool) -> Timings {
        Timings { enabled, last: Instant::now(), laps: Vec::new(), progress: crate::progress::Progress::hidden() }
    }

    /// Shows the stages on `progress` too.
    pub fn with_progress(self, progress: crate::progress::Progress) -> Timings {
        Timings { progress, ..self }
    }

    /// The progress bar, to start a stage on or count its steps.
    pub fn progress(&self) -> &crate::progress::Progress {
        &self.progress
    }

    /// Ends the step called `name`.
    pub fn lap(&mut self, name: &'static str) {
        self.lap_with(name, None);
    }

    /// Ends the step called `name`, which made `bytes` of output.
    pub fn lap_bytes(&mut self, name: &'static str, bytes: usize) {
        self.lap_with(name, Some(bytes));
    }

    fn lap_with(&mut self, name: &'static str, bytes: Option<usize>) {
        if self.enabled {
            let now = Instant::now();
            self.laps.push((name, now.duration_since(self.last).as_micros(), bytes));
            self.last = now;
        }
    }

    /// The steps and their times, one per line, when enabled.
    pub fn report(&self) -> Option<String> {
        self.enabled.then(|| {
            self.laps
                .iter()
                .map(|(n, us, bytes)| match bytes {
                    Some(b) => format!("{:>9.1} ms  {n} ({:.1} MB)", *us as f64 / 1000.0, *b as f64 / 1e6),
                    None => format!("{:>9.1} ms  {n}", *us as f64 / 1000.0),
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }
}

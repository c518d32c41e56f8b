//! Stage timings for `planverk build --timings`: where a build spends its time, CPU and
//! memory; each stage is also shown on the progress bar.

use std::time::Instant;

/// Records how long each step took since the previous one; prints them when enabled.
#[derive(Debug)]
pub struct Timings {
    enabled: bool,
    last: Instant,
    last_cpu: Option<f64>,
    laps: Vec<Lap>,
    progress: crate::progress::Progress,
}

/// One finished step.
#[derive(Debug)]
struct Lap {
    name: &'static str,
    micros: u128,
    bytes: Option<usize>,
    /// CPU seconds of every thread during the step, where the system tells.
    cpu: Option<f64>,
    /// Resident memory at the end of the step, in bytes, where the system tells.
    rss: Option<u64>,
    /// A part of the step before it that ran alongside other parts (its own wall time only).
    part: bool,
}

/// The wall time of each step of work that runs alongside other work, whose CPU time and
/// memory cannot be told apart; [`Timings::parts`] reports them under the step they made up.
#[derive(Debug)]
pub struct Clock {
    enabled: bool,
    last: Instant,
    laps: Vec<(&'static str, u128, Option<usize>)>,
}

impl Clock {
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
}

impl Timings {
    pub fn new(enabled: bool) -> Timings {
        let last_cpu = if enabled { usage::cpu_seconds() } else { None };
        Timings { enabled, last: Instant::now(), last_cpu, laps: Vec::new(), progress: crate::progress::Progress::hidden() }
    }

    /// Shows the stages on `progress` too.
    pub fn with_progress(self, progress: crate::progress::Progress) -> Timings {
        Timings { progress, ..self }
    }

    /// A clock for work that runs alongside other work, started now.
    pub fn clock(&self) -> Clock {
        Clock { enabled: self.enabled, last: Instant::now(), laps: Vec::new() }
    }

    /// Ends the step called `name`, made of parts that ran at the same time, each timed by
    /// its `clocks`: they are reported under it.
    pub fn parts(&mut self, name: &'static str, clocks: impl IntoIterator<Item = Clock>) {
        self.lap(name);
        for (name, micros, bytes) in clocks.into_iter().flat_map(|c| c.laps) {
            self.laps.push(Lap { name, micros, bytes, cpu: None, rss: None, part: true });
        }
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
            let cpu_now = usage::cpu_seconds();
            let cpu = cpu_now.zip(self.last_cpu).map(|(now, last)| now - last);
            let rss = usage::resident_bytes();
            self.laps.push(Lap { name, micros: now.duration_since(self.last).as_micros(), bytes, cpu, rss, part: false });
            self.last = now;
            self.last_cpu = cpu_now;
        }
    }

    /// The steps and their times, one per line, when enabled: wall time, CPU time of all
    /// threads and resident memory at the step's end (the last two on Linux only).
    pub fn report(&self) -> Option<String> {
        self.enabled.then(|| self.laps.iter().map(Lap::line).collect::<Vec<_>>().join("\n"))
    }
}

impl Lap {
    fn line(&self) -> String {
        let mut line = format!("{:>9.1} ms", self.micros as f64 / 1000.0);
        if self.part {
            // Under the step it is part of, where the CPU and memory figures would be.
            line.push_str(&format!("{:>30}", "|"));
        }
        if let Some(cpu) = self.cpu {
            line.push_str(&format!("  cpu {:>7.1} ms", cpu * 1000.0));
        }
        if let Some(rss) = self.rss {
            line.push_str(&format!("  rss {:>5} MB", rss / 1_000_000));
        }
        line.push_str("  ");
        line.push_str(self.name);
        if let Some(b) = self.bytes {
            line.push_str(&format!(" ({:.1} MB)", b as f64 / 1e6));
        }
        line
    }
}

/// The process's CPU time and memory, read from `/proc` (Linux); `None` elsewhere.
pub mod usage {
    /// Clock ticks per second of `/proc/self/stat` (`USER_HZ`, 100 on Linux).
    const TICKS_PER_SECOND: f64 = 100.0;

    /// User and system CPU seconds of every thread so far.
    pub fn cpu_seconds() -> Option<f64> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // The command name (field 2) may hold spaces; the fields after it are plain.
        let rest = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let user: f64 = fields.get(11)?.parse().ok()?;
        let system: f64 = fields.get(12)?.parse().ok()?;
        Some((user + system) / TICKS_PER_SECOND)
    }

    /// Resident memory now, in bytes.
    pub fn resident_bytes() -> Option<u64> {
        status_kb("VmRSS:").map(|kb| kb * 1024)
    }

    /// The most resident memory so far, in bytes.
    pub fn peak_resident_bytes() -> Option<u64> {
        status_kb("VmHWM:").map(|kb| kb * 1024)
    }

    fn status_kb(key: &str) -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with(key))?;
        line[key.len()..].trim().trim_end_matches("kB").trim().parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_names_every_step_in_order() {
        let mut t = Timings::new(true);
        t.lap("load");
        t.lap_bytes("write", 2_500_000);
        let report = t.report().unwrap_or_default();
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].ends_with("  load"), "{report}");
        assert!(lines[1].ends_with("  write (2.5 MB)"), "{report}");
    }

    #[test]
    fn parts_are_reported_under_their_step() {
        let mut t = Timings::new(true);
        let (mut a, mut b) = (t.clock(), t.clock());
        a.lap("pages");
        b.lap("calendars");
        b.lap_bytes("index", 1_000_000);
        t.parts("render", [a, b]);
        let report = t.report().unwrap_or_default();
        let names: Vec<&str> = report.lines().map(|l| l.rsplit("  ").next().unwrap_or_default()).collect();
        assert_eq!(names, ["render", "pages", "calendars", "index (1.0 MB)"], "{report}");
        assert!(report.lines().skip(1).all(|l| l.contains('|')), "{report}");
    }

    #[test]
    fn a_disabled_report_is_empty() {
        let mut t = Timings::new(false);
        t.lap("load");
        assert!(t.report().is_none());
    }
}

//! Watching the site folder with `notify`: config.toml, content/, templates/, themes/ and
//! static/. Events are coalesced until the folder has been quiet for a short while, so the
//! several events of one save give one [`ChangeSet`], that is one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError, channel};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::ServeError;
use crate::paths::{ChangeSet, Classifier};

/// How long the folder must be quiet before a burst of events counts as finished.
pub const QUIET: Duration = Duration::from_millis(20);
/// A burst never holds a rebuild back longer than this.
const LONGEST: Duration = Duration::from_secs(2);
/// An editor that truncates a file and then writes it leaves it empty for a moment: a burst
/// that leaves a file empty waits this long for the write that follows, so the editor does
/// not see a flash of "this file has no front matter". A file saved empty builds after it.
const EMPTY_GRACE: Duration = Duration::from_millis(150);
/// The folders watched recursively, below the root (which is watched for config.toml).
const FOLDERS: [&str; 5] = ["content", "templates", "themes", "static", "i18n"];

/// A watcher on the site folder whose events wait in a channel until [`Watch::run`].
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl Watch {
    /// Starts watching `root` (before the first build, so no save is missed).
    pub fn start(root: &Path) -> Result<Watch, ServeError> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut watch = Watch { watcher, events, root: root.to_path_buf(), watched: BTreeSet::new() };
        watch.watch_folders();
        Ok(watch)
    }

    /// Calls `on_change` once per burst of changes; while no event waits, calls `on_idle`
    /// as long as it says it has more to do. Returns only if the watcher stops.
    pub fn run(mut self, classifier: &Classifier, mut on_change: impl FnMut(ChangeSet), mut on_idle: impl FnMut() -> bool) {
        let mut idle_work = false;
        loop {
            let first = if idle_work {
                match self.events.try_recv() {
                    Ok(event) => event,
                    Err(TryRecvError::Empty) => {
                        idle_work = on_idle();
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => return,
                }
            } else {
                match self.events.recv() {
                    Ok(event) => event,
                    Err(_) => return,
                }
            };
            let mut events = gather(&self.events, first, QUIET, LONGEST);
            if leaves_an_empty_file(&events)
                && let Ok(next) = self.events.recv_timeout(EMPTY_GRACE)
            {
                events.extend(gather(&self.events, next, QUIET, LONGEST));
            }
            // A folder created after the start (templates/, say) is watched from now on.
            self.watch_folders();
            let mut changes = ChangeSet::default();
            for event in events {
                match event {
                    Ok(event) => changes.add_event(classifier, &event),
                    Err(e) => eprintln!("warning: file watcher: {e}"),
                }
            }
            if !changes.is_empty() {
                on_change(changes);
            }
            idle_work = true;
        }
    }

    fn watch_folders(&mut self) {
        for name in FOLDERS {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => eprintln!("warning: can't watch {}: {e}", dir.display()),
                }
            }
        }
    }
}

/// Whether an event of the burst names a file that is empty now (half-way through a save).
fn leaves_an_empty_file(events: &[notify::Result<notify::Event>]) -> bool {
    events.iter().flatten().flat_map(|event| &event.paths).any(|path| std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0))
}

/// Waits for an event, then gathers more until none came for `quiet` (or `longest` passed).
/// `None` when the sender is gone.
pub fn next_burst<T>(rx: &Receiver<T>, quiet: Duration, longest: Duration) -> Option<Vec<T>> {
    let first = rx.recv().ok()?;
    Some(gather(rx, first, quiet, longest))
}

/// `first` and the events after it, until none came for `quiet` (or `longest` passed).
fn gather<T>(rx: &Receiver<T>, first: T, quiet: Duration, longest: Duration) -> Vec<T> {
    let started = Instant::now();
    let mut burst = vec![first];
    while started.elapsed() < longest {
        match rx.recv_timeout(quiet) {
            Ok(item) => burst.push(item),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    burst
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_close_together_are_one_burst_and_a_pause_starts_the_next() {
        let (tx, rx) = channel();
        let sender = std::thread::spawn(move || {
            for i in 0..5 {
                let _ = tx.send(i);
                std::thread::sleep(Duration::from_millis(5));
            }
            std::thread::sleep(Duration::from_millis(300));
            let _ = tx.send(10);
        });
        assert_eq!(next_burst(&rx, Duration::from_millis(100), LONGEST), Some(vec![0, 1, 2, 3, 4]));
        assert_eq!(next_burst(&rx, Duration::from_millis(100), LONGEST), Some(vec![10]));
        let _ = sender.join();
        assert_eq!(next_burst(&rx, Duration::from_millis(100), LONGEST), None);
    }

    #[test]
    fn a_burst_that_leaves_a_file_empty_is_half_a_save() {
        let dir = std::env::temp_dir().join(format!("planverk-watch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let (empty, full) = (dir.join("tom.md"), dir.join("full.md"));
        std::fs::write(&empty, "").expect("write");
        std::fs::write(&full, "---\ntitle: A\n---\n").expect("write");
        let event = |path: &Path| Ok(notify::Event::new(notify::EventKind::Any).add_path(path.to_path_buf()));
        assert!(leaves_an_empty_file(&[event(&full), event(&empty)]));
        assert!(!leaves_an_empty_file(&[event(&full), event(&dir.join("gone.md")), event(&dir)]));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

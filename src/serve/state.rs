//! The server's state in one struct, shared by the HTTP handlers and the rebuild thread:
//! the files of the last good build with the generation each last changed in, the errors of
//! the last failed one, the warnings of the last good one, the site's UI strings, build counters and the number of live-reload
//! subscribers. A condition variable wakes subscribers on change. After a start from the
//! workspace store, the files no save has changed since are read from the published output
//! when asked for (each checked against the hash its manifest records), not held.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::diagnostics::Diagnostic;
use crate::render::Output;

/// Everything the server knows, behind one lock.
#[derive(Debug, Default)]
pub struct ServeState {
    inner: Mutex<Snapshot>,
    changed: Condvar,
    /// The sub-path the site is served under (`/rusplan`), or empty; set once at start.
    base_path: std::sync::OnceLock<String>,
}

#[derive(Debug, Default)]
struct Snapshot {
    /// The last good build, by path relative to the output folder.
    files: BTreeMap<String, Arc<[u8]>>,
    /// Files of the last good build not in `files`: in the published output folder, with
    /// the hash of their bytes (see [`ServeState::publish_kept`]).
    on_disk: Option<(std::path::PathBuf, BTreeMap<String, u64>)>,
    /// Errors of the last build when it failed; empty when it succeeded.
    errors: Arc<Vec<Diagnostic>>,
    /// Warnings of the last good build (a translation behind its original, …).
    warnings: Arc<Vec<Diagnostic>>,
    /// The generation in which each file's bytes last changed (or it went away).
    changed_at: HashMap<String, u64>,
    /// The site's UI strings (for the error overlay), from the last good build.
    strings: Arc<BTreeMap<String, String>>,
    /// Successful builds so far: the generation of the files being served.
    generation: u64,
    /// Builds finished so far, good or bad: what subscribers wait on.
    attempts: u64,
    subscribers: usize,
}

/// What a live-reload client needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub generation: u64,
    pub attempts: u64,
    pub errors: Arc<Vec<Diagnostic>>,
    /// The last good build's warnings, shown in a panel while there is no error.
    pub warnings: Arc<Vec<Diagnostic>>,
}

impl ServeState {
    pub fn new() -> ServeState {
        ServeState::default()
    }

    /// Serves the site under `base_path` (`/rusplan`; empty at the root). Only the first
    /// call counts.
    pub fn set_base_path(&self, base_path: &str) {
        let _ = self.base_path.set(base_path.trim_end_matches('/').to_string());
    }

    /// The sub-path the site is served under, or `""`.
    pub fn base_path(&self) -> &str {
        self.base_path.get().map_or("", String::as_str)
    }

    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        // A panic elsewhere can't leave the snapshot half-written: every update is one
        // assignment, so the data behind a poisoned lock is still whole.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces every file with a new good build.
    pub fn publish(&self, files: Vec<Output>) {
        self.publish_with(files, None);
    }

    /// Serves `files` from memory and `kept` (path and hash of the bytes) from the published
    /// output folder `dir`: a start from the workspace store.
    pub fn publish_kept(&self, files: Vec<Output>, dir: &std::path::Path, kept: Vec<(String, u64)>) {
        self.publish_with(files, Some((dir.to_path_buf(), kept.into_iter().collect())));
    }

    fn publish_with(&self, files: Vec<Output>, on_disk: Option<(std::path::PathBuf, BTreeMap<String, u64>)>) {
        let files: BTreeMap<String, Arc<[u8]>> = files.into_iter().map(|o| (o.path, Arc::from(o.bytes))).collect();
        let mut s = self.lock();
        let generation = s.generation + 1;
        let gone: Vec<String> = s.files.keys().filter(|p| !files.contains_key(*p)).cloned().collect();
        s.changed_at.extend(files.keys().chain(&gone).map(|p| (p.clone(), generation)));
        s.files = files;
        s.on_disk = on_disk;
        self.succeeded(&mut s);
    }

    /// Stops serving files from the published output (a full build holds every file).
    pub fn forget_disk(&self) {
        self.lock().on_disk = None;
    }

    /// Replaces (or adds) some files and removes others: a partial rebuild.
    pub fn patch(&self, files: Vec<Output>, removed: &[String]) {
        let mut s = self.lock();
        let generation = s.generation + 1;
        for path in removed {
            s.files.remove(path);
            if let Some((_, kept)) = &mut s.on_disk {
                kept.remove(path);
            }
            s.changed_at.insert(path.clone(), generation);
        }
        for o in files {
            s.changed_at.insert(o.path.clone(), generation);
            s.files.insert(o.path, Arc::from(o.bytes));
        }
        self.succeeded(&mut s);
    }

    /// Sets the warnings of the build about to be published (before its `publish`/`patch`,
    /// which tell the subscribers).
    pub fn set_warnings(&self, warnings: Vec<Diagnostic>) {
        self.lock().warnings = Arc::new(warnings);
    }

    /// Sets the site's UI strings, used by the error overlay.
    pub fn set_strings(&self, strings: BTreeMap<String, String>) {
        self.lock().strings = Arc::new(strings);
    }

    pub fn strings(&self) -> Arc<BTreeMap<String, String>> {
        self.lock().strings.clone()
    }

    /// Whether the file at `path` changed (or went away) after generation `since`.
    pub fn changed_since(&self, path: &str, since: u64) -> bool {
        self.lock().changed_at.get(path).is_some_and(|&g| g > since)
    }

    /// The stylesheets that changed after generation `since`, sorted.
    pub fn stylesheets_changed_since(&self, since: u64) -> Vec<String> {
        let s = self.lock();
        let mut out: Vec<String> =
            s.changed_at.iter().filter(|(p, g)| **g > since && p.ends_with(".css") && s.files.contains_key(*p)).map(|(p, _)| p.clone()).collect();
        out.sort();
        out
    }

    fn succeeded(&self, s: &mut Snapshot) {
        s.errors = Arc::new(Vec::new());
        s.generation += 1;
        s.attempts += 1;
        self.changed.notify_all();
    }

    /// Records a failed build: the files stay as they were, the errors are shown.
    pub fn fail(&self, errors: Vec<Diagnostic>) {
        let mut s = self.lock();
        s.errors = Arc::new(errors);
        s.attempts += 1;
        self.changed.notify_all();
    }

    /// The bytes of one file of the current build; one kept in the published output is read
    /// from there, and only if its bytes are still those its manifest records.
    pub fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        let (file, hash) = {
            let s = self.lock();
            if let Some(bytes) = s.files.get(path) {
                return Some(bytes.clone());
            }
            let (dir, kept) = s.on_disk.as_ref()?;
            (dir.join(path), *kept.get(path)?)
        };
        let bytes = crate::load::files::read_regular(&file).ok()?;
        (crate::write::file_hash(&bytes) == hash).then(|| Arc::from(bytes))
    }

    /// Whether the current build has a file at `path`.
    pub fn has(&self, path: &str) -> bool {
        let s = self.lock();
        s.files.contains_key(path) || s.on_disk.as_ref().is_some_and(|(_, kept)| kept.contains_key(path))
    }

    /// The paths of the current build.
    pub fn paths(&self) -> Vec<String> {
        let s = self.lock();
        let mut paths: std::collections::BTreeSet<String> = s.files.keys().cloned().collect();
        if let Some((_, kept)) = &s.on_disk {
            paths.extend(kept.keys().cloned());
        }
        paths.into_iter().collect()
    }

    pub fn status(&self) -> Status {
        let s = self.lock();
        Status { generation: s.generation, attempts: s.attempts, errors: s.errors.clone(), warnings: s.warnings.clone() }
    }

    /// Waits until a build finishes after `attempts`, for at most `timeout`; `None` on timeout.
    pub fn wait_for_build(&self, attempts: u64, timeout: Duration) -> Option<Status> {
        let guard = self.lock();
        let (s, result) = self.changed.wait_timeout_while(guard, timeout, |s| s.attempts <= attempts).unwrap_or_else(PoisonError::into_inner);
        if result.timed_out() && s.attempts <= attempts {
            return None;
        }
        Some(Status { generation: s.generation, attempts: s.attempts, errors: s.errors.clone(), warnings: s.warnings.clone() })
    }

    /// Counts a live-reload client for as long as the returned guard lives.
    pub fn subscribe(self: &Arc<ServeState>) -> Subscription {
        self.lock().subscribers += 1;
        Subscription { state: Arc::clone(self) }
    }

    pub fn subscribers(&self) -> usize {
        self.lock().subscribers
    }
}

/// One connected live-reload client.
#[derive(Debug)]
pub struct Subscription {
    state: Arc<ServeState>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut s = self.state.lock();
        s.subscribers = s.subscribers.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourcePos;
    use std::path::Path;

    #[test]
    fn a_failed_build_keeps_the_files_and_a_good_one_clears_the_errors() {
        let state = ServeState::new();
        state.publish(vec![Output::new("index.html", "v1")]);
        assert_eq!(state.status().generation, 1);
        state.fail(vec![Diagnostic::new(crate::diagnostics::Code::UnknownField, Path::new("content/a.md"), SourcePos { line: 2, column: 1 }, "bad")]);
        let s = state.status();
        assert_eq!((s.generation, s.attempts, s.errors.len()), (1, 2, 1));
        assert_eq!(state.file("index.html").as_deref(), Some(&b"v1"[..]));
        state.patch(vec![Output::new("index.html", "v2")], &[]);
        let s = state.status();
        assert_eq!((s.generation, s.attempts, s.errors.len()), (2, 3, 0));
        assert_eq!(state.file("index.html").as_deref(), Some(&b"v2"[..]));
    }

    #[test]
    fn each_file_knows_the_generation_it_last_changed_in() {
        let state = ServeState::new();
        state.publish(vec![Output::new("index.html", "v1"), Output::new("a/index.html", "a"), Output::new("style.css", "x")]);
        state.patch(vec![Output::new("a/index.html", "a2")], &[]);
        assert!(state.changed_since("a/index.html", 1) && !state.changed_since("index.html", 1));
        assert!(state.changed_since("index.html", 0));
        assert!(state.stylesheets_changed_since(1).is_empty());
        state.patch(vec![Output::new("style.css", "y")], &["a/index.html".to_string()]);
        assert_eq!(state.stylesheets_changed_since(2), ["style.css"]);
        assert!(state.changed_since("a/index.html", 2), "a page that went away counts as changed");
    }

    #[test]
    fn waiters_wake_on_a_build_and_time_out_without_one() {
        let state = Arc::new(ServeState::new());
        assert_eq!(state.wait_for_build(0, Duration::from_millis(10)), None);
        let waiter = {
            let state = Arc::clone(&state);
            std::thread::spawn(move || state.wait_for_build(0, Duration::from_secs(10)))
        };
        state.publish(Vec::new());
        let woke = waiter.join().ok().flatten();
        assert_eq!(woke.map(|s| s.generation), Some(1));
    }

    #[test]
    fn subscriptions_are_counted() {
        let state = Arc::new(ServeState::new());
        let a = state.subscribe();
        let b = state.subscribe();
        assert_eq!(state.subscribers(), 2);
        drop(a);
        drop(b);
        assert_eq!(state.subscribers(), 0);
    }
}

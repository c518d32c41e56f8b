//! Making a generation of the output, batch by batch as files are rendered: a new folder
//! filled from scratch, or the spare folder (the generation before the published one)
//! brought up to date in place, then ([`Generation::finish`]) cleared of what is stale.
//!
//! Files in the spare may be hard links shared with the published output, so a file is
//! never written through: a changed file is removed and created anew.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::manifest::{self, Entry, Manifest, Stat};
use super::{WriteError, WriteStats, io};
use crate::progress::Progress;
use crate::render::Output;

/// Counts what the parallel writers did.
#[derive(Default)]
struct Counter {
    written: AtomicUsize,
    bytes: AtomicU64,
    linked: AtomicUsize,
}

/// A generation folder being written.
pub struct Generation {
    dir: PathBuf,
    /// The published output, whose files are linked where they have the same bytes.
    published: Option<PathBuf>,
    /// What the folder held before, by path (with its manifest entry where one said), and
    /// its folders; empty for a new folder.
    old_files: HashMap<String, Option<Entry>>,
    old_dirs: Vec<PathBuf>,
    /// Folders known to be there.
    made: Mutex<HashSet<PathBuf>>,
    /// Every file put, with its hash, in order.
    put: Mutex<Vec<(String, u64)>>,
    counter: Counter,
}

impl Generation {
    /// A new, empty folder `dir`.
    pub fn new_folder(dir: &Path, published: Option<&Path>) -> Result<Generation, WriteError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        Ok(Generation::with(dir, published, HashMap::new(), Vec::new()))
    }

    /// The folder `spare`, as `manifest` says it is (or, without one, as it is found).
    pub fn spare(spare: &Path, published: &Path, manifest: Option<Manifest>) -> Result<Generation, WriteError> {
        let (files, dirs) = match manifest {
            Some(m) => {
                let dirs = parents(m.keys().map(String::as_str));
                (m.into_iter().map(|(k, e)| (k, Some(e))).collect(), dirs)
            }
            None => {
                let (files, dirs) = walk(spare)?;
                (files.into_iter().map(|f| (f, None)).collect(), dirs)
            }
        };
        Ok(Generation::with(spare, Some(published), files, dirs))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn with(dir: &Path, published: Option<&Path>, old_files: HashMap<String, Option<Entry>>, old_dirs: Vec<PathBuf>) -> Generation {
        let made = Mutex::new(old_dirs.iter().cloned().collect());
        Generation {
            dir: dir.to_path_buf(),
            published: published.map(Path::to_path_buf),
            old_files,
            old_dirs,
            made,
            put: Mutex::new(Vec::new()),
            counter: Counter::default(),
        }
    }

    /// Puts `files` into the folder; a path put again later gets the later bytes.
    pub fn put(&self, files: &[Output], progress: &Progress) -> Result<(), WriteError> {
        self.make_folders(files.iter().map(|f| f.path.as_str()))?;
        let hashes = manifest::hashes(files);
        files.par_iter().zip(&hashes).try_for_each(|(f, &hash)| {
            progress.inc(1);
            self.put_one(f, hash)
        })?;
        let mut put = self.put.lock().unwrap_or_else(|e| e.into_inner());
        put.extend(files.iter().map(|f| f.path.clone()).zip(hashes));
        Ok(())
    }

    /// Keeps `files` (path and hash) as they are in the published output, whose manifest
    /// says so: a file of the spare with that hash stays, else it is linked from there.
    pub fn keep(&self, files: &[(String, u64)], progress: &Progress) -> Result<(), WriteError> {
        if files.is_empty() {
            return Ok(());
        }
        let published = self.published.as_deref().ok_or_else(|| WriteError::Io {
            path: self.dir.clone(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no published output to keep files from"),
        })?;
        self.make_folders(files.iter().map(|f| f.0.as_str()))?;
        files.par_iter().try_for_each(|(rel, hash)| {
            progress.inc(1);
            let path = self.dir.join(rel);
            if let Some(Some(e)) = self.old_files.get(rel.as_str())
                && e.hash == *hash
                && Stat::of(&path) == Some(e.stat)
            {
                return Ok(());
            }
            clear(&path)?;
            let from = published.join(rel);
            std::fs::hard_link(&from, &path).map_err(io(&from))?;
            self.counter.linked.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })?;
        self.put.lock().unwrap_or_else(|e| e.into_inner()).extend(files.iter().cloned());
        Ok(())
    }

    /// Makes the folders the files at `paths` go in that are not there yet; a file where a
    /// folder goes (left in the spare) is removed first.
    fn make_folders<'p>(&self, paths: impl Iterator<Item = &'p str>) -> Result<(), WriteError> {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        for d in parents(paths) {
            if made.contains(&d) {
                continue;
            }
            let path = self.dir.join(&d);
            if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
                remove(&path, |p| std::fs::remove_file(p))?;
            }
            std::fs::create_dir_all(&path).map_err(io(&path))?;
            made.insert(d);
        }
        Ok(())
    }

    fn put_one(&self, f: &Output, hash: u64) -> Result<(), WriteError> {
        let path = self.dir.join(&f.path);
        if let Some(known) = self.old_files.get(f.path.as_str()) {
            // Known from the manifest when the file is still as recorded; else compared.
            let entry = known.filter(|e| Stat::of(&path) == Some(e.stat));
            if entry.map_or_else(|| same_bytes(&path, &f.bytes), |e| e.hash == hash) {
                return Ok(());
            }
        }
        clear(&path)?;
        let published = self.published.as_ref().map(|p| p.join(&f.path));
        if let Some(prev) = published
            && same_bytes(&prev, &f.bytes)
            && std::fs::hard_link(&prev, &path).is_ok()
        {
            self.counter.linked.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        if let Err(e) = std::fs::write(&path, &f.bytes) {
            // A folder the manifest said was there is gone (removed by hand): make it again.
            let parent = path.parent().filter(|_| e.kind() == std::io::ErrorKind::NotFound).ok_or_else(|| WriteError::Io { path: path.clone(), source: e })?;
            std::fs::create_dir_all(parent).map_err(io(parent))?;
            std::fs::write(&path, &f.bytes).map_err(io(&path))?;
        }
        self.counter.written.fetch_add(1, Ordering::Relaxed);
        self.counter.bytes.fetch_add(f.bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Removes what the folder held before and no file put needs, and returns what was done
    /// and every file with its hash (the last put of each path), sorted by path.
    pub fn finish(self) -> Result<(WriteStats, Vec<(String, u64)>), WriteError> {
        let mut files = self.put.into_inner().unwrap_or_else(|e| e.into_inner());
        // The last put of a path wins: a stable sort keeps them in order, and the last is kept.
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.reverse();
        files.dedup_by(|later, earlier| later.0 == earlier.0);
        files.reverse();
        let wanted: HashSet<&str> = files.iter().map(|f| f.0.as_str()).collect();
        let wanted_dirs: HashSet<PathBuf> = parents(files.iter().map(|f| f.0.as_str())).into_iter().collect();
        let mut removed = 0;
        // A stale file may have given way to a folder, and a stale folder to a file.
        for f in self.old_files.keys().filter(|f| !wanted.contains(f.as_str()) && !wanted_dirs.contains(Path::new(f))) {
            remove(&self.dir.join(f), |p| std::fs::remove_file(p))?;
            removed += 1;
        }
        // Deepest first, so that a folder is empty when its turn comes.
        for d in self.old_dirs.iter().rev().filter(|d| !wanted_dirs.contains(*d) && !d.to_str().is_some_and(|s| wanted.contains(s))) {
            remove(&self.dir.join(d), |p| std::fs::remove_dir_all(p))?;
        }
        let c = &self.counter;
        let stats = WriteStats {
            files: files.len(),
            written: c.written.load(Ordering::Relaxed),
            bytes_written: c.bytes.load(Ordering::Relaxed),
            linked: c.linked.load(Ordering::Relaxed),
            removed,
            generation: 0,
        };
        Ok((stats, files))
    }
}

/// Removes whatever is at `path` (a file, a link or a folder).
fn clear(path: &Path) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => remove(path, |p| std::fs::remove_dir_all(p)),
        Ok(_) => remove(path, |p| std::fs::remove_file(p)),
        Err(_) => Ok(()),
    }
}

/// Removes `path` with `how`; one that is already gone is fine.
fn remove(path: &Path, how: fn(&Path) -> std::io::Result<()>) -> Result<(), WriteError> {
    match how(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(WriteError::Io { path: path.to_path_buf(), source: e }),
        _ => Ok(()),
    }
}

/// The folders that hold the files at `paths`, with their ancestors, sorted (parents first).
fn parents<'p>(paths: impl Iterator<Item = &'p str>) -> Vec<PathBuf> {
    let mut dirs: HashSet<PathBuf> = HashSet::new();
    for f in paths {
        let mut p = Path::new(f).parent();
        while let Some(d) = p.filter(|d| !d.as_os_str().is_empty()) {
            if !dirs.insert(d.to_path_buf()) {
                break;
            }
            p = d.parent();
        }
    }
    let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
    dirs.sort();
    dirs
}

/// Every entry under `dir`: files (anything not a folder, as `/`-separated paths) and
/// folders (sorted, parents first).
fn walk(dir: &Path) -> Result<(Vec<String>, Vec<PathBuf>), WriteError> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        let full = dir.join(&rel);
        for entry in std::fs::read_dir(&full).map_err(io(&full))? {
            let entry = entry.map_err(io(&full))?;
            let path = rel.join(entry.file_name());
            if entry.file_type().map_err(io(&full))?.is_dir() {
                dirs.push(path.clone());
                todo.push(path);
            } else {
                files.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    dirs.sort();
    Ok((files, dirs))
}

/// Whether the regular file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => std::fs::read(path).is_ok_and(|old| old == bytes),
        _ => false,
    }
}

//! Making a generation of the output: a new folder filled from scratch, or the spare
//! folder (the generation before the published one) brought up to date in place.
//!
//! Files in the spare may be hard links shared with the published output, so a file is
//! never written through: a changed file is removed and created anew.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::manifest::{Manifest, Stat};
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

impl Counter {
    fn stats(&self, files: usize, removed: usize) -> WriteStats {
        WriteStats {
            files,
            written: self.written.load(Ordering::Relaxed),
            bytes_written: self.bytes.load(Ordering::Relaxed),
            linked: self.linked.load(Ordering::Relaxed),
            removed,
        }
    }

    /// Puts `bytes` at `path` (which does not exist): a hard link to the published file
    /// when that has the same bytes, else a new file.
    fn put(&self, path: &Path, bytes: &[u8], published: Option<&Path>) -> Result<(), WriteError> {
        if let Some(prev) = published
            && same_bytes(prev, bytes)
            && std::fs::hard_link(prev, path).is_ok()
        {
            self.linked.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        if let Err(e) = std::fs::write(path, bytes) {
            // A folder the manifest said was there is gone (removed by hand): make it again.
            let parent =
                path.parent().filter(|_| e.kind() == std::io::ErrorKind::NotFound).ok_or_else(|| WriteError::Io { path: path.to_path_buf(), source: e })?;
            std::fs::create_dir_all(parent).map_err(io(parent))?;
            std::fs::write(path, bytes).map_err(io(path))?;
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }
}

/// Writes every file into the new folder `dir`, hard-linking those whose bytes equal the
/// ones in `published`.
pub fn fill(dir: &Path, files: &[Output], published: Option<&Path>, progress: &Progress) -> Result<WriteStats, WriteError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    for d in parents(files.iter().map(|f| f.path.as_str())) {
        let d = dir.join(d);
        std::fs::create_dir_all(&d).map_err(io(&d))?;
    }
    let counter = Counter::default();
    files.par_iter().try_for_each(|f| {
        progress.inc(1);
        counter.put(&dir.join(&f.path), &f.bytes, published.map(|p| p.join(&f.path)).as_deref())
    })?;
    Ok(counter.stats(files.len(), 0))
}

/// Brings the folder `spare` to exactly `files` (whose hashes are `hashes`): stale entries
/// are removed, files whose bytes differ are replaced (linked from `published` when it has
/// them), the rest stay. `manifest` says what `spare` holds; without one it is walked.
pub fn update(
    spare: &Path,
    files: &[Output],
    hashes: &[u64],
    published: &Path,
    manifest: Option<&Manifest>,
    progress: &Progress,
) -> Result<WriteStats, WriteError> {
    let (old_files, old_dirs) = match manifest {
        Some(m) => (m.keys().cloned().collect(), parents(m.keys().map(String::as_str))),
        None => walk(spare)?,
    };
    let wanted: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let wanted_dirs: HashSet<PathBuf> = parents(files.iter().map(|f| f.path.as_str())).into_iter().collect();
    let mut removed = 0;
    for f in old_files.iter().filter(|f| !wanted.contains(f.as_str())) {
        let path = spare.join(f);
        remove(&path, |p| std::fs::remove_file(p))?;
        removed += 1;
    }
    // Deepest first, so that a folder is empty when its turn comes.
    for d in old_dirs.iter().rev().filter(|d| !wanted_dirs.contains(*d)) {
        remove(&spare.join(d), |p| std::fs::remove_dir_all(p))?;
    }
    let old_dirs: HashSet<&PathBuf> = old_dirs.iter().collect();
    for d in wanted_dirs.iter().filter(|d| !old_dirs.contains(d)) {
        let path = spare.join(d);
        std::fs::create_dir_all(&path).map_err(io(&path))?;
    }
    let counter = Counter::default();
    let old_files: HashSet<&str> = old_files.iter().map(String::as_str).collect();
    files.par_iter().zip(hashes).try_for_each(|(f, &hash)| {
        progress.inc(1);
        let path = spare.join(&f.path);
        if old_files.contains(f.path.as_str()) {
            // Known from the manifest when the file is still as recorded; else compared.
            let known = manifest.and_then(|m| m.get(&f.path)).filter(|e| Stat::of(&path) == Some(e.stat));
            if known.map_or_else(|| same_bytes(&path, &f.bytes), |e| e.hash == hash) {
                return Ok(());
            }
            remove(&path, |p| std::fs::remove_file(p))?;
        }
        counter.put(&path, &f.bytes, Some(&published.join(&f.path)))
    })?;
    Ok(counter.stats(files.len(), removed))
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

//! Stage 4, write: bring a spare folder beside the output up to date with the rendered
//! files, then swap it into place atomically. A build that fails before the swap leaves the
//! output untouched.

mod generation;
mod manifest;
mod swap;

use std::path::{Component, Path, PathBuf};

use generation::Generation;

use crate::progress::Progress;
use crate::render::Output;

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to write the site to {0}: {1}")]
    UnsafeOutput(PathBuf, &'static str),
    #[error("a rendered file has an unsafe path: {0}")]
    UnsafePath(String),
    #[error("can't write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// Writes a workspace snapshot with `encode` into a file beside `path`, to be put in place
/// by [`commit_snapshot`], and removes the snapshot at `path`, which goes with the output
/// about to be replaced. Returns what `encode` returns (the size written).
pub fn stage_snapshot(path: &Path, encode: impl FnOnce(&mut dyn std::io::Write) -> bincode::Result<usize>) -> Result<usize, WriteError> {
    use std::io::Write as _;
    let _ = std::fs::remove_file(path);
    let tmp = staging(path);
    let file = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let size = encode(&mut out).map_err(|e| WriteError::Io { path: tmp.clone(), source: std::io::Error::other(e.to_string()) })?;
    out.flush().map_err(io(&tmp))?;
    Ok(size)
}

/// Ends the snapshot staged for `path` with `trailer` and puts it in place.
pub fn commit_snapshot(path: &Path, trailer: &[u8]) -> Result<(), WriteError> {
    use std::io::Write as _;
    let tmp = staging(path);
    let result = std::fs::OpenOptions::new().append(true).open(&tmp).and_then(|mut f| f.write_all(trailer)).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(WriteError::Io { path: path.to_path_buf(), source: e });
    }
    Ok(())
}

/// Where a snapshot for `path` is made before it is put in place.
fn staging(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

/// Refuses output folders that would destroy something: `/`, the site root, or
/// anything inside `content/`.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), WriteError> {
    let abs = |p: &Path| std::path::absolute(p).map(|a| normalize(&a)).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, out_abs) = (abs(root), abs(out));
    if out_abs.parent().is_none() {
        return Err(WriteError::UnsafeOutput(out.to_path_buf(), "that is the root of the file system"));
    }
    if out_abs == root_abs {
        return Err(WriteError::UnsafeOutput(out.to_path_buf(), "that is the site folder itself"));
    }
    if out_abs.starts_with(root_abs.join("content")) {
        return Err(WriteError::UnsafeOutput(out.to_path_buf(), "that is inside content/"));
    }
    if root_abs.starts_with(&out_abs) {
        return Err(WriteError::UnsafeOutput(out.to_path_buf(), "the site folder is inside it"));
    }
    Ok(())
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// What a write did, for `build --timings` and the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files in the new output.
    pub files: usize,
    /// Files whose bytes were written, and how many bytes that was.
    pub written: usize,
    pub bytes_written: u64,
    /// Files hard-linked from the published output instead of written.
    pub linked: usize,
    /// Stale files removed from the previous generation.
    pub removed: usize,
    /// A hash of the new output's manifest, which tells this generation from others.
    pub generation: u64,
}

/// The hash of a file's bytes, as the manifests record it.
pub fn file_hash(bytes: &[u8]) -> u64 {
    manifest::hash(bytes)
}

/// The output published at `out` as its manifest records it: a hash of the manifest (which
/// tells one generation from another) and every file with the hash of its bytes, sorted.
/// `None` when there is no manifest or a file is not as it records (changed by hand).
pub fn published(out: &Path) -> Option<(u64, Vec<(String, u64)>)> {
    use rayon::prelude::*;
    let listed = manifest_paths(out).0;
    let text = std::fs::read_to_string(listed).ok()?;
    let entries = manifest::parse(&text)?;
    let intact = entries.par_iter().all(|(path, e)| manifest::Stat::of(&out.join(path)) == Some(e.stat));
    let mut files: Vec<(String, u64)> = entries.into_iter().map(|(path, e)| (path, e.hash)).collect();
    files.sort();
    intact.then(|| (manifest::hash(text.as_bytes()), files))
}

/// The manifests of the published output `out` and of its spare.
fn manifest_paths(out: &Path) -> (PathBuf, PathBuf) {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    (parent.join(format!(".{name}.planverk-manifest")), parent.join(format!(".{name}.planverk-spare-manifest")))
}

/// Writes `files` to `out`, replacing what is there in one atomic step; a failure before
/// that step leaves `out` byte for byte as it was. See [`Publisher`].
pub fn write_site(root: &Path, out: &Path, files: &[Output], progress: &Progress) -> Result<WriteStats, WriteError> {
    let publisher = Publisher::open(root, out)?;
    publisher.put(files, progress)?;
    publisher.finish()
}

/// A new output in the making: files are put as they are rendered (so that they need not
/// all be held in memory), and [`Publisher::finish`] puts the whole in place of `out`.
///
/// The new site is made in a spare folder beside `out` (`.public.planverk-spare`) that
/// holds the generation before the published one: it is brought up to date file by file
/// (only files whose bytes differ are written, unchanged ones stay, stale ones go), then
/// swapped with `out` in one `renameat2(RENAME_EXCHANGE)`. The previous output becomes the
/// spare for the next build. A first build writes a new folder and renames it into place.
/// Manifests beside both folders (`.public.planverk-manifest`, `…-spare-manifest`) let
/// the update tell unchanged files by one `stat` each instead of reading them. Dropped
/// without `finish` (the build failed), it leaves `out` as it was.
pub struct Publisher {
    out: PathBuf,
    /// `None` once finished.
    generation: Option<Generation>,
    /// Where the generation is made: a new folder (no output published yet) or the spare.
    fresh: bool,
    /// Whether the generation's folder was made by this publisher (and so goes if it fails).
    made: bool,
    /// The manifests of the published output and of the spare.
    listed: PathBuf,
    listed_spare: PathBuf,
    /// The first error of a [`Publisher::take`], returned by `finish`.
    failed: std::sync::Mutex<Option<WriteError>>,
}

impl Publisher {
    /// Starts a new generation of the output folder `out` of the site at `root`.
    pub fn open(root: &Path, out: &Path) -> Result<Publisher, WriteError> {
        check_output_dir(root, out)?;
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let spare = parent.join(format!(".{name}.planverk-spare"));
        let (listed, listed_spare) = manifest_paths(out);
        let published = std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir());
        let mut made = true;
        let generation = if !published {
            let tmp = parent.join(format!(".{name}.planverk-new-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&tmp);
            let _ = std::fs::remove_file(&listed);
            Generation::new_folder(&tmp, None)?
        } else {
            // The spare's manifest goes first: a build that stops half-way leaves none, and
            // the next one walks the folder.
            let spare_manifest = manifest::read(&listed_spare);
            let _ = std::fs::remove_file(&listed_spare);
            match std::fs::symlink_metadata(&spare) {
                Ok(m) if m.is_dir() => {
                    made = false;
                    Generation::spare(&spare, out, spare_manifest)?
                }
                other => {
                    if other.is_ok() {
                        std::fs::remove_file(&spare).map_err(io(&spare))?;
                    }
                    Generation::new_folder(&spare, Some(out))?
                }
            }
        };
        Ok(Publisher { out: out.to_path_buf(), generation: Some(generation), fresh: !published, made, listed, listed_spare, failed: Default::default() })
    }

    /// Puts `files` (each path once) into the new generation; a path put again in a later
    /// call gets the later bytes.
    pub fn put(&self, files: &[Output], progress: &Progress) -> Result<(), WriteError> {
        for f in files {
            let p = Path::new(&f.path);
            if p.is_absolute() || p.components().any(|c| !matches!(c, Component::Normal(_))) || f.path.is_empty() {
                return Err(WriteError::UnsafePath(f.path.clone()));
            }
        }
        match &self.generation {
            Some(g) => g.put(files, progress),
            None => Ok(()),
        }
    }

    /// Keeps `files` (path and hash, as the published output's manifest records them) in
    /// the new generation without their bytes: they are linked from the published output.
    pub fn keep(&self, files: &[(String, u64)], progress: &Progress) -> Result<(), WriteError> {
        match &self.generation {
            Some(g) => g.keep(files, progress),
            None => Ok(()),
        }
    }

    /// Puts `files` like [`Publisher::put`], keeping an error for `finish` to return.
    pub fn take(&self, files: &[Output], progress: &Progress) {
        if let Err(e) = self.put(files, progress) {
            let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
            failed.get_or_insert(e);
        }
    }

    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Clears the new generation of stale files and swaps it in place of the output.
    pub fn finish(mut self) -> Result<WriteStats, WriteError> {
        if let Some(e) = self.failed.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(e);
        }
        let Some(generation) = self.generation.take() else { return Ok(WriteStats::default()) };
        let dir = generation.dir().to_path_buf();
        let (stats, files) = generation.finish()?;
        if self.fresh {
            if let Err(e) = swap::replace(&dir, &self.out) {
                let _ = std::fs::remove_dir_all(&dir);
                return Err(e);
            }
        } else {
            swap::exchange(&dir, &self.out)?;
            // The old output, now the spare, is what the published manifest described.
            if std::fs::rename(&self.listed, &self.listed_spare).is_err() {
                let _ = std::fs::remove_file(&self.listed_spare);
            }
        }
        let generation = manifest::write(&self.listed, &self.out, &files)?;
        Ok(WriteStats { generation, ..stats })
    }
}

impl crate::render::Sink for Publisher {
    fn take(&self, files: &[Output]) {
        Publisher::take(self, files, &Progress::hidden());
    }
}

impl Drop for Publisher {
    /// A folder made for a generation never put in place is removed; a spare that was
    /// there stays, without its manifest.
    fn drop(&mut self) {
        if let Some(g) = &self.generation
            && self.made
        {
            let _ = std::fs::remove_dir_all(g.dir());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_output_folders_are_refused() {
        let root = Path::new("/tmp/site");
        assert!(check_output_dir(root, Path::new("/")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/site")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/site/content/x")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/site/public/../content")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/site/public")).is_ok());
    }

    #[test]
    fn unsafe_file_paths_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let err = write_site(dir.path(), &out, &[Output::new("../evil", "x")], &Progress::hidden()).unwrap_err();
        assert!(matches!(err, WriteError::UnsafePath(_)));
        assert!(!out.exists());
    }

    fn ino(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).unwrap().ino()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    const GENERATIONS: [&str; 4] = [".public.planverk-manifest", ".public.planverk-spare", ".public.planverk-spare-manifest", "public"];

    #[test]
    fn a_rebuild_updates_the_spare_generation_and_swaps_it_in() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let spare = dir.path().join(".public.planverk-spare");
        let v1 = [Output::new("same.html", "1"), Output::new("changed.html", "a"), Output::new("gone/index.html", "x")];
        let first = write_site(dir.path(), &out, &v1, &Progress::hidden()).unwrap();
        assert_eq!((first.written, first.bytes_written, first.linked), (3, 3, 0));
        assert!(!spare.exists(), "a first build has no spare");

        // Second build: the spare is made, unchanged files linked from the published output.
        let same = ino(&out.join("same.html"));
        let second = write_site(dir.path(), &out, &v1, &Progress::hidden()).unwrap();
        assert_eq!((second.written, second.linked), (0, 3));
        assert_eq!(ino(&out.join("same.html")), same, "an unchanged file is linked, not rewritten");
        assert_eq!(names(dir.path()), GENERATIONS, "the previous output is kept as the spare");

        // Third build: the spare is brought up to date in place; the old output is untouched.
        let v3 = [Output::new("same.html", "1"), Output::new("changed.html", "bb"), Output::new("new/index.html", "n")];
        let third = write_site(dir.path(), &out, &v3, &Progress::hidden()).unwrap();
        assert_eq!((third.written, third.bytes_written, third.removed), (2, 3, 1), "{third:?}");
        assert_eq!(tree(&out), vec![("changed.html".into(), "bb".into()), ("new/index.html".into(), "n".into()), ("same.html".into(), "1".into())]);
        assert_eq!(ino(&out.join("same.html")), same);
        assert_eq!(std::fs::read_to_string(spare.join("changed.html")).unwrap(), "a", "a linked file is replaced, never written through");
        assert!(spare.join("gone/index.html").is_file(), "the spare is the previous output as it was");
        assert_eq!(names(dir.path()), GENERATIONS, "no temporary folders are left");

        // A file of the spare changed by hand is noticed (its stat differs from the manifest).
        std::fs::remove_file(spare.join("same.html")).unwrap();
        std::fs::write(spare.join("same.html"), "hand-edited").unwrap();
        write_site(dir.path(), &out, &v3, &Progress::hidden()).unwrap();
        assert_eq!(tree(&out), tree(&spare), "both generations now hold the same files");
        assert_eq!(std::fs::read_to_string(out.join("same.html")).unwrap(), "1");

        // A folder of the spare removed by hand is made again.
        std::fs::remove_dir_all(spare.join("new")).unwrap();
        write_site(dir.path(), &out, &[Output::new("new/index.html", "m")], &Progress::hidden()).unwrap();
        assert_eq!(tree(&out), vec![("new/index.html".into(), "m".into())]);
    }

    #[test]
    fn a_spare_with_anything_in_it_ends_up_exactly_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let spare = dir.path().join(".public.planverk-spare");
        write_site(dir.path(), &out, &[Output::new("a/index.html", "1")], &Progress::hidden()).unwrap();
        std::fs::create_dir_all(spare.join("a/index.html")).unwrap();
        std::fs::create_dir_all(spare.join("junk/deep")).unwrap();
        std::fs::write(spare.join("junk/deep/x"), "x").unwrap();
        std::fs::write(spare.join("b"), "file where a folder goes").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", spare.join("c.html")).unwrap();
        let files = [Output::new("a/index.html", "2"), Output::new("b/index.html", "3"), Output::new("c.html", "4")];
        write_site(dir.path(), &out, &files, &Progress::hidden()).unwrap();
        assert_eq!(tree(&out), vec![("a/index.html".into(), "2".into()), ("b/index.html".into(), "3".into()), ("c.html".into(), "4".into())]);
        assert_eq!(std::fs::read_to_string(spare.join("a/index.html")).unwrap(), "1", "the previous output, untouched");
    }

    #[test]
    fn a_publisher_takes_files_in_batches_and_a_later_put_wins() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for round in ["1", "2"] {
            let p = Publisher::open(dir.path(), &out).unwrap();
            crate::render::Sink::take(&p, &[Output::new("a/index.html", round), Output::new("robots.txt", "generated")]);
            p.put(&[Output::new("robots.txt", "static"), Output::new("b.css", round)], &Progress::hidden()).unwrap();
            let stats = p.finish().unwrap();
            assert_eq!(stats.files, 3);
            let want = vec![("a/index.html".into(), round.into()), ("b.css".into(), round.into()), ("robots.txt".into(), "static".into())];
            assert_eq!(tree(&out), want, "round {round}");
        }
    }

    #[test]
    fn a_publisher_dropped_unfinished_leaves_the_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Nothing published yet: the new folder goes.
        let p = Publisher::open(dir.path(), &out).unwrap();
        p.put(&[Output::new("a.html", "half")], &Progress::hidden()).unwrap();
        drop(p);
        assert_eq!(names(dir.path()), Vec::<String>::new(), "no folder is left behind");
        // Published twice (so there is a spare): the output stays byte for byte.
        write_site(dir.path(), &out, &[Output::new("a.html", "1")], &Progress::hidden()).unwrap();
        write_site(dir.path(), &out, &[Output::new("a.html", "2")], &Progress::hidden()).unwrap();
        let p = Publisher::open(dir.path(), &out).unwrap();
        p.put(&[Output::new("a.html", "3"), Output::new("new.html", "3")], &Progress::hidden()).unwrap();
        drop(p);
        assert_eq!(tree(&out), vec![("a.html".into(), "2".into())]);
        // The next build walks the spare (its manifest is gone) and ends up right.
        write_site(dir.path(), &out, &[Output::new("b.html", "4")], &Progress::hidden()).unwrap();
        assert_eq!(tree(&out), vec![("b.html".into(), "4".into())]);
    }

    /// Every file under `dir` with its text, sorted.
    pub(super) fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            for e in std::fs::read_dir(&d).unwrap().filter_map(Result::ok) {
                let p = e.path();
                if p.is_dir() {
                    todo.push(p);
                } else {
                    out.push((p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn swap_replaces_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(dir.path(), &out, &[Output::new("a/index.html", "1")], &Progress::hidden()).unwrap();
        write_site(dir.path(), &out, &[Output::new("b.txt", "2")], &Progress::hidden()).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "2");
    }
}

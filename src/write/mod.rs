//! Stage 4, write: bring a spare folder beside the output up to date with the rendered
//! files, then swap it into place atomically. A build that fails before the swap leaves the
//! output untouched.

mod generation;
pub mod images;
mod manifest;
mod publisher;
mod snapshot;
mod swap;

pub use publisher::{Publisher, write_site};
pub use snapshot::{commit_snapshot, discard_snapshot, stage_snapshot};

use std::path::{Component, Path, PathBuf};

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
    (beside(out, "manifest"), beside(out, "spare-manifest"))
}

/// The folder that holds the output folder `out`.
fn parent_of(out: &Path) -> &Path {
    out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// planverk's own file or folder `what` beside the output folder `out`:
/// `.public.planverk-spare` for `public/` and `spare`.
pub fn beside(out: &Path, what: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    parent_of(out).join(format!(".{name}.planverk-{what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Progress;
    use crate::render::Output;

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

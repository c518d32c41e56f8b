//! Stage 4, write: put the rendered files in a temporary folder beside the output, then
//! swap it into place. A build that fails before this point leaves the output untouched.

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

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

/// Writes `files` to `out` atomically (as far as the file system allows).
pub fn write_site(root: &Path, out: &Path, files: &[Output]) -> Result<(), WriteError> {
    check_output_dir(root, out)?;
    for f in files {
        let p = Path::new(&f.path);
        if p.is_absolute() || p.components().any(|c| !matches!(c, Component::Normal(_))) || f.path.is_empty() {
            return Err(WriteError::UnsafePath(f.path.clone()));
        }
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    let tmp = parent.join(format!(".{name}.planverk-new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.planverk-old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let previous = out.is_dir().then_some(out);
    let result = fill(&tmp, files, previous).and_then(|()| swap(&tmp, out, &old));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Writes every file into `tmp`. A file whose bytes equal those already published in
/// `previous` is hard-linked from there instead: no data is written, no inode allocated,
/// and removing the old folder after the swap then only drops a link. Rebuilds mostly
/// change few files, and on ext4 allocating and freeing thousands of inodes was most of a
/// build's time. The live output is never written to: a changed file is a new file in `tmp`.
fn fill(tmp: &Path, files: &[Output], previous: Option<&Path>) -> Result<(), WriteError> {
    std::fs::create_dir_all(tmp).map_err(io(tmp))?;
    let mut dirs: Vec<PathBuf> = files.iter().filter_map(|f| Path::new(&f.path).parent().map(|d| tmp.join(d))).collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(io(d))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = tmp.join(&f.path);
        if let Some(prev) = previous.map(|p| p.join(&f.path))
            && same_bytes(&prev, &f.bytes)
            && std::fs::hard_link(&prev, &path).is_ok()
        {
            return Ok(());
        }
        std::fs::write(&path, &f.bytes).map_err(io(&path))
    })
}

/// Whether the regular file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => std::fs::read(path).is_ok_and(|old| old == bytes),
        _ => false,
    }
}

fn swap(tmp: &Path, out: &Path, old: &Path) -> Result<(), WriteError> {
    if out.exists() {
        let _ = std::fs::remove_dir_all(old);
        std::fs::rename(out, old).map_err(io(out))?;
        if let Err(e) = std::fs::rename(tmp, out) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(old, out);
            return Err(WriteError::Io { path: out.to_path_buf(), source: e });
        }
        std::fs::remove_dir_all(old).map_err(io(old))?;
    } else {
        std::fs::rename(tmp, out).map_err(io(out))?;
    }
    Ok(())
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
        let err = write_site(dir.path(), &out, &[Output::new("../evil", "x")]).unwrap_err();
        assert!(matches!(err, WriteError::UnsafePath(_)));
        assert!(!out.exists());
    }

    #[test]
    fn unchanged_files_are_linked_changed_ones_are_new_files() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(dir.path(), &out, &[Output::new("same.html", "1"), Output::new("changed.html", "a"), Output::new("gone.html", "x")]).unwrap();
        let keep = std::fs::metadata(out.join("changed.html")).unwrap();
        let before = std::fs::metadata(out.join("same.html")).unwrap();
        write_site(dir.path(), &out, &[Output::new("same.html", "1"), Output::new("changed.html", "b")]).unwrap();
        assert_eq!(std::fs::metadata(out.join("same.html")).unwrap().ino(), before.ino(), "an unchanged file is linked, not rewritten");
        assert_eq!(std::fs::read_to_string(out.join("changed.html")).unwrap(), "b");
        assert_ne!(std::fs::metadata(out.join("changed.html")).unwrap().ino(), keep.ino(), "a changed file is a new file");
        assert!(!out.join("gone.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")], "no temporary folders are left");
    }

    #[test]
    fn swap_replaces_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(dir.path(), &out, &[Output::new("a/index.html", "1")]).unwrap();
        write_site(dir.path(), &out, &[Output::new("b.txt", "2")]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "2");
    }
}

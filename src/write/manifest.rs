//! What a generation folder holds, recorded beside it: per file a hash of its bytes and the
//! length, modification time and inode it had when written. With it, a rebuild knows which
//! files of the spare generation already have the right bytes from one `stat` each, without
//! reading them or walking the folder. A file whose `stat` no longer matches (edited by
//! hand) is compared byte by byte instead; without a manifest the folder is walked.

use std::collections::HashMap;
use std::hash::Hasher;
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use super::{WriteError, io};
use crate::render::Output;

/// One file as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub hash: u64,
    pub stat: Stat,
}

/// What `stat` says of a file: enough to notice that it changed since it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    pub len: u64,
    pub mtime_ns: i128,
    pub ino: u64,
}

impl Stat {
    /// The stat of a regular file at `path` (not following links); `None` for anything else.
    pub fn of(path: &Path) -> Option<Stat> {
        let meta = std::fs::symlink_metadata(path).ok().filter(|m| m.is_file())?;
        let mtime_ns = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i128);
        #[cfg(unix)]
        let ino = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let ino = 0;
        Some(Stat { len: meta.len(), mtime_ns, ino })
    }
}

/// Files by path.
pub type Manifest = HashMap<String, Entry>;

/// A stable 64-bit hash of a file's bytes (SipHash with fixed keys).
pub fn hash(bytes: &[u8]) -> u64 {
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    h.write(bytes);
    h.finish()
}

/// The hashes of `files`, in order.
pub fn hashes(files: &[Output]) -> Vec<u64> {
    files.par_iter().map(|f| hash(&f.bytes)).collect()
}

/// Reads a manifest; `None` when it is missing or unreadable.
pub fn read(path: &Path) -> Option<Manifest> {
    parse(&std::fs::read_to_string(path).ok()?)
}

/// A manifest from its text.
pub fn parse(text: &str) -> Option<Manifest> {
    let mut out = Manifest::new();
    for line in text.lines() {
        let mut parts = line.splitn(5, ' ');
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let len = parts.next()?.parse().ok()?;
        let mtime_ns = parts.next()?.parse().ok()?;
        let ino = parts.next()?.parse().ok()?;
        out.insert(parts.next()?.to_string(), Entry { hash, stat: Stat { len, mtime_ns, ino } });
    }
    Some(out)
}

/// Records the files of the generation folder `dir` (each path with its hash) at `path`;
/// returns the hash of what it wrote.
pub fn write(path: &Path, dir: &Path, files: &[(String, u64)]) -> Result<u64, WriteError> {
    let lines: Vec<String> =
        files.par_iter().filter_map(|(f, h)| Stat::of(&dir.join(f)).map(|s| format!("{h:016x} {} {} {} {f}\n", s.len, s.mtime_ns, s.ino))).collect();
    let tmp = path.with_extension("tmp");
    let text = lines.concat();
    let mut file = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    file.write_all(text.as_bytes()).map_err(io(&tmp))?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(io(path))?;
    Ok(hash(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let files = [Output::new("a b/index.html", "x"), Output::new("c.css", "yy")];
        std::fs::create_dir_all(dir.path().join("a b")).unwrap();
        for f in &files {
            std::fs::write(dir.path().join(&f.path), &f.bytes).unwrap();
        }
        let path = dir.path().join("m");
        let entries: Vec<(String, u64)> = files.iter().map(|f| f.path.clone()).zip(hashes(&files)).collect();
        write(&path, dir.path(), &entries).unwrap();
        let m = read(&path).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m["a b/index.html"].hash, hash(b"x"));
        assert_eq!(Some(m["c.css"].stat), Stat::of(&dir.path().join("c.css")));
        assert_ne!(hash(b"x"), hash(b"y"));
    }
}

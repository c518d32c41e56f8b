//! The workspace snapshot beside the output: staged while the output is written, put in
//! place after it (`crate::workspace::snapshot` says what is in it).

use std::path::{Path, PathBuf};

use super::{WriteError, io};

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

/// Removes the snapshot staged for `path`, if it is still there.
pub fn discard_snapshot(path: &Path) {
    let _ = std::fs::remove_file(staging(path));
}

/// Where a snapshot for `path` is made before it is put in place.
fn staging(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

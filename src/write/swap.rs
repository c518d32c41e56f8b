//! Putting a finished generation in place of the output folder.

use std::path::Path;

use super::{WriteError, io};

/// Swaps the folders `new` and `out` in one step, so that `out` is at every moment either
/// the old or the new site; `new` then holds the old one. Where the file system cannot
/// exchange (not Linux, or a file system without `RENAME_EXCHANGE`), three renames do it,
/// putting the old output back if the second fails.
pub fn exchange(new: &Path, out: &Path) -> Result<(), WriteError> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, out, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if ![rustix::io::Errno::INVAL, rustix::io::Errno::NOSYS, rustix::io::Errno::NOTSUP].contains(&e) => {
                return Err(WriteError::Io { path: out.to_path_buf(), source: e.into() });
            }
            Err(_) => {}
        }
    }
    let old = new.with_extension("planverk-old");
    let _ = std::fs::remove_dir_all(&old);
    std::fs::rename(out, &old).map_err(io(out))?;
    if let Err(e) = std::fs::rename(new, out) {
        let _ = std::fs::rename(&old, out);
        return Err(WriteError::Io { path: out.to_path_buf(), source: e });
    }
    std::fs::rename(&old, new).map_err(io(new))
}

/// Moves the new folder `new` to `out`, where nothing is published yet.
pub fn replace(new: &Path, out: &Path) -> Result<(), WriteError> {
    if std::fs::symlink_metadata(out).is_ok() {
        // Not a folder (a file or a link where the output goes): keep it aside until the
        // new output is in place.
        let old = new.with_extension("planverk-old");
        let _ = std::fs::remove_file(&old);
        std::fs::rename(out, &old).map_err(io(out))?;
        if let Err(e) = std::fs::rename(new, out) {
            let _ = std::fs::rename(&old, out);
            return Err(WriteError::Io { path: out.to_path_buf(), source: e });
        }
        return std::fs::remove_file(&old).map_err(io(&old));
    }
    std::fs::rename(new, out).map_err(io(out))
}

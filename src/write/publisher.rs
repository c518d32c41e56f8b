//! The new generation of the output, put together batch by batch and swapped into place.

use std::path::{Component, Path, PathBuf};

use super::generation::Generation;
use super::{WriteError, WriteStats, beside, check_output_dir, io, manifest, manifest_paths, parent_of, swap};
use crate::progress::Progress;
use crate::render::Output;

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
        let parent = parent_of(out);
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let spare = beside(out, "spare");
        let (listed, listed_spare) = manifest_paths(out);
        let published = std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir());
        let mut made = true;
        let generation = if !published {
            let tmp = beside(out, &format!("new-{}", std::process::id()));
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

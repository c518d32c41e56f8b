//! The workspace store beside the output: a `redb` database (one file, transactions, a
//! crash or kill leaves the last committed state) with one record per page, per Markdown
//! file's hash and per chunk of the search index, so that a build reads the records it needs
//! and writes only those that changed. Values are `postcard` (a maintained, compact serde
//! format), each compressed with LZ4.
//!
//! A store that can't be opened (damaged, or not a redb file), or that an older planverk
//! made (another [`FORMAT`]), is set aside with a one-line note and made anew; the build
//! then loads everything.

use std::path::{Path, PathBuf};

use redb::{Database, ReadableDatabase, TableDefinition};

/// Changes whenever the layout of the records does.
pub const FORMAT: u32 = 3;

/// The build's header: what the store is valid for (see [`super::resume`]).
pub(super) const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
/// Page number → its [`super::resume::PageRecord`].
pub(super) const PAGES: TableDefinition<u32, &[u8]> = TableDefinition::new("pages");
/// Markdown file (relative to the site) → the hash of its text as last read.
pub(super) const HASHES: TableDefinition<&str, u64> = TableDefinition::new("hashes");
/// Chunk number → that chunk of the search index's terms and documents.
pub(super) const TERMS: TableDefinition<u32, &[u8]> = TableDefinition::new("search-terms");
pub(super) const DOCS: TableDefinition<u32, &[u8]> = TableDefinition::new("search-docs");

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the workspace store {path} can't be used: {message}")]
    Broken { path: PathBuf, message: String },
}

/// An open workspace store.
pub struct Store {
    db: Database,
    path: PathBuf,
}

/// Where the store of the output folder `out` is kept.
pub fn path_for(out: &Path) -> PathBuf {
    crate::write::beside(out, "store")
}

/// The one-file snapshot older planverk versions kept instead (removed when seen).
fn old_snapshot(out: &Path) -> PathBuf {
    crate::write::beside(out, "workspace")
}

impl Store {
    /// Opens the store beside the output folder `out`, making it when there is none; a
    /// store that can't be read is removed and made anew, and `note` is told why.
    pub fn open(out: &Path, note: &mut dyn FnMut(String)) -> Result<Store, StoreError> {
        let path = path_for(out);
        let old = old_snapshot(out);
        if old.exists() {
            note("the workspace snapshot of an older planverk was removed; everything is built again".into());
            let _ = std::fs::remove_file(&old);
        }
        match Self::open_at(&path) {
            Ok(store) => Ok(store),
            Err(e @ StoreError::Broken { .. }) if is_lock_error(&e) => Err(e),
            Err(e) => {
                note(format!("{e}; it was made anew and everything is built again"));
                std::fs::remove_file(&path).map_err(|err| broken(&path, &err))?;
                Self::open_at(&path)
            }
        }
    }

    fn open_at(path: &Path) -> Result<Store, StoreError> {
        let db = match quietly(|| Database::create(path)) {
            Some(Ok(db)) => db,
            Some(Err(e)) => return Err(broken(path, &e)),
            None => return Err(broken(path, &"it is damaged")),
        };
        Ok(Store { db, path: path.to_path_buf() })
    }

    pub(super) fn db(&self) -> &Database {
        &self.db
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The size of the store's file.
    pub fn size(&self) -> u64 {
        std::fs::metadata(&self.path).map_or(0, |m| m.len())
    }

    /// Runs `read` on a read transaction; any failure (or panic on damaged bytes) is `None`.
    pub(super) fn read<T>(&self, read: impl FnOnce(&redb::ReadTransaction) -> Option<T>) -> Option<T> {
        quietly(|| {
            let txn = self.db.begin_read().ok()?;
            read(&txn)
        })
        .flatten()
    }
}

/// Runs `f`; `None` if it panics. redb asserts on some bytes it does not expect (a file cut
/// short), and a damaged store must not stop the build nor print a panic: the panic message
/// is held back meanwhile.
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    std::panic::set_hook(hook);
    result
}

fn is_lock_error(e: &StoreError) -> bool {
    matches!(e, StoreError::Broken { message, .. } if message.contains("already open"))
}

pub(super) fn broken(path: &Path, e: &dyn std::fmt::Display) -> StoreError {
    StoreError::Broken { path: path.to_path_buf(), message: e.to_string() }
}

/// A value as stored: postcard, compressed.
pub(super) fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // postcard only fails on types serde can't write without a length (none here) or on
    // running out of a fixed buffer (a Vec grows).
    let raw = postcard::to_allocvec(value).unwrap_or_default();
    lz4_flex::compress_prepend_size(&raw)
}

/// A stored value read back; `None` when the bytes are not one.
pub(super) fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    let raw = lz4_flex::decompress_size_prepended(bytes).ok()?;
    postcard::from_bytes(&raw).ok()
}

/// Reads every value of the `u32`-keyed `table` in key order; `None` if a key is missing.
pub(super) fn read_all(txn: &redb::ReadTransaction, table: TableDefinition<u32, &[u8]>, count: usize) -> Option<Vec<Vec<u8>>> {
    let table = txn.open_table(table).ok()?;
    let mut out = Vec::with_capacity(count);
    for (n, entry) in table.range(0..count as u32).ok()?.enumerate() {
        let (key, value) = entry.ok()?;
        if key.value() as usize != n {
            return None;
        }
        out.push(value.value().to_vec());
    }
    (out.len() == count).then_some(out)
}

/// Reads a `meta` value.
pub(super) fn read_meta(txn: &redb::ReadTransaction, key: &str) -> Option<Vec<u8>> {
    let table = txn.open_table(META).ok()?;
    table.get(key).ok()?.map(|v| v.value().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_store_is_made_anew_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::write(path_for(&out), vec![0xffu8; 8192]).unwrap();
        std::fs::write(old_snapshot(&out), b"old").unwrap();
        let mut notes = Vec::new();
        let store = Store::open(&out, &mut |n| notes.push(n)).unwrap();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(!old_snapshot(&out).exists());
        assert!(store.read(|txn| read_meta(txn, "head")).is_none(), "a new store is empty");
        drop(store);
        let mut again = Vec::new();
        Store::open(&out, &mut |n| again.push(n)).unwrap();
        assert!(again.is_empty(), "a good store opens without a note: {again:?}");
    }

    #[test]
    fn values_round_trip_and_junk_is_refused() {
        let value = (String::from("side"), vec![1u32, 2, 3], Some(7u64));
        let bytes = encode(&value);
        assert_eq!(decode::<(String, Vec<u32>, Option<u64>)>(&bytes), Some(value));
        assert_eq!(decode::<(String, Vec<u32>)>(&[1, 2, 3]), None);
    }
}

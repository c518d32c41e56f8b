//! The picture cache beside the output (`.public.planverk-images/`): the variants a build
//! made, kept for the next build and `serve`, and pruned of those no page uses any more.

use std::path::Path;

/// Writes the new entries `made` into the cache folder `dir` (each through a temporary file
/// renamed into place, so a build that stops half-way leaves no half-written entry), then
/// removes every entry not in `used` (sorted).
pub fn store(dir: &Path, made: &[(String, Vec<u8>)], used: &[String]) -> std::io::Result<()> {
    if made.is_empty() && used.is_empty() && !dir.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in made {
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, dir.join(name))?;
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if used.binary_search(&name).is_err() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_kept_and_the_unused_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join(".public.planverk-images");
        store(&cache, &[("a".into(), b"1".to_vec()), ("b".into(), b"2".to_vec())], &["a".into(), "b".into()]).unwrap();
        store(&cache, &[("c".into(), b"3".to_vec())], &["a".into(), "c".into()]).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&cache).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["a", "c"]);
        assert_eq!(std::fs::read(cache.join("c")).unwrap(), b"3");
    }
}

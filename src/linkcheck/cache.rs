//! The links that answered well, and when: `.planverk/links.json` beside the site, so that
//! the next `check --external` within `cache_days` does not ask them again. Dead links are
//! never kept: they are asked every time until they are fixed.

use std::collections::BTreeMap;
use std::path::Path;

/// URL → Unix seconds of the last good answer.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cache {
    ok: BTreeMap<String, u64>,
}

impl Cache {
    /// The cache at `path`; an empty one when there is none or it can't be read.
    pub fn read(path: &Path) -> Cache {
        std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    /// Whether `url` answered well less than `days` days before `now`.
    pub fn fresh(&self, url: &str, now: u64, days: u64) -> bool {
        self.ok.get(url).is_some_and(|&t| t <= now && now - t < days * 86_400)
    }

    pub fn remember(&mut self, url: &str, now: u64) {
        self.ok.insert(url.to_string(), now);
    }

    pub fn forget_older_than(&mut self, now: u64, days: u64) {
        self.ok.retain(|_, &mut t| t <= now && now - t < days * 86_400);
    }

    /// Writes the cache (through a temporary file, so a reader never sees half of it);
    /// the folder gets a `.gitignore` so that it stays out of the site's repository.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(&ignore, "*\n")?;
        }
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?)?;
        std::fs::rename(&tmp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_for_the_given_days_then_forgotten() {
        let mut c = Cache::default();
        c.remember("https://x.no/", 1_000_000);
        assert!(c.fresh("https://x.no/", 1_000_000 + 86_400, 7));
        assert!(!c.fresh("https://x.no/", 1_000_000 + 7 * 86_400, 7));
        assert!(!c.fresh("https://y.no/", 1_000_000, 7));
        c.forget_older_than(1_000_000 + 8 * 86_400, 7);
        assert_eq!(c, Cache::default());
    }
}

//! A reference from content to content: a page path, optionally with an item id.

use std::fmt;

use super::SourcePos;

/// `planer/oslo-strategisk-plan#S1-C`: the page path and, after `#`, an item on that page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    pub path: String,
    pub item: Option<String>,
    /// Where the reference is written, for diagnostics.
    pub pos: SourcePos,
}

impl Reference {
    /// Parses `path#item`; leading `/`, `@/`, and a trailing `.md` or `/` are tolerated.
    pub fn parse(text: &str, pos: SourcePos) -> Reference {
        let text = text.trim();
        let (path, item) = match text.split_once('#') {
            Some((p, i)) => (p, Some(i.to_string()).filter(|i| !i.is_empty())),
            None => (text, None),
        };
        let path = path.trim_start_matches("@/").trim_start_matches('/');
        let path = path.strip_suffix(".md").unwrap_or(path);
        let path = path.strip_suffix("/_index").unwrap_or(path);
        // `@/aktuelt/sak/index.md`: the page folder `aktuelt/sak`.
        let path = if text.contains(".md") { path.strip_suffix("/index").unwrap_or(path) } else { path };
        let path = if path == "_index" { "" } else { path };
        Reference { path: path.trim_end_matches('/').to_string(), item, pos }
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.item {
            Some(item) => write!(f, "{}#{}", self.path, item),
            None => f.write_str(&self.path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths_and_items() {
        let p = SourcePos::default();
        let r = Reference::parse("planer/oslo#S1-C", p);
        assert_eq!(r.path, "planer/oslo");
        assert_eq!(r.item.as_deref(), Some("S1-C"));
        let r = Reference::parse("@/planer/oslo.md", p);
        assert_eq!((r.path.as_str(), r.item), ("planer/oslo", None));
        assert_eq!(Reference::parse("@/kurs/_index.md", p).path, "kurs");
        assert_eq!(Reference::parse("@/_index.md", p).path, "");
    }
}

//! `planverk new KIND PATH`: a new page of a kind with every required field filled in and
//! each optional one as a comment with its hint, made from the content model
//! ([`crate::model::schema`]), for those who edit files rather than use `/admin/`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::model::PageKind;
use crate::model::schema::{self, Field, Shape};

/// Why no page was written.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("`{0}` is not a kind of page; the kinds are {kinds}", kinds = PageKind::NAMES.join(", "))]
    Kind(String),
    #[error("`{0}` can't be a page's path: write it under content/ with letters, digits and - (kurs/nytt-kurs)")]
    Path(String),
    #[error("{0} already exists; choose another path or edit that file")]
    Exists(String),
    #[error("can't write {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// The file a content path names: `kurs/nytt` and `content/kurs/nytt.md` both give
/// `content/kurs/nytt.md`. Paths that leave `content/` are refused.
pub fn file_for(path: &str) -> Result<PathBuf, NewError> {
    let bad = || NewError::Path(path.to_string());
    let trimmed = path.trim().trim_start_matches("./");
    let inner = trimmed.strip_prefix("content/").unwrap_or(trimmed);
    let inner = inner.strip_suffix(".md").unwrap_or(inner).trim_end_matches('/');
    if inner.is_empty() || inner.starts_with('/') || inner.contains('\\') {
        return Err(bad());
    }
    let ok_part = |p: &str| !p.is_empty() && !p.starts_with('.') && p.chars().any(char::is_alphanumeric) && !p.contains(['\0', ':']);
    if !inner.split('/').all(ok_part) {
        return Err(bad());
    }
    Ok(Path::new("content").join(format!("{inner}.md")))
}

/// Writes a new page of `kind` at `path` under `root`; returns the file written.
pub fn new_page(root: &Path, kind: &str, path: &str) -> Result<PathBuf, NewError> {
    let kind = PageKind::parse(kind).ok_or_else(|| NewError::Kind(kind.to_string()))?;
    let rel = file_for(path)?;
    let file = root.join(&rel);
    let io = |source| NewError::Io { path: rel.display().to_string(), source };
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let title = title_from(&rel);
    let text = skeleton(kind, &title, chrono::Utc::now().date_naive());
    let mut out = std::fs::OpenOptions::new().write(true).create_new(true).open(&file).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => NewError::Exists(rel.display().to_string()),
        _ => NewError::Io { path: rel.display().to_string(), source: e },
    })?;
    std::io::Write::write_all(&mut out, text.as_bytes()).map_err(io)?;
    Ok(rel)
}

/// "nytt-kurs-2027" → "Nytt kurs 2027".
fn title_from(rel: &Path) -> String {
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_else(|| "Ny side".into())
}

/// The text of a new page: front matter with `kind`, the required fields and the optional
/// ones as comments, then a line of body text.
pub fn skeleton(kind: PageKind, title: &str, today: chrono::NaiveDate) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", yaml_text(title));
    let _ = writeln!(out, "kind: {}", kind.as_str());
    for field in schema::fields(kind).iter().filter(|f| f.name != "title") {
        write_field(&mut out, field, "", field.required, today);
    }
    out.push_str("---\nSkriv teksten her.\n");
    out
}

/// One field: `name: value` when required, else `# name: example  # hint`.
fn write_field(out: &mut String, field: &Field, indent: &str, live: bool, today: chrono::NaiveDate) {
    let hash = if live { "" } else { "# " };
    match &field.shape {
        Shape::List(inner) => {
            let _ = writeln!(out, "{indent}{hash}{}:  # {}", field.name, field.hint);
            let mut first = true;
            for sub in inner.iter().filter(|f| f.required) {
                let dash = if first { "- " } else { "  " };
                first = false;
                let _ = writeln!(out, "{indent}{hash}  {dash}{}: {}", sub.name, example(sub, field.name, today));
            }
        }
        Shape::Group(inner) => {
            let _ = writeln!(out, "{indent}{hash}{}:  # {}", field.name, field.hint);
            for sub in inner {
                let _ = writeln!(out, "{indent}{hash}  {}: {}", sub.name, example(sub, field.name, today));
            }
        }
        shape => {
            let choices = match shape {
                Shape::Choice(v) => format!(" ({})", v.words().join(", ")),
                _ => String::new(),
            };
            let _ = writeln!(out, "{indent}{hash}{}: {}  # {}{choices}", field.name, example(field, "", today), field.hint);
        }
    }
}

/// A value for `field` (in the list `parent`, if any) that the loader accepts.
fn example(field: &Field, parent: &str, today: chrono::NaiveDate) -> String {
    let day = today.format("%Y-%m-%d");
    match (field.name, parent) {
        ("slug", _) => return "ny-side".into(),
        ("id", "strategies") => return "S1".into(),
        ("id", "goals") => return "M1".into(),
        ("id", "measures") => return "T1".into(),
        ("id", _) => return "dag-1".into(),
        _ => {}
    }
    match &field.shape {
        Shape::Line | Shape::Text | Shape::Image => "\"…\"".into(),
        Shape::Number => "1".into(),
        Shape::Boolean => "false".into(),
        Shape::Day | Shape::DayOrTime => day.to_string(),
        Shape::DateTime if field.name == "end" => format!("{day}T15:00"),
        Shape::DateTime => format!("{day}T09:00"),
        Shape::Deadline => today.format("%Y").to_string(),
        Shape::Choice(v) => v.words().first().copied().unwrap_or("").to_string(),
        Shape::Lines | Shape::Districts | Shape::ItemRefs => "[]".into(),
        Shape::District | Shape::PageRef => "\"…\"".into(),
        Shape::List(_) | Shape::Group(_) => String::new(),
    }
}

/// Text as a YAML scalar, quoted.
fn yaml_text(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_paths_become_files_under_content() {
        assert_eq!(file_for("kurs/nytt").unwrap(), Path::new("content/kurs/nytt.md"));
        assert_eq!(file_for("content/kurs/nytt.md").unwrap(), Path::new("content/kurs/nytt.md"));
        for bad in ["", "/etc/passwd", "../x", "kurs/../../x", "kurs//x", ".skjult", "C:\\x", "kurs/.."] {
            assert!(file_for(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_kind_gives_a_page_the_loader_accepts() {
        let today = chrono::NaiveDate::from_ymd_opt(2027, 3, 8).unwrap();
        for name in PageKind::NAMES {
            let kind = PageKind::parse(name).unwrap();
            let text = skeleton(kind, "Nytt: «prøve»", today);
            let page = crate::load::load_one(Path::new("content/x/ny.md"), text.clone().into_bytes(), PageKind::Page, chrono_tz::Europe::Oslo);
            let page = page.unwrap_or_else(|e| panic!("{name}: {e:?}\n{text}"));
            assert_eq!((page.kind(), page.meta.title.as_str()), (kind, "Nytt: «prøve»"), "{text}");
        }
    }

    #[test]
    fn every_optional_field_uncommented_is_accepted_too() {
        let today = chrono::NaiveDate::from_ymd_opt(2027, 3, 8).unwrap();
        for name in PageKind::NAMES {
            let kind = PageKind::parse(name).unwrap();
            let text = skeleton(kind, "Alt", today);
            // Uncomment every field line (the hints after "  # " stay comments).
            let open: String = text.lines().map(|l| l.strip_prefix("# ").unwrap_or(l)).map(|l| format!("{l}\n")).collect();
            let open = open.replace("district: \"…\"", "district: x").replace("implements: \"…\"", "implements: x/ny");
            let page = crate::load::load_one(Path::new("content/x/ny.md"), open.clone().into_bytes(), PageKind::Page, chrono_tz::Europe::Oslo);
            assert!(page.is_ok(), "{name}: {:?}\n{open}", page.err());
        }
    }
}

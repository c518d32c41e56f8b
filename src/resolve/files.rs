//! Local paths in content resolved to where they are published: a path relative to the page's
//! file (`kart.png`, `../vedlegg/plan.pdf`, `annen-sak.md`) or from the site's root
//! (`/vedlegg/plan.pdf`, a file in `static/`). A file that is not there, or a path that leads
//! out of `content/`, is an error naming the nearest files that exist.

use std::path::{Component, Path, PathBuf};

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use super::SiteGraph;
use crate::diagnostics::Code;
use crate::markdown::LinkError;
use crate::model::media::{FileFacts, LocalFile};
use crate::model::{Page, Site};

/// What a URL path may not hold as it is.
const PATH: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`').add(b'#').add(b'?').add(b'{').add(b'}').add(b'%');

/// Extensions of files a site path (`/…`) is checked for: pictures and documents, which come
/// from `static/` or `content/`. Other files (`.ics`, `.json`, `.csv`, `.xml`) may be made
/// by the build, and pages are checked by the link checker.
const CHECKED_FROM_ROOT: &[&str] =
    &["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "epub", "zip"];

/// The published URL of a file at `key`, its path in the output (`aktuelt/sak/kart.png`).
pub fn file_url(key: &str) -> String {
    format!("/{}", utf8_percent_encode(key, PATH))
}

/// What the site knows of the published file at `key` (its type and size, its variants).
pub type FactsOf<'a> = dyn Fn(&str) -> FileFacts + Sync + 'a;

/// Resolves `dest`, written in `page`'s Markdown or front matter. `None` when it is not a
/// local path (an address, `mailto:`, `#anchor`, a page URL from the root, `@/`).
pub fn resolve(dest: &str, page: &Page, site: &Site, graph: &SiteGraph, facts: &FactsOf<'_>) -> Option<Result<LocalFile, LinkError>> {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with(['#', '?']) || dest.starts_with("//") || dest.starts_with("@/") || has_scheme(dest) {
        return None;
    }
    let cut = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(cut);
    let path = percent_decode_str(path).decode_utf8_lossy().into_owned();
    let file = |key: String| LocalFile { url: format!("{}{suffix}", file_url(&key)), facts: facts(&key) };
    if let Some(key) = path.strip_prefix('/') {
        let ext = extension(key)?;
        if !CHECKED_FROM_ROOT.contains(&ext.as_str()) {
            return None;
        }
        return Some(if site.static_files.contains_key(key) { Ok(file(key.to_string())) } else { Err(missing(&path, key, site)) });
    }
    let rel = match join(page.source.parent().unwrap_or(Path::new("content")), &path) {
        Some(rel) => rel,
        None => {
            let message = format!("the path `{dest}` leads out of content/");
            let help = "nothing outside the site is published: copy the file into the page's folder and link to it by its name".to_string();
            return Some(Err(LinkError { offset: 0, code: Code::OutsideSite, message, help: Some(help) }));
        }
    };
    if rel.extension().is_some_and(|e| e == "md") {
        let (content_path, _) = crate::load::content_path(&rel);
        return Some(match graph.by_path.get(&content_path) {
            Some(&id) => Ok(LocalFile { url: format!("{}{suffix}", graph.url(id)), facts: FileFacts::Other }),
            None => {
                let near = super::references::nearest(&content_path, graph.by_path.keys().map(String::as_str));
                let help = (!near.is_empty()).then(|| format!("the nearest pages are: {}", near.join(", ")));
                Err(LinkError { offset: 0, code: Code::MissingPage, message: format!("the link `{dest}` leads to a page that does not exist"), help })
            }
        });
    }
    let key = crate::load::files::asset_key(&rel);
    if extension(&key).is_some() && !path.ends_with('/') {
        return Some(if site.static_files.contains_key(&key) { Ok(file(key)) } else { Err(missing(dest, &key, site)) });
    }
    // A relative path to a page (`../planer/`): rewritten when it names one, else left.
    let content_path = key.trim_matches('/');
    graph.by_path.get(content_path).map(|&id| Ok(LocalFile { url: format!("{}{suffix}", graph.url(id)), facts: FileFacts::Other }))
}

/// `folder` joined with the relative `path`; `None` when `..` climbs above `content/`.
fn join(folder: &Path, path: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> =
        folder.components().filter_map(|c| if let Component::Normal(n) = c { Some(n.to_string_lossy().into_owned()) } else { None }).collect();
    for segment in path.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
                if parts.is_empty() {
                    return None;
                }
            }
            s => parts.push(s.to_string()),
        }
    }
    (parts.first().map(String::as_str) == Some("content")).then(|| parts.iter().collect())
}

/// The lowercased extension of the last segment, if it has one.
fn extension(key: &str) -> Option<String> {
    let name = key.rsplit('/').next()?;
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// `https:`, `mailto:`, `tel:`, `data:`: a scheme before any `/`.
fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else { return false };
    scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The error for a file that is not at `key`, with the nearest names in its folder (or in
/// the whole site when the folder has none).
fn missing(written: &str, key: &str, site: &Site) -> LinkError {
    let (folder, name) = key.rsplit_once('/').unwrap_or(("", key));
    let siblings: Vec<&str> =
        site.static_files.keys().filter(|k| k.rsplit_once('/').map_or("", |(f, _)| f) == folder).map(|k| k.rsplit('/').next().unwrap_or(k)).collect();
    let near = if siblings.is_empty() {
        super::references::nearest(key, site.static_files.keys().map(String::as_str)).into_iter().map(|k| format!("/{k}")).collect::<Vec<_>>()
    } else {
        super::references::nearest(name, siblings.into_iter()).into_iter().map(str::to_string).collect()
    };
    let where_ = if folder.is_empty() { "the site's root".to_string() } else { format!("{folder}/") };
    let help = if near.is_empty() {
        format!("put the file in content/{where_} beside the page (or in static/), or fix the path")
    } else {
        format!("the nearest files there are: {}", near.join(", "))
    };
    LinkError { offset: 0, code: Code::MissingFile, message: format!("`{written}` names a file that does not exist (looked for {key})"), help: Some(help) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_join_the_page_folder_and_stay_inside_content() {
        let f = Path::new("content/aktuelt/sak");
        assert_eq!(join(f, "kart.png"), Some(PathBuf::from("content/aktuelt/sak/kart.png")));
        assert_eq!(join(f, "./bilder/../kart.png"), Some(PathBuf::from("content/aktuelt/sak/kart.png")));
        assert_eq!(join(f, "../../vedlegg/plan.pdf"), Some(PathBuf::from("content/vedlegg/plan.pdf")));
        assert_eq!(join(f, "../../../etc/passwd"), None);
        assert_eq!(join(f, "../../../../../../etc/passwd"), None);
    }

    #[test]
    fn schemes_and_urls() {
        assert!(has_scheme("https://x.no/a.png") && has_scheme("mailto:a@b.no") && has_scheme("data:image/png;base64,AA"));
        assert!(!has_scheme("kart.png") && !has_scheme("bilder/kl.10:00.png") && !has_scheme("1:2.png"));
        assert_eq!(file_url("aktuelt/sak/kart over byen.png"), "/aktuelt/sak/kart%20over%20byen.png");
        assert_eq!(extension("a/b.PDF").as_deref(), Some("pdf"));
        assert_eq!(extension("a/.skjult"), None);
    }
}

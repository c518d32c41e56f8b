//! Plain Markdown links inside the site (`[x](/planer/y/)`, `[x](../y/#id)`, `[x](#id)`,
//! and images), checked against the files the build publishes. A link to a page or file the
//! site does not have, or to an id the page does not have, is `E-BROKEN-LINK` at its line
//! and column, with the nearest pages or ids. Links with a scheme (`https:`, `mailto:`) are
//! `check --external`'s; `@/` links are resolved and checked while rendering
//! (`markdown_pass`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{PageId, Site};
use crate::render::{Output, Sink};
use crate::resolve::SiteGraph;

/// What the build publishes, to look links up in: rendered files (each slice sorted by
/// path; an earlier slice wins), the ids of pages that went to a sink, and files kept from
/// the last build without their bytes.
#[derive(Default)]
pub struct Published<'a> {
    pub layers: Vec<&'a [Output]>,
    pub streamed: Option<&'a HashMap<String, Vec<String>>>,
    pub kept: Option<&'a BTreeMap<String, u64>>,
}

impl Published<'_> {
    fn output(&self, path: &str) -> Option<&Output> {
        self.layers.iter().find_map(|l| l.binary_search_by(|o| o.path.as_str().cmp(path)).ok().map(|i| &l[i]))
    }

    fn has(&self, path: &str) -> bool {
        self.output(path).is_some() || self.streamed.is_some_and(|s| s.contains_key(path)) || self.kept.is_some_and(|k| k.contains_key(path))
    }

    /// The ids of an HTML file; `None` when they are not known (a file kept from before).
    fn ids(&self, path: &str) -> Option<Vec<String>> {
        if let Some(o) = self.output(path) {
            return Some(ids_of(&o.bytes));
        }
        self.streamed.and_then(|s| s.get(path).cloned())
    }
}

/// The values of the `id` attributes in an HTML file.
pub fn ids_of(html: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(html);
    let mut out = Vec::new();
    let mut rest: &str = &text;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push(unescape(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

/// The few entities `markdown::escape` writes, read back.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// A sink that notes the ids of every HTML file it passes on, for the link check.
pub struct Recorder<'a> {
    pub inner: &'a dyn Sink,
    pub seen: Mutex<HashMap<String, Vec<String>>>,
}

impl Sink for Recorder<'_> {
    fn take(&self, files: &[Output]) {
        let ids: Vec<(String, Vec<String>)> =
            files.par_iter().map(|f| (f.path.clone(), if f.path.ends_with(".html") { ids_of(&f.bytes) } else { Vec::new() })).collect();
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).extend(ids);
        self.inner.take(files);
    }
}

/// Checks the plain links of the pages `ids`.
pub fn check(site: &Site, graph: &SiteGraph, ids: &[PageId], published: &Published<'_>) -> Vec<Diagnostic> {
    let per_page: Vec<Vec<Diagnostic>> = ids.par_iter().filter(|&&id| id < site.pages.len()).map(|&id| check_page(site, graph, id, published)).collect();
    per_page.into_iter().flatten().collect()
}

fn check_page(site: &Site, graph: &SiteGraph, id: PageId, published: &Published<'_>) -> Vec<Diagnostic> {
    let page = &site.pages[id];
    if !page.body.contains("](") && !page.body.contains("]:") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(&page.body, crate::markdown::options()).into_offset_iter() {
        let mut dest = match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url.to_string(),
            _ => continue,
        };
        // A path the renderer resolved from the page's file (`annen.md`, `kart.png`) is
        // checked where it was published; one it refused was reported there already.
        match crate::resolve::files::resolve(&dest, page, site, graph, &|_| Default::default()) {
            Some(Ok(file)) => dest = file.url,
            Some(Err(_)) => continue,
            None => {}
        }
        // A relative link may be meant from the page's address or from its file's folder
        // (where files beside it are published): either will do.
        let folder = format!("/{}/", page.path.rsplit_once('/').map_or("", |(d, _)| d)).replace("//", "/");
        let relative = !dest.starts_with('/') && !dest.starts_with('#');
        let from_folder = relative && problem(&dest, &folder, graph, published).is_none();
        if let Some((message, help)) = problem(&dest, graph.url(id), graph, published).filter(|_| !from_folder) {
            let pos = crate::render::markdown_pass::position_in(&page.body, range.start, page.body_line);
            out.push(Diagnostic::new(Code::BrokenLink, &page.source, pos, message).with_help(help));
        }
    }
    out
}

/// What is wrong with the link `dest` on the page at `base`, if anything.
fn problem(dest: &str, base: &str, graph: &SiteGraph, published: &Published<'_>) -> Option<(String, Option<String>)> {
    if dest.is_empty() || dest.starts_with("@/") || dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    let (no_anchor, anchor) = dest.split_once('#').map_or((dest, None), |(p, a)| (p, Some(a)));
    let path = no_anchor.split('?').next().unwrap_or("");
    let target = if path.is_empty() { Some(base.to_string()) } else { join(base, &percent_decode(path)) };
    let Some(target) = target else {
        return Some((format!("the link `{dest}` goes above the top of the site"), None));
    };
    let rel = target.trim_start_matches('/');
    let file = [if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() }, format!("{rel}/index.html")]
        .into_iter()
        .find(|f| published.has(f));
    let Some(file) = file else {
        let help = if path.ends_with(".md") {
            "link to a page by its file: `@/` and its path under content/, for example `@/planer/plan.md`".to_string()
        } else {
            let near = crate::resolve::references::nearest(&target, graph.urls.iter().map(String::as_str));
            if near.is_empty() {
                "check the address, or link to a page with `@/` and its path under content/".into()
            } else {
                format!("the nearest pages are: {}", near.join(", "))
            }
        };
        return Some((format!("the link `{dest}` leads to {target}, which the site does not publish"), Some(help)));
    };
    let anchor = percent_decode(anchor.filter(|a| !a.is_empty())?);
    let ids = published.ids(&file)?;
    if ids.contains(&anchor) {
        return None;
    }
    let near = crate::resolve::references::nearest(&anchor, ids.iter().map(String::as_str));
    let help = if near.is_empty() { "link to the page without `#…`".to_string() } else { format!("the nearest ids are: {}", near.join(", ")) };
    Some((format!("the link `{dest}` points at `#{anchor}`, but {target} has no element with that id"), Some(help)))
}

/// `https:`, `mailto:`, `tel:`, `webcal:`…: letters (and `+-.`) before the first `:`,
/// with no `/`, `?` or `#` before it.
fn has_scheme(dest: &str) -> bool {
    dest.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty() && s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `rel` resolved against the folder URL `base` (`/planer/a/`); `None` above the root.
fn join(base: &str, rel: &str) -> Option<String> {
    let mut segments: Vec<&str> = if rel.starts_with('/') { Vec::new() } else { base.split('/').filter(|s| !s.is_empty()).collect() };
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            p => segments.push(p),
        }
    }
    let trailing = rel.ends_with('/') || rel.ends_with("/.") || rel.ends_with("/..") || rel == "." || rel == "..";
    let mut out = format!("/{}", segments.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    Some(out)
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_against_the_page_folder() {
        assert_eq!(join("/planer/a/", "b/").as_deref(), Some("/planer/a/b/"));
        assert_eq!(join("/planer/a/", "../b/").as_deref(), Some("/planer/b/"));
        assert_eq!(join("/planer/a/", "../../").as_deref(), Some("/"));
        assert_eq!(join("/planer/a/", "/kurs/").as_deref(), Some("/kurs/"));
        assert_eq!(join("/planer/a/", "plan.json").as_deref(), Some("/planer/a/plan.json"));
        assert_eq!(join("/a/", "../../x/"), None);
    }

    #[test]
    fn schemes_are_told_from_paths() {
        for s in ["https://x.no", "mailto:a@b.no", "tel:+4712345678", "webcal://x/y.ics"] {
            assert!(has_scheme(s), "{s}");
        }
        for s in ["/a:b/", "a/b:c", "#x:y", "../x/", "side/"] {
            assert!(!has_scheme(s), "{s}");
        }
    }

    #[test]
    fn ids_are_read_from_html() {
        assert_eq!(ids_of(b"<h2 id=\"m\xc3\xa5l\">x</h2><p id=\"a&amp;b\">"), ["mål", "a&b"]);
    }
}

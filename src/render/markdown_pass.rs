//! Renders every page's Markdown (body and plan descriptions) in parallel, reporting
//! `@/` links that lead nowhere, local files that are not there and images without alt text
//! at their line in the file.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::markdown::{self, Highlighter, LinkError, LinkTarget, MarkdownContext, Rendered};
use crate::model::media::{FileFacts, LocalFile};
use crate::model::{Page, PageId, Reference, Site, SourcePos};
use crate::resolve::SiteGraph;

/// A page's rendered Markdown.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct PageMarkdown {
    pub body: Rendered,
    /// Strategy and item descriptions, by id.
    pub descriptions: HashMap<String, String>,
}

/// Renders all pages; the result is indexed like `site.pages`.
pub fn render_all(site: &Site, graph: &SiteGraph, hl: &Highlighter, anchor_label: &str, diags: &mut Diagnostics) -> Vec<PageMarkdown> {
    let results: Vec<(PageMarkdown, Vec<Diagnostic>)> = site.pages.par_iter().map(|page| render_page(page, site, graph, hl, anchor_label)).collect();
    let rendered: Vec<PageMarkdown> = results
        .into_iter()
        .map(|(md, ds)| {
            ds.into_iter().for_each(|d| diags.push(d));
            md
        })
        .collect();
    let anchor_errors: Vec<Vec<Diagnostic>> = site.pages.par_iter().map(|page| check_heading_anchors(page, site, graph, &rendered)).collect();
    anchor_errors.into_iter().flatten().for_each(|d| diags.push(d));
    rendered
}

/// Renders the pages `ids` again into `rendered` (the rest is kept), then checks the heading
/// anchors of `ids` and of `linking`, the pages whose links may point at their headings.
#[allow(clippy::too_many_arguments)]
pub fn render_some(
    site: &Site,
    graph: &SiteGraph,
    hl: &Highlighter,
    anchor_label: &str,
    ids: &[PageId],
    linking: &[PageId],
    rendered: &mut [PageMarkdown],
    diags: &mut Diagnostics,
) {
    let results: Vec<(PageId, PageMarkdown, Vec<Diagnostic>)> = ids
        .par_iter()
        .map(|&id| {
            let (md, ds) = render_page(&site.pages[id], site, graph, hl, anchor_label);
            (id, md, ds)
        })
        .collect();
    for (id, md, ds) in results {
        ds.into_iter().for_each(|d| diags.push(d));
        rendered[id] = md;
    }
    let mut check: Vec<PageId> = ids.iter().chain(linking).copied().collect();
    check.sort_unstable();
    check.dedup();
    let anchor_errors: Vec<Vec<Diagnostic>> = check.par_iter().map(|&id| check_heading_anchors(&site.pages[id], site, graph, rendered)).collect();
    anchor_errors.into_iter().flatten().for_each(|d| diags.push(d));
}

/// `@/page.md#anchor` links to pages that are not plans point at headings, whose ids are
/// only known once every page is rendered: checked here, against each target's headings.
fn check_heading_anchors(page: &Page, site: &Site, graph: &SiteGraph, rendered: &[PageMarkdown]) -> Vec<Diagnostic> {
    use pulldown_cmark::{Event, Parser, Tag};
    if !page.body.contains("@/") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (event, range) in Parser::new(&page.body).into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else { continue };
        let Some(target) = dest_url.strip_prefix("@/") else { continue };
        let r = Reference::parse(target, SourcePos::default());
        let (Some(anchor), Some(&id)) = (&r.item, graph.by_path.get(&r.path)) else { continue };
        if site.pages[id].plan().is_some() {
            continue;
        }
        let ids: Vec<&str> = rendered[id].body.toc.iter().map(|h| h.id.as_str()).collect();
        if !ids.contains(&anchor.as_str()) {
            let near = crate::resolve::references::nearest(anchor, ids.iter().copied());
            let msg = format!("the link `@/{target}` points at `#{anchor}`, but {} has no heading with that id", r.path);
            let help = if near.is_empty() {
                Some("link to the page without `#…`".to_string())
            } else {
                Some(format!("the nearest headings are: {}", near.join(", ")))
            };
            out.push(Diagnostic::new(Code::MissingAnchor, &page.source, position_in(&page.body, range.start, page.body_line), msg).with_help(help));
        }
    }
    out
}

fn render_page(page: &Page, site: &Site, graph: &SiteGraph, hl: &Highlighter, anchor_label: &str) -> (PageMarkdown, Vec<Diagnostic>) {
    let resolve = |target: &str| resolve_link(target, site, graph);
    let facts = |key: &str| site.file_facts.get(key).cloned().unwrap_or_default();
    let files = |dest: &str| crate::resolve::files::resolve(dest, page, site, graph, &facts);
    let ctx = MarkdownContext {
        highlighter: hl,
        resolve_link: &resolve,
        anchor_label,
        site_url: &site.config.site_url,
        resolve_file: &files,
        picture_above: page.meta.image.is_some(),
    };
    let (body, errors) = markdown::render(&page.body, &ctx);
    let mut diags: Vec<Diagnostic> = errors.into_iter().map(|e| link_diagnostic(page, &e, position_in(&page.body, e.offset, page.body_line))).collect();
    diags.extend(check_front_image(page, &files));
    let mut descriptions = HashMap::new();
    if let Some(plan) = page.plan() {
        let strategies = plan.all_strategies().into_iter().map(|s| (&s.id, &s.description));
        let items = plan.items().into_iter().map(|i| (&i.item.id, &i.item.description));
        for (id, text) in strategies.chain(items) {
            let Some(text) = text else { continue };
            let (r, errors) = markdown::render(text, &ctx);
            diags.extend(errors.iter().map(|e| link_diagnostic(page, e, id.pos)));
            descriptions.insert(id.value.clone(), r.html);
        }
    }
    (PageMarkdown { body, descriptions }, diags)
}

/// `image:`'s `src`: a picture of the site, beside the page or in static/.
fn check_front_image(page: &Page, files: &dyn Fn(&str) -> Option<Result<LocalFile, LinkError>>) -> Option<Diagnostic> {
    let src = &page.meta.image.as_ref()?.src;
    let not_picture = |what: &str| {
        let msg = format!("the page's `image` `{}` {what}", src.value);
        let help = "name a picture (JPEG, PNG, WebP, GIF or SVG) beside the page (`src: kart.jpg`) or in static/ (`src: /bilder/kart.jpg`)";
        Some(Diagnostic::new(Code::WrongType, &page.source, src.pos, msg).with_help(Some(help.to_string())))
    };
    match files(&src.value) {
        Some(Ok(file)) if matches!(file.facts, FileFacts::Image(_) | FileFacts::Svg { .. }) => None,
        Some(Ok(_)) => not_picture("is not a picture"),
        Some(Err(e)) => Some(link_diagnostic(page, &e, src.pos)),
        None => not_picture("is not a file of the site"),
    }
}

fn link_diagnostic(page: &Page, e: &LinkError, pos: SourcePos) -> Diagnostic {
    Diagnostic::new(e.code, &page.source, pos, e.message.clone()).with_help(e.help.clone())
}

/// Line and column of a byte offset in a body starting at `first_line`.
pub(crate) fn position_in(text: &str, offset: usize, first_line: u32) -> SourcePos {
    let p = crate::load::config::position(text, offset);
    SourcePos { line: p.line + first_line - 1, column: p.column }
}

/// `planer/x.md#S1-C` → `/planer/x/#S1-C` (with the target's language when it is not the
/// page's), or an error naming what is close.
fn resolve_link(target: &str, site: &Site, graph: &SiteGraph) -> Result<LinkTarget, LinkError> {
    let hreflang = |page: PageId| site.link_language(page).map(|l| l.code().to_string());
    let (url, page) = resolve_url(target, site, graph)?;
    Ok(LinkTarget { url, hreflang: hreflang(page) })
}

/// The site path an `@/` link leads to, and the page it is on.
fn resolve_url(target: &str, site: &Site, graph: &SiteGraph) -> Result<(String, PageId), LinkError> {
    let r = Reference::parse(target, SourcePos::default());
    let err = |code: Code, message: String, near: Vec<&str>| LinkError {
        offset: 0,
        code,
        message,
        help: (!near.is_empty()).then(|| format!("the nearest are: {}", near.join(", "))),
    };
    let Some(&page) = graph.by_path.get(&r.path) else {
        let near = crate::resolve::references::nearest(&r.path, graph.by_path.keys().map(String::as_str));
        return Err(err(Code::MissingPage, format!("the link `@/{target}` leads to a page that does not exist"), near));
    };
    let url = graph.url(page);
    let Some(item) = &r.item else {
        return Ok((url.to_string(), page));
    };
    let p = &site.pages[page];
    let known = p.plan().map(|plan| {
        let ids: Vec<&str> =
            plan.all_strategies().into_iter().map(|s| s.id.value.as_str()).chain(plan.items().into_iter().map(|i| i.item.id.value.as_str())).collect();
        ids
    });
    match known {
        // Pages that are not plans have heading anchors we don't know before rendering them.
        None => Ok((format!("{url}#{item}"), page)),
        Some(ids) if ids.contains(&item.as_str()) => Ok((format!("{url}#{item}"), page)),
        Some(ids) => {
            let near = crate::resolve::references::nearest(item, ids.into_iter());
            Err(err(Code::MissingAnchor, format!("the link `@/{target}` points at `{item}`, which is not an id in {}", r.path), near))
        }
    }
}

//! `_headers` and `_redirects` for hosts that read them (Netlify, Cloudflare Pages and
//! others with the same syntax); any other host ignores the two files.
//!
//! `_headers` gives fingerprinted files (`style.<hash>.css`, the build-named search index
//! folder) a year's immutable caching, and everything else (HTML, feeds, calendars, data
//! files, `meta.json` of the search index) `max-age=0, must-revalidate`: a browser keeps
//! them but asks whether they changed, so a reader never gets a page naming fingerprinted
//! files that the last deploy removed. The rules never overlap (Cloudflare joins the values
//! of a header set by two matching rules, Netlify keeps the last), so they name each
//! top-level folder and each file at the top of the site. `/*` only adds `nosniff` and a
//! referrer policy. `_redirects` sends each alias to its page with a 301 (the alias pages
//! stay too, for every other host). Paths go through `RenderCtx::href`, so both files work
//! for a site under a sub-path.

use std::collections::BTreeSet;

use crate::render::{Output, RenderCtx};
use crate::resolve::urls::alias_url;

/// A year, for files whose name changes with their content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else is revalidated on every use.
const REVALIDATE: &str = "public, max-age=0, must-revalidate";

/// Folders that the render stage fills besides the pages' own (see `feeds`, `views::terms`).
const GENERATED_FOLDERS: [&str; 4] = ["kalender", "data", "tema", "malgrupper"];

/// `_headers` and `_redirects`.
pub fn render(ctx: &RenderCtx<'_>) -> Vec<Output> {
    vec![Output::new("_headers", headers(ctx)), Output::new("_redirects", redirects(ctx))]
}

/// Top-level folders and files of the output, as far as the render stage knows them.
fn top_level(ctx: &RenderCtx<'_>) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut folders: BTreeSet<String> = GENERATED_FOLDERS.iter().map(|f| f.to_string()).collect();
    let mut files: BTreeSet<String> =
        ["404.html", "robots.txt", "sitemap.xml", "highlight.css", "_headers", "_redirects"].iter().map(|f| f.to_string()).collect();
    let pages = ctx.graph.urls.iter().map(|u| u.trim_start_matches('/'));
    let aliases = ctx.site.pages.iter().flat_map(|p| p.meta.aliases.iter()).map(|a| alias_url(a));
    let aliases: Vec<String> = aliases.collect();
    let statics = ctx.engine.theme.static_files.keys().chain(ctx.site.static_files.keys()).map(String::as_str);
    for path in pages.chain(aliases.iter().map(|a| a.trim_start_matches('/'))).chain(statics) {
        match path.split_once('/') {
            Some((first, _)) if !first.is_empty() => {
                folders.insert(first.to_string());
            }
            None if !path.is_empty() => {
                files.insert(path.to_string());
            }
            _ => {}
        }
    }
    folders.remove("sok");
    (folders, files)
}

fn headers(ctx: &RenderCtx<'_>) -> String {
    let mut out = String::from("# Written by planverk for Netlify, Cloudflare Pages and hosts with the same syntax.\n");
    let mut rule = |path: &str, lines: &str| out.push_str(&format!("\n{}\n{lines}", ctx.href(path)));
    let revalidate = format!("  Cache-Control: {REVALIDATE}\n");
    let immutable = format!("  Cache-Control: {IMMUTABLE}\n");
    rule("/*", "  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n");
    let (folders, files) = top_level(ctx);
    rule("/", &revalidate);
    for f in &files {
        rule(&format!("/{f}"), &revalidate);
    }
    for f in &folders {
        rule(&format!("/{f}/*"), &revalidate);
    }
    rule("/sok/", &revalidate);
    let index = crate::search::shards::DIR;
    if ctx.site.config.fingerprint {
        for f in super::assets::outputs(ctx) {
            rule(&format!("/{}", f.path), &immutable);
        }
        rule(&format!("/{index}/meta.json"), &revalidate);
        // The shards and documents, in a folder named for the build (`meta.json` names it).
        rule(&format!("/{index}/:build/*"), &immutable);
    } else {
        rule(&format!("/{index}/*"), &revalidate);
    }
    out
}

fn redirects(ctx: &RenderCtx<'_>) -> String {
    let mut lines = Vec::new();
    for (id, page) in ctx.site.pages.iter().enumerate() {
        for alias in &page.meta.aliases {
            lines.push(format!("{} {} 301\n", ctx.href(&alias_url(alias)), ctx.href(ctx.graph.url(id))));
        }
    }
    lines.sort();
    let mut out = String::from("# Written by planverk: every alias to its page.\n");
    lines.iter().for_each(|l| out.push_str(l));
    out
}

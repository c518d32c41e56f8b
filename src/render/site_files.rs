//! Site-wide files: alias redirects, sitemap.xml, robots.txt, 404.html, stylesheets,
//! the theme's and the site's static files, assets beside content, the fingerprinted
//! copies of the theme's CSS and JS, `_headers` and `_redirects`.

use crate::diagnostics::Diagnostics;
use crate::markdown::{Highlighter, escape};
use crate::render::{Output, RenderCtx, Scope};
use crate::resolve::deps::SiteOutput;
use crate::resolve::urls::alias_url;

/// The site-wide files in `scope`: aliases, the sitemap, and the files that only change
/// with the config, the theme or the static files.
pub fn render(ctx: &RenderCtx<'_>, scope: Scope<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    if scope.output(SiteOutput::Aliases) {
        out.extend(aliases(ctx, diags));
    }
    if scope.output(SiteOutput::Sitemap) {
        out.push(sitemap(ctx));
    }
    if scope.output(SiteOutput::Files) {
        out.extend(fixed_files(ctx, diags));
    }
    // `_redirects` lists the aliases; `_headers` the files at the top of the site.
    if scope.output(SiteOutput::Aliases) || scope.output(SiteOutput::Files) {
        out.extend(super::host_files::render(ctx));
    }
    out
}

/// robots.txt, 404.html, highlight.css, the theme's static files and the site's own
/// (`static/` and content assets, read by `load`), in that order: a later one wins.
fn fixed_files(ctx: &RenderCtx<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    let c = ctx.base_context();
    // Each language version has its own 404 page (`/nn/404.html`); the rest is the site's.
    let not_found = format!("{}404.html", ctx.at("/").trim_start_matches('/'));
    match ctx.engine.render("404.html", &c, std::path::Path::new("templates/404.html")) {
        Ok(html) => out.push(Output::new(not_found, html)),
        Err(d) => diags.push(d),
    }
    if !ctx.site.config.url_prefix.is_empty() {
        return out;
    }
    out.push(Output::new("robots.txt", format!("User-agent: *\nAllow: {}\n\nSitemap: {}\n", ctx.href("/"), ctx.absolute("/sitemap.xml"))));
    out.push(Output::new("highlight.css", Highlighter::stylesheet()));
    for (name, bytes) in &ctx.engine.theme.static_files {
        out.push(Output::new(name.clone(), bytes.clone()));
    }
    // Pictures are published by `assets` (without their metadata, with their variants).
    let picture = |k: &str| matches!(ctx.site.file_facts.get(k), Some(crate::model::media::FileFacts::Image(_)));
    out.extend(ctx.site.static_files.iter().filter(|(k, _)| !picture(k)).map(|(k, v)| Output::new(k.clone(), v.clone())));
    out.extend(super::assets::outputs(ctx));
    out
}

/// The URLs of the pages made for plans and the open data, as `views::followup`,
/// `views::coverage` and `feeds::opendata` render them.
fn generated_pages(ctx: &RenderCtx<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for (id, page) in ctx.site.pages.iter().enumerate() {
        if super::views::followup::followed_up(page).is_some() {
            out.push(ctx.plan_data_links(id).followup);
        }
        if page.plan().is_some() && ctx.graph.is_followed(&ctx.site.pages, id) {
            out.push(format!("{}dekning/", ctx.graph.url(id)));
        }
    }
    out.push(ctx.at("/data/"));
    out
}

fn aliases(ctx: &RenderCtx<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    for (id, page) in ctx.site.pages.iter().enumerate() {
        for alias in &page.meta.aliases {
            let mut c = ctx.base_context();
            let target = ctx.graph.url(id);
            c.insert("target", &ctx.href(target));
            c.insert("permalink", &ctx.absolute(target));
            c.insert("title", &page.meta.title);
            match ctx.engine.render("alias.html", &c, &page.source) {
                Ok(html) => out.push(Output::page(&alias_url(alias), html)),
                Err(d) => diags.push(d),
            }
        }
    }
    out
}

/// Every page: content pages (with `lastmod`), the further pages of long listings, topic
/// and target-group pages, and the generated pages of plans (follow-up, coverage) and of
/// the open data. Left out: alias redirects, 404, the search page and the catalogue's
/// filter pages (the same courses as the catalogue, sifted).
/// With several languages, each content page lists its versions as `xhtml:link`
/// alternates; each language's view makes its own part (`nn/sitemap.xml`), and
/// [`merge_sitemaps`] puts them together.
fn sitemap(ctx: &RenderCtx<'_>) -> Output {
    let multilingual = ctx.site.config.is_multilingual();
    let mut xml = String::from(SITEMAP_HEAD);
    xml.push_str(if multilingual { SITEMAP_URLSET_XHTML } else { SITEMAP_URLSET });
    let mut urls: Vec<SitemapEntry> = ctx
        .site
        .pages
        .iter()
        .enumerate()
        .map(|(id, p)| {
            let last = p.meta.updated.or(p.meta.date).map(|d| d.date(ctx.dates.tz).format("%Y-%m-%d").to_string());
            let mut alternates: Vec<(String, String)> =
                if multilingual { ctx.alternates(id).into_iter().map(|a| (a.lang, a.permalink)).collect() } else { Vec::new() };
            if let Some(x) = ctx.default_alternate(id).filter(|_| multilingual) {
                alternates.push(("x-default".into(), x));
            }
            (ctx.absolute(ctx.graph.url(id)), last, alternates)
        })
        .collect();
    for id in 0..ctx.site.pages.len() {
        let url = ctx.graph.url(id);
        urls.extend((2..=ctx.listing_pages(id)).map(|n| (ctx.absolute(&super::views::paginate::page_url(url, n)), None, Vec::new())));
    }
    urls.extend(ctx.term_urls().into_iter().chain(generated_pages(ctx)).map(|u| (ctx.absolute(&u), None, Vec::new())));
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    for (loc, last, alternates) in urls {
        xml.push_str(&format!("  <url><loc>{}</loc>", escape(&loc)));
        if let Some(l) = last {
            xml.push_str(&format!("<lastmod>{l}</lastmod>"));
        }
        for (lang, href) in alternates {
            xml.push_str(&format!("<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>", escape(&lang), escape(&href)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Output::new(format!("{}sitemap.xml", ctx.at("/").trim_start_matches('/')), xml)
}

/// A sitemap entry: address, `lastmod`, and the `xhtml:link` alternates (language, address).
type SitemapEntry = (String, Option<String>, Vec<(String, String)>);

const SITEMAP_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const SITEMAP_URLSET: &str = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const SITEMAP_URLSET_XHTML: &str = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";

/// Puts the sitemaps of the language versions (`sitemap.xml`, `nn/sitemap.xml`, …) together
/// into one `sitemap.xml` at the root: every `<url>` once (a page without a translation is
/// in the view of every language), sorted.
pub fn merge_sitemaps(outputs: &mut Vec<Output>, config: &crate::model::Config) {
    let parts: Vec<String> = std::iter::once("sitemap.xml".to_string()).chain(config.languages.iter().map(|l| format!("{}/sitemap.xml", l.language))).collect();
    let mut entries: Vec<String> = Vec::new();
    outputs.retain(|o| {
        if !parts.contains(&o.path) {
            return true;
        }
        entries.extend(String::from_utf8_lossy(&o.bytes).lines().filter(|l| l.starts_with("  <url>")).map(str::to_string));
        false
    });
    entries.sort();
    entries.dedup();
    let mut xml = String::from(SITEMAP_HEAD);
    xml.push_str(SITEMAP_URLSET_XHTML);
    entries.iter().for_each(|e| {
        xml.push_str(e);
        xml.push('\n');
    });
    xml.push_str("</urlset>\n");
    outputs.push(Output::new("sitemap.xml", xml));
}

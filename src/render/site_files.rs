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
    let robots = format!("User-agent: *\nAllow: {}\n\nSitemap: {}\n", ctx.href("/"), ctx.absolute("/sitemap.xml"));
    let mut out = vec![Output::new("robots.txt", robots)];
    let c = ctx.base_context();
    match ctx.engine.render("404.html", &c, std::path::Path::new("templates/404.html")) {
        Ok(html) => out.push(Output::new("404.html", html)),
        Err(d) => diags.push(d),
    }
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
    out.push("/data/".to_string());
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
fn sitemap(ctx: &RenderCtx<'_>) -> Output {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut urls: Vec<(String, Option<String>)> = ctx
        .site
        .pages
        .iter()
        .enumerate()
        .map(|(id, p)| {
            let last = p.meta.updated.or(p.meta.date).map(|d| d.date(ctx.dates.tz).format("%Y-%m-%d").to_string());
            (ctx.absolute(ctx.graph.url(id)), last)
        })
        .collect();
    for id in 0..ctx.site.pages.len() {
        let url = ctx.graph.url(id);
        urls.extend((2..=ctx.listing_pages(id)).map(|n| (ctx.absolute(&super::views::paginate::page_url(url, n)), None)));
    }
    urls.extend(ctx.term_urls().into_iter().chain(generated_pages(ctx)).map(|u| (ctx.absolute(&u), None)));
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    for (loc, last) in urls {
        xml.push_str(&format!("  <url><loc>{}</loc>", escape(&loc)));
        if let Some(l) = last {
            xml.push_str(&format!("<lastmod>{l}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Output::new("sitemap.xml", xml)
}

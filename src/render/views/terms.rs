//! Topic pages under /tema/ and target-group pages under /malgrupper/, with their index
//! pages; a term's pages are listed newest first, in pages of `paginate_by` cards.

use rayon::prelude::*;
use serde::Serialize;

use super::paginate::{Paging, page_url};
use super::{Card, Link};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::PageId;
use crate::render::{Output, RenderCtx, Scope};
use crate::resolve::{Node, Term, Terms};

/// A term in the index page.
#[derive(Debug, Serialize)]
pub struct TermSummary<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

/// One page of a term: what `term.html` sees as `term`.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
    /// The pages on this page of the listing.
    pub pages: Vec<Card<'a>>,
    /// Plan items carrying the term, on the first page only.
    pub items: Vec<TermItem>,
    /// Topics only: the topic's calendar feed and its `webcal://` address.
    pub ics_url: Option<String>,
    pub webcal_url: Option<String>,
}

/// A plan item carrying a term.
#[derive(Debug, Serialize)]
pub struct TermItem {
    pub link: Link,
    pub plan: Link,
}

/// The taxonomies: URL base and the UI string naming them.
const TAXONOMIES: [(&str, &str); 2] = [("tema", "topics"), ("malgrupper", "audiences")];

impl RenderCtx<'_> {
    fn terms_of(&self, base: &str) -> &Terms {
        if base == "tema" { &self.graph.topics } else { &self.graph.audiences }
    }

    /// How the pages (not plan items) of a term fall into listing pages.
    pub fn term_paging(&self, term: &Term) -> Paging {
        Paging::new(term.nodes.iter().filter(|n| n.item.is_none()).count(), self.site.config.paginate_by)
    }

    /// Every listing page of every term: `(base, url)`, for the sitemap.
    pub fn term_urls(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (base, _) in TAXONOMIES {
            out.push(self.at(&format!("/{base}/")));
            for term in self.terms_of(base).values() {
                let url = self.at(&format!("/{base}/{}/", term.slug));
                out.extend((1..=self.term_paging(term).count()).map(|n| page_url(&url, n)));
            }
        }
        out
    }

    /// The pages carrying a term, newest first (undated ones last, by title).
    fn term_pages(&self, term: &Term) -> Vec<PageId> {
        term.pages(&self.site.pages)
    }

    fn term_page<'t>(&'t self, base: &str, term: &'t Term, pages: &[PageId], n: usize) -> TermView<'t> {
        let range = self.term_paging(term).range(n);
        let items = match n {
            1 => term.nodes.iter().filter(|n| n.item.is_some()).map(|n: &Node| TermItem { link: self.node_link(n), plan: self.link(n.page) }).collect(),
            _ => Vec::new(),
        };
        let has_events = pages.iter().any(|&p| crate::render::feeds::calendar::sessions_of(&self.site.pages[p]).is_some());
        let ics_url = (base == "tema" && has_events).then(|| self.at(&format!("/kalender/tema/{}.ics", term.slug)));
        let webcal_url = ics_url.as_deref().map(|u| self.webcal(u));
        let ics_url = ics_url.map(|u| self.href(&u));
        TermView {
            name: self.site.config.topic_name(&term.name),
            url: self.at(&format!("/{base}/{}/", term.slug)),
            count: term.nodes.len(),
            pages: pages[range].iter().map(|&p| self.card(p)).collect(),
            items,
            ics_url,
            webcal_url,
        }
    }
}

/// Topic and target-group pages in `scope`, with their index pages, rendered in parallel.
pub fn render_terms(ctx: &RenderCtx<'_>, scope: Scope<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    for (base, title_key) in TAXONOMIES {
        if scope.any_term(base) {
            out.extend(render_taxonomy(ctx, base, &ctx.t(title_key), scope, diags));
        }
    }
    out
}

fn render_taxonomy(ctx: &RenderCtx<'_>, base: &str, title: &str, scope: Scope<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let terms = ctx.terms_of(base);
    let index_url = ctx.at(&format!("/{base}/"));
    let summaries: Vec<TermSummary<'_>> = terms
        .values()
        .map(|t| TermSummary { name: ctx.site.config.topic_name(&t.name), url: ctx.href(&format!("{index_url}{}/", t.slug)), count: t.nodes.len() })
        .collect();
    let mut c = ctx.base_context();
    c.insert("title", title);
    c.insert("terms", &summaries);
    c.insert("url", &index_url);
    let mut results = vec![ctx.engine.render("terms.html", &c, std::path::Path::new("templates/terms.html")).map(|html| Output::page(&index_url, html))];
    let in_scope: Vec<(&Term, Vec<PageId>)> = terms.values().filter(|t| scope.term(base, &t.slug)).map(|t| (t, ctx.term_pages(t))).collect();
    let tasks: Vec<(&Term, &[PageId], usize)> = in_scope
        .iter()
        .flat_map(|(t, pages)| (1..=ctx.term_paging(t).count()).map(move |n| (*t, pages.as_slice(), n)))
        .filter(|(t, _, n)| scope.term_page(base, &t.slug, ctx.term_paging(t).range(*n)))
        .collect();
    ctx.progress.stage(if base == "tema" { "Topic pages" } else { "Target-group pages" }, Some(tasks.len()));
    results.par_extend(tasks.into_par_iter().map(|(term, pages, n)| {
        let page = render_term_page(ctx, base, title, &index_url, term, pages, n);
        ctx.progress.inc(1);
        page
    }));
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(o) => out.push(o),
            Err(d) => diags.push(d),
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn render_term_page(ctx: &RenderCtx<'_>, base: &str, title: &str, index_url: &str, term: &Term, pages: &[PageId], n: usize) -> Result<Output, Diagnostic> {
    let view = ctx.term_page(base, term, pages, n);
    let url = page_url(&view.url, n);
    let mut c = ctx.base_context();
    c.insert("title", title);
    c.insert("index_url", &ctx.href(index_url));
    if let Some(pager) = ctx.pager(&view.url, ctx.term_paging(term), n) {
        c.insert("pager", &pager);
    }
    c.insert("url", &url);
    c.insert("permalink", &ctx.absolute(&url));
    c.insert("term", &view);
    let html = ctx.engine.render("term.html", &c, std::path::Path::new("templates/term.html"))?;
    Ok(Output::page(&url, html))
}

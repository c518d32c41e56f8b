//! Newsletter issues as e-mail: `<issue-url>epost.html`, one self-contained HTML file with
//! inline CSS, absolute links and no scripts, ready to paste into a mail system.

use serde::Serialize;

use crate::diagnostics::Diagnostics;
use crate::model::{KindFields, PageId};
use crate::render::feeds::atom::absolutize;
use crate::render::{Output, RenderCtx, Scope};

/// A news item in the e-mail, with an absolute link.
#[derive(Debug, Serialize)]
pub struct EmailItem {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
    pub date: Option<String>,
}

/// What `newsletter-email.html` sees as `email`.
#[derive(Debug, Serialize)]
pub struct EmailView {
    pub permalink: String,
    pub site_url: String,
    pub content: String,
    pub items: Vec<EmailItem>,
    pub news_url: Option<String>,
    pub courses_url: String,
}

/// The e-mail file of every newsletter issue in `scope`.
pub fn render(ctx: &RenderCtx<'_>, scope: Scope<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    for (id, page) in ctx.site.pages.iter().enumerate() {
        let KindFields::Newsletter(n) = &page.fields else {
            continue;
        };
        if page.is_section || !scope.email(id) {
            continue;
        }
        let md = &ctx.markdown[id];
        let mut c = ctx.base_context();
        c.insert("page", &ctx.page_view(id, &md.body.html, &md.body.toc));
        let view = ctx.newsletter_view(id, n);
        c.insert("email", &email_view(ctx, id, &view.news));
        c.insert("newsletter", &view);
        match ctx.engine.render("newsletter-email.html", &c, &page.source) {
            Ok(html) => out.push(Output::new(format!("{}epost.html", ctx.graph.url(id).trim_start_matches('/')), html)),
            Err(d) => diags.push(d),
        }
    }
    out
}

fn email_view(ctx: &RenderCtx<'_>, id: PageId, news: &[crate::render::views::Card<'_>]) -> EmailView {
    let items = news
        .iter()
        .map(|c| EmailItem {
            title: c.title.to_string(),
            url: ctx.absolute_href(&c.url),
            summary: c.summary.map(str::to_string),
            date: c.date.as_ref().map(|d| d.text.clone()),
        })
        .collect();
    let news_url =
        ctx.site.pages.iter().position(|p| p.is_section && p.section_kind == Some(crate::model::PageKind::News)).map(|s| ctx.absolute(ctx.graph.url(s)));
    let courses_url = ctx
        .site
        .pages
        .iter()
        .position(|p| p.is_section && p.section_kind == Some(crate::model::PageKind::Course))
        .map_or_else(|| ctx.absolute("/"), |s| ctx.absolute(ctx.graph.url(s)));
    EmailView {
        permalink: ctx.absolute(ctx.graph.url(id)),
        site_url: ctx.absolute("/"),
        content: absolutize(&ctx.markdown[id].body.html, ctx.site.config.site_url.origin()),
        items,
        news_url,
        courses_url,
    }
}

//! Listings: section pages, the home page, and topic / target-group pages.

use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostics;
use crate::model::{PageId, PageKind};
use crate::render::views::{Card, Link};
use crate::render::{Output, RenderCtx, views::events};
use crate::resolve::{Node, Terms};

#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    pub pages: Vec<Card<'a>>,
    pub subsections: Vec<Link>,
    /// For event sections: pages not yet over, by first session, and past ones.
    pub upcoming: Vec<Card<'a>>,
    pub past: Vec<Card<'a>>,
}

#[derive(Debug, Serialize)]
pub struct HomeView<'a> {
    pub featured: Option<Card<'a>>,
    /// The first section of courses and of news, for "all courses" / "all news" links.
    pub courses_url: Option<&'a str>,
    pub news_url: Option<&'a str>,
    pub upcoming: Vec<Card<'a>>,
    pub news: Vec<Card<'a>>,
}

#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
    pub pages: Vec<Card<'a>>,
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

impl<'a> RenderCtx<'a> {
    /// Adds `section` (and `home` for the home page) to a listing page's context.
    pub fn insert_listing(&self, c: &mut Context, id: PageId) {
        let path = &self.site.pages[id].path;
        if let Some(section) = self.graph.sections.get(path) {
            let pages: Vec<Card<'a>> = section.pages.iter().map(|&p| self.card(p)).collect();
            let (mut upcoming, mut past) = (Vec::new(), Vec::new());
            for &p in &section.pages {
                if matches!(self.site.pages[p].kind(), PageKind::Course | PageKind::Network) {
                    if self.is_past(p) { past.push(p) } else { upcoming.push(p) }
                }
            }
            upcoming.sort_by_key(|&p| (self.first_start(p), p));
            past.sort_by_key(|&p| std::cmp::Reverse((self.first_start(p), p)));
            let subsections = section.subsections.iter().filter_map(|s| self.graph.by_path.get(s)).map(|&s| self.link(s)).collect();
            let view = SectionView {
                pages,
                subsections,
                upcoming: upcoming.into_iter().map(|p| self.card(p)).collect(),
                past: past.into_iter().map(|p| self.card(p)).collect(),
            };
            c.insert("section", &view);
        }
        if path.is_empty() {
            c.insert("home", &self.home_view());
        }
        self.insert_catalogue(c, id);
        c.insert("feeds", &self.feeds_for(id));
    }

    pub(super) fn first_start(&self, id: PageId) -> Option<chrono::DateTime<chrono::Utc>> {
        let p = &self.site.pages[id];
        let sessions = p.course().map(|c| &c.sessions).or_else(|| p.network().map(|n| &n.meetings))?;
        events::next_or_first(sessions, self.now).map(|s| s.start.instant)
    }

    /// URL of the first section (by path) whose pages are of `kind`.
    fn section_of_kind(&self, kind: PageKind) -> Option<&'a str> {
        let pages = &self.site.pages;
        (0..pages.len()).find(|&i| pages[i].is_section && pages[i].section_kind == Some(kind)).map(|i| self.url_of(i))
    }

    fn home_view(&self) -> HomeView<'a> {
        let mut courses: Vec<PageId> = (0..self.site.pages.len())
            .filter(|&i| self.site.pages[i].kind() == PageKind::Course && !self.site.pages[i].is_section)
            .filter(|&i| !self.is_past(i))
            .collect();
        courses.sort_by_key(|&i| (self.first_start(i), i));
        let mut news: Vec<PageId> =
            (0..self.site.pages.len()).filter(|&i| self.site.pages[i].kind() == PageKind::News && !self.site.pages[i].is_section).collect();
        news.sort_by_key(|&i| std::cmp::Reverse((self.site.pages[i].meta.date, i)));
        let featured = self.site.config.featured.as_ref().and_then(|f| self.graph.by_path.get(f.trim_matches('/'))).map(|&i| self.card(i));
        HomeView {
            featured,
            courses_url: self.section_of_kind(PageKind::Course),
            news_url: self.section_of_kind(PageKind::News),
            upcoming: courses.into_iter().take(6).map(|i| self.card(i)).collect(),
            news: news.into_iter().take(4).map(|i| self.card(i)).collect(),
        }
    }

    fn term_view(&self, name: &'a str, base: &str, slug: &str, nodes: &[Node]) -> TermView<'a> {
        let mut pages = Vec::new();
        let mut items = Vec::new();
        for n in nodes {
            match &n.item {
                None => pages.push(self.card(n.page)),
                Some(_) => items.push(TermItem { link: self.node_link(n), plan: self.link(n.page) }),
            }
        }
        let has_events = nodes.iter().any(|n| n.item.is_none() && crate::render::feeds::calendar::sessions_of(&self.site.pages[n.page]).is_some());
        let ics_url = (base == "tema" && has_events).then(|| format!("/kalender/tema/{slug}.ics"));
        let webcal_url = ics_url.as_deref().map(|u| self.webcal(u));
        TermView { name, url: format!("/{base}/{slug}/"), count: nodes.len(), pages, items, ics_url, webcal_url }
    }
}

/// Topic pages under /tema/ and target-group pages under /malgrupper/, with index pages.
pub fn render_terms(ctx: &RenderCtx<'_>, scope: crate::render::Scope<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    for (base, title_key, terms) in [("tema", "topics", &ctx.graph.topics), ("malgrupper", "audiences", &ctx.graph.audiences)] {
        if scope.any_term(base) {
            out.extend(render_taxonomy(ctx, base, &ctx.t(title_key), terms, scope, diags));
        }
    }
    out
}

fn render_taxonomy(ctx: &RenderCtx<'_>, base: &str, title: &str, terms: &Terms, scope: crate::render::Scope<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    let views: Vec<TermView<'_>> = terms.values().map(|t| ctx.term_view(&t.name, base, &t.slug, &t.nodes)).collect();
    let file = std::path::Path::new("templates/terms.html");
    let mut c = ctx.base_context();
    c.insert("title", title);
    c.insert("terms", &views);
    c.insert("url", &format!("/{base}/"));
    match ctx.engine.render("terms.html", &c, file) {
        Ok(html) => out.push(Output::page(&format!("/{base}/"), html)),
        Err(d) => diags.push(d),
    }
    for (_, term) in terms.values().zip(&views).filter(|(t, _)| scope.term(base, &t.slug)) {
        let mut c = ctx.base_context();
        c.insert("title", title);
        c.insert("term", term);
        c.insert("index_url", &format!("/{base}/"));
        match ctx.engine.render("term.html", &c, std::path::Path::new("templates/term.html")) {
            Ok(html) => out.push(Output::page(&term.url, html)),
            Err(d) => diags.push(d),
        }
    }
    out
}

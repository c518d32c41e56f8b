//! Typed views that templates see: borrowed from the model, with URLs and dates made
//! ready to print. Templates never build links or format dates themselves.

pub mod catalogue;
pub mod course;
pub mod cover;
pub mod coverage;
pub mod district;
pub mod events;
pub mod followup;
pub mod languages;
pub mod listing;
pub mod pages;
pub mod paginate;
pub mod plan;
pub mod status_chart;
pub mod terms;

use chrono::NaiveDate;
use serde::Serialize;

use crate::markdown::Heading;
use crate::model::{Page, PageId, PageKind, When};
use crate::render::RenderCtx;
use crate::resolve::Node;

/// A link with its text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub title: String,
    pub url: String,
    /// The target's language when it is not the page's (see [`crate::model::Site::link_language`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hreflang: Option<String>,
}

impl Link {
    /// A link to something in the page's own language.
    pub fn new(title: String, url: String) -> Link {
        Link { title, url, hreflang: None }
    }
}

/// A date ready to print: ISO for `<time datetime>`, and in words.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

impl DateView {
    pub fn of_when(w: &When, ctx: &RenderCtx<'_>) -> DateView {
        Self::of_day(w.date(ctx.dates.tz), ctx)
    }

    pub fn of_day(d: NaiveDate, ctx: &RenderCtx<'_>) -> DateView {
        DateView { iso: d.format("%Y-%m-%d").to_string(), text: ctx.dates.day(d) }
    }
}

/// A page in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct Card<'a> {
    pub title: &'a str,
    /// The link (through [`RenderCtx::href`]).
    pub url: String,
    pub kind: PageKind,
    pub summary: Option<&'a str>,
    pub date: Option<DateView>,
    /// Course and network: the next or first session, in words.
    pub when: Option<String>,
    pub when_iso: Option<String>,
    pub status: Option<&'static str>,
    pub past: bool,
    pub topics: Vec<Link>,
    /// The language of the page's text when it is not the listing's (a page with no
    /// translation, listed in its original language): screen readers switch voice.
    pub lang: Option<String>,
    /// The target's language on the card's link, when it is not the listing's.
    pub hreflang: Option<String>,
    /// The page's `image:`, small (see [`cover::card_image`]).
    pub image: Option<cover::CardImage>,
}

/// The whole page, for its own template.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    /// The page's link (through [`RenderCtx::href`]), as menus and breadcrumbs compare it.
    pub url: String,
    pub permalink: String,
    pub path: &'a str,
    pub kind: PageKind,
    pub summary: Option<&'a str>,
    pub date: Option<DateView>,
    pub updated: Option<DateView>,
    pub topics: Vec<Link>,
    pub districts: Vec<Link>,
    pub extra: &'a serde_json::Value,
    pub content: &'a str,
    pub toc: &'a [Heading],
    pub is_section: bool,
    /// Breadcrumbs from the home page to the parent.
    pub ancestors: Vec<Link>,
    /// The language of the title and text when it is not the page's (`<html lang>`): a
    /// section shown in a language it has no translation in.
    pub lang: Option<String>,
    /// The page's `image:` for its top and `og:image` (see [`cover::page_image`]).
    pub image: Option<cover::PageImage>,
    /// A section whose own text and `image:` show no picture: the first card's picture is
    /// then the first of the page, in view, and not lazy.
    pub first_card_eager: bool,
}

impl<'a> RenderCtx<'a> {
    pub fn link(&self, page: PageId) -> Link {
        Link { title: self.site.pages[page].meta.title.clone(), url: self.href(self.graph.url(page)), hreflang: self.hreflang(page) }
    }

    /// A link to a node: the item title for items, the page title otherwise.
    pub fn node_link(&self, n: &Node) -> Link {
        let page = &self.site.pages[n.page];
        let title = match (&n.item, page.plan()) {
            (Some(id), Some(plan)) => match plan.item(id) {
                Some(item) => format!("{id} {}", item.title),
                None => plan.all_strategies().into_iter().find(|s| &s.id.value == id).map_or(id.clone(), |s| s.title.clone()),
            },
            _ => page.meta.title.clone(),
        };
        Link { title, url: self.href(&self.graph.node_url(n)), hreflang: self.hreflang(n.page) }
    }

    /// The `hreflang` of a link to page `id`, see [`crate::model::Site::link_language`].
    pub fn hreflang(&self, id: PageId) -> Option<String> {
        self.site.link_language(id).map(|l| l.code().to_string())
    }

    pub fn topic_links(&self, topics: &[String]) -> Vec<Link> {
        topics
            .iter()
            .map(|t| {
                let slug = crate::model::slugify(t);
                Link::new(self.site.config.topic_name(t).to_string(), self.href(&self.at(&format!("/tema/{slug}/"))))
            })
            .collect()
    }

    pub fn district_links(&self, keys: impl IntoIterator<Item = &'a str>) -> Vec<Link> {
        keys.into_iter().filter_map(|k| self.graph.district(k)).map(|id| self.link(id)).collect()
    }

    pub fn card(&self, id: PageId) -> Card<'a> {
        let page: &'a Page = &self.site.pages[id];
        let sessions = match &page.fields {
            crate::model::KindFields::Course(c) => Some(&c.sessions),
            crate::model::KindFields::Network(n) => Some(&n.meetings),
            _ => None,
        };
        let next = sessions.and_then(|s| crate::render::views::events::next_or_first(s, self.now));
        let past = sessions.is_some_and(|s| crate::render::views::events::is_past(s, self.now));
        Card {
            title: &page.meta.title,
            url: self.href(self.url_of(id)),
            kind: page.kind(),
            summary: page.meta.summary.as_deref(),
            date: page.meta.date.as_ref().map(|d| DateView::of_when(d, self)),
            when: next.map(|s| self.dates.span(s.start.instant, s.end.instant)),
            when_iso: next.map(|s| s.start.instant.with_timezone(&self.dates.tz).to_rfc3339()),
            status: page.course().map(|c| crate::render::views::events::course_state(c, self.now)),
            past,
            topics: self.topic_links(&page.meta.topics),
            lang: self.text_lang(id),
            hreflang: self.hreflang(id),
            image: cover::card_image(self, id),
        }
    }

    /// Whether a course or network page has no session left (other pages never are past).
    pub fn is_past(&self, id: PageId) -> bool {
        let page = &self.site.pages[id];
        let sessions = page.course().map(|c| &c.sessions).or_else(|| page.network().map(|n| &n.meetings));
        sessions.is_some_and(|s| crate::render::views::events::is_past(s, self.now))
    }

    /// The site path of a page (for output paths and comparisons; links go through
    /// [`RenderCtx::href`]).
    pub fn url_of(&self, id: PageId) -> &'a str {
        self.graph.url(id)
    }

    pub fn page_view(&self, id: PageId, content: &'a str, toc: &'a [Heading]) -> PageView<'a> {
        let page: &'a Page = &self.site.pages[id];
        let url = self.url_of(id);
        let image = cover::page_image(self, id);
        PageView {
            title: &page.meta.title,
            url: self.href(url),
            permalink: self.absolute(url),
            path: &page.path,
            kind: page.kind(),
            summary: page.meta.summary.as_deref(),
            date: page.meta.date.as_ref().map(|d| DateView::of_when(d, self)),
            updated: page.meta.updated.as_ref().map(|d| DateView::of_when(d, self)),
            topics: self.topic_links(&page.meta.topics),
            districts: self.district_links(page.meta.districts.iter().map(|d| d.value.as_str())),
            extra: &page.meta.extra,
            content,
            toc,
            is_section: page.is_section,
            ancestors: self.ancestors(page),
            lang: page.stand_in.then(|| self.site.config.default_language.code().to_string()),
            first_card_eager: page.is_section && image.is_none() && !content.contains("<img"),
            image,
        }
    }

    fn ancestors(&self, page: &Page) -> Vec<Link> {
        let mut out = Vec::new();
        let mut path = page.parent_section();
        while let Some(p) = path {
            if let Some(&id) = self.graph.by_path.get(p) {
                out.push(self.link(id));
            }
            path = if p.is_empty() { None } else { Some(p.rsplit_once('/').map_or("", |(d, _)| d)) };
        }
        out.reverse();
        out
    }

    /// A site-wide address in the language of this render: `/sok/` → `/nn/sok/` in the
    /// nynorsk version, unchanged in the default language's.
    pub fn at(&self, url: &str) -> String {
        format!("{}{url}", self.site.config.url_prefix)
    }

    /// The full address of a site path: `https://site.example/sub/path/` (see
    /// [`crate::model::SiteUrl::absolute`]). Feeds, sitemaps, canonical links, e-mail.
    pub fn absolute(&self, path: &str) -> String {
        self.site.config.site_url.absolute(path)
    }

    /// The full address of a link already made by [`RenderCtx::href`] (a view's `url`).
    pub fn absolute_href(&self, href: &str) -> String {
        self.site.config.site_url.absolute_href(href)
    }

    /// The link to a site path as a page prints it: `/sub/path/` under a sub-path (see
    /// [`crate::model::SiteUrl::href`]). Every `href`/`src` a view hands a template.
    pub fn href(&self, path: &str) -> String {
        self.site.config.site_url.href(path)
    }
}

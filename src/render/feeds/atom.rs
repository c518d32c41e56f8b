//! Atom feeds: one per news section (`/aktuelt/atom.xml`) and one per newsletter series.
//!
//! A newsletter section's `atom.xml` has every issue in it; when a section holds more than
//! one series, each series also gets `<section-url><series-slug>/atom.xml`. All links are
//! absolute; `updated` comes from the content (`updated`, else `date`), never the clock.

use std::collections::BTreeMap;
use std::path::Path;

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::slugify;
use crate::model::{KindFields, PageId, PageKind, SourcePos};
use crate::render::{Output, RenderCtx, Scope};

/// A feed to announce in a page's `<head>`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FeedLink {
    pub title: String,
    /// Site path: `/aktuelt/atom.xml`.
    pub url: String,
}

/// One feed to write: its path, title, and entries (page ids).
struct FeedPlan {
    url: String,
    title: String,
    self_page: String,
    pages: Vec<PageId>,
}

impl RenderCtx<'_> {
    /// The news or newsletter feed of the section at `path`, if it has one.
    pub fn section_feed(&self, path: &str) -> Option<FeedLink> {
        let &id = self.graph.by_path.get(path)?;
        let page = &self.site.pages[id];
        matches!(page.section_kind, Some(PageKind::News | PageKind::Newsletter))
            .then(|| FeedLink { title: format!("{} – {}", self.site.config.title, page.meta.title), url: format!("{}atom.xml", self.graph.url(id)) })
    }

    /// The feed(s) a page should announce: its section's, and its series' when separate;
    /// their `url` is the link (under the sub-path), for templates.
    pub fn feeds_for(&self, id: PageId) -> Vec<FeedLink> {
        let page = &self.site.pages[id];
        let section = if page.is_section { Some(page.path.as_str()) } else { page.parent_section() };
        let mut out: Vec<FeedLink> = section.and_then(|s| self.section_feed(s)).into_iter().collect();
        if page.path.is_empty() {
            out.extend(self.news_sections().into_iter().filter_map(|s| self.section_feed(&self.site.pages[s].path)));
        }
        if let (KindFields::Newsletter(_), Some(s)) = (&page.fields, section) {
            let plans = self.series_feeds(s);
            if plans.len() > 1 {
                let series = self.series_name(id);
                out.extend(plans.into_iter().filter(|p| p.title == series).map(|p| FeedLink { title: p.title, url: p.url }));
            }
        }
        out.into_iter().map(|f| FeedLink { url: self.href(&f.url), ..f }).collect()
    }

    fn news_sections(&self) -> Vec<PageId> {
        let pages = &self.site.pages;
        (0..pages.len()).filter(|&i| pages[i].is_section && pages[i].section_kind == Some(PageKind::News)).collect()
    }

    /// The newsletter series of a page: `series`, else the section's title.
    pub fn series_name(&self, id: PageId) -> String {
        let page = &self.site.pages[id];
        let own = match &page.fields {
            KindFields::Newsletter(n) => n.series.clone(),
            _ => None,
        };
        own.unwrap_or_else(|| {
            let section = page.parent_section().and_then(|s| self.graph.by_path.get(s));
            section.map_or_else(|| page.meta.title.clone(), |&s| self.site.pages[s].meta.title.clone())
        })
    }

    /// Per-series feeds of a newsletter section, by series name.
    fn series_feeds(&self, section: &str) -> Vec<FeedPlan> {
        let mut by_series: BTreeMap<String, Vec<PageId>> = BTreeMap::new();
        for id in self.pages_in(section, PageKind::Newsletter) {
            by_series.entry(self.series_name(id)).or_default().push(id);
        }
        let base = self.graph.by_path.get(section).map_or("/", |&s| self.graph.url(s)).to_string();
        by_series
            .into_iter()
            .map(|(title, pages)| {
                let url = format!("{base}{}/atom.xml", slugify(&title));
                FeedPlan { url, self_page: base.clone(), title, pages }
            })
            .collect()
    }

    /// Non-section pages of `kind` directly in the section at `path`.
    fn pages_in(&self, path: &str, kind: PageKind) -> Vec<PageId> {
        let Some(section) = self.graph.sections.get(path) else {
            return Vec::new();
        };
        section.pages.iter().copied().filter(|&p| self.site.pages[p].kind() == kind && !self.site.pages[p].is_section).collect()
    }

    /// `updated`, else `date`, of a page as an Atom date.
    fn page_updated(&self, id: PageId) -> Option<FixedDateTime> {
        let meta = &self.site.pages[id].meta;
        meta.updated.or(meta.date).map(|w| w.instant.with_timezone(&self.dates.tz).fixed_offset())
    }

    /// The start of the build's day ("now": the clock or `SOURCE_DATE_EPOCH`), for an entry
    /// or a feed with no date of its own. Never 1970: feed readers show that as the age.
    fn build_day(&self) -> FixedDateTime {
        super::plan_feeds::atom_day(self, self.now.with_timezone(&self.dates.tz).date_naive())
    }
}

/// How many of the newest entries a feed carries: feed readers poll often and keep what
/// they have seen, so older entries only make every poll heavier.
const FEED_ENTRIES: usize = 50;

/// The Atom feeds of news and newsletter sections in `scope` (plans' feeds are rendered
/// with their follow-up pages, see `plan_feeds`).
pub fn render(ctx: &RenderCtx<'_>, scope: Scope<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut plans = Vec::new();
    for (id, page) in ctx.site.pages.iter().enumerate() {
        let kind = match page.section_kind {
            Some(k @ (PageKind::News | PageKind::Newsletter)) if page.is_section => k,
            _ => continue,
        };
        let Some(link) = ctx.section_feed(&page.path) else {
            continue;
        };
        let pages = ctx.pages_in(&page.path, kind);
        plans.push(FeedPlan { url: link.url, title: link.title, self_page: ctx.graph.url(id).to_string(), pages });
        if kind == PageKind::Newsletter {
            let series = ctx.series_feeds(&page.path);
            if series.len() > 1 {
                plans.extend(series);
            }
        }
    }
    let mut out = Vec::new();
    for plan in plans.into_iter().filter(|p| scope.feed(&p.pages)) {
        match write_feed(ctx, &plan) {
            Ok(xml) => out.push(Output::new(plan.url.trim_start_matches('/'), xml)),
            Err(msg) => diags.push(Diagnostic::new(Code::Output, Path::new("content"), SourcePos::default(), msg)),
        }
    }
    out
}

fn write_feed(ctx: &RenderCtx<'_>, plan: &FeedPlan) -> Result<String, String> {
    let mut pages = plan.pages.clone();
    pages.sort_by_key(|&p| std::cmp::Reverse((ctx.page_updated(p), std::cmp::Reverse(p))));
    let entries: Vec<Entry> = pages.iter().take(FEED_ENTRIES).map(|&p| entry(ctx, p)).collect();
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_else(|| ctx.build_day());
    let cfg = &ctx.site.config;
    let feed = Feed {
        title: Text::plain(plan.title.clone()),
        id: ctx.absolute(&plan.url),
        updated,
        authors: vec![Person { name: cfg.title.clone(), ..Person::default() }],
        generator: Some(Generator { value: "planverk".into(), ..Generator::default() }),
        links: vec![link(ctx.absolute(&plan.url), "self", "application/atom+xml"), link(ctx.absolute(&plan.self_page), "alternate", "text/html")],
        subtitle: (!cfg.description.is_empty()).then(|| Text::plain(cfg.description.clone())),
        lang: Some(cfg.language.code().to_string()),
        entries,
        ..Feed::default()
    };
    let mut bytes = Vec::new();
    feed.write_to(&mut bytes).map_err(|e| format!("can't write the feed {}: {e}", plan.url))?;
    String::from_utf8(bytes).map(|s| s + "\n").map_err(|e| e.to_string())
}

fn link(href: String, rel: &str, mime: &str) -> Link {
    Link { href, rel: rel.into(), mime_type: Some(mime.into()), ..Link::default() }
}

fn entry(ctx: &RenderCtx<'_>, id: PageId) -> Entry {
    let page = &ctx.site.pages[id];
    let url = ctx.absolute(ctx.graph.url(id));
    let html = absolutize(&ctx.markdown[id].body.html, ctx.site.config.site_url.origin());
    Entry {
        title: Text::plain(page.meta.title.clone()),
        id: url.clone(),
        updated: ctx.page_updated(id).unwrap_or_else(|| ctx.build_day()),
        published: page.meta.date.map(|w| w.instant.with_timezone(&ctx.dates.tz).fixed_offset()),
        links: vec![link(url, "alternate", "text/html")],
        summary: page.meta.summary.clone().map(Text::plain),
        content: Some(Content { value: Some(html), content_type: Some("html".into()), ..Content::default() }),
        ..Entry::default()
    }
}

/// Makes rooted `href="/…"` and `src="/…"` absolute, for feeds and e-mail. The HTML's links
/// are already under the site's sub-path (Markdown links go through `SiteUrl::href`), so
/// `origin` is the scheme and host alone (`SiteUrl::origin`).
pub fn absolutize(html: &str, origin: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("=\"/") {
        let (head, tail) = rest.split_at(i + 2);
        out.push_str(head);
        if (head.ends_with("href=\"") || head.ends_with("src=\"")) && !tail.starts_with("//") {
            out.push_str(origin);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

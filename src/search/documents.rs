//! What is indexed: every page, and every plan goal and measure as a result of its own.

use chrono::{DateTime, Utc};
use pulldown_cmark::{Event, Parser, TagEnd};
use rayon::prelude::*;

use crate::model::slugify;
use crate::model::{ItemRole, KindFields, Page, PageId, Session, Site};
use crate::resolve::SiteGraph;

crate::string_enum! {
    /// What a search result is: a page of a kind, or a plan's goal or measure.
    DocKind {
        Page = "page", Plan = "plan", Goal = "goal", Measure = "measure", Course = "course",
        Network = "network", Newsletter = "newsletter", News = "news", District = "district", Service = "service",
    }
}

/// One search result: a page or a plan item, as plain text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SearchDoc {
    /// URL path, with `#ID` for plan items.
    pub url: String,
    pub title: String,
    pub summary: String,
    /// The body as plain text.
    pub body: String,
    pub kind: DocKind,
    /// Topic slugs.
    pub topics: Vec<String>,
    /// District keys.
    pub districts: Vec<String>,
    /// The date shown: the page's date, or a course's next (else last) session, as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// A course or network whose sessions are all over: ranked below upcoming ones on ties.
    pub past: bool,
    /// The URL of the plan, for a plan and its items: at most two hits per plan in the top 10.
    pub plan: Option<String>,
    /// The page the document comes from.
    pub page: PageId,
}

/// The documents of the whole site, in index order: upcoming before past, then by URL.
pub fn site_documents(site: &Site, graph: &SiteGraph, now: DateTime<Utc>) -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = (0..site.pages.len()).into_par_iter().flat_map_iter(|id| page_documents(site, graph, id, now)).collect();
    sort_documents(&mut docs);
    docs
}

/// Index order: a past course after everything else, then by URL.
pub fn sort_documents(docs: &mut [SearchDoc]) {
    docs.sort_by(index_order);
}

/// How two documents compare in index order (see [`sort_documents`]).
pub fn index_order(a: &SearchDoc, b: &SearchDoc) -> std::cmp::Ordering {
    (a.past, &a.url).cmp(&(b.past, &b.url))
}

/// The documents one page gives: itself, and for a plan each goal and measure.
pub fn page_documents(site: &Site, graph: &SiteGraph, id: PageId, now: DateTime<Utc>) -> Vec<SearchDoc> {
    let page = &site.pages[id];
    let tz = site.config.timezone;
    let url = graph.url(id).to_string();
    let mut districts: Vec<String> = page.meta.districts.iter().map(|d| d.value.clone()).collect();
    if let Some(d) = page.plan().and_then(|p| p.district.as_ref()) {
        districts.push(d.value.clone());
    }
    if page.kind() == crate::model::PageKind::District && !page.is_section {
        districts.push(page.path.rsplit('/').next().unwrap_or(&page.path).to_string());
    }
    districts.sort();
    districts.dedup();
    let mut topics: Vec<String> = page.meta.topics.iter().map(|t| slugify(t)).filter(|s| !s.is_empty()).collect();
    topics.sort();
    topics.dedup();
    let sessions = sessions(page);
    let (date, past) = match sessions {
        Some(s) if !s.is_empty() => {
            let next = s.iter().filter(|s| s.end.instant >= now).map(|s| s.start).min();
            let shown = next.or_else(|| s.iter().map(|s| s.start).max());
            (shown.map(|w| w.date(tz).to_string()), next.is_none())
        }
        _ => (page.meta.date.map(|d| d.date(tz).to_string()), false),
    };
    let plan_url = page.plan().map(|_| url.clone());
    let mut docs = vec![SearchDoc {
        url: url.clone(),
        title: page.meta.title.clone(),
        summary: page.meta.summary.clone().unwrap_or_default(),
        body: plain_text(&page.body),
        kind: kind_of(page),
        topics: topics.clone(),
        districts: districts.clone(),
        date,
        past,
        plan: plan_url.clone(),
        page: id,
    }];
    if let Some(plan) = page.plan() {
        for i in plan.items() {
            let item = i.item;
            let mut body = item.description.as_deref().map(plain_text).unwrap_or_default();
            for r in &item.responsible {
                body.push('\n');
                body.push_str(r);
            }
            let context = match i.strategy {
                Some(s) => format!("{} – {}", page.meta.title, s.title),
                None => page.meta.title.clone(),
            };
            docs.push(SearchDoc {
                url: format!("{url}#{}", item.id.value),
                title: format!("{} {}", item.id.value, item.title),
                summary: context,
                body,
                kind: if item.role == ItemRole::Goal { DocKind::Goal } else { DocKind::Measure },
                topics: topics.clone(),
                districts: districts.clone(),
                date: None,
                past: false,
                plan: plan_url.clone(),
                page: id,
            });
        }
    }
    docs
}

fn kind_of(page: &Page) -> DocKind {
    match &page.fields {
        KindFields::Page => DocKind::Page,
        KindFields::Plan(_) => DocKind::Plan,
        KindFields::Course(_) => DocKind::Course,
        KindFields::Network(_) => DocKind::Network,
        KindFields::Newsletter(_) => DocKind::Newsletter,
        KindFields::News => DocKind::News,
        KindFields::District(_) => DocKind::District,
        KindFields::Service(_) => DocKind::Service,
    }
}

fn sessions(page: &Page) -> Option<&[Session]> {
    match &page.fields {
        KindFields::Course(c) => Some(&c.sessions),
        KindFields::Network(n) => Some(&n.meetings),
        _ => None,
    }
}

/// The text of a Markdown body, without markup: blocks end in a line break.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock | TagEnd::BlockQuote(_)) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Names the site adds to the analyzer's dictionary: districts, topics and target groups.
pub fn site_words(site: &Site, graph: &SiteGraph) -> Vec<String> {
    let mut words: Vec<String> = graph.districts.values().map(|&id| site.pages[id].meta.title.clone()).collect();
    words.extend(graph.districts.keys().cloned());
    words.extend(graph.topics.values().map(|t| t.name.clone()));
    words.extend(graph.audiences.values().map(|t| t.name.clone()));
    words.sort();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn markdown_becomes_plain_text() {
        let text = plain_text("# Tittel\n\nEn *viktig* [lenke](/a/) og `kode`.\n\n- punkt\n");
        assert_eq!(text, "Tittel\nEn viktig lenke og kode.\npunkt");
    }

    #[test]
    fn html_in_markdown_is_not_text() {
        assert_eq!(plain_text("<script>alert(1)</script>\n\nHei"), "Hei");
    }
}

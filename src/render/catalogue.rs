//! The course catalogue: each course section (`/kurs/`) lists upcoming courses by first
//! session and an archive of past ones, and gets static filter pages that work without
//! JavaScript: `tema/<slug>/`, `malgruppe/<slug>/`, `bydel/<key>/` (its courses and courses
//! for all districts), `format/<format>/` and `maned/<yyyy-mm>/` under the section's URL.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use tera::Context;

use super::atom::FeedLink;
use super::views::{Card, DateView};
use super::{Output, RenderCtx};
use crate::diagnostics::Diagnostics;
use crate::model::{Material, PageId, PageKind};
use crate::resolve::slugify;

/// One way to filter the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dim {
    Topic,
    Audience,
    District,
    Format,
    Month,
}

const DIMS: [Dim; 5] = [Dim::Topic, Dim::Audience, Dim::District, Dim::Format, Dim::Month];

impl Dim {
    /// URL segment, also the name of the JS filter field.
    fn segment(self) -> &'static str {
        match self {
            Dim::Topic => "tema",
            Dim::Audience => "malgruppe",
            Dim::District => "bydel",
            Dim::Format => "format",
            Dim::Month => "maned",
        }
    }

    fn label_key(self) -> &'static str {
        match self {
            Dim::Topic => "topics",
            Dim::Audience => "audiences",
            Dim::District => "districts",
            Dim::Format => "format",
            Dim::Month => "course_month",
        }
    }
}

/// A course in the catalogue, with what the filters need.
#[derive(Debug, Serialize)]
pub struct CourseCard<'a> {
    #[serde(flatten)]
    pub card: Card<'a>,
    pub format: Option<&'static str>,
    pub deadline: Option<DateView>,
    pub deadline_passed: bool,
    pub materials: &'a [Material],
    /// Space-separated filter values by field name (`tema`, `bydel`…), for `data-*`.
    pub data: BTreeMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
pub struct FilterLink {
    pub title: String,
    pub value: String,
    pub url: String,
    pub count: usize,
    pub active: bool,
}

#[derive(Debug, Serialize)]
pub struct FilterGroup {
    pub key: &'static str,
    pub label: String,
    pub links: Vec<FilterLink>,
}

/// What `course-list.html` sees as `catalogue`.
#[derive(Debug, Serialize)]
pub struct CatalogueView<'a> {
    pub index_url: String,
    pub filters: Vec<FilterGroup>,
    /// On a filter page: the group label and the value's title.
    pub active: Option<(String, String)>,
    pub upcoming: Vec<CourseCard<'a>>,
    pub past: Vec<CourseCard<'a>>,
    pub ics_url: String,
    pub webcal_url: String,
}

impl<'a> RenderCtx<'a> {
    /// Course pages under the section at `path`.
    fn catalogue_courses(&self, path: &str) -> Vec<PageId> {
        let prefix = format!("{path}/");
        let pages = &self.site.pages;
        (0..pages.len())
            .filter(|&i| pages[i].kind() == PageKind::Course && !pages[i].is_section)
            .filter(|&i| path.is_empty() || pages[i].path.starts_with(&prefix))
            .collect()
    }

    /// The values of one filter a course has: (value, title).
    fn filter_values(&self, id: PageId, dim: Dim) -> Vec<(String, String)> {
        let page = &self.site.pages[id];
        let Some(c) = page.course() else {
            return Vec::new();
        };
        match dim {
            Dim::Topic => page.meta.topics.iter().map(|t| (slugify(t), t.clone())).collect(),
            Dim::Audience => c.audience.iter().map(|a| (slugify(a), a.clone())).collect(),
            Dim::District if page.meta.districts.is_empty() => {
                vec![("all".into(), self.t("all_districts"))]
            }
            Dim::District => page.meta.districts.iter().map(|d| (d.value.clone(), d.value.clone())).collect(),
            Dim::Format => c.format.iter().map(|f| (f.as_str().to_string(), self.t(&format!("format_{}", f.as_str())))).collect(),
            Dim::Month => {
                let mut months: Vec<(String, String)> =
                    c.sessions.iter().map(|s| s.start.date(self.dates.tz)).map(|d| (d.format("%Y-%m").to_string(), self.dates.month(d))).collect();
                months.sort();
                months.dedup();
                months
            }
        }
    }

    fn matches(&self, id: PageId, dim: Dim, value: &str) -> bool {
        self.filter_values(id, dim).iter().any(|(v, _)| v == value || (dim == Dim::District && v == "all"))
    }

    fn course_card(&self, id: PageId) -> CourseCard<'a> {
        let c = self.site.pages[id].course();
        let reg = c.and_then(|c| c.registration.as_ref());
        let deadline = reg.and_then(|r| r.deadline);
        let data = DIMS.iter().map(|&d| (d.segment(), self.filter_values(id, d).into_iter().map(|(v, _)| v).collect::<Vec<_>>().join(" "))).collect();
        CourseCard {
            card: self.card(id),
            format: c.and_then(|c| c.format).map(|f| f.as_str()),
            deadline: deadline.as_ref().map(|d| DateView::of_when(d, self)),
            deadline_passed: deadline.is_some_and(|d| self.deadline_passed(&d)),
            materials: c.map_or(&[], |c| c.materials.as_slice()),
            data,
        }
    }

    /// Upcoming by first session, then past ones, latest first.
    fn split_courses(&self, ids: &[PageId]) -> (Vec<CourseCard<'a>>, Vec<CourseCard<'a>>) {
        let (mut past, mut upcoming): (Vec<PageId>, Vec<PageId>) = ids.iter().partition(|&&p| self.card(p).past);
        upcoming.sort_by_key(|&p| (self.first_start(p), p));
        past.sort_by_key(|&p| std::cmp::Reverse((self.first_start(p), p)));
        (upcoming.into_iter().map(|p| self.course_card(p)).collect(), past.into_iter().map(|p| self.course_card(p)).collect())
    }

    fn filter_groups(&self, index_url: &str, ids: &[PageId], active: Option<(Dim, &str)>) -> Vec<FilterGroup> {
        DIMS.iter()
            .map(|&dim| {
                let mut values: BTreeMap<String, String> = BTreeMap::new();
                if dim == Dim::District {
                    for (key, &d) in &self.graph.districts {
                        values.insert(key.clone(), self.site.pages[d].meta.title.clone());
                    }
                } else {
                    ids.iter().flat_map(|&id| self.filter_values(id, dim)).for_each(|(v, t)| {
                        values.entry(v).or_insert(t);
                    });
                }
                let links = values
                    .into_iter()
                    .map(|(value, title)| FilterLink {
                        url: format!("{index_url}{}/{value}/", dim.segment()),
                        count: ids.iter().filter(|&&id| self.matches(id, dim, &value)).count(),
                        active: active == Some((dim, value.as_str())),
                        title,
                        value,
                    })
                    .collect();
                FilterGroup { key: dim.segment(), label: self.t(dim.label_key()), links }
            })
            .collect()
    }

    /// The catalogue of the course section `section`, all of it or one filter's share.
    fn catalogue_view(&self, section: PageId, active: Option<(Dim, &str, String)>) -> CatalogueView<'a> {
        let index_url = self.graph.url(section).to_string();
        let all = self.catalogue_courses(&self.site.pages[section].path);
        let ids: Vec<PageId> = match &active {
            Some((dim, value, _)) => all.iter().copied().filter(|&id| self.matches(id, *dim, value)).collect(),
            None => all.clone(),
        };
        let (upcoming, past) = self.split_courses(&ids);
        let ics_url = match &active {
            Some((Dim::Topic, v, _)) => format!("/kalender/tema/{v}.ics"),
            Some((Dim::District, v, _)) => format!("/kalender/bydel/{v}.ics"),
            _ => "/kalender/alle.ics".to_string(),
        };
        CatalogueView {
            filters: self.filter_groups(&index_url, &all, active.as_ref().map(|(d, v, _)| (*d, *v))),
            active: active.as_ref().map(|(d, _, title)| (self.t(d.label_key()), title.clone())),
            index_url,
            upcoming,
            past,
            webcal_url: self.webcal(&ics_url),
            ics_url,
        }
    }

    /// Adds `catalogue` to a course section's context.
    pub fn insert_catalogue(&self, c: &mut Context, section: PageId) {
        if self.site.pages[section].section_kind == Some(PageKind::Course) {
            c.insert("catalogue", &self.catalogue_view(section, None));
        }
    }
}

/// The static filter pages of every course section.
pub fn render(ctx: &RenderCtx<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let taken: HashSet<&str> = ctx.graph.urls.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for (section, page) in ctx.site.pages.iter().enumerate() {
        if !page.is_section || page.section_kind != Some(PageKind::Course) {
            continue;
        }
        let index_url = ctx.graph.url(section).to_string();
        let all = ctx.catalogue_courses(&page.path);
        for group in ctx.filter_groups(&index_url, &all, None) {
            let Some(&dim) = DIMS.iter().find(|d| d.segment() == group.key) else {
                continue;
            };
            for link in group.links.iter().filter(|l| !taken.contains(l.url.as_str())) {
                let view = ctx.catalogue_view(section, Some((dim, &link.value, link.title.clone())));
                match render_filter_page(ctx, section, &link.url, &view) {
                    Ok(html) => out.push(Output::page(&link.url, html)),
                    Err(d) => diags.push(d),
                }
            }
        }
    }
    out
}

fn render_filter_page(ctx: &RenderCtx<'_>, section: PageId, url: &str, view: &CatalogueView<'_>) -> Result<String, crate::diagnostics::Diagnostic> {
    let page = &ctx.site.pages[section];
    let mut pv = ctx.page_view(section, "", &[]);
    let title = match &view.active {
        Some((label, value)) => format!("{}: {value} ({})", page.meta.title, label.to_lowercase()),
        None => page.meta.title.clone(),
    };
    pv.title = &title;
    pv.url = url;
    pv.permalink = ctx.absolute(url);
    pv.ancestors.push(ctx.link(section));
    let mut c = ctx.base_context();
    c.insert("page", &pv);
    c.insert("catalogue", view);
    c.insert("feeds", &Vec::<FeedLink>::new());
    let template = page.meta.template.clone().unwrap_or_else(|| super::pages::default_template(ctx, section));
    ctx.engine.render(&template, &c, &page.source)
}

//! The course catalogue: each course section (`/kurs/`) lists upcoming courses by first
//! session and an archive of past ones, and gets static filter pages that work without
//! JavaScript: `tema/<slug>/`, `malgruppe/<slug>/`, `bydel/<key>/` (its courses and courses
//! for all districts), `format/<format>/` and `maned/<yyyy-mm>/` under the section's URL.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostics;
use crate::model::slugify;
use crate::model::{Material, PageId, PageKind};
use crate::render::feeds::atom::FeedLink;
use crate::render::views::{Card, DateView};
use crate::render::{Output, RenderCtx};

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
    pub materials: Vec<Material>,
    /// Space-separated filter values by field name (`tema`, `bydel`…), for `data-*`.
    pub data: BTreeMap<&'static str, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilterLink {
    pub title: String,
    pub value: String,
    pub url: String,
    pub count: usize,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize)]
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
    /// Whether any course this view stands for is upcoming (on any page of the listing).
    pub has_upcoming: bool,
    /// Whether this page shows the "upcoming" heading: always, except on later pages of
    /// the listing that hold past courses only.
    pub upcoming_section: bool,
    /// Courses this view stands for (all pages), and courses in the catalogue.
    pub shown: usize,
    pub total: usize,
    /// The catalogue as JSON, which filter.js filters.
    pub data_url: String,
    pub ics_url: String,
    pub webcal_url: String,
}

impl<'a> RenderCtx<'a> {
    /// Course pages under the section at `path`.
    pub(super) fn catalogue_courses(&self, path: &str) -> Vec<PageId> {
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

    fn course_card(&self, id: PageId, values: &CourseValues) -> CourseCard<'a> {
        let c = self.site.pages[id].course();
        let reg = c.and_then(|c| c.registration.as_ref());
        let deadline = reg.and_then(|r| r.deadline);
        let data = DIMS.iter().zip(values).map(|(d, vs)| (d.segment(), vs.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>().join(" "))).collect();
        CourseCard {
            card: self.card(id),
            format: c.and_then(|c| c.format).map(|f| f.as_str()),
            deadline: deadline.as_ref().map(|d| DateView::of_when(d, self)),
            deadline_passed: deadline.is_some_and(|d| self.deadline_passed(&d)),
            materials: c.map_or_else(Vec::new, |c| self.materials(&c.materials)),
            data,
        }
    }

    /// The catalogue of the course section `section`: its courses and their filter values.
    pub(super) fn catalogue(&self, section: PageId) -> Catalogue {
        let index_url = self.graph.url(section).to_string();
        let courses = self.catalogue_courses(&self.site.pages[section].path);
        let values: Vec<CourseValues> = courses.iter().map(|&id| DIMS.map(|d| self.filter_values(id, d))).collect();
        let groups = DIMS
            .iter()
            .enumerate()
            .map(|(di, &dim)| {
                let mut titles: BTreeMap<String, String> = BTreeMap::new();
                if dim == Dim::District {
                    for (key, &d) in &self.graph.districts {
                        titles.insert(key.clone(), self.site.pages[d].meta.title.clone());
                    }
                } else {
                    for (v, t) in values.iter().flat_map(|vs| vs[di].iter()) {
                        titles.entry(v.clone()).or_insert_with(|| t.clone());
                    }
                }
                let links = titles
                    .into_iter()
                    .map(|(value, title)| FilterLink {
                        url: format!("{index_url}{}/{value}/", dim.segment()),
                        count: values.iter().filter(|vs| matches(vs, dim, &value)).count(),
                        active: false,
                        title,
                        value,
                    })
                    .collect();
                FilterGroup { key: dim.segment(), label: self.t(dim.label_key()), links }
            })
            .collect();
        let all: Vec<usize> = (0..courses.len()).collect();
        let (upcoming, past) = self.split(&courses, &all);
        let upcoming_len = upcoming.len();
        Catalogue { index_url, courses, values, groups, order: upcoming.into_iter().chain(past).collect(), upcoming: upcoming_len }
    }

    /// Indexes into `courses` of those `picked`: upcoming by first session, then past ones,
    /// latest first.
    fn split(&self, courses: &[PageId], picked: &[usize]) -> (Vec<usize>, Vec<usize>) {
        let (mut past, mut upcoming): (Vec<usize>, Vec<usize>) = picked.iter().partition(|&&i| self.is_past(courses[i]));
        upcoming.sort_by_key(|&i| (self.first_start(courses[i]), courses[i]));
        past.sort_by_key(|&i| std::cmp::Reverse((self.first_start(courses[i]), courses[i])));
        (upcoming, past)
    }

    /// Upcoming by first session, then past ones, latest first.
    fn split_courses(&self, cat: &Catalogue, picked: &[usize]) -> (Vec<CourseCard<'a>>, Vec<CourseCard<'a>>) {
        let (upcoming, past) = self.split(&cat.courses, picked);
        let card = |i: usize| self.course_card(cat.courses[i], &cat.values[i]);
        (upcoming.into_iter().map(card).collect(), past.into_iter().map(card).collect())
    }

    /// The whole catalogue, or one filter's share of it.
    /// With `with_cards` false the course lists are left empty, for the caller to fill.
    fn catalogue_view(&self, cat: &Catalogue, active: Option<(Dim, &str, String)>, with_cards: bool) -> CatalogueView<'a> {
        let picked: Vec<usize> = (0..cat.courses.len())
            .filter(|&i| match &active {
                Some((dim, value, _)) => matches(&cat.values[i], *dim, value),
                None => true,
            })
            .filter(|_| with_cards)
            .collect();
        let (upcoming, past) = self.split_courses(cat, &picked);
        let ics_url = match &active {
            Some((Dim::Topic, v, _)) => self.at(&format!("/kalender/tema/{v}.ics")),
            Some((Dim::District, v, _)) => self.at(&format!("/kalender/bydel/{v}.ics")),
            _ => self.at("/kalender/alle.ics"),
        };
        let mut filters = cat.groups.clone();
        for link in filters.iter_mut().flat_map(|g| g.links.iter_mut()) {
            link.url = self.href(&link.url);
        }
        if let Some((dim, value, _)) = &active {
            for link in filters.iter_mut().filter(|g| g.key == dim.segment()).flat_map(|g| g.links.iter_mut()) {
                link.active = link.value == *value;
            }
        }
        CatalogueView {
            filters,
            active: active.as_ref().map(|(d, _, title)| (self.t(d.label_key()), title.clone())),
            index_url: self.href(&cat.index_url),
            has_upcoming: !upcoming.is_empty(),
            upcoming_section: true,
            shown: picked.len(),
            total: cat.courses.len(),
            data_url: self.href(&format!("{}{DATA_FILE}", cat.index_url)),
            upcoming,
            past,
            webcal_url: self.webcal(&ics_url),
            ics_url: self.href(&ics_url),
        }
    }

    /// The catalogue's page of courses `range` (of upcoming then past), with every filter.
    pub(super) fn catalogue_page(&self, cat: &Catalogue, range: std::ops::Range<usize>) -> CatalogueView<'a> {
        let card = |&i: &usize| self.course_card(cat.courses[i], &cat.values[i]);
        let order = cat.order.get(range.clone()).unwrap_or_default();
        let split = cat.upcoming.clamp(range.start, range.end) - range.start;
        let mut view = self.catalogue_view(cat, None, false);
        view.upcoming = order[..split].iter().map(card).collect();
        view.past = order[split..].iter().map(card).collect();
        view.has_upcoming = cat.upcoming > 0;
        view.upcoming_section = range.start == 0 || !view.upcoming.is_empty();
        view.shown = cat.courses.len();
        view
    }
}

/// The catalogue's courses with their filter values, for filter.js: the JavaScript filter
/// searches the whole catalogue, not just the page it runs on.
pub const DATA_FILE: &str = "kurs.json";

/// A course's filter values, one list per dimension in `DIMS` order.
type CourseValues = [Vec<(String, String)>; 5];

/// A course section's courses with their filter values, and the filter links.
pub(super) struct Catalogue {
    index_url: String,
    courses: Vec<PageId>,
    values: Vec<CourseValues>,
    groups: Vec<FilterGroup>,
    /// Indexes into `courses`: the upcoming ones by first session, then past ones.
    pub(super) order: Vec<usize>,
    /// How many of `order` are upcoming.
    upcoming: usize,
}

/// Whether a course with `values` is listed under `value` of `dim`; a course for all
/// districts is listed under every district.
fn matches(values: &CourseValues, dim: Dim, value: &str) -> bool {
    let Some(i) = DIMS.iter().position(|&d| d == dim) else { return false };
    values[i].iter().any(|(v, _)| v == value || (dim == Dim::District && v == "all"))
}

/// The static filter pages of every course section, rendered in parallel.
pub fn render(ctx: &RenderCtx<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let taken: HashSet<&str> = ctx.graph.urls.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for (section, page) in ctx.site.pages.iter().enumerate() {
        if !page.is_section || page.section_kind != Some(PageKind::Course) {
            continue;
        }
        let cat = ctx.catalogue(section);
        out.push(data_file(ctx, &cat));
        let pages: Vec<(Dim, &FilterLink)> =
            DIMS.iter().zip(&cat.groups).flat_map(|(&dim, g)| g.links.iter().map(move |l| (dim, l))).filter(|(_, l)| !taken.contains(l.url.as_str())).collect();
        let results: Vec<_> = pages
            .par_iter()
            .map(|(dim, link)| {
                let view = ctx.catalogue_view(&cat, Some((*dim, &link.value, link.title.clone())), true);
                render_filter_page(ctx, section, &link.url, &view).map(|html| Output::page(&link.url, html))
            })
            .collect();
        for r in results {
            match r {
                Ok(o) => out.push(o),
                Err(d) => diags.push(d),
            }
        }
    }
    out
}

/// What `kurs.json` holds: every course of the catalogue, upcoming ones first, and the UI
/// strings the script needs to show them as the page does.
#[derive(Serialize)]
struct CatalogueData<'a> {
    upcoming: usize,
    labels: BTreeMap<&'a str, &'a str>,
    courses: Vec<CourseCard<'a>>,
}

fn data_file(ctx: &RenderCtx<'_>, cat: &Catalogue) -> Output {
    let wanted = |k: &str| k.starts_with("status_") || k.starts_with("format_") || matches!(k, "registration_deadline" | "deadline_passed" | "materials");
    let labels = ctx.strings.iter().filter(|(k, _)| wanted(k)).map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let courses = cat.order.iter().map(|&i| ctx.course_card(cat.courses[i], &cat.values[i])).collect();
    let data = CatalogueData { upcoming: cat.upcoming, labels, courses };
    let json = serde_json::to_vec(&data).unwrap_or_default();
    Output::new(format!("{}{DATA_FILE}", cat.index_url.trim_start_matches('/')), json)
}

fn render_filter_page(ctx: &RenderCtx<'_>, section: PageId, url: &str, view: &CatalogueView<'_>) -> Result<String, crate::diagnostics::Diagnostic> {
    let page = &ctx.site.pages[section];
    let mut pv = ctx.page_view(section, "", &[]);
    let title = match &view.active {
        Some((label, value)) => format!("{}: {value} ({})", page.meta.title, label.to_lowercase()),
        None => page.meta.title.clone(),
    };
    pv.title = &title;
    pv.url = ctx.href(url);
    pv.permalink = ctx.absolute(url);
    pv.ancestors.push(ctx.link(section));
    let mut c = ctx.base_context();
    c.insert("page", &pv);
    c.insert("catalogue", view);
    c.insert("feeds", &Vec::<FeedLink>::new());
    let template = page.meta.template.clone().unwrap_or_else(|| crate::render::views::pages::default_template(ctx, section));
    ctx.engine.render(&template, &c, &page.source)
}

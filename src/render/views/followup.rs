//! The follow-up page of a plan, `<plan>/oppfolging/`: measures by status per strategy and
//! in total (chart and table), measures past their deadline, the last six months' updates
//! and the milestones ahead. Printable on one A4 page as a status report.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::followup::six_months_before;
use crate::model::{ItemInPlan, ItemRole, PageId, Plan, PlanItem, Strategy};
use crate::render::views::status_chart::{Chart, StatusLabel, StatusRow};
use crate::render::views::{DateView, Link};
use crate::render::{Output, RenderCtx};
use crate::resolve::Node;

/// Everything on the follow-up page.
#[derive(Debug, Serialize)]
pub struct FollowupView {
    pub plan: Link,
    pub today: DateView,
    pub since: DateView,
    /// One row per top-level strategy with measures, then the total.
    pub rows: Vec<StatusRow>,
    pub total: StatusRow,
    pub chart: Chart,
    pub overdue: Vec<OverdueMeasure>,
    /// The plan's period is over (`status: expired`): its open measures are listed as not
    /// reported done or cancelled by its end, not as overdue.
    pub ended: bool,
    pub recent: Vec<RecentUpdate>,
    pub milestones: Vec<UpcomingMilestone>,
    pub links: PlanDataLinks,
}

/// The plan's open data and subscription files.
#[derive(Debug, Clone, Serialize)]
pub struct PlanDataLinks {
    pub followup: String,
    pub json: String,
    pub csv: String,
    pub atom: String,
    pub ics: String,
    pub webcal: String,
}

#[derive(Debug, Serialize)]
pub struct OverdueMeasure {
    pub link: Link,
    pub deadline: String,
    pub status: StatusLabel,
    pub last_update: Option<DateView>,
}

#[derive(Debug, Serialize)]
pub struct RecentUpdate {
    pub date: DateView,
    pub link: Link,
    pub status: StatusLabel,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct UpcomingMilestone {
    pub date: DateView,
    pub title: String,
    pub link: Link,
}

impl RenderCtx<'_> {
    /// Today in the site's time zone.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.dates.tz).date_naive()
    }

    /// The same links as a page prints them (under the site's sub-path).
    pub fn plan_data_hrefs(&self, id: PageId) -> PlanDataLinks {
        let l = self.plan_data_links(id);
        let h = |p: &str| self.href(p);
        PlanDataLinks { followup: h(&l.followup), json: h(&l.json), csv: h(&l.csv), atom: h(&l.atom), ics: h(&l.ics), webcal: l.webcal }
    }

    /// Where a plan's follow-up page and data files are published (site paths).
    pub fn plan_data_links(&self, id: PageId) -> PlanDataLinks {
        let url = self.graph.url(id);
        let ics = format!("{url}frister.ics");
        PlanDataLinks {
            followup: format!("{url}oppfolging/"),
            json: format!("{url}plan.json"),
            csv: format!("{url}tiltak.csv"),
            atom: format!("{url}oppdateringer.xml"),
            webcal: self.webcal(&ics),
            ics,
        }
    }

    pub fn followup_view(&self, id: PageId, plan: &Plan) -> FollowupView {
        let today = self.today();
        let since = six_months_before(today);
        let measures: Vec<ItemInPlan<'_>> = plan.items().into_iter().filter(|i| i.item.role == ItemRole::Measure).collect();
        let url = self.graph.url(id);
        let rows: Vec<StatusRow> = plan
            .strategies
            .iter()
            .filter_map(|s| {
                let statuses: Vec<_> = measures_in(s).into_iter().map(PlanItem::current_status).collect();
                (!statuses.is_empty())
                    .then(|| self.status_row(format!("{} {}", s.id.value, s.title), Some(self.href(&format!("{url}#{}", s.id.value))), statuses))
            })
            .collect();
        let total = self.status_row(self.t("followup_total"), None, measures.iter().map(|i| i.item.current_status()));
        let mut chart_rows = rows.clone();
        chart_rows.push(total.clone());
        let chart = self.status_chart("status-chart", self.t("followup_chart_title"), &chart_rows);
        let node_link = |item: &PlanItem| self.node_link(&Node { page: id, item: Some(item.id.value.clone()) });
        let overdue = measures
            .iter()
            .filter(|i| i.item.is_overdue(today))
            .map(|i| OverdueMeasure {
                link: node_link(i.item),
                deadline: i.item.deadline.map(|d| d.text()).unwrap_or_default(),
                status: self.status_label(i.item.current_status()),
                last_update: i.item.latest_update().map(|u| DateView::of_day(u.date, self)),
            })
            .collect();
        let mut recent: Vec<(NaiveDate, usize, RecentUpdate)> = Vec::new();
        let mut milestones: Vec<(NaiveDate, usize, UpcomingMilestone)> = Vec::new();
        for (n, i) in plan.items().into_iter().enumerate() {
            for u in i.item.updates.iter().filter(|u| u.date > since && u.date <= today) {
                let view = RecentUpdate {
                    date: DateView::of_day(u.date, self),
                    link: node_link(i.item),
                    status: self.status_label(Some(u.status)),
                    note: u.note.clone(),
                };
                recent.push((u.date, n, view));
            }
            for m in i.item.milestones.iter().filter(|m| !m.done && m.date >= today) {
                milestones.push((m.date, n, UpcomingMilestone { date: DateView::of_day(m.date, self), title: m.title.clone(), link: node_link(i.item) }));
            }
        }
        recent.sort_by(|a, b| (b.0, a.1).cmp(&(a.0, b.1)));
        milestones.sort_by_key(|m| (m.0, m.1));
        FollowupView {
            plan: self.link(id),
            today: DateView::of_day(today, self),
            since: DateView::of_day(since, self),
            rows,
            total,
            chart,
            overdue,
            ended: plan.status == Some(crate::model::plan::PlanStatus::Expired),
            recent: recent.into_iter().map(|r| r.2).collect(),
            milestones: milestones.into_iter().map(|m| m.2).collect(),
            links: self.plan_data_hrefs(id),
        }
    }
}

/// Every measure in a strategy and the strategies inside it.
fn measures_in(s: &Strategy) -> Vec<&PlanItem> {
    let mut out: Vec<&PlanItem> = s.measures.iter().collect();
    s.strategies.iter().for_each(|inner| out.extend(measures_in(inner)));
    out
}

/// Whether a plan gets a follow-up page, feeds and data files: it has goals or measures.
pub fn has_items(plan: &Plan) -> bool {
    !plan.items().is_empty()
}

/// What `base.html` needs to know about a generated page.
#[derive(Debug, Serialize)]
pub struct GeneratedPage {
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub summary: Option<String>,
    pub ancestors: Vec<Link>,
}

/// The plan of the page `id` if it gets a follow-up page: a plan page (not a section) with
/// measures.
pub fn followed_up(page: &crate::model::Page) -> Option<&crate::model::Plan> {
    page.plan().filter(|p| !page.is_section && p.items().iter().any(|i| i.item.role == ItemRole::Measure))
}

/// The follow-up page of every plan with measures.
pub fn render(ctx: &RenderCtx<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    for (id, page) in ctx.site.pages.iter().enumerate() {
        let Some(plan) = followed_up(page) else { continue };
        let view = ctx.followup_view(id, plan);
        match render_html(ctx, id, &view) {
            Ok(html) => out.push(Output::page(&ctx.plan_data_links(id).followup, html)),
            Err(d) => diags.push(d),
        }
    }
    out
}

fn render_html(ctx: &RenderCtx<'_>, id: PageId, view: &FollowupView) -> Result<String, Diagnostic> {
    let plan_page = ctx.page_view(id, "", &[]);
    let mut ancestors = plan_page.ancestors.clone();
    ancestors.push(ctx.link(id));
    let url = ctx.plan_data_links(id).followup;
    let summary = Some(format!("{} {}", ctx.t("followup_summary"), plan_page.title));
    let page = GeneratedPage {
        title: format!("{}: {}", ctx.t("followup_title"), plan_page.title),
        permalink: ctx.absolute(&url),
        url: ctx.href(&url),
        summary,
        ancestors,
    };
    let mut c = ctx.base_context();
    c.insert("page", &page);
    c.insert("followup", view);
    ctx.engine.render("followup.html", &c, Path::new("templates/followup.html"))
}

//! Open data of every plan: `plan.json` (valid against the JSON Schema published at
//! `/data/schema/plan.json`), `tiltak.csv` (BOM, formula-safe), and the `/data/` page that
//! lists them with the coverage files, feeds and calendars.

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{ItemInPlan, PageId, Plan, PlanItem, SourcePos, Strategy};
use crate::render::views::Link;
use crate::render::views::coverage::{csv_bytes, csv_safe};
use crate::render::views::followup::{GeneratedPage, PlanDataLinks};
use crate::render::{Output, RenderCtx};
use crate::resolve::Node;
use crate::resolve::urls::version_url;

/// Where the schema is published, and its text.
pub const SCHEMA_URL: &str = "/data/schema/plan.json";
pub const SCHEMA: &str = include_str!("plan.schema.json");

/// `plan.json`: the plan, its strategies and every item with all its fields.
#[derive(Debug, Serialize)]
struct PlanDoc {
    #[serde(rename = "$schema")]
    schema: String,
    title: String,
    path: String,
    url: String,
    /// The language of the plan's text (BCP 47).
    language: String,
    /// The plan's versions in the site's other languages.
    translations: Vec<TranslationDoc>,
    summary: Option<String>,
    plan_type: Option<&'static str>,
    owner: Option<String>,
    level: Option<&'static str>,
    district: Option<String>,
    period: Option<String>,
    status: Option<&'static str>,
    adopted: Option<String>,
    revise_by: Option<String>,
    implements: Option<RefDoc>,
    implemented_by: Vec<RefDoc>,
    followup_url: String,
    goals: Vec<ItemDoc>,
    strategies: Vec<StrategyDoc>,
}

/// Another language version of the plan: its `plan.json` and its page.
#[derive(Debug, Serialize)]
struct TranslationDoc {
    language: String,
    url: String,
    page: String,
}

/// A resolved reference: as written in content, and where it leads.
#[derive(Debug, Serialize)]
struct RefDoc {
    reference: String,
    title: String,
    url: String,
}

#[derive(Debug, Serialize)]
struct StrategyDoc {
    id: String,
    title: String,
    description: Option<String>,
    goals: Vec<ItemDoc>,
    measures: Vec<ItemDoc>,
    strategies: Vec<StrategyDoc>,
}

#[derive(Debug, Serialize)]
struct ItemDoc {
    id: String,
    role: &'static str,
    title: String,
    url: String,
    description: Option<String>,
    implements: Vec<RefDoc>,
    implemented_by: Vec<RefDoc>,
    goals: Vec<String>,
    responsible: Vec<String>,
    deadline: Option<String>,
    /// As written in `status`.
    status: Option<&'static str>,
    /// The latest update's status, else `status`.
    current_status: Option<&'static str>,
    prevention: Option<&'static str>,
    level: Option<&'static str>,
    audience: Vec<String>,
    progress: Option<u8>,
    indicators: Vec<String>,
    updates: Vec<UpdateDoc>,
    milestones: Vec<MilestoneDoc>,
}

#[derive(Debug, Serialize)]
struct UpdateDoc {
    date: String,
    status: &'static str,
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct MilestoneDoc {
    date: String,
    title: String,
    done: bool,
}

impl RenderCtx<'_> {
    fn ref_doc(&self, n: &Node) -> RefDoc {
        let path = &self.site.pages[n.page].path;
        let reference = match &n.item {
            Some(i) => format!("{path}#{i}"),
            None => path.clone(),
        };
        let link = self.node_link(n);
        RefDoc { reference, title: link.title, url: self.absolute_href(&link.url) }
    }

    fn item_doc(&self, page: PageId, item: &PlanItem) -> ItemDoc {
        let node = Node { page, item: Some(item.id.value.clone()) };
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        ItemDoc {
            id: item.id.value.clone(),
            role: item.role.as_str(),
            title: item.title.clone(),
            url: self.absolute(&self.graph.node_url(&node)),
            description: item.description.clone(),
            implements: self.graph.implements_of(&node).map(|n| self.ref_doc(n)).collect(),
            implemented_by: self.graph.implementers(&node).iter().map(|n| self.ref_doc(n)).collect(),
            goals: item.goals.iter().map(|g| g.value.clone()).collect(),
            responsible: item.responsible.clone(),
            deadline: item.deadline.map(|d| d.text()),
            status: item.status.map(|s| s.as_str()),
            current_status: item.current_status().map(|s| s.as_str()),
            prevention: item.prevention.map(|p| p.as_str()),
            level: item.level.map(|l| l.as_str()),
            audience: item.audience.clone(),
            progress: item.progress,
            indicators: item.indicators.clone(),
            updates: item.updates.iter().map(|u| UpdateDoc { date: day(u.date), status: u.status.as_str(), note: u.note.clone() }).collect(),
            milestones: item.milestones.iter().map(|m| MilestoneDoc { date: day(m.date), title: m.title.clone(), done: m.done }).collect(),
        }
    }

    fn strategy_doc(&self, page: PageId, s: &Strategy) -> StrategyDoc {
        StrategyDoc {
            id: s.id.value.clone(),
            title: s.title.clone(),
            description: s.description.clone(),
            goals: s.goals.iter().map(|i| self.item_doc(page, i)).collect(),
            measures: s.measures.iter().map(|i| self.item_doc(page, i)).collect(),
            strategies: s.strategies.iter().map(|inner| self.strategy_doc(page, inner)).collect(),
        }
    }

    /// The plan's other language versions (not stand-ins), in the config's order.
    fn translation_docs(&self, id: PageId) -> Vec<TranslationDoc> {
        let page = &self.site.pages[id];
        let default = &self.site.config.default_language;
        let own = page.version_lang(default);
        self.site
            .versions
            .of_path(&page.path)
            .iter()
            .filter(|v| v.lang != *own && !v.stand_in)
            .map(|v| {
                let url = version_url(&page.path, v.slug.as_deref(), (v.lang != *default).then_some(&v.lang));
                TranslationDoc { language: v.lang.code().to_string(), url: self.absolute(&format!("{url}plan.json")), page: self.absolute(&url) }
            })
            .collect()
    }

    fn plan_doc(&self, id: PageId, plan: &Plan) -> PlanDoc {
        let page = &self.site.pages[id];
        let whole = Node { page: id, item: None };
        PlanDoc {
            schema: self.absolute(SCHEMA_URL),
            title: page.meta.title.clone(),
            path: page.path.clone(),
            url: self.absolute(self.graph.url(id)),
            language: page.text_language(&self.site.config.default_language).code().to_string(),
            translations: self.translation_docs(id),
            summary: page.meta.summary.clone(),
            plan_type: plan.plan_type.map(|t| t.as_str()),
            owner: plan.owner.clone(),
            level: plan.level.map(|l| l.as_str()),
            district: plan.district.as_ref().map(|d| d.value.clone()),
            period: plan.period.clone(),
            status: plan.status.map(|s| s.as_str()),
            adopted: plan.adopted.map(|w| w.date(self.dates.tz).format("%Y-%m-%d").to_string()),
            revise_by: plan.revise_by.map(|d| d.text()),
            implements: self.graph.implements_of(&whole).next().map(|n| self.ref_doc(n)),
            implemented_by: self.graph.implementers(&whole).iter().map(|n| self.ref_doc(n)).collect(),
            followup_url: self.absolute(&self.plan_data_links(id).followup),
            goals: plan.goals.iter().map(|i| self.item_doc(id, i)).collect(),
            strategies: plan.strategies.iter().map(|s| self.strategy_doc(id, s)).collect(),
        }
    }
}

/// One row per goal and measure: the fields a spreadsheet user filters and sorts on.
fn to_csv(ctx: &RenderCtx<'_>, id: PageId, items: &[ItemInPlan<'_>]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "coverage_id",
        "csv_role",
        "coverage_item",
        "coverage_strategy",
        "responsible",
        "deadline",
        "status",
        "csv_progress",
        "csv_last_update",
        "csv_last_note",
        "csv_indicators",
        "implements",
        "csv_implemented_by",
        "csv_url",
    ];
    w.write_record(header.iter().map(|k| csv_safe(&ctx.t(k))))?;
    for i in items {
        let item = i.item;
        let node = Node { page: id, item: Some(item.id.value.clone()) };
        let latest = item.latest_update();
        let status = item.current_status().map(|s| ctx.status_label(Some(s)).label).unwrap_or_default();
        let implements: Vec<String> = ctx.graph.implements_of(&node).map(|n| ctx.node_link(n).title).collect();
        let rec = [
            item.id.value.clone(),
            ctx.t(&format!("csv_role_{}", item.role.as_str())),
            item.title.clone(),
            i.strategy.map(|s| format!("{} {}", s.id.value, s.title)).unwrap_or_default(),
            item.responsible.join(", "),
            item.deadline.map(|d| d.text()).unwrap_or_default(),
            status,
            item.progress.map(|p| p.to_string()).unwrap_or_default(),
            latest.map(|u| u.date.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            latest.and_then(|u| u.note.clone()).unwrap_or_default(),
            item.indicators.join("; "),
            implements.join("; "),
            ctx.graph.implementers(&node).len().to_string(),
            ctx.absolute(&ctx.graph.node_url(&node)),
        ];
        w.write_record(rec.iter().map(|c| csv_safe(c)))?;
    }
    csv_bytes(w)
}

/// A plan's row on the `/data/` page.
#[derive(Debug, Serialize)]
struct DataRow {
    plan: Link,
    links: PlanDataLinks,
    coverage_csv: Option<String>,
    coverage_json: Option<String>,
}

/// `plan.json` and `tiltak.csv` of every plan with items, the schema, and the `/data/` page.
pub fn render(ctx: &RenderCtx<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = vec![Output::new(SCHEMA_URL.trim_start_matches('/'), SCHEMA)];
    let mut rows = Vec::new();
    for (id, page) in ctx.site.pages.iter().enumerate() {
        let Some(plan) = page.plan().filter(|_| !page.is_section) else { continue };
        let items = plan.items();
        if items.is_empty() {
            continue;
        }
        let links = ctx.plan_data_links(id);
        let fail =
            |what: &str, e: &dyn std::fmt::Display| Diagnostic::new(Code::Output, &page.source, SourcePos::default(), format!("can't write {what}: {e}"));
        match serde_json::to_vec_pretty(&ctx.plan_doc(id, plan)) {
            Ok(mut bytes) => {
                bytes.push(b'\n');
                out.push(Output::new(links.json.trim_start_matches('/'), bytes));
            }
            Err(e) => diags.push(fail("plan.json", &e)),
        }
        match to_csv(ctx, id, &items) {
            Ok(bytes) => out.push(Output::new(links.csv.trim_start_matches('/'), bytes)),
            Err(e) => diags.push(fail("tiltak.csv", &e)),
        }
        let followed = ctx.graph.is_followed(&ctx.site.pages, id);
        let url = ctx.graph.url(id);
        rows.push(DataRow {
            plan: ctx.link(id),
            links: ctx.plan_data_hrefs(id),
            coverage_csv: followed.then(|| ctx.href(&format!("{url}dekning.csv"))),
            coverage_json: followed.then(|| ctx.href(&format!("{url}dekning.json"))),
        });
    }
    let data_url = ctx.at("/data/");
    if ctx.graph.urls.contains(&data_url) {
        return out;
    }
    match render_page(ctx, &rows) {
        Ok(html) => out.push(Output::page(&data_url, html)),
        Err(d) => diags.push(d),
    }
    out
}

fn render_page(ctx: &RenderCtx<'_>, rows: &[DataRow]) -> Result<String, Diagnostic> {
    let title = ctx.t("data_title");
    let home = ctx.graph.by_path.get("").map(|&h| ctx.link(h)).into_iter().collect();
    let url = ctx.at("/data/");
    let page = GeneratedPage { title, url: ctx.href(&url), permalink: ctx.absolute(&url), summary: Some(ctx.t("data_intro")), ancestors: home };
    let mut c = ctx.base_context();
    c.insert("page", &page);
    c.insert("plans", rows);
    c.insert("schema_url", &ctx.absolute(SCHEMA_URL));
    c.insert("schema_href", &ctx.href(SCHEMA_URL));
    ctx.engine.render("data.html", &c, Path::new("templates/data.html"))
}

//! Coverage matrix of every followed plan: rows are its items (under their strategies),
//! columns are the districts, cells the district measures that carry each item out.
//! Written as `/<plan>/dekning/` (HTML) and, beside that folder, `dekning.csv` and
//! `dekning.json`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{ItemStatus, KindFields, PageId, Plan, PlanItem, SourcePos, Strategy};
use crate::render::views::Link;
use crate::render::views::status_chart::{Chart, StatusLabel, StatusRow};
use crate::render::{Output, RenderCtx};
use crate::resolve::{Node, is_district_business};

/// The matrix of one plan, for the template and the JSON file.
#[derive(Debug, Serialize)]
pub struct CoverageView {
    pub plan: Link,
    pub districts: Vec<DistrictColumn>,
    pub groups: Vec<CoverageGroup>,
    pub item_count: usize,
    pub covered_count: usize,
    pub uncovered_count: usize,
    pub csv_url: String,
    pub json_url: String,
    /// District measures that carry out the plan, by current status: one row per district
    /// with any, then the total (each measure counted once).
    pub status_rows: Vec<StatusRow>,
    pub status_total: StatusRow,
    pub status_chart: Chart,
}

/// A district column with its totals.
#[derive(Debug, Serialize)]
pub struct DistrictColumn {
    pub key: String,
    pub number: Option<u32>,
    pub link: Link,
    /// Items of the plan this district carries out.
    pub items_covered: usize,
    /// Measures of this district that carry out an item of the plan.
    pub measures: usize,
}

/// A strategy heading and its own items; `id` is `None` for the plan's main goals.
#[derive(Debug, Serialize)]
pub struct CoverageGroup {
    pub id: Option<String>,
    pub title: String,
    pub depth: usize,
    pub rows: Vec<CoverageRow>,
}

#[derive(Debug, Serialize)]
pub struct CoverageRow {
    pub id: String,
    pub title: String,
    pub url: String,
    pub responsible: Vec<String>,
    /// Whether the districts are meant to carry it out (see `[plans] district_units`).
    pub district_business: bool,
    /// One cell per district column, in column order.
    pub cells: Vec<Vec<CellMeasure>>,
    pub district_count: usize,
    pub measure_count: usize,
    pub uncovered: bool,
}

/// A district measure in a cell.
#[derive(Debug, Clone, Serialize)]
pub struct CellMeasure {
    pub id: Option<String>,
    pub link: Link,
    /// The plan it belongs to.
    pub plan: Link,
    /// The measure's current status (its latest update, else `status`).
    pub status: Option<&'static str>,
    /// The status in words, for the badge: never colour alone.
    pub status_label: Option<StatusLabel>,
    #[serde(skip)]
    pub current: Option<ItemStatus>,
}

impl RenderCtx<'_> {
    /// The coverage matrix of `id`.
    pub fn coverage_view(&self, id: PageId, plan: &Plan) -> CoverageView {
        let columns = self.graph.districts_in_order(&self.site.pages);
        let mut groups = Vec::new();
        if !plan.goals.is_empty() {
            let rows = plan.goals.iter().map(|i| self.coverage_row(id, i, &columns)).collect();
            groups.push(CoverageGroup { id: None, title: self.t("main_goals"), depth: 0, rows });
        }
        for s in &plan.strategies {
            self.coverage_groups(id, s, 0, &columns, &mut groups);
        }
        let rows: Vec<&CoverageRow> = groups.iter().flat_map(|g| &g.rows).collect();
        let districts = columns
            .iter()
            .enumerate()
            .map(|(c, &d)| {
                let page = &self.site.pages[d];
                let number = match &page.fields {
                    KindFields::District(dist) => dist.number,
                    _ => None,
                };
                DistrictColumn {
                    key: page.path.rsplit('/').next().unwrap_or(&page.path).to_string(),
                    number,
                    link: self.link(d),
                    items_covered: rows.iter().filter(|r| !r.cells[c].is_empty()).count(),
                    measures: distinct_measures(rows.iter().map(|r| &r.cells[c])),
                }
            })
            .collect();
        let item_count = rows.len();
        let uncovered_count = rows.iter().filter(|r| r.uncovered).count();
        let url = self.graph.url(id);
        let (status_rows, status_total) = self.district_status_rows(&columns, &rows);
        let mut chart_rows = status_rows.clone();
        chart_rows.push(status_total.clone());
        let status_chart = self.status_chart("district-status-chart", self.t("coverage_status_chart"), &chart_rows);
        CoverageView {
            status_rows,
            status_total,
            status_chart,
            plan: self.link(id),
            districts,
            item_count,
            covered_count: item_count - uncovered_count,
            uncovered_count,
            csv_url: self.href(&format!("{url}dekning.csv")),
            json_url: self.href(&format!("{url}dekning.json")),
            groups,
        }
    }

    /// Per district column: its distinct measures in the matrix, counted by status.
    fn district_status_rows(&self, columns: &[PageId], rows: &[&CoverageRow]) -> (Vec<StatusRow>, StatusRow) {
        let mut all = BTreeMap::new();
        let mut out = Vec::new();
        for (c, &d) in columns.iter().enumerate() {
            let mut seen = BTreeMap::new();
            for m in rows.iter().flat_map(|r| &r.cells[c]) {
                seen.insert(m.link.url.clone(), m.current);
                all.insert(m.link.url.clone(), m.current);
            }
            if !seen.is_empty() {
                out.push(self.status_row(self.site.pages[d].meta.title.clone(), Some(self.href(self.graph.url(d))), seen.into_values()));
            }
        }
        (out, self.status_row(self.t("followup_total"), None, all.into_values()))
    }

    fn coverage_groups(&self, page: PageId, s: &Strategy, depth: usize, columns: &[PageId], out: &mut Vec<CoverageGroup>) {
        let rows = s.goals.iter().chain(&s.measures).map(|i| self.coverage_row(page, i, columns)).collect();
        out.push(CoverageGroup { id: Some(s.id.value.clone()), title: s.title.clone(), depth, rows });
        for inner in &s.strategies {
            self.coverage_groups(page, inner, depth + 1, columns, out);
        }
    }

    fn coverage_row(&self, page: PageId, item: &PlanItem, columns: &[PageId]) -> CoverageRow {
        let node = Node { page, item: Some(item.id.value.clone()) };
        let by_district = self.graph.district_measures(&self.site.pages, &node);
        let cells: Vec<Vec<CellMeasure>> =
            columns.iter().map(|d| by_district.get(d).map_or_else(Vec::new, |ns| ns.iter().map(|n| self.cell_measure(n)).collect())).collect();
        let district_count = cells.iter().filter(|c| !c.is_empty()).count();
        CoverageRow {
            id: item.id.value.clone(),
            title: item.title.clone(),
            url: self.href(&self.graph.node_url(&node)),
            responsible: item.responsible.clone(),
            district_business: is_district_business(&item.responsible, &self.site.config.plans.district_units),
            measure_count: cells.iter().map(Vec::len).sum(),
            district_count,
            uncovered: district_count == 0,
            cells,
        }
    }

    fn cell_measure(&self, n: &Node) -> CellMeasure {
        let page = &self.site.pages[n.page];
        let item = n.item.as_ref().and_then(|i| page.plan().and_then(|p| p.item(i)));
        let current = item.and_then(|i| i.current_status());
        CellMeasure {
            id: n.item.clone(),
            link: self.node_link(n),
            plan: self.link(n.page),
            status: current.map(ItemStatus::as_str),
            status_label: current.map(|s| self.status_label(Some(s))),
            current,
        }
    }
}

/// Measures counted once each, even when one measure carries out several items.
fn distinct_measures<'a>(cells: impl Iterator<Item = &'a Vec<CellMeasure>>) -> usize {
    let mut seen = std::collections::BTreeSet::new();
    cells.flatten().for_each(|m| {
        seen.insert(&m.link.url);
    });
    seen.len()
}

/// The three coverage files of every followed plan.
pub fn render(ctx: &RenderCtx<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    for (id, page) in ctx.site.pages.iter().enumerate() {
        let Some(plan) = page.plan() else { continue };
        if !ctx.graph.is_followed(&ctx.site.pages, id) {
            continue;
        }
        let view = ctx.coverage_view(id, plan);
        let url = ctx.graph.url(id);
        match render_html(ctx, id, &view) {
            Ok(html) => out.push(Output::page(&format!("{url}dekning/"), html)),
            Err(d) => diags.push(d),
        }
        match to_csv(ctx, &view) {
            Ok(bytes) => out.push(Output::new(format!("{}dekning.csv", url.trim_start_matches('/')), bytes)),
            Err(e) => diags.push(Diagnostic::new(Code::Output, &page.source, SourcePos::default(), format!("can't write the coverage CSV: {e}"))),
        }
        match to_json(ctx, &view) {
            Ok(bytes) => out.push(Output::new(format!("{}dekning.json", url.trim_start_matches('/')), bytes)),
            Err(e) => diags.push(Diagnostic::new(Code::Output, &page.source, SourcePos::default(), format!("can't write the coverage JSON: {e}"))),
        }
    }
    out
}

/// What `base.html` needs to know about the matrix page.
#[derive(Debug, Serialize)]
struct CoveragePage {
    title: String,
    url: String,
    permalink: String,
    summary: Option<String>,
    ancestors: Vec<Link>,
}

fn render_html(ctx: &RenderCtx<'_>, id: PageId, view: &CoverageView) -> Result<String, Diagnostic> {
    let plan_page = ctx.page_view(id, "", &[]);
    let mut ancestors = plan_page.ancestors.clone();
    ancestors.push(ctx.link(id));
    let url = format!("{}dekning/", ctx.graph.url(id));
    let page = CoveragePage {
        title: format!("{}: {}", ctx.t("plan_coverage"), plan_page.title),
        permalink: ctx.absolute(&url),
        url: ctx.href(&url),
        summary: None,
        ancestors,
    };
    let mut c = ctx.base_context();
    c.insert("page", &page);
    c.insert("coverage", view);
    ctx.engine.render("coverage.html", &c, Path::new("templates/coverage.html"))
}

/// Guards a CSV cell against spreadsheet formula injection: a cell starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
pub fn csv_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn status_text(ctx: &RenderCtx<'_>, status: Option<&str>) -> String {
    status.map(|s| ctx.t(&format!("item_status_{s}"))).unwrap_or_default()
}

/// A CSV file's bytes: a UTF-8 byte order mark first, so spreadsheet programs read the
/// Norwegian letters right.
pub fn csv_bytes(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, csv::Error> {
    let body = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    let mut bytes = Vec::with_capacity(body.len() + 3);
    bytes.extend_from_slice("\u{feff}".as_bytes());
    bytes.extend(body);
    Ok(bytes)
}

/// One row per item: id, title, strategy, responsible, one column per district (its
/// measures as `id title (status)`, separated by `; `), number of districts; then totals.
fn to_csv(ctx: &RenderCtx<'_>, view: &CoverageView) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![ctx.t("coverage_id"), ctx.t("coverage_item"), ctx.t("coverage_strategy"), ctx.t("responsible")];
    header.extend(view.districts.iter().map(|d| d.link.title.clone()));
    header.push(ctx.t("coverage_district_count"));
    w.write_record(header.iter().map(|h| csv_safe(h)))?;
    for g in &view.groups {
        for r in &g.rows {
            let mut rec = vec![r.id.clone(), r.title.clone(), g.title.clone(), r.responsible.join(", ")];
            for cell in &r.cells {
                let parts: Vec<String> = cell
                    .iter()
                    .map(|m| match m.status {
                        Some(_) => format!("{} ({})", m.link.title, status_text(ctx, m.status)),
                        None => m.link.title.clone(),
                    })
                    .collect();
                rec.push(parts.join("; "));
            }
            rec.push(r.district_count.to_string());
            w.write_record(rec.iter().map(|c| csv_safe(c)))?;
        }
    }
    let mut totals = vec![String::new(), ctx.t("coverage_items_covered"), String::new(), String::new()];
    totals.extend(view.districts.iter().map(|d| d.items_covered.to_string()));
    totals.push(view.covered_count.to_string());
    w.write_record(totals.iter().map(|c| csv_safe(c)))?;
    csv_bytes(w)
}

/// The JSON form: plan, districts with totals, items with their measures by district key.
fn to_json(ctx: &RenderCtx<'_>, view: &CoverageView) -> serde_json::Result<Vec<u8>> {
    let abs = |href: &str| ctx.absolute_href(href);
    let districts: Vec<serde_json::Value> = view
        .districts
        .iter()
        .map(|d| {
            serde_json::json!({
                "key": d.key, "number": d.number, "title": d.link.title, "url": abs(&d.link.url),
                "items_covered": d.items_covered, "measures": d.measures,
            })
        })
        .collect();
    let mut items = Vec::new();
    for g in &view.groups {
        for r in &g.rows {
            let mut by_district = BTreeMap::new();
            for (d, cell) in view.districts.iter().zip(&r.cells) {
                let measures: Vec<serde_json::Value> = cell
                    .iter()
                    .map(|m| serde_json::json!({"id": m.id, "title": m.link.title, "url": abs(&m.link.url), "plan": m.plan.title, "status": m.status}))
                    .collect();
                by_district.insert(d.key.clone(), measures);
            }
            items.push(serde_json::json!({
                "id": r.id, "title": r.title, "url": abs(&r.url), "strategy": g.id, "strategy_title": g.title,
                "responsible": r.responsible, "district_business": r.district_business,
                "districts": by_district, "district_count": r.district_count, "measure_count": r.measure_count,
                "uncovered": r.uncovered,
            }));
        }
    }
    let doc = serde_json::json!({
        "plan": {"title": view.plan.title, "url": abs(&view.plan.url)},
        "districts": districts,
        "items": items,
        "totals": {"items": view.item_count, "covered": view.covered_count, "uncovered": view.uncovered_count},
    });
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::csv_safe;

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("-1"), "'-1");
        assert_eq!(csv_safe("@SUM"), "'@SUM");
        assert_eq!(csv_safe("\tx"), "'\tx");
        assert_eq!(csv_safe("Frogner"), "Frogner");
        assert_eq!(csv_safe(""), "");
    }

    mod properties {
        use super::csv_safe;
        use proptest::prelude::*;

        const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

        proptest! {
            /// Whatever a cell holds, a spreadsheet reading the CSV back sees no formula, and
            /// dropping the guard `'` gives the text as written.
            #[test]
            fn no_cell_reads_back_as_a_formula(cells in prop::collection::vec(prop_oneof!["[=+@\t\r\n\"', ;a-zæ0-9-]{0,20}", any::<String>()], 1..6)) {
                let mut w = csv::Writer::from_writer(Vec::new());
                w.write_record(cells.iter().map(|c| csv_safe(c))).unwrap();
                let bytes = w.into_inner().unwrap();
                let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
                let record = r.records().next().unwrap().unwrap();
                prop_assert_eq!(record.len(), cells.len());
                for (read, cell) in record.iter().zip(&cells) {
                    prop_assert!(!read.starts_with(TRIGGERS), "{:?} reads back as {:?}", cell, read);
                    let original = if cell.starts_with(TRIGGERS) { read.strip_prefix('\'') } else { Some(read) };
                    prop_assert_eq!(original, Some(cell.as_str()));
                    prop_assert_eq!(csv_safe(read), read, "guarding twice changes the cell");
                }
            }
        }
    }
}

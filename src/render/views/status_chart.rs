//! Measures counted by status, and the stacked bar chart (inline SVG, no JavaScript) that
//! shows the counts. Every bar has its numbers as text, and the chart a text alternative.

use serde::Serialize;

use crate::model::ItemStatus;
use crate::render::RenderCtx;

/// The statuses in the order they are counted, charted and listed; `None` is "no status".
pub const STATUS_ORDER: [Option<ItemStatus>; 5] =
    [Some(ItemStatus::Done), Some(ItemStatus::Ongoing), Some(ItemStatus::Planned), Some(ItemStatus::Cancelled), None];

/// A status with its label in the site's language.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StatusLabel {
    /// `done`, `ongoing`, `planned`, `cancelled`, or `none`.
    pub key: &'static str,
    pub label: String,
}

/// How many measures of one row have one status.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: StatusLabel,
    pub count: usize,
}

/// One row of counts: a strategy, a district, or the total.
#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    pub label: String,
    pub url: Option<String>,
    /// One per status in [`STATUS_ORDER`].
    pub counts: Vec<StatusCount>,
    pub total: usize,
}

/// The chart's geometry, ready for the template: one bar per row.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Unique within the page, for `aria-labelledby`.
    pub id: String,
    pub width: u32,
    pub height: u32,
    pub label_width: u32,
    pub bars: Vec<Bar>,
    pub legend: Vec<LegendEntry>,
    pub legend_y: u32,
    /// Short title, and the whole chart in words (the text alternative).
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub label: String,
    pub y: u32,
    pub text_y: u32,
    pub total: usize,
    pub total_x: u32,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub key: &'static str,
    pub x: u32,
    pub width: u32,
    pub count: usize,
    pub fill: &'static str,
    pub text_fill: &'static str,
    /// Whether the count fits inside the segment.
    pub show_count: bool,
    pub text_x: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct LegendEntry {
    pub status: StatusLabel,
    pub x: u32,
    pub fill: &'static str,
}

const BAR_HEIGHT: u32 = 22;
const ROW_HEIGHT: u32 = 30;
const BAR_AREA: u32 = 380;
const LABEL_WIDTH: u32 = 210;
const LABEL_CHARS: usize = 26;

/// Fill and text colour of a status in the chart (text on the fill has at least 4.5:1).
pub fn colours(key: &str) -> (&'static str, &'static str) {
    match key {
        "done" => ("#0b6142", "#ffffff"),
        "ongoing" => ("#0a4c8a", "#ffffff"),
        "planned" => ("#4a5561", "#ffffff"),
        "cancelled" => ("#9b1c1c", "#ffffff"),
        _ => ("#d5dbe1", "#1a1a1a"),
    }
}

impl RenderCtx<'_> {
    /// `planned` → "Planlagt"; `None` → "Uten status".
    pub fn status_label(&self, status: Option<ItemStatus>) -> StatusLabel {
        match status {
            Some(s) => StatusLabel { key: s.as_str(), label: self.t(&format!("item_status_{}", s.as_str())) },
            None => StatusLabel { key: "none", label: self.t("item_status_none") },
        }
    }

    /// Counts `statuses` into one row.
    pub fn status_row(&self, label: String, url: Option<String>, statuses: impl IntoIterator<Item = Option<ItemStatus>>) -> StatusRow {
        let statuses: Vec<Option<ItemStatus>> = statuses.into_iter().collect();
        let counts = STATUS_ORDER.iter().map(|&s| StatusCount { status: self.status_label(s), count: statuses.iter().filter(|&&x| x == s).count() }).collect();
        StatusRow { label, url, counts, total: statuses.len() }
    }

    /// A stacked bar chart of `rows`; bars share one scale, the longest row filling the width.
    pub fn status_chart(&self, id: &str, title: String, rows: &[StatusRow]) -> Chart {
        let max = rows.iter().map(|r| r.total).max().unwrap_or(0).max(1);
        let bars: Vec<Bar> = rows.iter().enumerate().map(|(i, r)| bar(r, i as u32 * ROW_HEIGHT + 4, max)).collect();
        let legend_y = bars.len() as u32 * ROW_HEIGHT + 12;
        let mut x = 0;
        let legend = STATUS_ORDER
            .iter()
            .map(|&s| {
                let status = self.status_label(s);
                let entry = LegendEntry { x, fill: colours(status.key).0, status };
                x += 24 + 8 * entry.status.label.chars().count() as u32 + 16;
                entry
            })
            .collect();
        let description = rows.iter().map(|r| self.row_in_words(r)).collect::<Vec<_>>().join(" ");
        Chart {
            id: id.to_string(),
            width: (LABEL_WIDTH + BAR_AREA + 40).max(x),
            height: legend_y + 22,
            label_width: LABEL_WIDTH,
            bars,
            legend,
            legend_y,
            title,
            description,
        }
    }

    /// "S1 Forebygging: 5 tiltak; 2 gjennomført, 3 pågår."
    pub fn row_in_words(&self, r: &StatusRow) -> String {
        let parts: Vec<String> = r.counts.iter().filter(|c| c.count > 0).map(|c| format!("{} {}", c.count, c.status.label.to_lowercase())).collect();
        let measures = if r.total == 1 { self.t("followup_measure_one") } else { self.t("followup_measures") };
        if parts.is_empty() { format!("{}: {} {measures}.", r.label, r.total) } else { format!("{}: {} {measures}; {}.", r.label, r.total, parts.join(", ")) }
    }
}

fn bar(r: &StatusRow, y: u32, max: usize) -> Bar {
    let mut x = LABEL_WIDTH;
    let mut segments = Vec::new();
    for c in r.counts.iter().filter(|c| c.count > 0) {
        let width = ((c.count as u64 * u64::from(BAR_AREA)) / max as u64) as u32;
        let (fill, text_fill) = colours(c.status.key);
        segments.push(Segment { key: c.status.key, x, width, count: c.count, fill, text_fill, show_count: width >= 18, text_x: x + width / 2 });
        x += width;
    }
    Bar { label: short(&r.label), y, text_y: y + BAR_HEIGHT / 2 + 5, total: r.total, total_x: x + 6, segments }
}

/// A label cut to fit beside the bars; the full text is in the table and the description.
fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn long_labels_are_cut_on_characters() {
        assert_eq!(short("S1 Kort"), "S1 Kort");
        let long = "S2 Økt kompetanse på rusfeltet i alle bydelene";
        let s = short(long);
        assert!(s.ends_with('…') && s.chars().count() <= 26, "{s}");
    }
}

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

/// The chart's geometry, ready for the template: one bar per row, its label above it.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Unique within the page, for `aria-labelledby`.
    pub id: String,
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
    pub legend: Vec<LegendEntry>,
    /// Short title, and the whole chart in words (the text alternative).
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    /// The row's label, wrapped between words into lines that fit the chart's width: never cut.
    pub lines: Vec<LabelLine>,
    pub y: u32,
    pub text_y: u32,
    pub total: usize,
    pub total_x: u32,
    pub segments: Vec<Segment>,
}

/// One line of a bar's label, with its baseline.
#[derive(Debug, Clone, Serialize)]
pub struct LabelLine {
    pub text: String,
    pub y: u32,
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
    pub y: u32,
    pub fill: &'static str,
}

const BAR_HEIGHT: u32 = 22;
/// Width of the bars at full length; the total follows the bar. Narrow, so that the chart
/// scaled down to a 320 px screen keeps its 15-unit text at about 12 px.
const BAR_AREA: u32 = 320;
const CHART_WIDTH: u32 = BAR_AREA + 40;
/// Label lines: 15 units high text on 19 units, at most this many characters (an average
/// character of the chart's font is under 8 units wide, so a line fits the chart's width).
const LINE_HEIGHT: u32 = 19;
const LINE_CHARS: usize = 42;
/// Space between a bar and the next row's label.
const ROW_GAP: u32 = 14;
const LEGEND_ROW: u32 = 24;

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
        let mut y = 4;
        let bars: Vec<Bar> = rows
            .iter()
            .map(|r| {
                let b = bar(r, y, max);
                y = b.y + BAR_HEIGHT + ROW_GAP;
                b
            })
            .collect();
        let (legend, legend_end) = self.legend(y);
        let description = rows.iter().map(|r| self.row_in_words(r)).collect::<Vec<_>>().join(" ");
        Chart { id: id.to_string(), width: CHART_WIDTH, height: legend_end + 4, bars, legend, title, description }
    }

    /// The legend's entries from `top` down, flowing into a new row when one is full; and
    /// the bottom of the last row.
    fn legend(&self, top: u32) -> (Vec<LegendEntry>, u32) {
        let (mut x, mut y) = (0, top);
        let mut legend = Vec::new();
        for &s in &STATUS_ORDER {
            let status = self.status_label(s);
            let width = 24 + 9 * status.label.chars().count() as u32 + 16;
            if x > 0 && x + width > CHART_WIDTH {
                (x, y) = (0, y + LEGEND_ROW);
            }
            legend.push(LegendEntry { x, y, fill: colours(status.key).0, status });
            x += width;
        }
        (legend, y + LEGEND_ROW)
    }

    /// "S1 Forebygging: 5 tiltak; 2 gjennomført, 3 pågår."
    pub fn row_in_words(&self, r: &StatusRow) -> String {
        let parts: Vec<String> = r.counts.iter().filter(|c| c.count > 0).map(|c| format!("{} {}", c.count, c.status.label.to_lowercase())).collect();
        let measures = if r.total == 1 { self.t("followup_measure_one") } else { self.t("followup_measures") };
        if parts.is_empty() { format!("{}: {} {measures}.", r.label, r.total) } else { format!("{}: {} {measures}; {}.", r.label, r.total, parts.join(", ")) }
    }
}

/// A bar whose label starts at `top`.
fn bar(r: &StatusRow, top: u32, max: usize) -> Bar {
    let lines: Vec<LabelLine> =
        wrap(&r.label, LINE_CHARS).into_iter().enumerate().map(|(i, text)| LabelLine { text, y: top + 15 + i as u32 * LINE_HEIGHT }).collect();
    let y = top + lines.len() as u32 * LINE_HEIGHT + 4;
    let mut x = 0;
    let mut segments = Vec::new();
    for c in r.counts.iter().filter(|c| c.count > 0) {
        let width = ((c.count as u64 * u64::from(BAR_AREA)) / max as u64) as u32;
        let (fill, text_fill) = colours(c.status.key);
        segments.push(Segment {
            key: c.status.key,
            x,
            width,
            count: c.count,
            fill,
            text_fill,
            show_count: width >= 9 * c.count.to_string().len() as u32 + 5,
            text_x: x + width / 2,
        });
        x += width;
    }
    Bar { lines, y, text_y: y + BAR_HEIGHT / 2 + 5, total: r.total, total_x: x + 6, segments }
}

/// `label` in lines of at most `width` characters, broken between words; a word longer than
/// a line is broken where the line is full. Nothing is left out.
fn wrap(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in label.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        let fits = line.chars().count() + usize::from(!line.is_empty()) + word.len() <= width;
        if !fits && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        while word.len() > width {
            let rest = word.split_off(width);
            lines.push(word.into_iter().collect());
            word = rest;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn labels_wrap_between_words_and_lose_nothing() {
        assert_eq!(wrap("S1 Kort", 50), ["S1 Kort"]);
        let long = "F1 Strategi 1: Forebygging og tidlig innsats blant barn, unge og familier i alle bydeler";
        let lines = wrap(long, 30);
        assert!(lines.len() > 1 && lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert_eq!(lines.join(" "), long, "every word is kept, in order");
        assert!(lines.iter().all(|l| !l.starts_with(' ') && !l.ends_with(' ')));
        assert_eq!(wrap("Rusmiddelforebyggingskoordinator", 10).concat(), "Rusmiddelforebyggingskoordinator");
        assert!(wrap("Rusmiddelforebyggingskoordinator", 10).iter().all(|l| l.chars().count() <= 10));
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("Økt æøå", 3), ["Økt", "æøå"]);
    }
}

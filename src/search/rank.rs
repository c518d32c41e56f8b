//! The ranking rules shared by the CLI (tantivy) and the static index (browser).
//!
//! Scores are tantivy's BM25 per field, times a field boost: title above summary above body,
//! exact above folded above compound part. A word's exact term also appears folded, so an
//! exact match earns both. Ties (scores equal to 1/10,000) go to the earlier document in
//! index order, which puts upcoming courses above past ones. At most two hits from one plan
//! stay in the top ten unless the query names the plan.

use super::analyzer::TermClass;

/// The text fields of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TextField {
    Title,
    Summary,
    Body,
}

impl TextField {
    pub const ALL: [TextField; 3] = [TextField::Title, TextField::Summary, TextField::Body];

    pub fn name(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Summary => "summary",
            TextField::Body => "body",
        }
    }
}

/// The nine indexed fields: each text field analyzed into each term class.
pub const FIELDS: [(TextField, TermClass); 9] = [
    (TextField::Title, TermClass::Exact),
    (TextField::Title, TermClass::Folded),
    (TextField::Title, TermClass::Part),
    (TextField::Summary, TermClass::Exact),
    (TextField::Summary, TermClass::Folded),
    (TextField::Summary, TermClass::Part),
    (TextField::Body, TermClass::Exact),
    (TextField::Body, TermClass::Folded),
    (TextField::Body, TermClass::Part),
];

/// The boost of a field: its text field's weight times its term class's weight.
pub fn boost(field: TextField, class: TermClass) -> f32 {
    let f = match field {
        TextField::Title => 4.0,
        TextField::Summary => 2.0,
        TextField::Body => 1.0,
    };
    let c = match class {
        TermClass::Exact => 1.0,
        TermClass::Folded => 0.5,
        TermClass::Part => 0.25,
    };
    f * c
}

/// Hits per plan in the top ten, unless the query names the plan.
pub const PER_PLAN_IN_TOP: usize = 2;
/// The size of "the top".
pub const TOP: usize = 10;

/// A scored hit before the final order.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Position in index order (the tie-breaker).
    pub order: u64,
    pub score: f32,
    /// The plan the hit belongs to, if any.
    pub plan: Option<String>,
}

/// A score rounded to 1/10,000, so that both clients see the same ties.
pub fn rounded(score: f32) -> i64 {
    (f64::from(score) * 10_000.0).round() as i64
}

/// Orders hits by score, then index order, and moves a plan's third and later hits out of
/// the top ten unless `named(plan)`.
pub fn rank(mut hits: Vec<Hit>, named: &dyn Fn(&str) -> bool) -> Vec<Hit> {
    hits.sort_by(|a, b| rounded(b.score).cmp(&rounded(a.score)).then(a.order.cmp(&b.order)));
    let mut top = Vec::new();
    let mut later = Vec::new();
    let mut per_plan: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for hit in hits {
        if top.len() >= TOP {
            later.push(hit);
            continue;
        }
        if let Some(p) = &hit.plan {
            let n = per_plan.entry(p.clone()).or_default();
            if *n >= PER_PLAN_IN_TOP && !named(p) {
                later.push(hit);
                continue;
            }
            *n += 1;
        }
        top.push(hit);
    }
    top.extend(later);
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(order: u64, score: f32, plan: Option<&str>) -> Hit {
        Hit { order, score, plan: plan.map(str::to_string) }
    }

    #[test]
    fn ties_go_to_index_order() {
        let ranked = rank(vec![hit(5, 1.0, None), hit(2, 1.00001, None), hit(9, 2.0, None)], &|_| false);
        assert_eq!(ranked.iter().map(|h| h.order).collect::<Vec<_>>(), [9, 2, 5]);
    }

    #[test]
    fn at_most_two_per_plan_in_the_top_unless_named() {
        let hits: Vec<Hit> = (0..5).map(|i| hit(i, 10.0 - i as f32, Some("/p/"))).chain([hit(9, 1.0, None)]).collect();
        let ranked = rank(hits.clone(), &|_| false);
        assert_eq!(ranked.iter().map(|h| h.order).collect::<Vec<_>>(), [0, 1, 9, 2, 3, 4]);
        let named = rank(hits, &|p| p == "/p/");
        assert_eq!(named.iter().map(|h| h.order).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 9]);
    }

    #[test]
    fn title_outranks_summary_outranks_body_and_exact_outranks_folded_outranks_part() {
        assert!(boost(TextField::Title, TermClass::Exact) > boost(TextField::Summary, TermClass::Exact));
        assert!(boost(TextField::Summary, TermClass::Exact) > boost(TextField::Body, TermClass::Exact));
        assert!(boost(TextField::Body, TermClass::Exact) > boost(TextField::Body, TermClass::Folded));
        assert!(boost(TextField::Body, TermClass::Folded) > boost(TextField::Body, TermClass::Part));
    }
}

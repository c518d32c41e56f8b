//! Plans: strategies holding goals and measures (items), each item with a stable id.

use super::dates::{Deadline, When};
use super::followup::{Milestone, StatusUpdate};
use super::page::Located;
use super::reference::Reference;

crate::string_enum! {
    /// What sort of plan document it is.
    PlanType { Strategy = "strategy", ActionPlan = "action-plan", WorkPlan = "work-plan", Guide = "guide" }
}

crate::string_enum! {
    /// The administrative level that owns a plan.
    PlanLevel { National = "national", Regional = "regional", City = "city", District = "district", Centre = "centre" }
}

crate::string_enum! {
    /// Where a plan is in its life.
    PlanStatus { Draft = "draft", Consultation = "consultation", Adopted = "adopted", Expired = "expired" }
}

crate::string_enum! {
    /// How far a measure has come.
    ItemStatus { Planned = "planned", Ongoing = "ongoing", Done = "done", Cancelled = "cancelled" }
}

crate::string_enum! {
    /// Prevention level of a measure (universal, selective, indicative).
    Prevention { Universal = "universal", Selective = "selective", Indicative = "indicative" }
}

crate::string_enum! {
    /// The level a measure works on.
    ItemLevel { Structural = "structural", Group = "group", Individual = "individual" }
}

crate::string_enum! {
    /// Whether an item is a goal or a measure.
    ItemRole { Goal = "goal", Measure = "measure" }
}

/// A plan's own fields.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Plan {
    pub plan_type: Option<PlanType>,
    pub owner: Option<String>,
    pub level: Option<PlanLevel>,
    pub district: Option<Located<String>>,
    pub period: Option<String>,
    pub status: Option<PlanStatus>,
    pub adopted: Option<When>,
    pub revise_by: Option<Deadline>,
    pub implements: Option<Reference>,
    pub goals: Vec<PlanItem>,
    pub strategies: Vec<Strategy>,
}

/// A strategy, focus area or theme; may hold strategies of its own.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Strategy {
    pub id: Located<String>,
    pub title: String,
    pub description: Option<String>,
    pub goals: Vec<PlanItem>,
    pub measures: Vec<PlanItem>,
    pub strategies: Vec<Strategy>,
}

/// A goal or a measure in a plan.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PlanItem {
    pub id: Located<String>,
    pub role: ItemRole,
    pub title: String,
    pub description: Option<String>,
    pub implements: Vec<Reference>,
    pub goals: Vec<Located<String>>,
    pub responsible: Vec<String>,
    pub deadline: Option<Deadline>,
    pub status: Option<ItemStatus>,
    pub prevention: Option<Prevention>,
    pub level: Option<ItemLevel>,
    pub audience: Vec<String>,
    /// Dated status reports, in the order written (checked to be in date order).
    pub updates: Vec<StatusUpdate>,
    /// How far the item has come, 0–100 per cent.
    pub progress: Option<u8>,
    /// How the item is measured ("måles gjennom …").
    pub indicators: Vec<String>,
    pub milestones: Vec<Milestone>,
}

/// An item with the chain of strategies it sits in.
#[derive(Debug, Clone, Copy)]
pub struct ItemInPlan<'a> {
    pub item: &'a PlanItem,
    /// Innermost strategy holding the item; `None` for the plan's main goals.
    pub strategy: Option<&'a Strategy>,
}

impl Plan {
    /// Every item in document order: main goals, then each strategy depth first.
    pub fn items(&self) -> Vec<ItemInPlan<'_>> {
        let mut out: Vec<ItemInPlan<'_>> = self.goals.iter().map(|item| ItemInPlan { item, strategy: None }).collect();
        fn walk<'a>(s: &'a Strategy, out: &mut Vec<ItemInPlan<'a>>) {
            for item in s.goals.iter().chain(&s.measures) {
                out.push(ItemInPlan { item, strategy: Some(s) });
            }
            for inner in &s.strategies {
                walk(inner, out);
            }
        }
        for s in &self.strategies {
            walk(s, &mut out);
        }
        out
    }

    /// Every strategy, depth first.
    pub fn all_strategies(&self) -> Vec<&Strategy> {
        fn walk<'a>(s: &'a Strategy, out: &mut Vec<&'a Strategy>) {
            out.push(s);
            for inner in &s.strategies {
                walk(inner, out);
            }
        }
        let mut out = Vec::new();
        for s in &self.strategies {
            walk(s, &mut out);
        }
        out
    }

    /// The goal or measure with `id`; searched in place, as it runs for every link drawn.
    pub fn item(&self, id: &str) -> Option<&PlanItem> {
        fn find<'a>(s: &'a Strategy, id: &str) -> Option<&'a PlanItem> {
            s.goals.iter().chain(&s.measures).find(|i| i.id.value == id).or_else(|| s.strategies.iter().find_map(|inner| find(inner, id)))
        }
        self.goals.iter().find(|i| i.id.value == id).or_else(|| self.strategies.iter().find_map(|s| find(s, id)))
    }
}

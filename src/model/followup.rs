//! Follow-up of plan items: dated status updates, progress, indicators and milestones.

use chrono::NaiveDate;

use super::page::SourcePos;
use super::plan::{ItemStatus, PlanItem};

/// One dated status report on an item (`updates: [{date, status, note}]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusUpdate {
    pub date: NaiveDate,
    pub status: ItemStatus,
    pub note: Option<String>,
    /// Where the entry starts in the source file.
    pub pos: SourcePos,
}

/// A milestone on the way to carrying out an item (`milestones: [{date, title, done}]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Milestone {
    pub date: NaiveDate,
    pub title: String,
    pub done: bool,
    pub pos: SourcePos,
}

impl ItemStatus {
    /// Whether nothing more is to happen: done or cancelled.
    pub fn is_final(self) -> bool {
        matches!(self, ItemStatus::Done | ItemStatus::Cancelled)
    }
}

impl PlanItem {
    /// The item's status now: its latest update's, else its own `status`.
    pub fn current_status(&self) -> Option<ItemStatus> {
        self.latest_update().map(|u| u.status).or(self.status)
    }

    /// The update with the latest date (the last one written among equal dates).
    pub fn latest_update(&self) -> Option<&StatusUpdate> {
        self.updates.iter().enumerate().max_by_key(|(i, u)| (u.date, *i)).map(|(_, u)| u)
    }

    /// Whether the deadline's last day is before `today` while the item is not done or cancelled.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        let open = !self.current_status().is_some_and(ItemStatus::is_final);
        open && self.deadline.and_then(|d| d.last_day()).is_some_and(|last| last < today)
    }
}

/// The day six months before `today`: the start of "recent" for changes and stale measures.
pub fn six_months_before(today: NaiveDate) -> NaiveDate {
    today.checked_sub_months(chrono::Months::new(6)).unwrap_or(NaiveDate::MIN)
}

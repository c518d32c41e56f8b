//! Reads and checks an item's follow-up fields: `updates`, `progress`, `indicators`, `milestones`.
//!
//! Updates must be in date order and not in the future; an item's own `status` must agree
//! with its latest update; progress is a whole number from 0 to 100. A measure whose
//! deadline has passed without a final status and without a recent update gets a warning.

use chrono::NaiveDate;

use super::convert::Ctx;
use super::raw::{RawMilestone, RawUpdate, S, Text};
use crate::diagnostics::Code;
use crate::model::followup::six_months_before;
use crate::model::{ItemRole, ItemStatus, Milestone, PlanItem, StatusUpdate};

/// The follow-up fields of one item, as read.
pub struct Followup {
    pub updates: Vec<StatusUpdate>,
    pub progress: Option<u8>,
    pub indicators: Vec<String>,
    pub milestones: Vec<Milestone>,
}

/// Converts the raw fields, reporting bad dates, statuses and progress values.
pub fn read(updates: Vec<S<RawUpdate>>, progress: Option<S<Text>>, indicators: Vec<String>, milestones: Vec<S<RawMilestone>>, ctx: &mut Ctx<'_>) -> Followup {
    let updates = updates.into_iter().filter_map(|u| update(u, ctx)).collect::<Vec<_>>();
    check_order(&updates, ctx);
    Followup {
        updates,
        progress: progress.and_then(|p| self::progress(&p, ctx)),
        indicators: indicators.into_iter().map(|i| i.trim().to_string()).filter(|i| !i.is_empty()).collect(),
        milestones: milestones.into_iter().filter_map(|m| milestone(m, ctx)).collect(),
    }
}

fn update(s: S<RawUpdate>, ctx: &mut Ctx<'_>) -> Option<StatusUpdate> {
    let pos = ctx.pos(&s);
    let r = s.value;
    let date = ctx.day(&r.date, "date");
    let status = ctx.word(Some(&r.status), "status", ItemStatus::parse, ItemStatus::NAMES);
    let date = date?;
    if let Some(today) = ctx.today
        && date > today
    {
        let at = ctx.pos(&r.date);
        let msg = format!("this update is dated {date}, which is in the future");
        ctx.error(Code::FutureDate, at, msg, Some(format!("an update reports what has happened: date it today ({today}) or earlier, or remove it until then")));
    }
    let note = r.note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    Some(StatusUpdate { date, status: status?, note, pos })
}

/// Updates are written oldest first, so the last one is the item's current status.
fn check_order(updates: &[StatusUpdate], ctx: &mut Ctx<'_>) {
    for pair in updates.windows(2) {
        if pair[1].date < pair[0].date {
            let msg = format!("this update ({}) is older than the one above it ({})", pair[1].date, pair[0].date);
            ctx.error(Code::UpdateOrder, pair[1].pos, msg, Some("write `updates` oldest first: move this entry above the newer one".into()));
        }
    }
}

fn progress(s: &S<Text>, ctx: &mut Ctx<'_>) -> Option<u8> {
    let raw = s.value.0.trim();
    let number = raw.trim_end_matches('%').trim();
    match number.parse::<i64>() {
        Ok(n) if (0..=100).contains(&n) => u8::try_from(n).ok(),
        Ok(n) => {
            let pos = ctx.pos(s);
            let fixed = n.clamp(0, 100);
            ctx.error(
                Code::Progress,
                pos,
                format!("`progress` is {n}, but it is a share in per cent"),
                Some(format!("write a whole number from 0 to 100, such as `{fixed}`")),
            );
            None
        }
        Err(_) => {
            let pos = ctx.pos(s);
            ctx.error(
                Code::Progress,
                pos,
                format!("`progress` must be a whole number from 0 to 100, not `{raw}`"),
                Some("write for example `progress: 40`".into()),
            );
            None
        }
    }
}

fn milestone(s: S<RawMilestone>, ctx: &mut Ctx<'_>) -> Option<Milestone> {
    let pos = ctx.pos(&s);
    let r = s.value;
    let date = ctx.day(&r.date, "date")?;
    let title = r.title.trim().to_string();
    if title.is_empty() {
        ctx.error(
            Code::MissingField,
            pos,
            "this milestone has an empty `title`",
            Some("say what is to be reached, for example `title: Rutiner vedtatt`".into()),
        );
    }
    if r.done
        && let Some(today) = ctx.today
        && date > today
    {
        let at = ctx.pos(&r.date);
        ctx.error(
            Code::MilestoneAhead,
            at,
            format!("this milestone is marked `done` but dated {date}, in the future"),
            Some("give the day it was reached, or set `done: false`".into()),
        );
    }
    Some(Milestone { date, title, done: r.done, pos })
}

/// An item's own `status` must agree with its latest update.
pub fn check_status(item: &PlanItem, status: Option<&S<String>>, ctx: &mut Ctx<'_>) {
    let (Some(own), Some(latest), Some(written)) = (item.status, item.latest_update(), status) else {
        return;
    };
    if own != latest.status {
        let pos = ctx.pos(written);
        let msg = format!("`status: {}` contradicts the latest update ({}), which says `{}`", own.as_str(), latest.date, latest.status.as_str());
        let help = format!("the latest update decides the status: remove `status`, or write `status: {}`", latest.status.as_str());
        ctx.error(Code::StatusConflict, pos, msg, Some(help));
    }
}

/// A measure past its deadline, not done or cancelled, and not updated for six months.
pub fn warn_stale(item: &PlanItem, ctx: &mut Ctx<'_>) {
    let Some(today) = ctx.today else { return };
    if item.role != ItemRole::Measure || !item.is_overdue(today) {
        return;
    }
    let last = item.latest_update().map(|u| u.date);
    if last.is_some_and(|d| d >= six_months_before(today)) {
        return;
    }
    let deadline = item.deadline.map(|d| d.text()).unwrap_or_default();
    let since = match last {
        Some(d) => format!("the last update is from {d}"),
        None => "it has no updates".to_string(),
    };
    let msg = format!("`{}` passed its deadline ({deadline}) without being done or cancelled, and {since}", item.id.value);
    let help = "add an entry to `updates` with today's date and status (`done`, `cancelled` or `ongoing` with a note)";
    ctx.error(Code::Stale, item.id.pos, msg, Some(help.into()));
}

/// Today in the site's time zone, for the checks above.
pub fn today(now: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

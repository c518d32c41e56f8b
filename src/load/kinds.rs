//! Converts each kind's raw front matter into its model type.

use super::convert::{Ctx, contact, text};
use super::followup;
use super::raw::{RawCourse, RawDistrict, RawItem, RawNetwork, RawNewsletter, RawPlan, RawService, RawStrategy};
use crate::diagnostics::Code;
use crate::model::{
    Course, CourseFormat, CourseStatus, District, ItemLevel, ItemRole, ItemStatus, Located, Material, Network, Newsletter, Plan, PlanItem, PlanLevel,
    PlanStatus, PlanType, Prevention, Registration, Service, Strategy,
};

pub fn plan(r: RawPlan, ctx: &mut Ctx<'_>) -> Plan {
    let plan = Plan {
        plan_type: ctx.word(r.plan_type.as_ref(), "plan_type", PlanType::parse, PlanType::NAMES),
        owner: r.owner,
        level: ctx.word(r.level.as_ref(), "level", PlanLevel::parse, PlanLevel::NAMES),
        district: r.district.as_ref().map(|d| ctx.located(d)),
        period: text(r.period),
        status: ctx.word(r.status.as_ref(), "status", PlanStatus::parse, PlanStatus::NAMES),
        adopted: ctx.when(r.adopted.as_ref(), "adopted"),
        revise_by: ctx.deadline(r.revise_by.as_ref(), "revise_by"),
        implements: r.implements.as_ref().map(|s| ctx.reference(s)),
        goals: items(r.goals, ItemRole::Goal, ctx),
        strategies: r.strategies.into_iter().map(|s| strategy(s, ctx)).collect(),
    };
    // An expired plan is history: its open measures are not followed up any more.
    if plan.status != Some(PlanStatus::Expired) {
        plan.items().into_iter().for_each(|i| followup::warn_stale(i.item, ctx));
    }
    plan
}

fn strategy(r: RawStrategy, ctx: &mut Ctx<'_>) -> Strategy {
    let id = checked_id(ctx.located_text(&r.id), ctx);
    let title = required_title(r.title, &id, ctx);
    Strategy {
        title,
        description: r.description,
        goals: items(r.goals, ItemRole::Goal, ctx),
        measures: items(r.measures, ItemRole::Measure, ctx),
        strategies: r.strategies.into_iter().map(|s| strategy(s, ctx)).collect(),
        id,
    }
}

fn items(raw: Vec<RawItem>, role: ItemRole, ctx: &mut Ctx<'_>) -> Vec<PlanItem> {
    raw.into_iter().map(|r| item(r, role, ctx)).collect()
}

fn item(r: RawItem, role: ItemRole, ctx: &mut Ctx<'_>) -> PlanItem {
    let id = checked_id(ctx.located_text(&r.id), ctx);
    let follow = followup::read(r.updates, r.progress, r.indicators, r.milestones, ctx);
    let item = PlanItem {
        title: required_title(r.title, &id, ctx),
        role,
        description: r.description,
        implements: r.implements.iter().map(|s| ctx.reference(s)).collect(),
        goals: r.goals.iter().map(|g| ctx.located_text(g)).collect(),
        responsible: r.responsible,
        deadline: ctx.deadline(r.deadline.as_ref(), "deadline"),
        status: ctx.word(r.status.as_ref(), "status", ItemStatus::parse, ItemStatus::NAMES),
        prevention: ctx.word(r.prevention.as_ref(), "prevention", Prevention::parse, Prevention::NAMES),
        level: ctx.word(r.level.as_ref(), "level", ItemLevel::parse, ItemLevel::NAMES),
        audience: r.audience,
        updates: follow.updates,
        progress: follow.progress,
        indicators: follow.indicators,
        milestones: follow.milestones,
        id,
    };
    followup::check_status(&item, r.status.as_ref(), ctx);
    item
}

/// Ids become URL anchors, so they must be plain.
fn checked_id(id: Located<String>, ctx: &mut Ctx<'_>) -> Located<String> {
    let ok = !id.value.is_empty() && id.value.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.');
    if !ok {
        ctx.error(
            Code::BadId,
            id.pos,
            format!("the id `{}` can't be used as a link target", id.value),
            Some("use letters, digits and - only, for example `S1-C`".into()),
        );
    }
    id
}

fn required_title(title: Option<String>, id: &Located<String>, ctx: &mut Ctx<'_>) -> String {
    match title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        Some(t) => t,
        None => {
            ctx.error(Code::MissingField, id.pos, format!("`{}` has no `title`", id.value), Some("add `title: ...` next to the `id`".into()));
            id.value.clone()
        }
    }
}

pub fn course(r: RawCourse, ctx: &mut Ctx<'_>) -> Course {
    let registration = r.registration.map(|g| Registration {
        url: g.url,
        opens: ctx.when(g.opens.as_ref(), "opens"),
        deadline: ctx.when(g.deadline.as_ref(), "deadline"),
        capacity: g.capacity,
        price: text(g.price),
    });
    Course {
        format: ctx.word(r.format.as_ref(), "format", CourseFormat::parse, CourseFormat::NAMES),
        organizer: r.organizer,
        partners: r.partners,
        audience: r.audience,
        sessions: ctx.sessions(r.sessions, "sessions"),
        location: r.location,
        registration,
        status: ctx.word(r.status.as_ref(), "status", CourseStatus::parse, CourseStatus::NAMES),
        contact: contact(r.contact),
        materials: r.materials.into_iter().filter_map(|m| m.url.or(m.file).map(|href| Material { title: m.title, href })).collect(),
        implements: r.implements.iter().map(|s| ctx.reference(s)).collect(),
    }
}

pub fn network(r: RawNetwork, ctx: &mut Ctx<'_>) -> Network {
    Network {
        coordinator: r.coordinator,
        members: r.members.iter().map(|m| ctx.located(m)).collect(),
        audience: r.audience,
        meetings: ctx.sessions(r.meetings, "meetings"),
        contact: contact(r.contact),
        implements: r.implements.iter().map(|s| ctx.reference(s)).collect(),
    }
}

pub fn newsletter(r: RawNewsletter, ctx: &mut Ctx<'_>) -> Newsletter {
    let covers = r.covers.and_then(|c| {
        let (from, to) = (ctx.day(&c.from, "from"), ctx.day(&c.to, "to"));
        let (from, to) = (from?, to?);
        if to < from {
            let pos = ctx.pos(&c.to);
            ctx.error(Code::DateOrder, pos, "`covers` ends before it starts", Some("`to` must be the same day as `from` or later".into()));
            return None;
        }
        Some((from, to))
    });
    Newsletter { series: r.series, issue: text(r.issue), covers }
}

pub fn district(r: RawDistrict) -> District {
    District { number: r.number, contact: contact(r.contact) }
}

pub fn service(r: RawService) -> Service {
    Service { provider: r.provider, audience: r.audience, contact: contact(r.contact), opening_hours: r.opening_hours }
}

//! Subscriptions to a plan: an Atom feed of its status updates (`<plan>/oppdateringer.xml`)
//! and a calendar of its deadlines and milestones (`<plan>/frister.ics`, all-day events).
//!
//! Both depend only on the content: entry dates are the updates' dates, DTSTAMP the plan's
//! `updated`/`date` (else its newest update), and SEQUENCE comes from the calendar memory.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{ItemInPlan, ItemStatus, PageId, Plan};
use crate::render::feeds::ical::{Calendar, CalendarEvent, EventStatus, SequenceState, write_calendar_with};
use crate::render::{Output, RenderCtx};
use crate::resolve::Node;

/// How many of the newest updates a plan's feed carries.
const FEED_ENTRIES: usize = 100;

/// Plans that get feeds and data files: non-section plan pages with at least one item.
pub fn plans_with_items<'a>(ctx: &'a RenderCtx<'_>) -> impl Iterator<Item = (PageId, &'a Plan)> + 'a {
    ctx.site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_section)
        .filter_map(|(id, p)| p.plan().filter(|plan| !plan.items().is_empty()).map(|plan| (id, plan)))
}

/// Midnight in the site's zone on `day`, as an Atom date.
pub(super) fn atom_day(ctx: &RenderCtx<'_>, day: NaiveDate) -> FixedDateTime {
    let local = day.and_time(chrono::NaiveTime::MIN);
    match local.and_local_timezone(ctx.dates.tz).earliest() {
        Some(t) => t.fixed_offset(),
        None => local.and_utc().fixed_offset(),
    }
}

/// The plan's own date, for a feed with no entries and a calendar's DTSTAMP: its `updated`,
/// `date` or `adopted`, else the first day of its `period`, else the build's day ("now").
/// Never 1970: feed readers show that date as the feed's age.
fn plan_date(ctx: &RenderCtx<'_>, id: PageId, plan: &Plan) -> DateTime<Utc> {
    let meta = &ctx.site.pages[id].meta;
    if let Some(when) = meta.updated.or(meta.date).or(plan.adopted) {
        return when.instant;
    }
    let first_year = plan.period.as_deref().and_then(|p| p.trim().get(..4)).and_then(|y| y.parse::<i32>().ok());
    let day = first_year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)).unwrap_or_else(|| ctx.now.with_timezone(&ctx.dates.tz).date_naive());
    atom_day(ctx, day).with_timezone(&Utc)
}

/// The Atom feed of every plan with items.
pub fn render_atom(ctx: &RenderCtx<'_>, diags: &mut crate::diagnostics::Diagnostics) -> Vec<Output> {
    let mut out = Vec::new();
    for (id, plan) in plans_with_items(ctx) {
        match atom_feed(ctx, id, plan) {
            Ok(file) => out.push(file),
            Err(msg) => diags.push(crate::diagnostics::Diagnostic::new(
                crate::diagnostics::Code::Output,
                &ctx.site.pages[id].source,
                crate::model::SourcePos::default(),
                msg,
            )),
        }
    }
    out
}

fn atom_feed(ctx: &RenderCtx<'_>, id: PageId, plan: &Plan) -> Result<Output, String> {
    let page = &ctx.site.pages[id];
    let links = ctx.plan_data_links(id);
    let mut entries: Vec<(NaiveDate, usize, usize, Entry)> = Vec::new();
    for (n, i) in plan.items().into_iter().enumerate() {
        for (k, u) in i.item.updates.iter().enumerate() {
            entries.push((u.date, n, k, update_entry(ctx, id, i, k)));
        }
    }
    entries.sort_by(|a, b| (b.0, a.1, a.2).cmp(&(a.0, b.1, b.2)));
    let entries: Vec<Entry> = entries.into_iter().take(FEED_ENTRIES).map(|e| e.3).collect();
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_else(|| plan_date(ctx, id, plan).with_timezone(&ctx.dates.tz).fixed_offset());
    let cfg = &ctx.site.config;
    let title = format!("{}: {}", ctx.t("feed_plan_updates"), page.meta.title);
    let feed = Feed {
        title: Text::plain(title),
        id: ctx.absolute(&links.atom),
        updated,
        authors: vec![Person { name: cfg.title.clone(), ..Person::default() }],
        generator: Some(Generator { value: "planverk".into(), ..Generator::default() }),
        links: vec![link(ctx.absolute(&links.atom), "self", "application/atom+xml"), link(ctx.absolute(&links.followup), "alternate", "text/html")],
        lang: Some(cfg.language.code().to_string()),
        entries,
        ..Feed::default()
    };
    let mut bytes = Vec::new();
    feed.write_to(&mut bytes).map_err(|e| format!("can't write the feed {}: {e}", links.atom))?;
    bytes.push(b'\n');
    Ok(Output::new(links.atom.trim_start_matches('/'), bytes))
}

fn link(href: String, rel: &str, mime: &str) -> Link {
    Link { href, rel: rel.into(), mime_type: Some(mime.into()), ..Link::default() }
}

/// One status update as an entry: "F1-M2 Title: Pågår", the note as content.
fn update_entry(ctx: &RenderCtx<'_>, page: PageId, i: ItemInPlan<'_>, k: usize) -> Entry {
    let u = &i.item.updates[k];
    let node = Node { page, item: Some(i.item.id.value.clone()) };
    let url = ctx.absolute(&ctx.graph.node_url(&node));
    let status = ctx.status_label(Some(u.status)).label;
    let when = atom_day(ctx, u.date);
    Entry {
        title: Text::plain(format!("{} {}: {status}", i.item.id.value, i.item.title)),
        id: format!("{url}-oppdatering-{}", update_key(i, k)),
        updated: when,
        published: Some(when),
        links: vec![link(url, "alternate", "text/html")],
        summary: Some(Text::plain(u.note.clone().unwrap_or_else(|| status.clone()))),
        content: u.note.clone().map(|n| Content { value: Some(n), content_type: Some("text".into()), ..Content::default() }),
        ..Entry::default()
    }
}

/// `2026-12-01`, with `-2`, `-3`… for a second or third update on the same day: stays the
/// same when older updates are added or removed.
fn update_key(i: ItemInPlan<'_>, k: usize) -> String {
    let date = i.item.updates[k].date;
    let same_day_before = i.item.updates[..k].iter().filter(|u| u.date == date).count();
    match same_day_before {
        0 => date.format("%Y-%m-%d").to_string(),
        n => format!("{}-{}", date.format("%Y-%m-%d"), n + 1),
    }
}

/// The calendar of every plan with items; SEQUENCE remembered in `next` like sessions'.
pub fn calendars(ctx: &RenderCtx<'_>, host: &str, next: &mut SequenceState) -> Vec<Result<Output, String>> {
    plans_with_items(ctx).map(|(id, plan)| calendar(ctx, host, id, plan, next)).collect()
}

fn calendar(ctx: &RenderCtx<'_>, host: &str, id: PageId, plan: &Plan, next: &mut SequenceState) -> Result<Output, String> {
    let page = &ctx.site.pages[id];
    let links = ctx.plan_data_links(id);
    let newest_update = plan.items().iter().flat_map(|i| i.item.updates.iter().map(|u| u.date)).max();
    let own = page.meta.updated.or(page.meta.date).map(|w| w.instant);
    let stamp = own.or_else(|| newest_update.map(midnight_utc)).unwrap_or_else(|| plan_date(ctx, id, plan));
    let base = format!("{}@{host}", page.path.replace('/', "."));
    let mut events = Vec::new();
    for i in plan.items() {
        let node = Node { page: id, item: Some(i.item.id.value.clone()) };
        let url = ctx.absolute(&ctx.graph.node_url(&node));
        let name = format!("{} {}", i.item.id.value, i.item.title);
        let cancelled = i.item.current_status() == Some(ItemStatus::Cancelled);
        if let Some(day) = i.item.deadline.and_then(|d| d.last_day()) {
            let summary = format!("{}: {name}", ctx.t("deadline"));
            let deadline = i.item.deadline.map(|d| d.text()).unwrap_or_default();
            let description = format!("{} {deadline}", ctx.t("deadline"));
            events.push(day_event(format!("frist.{}.{base}", i.item.id.value), day, summary, url.clone(), description, cancelled, stamp));
        }
        for (k, m) in i.item.milestones.iter().enumerate() {
            // The day, and which milestone of that day: short enough not to be folded.
            let same_day = i.item.milestones[..k].iter().filter(|x| x.date == m.date).count();
            let uid = format!("milepael.{}.{}.{same_day}.{base}", i.item.id.value, m.date.format("%Y%m%d"));
            let state = if m.done { ctx.t("milestone_done") } else { ctx.t("milestone_ahead") };
            let summary = format!("{}: {} ({})", ctx.t("milestone"), m.title, i.item.id.value);
            events.push(day_event(uid, m.date, summary, url.clone(), format!("{name}. {state}"), false, stamp));
        }
    }
    for e in &mut events {
        e.sequence = ctx.sequences.sequence_for(&e.uid, &e.fingerprint(), next);
    }
    events.sort_by(|a, b| (a.start, &a.uid).cmp(&(b.start, &b.uid)));
    let cal = Calendar {
        name: format!("{} – {}: {}", ctx.site.config.title, ctx.t("calendar_plan_deadlines"), page.meta.title),
        prodid_version: env!("CARGO_PKG_VERSION").to_string(),
        timezone: ctx.dates.tz,
        events,
    };
    let text = write_calendar_with(&cal, &ctx.zones).map_err(|e| format!("can't write the calendar {}: {e}", links.ics))?;
    Ok(Output::new(links.ics.trim_start_matches('/'), text))
}

fn midnight_utc(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

fn day_event(uid: String, day: NaiveDate, summary: String, url: String, description: String, cancelled: bool, stamp: DateTime<Utc>) -> CalendarEvent {
    let start = midnight_utc(day);
    CalendarEvent {
        uid,
        dtstamp: stamp,
        start,
        end: start.checked_add_days(chrono::Days::new(1)).unwrap_or(start),
        summary,
        location: None,
        url: Some(url),
        description: Some(description),
        status: if cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed },
        sequence: 0,
        all_day: true,
    }
}

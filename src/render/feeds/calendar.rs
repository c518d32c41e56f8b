//! Calendar feeds (.ics): every course session and network meeting as one VEVENT.
//!
//! Feeds: `/kalender/alle.ics`, `/kalender/bydel/<key>.ics` (the district's courses, courses
//! for all districts and meetings of networks it belongs to), `/kalender/tema/<slug>.ics`,
//! and `<page-url>kalender.ics` for each course and network.
//!
//! UID: `<key>.<page path with / as .>@<host>`, where the key is the session's `id`, or for a
//! session without one the UTC start time it had when first published (`20270308T080000Z`).
//! A session without `id` that moves keeps its UID through `kalender/sekvens.json`: the
//! page's start-time UIDs that no current session claims are paired, in time order, with
//! its sessions whose start-time UID is new, when the counts match.
//!
//! SEQUENCE: the previous build's [`SequenceState`] (read from the current output folder by
//! the caller) gives each UID its last sequence and fingerprint (start, end, status,
//! location); a changed fingerprint adds one. The new state is written to
//! `kalender/sekvens.json`, so an unchanged rebuild gives byte-identical feeds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{CourseStatus, KindFields, Page, PageId, PageKind, Session, SourcePos};
use crate::render::feeds::ical::{Calendar, CalendarEvent, EventStatus, SequenceState, write_calendar_with};
use crate::render::{Output, RenderCtx};

/// Where the SEQUENCE memory is published, relative to the output folder.
pub use crate::load::CALENDAR_STATE_FILE as STATE_FILE;

/// One session of one page, ready to write.
struct PageEvent {
    page: PageId,
    event: CalendarEvent,
}

impl RenderCtx<'_> {
    /// `webcal://host/path` for a site path such as `/kalender/alle.ics`.
    pub fn webcal(&self, url: &str) -> String {
        self.site.config.site_url.webcal(url)
    }

    /// The host part of `base_url`, for UIDs.
    fn uid_host(&self) -> String {
        let base = &self.site.config.base_url;
        let rest = base.split_once("://").map_or(base.as_str(), |(_, r)| r);
        rest.split('/').next().unwrap_or(rest).to_string()
    }
}

/// The sessions of a course or network page.
pub fn sessions_of(page: &Page) -> Option<&[Session]> {
    match &page.fields {
        KindFields::Course(c) if !page.is_section => Some(&c.sessions),
        KindFields::Network(n) if !page.is_section => Some(&n.meetings),
        _ => None,
    }
}

/// Every calendar file, plus the new SEQUENCE state.
pub fn render(ctx: &RenderCtx<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut next = SequenceState::new();
    let events = all_events(ctx, &mut next);
    let mut out = Vec::new();
    let pick = |f: &dyn Fn(PageId) -> bool| -> Vec<&CalendarEvent> { events.iter().filter(|e| f(e.page)).map(|e| &e.event).collect() };
    let mut feed = |path: String, name: String, list: Vec<&CalendarEvent>| match write_feed(ctx, &name, list) {
        Ok(text) => out.push(Output::new(path.trim_start_matches('/'), text)),
        Err(msg) => diags.push(Diagnostic::new(Code::Output, Path::new("content"), SourcePos::default(), msg)),
    };
    feed(ctx.at("/kalender/alle.ics"), ctx.t("calendar_all"), pick(&|_| true));
    for (key, &district) in &ctx.graph.districts {
        let name = ctx.site.pages[district].meta.title.clone();
        feed(ctx.at(&format!("/kalender/bydel/{key}.ics")), name, pick(&|p| concerns_district(&ctx.site.pages[p], key)));
    }
    for term in ctx.graph.topics.values() {
        let pages: BTreeSet<PageId> = term.nodes.iter().filter(|n| n.item.is_none()).map(|n| n.page).collect();
        if !pages.iter().any(|&p| sessions_of(&ctx.site.pages[p]).is_some()) {
            continue;
        }
        feed(ctx.at(&format!("/kalender/tema/{}.ics", term.slug)), ctx.site.config.topic_name(&term.name).to_string(), pick(&|p| pages.contains(&p)));
    }
    // Each course's and network's own calendar: its events, found once for all of them.
    let mut by_page: BTreeMap<PageId, Vec<&CalendarEvent>> = BTreeMap::new();
    for e in &events {
        by_page.entry(e.page).or_default().push(&e.event);
    }
    for (id, page) in ctx.site.pages.iter().enumerate() {
        if sessions_of(page).is_some() {
            feed(format!("{}kalender.ics", ctx.graph.url(id)), page.meta.title.clone(), by_page.remove(&id).unwrap_or_default());
        }
    }
    for r in super::plan_feeds::calendars(ctx, &ctx.uid_host(), &mut next) {
        match r {
            Ok(file) => out.push(file),
            Err(msg) => diags.push(Diagnostic::new(Code::Output, Path::new("content"), SourcePos::default(), msg)),
        }
    }
    out.push(Output::new(format!("{}{STATE_FILE}", ctx.at("/").trim_start_matches('/')), next.to_json() + "\n"));
    out
}

/// A course for the district (or for all districts), or a network it is a member of.
pub fn concerns_district(page: &Page, key: &str) -> bool {
    let listed = page.meta.districts.iter().any(|d| d.value == key);
    match &page.fields {
        KindFields::Course(_) => page.meta.districts.is_empty() || listed,
        KindFields::Network(n) => listed || n.members.iter().any(|m| m.value == key),
        _ => false,
    }
}

fn write_feed(ctx: &RenderCtx<'_>, name: &str, mut events: Vec<&CalendarEvent>) -> Result<String, String> {
    events.sort_by(|a, b| (a.start, &a.uid).cmp(&(b.start, &b.uid)));
    let cal = Calendar {
        name: format!("{} – {name}", ctx.site.config.title),
        prodid_version: env!("CARGO_PKG_VERSION").to_string(),
        timezone: ctx.dates.tz,
        events: events.into_iter().cloned().collect(),
    };
    write_calendar_with(&cal, &ctx.zones).map_err(|e| format!("can't write the calendar feed `{name}`: {e}"))
}

fn all_events(ctx: &RenderCtx<'_>, next: &mut SequenceState) -> Vec<PageEvent> {
    let host = ctx.uid_host();
    let mut out = Vec::new();
    for (id, page) in ctx.site.pages.iter().enumerate() {
        let Some(sessions) = sessions_of(page) else {
            continue;
        };
        let uids = page_uids(&page.path, &host, sessions, ctx.sequences);
        for (s, uid) in sessions.iter().zip(uids) {
            let mut event = session_event(ctx, id, s, uid);
            event.sequence = ctx.sequences.sequence_for(&event.uid, &event.fingerprint(), next);
            out.push(PageEvent { page: id, event });
        }
    }
    out
}

fn session_event(ctx: &RenderCtx<'_>, id: PageId, s: &Session, uid: String) -> CalendarEvent {
    let page = &ctx.site.pages[id];
    let course = page.course();
    let status = match course.and_then(|c| c.status) {
        Some(CourseStatus::Cancelled) => EventStatus::Cancelled,
        Some(CourseStatus::Postponed) => EventStatus::Tentative,
        _ => EventStatus::Confirmed,
    };
    let summary = match &s.title {
        Some(t) if page.kind() == PageKind::Network => format!("{t} ({})", page.meta.title),
        Some(t) => format!("{} – {t}", page.meta.title),
        None => page.meta.title.clone(),
    };
    let location = s.location.clone().or_else(|| course.and_then(|c| c.location.clone())).or_else(|| s.online.clone());
    let mut parts: Vec<String> = Vec::new();
    parts.extend(page.meta.summary.clone());
    parts.extend(s.title.clone());
    if let Some(online) = &s.online {
        parts.push(format!("{}: {online}", ctx.t("online")));
    }
    if status != EventStatus::Confirmed {
        let key = if status == EventStatus::Cancelled { "status_cancelled" } else { "status_postponed" };
        parts.push(format!("{}: {}", ctx.t("status"), ctx.t(key)));
    }
    CalendarEvent {
        uid,
        dtstamp: page.meta.updated.or(page.meta.date).map_or(s.start.instant, |w| w.instant),
        start: s.start.instant,
        end: s.end.instant,
        summary,
        location,
        url: Some(ctx.absolute(ctx.graph.url(id))),
        description: (!parts.is_empty()).then(|| parts.join("\n\n")),
        status,
        sequence: 0,
        all_day: false,
    }
}

/// `20270308T080000Z`: a session's start as a UID key.
fn start_key(s: &Session) -> String {
    s.start.instant.format("%Y%m%dT%H%M%SZ").to_string()
}

fn is_start_key(key: &str) -> bool {
    key.len() == 16 && key.ends_with('Z') && key.as_bytes()[8] == b'T'
}

/// UIDs for a page's sessions, in the sessions' order (see the module docs for the rule).
pub fn page_uids(path: &str, host: &str, sessions: &[Session], previous: &SequenceState) -> Vec<String> {
    let suffix = format!(".{}@{host}", path.replace('/', "."));
    let natural: Vec<String> = sessions.iter().map(|s| format!("{}{suffix}", s.id.clone().unwrap_or_else(|| start_key(s)))).collect();
    let mut uids = natural.clone();
    let claimed: BTreeSet<&str> = natural.iter().map(String::as_str).collect();
    let orphans: Vec<&str> = previous.uids().filter(|u| u.strip_suffix(suffix.as_str()).is_some_and(is_start_key) && !claimed.contains(u)).collect();
    let mut fresh: Vec<usize> = (0..sessions.len()).filter(|&i| sessions[i].id.is_none() && previous.get(&natural[i]).is_none()).collect();
    fresh.sort_by_key(|&i| (sessions[i].start.instant, i));
    if !orphans.is_empty() && orphans.len() == fresh.len() {
        for (&i, orphan) in fresh.iter().zip(orphans) {
            uids[i] = orphan.to_string();
        }
    }
    dedupe(uids)
}

/// Two sessions with one id (or one start): the later ones get `-2`, `-3`… before the `@`.
fn dedupe(uids: Vec<String>) -> Vec<String> {
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    uids.into_iter()
        .map(|u| {
            let n = seen.entry(u.clone()).or_insert(0);
            *n += 1;
            if *n == 1 { u } else { u.replacen('@', &format!("-{n}@"), 1) }
        })
        .collect()
}

/// The state the previous build published (its `sekvens.json`, read by `load`), or an empty one.
pub fn previous_state(text: Option<&str>) -> SequenceState {
    text.and_then(|text| SequenceState::from_json(text).ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::When;

    fn session(id: Option<&str>, start: &str, end: &str) -> Session {
        let tz = chrono_tz::Europe::Oslo;
        let (Ok(start), Ok(end)) = (When::parse(start, tz), When::parse(end, tz)) else { panic!("bad test date") };
        Session { id: id.map(str::to_string), title: None, start, end, location: None, online: None, pos: SourcePos::default() }
    }

    #[test]
    fn uids_survive_reordering_and_moves() {
        let a = session(None, "2027-03-08T09:00", "2027-03-08T15:00");
        let b = session(Some("dag-2"), "2027-03-09T09:00", "2027-03-09T15:00");
        let empty = SequenceState::new();
        let first = page_uids("kurs/mi", "x.org", &[a.clone(), b.clone()], &empty);
        assert_eq!(first, ["20270308T080000Z.kurs.mi@x.org", "dag-2.kurs.mi@x.org"]);
        let swapped = page_uids("kurs/mi", "x.org", &[b.clone(), a.clone()], &empty);
        assert_eq!(swapped, ["dag-2.kurs.mi@x.org", "20270308T080000Z.kurs.mi@x.org"]);
        let (mut prev, mut scratch) = (SequenceState::new(), SequenceState::new());
        for u in &first {
            empty.sequence_for(u, "f", &mut prev);
        }
        let moved = session(None, "2027-03-10T09:00", "2027-03-10T15:00");
        let again = page_uids("kurs/mi", "x.org", &[moved, b], &prev);
        // The moved session keeps its UID, so calendars update the event instead of adding one,
        assert_eq!(again, first);
        // and its changed fingerprint raises SEQUENCE by one, while the unchanged one keeps 0.
        assert_eq!(prev.sequence_for(&again[0], "g", &mut scratch), 1);
        assert_eq!(prev.sequence_for(&again[1], "f", &mut scratch), 0);
        assert_eq!(scratch.sequence_for(&again[0], "g", &mut SequenceState::new()), 1, "the raised sequence is remembered");
    }

    #[test]
    fn duplicate_keys_get_suffixes() {
        let a = session(Some("d"), "2027-03-08T09:00", "2027-03-08T15:00");
        let uids = page_uids("kurs/mi", "x.org", &[a.clone(), a], &SequenceState::new());
        assert_eq!(uids, ["d.kurs.mi@x.org", "d.kurs.mi-2@x.org"]);
    }
}

//! An iCalendar round trip: events with fuzzed text, times and zones are written, then read
//! back as a calendar program would (unfold, unescape). The text must come back as written
//! (less control characters), no line may exceed 75 octets, and CR/LF only end lines.
//! The SEQUENCE state file, read back from the output folder, is fuzzed too.
#![no_main]

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use planverk::render::feeds::ical::{Calendar, CalendarEvent, EventStatus, SequenceState, write_calendar};

/// The input: fields separated by the byte 0x1E. The first is the calendar's name, the
/// second the zone (a number) and the SEQUENCE state JSON after it; then four per event:
/// summary, location, description, and `minutes-from-2027 duration status url uid`.
/// Plain text, so the example site's course texts seed it.
struct Input {
    name: String,
    zone: usize,
    state: String,
    events: Vec<[String; 4]>,
}

impl Input {
    fn parse(data: &[u8]) -> Input {
        let text = String::from_utf8_lossy(data);
        let mut fields = text.split('\u{1e}').map(str::to_string);
        let name = fields.next().unwrap_or_default();
        let head = fields.next().unwrap_or_default();
        let (zone, state) = head.split_once(' ').unwrap_or((&head, ""));
        let rest: Vec<String> = fields.collect();
        let events = rest.chunks(4).map(|c| std::array::from_fn(|i| c.get(i).cloned().unwrap_or_default())).collect();
        Input { name, zone: zone.trim().parse().unwrap_or(0), state: state.to_string(), events }
    }
}

fn event(fields: &[String; 4]) -> Option<CalendarEvent> {
    let [summary, location, description, spec] = fields;
    let mut words = spec.split(' ');
    let minutes: i64 = words.next()?.parse().ok()?;
    let length: i64 = words.next().unwrap_or("60").parse().ok()?;
    let status = match words.next() {
        Some("cancelled") => EventStatus::Cancelled,
        Some("postponed") => EventStatus::Tentative,
        _ => EventStatus::Confirmed,
    };
    let url = words.next().map(str::to_string);
    let uid = words.next().unwrap_or("x@fuzz.example.org").to_string();
    let start = DateTime::<Utc>::from_timestamp(1_798_761_600i64.checked_add(minutes.checked_mul(60)?)?, 0)?;
    let end = start.checked_add_signed(chrono::Duration::try_minutes(length)?)?;
    let opt = |s: &String| (!s.is_empty()).then(|| s.clone());
    Some(CalendarEvent {
        uid,
        dtstamp: start,
        start,
        end,
        summary: summary.clone(),
        location: opt(location),
        url,
        description: opt(description),
        status,
        sequence: 0,
        all_day: false,
    })
}

fn kept(text: &str) -> String {
    text.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect()
}

/// The values of property `name` in the order they appear, unescaped.
fn values(unfolded: &str, name: &str) -> Vec<String> {
    unfolded.split("\r\n").filter_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':'))).map(unescape).collect()
}

fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(e @ ('\\' | ';' | ',')) => out.push(e),
            other => panic!("bad escape \\{other:?} in {raw:?}"),
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let input = Input::parse(data);
    let _ = SequenceState::from_json(&input.state);
    let zones = chrono_tz::TZ_VARIANTS;
    let timezone = zones[input.zone % zones.len()];
    let events: Vec<CalendarEvent> = input.events.iter().take(8).filter_map(event).collect();
    let cal = Calendar { name: input.name.clone(), prodid_version: "0.1.0".into(), timezone, events: events.clone() };
    let Ok(feed) = write_calendar(&cal) else { return };
    assert!(feed.ends_with("\r\n"));
    for line in feed.strip_suffix("\r\n").unwrap_or(&feed).split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains(['\r', '\n']), "bare CR or LF: {line:?}");
    }
    let unfolded = feed.replace("\r\n ", "");
    assert_eq!(values(&unfolded, "SUMMARY"), events.iter().map(|e| kept(&e.summary)).collect::<Vec<_>>());
    assert_eq!(values(&unfolded, "LOCATION"), events.iter().filter_map(|e| e.location.as_deref()).map(kept).collect::<Vec<_>>());
    assert_eq!(values(&unfolded, "DESCRIPTION"), events.iter().filter_map(|e| e.description.as_deref()).map(kept).collect::<Vec<_>>());
    // Whole lines only: the text may itself say "BEGIN:VEVENT" (an early harness bug).
    assert_eq!(unfolded.split("\r\n").filter(|l| *l == "BEGIN:VEVENT").count(), events.len());
});

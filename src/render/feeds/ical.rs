//! RFC 5545 iCalendar feeds: one VEVENT per session, a VTIMEZONE generated from chrono-tz.
//!
//! Output depends only on the input (no clock, no randomness), so identical input gives
//! byte-identical feeds. SEQUENCE is remembered through [`SequenceState`], a JSON file
//! published with the previous build.
//
// Why no crate: `icalendar` 0.17.17 was checked (its source, plus a small probe program) and
// not used. Its folding never splits a UTF-8 character, and DTSTAMP and UID can be set, but:
// - its text escaping does not drop CR: "a\r\nb" comes out as "a<CR>\nb", a bare CR that
//   breaks the CRLF-only line structure;
// - `Component::fmt_write` falls back to `Utc::now()` and `Uuid::new_v4()` when DTSTAMP or UID
//   is missing, so a forgotten setter silently makes the output depend on the clock and RNG;
// - it writes no VTIMEZONE, so this module needs its own escaping, folding and line writer
//   anyway for that component;
// - it writes a component's properties in alphabetical order (BTreeMap), not in a chosen order.
// Escaping and folding take about 30 lines here, which is less than the glue needed to splice
// a generated VTIMEZONE into the crate's output.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use serde::{Deserialize, Serialize};

/// Maximum octets per physical line, excluding CRLF (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;
/// Scan step used to find UTC-offset transitions. A change that is reversed within one step
/// is not seen; tzdb has no such short-lived offsets in modern data.
const SCAN_STEP_SECONDS: i64 = 86_400;

/// STATUS of a VEVENT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventStatus {
    /// A normal session.
    Confirmed,
    /// A postponed session.
    Tentative,
    /// A cancelled session.
    Cancelled,
}

impl EventStatus {
    /// The RFC 5545 STATUS value.
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Cancelled => "CANCELLED",
        }
    }
}

/// One session, written as one VEVENT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    pub uid: String,
    /// Comes from the content, never from the clock.
    pub dtstamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    /// Must not be before `start`. When equal to `start`, DTEND is left out (RFC 5545 §3.6.1).
    pub end: DateTime<Utc>,
    pub summary: String,
    pub location: Option<String>,
    pub url: Option<String>,
    pub description: Option<String>,
    pub status: EventStatus,
    pub sequence: u32,
    /// A whole-day event (a deadline, a milestone): written as `VALUE=DATE` from the UTC
    /// date of `start` to the UTC date of `end` (the day after the last day).
    pub all_day: bool,
}

impl CalendarEvent {
    /// The [`fingerprint`] of this event's start, end, status and location.
    pub fn fingerprint(&self) -> String {
        fingerprint(self.start, self.end, self.status, self.location.as_deref())
    }
}

/// A whole feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// X-WR-CALNAME.
    pub name: String,
    /// planverk's version, written into PRODID.
    pub prodid_version: String,
    /// Zone for DTSTART/DTEND (TZID), the VTIMEZONE and X-WR-TIMEZONE.
    pub timezone: Tz,
    /// Written in this order.
    pub events: Vec<CalendarEvent>,
}

/// Why a feed or a sequence state could not be produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IcalError {
    /// The event at this index in `Calendar::events` has an empty UID.
    EmptyUid { index: usize },
    /// Two events share a UID.
    DuplicateUid { uid: String },
    /// An event ends before it starts.
    EndBeforeStart { uid: String },
    /// A date-time falls outside the years 0000–9999 that RFC 5545 can express.
    DateOutOfRange { context: String },
    /// The sequence state JSON could not be read.
    InvalidSequenceState { message: String },
}

impl fmt::Display for IcalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IcalError::EmptyUid { index } => write!(f, "calendar event #{index} has an empty UID"),
            IcalError::DuplicateUid { uid } => write!(f, "calendar UID {uid:?} is used twice"),
            IcalError::EndBeforeStart { uid } => {
                write!(f, "calendar event {uid:?} ends before it starts")
            }
            IcalError::DateOutOfRange { context } => {
                write!(f, "date outside years 0000-9999 in {context}")
            }
            IcalError::InvalidSequenceState { message } => {
                write!(f, "invalid calendar sequence state: {message}")
            }
        }
    }
}

impl std::error::Error for IcalError {}

/// What the previous build published for one UID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceEntry {
    pub fingerprint: String,
    pub sequence: u32,
}

/// SEQUENCE memory. The build keeps no database, so the state published with the previous
/// output is read back, and the state for this build is collected in a fresh value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceState {
    #[serde(default)]
    entries: BTreeMap<String, SequenceEntry>,
}

impl SequenceState {
    /// An empty state (first build, or no previous output).
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a state written by [`SequenceState::to_json`].
    pub fn from_json(s: &str) -> Result<Self, IcalError> {
        serde_json::from_str(s).map_err(|e| IcalError::InvalidSequenceState { message: e.to_string() })
    }

    /// Pretty JSON with UIDs in sorted order, so identical states give identical text:
    /// `{"entries": {"<uid>": {"fingerprint": "...", "sequence": 1}}}`.
    pub fn to_json(&self) -> String {
        // Serializing string keys and plain structs cannot fail; never panic regardless.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| String::from("{}"))
    }

    /// Every UID recorded, in sorted order.
    pub fn uids(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The entry recorded for `uid`, if any.
    pub fn get(&self, uid: &str) -> Option<&SequenceEntry> {
        self.entries.get(uid)
    }

    /// Returns the sequence for `uid`: the previous one when the fingerprint is unchanged,
    /// previous + 1 when it changed, 0 when the uid is new; records the result in `next`.
    ///
    /// `next` only learns the UIDs asked about. Start it from `self.clone()` instead of
    /// [`SequenceState::new`] to remember events that drop out of the feed and come back.
    pub fn sequence_for(&self, uid: &str, fingerprint: &str, next: &mut SequenceState) -> u32 {
        let sequence = match self.entries.get(uid) {
            None => 0,
            Some(prev) if prev.fingerprint == fingerprint => prev.sequence,
            Some(prev) => prev.sequence.saturating_add(1),
        };
        let entry = SequenceEntry { fingerprint: fingerprint.to_owned(), sequence };
        next.entries.insert(uid.to_owned(), entry);
        sequence
    }
}

/// Stable text of the properties whose change bumps SEQUENCE, e.g.
/// `20270308T080000Z/20270308T143000Z/CONFIRMED/Kulturhuset`. No location gives an empty tail.
pub fn fingerprint(start: DateTime<Utc>, end: DateTime<Utc>, status: EventStatus, location: Option<&str>) -> String {
    format!("{}Z/{}Z/{}/{}", basic_date_time(start.naive_utc()), basic_date_time(end.naive_utc()), status.as_str(), location.unwrap_or(""))
}

/// Writes the whole feed: VCALENDAR properties, one VTIMEZONE for `cal.timezone` (left out when
/// there are no events) and the VEVENTs in the given order. CRLF line ends, folded at 75 octets.
/// The output depends only on `cal`: same input, same bytes. With no events the feed has no
/// component at all; RFC 5545 asks for at least one, but calendar apps accept such feeds.
pub fn write_calendar(cal: &Calendar) -> Result<String, IcalError> {
    write_calendar_with(cal, &ZoneBlocks::default())
}

/// [`write_calendar`], taking the VTIMEZONE block from `zones` when one for the same zone and
/// years was written before.
pub fn write_calendar_with(cal: &Calendar, zones: &ZoneBlocks) -> Result<String, IcalError> {
    validate(&cal.events)?;
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    let prodid = format!("-//planverk//planverk {}//NB", cal.prodid_version);
    push_text(&mut out, "PRODID", &prodid);
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    push_text(&mut out, "X-WR-CALNAME", &cal.name);
    push_text(&mut out, "X-WR-TIMEZONE", cal.timezone.name());
    let runs = year_runs(&cal.events);
    if !runs.is_empty() {
        zones.write(&mut out, cal.timezone, runs)?;
    }
    for event in &cal.events {
        write_event(&mut out, cal.timezone, event)?;
    }
    push_line(&mut out, "END:VCALENDAR");
    Ok(out)
}

/// VTIMEZONE blocks written so far, by zone and runs of years: a site's calendars share a
/// few, and working one out scans the zone's offsets day by day.
#[derive(Debug, Default)]
pub struct ZoneBlocks(std::sync::Mutex<std::collections::HashMap<(Tz, Vec<YearRun>), String>>);

impl ZoneBlocks {
    fn write(&self, out: &mut String, tz: Tz, runs: Vec<YearRun>) -> Result<(), IcalError> {
        let key = (tz, runs);
        let known = self.0.lock().ok().and_then(|m| m.get(&key).cloned());
        let block = match known {
            Some(block) => block,
            None => {
                let mut block = String::new();
                write_vtimezone(&mut block, tz, &key.1)?;
                if let Ok(mut m) = self.0.lock() {
                    m.insert(key, block.clone());
                }
                block
            }
        };
        out.push_str(&block);
        Ok(())
    }
}

fn validate(events: &[CalendarEvent]) -> Result<(), IcalError> {
    let mut seen = BTreeSet::new();
    for (index, event) in events.iter().enumerate() {
        if event.uid.is_empty() {
            return Err(IcalError::EmptyUid { index });
        }
        if !seen.insert(event.uid.as_str()) {
            let uid = event.uid.clone();
            return Err(IcalError::DuplicateUid { uid });
        }
        if event.end < event.start {
            let uid = event.uid.clone();
            return Err(IcalError::EndBeforeStart { uid });
        }
        let years = [event.dtstamp.year(), event.start.year(), event.end.year()];
        if years.iter().any(|y| !(0..=9999).contains(y)) {
            let context = format!("event {:?}", event.uid);
            return Err(IcalError::DateOutOfRange { context });
        }
    }
    Ok(())
}

/// Consecutive UTC years, first and last included.
type YearRun = (i32, i32);

/// The UTC years in which a timed event starts or ends, as runs of consecutive years. The
/// VTIMEZONE covers these years only: a client needs the offsets at the DTSTART and DTEND it
/// reads, and covering everything from the first year to the last made a calendar with
/// events thousands of years apart scan millions of days (a 349-byte fuzz input took 1.3 s).
fn year_runs(events: &[CalendarEvent]) -> Vec<YearRun> {
    let years: BTreeSet<i32> = events.iter().filter(|e| !e.all_day).flat_map(|e| [e.start.year(), e.end.year()]).collect();
    let mut runs: Vec<YearRun> = Vec::new();
    for year in years {
        match runs.last_mut() {
            Some(run) if run.1.checked_add(1) == Some(year) => run.1 = year,
            _ => runs.push((year, year)),
        }
    }
    runs
}

fn write_event(out: &mut String, tz: Tz, event: &CalendarEvent) -> Result<(), IcalError> {
    let context = || format!("event {:?}", event.uid);
    let stamp = utc_date_time(event.dtstamp).ok_or_else(|| out_of_range(context()))?;
    let when = |t: DateTime<Utc>| if event.all_day { Some(format!(";VALUE=DATE:{}", t.date_naive().format("%Y%m%d"))) } else { zoned_date_time(tz, t) };
    let start = when(event.start).ok_or_else(|| out_of_range(context()))?;
    let end = when(event.end).ok_or_else(|| out_of_range(context()))?;
    push_line(out, "BEGIN:VEVENT");
    push_text(out, "UID", &event.uid);
    push_line(out, &format!("DTSTAMP:{stamp}"));
    push_line(out, &format!("DTSTART{start}"));
    if event.end != event.start {
        push_line(out, &format!("DTEND{end}"));
    }
    push_text(out, "SUMMARY", &event.summary);
    if let Some(location) = &event.location {
        push_text(out, "LOCATION", location);
    }
    if let Some(url) = &event.url {
        push_line(out, &format!("URL:{}", strip_controls(url)));
    }
    if let Some(description) = &event.description {
        push_text(out, "DESCRIPTION", description);
    }
    push_line(out, &format!("STATUS:{}", event.status.as_str()));
    push_line(out, &format!("SEQUENCE:{}", event.sequence));
    push_line(out, "END:VEVENT");
    Ok(())
}

fn out_of_range(context: String) -> IcalError {
    IcalError::DateOutOfRange { context }
}

/// Parameters and value of DTSTART/DTEND, starting with `;` or `:`. Local time with TZID,
/// except in the repeated hour when clocks go back: a reader resolves such a local time to its
/// first occurrence (RFC 5545 §3.3.5), so the second occurrence is written in UTC instead.
fn zoned_date_time(tz: Tz, instant: DateTime<Utc>) -> Option<String> {
    let local = instant.with_timezone(&tz).naive_local();
    let first = tz.from_local_datetime(&local).earliest();
    if first.map(|dt| dt.with_timezone(&Utc)) == Some(instant) {
        Some(format!(";TZID={}:{}", tz.name(), checked_date_time(local)?))
    } else {
        Some(format!(":{}", utc_date_time(instant)?))
    }
}

fn utc_date_time(instant: DateTime<Utc>) -> Option<String> {
    Some(format!("{}Z", checked_date_time(instant.naive_utc())?))
}

/// `YYYYMMDDTHHMMSS`, or `None` outside the four-digit years RFC 5545 allows.
fn checked_date_time(dt: NaiveDateTime) -> Option<String> {
    (0..=9999).contains(&dt.year()).then(|| basic_date_time(dt))
}

/// `YYYYMMDDTHHMMSS` without range checks (sub-seconds dropped).
fn basic_date_time(dt: NaiveDateTime) -> String {
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}", dt.year(), dt.month(), dt.day(), dt.hour(), dt.minute(), dt.second())
}

/// One STANDARD or DAYLIGHT sub-component: the offset that starts at `onset` (UTC seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    onset: i64,
    daylight: bool,
    offset_from: i32,
    offset_to: i32,
    name: Option<String>,
}

/// What a zone observes at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ZoneOffset {
    total: i32,
    daylight: bool,
    name: Option<String>,
}

fn zone_offset(tz: Tz, timestamp: i64) -> Option<ZoneOffset> {
    let utc = DateTime::from_timestamp(timestamp, 0)?.naive_utc();
    let offset = tz.offset_from_utc_datetime(&utc);
    Some(ZoneOffset { total: offset.fix().local_minus_utc(), daylight: !offset.dst_offset().is_zero(), name: offset.abbreviation().map(str::to_owned) })
}

/// All offset changes in `(from, to]`: scan in steps, bisect each change to the second.
fn transitions(tz: Tz, from: i64, to: i64) -> Option<Vec<Observance>> {
    let mut found = Vec::new();
    let mut cursor = from;
    let mut current = zone_offset(tz, cursor)?;
    while cursor < to {
        let probe = cursor.saturating_add(SCAN_STEP_SECONDS).min(to);
        if zone_offset(tz, probe)? == current {
            cursor = probe;
            continue;
        }
        let onset = first_change(tz, cursor, probe, &current)?;
        let after = zone_offset(tz, onset)?;
        found.push(Observance { onset, daylight: after.daylight, offset_from: current.total, offset_to: after.total, name: after.name.clone() });
        current = after;
        cursor = onset;
    }
    Some(found)
}

/// First second in `(lo, hi]` whose offset differs from `current`; `current` holds at `lo`
/// and not at `hi`.
fn first_change(tz: Tz, mut lo: i64, mut hi: i64, current: &ZoneOffset) -> Option<i64> {
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if zone_offset(tz, mid)? == *current {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(hi)
}

fn year_start(year: i32) -> Option<i64> {
    let date = NaiveDate::from_ymd_opt(year, 1, 1)?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

/// Observances covering the UTC years `first..=last`: the one in force when `first` begins
/// (found in the year before, or a constant-offset STANDARD/DAYLIGHT if the zone did not change
/// then) followed by every change up to the end of `last`.
fn observances(tz: Tz, first: i32, last: i32) -> Option<Vec<Observance>> {
    let lead_in = year_start(first.checked_sub(1)?)?;
    let span_start = year_start(first)?;
    let span_end = year_start(last.checked_add(1)?)?;
    let all = transitions(tz, lead_in, span_end)?;
    let split = all.partition_point(|o| o.onset < span_start);
    let opening = match split.checked_sub(1).and_then(|i| all.get(i)) {
        Some(previous) => previous.clone(),
        None => {
            let offset = zone_offset(tz, lead_in)?;
            Observance { onset: lead_in, daylight: offset.daylight, offset_from: offset.total, offset_to: offset.total, name: offset.name }
        }
    };
    let mut result = vec![opening];
    result.extend(all.into_iter().skip(split));
    Some(result)
}

/// One VTIMEZONE with the observances of every run: each run's opening one and its changes.
fn write_vtimezone(out: &mut String, tz: Tz, runs: &[YearRun]) -> Result<(), IcalError> {
    let context = || format!("VTIMEZONE {}", tz.name());
    let mut list: Vec<Observance> = Vec::new();
    for &(first, last) in runs {
        let run = observances(tz, first, last).ok_or_else(|| out_of_range(context()))?;
        // Runs are at least a year apart, so only a run's opening observance can repeat the
        // previous run's last one (when it was found in the year between them).
        let after = list.last().map_or(i64::MIN, |last| last.onset);
        list.extend(run.into_iter().filter(|o| o.onset > after));
    }
    push_line(out, "BEGIN:VTIMEZONE");
    push_text(out, "TZID", tz.name());
    for observance in &list {
        write_observance(out, observance).ok_or_else(|| out_of_range(context()))?;
    }
    push_line(out, "END:VTIMEZONE");
    Ok(())
}

fn write_observance(out: &mut String, observance: &Observance) -> Option<()> {
    // DTSTART is the local time just before the change, i.e. in the old offset.
    let local = observance.onset.checked_add(i64::from(observance.offset_from))?;
    let dtstart = checked_date_time(DateTime::from_timestamp(local, 0)?.naive_utc())?;
    let kind = if observance.daylight { "DAYLIGHT" } else { "STANDARD" };
    push_line(out, &format!("BEGIN:{kind}"));
    push_line(out, &format!("DTSTART:{dtstart}"));
    let from = utc_offset(observance.offset_from);
    push_line(out, &format!("TZOFFSETFROM:{from}"));
    push_line(out, &format!("TZOFFSETTO:{}", utc_offset(observance.offset_to)));
    if let Some(name) = &observance.name {
        push_text(out, "TZNAME", name);
    }
    push_line(out, &format!("END:{kind}"));
    Some(())
}

/// `+HHMM`, or `+HHMMSS` when the offset has seconds (historic local mean times).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 { format!("{sign}{h:02}{m:02}") } else { format!("{sign}{h:02}{m:02}{s:02}") }
}

/// TEXT escaping (RFC 5545 §3.3.11): `\` `;` `,` escaped, LF as `\n`. CR and other control
/// characters (except TAB) are not allowed in TEXT and are dropped.
fn escape_text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\t' => escaped.push('\t'),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// URI values are not escaped, but control characters would break the line structure.
fn strip_controls(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

fn push_text(out: &mut String, name: &str, value: &str) {
    push_line(out, &format!("{name}:{}", escape_text(value)));
}

/// Appends one content line, folded so that no physical line exceeds 75 octets and no UTF-8
/// character is split; continuation lines start with one space. Ends with CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests;

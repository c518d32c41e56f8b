//! Tests of the iCalendar writer: escaping, folding, zones and SEQUENCE memory.

use super::*;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    match Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single() {
        Some(dt) => dt,
        None => panic!("bad test date"),
    }
}

fn event(uid: &str) -> CalendarEvent {
    CalendarEvent {
        uid: uid.to_owned(),
        dtstamp: utc(2026, 12, 1, 10, 0),
        start: utc(2027, 3, 8, 8, 0),
        end: utc(2027, 3, 8, 14, 30),
        summary: "Kurs".to_owned(),
        location: Some("Kulturhuset".to_owned()),
        url: Some("https://example.org/kurs?a=1,2".to_owned()),
        description: None,
        status: EventStatus::Confirmed,
        sequence: 0,
        all_day: false,
    }
}

fn calendar(tz: Tz, events: Vec<CalendarEvent>) -> Calendar {
    Calendar { name: "Planverk, kurs".to_owned(), prodid_version: "0.4.2".to_owned(), timezone: tz, events }
}

fn write(cal: &Calendar) -> String {
    match write_calendar(cal) {
        Ok(s) => s,
        Err(e) => panic!("write_calendar failed: {e}"),
    }
}

fn one_line(line: &str) -> String {
    let mut out = String::new();
    push_line(&mut out, line);
    out
}

/// Every physical line must be at most 75 octets and valid UTF-8 on its own.
fn check_physical_lines(text: &str) {
    let body = text.strip_suffix("\r\n").unwrap_or(text);
    for (i, line) in body.as_bytes().split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(line.len() <= MAX_LINE_OCTETS, "line {i} has {}", line.len());
        assert!(std::str::from_utf8(line).is_ok(), "line {i} is not UTF-8");
    }
}

/// Checks one folded content line and returns it unfolded.
fn unfold(folded: &str) -> String {
    check_physical_lines(folded);
    assert!(folded.ends_with("\r\n"));
    assert_eq!(folded.matches("\r\n").count(), folded.matches("\r\n ").count() + 1);
    folded.trim_end_matches("\r\n").replace("\r\n ", "")
}

#[test]
fn folds_long_norwegian_description() {
    let text: String = "Blåbærsyltetøy på ærlig vis, ".chars().cycle().take(300).collect();
    assert_eq!(text.chars().count(), 300);
    let line = format!("DESCRIPTION:{}", escape_text(&text));
    let folded = one_line(&line);
    assert!(folded.matches("\r\n ").count() >= 4);
    assert_eq!(unfold(&folded), line);
}

#[test]
fn never_splits_emoji_at_fold_boundary() {
    // "SUMMARY:" + 66 letters = 74 octets; the 4-octet emoji would straddle octet 75.
    let title = format!("{}🎉 fest", "a".repeat(66));
    let folded = one_line(&format!("SUMMARY:{title}"));
    let first = folded.split("\r\n").next().unwrap_or("");
    assert_eq!(first.len(), 74);
    assert!(folded.contains("\r\n 🎉 fest\r\n"));
    assert_eq!(unfold(&folded), format!("SUMMARY:{title}"));
    for shift in 0..8 {
        let title = format!("{}🎉😀🎉😀 slutt", "b".repeat(60 + shift));
        let line = format!("SUMMARY:{title}");
        assert_eq!(unfold(&one_line(&line)), line);
    }
}

#[test]
fn escapes_text() {
    assert_eq!(escape_text("Kurs, del 1; A\\B\nneste linje"), "Kurs\\, del 1\\; A\\\\B\\nneste linje");
    assert_eq!(escape_text("a\r\nb\rc\u{7}d\te"), "a\\nbcd\te");
}

#[test]
fn crlf_everywhere() {
    let mut e = event("kurs-1@planverk");
    e.description = Some("Linje 1\r\nLinje 2\rLinje 3\n".repeat(10));
    e.summary = "Tittel\r\nmed linjeskift".to_owned();
    e.url = Some("https://example.org/\r\nx".to_owned());
    let out = write(&calendar(chrono_tz::Europe::Oslo, vec![e]));
    assert!(out.ends_with("END:VCALENDAR\r\n"));
    let bytes = out.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            assert_eq!(bytes.get(i.wrapping_sub(1)), Some(&b'\r'), "bare LF at {i}");
        }
        if b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}");
        }
    }
    check_physical_lines(&out);
}

#[test]
fn oslo_transitions_2026_2027() {
    let list = observances(chrono_tz::Europe::Oslo, 2026, 2027).unwrap_or_default();
    let onsets: Vec<_> = list.iter().map(|o| (o.onset, o.daylight)).collect();
    let at = |y, mo, d| utc(y, mo, d, 1, 0).timestamp();
    let expected = vec![(at(2025, 10, 26), false), (at(2026, 3, 29), true), (at(2026, 10, 25), false), (at(2027, 3, 28), true), (at(2027, 10, 31), false)];
    assert_eq!(onsets, expected);
    let out = write(&calendar(chrono_tz::Europe::Oslo, vec![event("a")]));
    assert!(out.contains(
        "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\n\
         TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"
    ));
    assert!(out.contains(
        "BEGIN:STANDARD\r\nDTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\n\
         TZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"
    ));
    assert!(out.contains("DTSTART;TZID=Europe/Oslo:20270308T090000\r\n"));
    assert!(out.contains("DTEND;TZID=Europe/Oslo:20270308T153000\r\n"));
}

#[test]
fn southern_hemisphere_zone() {
    let list = observances(chrono_tz::Australia::Sydney, 2027, 2027).unwrap_or_default();
    let summary: Vec<_> = list.iter().map(|o| (o.offset_from, o.offset_to, o.name.clone().unwrap_or_default())).collect();
    assert_eq!(summary, vec![(36000, 39600, "AEDT".to_owned()), (39600, 36000, "AEST".to_owned()), (36000, 39600, "AEDT".to_owned()),]);
}

#[test]
fn zone_without_transitions_gets_one_standard() {
    for tz in [chrono_tz::UTC, chrono_tz::Asia::Kolkata] {
        let out = write(&calendar(tz, vec![event("a")]));
        assert_eq!(out.matches("BEGIN:STANDARD").count(), 1, "{tz}");
        assert!(!out.contains("BEGIN:DAYLIGHT"));
    }
    let out = write(&calendar(chrono_tz::UTC, vec![event("a")]));
    assert!(out.contains(
        "BEGIN:STANDARD\r\nDTSTART:20260101T000000\r\nTZOFFSETFROM:+0000\r\n\
         TZOFFSETTO:+0000\r\nTZNAME:UTC\r\nEND:STANDARD\r\n"
    ));
    let kolkata = write(&calendar(chrono_tz::Asia::Kolkata, vec![event("a")]));
    assert!(kolkata.contains("TZOFFSETTO:+0530\r\nTZNAME:IST\r\n"));
}

#[test]
fn repeated_hour_is_written_in_utc() {
    let mut e = event("a");
    e.start = utc(2027, 10, 31, 0, 30); // 02:30 CEST, first occurrence
    e.end = utc(2027, 10, 31, 1, 30); // 02:30 CET, second occurrence
    let out = write(&calendar(chrono_tz::Europe::Oslo, vec![e]));
    assert!(out.contains("DTSTART;TZID=Europe/Oslo:20271031T023000\r\n"));
    assert!(out.contains("DTEND:20271031T013000Z\r\n"));
}

#[test]
fn full_output() {
    let mut cancelled = event("kurs-2@planverk");
    cancelled.status = EventStatus::Cancelled;
    cancelled.location = None;
    cancelled.url = None;
    cancelled.description = Some("Avlyst; se ny dato".to_owned());
    cancelled.sequence = 3;
    let cal = calendar(chrono_tz::UTC, vec![event("kurs-1@planverk"), cancelled]);
    let expected = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//planverk//planverk 0.4.2//NB",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Planverk\\, kurs",
        "X-WR-TIMEZONE:UTC",
        "BEGIN:VTIMEZONE",
        "TZID:UTC",
        "BEGIN:STANDARD",
        "DTSTART:20260101T000000",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0000",
        "TZNAME:UTC",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:kurs-1@planverk",
        "DTSTAMP:20261201T100000Z",
        "DTSTART;TZID=UTC:20270308T080000",
        "DTEND;TZID=UTC:20270308T143000",
        "SUMMARY:Kurs",
        "LOCATION:Kulturhuset",
        "URL:https://example.org/kurs?a=1,2",
        "STATUS:CONFIRMED",
        "SEQUENCE:0",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:kurs-2@planverk",
        "DTSTAMP:20261201T100000Z",
        "DTSTART;TZID=UTC:20270308T080000",
        "DTEND;TZID=UTC:20270308T143000",
        "SUMMARY:Kurs",
        "DESCRIPTION:Avlyst\\; se ny dato",
        "STATUS:CANCELLED",
        "SEQUENCE:3",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n");
    assert_eq!(write(&cal), expected);
}

#[test]
fn output_is_deterministic() {
    let mut second = event("b");
    second.start = utc(2026, 6, 1, 16, 0);
    second.end = utc(2026, 6, 1, 18, 0);
    second.status = EventStatus::Tentative;
    let cal = calendar(chrono_tz::Europe::Oslo, vec![event("a"), second]);
    let first = write(&cal);
    assert_eq!(first, write(&cal.clone()));
    assert!(first.find("UID:a").unwrap_or(0) < first.find("UID:b").unwrap_or(0));
    assert!(first.contains("STATUS:TENTATIVE\r\n"));
}

#[test]
fn rejects_bad_events() {
    let oslo = chrono_tz::Europe::Oslo;
    let mut backwards = event("a");
    backwards.end = utc(2027, 3, 8, 7, 0);
    assert_eq!(write_calendar(&calendar(oslo, vec![backwards])), Err(IcalError::EndBeforeStart { uid: "a".to_owned() }));
    assert_eq!(write_calendar(&calendar(oslo, vec![event("")])), Err(IcalError::EmptyUid { index: 0 }));
    assert_eq!(write_calendar(&calendar(oslo, vec![event("a"), event("a")])), Err(IcalError::DuplicateUid { uid: "a".to_owned() }));
    let mut far = event("far");
    far.end = utc(10000, 1, 1, 0, 0);
    assert!(matches!(write_calendar(&calendar(oslo, vec![far])), Err(IcalError::DateOutOfRange { .. })));
}

#[test]
fn zero_length_event_has_no_dtend_and_empty_feed_has_no_vtimezone() {
    let mut e = event("a");
    e.end = e.start;
    let out = write(&calendar(chrono_tz::Europe::Oslo, vec![e]));
    assert!(!out.contains("DTEND"));
    let empty = write(&calendar(chrono_tz::Europe::Oslo, Vec::new()));
    assert!(!empty.contains("VTIMEZONE"));
    assert!(empty.ends_with("X-WR-TIMEZONE:Europe/Oslo\r\nEND:VCALENDAR\r\n"));
}

#[test]
fn fingerprint_text() {
    let e = event("a");
    assert_eq!(e.fingerprint(), "20270308T080000Z/20270308T143000Z/CONFIRMED/Kulturhuset");
    let none = fingerprint(e.start, e.end, EventStatus::Cancelled, None);
    assert_eq!(none, "20270308T080000Z/20270308T143000Z/CANCELLED/");
}

#[test]
fn sequence_state() {
    let previous = SequenceState::new();
    let mut first = SequenceState::new();
    assert_eq!(previous.sequence_for("a", "fp1", &mut first), 0);
    assert_eq!(previous.sequence_for("b", "fp1", &mut first), 0);

    let mut second = SequenceState::new();
    assert_eq!(first.sequence_for("a", "fp1", &mut second), 0);
    assert_eq!(first.sequence_for("b", "fp2", &mut second), 1);
    assert_eq!(first.sequence_for("c", "fp1", &mut second), 0);

    let mut third = SequenceState::new();
    assert_eq!(second.sequence_for("b", "fp2", &mut third), 1);
    assert_eq!(second.sequence_for("b", "fp3", &mut third), 2);
    assert_eq!(third.get("b").map(|e| e.sequence), Some(2));
    assert_eq!(third.get("a"), None);

    let json = second.to_json();
    assert_eq!(SequenceState::from_json(&json), Ok(second.clone()));
    assert_eq!(json, second.clone().to_json());
    assert!(json.find("\"a\"").unwrap_or(0) < json.find("\"c\"").unwrap_or(0));
    assert_eq!(SequenceState::from_json("{}"), Ok(SequenceState::new()));
    assert!(SequenceState::from_json("{\"entries\": 3}").is_err());
    assert!(SequenceState::from_json("not json").is_err());
}

/// Property tests: any text survives escaping and folding and parses back unchanged.
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text heavy in what iCalendar treats specially, or any Unicode at all.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof!["[a-zæøåÆØÅ ,;:\\\\\n\r\t\u{7}\u{85}é🎉😀\u{2028}\"]{0,300}", any::<String>(),]
    }

    /// What the writer keeps of a text: control characters other than LF and TAB are dropped.
    fn kept(text: &str) -> String {
        text.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect()
    }

    /// RFC 5545 unfolding and TEXT unescaping: what a calendar program reads.
    fn parse_property(feed: &str, name: &str) -> Option<String> {
        let unfolded = feed.replace("\r\n ", "").replace("\r\n\t", "");
        let raw = unfolded.split("\r\n").find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))?;
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
        Some(out)
    }

    proptest! {
        #[test]
        fn text_parses_back_and_lines_stay_short(summary in text(), location in text(), description in text()) {
            let mut e = event("p@example.org");
            e.summary = summary.clone();
            e.location = Some(location.clone());
            e.description = Some(description.clone());
            let feed = write(&calendar(chrono_tz::Europe::Oslo, vec![e]));
            for (i, line) in feed.strip_suffix("\r\n").unwrap_or(&feed).split("\r\n").enumerate() {
                prop_assert!(line.len() <= MAX_LINE_OCTETS, "line {} has {} octets", i, line.len());
                prop_assert!(!line.contains('\r') && !line.contains('\n'), "a bare CR or LF in line {}", i);
            }
            prop_assert_eq!(parse_property(&feed, "SUMMARY"), Some(kept(&summary)));
            prop_assert_eq!(parse_property(&feed, "LOCATION"), Some(kept(&location)));
            prop_assert_eq!(parse_property(&feed, "DESCRIPTION"), Some(kept(&description)));
        }

        #[test]
        fn folding_never_splits_a_character(line in text()) {
            let line: String = line.chars().filter(|c| *c != '\r' && *c != '\n').collect();
            let folded = one_line(&line);
            // Each physical line is valid UTF-8 on its own (the bytes are split at CRLF only).
            for physical in folded.as_bytes().split(|&b| b == b'\n') {
                prop_assert!(std::str::from_utf8(physical).is_ok());
                prop_assert!(physical.len() <= MAX_LINE_OCTETS + 1, "{} octets", physical.len());
            }
            prop_assert_eq!(unfold(&folded), line);
        }
    }
}

#[test]
fn all_day_events_are_written_as_dates_without_a_time_zone() {
    let mut e = event("frist.A1.planer.x@example.org");
    e.all_day = true;
    e.start = utc(2027, 3, 31, 0, 0);
    e.end = utc(2027, 4, 1, 0, 0);
    let text = write(&calendar(chrono_tz::Europe::Oslo, vec![e]));
    assert!(text.contains("DTSTART;VALUE=DATE:20270331\r\n"), "{text}");
    assert!(text.contains("DTEND;VALUE=DATE:20270401\r\n"), "{text}");
    assert!(!text.contains("BEGIN:VTIMEZONE"), "no timed event, no zone: {text}");
}

/// A fuzz input (349 bytes: two events 5,841 years apart) took 1.3 s, because the VTIMEZONE
/// covered every day from the first year to the last. Now it covers the years with events.
#[test]
fn events_thousands_of_years_apart_cover_only_their_years() {
    let mut late = event("b");
    late.start = utc(7868, 6, 1, 8, 0);
    late.end = utc(7868, 6, 1, 9, 30);
    assert_eq!(year_runs(&[event("a"), late.clone()]), vec![(2027, 2027), (7868, 7868)]);
    let out = write(&calendar(chrono_tz::Europe::Oslo, vec![event("a"), late]));
    let block = &out[out.find("BEGIN:VTIMEZONE").unwrap_or(0)..out.find("END:VTIMEZONE").unwrap_or(0)];
    let observances = block.matches("BEGIN:STANDARD").count() + block.matches("BEGIN:DAYLIGHT").count();
    // Each run: the observance in force when it starts and that year's two changes.
    assert!(observances <= 6, "{observances} observances:\n{block}");
    let starts: Vec<&str> = block.lines().filter(|l| l.starts_with("DTSTART:")).collect();
    assert!(starts.iter().all(|l| l.starts_with("DTSTART:202") || l.starts_with("DTSTART:786")), "{starts:?}");
    // Both events still get their local times from the zone.
    assert!(out.contains("DTSTART;TZID=Europe/Oslo:20270308T090000\r\n"));
    assert!(out.contains("DTSTART;TZID=Europe/Oslo:78680601T"));
}

#[test]
fn year_runs_join_consecutive_years_and_skip_all_day_events() {
    let at = |y| {
        let mut e = event(&format!("e{y}"));
        e.start = utc(y, 5, 1, 8, 0);
        e.end = utc(y, 5, 1, 9, 0);
        e
    };
    let mut all_day = at(2040);
    all_day.all_day = true;
    let events = [at(2027), at(2028), at(2030), all_day, at(2029), at(2035)];
    assert_eq!(year_runs(&events), vec![(2027, 2030), (2035, 2035)]);
    assert!(year_runs(&[]).is_empty());
}

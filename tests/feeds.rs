//! Calendar (.ics) and Atom feeds, and the newsletter e-mail file, checked with real parsers.

mod events_site;

use events_site::{Fixture, TRICKY_TITLE, check, events, find, fristen_ute, long_summary, unescape};
use serde_json::Value;

fn by_uid<'a>(events: &'a [Value], uid_start: &str) -> &'a Value {
    events.iter().find(|e| e["uid"].as_str().is_some_and(|u| u.starts_with(uid_start))).unwrap_or_else(|| panic!("no event {uid_start}"))
}

#[test]
fn every_calendar_feed_parses_and_escapes_text() {
    let fx = Fixture::new();
    fx.build();
    let files = find(&fx.out(), ".ics");
    assert!(files.len() >= 10, "{files:?}");
    let report = check("check_ics.py", &files);
    let all = events(&report, "kalender/alle.ics");
    // 2 + 1 + 2 + 1 + 1 course sessions and 1 network meeting.
    assert_eq!(all.len(), 8, "{all:#?}");
    let s1 = by_uid(all, "s1.kurs.tricky@kurs.example.org");
    assert_eq!(s1["summary"], TRICKY_TITLE);
    assert_eq!(s1["description"], long_summary());
    assert_eq!(s1["location"], "Rådhuset, sal 1");
    assert_eq!(s1["url"], "https://kurs.example.org/kurs/tricky/");
    assert_eq!(s1["dtstart"], "2027-03-08T09:00:00+01:00");
    assert_eq!(s1["dtend"], "2027-03-08T15:30:00+01:00");
    assert_eq!(s1["dtstamp"], "2026-09-30T22:00:00+00:00", "DTSTAMP is the page date");
    let s2 = by_uid(all, "s2.kurs.tricky@");
    assert_eq!(s2["summary"], format!("{TRICKY_TITLE} – Dag 2"));
    assert!(s2["description"].as_str().is_some_and(|d| d.contains("https://meet.example.org/abc")));
    let raw = fx.read("kurs/tricky/kalender.ics");
    assert!(raw.contains("SUMMARY:Kurs\\, del 1\\; sti C:\\\\temp\\nlinje to 🎉\r\n"), "{raw}");
    assert!(raw.contains("DTSTART;TZID=Europe/Oslo:20270308T090000\r\n"));
    assert!(raw.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo\r\n"));
    let description = raw.lines().skip_while(|l| !l.starts_with("DESCRIPTION:")).take_while(|l| l.starts_with("DESCRIPTION:") || l.starts_with(' ')).count();
    assert!(description >= 5, "a 300-character description is folded over several lines");
    assert!(raw.lines().all(|l| l.len() <= 76), "75 octets plus the CR");
}

#[test]
fn statuses_and_feeds_by_district_topic_course_and_network() {
    let fx = Fixture::new();
    fx.build();
    let report = check("check_ics.py", &find(&fx.out(), ".ics"));
    let status = |file: &str| events(&report, file).iter().map(|e| e["status"].as_str().unwrap_or("").to_string()).collect::<Vec<_>>();
    assert_eq!(status("kurs/avlyst/kalender.ics"), ["CANCELLED"]);
    assert_eq!(status("kurs/utsatt/kalender.ics"), ["TENTATIVE"]);
    assert_eq!(status("kurs/fristen-ute/kalender.ics"), ["CONFIRMED", "CONFIRMED"]);
    let uids = |file: &str| events(&report, file).iter().map(|e| e["uid"].as_str().unwrap_or("").to_string()).collect::<Vec<_>>();
    let frogner = uids("kalender/bydel/frogner.ics").join(" ");
    assert!(frogner.contains(".kurs.tricky@") && frogner.contains(".kurs.gammelt@") && frogner.contains(".kurs.avlyst@"));
    assert!(frogner.contains("m1.nettverk.nett@"), "networks the district is a member of");
    assert!(!frogner.contains("fristen-ute"), "a course only for Alna");
    let alna = uids("kalender/bydel/alna.ics").join(" ");
    assert!(alna.contains("fristen-ute") && alna.contains("gammelt") && !alna.contains("tricky"));
    assert_eq!(uids("kalender/tema/overdose.ics").len(), 2);
    assert_eq!(uids("nettverk/nett/kalender.ics"), ["m1.nettverk.nett@kurs.example.org"]);
    assert!(!fx.out().join("kalender/tema/ingen.ics").exists());
}

fn sequence_of(report: &Value, file: &str) -> Vec<(String, i64, String)> {
    let mut v: Vec<(String, i64, String)> = events(report, file)
        .iter()
        .map(|e| (e["uid"].as_str().unwrap_or("").into(), e["sequence"].as_i64().unwrap_or(-1), e["dtstart"].as_str().unwrap_or("").into()))
        .collect();
    v.sort();
    v
}

#[test]
fn moving_a_session_keeps_its_uid_and_raises_sequence() {
    let fx = Fixture::new();
    fx.build();
    let first = check("check_ics.py", &[fx.out().join("kurs/fristen-ute/kalender.ics")]);
    let before = sequence_of(&first, "kalender.ics");
    assert!(before.iter().all(|(_, seq, _)| *seq == 0));
    let state = fx.read("kalender/sekvens.json");

    // Unchanged: byte-identical feeds and state.
    let feeds: Vec<String> = find(&fx.out(), ".ics").iter().map(|p| std::fs::read_to_string(p).unwrap_or_default()).collect();
    fx.build();
    let again: Vec<String> = find(&fx.out(), ".ics").iter().map(|p| std::fs::read_to_string(p).unwrap_or_default()).collect();
    assert_eq!(feeds, again);
    assert_eq!(state, fx.read("kalender/sekvens.json"));

    // Move the session without an id, move tricky's s2 and retitle tricky, reorder sessions.
    fx.write("content/kurs/fristen-ute.md", &fristen_ute("2027-01-19T10:00", "2027-01-19T13:00"));
    let tricky = std::fs::read_to_string(fx.root().join("content/kurs/tricky.md")).unwrap_or_default();
    let tricky = tricky.replace("2027-03-09T09:00", "2027-03-10T09:00").replace("2027-03-09T15:30", "2027-03-10T15:30").replacen(
        "title: \"Kurs,",
        "title: \"Nytt navn,",
        1,
    );
    fx.write("content/kurs/tricky.md", &tricky);
    fx.build();
    let second = check("check_ics.py", &[fx.out().join("kurs/fristen-ute/kalender.ics"), fx.out().join("kurs/tricky/kalender.ics")]);
    let after = sequence_of(&second, "fristen-ute/kalender.ics");
    assert_eq!(before.iter().map(|b| &b.0).collect::<Vec<_>>(), after.iter().map(|a| &a.0).collect::<Vec<_>>(), "same UIDs");
    let moved: Vec<_> = after.iter().filter(|a| a.2.starts_with("2027-01-19")).collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].1, 1, "the moved session's SEQUENCE went up");
    assert_eq!(after.iter().filter(|a| a.1 == 0).count(), 1, "the other one did not");
    let tricky = sequence_of(&second, "tricky/kalender.ics");
    assert_eq!(
        tricky.iter().map(|t| (t.0.as_str(), t.1)).collect::<Vec<_>>(),
        [("s1.kurs.tricky@kurs.example.org", 0), ("s2.kurs.tricky@kurs.example.org", 1)]
    );

    // Built again unchanged, the moved session keeps UID and SEQUENCE.
    fx.build();
    let third = check("check_ics.py", &[fx.out().join("kurs/fristen-ute/kalender.ics")]);
    assert_eq!(sequence_of(&third, "kalender.ics"), after);
}

#[test]
fn atom_feeds_parse_and_links_are_absolute() {
    let fx = Fixture::new();
    fx.build();
    let files = [fx.out().join("aktuelt/atom.xml"), fx.out().join("nyhetsbrev/atom.xml")];
    let report = check("check_atom.py", &files);
    let news = &report["feeds"][0]["entries"];
    assert_eq!(news.as_array().map(Vec::len), Some(2));
    assert_eq!(news[0]["link"], "https://kurs.example.org/aktuelt/b/", "newest first");
    assert_eq!(news[0]["updated"], "2026-11-21T00:00:00+01:00");
    let xml = fx.read("aktuelt/atom.xml");
    assert!(xml.contains("https://kurs.example.org/kurs/"), "links in content are absolute");
    let home = unescape(&fx.read("index.html"));
    assert!(home.contains(r#"<link rel="alternate" type="application/atom+xml""#) && home.contains(r#"href="/aktuelt/atom.xml""#));
    let list = unescape(&fx.read("nyhetsbrev/index.html"));
    assert!(list.contains(r#"href="/nyhetsbrev/atom.xml""#));
    let first = fx.read("aktuelt/atom.xml");
    fx.build();
    assert_eq!(first, fx.read("aktuelt/atom.xml"), "deterministic");
}

#[test]
fn newsletter_issue_lists_news_and_has_an_email_version() {
    let fx = Fixture::new();
    fx.build();
    let page = fx.read("nyhetsbrev/nr-1/index.html");
    assert!(page.contains("Nyhet A") && !page.contains("Nyhet B"), "only news from the covered period");
    let mail = unescape(&fx.read("nyhetsbrev/nr-1/epost.html"));
    assert!(!mail.to_lowercase().contains("<script"));
    assert!(!mail.contains("<link") && !mail.contains("<style"), "inline CSS only");
    assert!(mail.contains("style=\""));
    assert!(mail.contains(r#"href="https://kurs.example.org/aktuelt/a/""#));
    for href in mail.split("href=\"").skip(1) {
        assert!(href.starts_with("https://") || href.starts_with("mailto:"), "relative link in e-mail: {href:.40}");
    }
}

#[test]
fn example_site_feeds_validate() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let Ok(out) = tempfile::tempdir() else { panic!("no temp dir") };
    let out = out.path().join("public");
    events_site::build(root, &out);
    let ics = find(&out, ".ics");
    let report = check("check_ics.py", &ics);
    let total: usize = report["files"].as_array().map_or(0, |f| f.iter().map(|f| f["events"].as_array().map_or(0, Vec::len)).sum());
    assert!(total > 50, "{total} events");
    check("check_atom.py", &find(&out, "atom.xml"));
}

//! The course catalogue and course pages: upcoming vs past, static filter pages, deadlines,
//! sessions in Norwegian, calendar links.

mod events_site;

use events_site::{Fixture, unescape};

/// The part of `html` from `start` up to `end` (or the rest).
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start:?}"));
    let rest = &html[from..];
    rest.find(end).map_or(rest, |to| &rest[..to])
}

/// Titles of the course cards in `html`, in order.
fn cards(html: &str) -> Vec<String> {
    html.split("<li class=\"card card-course")
        .skip(1)
        .filter_map(|c| c.split_once("class=\"card-title\"><a href=\"").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once("\">").and_then(|(_, t)| t.split_once("</a>")).map(|(t, _)| t.to_string()))
        .collect()
}

#[test]
fn catalogue_splits_upcoming_and_past() {
    let fx = Fixture::new();
    fx.build();
    let html = fx.read("kurs/index.html");
    let upcoming = cards(between(&html, "id=\"upcoming-title\"", "id=\"past-title\""));
    assert_eq!(upcoming, ["Fristen er ute", "Kurs, del 1; sti C:\\temp\nlinje to 🎉", "Avlyst fagdag", "Utsatt webinar"]);
    let past = between(&html, "id=\"past-title\"", "</section>");
    assert_eq!(cards(past), ["Gammelt seminar"]);
    assert!(past.contains("Gjennomført") && past.contains("Lysark"), "past status and materials");
    assert!(html.contains("Avlyst") && html.contains("Utsatt") && html.contains("Venteliste") && html.contains("Åpen for påmelding"));
}

#[test]
fn static_filter_pages_list_the_right_courses() {
    let fx = Fixture::new();
    fx.build();
    let titles = |page: &str| {
        let mut t = cards(&fx.read(&format!("kurs/{page}/index.html")));
        t.sort();
        t
    };
    assert_eq!(titles("tema/overdose"), ["Kurs, del 1; sti C:\\temp\nlinje to 🎉"]);
    assert_eq!(titles("bydel/alna"), ["Avlyst fagdag", "Fristen er ute", "Gammelt seminar", "Utsatt webinar"]);
    assert_eq!(titles("bydel/frogner").len(), 4);
    assert_eq!(titles("format/seminar"), ["Avlyst fagdag", "Gammelt seminar"]);
    assert_eq!(titles("maned/2027-01"), ["Fristen er ute"]);
    assert_eq!(titles("malgruppe/laerere"), ["Fristen er ute"]);
    let index = unescape(&fx.read("kurs/index.html"));
    for link in ["/kurs/tema/overdose/", "/kurs/bydel/alna/", "/kurs/format/webinar/", "/kurs/maned/2027-03/", "/kurs/malgruppe/laerere/"] {
        assert!(index.contains(&format!("href=\"{link}\"")), "filter link {link}");
    }
    assert!(index.contains("data-course-filter hidden"), "the JS form is hidden without JavaScript");
    assert!(index.contains("data-bydel=\"alna\"") && index.contains("data-bydel=\"all\""));
    let alna = unescape(&fx.read("kurs/bydel/alna/index.html"));
    assert!(alna.contains("webcal://kurs.example.org/kalender/bydel/alna.ics"));
}

#[test]
fn passed_registration_deadlines_are_marked() {
    let fx = Fixture::new();
    fx.build();
    let html = fx.read("kurs/index.html");
    let late = between(&html, "Fristen er ute</a>", "</li>");
    assert!(late.contains("deadline-passed") && late.contains("fristen er ute"));
    let open = between(&html, "linje to 🎉</a>", "</li>");
    assert!(open.contains("20. februar 2027") && !open.contains("deadline-passed"));
    let page = fx.read("kurs/fristen-ute/index.html");
    assert!(page.contains("deadline-passed"));
}

#[test]
fn course_page_shows_sessions_registration_and_calendar_links() {
    let fx = Fixture::new();
    fx.build();
    let html = unescape(&fx.read("kurs/tricky/index.html"));
    assert!(html.contains("mandag 8. mars 2027 kl. 09.00–15.30"));
    assert!(html.contains("tirsdag 9. mars 2027 kl. 09.00–15.30"));
    assert!(html.contains("Rådhuset, sal 1") && html.contains("https://meet.example.org/abc"));
    assert!(html.contains("https://example.org/meld-på") && html.contains("500 kr") && html.contains("Kari Nordmann"));
    assert!(html.contains("href=\"/planer/plan/#G1\""), "the plan item it carries out");
    assert!(html.contains("href=\"/kurs/tricky/kalender.ics\"") && html.contains("webcal://kurs.example.org/kurs/tricky/kalender.ics"));
    assert!(fx.out().join("kurs/tricky/kalender.ics").exists());
    let topic = unescape(&fx.read("tema/overdose/index.html"));
    assert!(topic.contains("webcal://kurs.example.org/kalender/tema/overdose.ics"));
    let network = unescape(&fx.read("nettverk/nett/index.html"));
    assert!(network.contains("href=\"/bydeler/frogner/\"") && network.contains("Uteseksjonen") && network.contains("/nettverk/nett/kalender.ics"));
}

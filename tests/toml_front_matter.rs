//! TOML front matter between `+++` lines (as Zola and Hugo sites write it): every kind builds
//! from it, and its mistakes get the same codes, suggestions and help as YAML's, at the TOML's
//! own line and column.

mod common;

use common::Site;

#[test]
fn every_kind_builds_from_toml() {
    let site = Site::new()
        .file("content/planer/_index.md", "+++\ntitle = \"Planer\"\nkind = \"plan\"\n+++\nPlanene.\n")
        .file(
            "content/planer/by.md",
            "+++\ntitle = \"Byplan\"\nplan_type = \"strategy\"\nlevel = \"city\"\nperiod = \"2025-2028\"\n\n[[strategies]]\nid = \"S1\"\ntitle = \"Forebygging\"\n\n[[strategies.measures]]\nid = \"S1-A\"\ntitle = \"Tiltak A\"\ndeadline = \"2027-Q2\"\nstatus = \"ongoing\"\nresponsible = [\"Bydelene\"]\n+++\nOm planen.\n",
        )
        .file("content/bydeler/nord.md", "+++\ntitle = \"Nord\"\nkind = \"district\"\nnumber = 3\n\n[contact]\nemail = \"nord@example.org\"\n+++\n")
        .file(
            "content/kurs/mi.md",
            "+++\ntitle = \"MI-kurs\"\nkind = \"course\"\nformat = \"course\"\ndistricts = [\"nord\"]\nimplements = [\"planer/by#S1-A\"]\n\n[[sessions]]\nstart = 2027-03-08T09:00:00\nend = 2027-03-08T15:00:00\nlocation = \"Rådhuset\"\n\n[registration]\nurl = \"https://kurs.example.org\"\ndeadline = 2027-03-01\n+++\nKurset.\n",
        )
        .file("content/nettverk/n.md", "+++\ntitle = \"Nettverk\"\nkind = \"network\"\nmembers = [\"nord\"]\n+++\n")
        .file("content/tilbud/t.md", "+++\ntitle = \"Tilbud\"\nkind = \"service\"\ndistricts = [\"nord\"]\nopening_hours = \"9–15\"\n+++\n")
        .file("content/aktuelt/a.md", "+++\ntitle = \"Nyhet\"\nkind = \"news\"\ndate = 2026-11-01\ntopics = [\"Rus\"]\n+++\nTekst.\n")
        .file("content/nyhetsbrev/1.md", "+++\ntitle = \"Nyhetsbrev 1\"\nkind = \"newsletter\"\nissue = \"1/2026\"\n\n[covers]\nfrom = 2026-10-01\nto = 2026-12-31\n+++\n");
    site.build().assert_ok();
    let course = site.output("kurs/mi/index.html");
    assert!(course.contains("MI-kurs") && course.contains("Rådhuset"), "{course}");
    assert!(site.output("kurs/mi/kalender.ics").contains("DTSTART;TZID=Europe/Oslo:20270308T090000"));
    let plan = site.output("planer/by/index.html");
    assert!(plan.contains("id=\"S1-A\"") && plan.contains("Tiltak A"), "{plan}");
    assert!(site.output("bydeler/nord/index.html").contains("nord@example.org"));
    assert!(site.output("nyhetsbrev/1/index.html").contains("Nyhet"), "the issue lists the news of its period");
    assert!(site.output("tema/rus/index.html").contains("Nyhet"));
}

/// The one error of a site with `path` written as `text`.
fn error_of(path: &str, text: &str) -> common::Diag {
    Site::new().file(path, text).single_error()
}

#[test]
fn toml_mistakes_get_the_yaml_codes_and_suggestions_at_their_place() {
    let pairs = [
        // (YAML, TOML, TOML line, TOML column): an unknown field, suggesting the close one.
        ("---\ntitle: A\ntittel: B\n---\n", "+++\ntitle = \"A\"\ntittel = \"B\"\n+++\n", 3, 1),
        // A field of another kind: the help names the kind.
        ("---\ntitle: A\nsessions: []\n---\n", "+++\ntitle = \"A\"\nsessions = []\n+++\n", 3, 1),
        // A bad date, at the value.
        ("---\ntitle: A\ndate: 2027-13-45\n---\n", "+++\ntitle = \"A\"\ndate = \"2027-13-45\"\n+++\n", 3, 8),
        // The wrong type of value.
        ("---\ntitle: A\ntopics: rus\n---\n", "+++\ntitle = \"A\"\ntopics = \"rus\"\n+++\n", 3, 10),
        // A slug with capitals, at the value.
        ("---\ntitle: A\nslug: Ære\n---\n", "+++\ntitle = \"A\"\nslug = \"Ære\"\n+++\n", 3, 8),
    ];
    for (yaml, toml, line, column) in pairs {
        let y = error_of("content/a.md", yaml);
        let t = error_of("content/a.md", toml);
        assert_eq!((t.code.as_str(), t.help()), (y.code.as_str(), y.help()), "{toml:?}");
        assert_eq!(t.message, y.message, "{toml:?}");
        assert_eq!(t.at(), ("content/a.md", line, column), "{toml:?}: {t:#?}");
    }
    let unknown = error_of("content/a.md", "+++\ntitle = \"A\"\ntittel = \"B\"\n+++\n");
    assert_eq!(unknown.code, "E-UNKNOWN-FIELD");
    assert!(unknown.help().contains("`title`"), "{unknown:#?}");
    let other = error_of("content/a.md", "+++\ntitle = \"A\"\nsessions = []\n+++\n");
    assert!(other.help().contains("`course`"), "{other:#?}");
}

#[test]
fn nested_toml_mistakes_point_into_the_table() {
    let e =
        error_of("content/kurs/mi.md", "+++\ntitle = \"MI\"\nkind = \"course\"\n\n[[sessions]]\nstart = 2027-03-08T15:00:00\nend = 2027-03-08T09:00:00\n+++\n");
    assert_eq!(e.code, "E-DATE-ORDER");
    assert_eq!(e.line, 7, "the session's `end`: {e:#?}");
    let e = error_of("content/kurs/mi.md", "+++\ntitle = \"MI\"\nkind = \"course\"\n\n[registration]\nurll = \"https://x.example.org\"\n+++\n");
    assert_eq!((e.code.as_str(), e.line, e.column), ("E-UNKNOWN-FIELD", 6, 1), "{e:#?}");
    assert!(e.help().contains("`url`"), "{e:#?}");
}

#[test]
fn toml_syntax_errors_and_missing_fields() {
    let e = error_of("content/a.md", "+++\ntitle = \"A\"\ntitle = \"B\"\n+++\n");
    assert_eq!((e.code.as_str(), e.line), ("E-DUPLICATE-FIELD", 3), "{e:#?}");
    let e = error_of("content/a.md", "+++\ntitle = A\n+++\n");
    assert_eq!((e.code.as_str(), e.line), ("E-TOML", 2), "{e:#?}");
    assert!(e.help().contains("quotes"), "{e:#?}");
    let e = error_of("content/a.md", "+++\nsummary = \"x\"\n+++\n");
    assert_eq!(e.code, "E-MISSING-FIELD");
    let e = error_of("content/a.md", "+++\ntitle = \"A\"\n");
    assert_eq!(e.code, "E-FRONT-MATTER");
    assert!(e.help().contains("+++"), "{e:#?}");
}

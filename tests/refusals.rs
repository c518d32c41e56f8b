//! One fixture per refusal in the content model ("What the engine must refuse"): each is
//! reported by `check` with the right file, line, column and a message an editor understands.

mod common;

use common::Site;

const PLAN: &str = "content/planer/a.md";

/// A site whose `planer/` section makes its pages plans.
fn plans() -> Site {
    Site::new().file("content/planer/_index.md", "---\ntitle: Planer\nkind: plan\n---\n")
}

#[test]
fn malformed_yaml() {
    let site = Site::new().file("content/a.md", "---\ntitle: A\nsummary: x\n  bad: indent\n---\nBody\n");
    let e = site.single_error();
    assert_eq!(e.file, "content/a.md");
    assert_eq!(e.line, 4, "{e:#?}");
    assert_eq!(e.code, "E-YAML", "{e:#?}");
    assert!(!e.help().is_empty());
    // The text output says where, too.
    let run = site.check();
    run.assert_fails();
    assert!(run.stderr.contains("content/a.md:4"), "{}", run.describe());
    assert!(run.stderr.contains("error[E-YAML]"), "the text output shows the code:\n{}", run.describe());
}

#[test]
fn unclosed_quote_is_located() {
    let site = Site::new().file("content/a.md", "---\ntitle: A\nsummary: \"never closed\ndate: 2027-01-01\n---\nBody\n");
    let e = site.single_error();
    assert_eq!(e.file, "content/a.md");
    assert!((3..=5).contains(&e.line), "{e:#?}");
    assert_eq!(e.code, "E-YAML", "{e:#?}");
}

#[test]
fn missing_title() {
    let e = Site::new().file("content/a.md", "---\nsummary: Om oss\n---\nBody\n").single_error();
    assert_eq!(e.at(), ("content/a.md", 1, 1));
    assert_eq!(e.code, "E-MISSING-FIELD", "{e:#?}");
    assert!(e.help().contains("title:"), "{e:#?}");
}

#[test]
fn empty_title() {
    let e = Site::new().file("content/a.md", "---\ntitle: \"  \"\n---\nBody\n").single_error();
    assert_eq!((e.line, e.column), (2, 8), "{e:#?}");
    assert_eq!(e.code, "E-MISSING-FIELD", "{e:#?}");
}

#[test]
fn unknown_field_suggests_the_known_one() {
    let e = Site::new().file("content/a.md", "---\nsummary: x\ntittel: Hei\n---\nBody\n").single_error();
    assert_eq!(e.at(), ("content/a.md", 3, 1), "{e:#?}");
    assert_eq!(e.code, "E-UNKNOWN-FIELD", "{e:#?}");
    assert!(e.message.contains("`tittel`"), "the message names the field: {e:#?}");
    assert_eq!(e.help(), "did you mean `title`?");
    assert_eq!(e.source_line.as_deref(), Some("tittel: Hei"));
}

#[test]
fn unknown_field_of_a_kind_names_the_fields() {
    let e = plans().page(PLAN, "title: A\nplan_typ: strategy", "").single_error();
    assert_eq!(e.at(), (PLAN, 3, 1), "{e:#?}");
    assert_eq!(e.code, "E-UNKNOWN-FIELD", "{e:#?}");
    assert_eq!(e.help(), "did you mean `plan_type`?");
}

#[test]
fn unknown_field_inside_an_item() {
    let yaml = "title: A\ngoals:\n  - id: G1\n    title: Mål\n    statuss: done\n";
    let e = plans().page(PLAN, yaml, "").single_error();
    assert_eq!(e.at(), (PLAN, 6, 5), "{e:#?}");
    assert_eq!(e.code, "E-UNKNOWN-FIELD", "{e:#?}");
    assert!(e.message.contains("`statuss`"), "the message names the field: {e:#?}");
    assert_eq!(e.help(), "did you mean `status`?");
}

#[test]
fn unknown_kind() {
    let e = Site::new().page("content/a.md", "title: A\nkind: planx", "").single_error();
    assert_eq!(e.at(), ("content/a.md", 3, 7), "{e:#?}");
    assert_eq!(e.code, "E-UNKNOWN-KIND", "{e:#?}");
    assert!(e.message.contains("`planx`"), "{e:#?}");
    assert!(e.help().contains("did you mean `plan`?"), "{e:#?}");
}

#[test]
fn unknown_kind_in_a_section() {
    let e = Site::new().page("content/x/_index.md", "title: X\nkind: kurs", "").single_error();
    assert_eq!(e.at(), ("content/x/_index.md", 3, 7), "{e:#?}");
    assert_eq!(e.code, "E-UNKNOWN-KIND", "{e:#?}");
}

#[test]
fn bad_date() {
    let e = Site::new().page("content/a.md", "title: A\ndate: 2027-13-45", "").single_error();
    assert_eq!(e.at(), ("content/a.md", 3, 7), "{e:#?}");
    assert_eq!(e.code, "E-DATE", "{e:#?}");
    assert!(!e.help().is_empty());
}

#[test]
fn bad_date_words() {
    let e = Site::new().page("content/a.md", "title: A\nupdated: neste uke", "").single_error();
    assert_eq!(e.at(), ("content/a.md", 3, 10), "{e:#?}");
    assert_eq!(e.code, "E-DATE", "{e:#?}");
}

#[test]
fn session_that_ends_before_it_starts() {
    let yaml = "title: Kurs\nkind: course\nsessions:\n  - start: 2027-03-08T12:00\n    end: 2027-03-08T09:00\n";
    let e = Site::new().page("content/k.md", yaml, "").single_error();
    assert_eq!(e.at(), ("content/k.md", 6, 10), "{e:#?}");
    assert_eq!(e.code, "E-DATE-ORDER", "{e:#?}");
}

#[test]
fn session_missing_end() {
    let yaml = "title: Kurs\nkind: course\nsessions:\n  - start: 2027-03-08T12:00\n";
    let e = Site::new().page("content/k.md", yaml, "").single_error();
    assert_eq!(e.file, "content/k.md");
    assert!((4..=5).contains(&e.line), "{e:#?}");
    assert_eq!(e.code, "E-MISSING-FIELD", "{e:#?}");
    assert!(e.message.contains("`end`"), "the message names the field: {e:#?}");
}

#[test]
fn duplicate_item_id_within_a_plan() {
    let yaml = "title: A\ngoals:\n  - id: G1\n    title: En\nstrategies:\n  - id: S1\n    title: S\n    measures:\n      - id: G1\n        title: To\n";
    let e = plans().page(PLAN, yaml, "").single_error();
    assert_eq!(e.at(), (PLAN, 10, 13), "{e:#?}");
    assert_eq!(e.code, "E-DUPLICATE-ID", "{e:#?}");
    assert!(e.message.contains("`G1`") && e.message.contains('4'), "the message names the id and the first line: {e:#?}");
}

#[test]
fn same_id_in_two_plans_is_fine() {
    let yaml = "title: A\ngoals:\n  - id: G1\n    title: En\n";
    let site = plans().page(PLAN, yaml, "").page("content/planer/b.md", &yaml.replace("A", "B"), "");
    site.check().assert_ok();
    let (_, diags) = site.check_json();
    assert!(diags.iter().all(|d| d.code != "E-DUPLICATE-ID"), "{diags:#?}");
    site.build().assert_ok();
    for page in ["planer/a/index.html", "planer/b/index.html"] {
        assert!(site.output(page).contains("id=\"G1\""), "{page} has its own G1");
    }
}

#[test]
fn two_pages_with_the_same_url() {
    let site = Site::new().page("content/om/a.md", "title: A\nslug: b", "").page("content/om/b.md", "title: B", "");
    let e = site.single_error();
    let files = ["content/om/a.md", "content/om/b.md"];
    assert!(files.contains(&e.file.as_str()), "{e:#?}");
    let other = files.iter().find(|f| **f != e.file).unwrap();
    assert_eq!(e.code, "E-ADDRESS-CLASH", "{e:#?}");
    assert!(e.message.contains(other), "the message should name the other file: {e:#?}");
    assert!(e.message.contains("/om/b/"), "{e:#?}");
}

#[test]
fn reference_to_a_missing_page() {
    let yaml = "title: A\nimplements: planer/finnes-ikke";
    let e = plans().page(PLAN, yaml, "").single_error();
    assert_eq!(e.at(), (PLAN, 3, 13), "{e:#?}");
    assert_eq!(e.code, "E-MISSING-PAGE", "{e:#?}");
    assert!(e.message.contains("planer/finnes-ikke"), "{e:#?}");
}

#[test]
fn reference_to_a_missing_page_suggests_near_paths() {
    let site = plans().page("content/planer/strategi.md", "title: S", "").page(PLAN, "title: A\nimplements: planer/strategy", "");
    let e = site.single_error();
    assert_eq!(e.code, "E-MISSING-PAGE", "{e:#?}");
    assert!(e.help().contains("planer/strategi"), "{e:#?}");
}

#[test]
fn reference_to_a_missing_item() {
    let city = "title: By\ngoals:\n  - id: M1\n    title: En\n  - id: M2\n    title: To\n  - id: X9\n    title: Tre\n";
    let district = "title: Bydel\ngoals:\n  - id: D1\n    title: Lokal\n    implements: [planer/by#M3]\n";
    let site = plans().page("content/planer/by.md", city, "").page(PLAN, district, "");
    let e = site.single_error();
    assert_eq!(e.at(), (PLAN, 6, 18), "{e:#?}");
    assert_eq!(e.code, "E-MISSING-ANCHOR", "{e:#?}");
    assert!(e.message.contains("`M3`"), "{e:#?}");
    assert!(e.help().contains("M1") && e.help().contains("M2"), "help should name the nearest ids: {e:#?}");
}

#[test]
fn course_reference_to_a_missing_item() {
    let city = "title: By\ngoals:\n  - id: M1\n    title: En\n";
    let site = plans().page("content/planer/by.md", city, "").page("content/kurs/k.md", "title: K\nkind: course\nimplements:\n  - planer/by#M2\n", "");
    let e = site.single_error();
    assert_eq!(e.at(), ("content/kurs/k.md", 5, 5), "{e:#?}");
    assert_eq!(e.code, "E-MISSING-ANCHOR", "{e:#?}");
    assert!(e.help().contains("M1"), "{e:#?}");
}

#[test]
fn at_link_in_the_body_to_a_missing_page() {
    let body = "Første avsnitt.\n\nSe [planen](@/planer/mangler.md) for mer.\n";
    let e = Site::new().page("content/a.md", "title: A\nsummary: x", body).single_error();
    // Front matter: lines 1-4; body starts on line 5; the link is on line 7, column 4.
    assert_eq!(e.at(), ("content/a.md", 7, 4), "{e:#?}");
    assert_eq!(e.code, "E-MISSING-PAGE", "{e:#?}");
    assert!(e.message.contains("planer/mangler"), "{e:#?}");
}

#[test]
fn at_link_in_the_body_to_a_missing_item() {
    let city = "title: By\ngoals:\n  - id: M1\n    title: En\n";
    let site = plans().page("content/planer/by.md", city, "").page("content/a.md", "title: A", "Tekst\n\n[mål](@/planer/by.md#M9)\n");
    let e = site.single_error();
    assert_eq!(e.at(), ("content/a.md", 6, 1), "{e:#?}");
    assert_eq!(e.code, "E-MISSING-ANCHOR", "{e:#?}");
    assert!(e.message.contains("M9"), "{e:#?}");
    assert!(e.help().contains("M1"), "{e:#?}");
}

#[test]
fn at_link_to_an_existing_page_builds() {
    let site = Site::new().page("content/b.md", "title: B", "").page("content/a.md", "title: A", "Se [b](@/b.md).\n");
    site.build().assert_ok();
    assert!(site.output("a/index.html").contains("href=\"/b/\""), "{}", site.output("a/index.html"));
}

#[test]
fn district_key_without_a_district_page() {
    let site =
        Site::new().page("content/bydeler/frogner.md", "title: Frogner\nkind: district", "").page("content/a.md", "title: A\ndistricts: [frogner, frognr]", "");
    let e = site.single_error();
    assert_eq!(e.at(), ("content/a.md", 3, 22), "{e:#?}");
    assert_eq!(e.code, "E-UNKNOWN-DISTRICT", "{e:#?}");
    assert!(e.message.contains("`frognr`"), "{e:#?}");
    assert!(e.help().contains("frogner"), "{e:#?}");
}

#[test]
fn plan_district_without_a_district_page() {
    let e = plans().page(PLAN, "title: A\ndistrict: atlantis", "").single_error();
    assert_eq!(e.at(), (PLAN, 3, 11), "{e:#?}");
    assert_eq!(e.code, "E-UNKNOWN-DISTRICT", "{e:#?}");
    assert!(e.message.contains("atlantis"), "{e:#?}");
}

#[test]
fn bad_slug() {
    let e = Site::new().page("content/a.md", "title: A\nslug: Om Oss!", "").single_error();
    assert_eq!(e.at(), ("content/a.md", 3, 7), "{e:#?}");
    assert_eq!(e.code, "E-SLUG", "{e:#?}");
    assert!(e.help().contains("om-oss"), "{e:#?}");
}

#[test]
fn slug_with_a_slash_or_capitals() {
    for slug in ["a/b", "Abc", "æøå", "a_b", ".."] {
        let e = Site::new().page("content/a.md", &format!("title: A\nslug: \"{slug}\""), "").single_error();
        assert_eq!(e.at(), ("content/a.md", 3, 7), "{slug}: {e:#?}");
        assert_eq!(e.code, "E-SLUG", "{slug}: {e:#?}");
    }
}

#[test]
fn file_that_is_not_utf8() {
    let site = Site::new().bytes("content/a.md", b"---\ntitle: K\xf8benhavn\n---\nBody\n");
    let e = site.single_error();
    assert_eq!(e.at(), ("content/a.md", 2, 9), "{e:#?}");
    assert_eq!(e.code, "E-ENCODING", "{e:#?}");
    assert!(e.help().contains("UTF-8"));
}

#[test]
fn unknown_config_key() {
    let config = format!("{}outputdir = \"out\"\n", common::DEFAULT_CONFIG);
    let e = Site::new().config(&config).page("content/a.md", "title: A", "").single_error();
    assert_eq!(e.at(), ("config.toml", 5, 1), "{e:#?}");
    assert_eq!(e.code, "E-UNKNOWN-FIELD", "{e:#?}");
    assert!(e.message.contains("`outputdir`"), "{e:#?}");
    assert_eq!(e.help(), "did you mean `output_dir`?");
}

#[test]
fn config_missing_or_broken() {
    let site = Site::empty().page("content/a.md", "title: A", "");
    let e = site.single_error();
    assert_eq!((e.file.as_str(), e.code.as_str()), ("config.toml", "E-READ"), "{e:#?}");
    assert!(e.help().contains("planverk init"), "{e:#?}");
    let e = Site::new().config("title = \"x\"\nbase_url = \n").single_error();
    assert_eq!((e.file.as_str(), e.line, e.code.as_str()), ("config.toml", 2, "E-TOML"), "{e:#?}");
    let e = Site::new().config("title = \"x\"\n").single_error();
    assert_eq!(e.code, "E-MISSING-FIELD", "{e:#?}");
    assert!(e.message.contains("`base_url`"), "{e:#?}");
    let e = Site::new().config("title = \"x\"\nbase_url = \"korus.no\"\n").single_error();
    assert_eq!((e.file.as_str(), e.line, e.code.as_str()), ("config.toml", 2, "E-CONFIG-VALUE"), "{e:#?}");
}

#[test]
fn bad_enum_value_suggests() {
    let e = plans().page(PLAN, "title: A\nstatus: adoptd", "").single_error();
    assert_eq!(e.at(), (PLAN, 3, 9), "{e:#?}");
    assert_eq!(e.code, "E-UNKNOWN-VALUE", "{e:#?}");
    assert!(e.help().contains("did you mean `adopted`?"), "{e:#?}");
}

/// A site with one problem in each of several files.
fn many_problems() -> Site {
    plans()
        .page("content/a.md", "tittel: A", "")
        .page("content/b.md", "title: B\ndate: 2027-02-30", "")
        .page("content/c.md", "title: C\nslug: C C", "Se [x](@/mangler.md)\n")
        .page(PLAN, "title: P\ngoals:\n  - id: G1\n    title: En\n  - id: G1\n    title: To\n", "")
        .bytes("content/d.md", b"---\ntitle: \xff\n---\n")
        .page("content/e.md", "title: E\ndistricts: [ingen]", "")
}

#[test]
fn check_reports_every_error_at_once() {
    let site = many_problems();
    let (run, diags) = site.check_json();
    assert_eq!(run.code, Some(1), "{}", run.describe());
    let at: Vec<(&str, u32)> = diags.iter().map(|d| (d.file.as_str(), d.line)).collect();
    let coded: Vec<(&str, u32, &str)> = diags.iter().map(|d| (d.file.as_str(), d.line, d.code.as_str())).collect();
    let want = [
        ("content/a.md", 2, "E-UNKNOWN-FIELD"),
        ("content/b.md", 3, "E-DATE"),
        ("content/c.md", 3, "E-SLUG"),
        ("content/d.md", 2, "E-ENCODING"),
        ("content/e.md", 3, "E-UNKNOWN-DISTRICT"),
        (PLAN, 6, "E-DUPLICATE-ID"),
    ];
    for w in want {
        assert!(coded.contains(&w), "missing {w:?} in {diags:#?}");
    }
    assert!(diags.iter().all(|d| d.severity == "error"), "{diags:#?}");
    assert!(diags.iter().all(|d| !d.message.is_empty()));
    // Sorted by file, then line.
    let mut sorted = at.clone();
    sorted.sort();
    assert_eq!(at, sorted);
}

#[test]
fn text_and_json_report_the_same_problems() {
    let site = many_problems();
    let (_, diags) = site.check_json();
    let text = site.check();
    text.assert_fails();
    assert!(text.stdout.contains(&format!("{} error(s)", diags.len())), "summary should count {} errors:\n{}", diags.len(), text.describe());
    for d in &diags {
        let place = if d.column > 0 { format!("{}:{}:{}", d.file, d.line, d.column) } else { format!("{}:{}", d.file, d.line) };
        assert!(text.stderr.contains(&place), "text output lacks {place}:\n{}", text.stderr);
        assert!(text.stderr.contains(&d.message), "text output lacks {:?}", d.message);
        assert!(text.stderr.contains(&format!("error[{}]: {}", d.code, d.message)), "text output lacks the code of {d:?}");
        if let Some(h) = &d.help {
            assert!(text.stderr.contains(h.as_str()), "text output lacks help {h:?}");
        }
    }
}

#[test]
fn build_refuses_the_same_problems_and_writes_nothing() {
    let site = many_problems();
    let run = site.build();
    run.assert_fails();
    assert!(run.stderr.contains("Build failed"), "{}", run.describe());
    assert!(!site.public().exists(), "a failed first build created the output folder");
}

#[test]
fn json_of_a_clean_site_is_an_empty_list() {
    let (run, diags) = Site::new().page("content/a.md", "title: A", "Hei\n").check_json();
    assert_eq!(run.code, Some(0), "{}", run.describe());
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn field_of_another_kind_names_that_kind() {
    let e = Site::new().page("content/a.md", "title: A\ncovers: {from: 2027-01-01, to: 2027-01-31}", "").single_error();
    assert_eq!(e.at(), ("content/a.md", 3, 1), "{e:#?}");
    assert_eq!(e.code, "E-UNKNOWN-FIELD", "{e:#?}");
    assert!(e.help().contains("kind: newsletter"), "{e:#?}");
}

#[test]
fn yaml_problems_are_in_plain_words() {
    let cases = [
        ("title: A\ntitle: B", (3, 1), "E-DUPLICATE-FIELD"),
        ("title: A\ndraft: kanskje", (3, 8), "E-WRONG-TYPE"),
        ("title: A\nweight: tung", (3, 9), "E-WRONG-TYPE"),
        ("title: A\ntopics: enkel", (3, 9), "E-WRONG-TYPE"),
        ("title: [a, b]", (2, 8), "E-WRONG-TYPE"),
        ("title: A\n\tsummary: x", (2, 8), "E-YAML"),
        ("title: A\nsummary: @x", (3, 10), "E-YAML"),
    ];
    for (yaml, (line, column), code) in cases {
        let e = Site::new().page("content/a.md", yaml, "").single_error();
        assert_eq!((e.line, e.column), (line, column), "{yaml:?}: {e:#?}");
        assert_eq!(e.code, code, "{yaml:?}: {e:#?}");
        assert!(!e.help().is_empty(), "{yaml:?}: {e:#?}");
        for jargon in ["scalar", "mapping", "sequence", "i64", "Option<", "DuplicateKeyPolicy"] {
            assert!(!e.message.contains(jargon) && !e.help().contains(jargon), "{yaml:?}: {e:#?}");
        }
    }
}

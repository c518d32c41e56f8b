//! Following plans up, end to end on tests/fixtures/followup: the new item fields, every
//! refusal, the follow-up page against the fixture's numbers, the coverage statuses, open
//! data checked by real parsers (jsonschema, csv, feedparser, icalendar) and sharing metadata.

mod common;
mod followup_site;

use std::path::Path;

use followup_site::{Fixture, PLAN, between, cells, python, unescape};

/// The rows of the status table that follows `heading_id` on a page: label and six numbers.
fn status_table(page: &str, after: &str) -> Vec<Vec<String>> {
    let section = &page[page.find(after).unwrap_or_else(|| panic!("no {after}"))..];
    let table = between(section, "<table class=\"status-table\">", "</table>");
    let body = &table[table.find("<tbody>").expect("tbody")..];
    body.split("<tr>").skip(1).map(cells).collect()
}

#[test]
fn followup_page_counts_match_the_fixture() {
    let fx = Fixture::new();
    fx.built();
    let page = fx.text("planer/handlingsplan/oppfolging/index.html");
    let head = between(&page, "<thead>", "</thead>");
    assert_eq!(cells(head)[1..], ["Gjennomført", "Pågår", "Planlagt", "Avlyst", "Uten status", "Totalt"]);
    let rows = status_table(&page, "id=\"status-title\"");
    let expect = [
        ["S1 Forebygging blant barn og unge", "1", "1", "1", "1", "1", "5"],
        ["S2 Tidlig innsats", "2", "2", "1", "0", "0", "5"],
        ["S3 Behandling og oppfølging", "1", "3", "0", "0", "1", "5"],
        ["S4 Kunnskap og samarbeid", "0", "1", "4", "0", "0", "5"],
        ["Totalt", "4", "7", "6", "1", "2", "20"],
    ];
    assert_eq!(rows.len(), expect.len(), "{rows:?}");
    for (row, want) in rows.iter().zip(expect) {
        assert_eq!(row, &want.map(String::from).to_vec());
    }
}

#[test]
fn chart_is_svg_with_a_text_alternative() {
    let fx = Fixture::new();
    fx.built();
    let page = fx.text("planer/handlingsplan/oppfolging/index.html");
    // The only script is the site-wide search box's; the chart and tables need none.
    let scripts: Vec<&str> = page.match_indices("<script").map(|(i, _)| &page[i..i + page[i..].find('>').unwrap()]).collect();
    assert!(scripts.iter().all(|s| s.contains("src=\"/search.") && s.contains(".js\"")), "the follow-up page needs no script of its own: {scripts:?}");
    let svg = between(&page, "<svg", "</svg>");
    assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"status-chart-title status-chart-desc\""), "{svg}");
    let desc = unescape(between(svg, "<desc id=\"status-chart-desc\">", "</desc>"));
    assert!(desc.contains("S1 Forebygging blant barn og unge: 5 tiltak; 1 gjennomført, 1 pågår, 1 planlagt, 1 avlyst, 1 uten status."), "{desc}");
    assert!(desc.contains("Totalt: 20 tiltak; 4 gjennomført, 7 pågår, 6 planlagt, 1 avlyst, 2 uten status."), "{desc}");
    // One bar per strategy and the total; segment widths follow the counts.
    assert_eq!(svg.matches("<g class=\"bar\">").count(), 5);
    let total_bar = svg.split("<g class=\"bar\">").last().unwrap();
    let total_bar = &total_bar[..total_bar.find("</g>").unwrap()];
    let widths: Vec<u32> = total_bar.split(" width=\"").skip(1).map(|w| w[..w.find('"').unwrap()].parse().unwrap()).collect();
    assert_eq!(widths, [64, 112, 96, 16, 32], "4, 7, 6, 1 and 2 of 20 on a 320-wide scale");
    // The legend names every status in words.
    for label in ["Gjennomført", "Pågår", "Planlagt", "Avlyst", "Uten status"] {
        assert!(svg.contains(&format!(">{label}</text>")), "legend lacks {label}");
    }
}

#[test]
fn overdue_recent_and_upcoming_lists() {
    let fx = Fixture::new();
    fx.built();
    let page = unescape(&fx.text("planer/handlingsplan/oppfolging/index.html"));
    let overdue = between(&page, "id=\"overdue-title\"", "</section>");
    assert!(overdue.contains("(3)"), "{overdue}");
    let ids: Vec<&str> = ["S1-M2", "S2-M3", "S3-M5"].into_iter().filter(|id| overdue.contains(&format!("#{id}\""))).collect();
    assert_eq!(ids.len(), 3, "{overdue}");
    assert!(!overdue.contains("#S1-M1\""), "done measures are not overdue");
    assert!(overdue.contains("sist oppdatert <time datetime=\"2026-10-01\">"), "{overdue}");
    let recent = between(&page, "id=\"recent-title\"", "</section>");
    assert!(recent.contains("siden <time datetime=\"2026-07-01\">"), "{recent}");
    let order: Vec<usize> =
        ["2026-12-01", "2026-10-01", "2026-09-01", "2026-08-15"].iter().map(|d| recent.find(&format!("datetime=\"{d}\"")).expect(d)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first: {recent}");
    assert!(!recent.contains("2026-02-01") && !recent.contains("2026-03-01"), "older than six months: {recent}");
    assert!(recent.contains("Forsinket, ny frist våren 2027"));
    let ahead = between(&page, "id=\"milestones-title\"", "</section>");
    let first = ahead.find("2027-02-01").expect("Plan klar");
    let second = ahead.find("2027-06-30").expect("Evaluering");
    assert!(first < second);
    assert!(!ahead.contains("Delrapport") && !ahead.contains("Oppstart"), "past and reached milestones are not ahead: {ahead}");
}

#[test]
fn plan_page_shows_each_items_timeline() {
    let fx = Fixture::new();
    fx.built();
    let page = unescape(&fx.text("planer/handlingsplan/index.html"));
    let m1 = between(&page, "id=\"S1-M1\"", "</li>\n</ul>");
    assert!(m1.contains("data-status=\"done\""), "current status is the latest update's");
    assert!(m1.contains("<time datetime=\"2026-02-01\">1. februar 2026</time> <span class=\"badge status-ongoing\">Pågår</span> Første møte holdt"), "{m1}");
    let m31 = between(&page, "id=\"S3-M1\"", "</li>\n</ul>");
    assert!(m31.contains("60 prosent gjennomført"), "{m31}");
    assert!(m31.contains("Måles gjennom:") && m31.contains("<li>Ventetid i uker</li>"), "{m31}");
    let m41 = between(&page, "id=\"S4-M1\"", "</li>\n</ul>");
    assert!(m41.contains("Oppstart (nådd)") && m41.contains("Plan klar (ikke nådd)"), "{m41}");
    assert!(page.contains("href=\"/planer/handlingsplan/oppfolging/\""), "the plan links to its follow-up page");
}

#[test]
fn coverage_page_counts_district_measures_by_status() {
    let fx = Fixture::new();
    fx.built();
    let page = fx.text("planer/byplan/dekning/index.html");
    let rows = status_table(&page, "id=\"coverage-status-title\"");
    assert_eq!(rows[0], ["Bydel Nord", "2", "1", "0", "0", "0", "3"]);
    assert_eq!(rows[1], ["Bydel Sør", "0", "1", "1", "0", "0", "2"]);
    let foot = cells(between(&page[page.find("id=\"coverage-status-title\"").unwrap()..], "<tfoot>", "</tfoot>"));
    assert_eq!(foot, ["Totalt", "2", "2", "1", "0", "0", "5"]);
    // Each cell names the measure's current status in words beside its colour.
    let row = between(&page, "<tr id=\"row-B1\"", "</tr>");
    assert!(row.contains("<span class=\"badge status-done\">Gjennomført</span>"), "S1-M1's latest update: {row}");
    assert!(row.contains("<span class=\"badge status-ongoing\">Pågår</span>"), "{row}");
    assert!(page.contains("aria-labelledby=\"district-status-chart-title district-status-chart-desc\""));
}

#[test]
fn stale_measures_are_warned_about() {
    let fx = Fixture::new();
    let (ok, _) = fx.check();
    assert!(ok, "warnings don't fail check");
    let warnings = fx.diags("warning", PLAN);
    let stale: Vec<&serde_json::Value> = warnings.iter().filter(|d| d["message"].as_str().unwrap().contains("passed its deadline")).collect();
    assert_eq!(stale.len(), 2, "{warnings:#?}");
    let text = |d: &serde_json::Value| d["message"].as_str().unwrap().to_string();
    assert!(text(stale[0]).starts_with("`S1-M2` passed its deadline (2026)") && text(stale[0]).contains("no updates"), "{stale:#?}");
    assert_eq!((stale[0]["line"].as_u64(), stale[0]["column"].as_u64()), (Some(27), Some(13)));
    assert!(text(stale[1]).starts_with("`S3-M5` passed its deadline (2025)"), "{stale:#?}");
    assert!(stale[0]["help"].as_str().unwrap().contains("updates"));
    assert!(stale.iter().all(|d| d["code"] == "W-STALE"));
    // A recent update (S2-M3, 2026-10-01) keeps an overdue measure from being warned about.
    assert!(!warnings.iter().any(|d| text(d).contains("S2-M3")));
    // Marking it done silences the warning.
    fx.edit(PLAN, "        deadline: 2025\n", "        deadline: 2025\n        updates:\n          - {date: 2026-12-20, status: done}\n");
    assert_eq!(fx.diags("warning", PLAN).iter().filter(|d| text(d).contains("passed its deadline")).count(), 1);
}

/// The only error `check` reports for the fixture after an edit.
fn single_error(fx: &Fixture) -> serde_json::Value {
    let (ok, diags) = fx.check();
    assert!(!ok, "check should fail");
    let errors: Vec<serde_json::Value> = diags.into_iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

fn at(d: &serde_json::Value) -> (&str, u64, u64) {
    (d["file"].as_str().unwrap(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
}

#[test]
fn status_contradicting_the_latest_update_is_refused() {
    let fx = Fixture::new();
    fx.edit(
        PLAN,
        "      - id: S1-M4\n        title: Ny nettside for ungdom\n",
        "      - id: S1-M4\n        title: Ny nettside for ungdom\n        status: ongoing\n",
    );
    let e = single_error(&fx);
    assert_eq!(at(&e), (PLAN, 38, 17), "{e:#}");
    assert_eq!(e["code"], "E-STATUS-CONFLICT");
    assert!(e["message"].as_str().unwrap().contains("contradicts the latest update (2026-08-15)"), "{e:#}");
    assert!(e["help"].as_str().unwrap().contains("`status: cancelled`"), "{e:#}");
}

#[test]
fn updates_out_of_date_order_are_refused() {
    let fx = Fixture::new();
    fx.edit(PLAN, "          - date: 2026-09-01\n            status: done", "          - date: 2026-01-09\n            status: done");
    let e = single_error(&fx);
    assert_eq!(at(&e), (PLAN, 24, 13), "{e:#}");
    assert_eq!(e["code"], "E-UPDATE-ORDER");
    assert!(e["message"].as_str().unwrap().contains("(2026-01-09) is older than the one above it (2026-02-01)"), "{e:#}");
    assert!(e["help"].as_str().unwrap().contains("oldest first"));
}

#[test]
fn updates_in_the_future_are_refused() {
    let fx = Fixture::new();
    fx.edit(PLAN, "          - date: 2026-12-01\n", "          - date: 2027-01-02\n");
    let e = single_error(&fx);
    assert_eq!(at(&e), (PLAN, 52, 19), "{e:#}");
    assert_eq!(e["code"], "E-FUTURE-DATE");
    assert!(e["message"].as_str().unwrap().contains("dated 2027-01-02, which is in the future"), "{e:#}");
    assert!(e["help"].as_str().unwrap().contains("2027-01-01"), "today is named: {e:#}");
    // "Now" is SOURCE_DATE_EPOCH: a day later the same file builds.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["check", "--root", followup_site::path_str(fx.root())])
        .env("SOURCE_DATE_EPOCH", "1798934400")
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn progress_out_of_range_or_not_a_number_is_refused() {
    let fx = Fixture::new();
    fx.edit(PLAN, "progress: 60", "progress: 160");
    let e = single_error(&fx);
    assert_eq!(at(&e), (PLAN, 82, 19), "{e:#}");
    assert_eq!(e["code"], "E-PROGRESS");
    assert!(e["message"].as_str().unwrap().contains("`progress` is 160"), "{e:#}");
    assert!(e["help"].as_str().unwrap().contains("`100`"), "{e:#}");
    fx.edit(PLAN, "progress: 160", "progress: mye");
    let e = single_error(&fx);
    assert!(e["message"].as_str().unwrap().contains("whole number from 0 to 100, not `mye`"), "{e:#}");
    fx.edit(PLAN, "progress: mye", "progress: 60%");
    assert!(fx.check().0, "`60%` is read as 60");
}

#[test]
fn bad_update_fields_are_refused_with_suggestions() {
    let fx = Fixture::new();
    fx.edit(PLAN, "            status: cancelled\n", "            status: canceled\n");
    let e = single_error(&fx);
    assert_eq!(at(&e), (PLAN, 40, 21), "{e:#}");
    assert_eq!(e["code"], "E-UNKNOWN-VALUE");
    assert!(e["help"].as_str().unwrap().contains("did you mean `cancelled`?"), "{e:#}");
    let fx = Fixture::new();
    fx.edit(PLAN, "            note: Ferdig\n", "            notat: Ferdig\n");
    let e = single_error(&fx);
    assert_eq!(e["line"], 54, "{e:#}");
    assert_eq!(e["code"], "E-UNKNOWN-FIELD");
    assert!(e["message"].as_str().unwrap().contains("`notat`"), "{e:#}");
    let fx = Fixture::new();
    fx.edit(PLAN, "          - date: 2026-03-01\n            status: done\n", "          - date: 1. mars\n            status: done\n");
    let e = single_error(&fx);
    assert_eq!(at(&e), (PLAN, 58, 19), "{e:#}");
    assert_eq!(e["code"], "E-DATE");
    assert!(e["message"].as_str().unwrap().contains("`date` is not a valid date"), "{e:#}");
    let fx = Fixture::new();
    fx.edit(PLAN, "            title: Evaluering\n", "            title: \" \"\n");
    let e = single_error(&fx);
    assert!(e["message"].as_str().unwrap().contains("milestone has an empty `title`"), "{e:#}");
    assert_eq!(e["code"], "E-MISSING-FIELD");
}

#[test]
fn a_reached_milestone_in_the_future_is_a_warning() {
    let fx = Fixture::new();
    fx.edit(PLAN, "            title: Plan klar\n", "            title: Plan klar\n            done: true\n");
    let (ok, diags) = fx.check();
    assert!(ok);
    let w: Vec<_> = diags.iter().filter(|d| d["message"].as_str().unwrap().contains("marked `done` but dated 2027-02-01")).collect();
    assert_eq!(w.len(), 1, "{diags:#?}");
    assert_eq!(w[0]["severity"], "warning");
    assert_eq!(w[0]["code"], "W-MILESTONE-AHEAD");
}

#[test]
fn plan_json_is_valid_against_the_published_schema() {
    let fx = Fixture::new();
    fx.built();
    let schema = fx.out().join("data/schema/plan.json");
    let files = [fx.out().join("planer/handlingsplan/plan.json"), fx.out().join("planer/byplan/plan.json"), fx.out().join("planer/sor-plan/plan.json")];
    let mut args: Vec<&Path> = vec![&schema];
    args.extend(files.iter().map(|f| f.as_path()));
    let report = python("check_plan_json.py", &args);
    assert_eq!(report["files"][0]["items"], 21, "1 goal and 20 measures: {report:#}");
    let doc: serde_json::Value = serde_json::from_str(&fx.text("planer/handlingsplan/plan.json")).unwrap();
    assert_eq!(doc["$schema"], "https://followup.example.org/data/schema/plan.json");
    let m1 = &doc["strategies"][0]["measures"][0];
    assert_eq!(m1["current_status"], "done");
    assert_eq!(m1["status"], serde_json::Value::Null);
    assert_eq!(m1["updates"][1], serde_json::json!({"date": "2026-09-01", "status": "done", "note": "Alle skoler har hatt møte"}));
    assert_eq!(m1["implements"][0]["reference"], "planer/byplan#B1");
    assert_eq!(doc["implements"]["url"], "https://followup.example.org/planer/byplan/");
    let city: serde_json::Value = serde_json::from_str(&fx.text("planer/byplan/plan.json")).unwrap();
    let b1 = &city["strategies"][0]["measures"][0];
    let by: Vec<&str> = b1["implemented_by"].as_array().unwrap().iter().map(|r| r["reference"].as_str().unwrap()).collect();
    assert_eq!(by, ["planer/handlingsplan#S1-M1", "planer/handlingsplan#S1-M2", "planer/sor-plan#T1"]);
    // The schema is real: a wrong document fails it.
    let bad = fx.root().join("bad.json");
    std::fs::write(&bad, fx.text("planer/handlingsplan/plan.json").replacen("\"progress\": 60", "\"progress\": 160", 1)).unwrap();
    let o = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/check_plan_json.py"))
        .args([&schema, &bad])
        .output()
        .unwrap();
    assert!(
        !o.status.success() && String::from_utf8_lossy(&o.stdout).contains("160 is greater than the maximum of 100"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn tiltak_csv_reads_in_python_and_is_formula_safe() {
    let fx = Fixture::new();
    fx.built();
    let report = python("read_csv.py", &[&fx.out().join("planer/handlingsplan/tiltak.csv")]);
    assert_eq!(report["bom"], true);
    let rows: Vec<Vec<String>> = serde_json::from_value(report["rows"].clone()).unwrap();
    assert_eq!(rows[0][..7], ["ID", "Type", "Mål eller tiltak", "Strategi", "Ansvar", "Frist", "Status"]);
    assert_eq!(rows.len(), 22, "header, 1 goal, 20 measures");
    let m1 = rows.iter().find(|r| r[0] == "S1-M1").unwrap();
    assert_eq!(m1[6], "Gjennomført");
    assert_eq!(m1[8..10], ["2026-09-01", "Alle skoler har hatt møte"]);
    let m5 = rows.iter().find(|r| r[0] == "S4-M5").unwrap();
    assert_eq!(m5[2], "'=SUM(A1) Formeltest");
    for cell in rows.iter().flatten() {
        assert!(!matches!(cell.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')), "unsafe cell {cell:?}");
    }
    // dekning.csv has the BOM too.
    let report = python("read_csv.py", &[&fx.out().join("planer/byplan/dekning.csv")]);
    assert_eq!(report["bom"], true);
}

#[test]
fn atom_feed_of_status_updates_parses() {
    let fx = Fixture::new();
    fx.built();
    let file = fx.out().join("planer/handlingsplan/oppdateringer.xml");
    let report = python("check_atom.py", &[&file]);
    assert!(report["errors"].as_array().unwrap().is_empty(), "{report:#}");
    let entries = report["feeds"][0]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 6, "every update of the plan: {report:#}");
    let xml = fx.text("planer/handlingsplan/oppdateringer.xml");
    let first = between(&xml, "<entry>", "</entry>");
    assert!(first.contains("S2-M1 Kartlegging i skolehelsetjenesten: Gjennomført"), "newest first: {first}");
    assert!(first.contains("<updated>2026-12-01T00:00:00+01:00</updated>"), "{first}");
    assert!(first.contains("<id>https://followup.example.org/planer/handlingsplan/#S2-M1-oppdatering-2026-12-01</id>"), "{first}");
}

#[test]
fn calendar_of_deadlines_and_milestones_parses() {
    let fx = Fixture::new();
    fx.built();
    let file = fx.out().join("planer/handlingsplan/frister.ics");
    let report = python("check_ics.py", &[&file]);
    assert!(report["errors"].as_array().unwrap().is_empty(), "{report:#}");
    let events = report["files"][0]["events"].as_array().unwrap();
    let deadlines = events.iter().filter(|e| e["summary"].as_str().unwrap().starts_with("Frist: ")).count();
    let milestones = events.iter().filter(|e| e["summary"].as_str().unwrap().starts_with("Milepæl: ")).count();
    assert_eq!((deadlines, milestones), (7, 4), "{events:#?}");
    let plan_klar = events.iter().find(|e| e["summary"] == "Milepæl: Plan klar (S4-M1)").unwrap();
    assert_eq!((plan_klar["dtstart"].as_str(), plan_klar["dtend"].as_str()), (Some("2027-02-01"), Some("2027-02-02")));
    let m1 = events.iter().find(|e| e["summary"] == "Frist: S1-M4 Ny nettside for ungdom");
    assert!(m1.is_none(), "S1-M4 has no deadline");
    let m2 = events.iter().find(|e| e["summary"] == "Frist: S2-M1 Kartlegging i skolehelsetjenesten").unwrap();
    assert_eq!(m2["dtstart"], "2026-12-31", "a quarter's deadline is its last day");
    let text = fx.text("planer/handlingsplan/frister.ics");
    assert!(text.contains("DTSTART;VALUE=DATE:20270201\r\n"));
}

#[test]
fn data_page_lists_every_plan() {
    let fx = Fixture::new();
    fx.built();
    let page = unescape(&fx.text("data/index.html"));
    for plan in ["handlingsplan", "byplan", "sor-plan"] {
        for file in ["plan.json", "tiltak.csv", "oppdateringer.xml", "frister.ics"] {
            assert!(page.contains(&format!("href=\"/planer/{plan}/{file}\"")), "{plan}/{file} missing");
        }
    }
    assert!(page.contains("href=\"/planer/byplan/dekning.csv\""));
    assert!(page.contains("href=\"/data/schema/plan.json\""));
}

#[test]
fn every_page_has_escaped_sharing_metadata() {
    let fx = Fixture::new();
    fx.built();
    let mut html = Vec::new();
    collect_html(&fx.out(), &mut html);
    assert!(html.len() > 8);
    for file in &html {
        let text = std::fs::read_to_string(file).unwrap();
        if text.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let url = if file.ends_with("404.html") { "property=\"og:site_name\"" } else { "property=\"og:url\"" };
        for tag in ["property=\"og:title\"", url, "property=\"og:site_name\"", "property=\"og:locale\" content=\"nb_NO\"", "name=\"twitter:card\""] {
            assert!(text.contains(tag), "{} lacks {tag}", file.display());
        }
    }
    let plan = fx.text("planer/handlingsplan/index.html");
    assert!(plan.contains("<meta property=\"og:description\" content=\"Planen for &quot;rus&quot; &amp; &lt;forebygging&gt; i Nord\">"), "{plan}");
    assert!(plan.contains("<meta property=\"og:url\" content=\"https://followup.example.org/planer/handlingsplan/\">"));
    assert!(plan.contains("<meta property=\"og:site_name\" content=\"Oppfølging &amp; test\">"));
}

fn collect_html(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect_html(&p, out);
        } else if p.extension().is_some_and(|x| x == "html") && !p.ends_with("epost.html") {
            out.push(p);
        }
    }
}

/// A plan whose items have no status updates: its feed has no entries, and its `<updated>` is
/// the plan's own date (never 1970, which feed readers show as the feed's age).
#[test]
fn feed_without_updates_carries_the_plans_own_date() {
    let plan = |extra: &str| {
        format!(
            "kind: plan\n{extra}strategies:\n  - id: S\n    title: Strategi\n    measures:\n      - id: M1\n        title: Tiltak\n        deadline: 2027-Q2\n"
        )
    };
    let site = common::Site::new()
        .page("content/planer/vedtatt.md", &format!("title: Vedtatt\n{}", plan("adopted: 2025-06-19\n")), "")
        .page("content/planer/datert.md", &format!("title: Datert\n{}", plan("date: 2026-02-03\nadopted: 2025-06-19\n")), "")
        .page("content/planer/periode.md", &format!("title: Periode\n{}", plan("period: \"2024-2027\"\n")), "")
        .page("content/planer/udatert.md", &format!("title: Udatert\n{}", plan("")), "");
    site.build().assert_ok();
    let feed_updated = |name: &str| {
        let xml = site.output(&format!("planer/{name}/oppdateringer.xml"));
        assert!(!xml.contains("<entry>"), "{xml}");
        between(&xml, "<updated>", "</updated>").trim_start_matches("<updated>").trim_end_matches("</updated>").to_string()
    };
    assert_eq!(feed_updated("vedtatt"), "2025-06-19T00:00:00+02:00", "`adopted`");
    assert_eq!(feed_updated("datert"), "2026-02-03T00:00:00+01:00", "`date` before `adopted`");
    assert_eq!(feed_updated("periode"), "2024-01-01T00:00:00+01:00", "the first day of `period`");
    assert_eq!(feed_updated("udatert"), "2027-01-01T00:00:00+01:00", "no date at all: the build's day");
    for name in ["vedtatt", "datert", "periode", "udatert"] {
        let ics = site.output(&format!("planer/{name}/frister.ics"));
        assert!(!ics.contains("DTSTAMP:1970"), "{ics}");
    }
    assert!(site.output("planer/vedtatt/frister.ics").contains("DTSTAMP:20250618T220000Z\r\n"));
}

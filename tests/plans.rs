//! Plans as linked data, end to end: the real `planverk` binary on a fixture with a city
//! plan of three measures and three districts (tests/fixtures/plans), and on the example site.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/plans");
/// 2027-01-01T00:00:00Z, so "upcoming" does not depend on the clock.
const EPOCH: &str = "1798761600";

/// A copy of the fixture in a temporary folder, so a test may change it.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn fixture() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(Path::new(FIXTURE), dir.path());
        Site { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Replaces `from` with `to` in a content file; the text must be there.
    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.root().join(file);
        let text = std::fs::read_to_string(&path).expect("fixture file");
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write fixture");
    }

    fn build(&self) -> Output {
        run(&["build", "--root", path_str(self.root()), "--output", path_str(&self.out())])
    }

    fn built(&self) -> &Self {
        let o = self.build();
        assert!(o.status.success(), "build failed:\n{}", String::from_utf8_lossy(&o.stderr));
        self
    }

    /// A generated file, with `&#x2F;` and friends turned back into characters.
    fn html(&self, file: &str) -> String {
        let path = self.out().join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("no {}: {e}", path.display()));
        unescape(&text)
    }

    /// `check --format json`: exit success and the diagnostics.
    fn check_json(&self) -> (bool, Vec<serde_json::Value>) {
        let o = run(&["check", "--root", path_str(self.root()), "--format", "json"]);
        let diags: Vec<serde_json::Value> =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("check output is not JSON ({e}):\n{}", String::from_utf8_lossy(&o.stdout)));
        (o.status.success(), diags)
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planverk")).args(args).env("SOURCE_DATE_EPOCH", EPOCH).env("NO_COLOR", "1").output().expect("run planverk")
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("&#x2F;", "/").replace("&#x27;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The HTML of the plan item `id`: from its `<li class="item …" id=…>` to the next item.
fn item_html<'a>(page: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"{id}\" data-status");
    let start = page.find(&marker).unwrap_or_else(|| panic!("no item {id} on the page"));
    let rest = &page[start..];
    let end = rest[1..].find("<li class=\"item item-").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

/// The matrix row of item `id`.
fn row_html<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("<tr id=\"row-{id}\"")).unwrap_or_else(|| panic!("no row {id}"));
    let rest = &page[start..];
    &rest[..rest.find("</tr>").expect("row end")]
}

#[test]
fn backlinks_go_both_ways() {
    let site = Site::fixture();
    site.built();
    let city = site.html("planer/byplan/index.html");
    let t1 = item_html(&city, "T1");
    assert!(t1.contains("href=\"/planer/nord-plan/#N1\""), "T1 lacks N1:\n{t1}");
    assert!(t1.contains("href=\"/planer/sor-plan/#S1\""), "T1 lacks S1:\n{t1}");
    assert!(t1.contains("href=\"/bydeler/nord/\"") && t1.contains("href=\"/bydeler/sor/\""), "grouped by district:\n{t1}");
    assert!(t1.contains("status-ongoing") && t1.contains("status-planned"), "implementers' status:\n{t1}");
    assert!(t1.contains("href=\"/kurs/nordkurs/\""), "the course that carries T1 out:\n{t1}");
    let t2 = item_html(&city, "T2");
    assert!(t2.contains("/planer/nord-plan/#N2") && t2.contains("/planer/vest-plan/#V1"), "{t2}");
    assert!(!t2.contains("/planer/sor-plan/"), "{t2}");
    let t3 = item_html(&city, "T3");
    assert!(!t3.contains("implemented-by"), "nothing implements T3:\n{t3}");

    let nord = site.html("planer/nord-plan/index.html");
    assert!(item_html(&nord, "N1").contains("href=\"/planer/byplan/#T1\""));
    assert!(item_html(&nord, "N2").contains("href=\"/planer/byplan/#T2\""));
    assert!(nord.contains("href=\"/planer/byplan/\""), "the plan links up to the plan it follows");
    assert!(city.contains("href=\"/planer/byplan/dekning/\""), "the plan page links to its matrix");
}

#[test]
fn coverage_matrix_html_has_cells_and_totals() {
    let site = Site::fixture();
    site.built();
    let m = site.html("planer/byplan/dekning/index.html");
    assert!(m.contains("<caption"), "an accessible table has a caption");
    assert!(m.contains("tabindex=\"0\"") && m.contains("role=\"region\""), "a focusable, labelled scroll region");
    // Columns by district number.
    let (n, s, v) = (m.find(">Bydel Nord<").unwrap(), m.find(">Bydel Sør<").unwrap(), m.find(">Bydel Vest<").unwrap());
    assert!(n < s && s < v, "columns in number order");
    assert!(m.contains("<th scope=\"col\">") && m.contains("<th scope=\"row\">"));
    assert!(m.contains("scope=\"rowgroup\"") && m.contains("S1 Forebygging"), "strategy headers");

    let t1 = row_html(&m, "T1");
    let cells: Vec<&str> = t1.split("<td").skip(2).collect(); // skip the responsible column
    assert_eq!(cells.len(), 4, "three districts and a count:\n{t1}");
    assert!(cells[0].contains("/planer/nord-plan/#N1") && cells[0].contains("status-ongoing"));
    assert!(cells[1].contains("/planer/sor-plan/#S1") && cells[1].contains("status-planned"));
    assert!(!cells[2].contains("<a "), "Vest does not carry T1 out");
    assert!(cells[3].contains(">2<"), "T1 is carried out in two districts: {}", cells[3]);

    let t3 = row_html(&m, "T3");
    assert!(t3.contains("class=\"uncovered\""), "{t3}");
    assert!(t3.contains("Ingen bydel følger opp"), "uncovered in words, not only colour: {t3}");
    assert!(m.contains("<strong>2 av 4</strong>"), "covered count in the summary (H1, T1–T3)");

    let foot = &m[m.find("<tfoot>").expect("totals row")..];
    assert!(foot.contains("data-district=\"nord\">2<"), "{foot}");
    assert!(foot.contains("data-district=\"sor\">1<"), "{foot}");
    assert!(foot.contains("data-district=\"vest\">1<"), "{foot}");
}

#[test]
fn coverage_json_matches_the_matrix() {
    let site = Site::fixture();
    site.built();
    let text = std::fs::read_to_string(site.out().join("planer/byplan/dekning.json")).expect("dekning.json");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let keys: Vec<&str> = doc["districts"].as_array().unwrap().iter().map(|d| d["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["nord", "sor", "vest"]);
    let covered: Vec<u64> = doc["districts"].as_array().unwrap().iter().map(|d| d["items_covered"].as_u64().unwrap()).collect();
    assert_eq!(covered, [2, 1, 1]);
    let items = doc["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["H1", "T1", "T2", "T3"], "document order");
    let t1 = &items[1];
    assert_eq!(t1["districts"]["nord"][0]["id"], "N1");
    assert_eq!(t1["districts"]["nord"][0]["status"], "ongoing");
    assert_eq!(t1["districts"]["nord"][0]["url"], "https://test.example.org/planer/nord-plan/#N1");
    assert_eq!(t1["districts"]["sor"][0]["id"], "S1");
    assert_eq!(t1["districts"]["vest"].as_array().unwrap().len(), 0);
    assert_eq!(t1["district_count"], 2);
    assert_eq!(items[2]["districts"]["vest"][0]["id"], "V1");
    assert_eq!(items[3]["uncovered"], true);
    assert_eq!(items[0]["district_business"], false, "H1 is Byrådet's");
    assert_eq!(doc["totals"]["covered"], 2);
    assert_eq!(doc["totals"]["uncovered"], 2);
}

#[test]
fn coverage_csv_is_safe_for_spreadsheets() {
    let site = Site::fixture();
    site.built();
    let bytes = std::fs::read(site.out().join("planer/byplan/dekning.csv")).expect("dekning.csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().expect("header").iter().map(String::from).collect();
    assert_eq!(header[4..7], ["Bydel Nord", "Bydel Sør", "Bydel Vest"]);
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.expect("record").iter().map(String::from).collect()).collect();
    assert_eq!(rows.len(), 5, "four items and a totals row: {rows:?}");
    let t2 = rows.iter().find(|r| r[0] == "T2").expect("T2 row");
    assert_eq!(t2[1], "'=1+1 Felles løft", "a title starting with = is defused");
    assert_eq!(t2[2], "Forebygging");
    assert_eq!(t2[4], "N2 Felles løft i Nord (Gjennomført)");
    assert_eq!(t2[5], "");
    assert_eq!(t2[6], "V1 Løft i Vest (Pågår)");
    assert_eq!(t2[7], "2");
    for row in &rows {
        for cell in row {
            let first = cell.chars().next();
            assert!(!matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')), "unsafe cell {cell:?}");
        }
    }
    let totals = rows.last().unwrap();
    assert_eq!(totals[4..8], ["2", "1", "1", "2"]);
}

#[test]
fn uncovered_item_is_a_warning_and_the_build_succeeds() {
    let site = Site::fixture();
    let (ok, diags) = site.check_json();
    assert!(ok, "warnings must not fail check: {diags:?}");
    let warnings: Vec<&serde_json::Value> = diags.iter().filter(|d| d["severity"] == "warning").collect();
    assert_eq!(warnings.len(), 1, "only T3 (H1 is Byrådet's, T2 names `bydelene`): {diags:?}");
    let w = warnings[0];
    assert_eq!(w["code"], "W-UNCOVERED", "{w}");
    assert!(w["message"].as_str().unwrap().contains("`T3`"), "{w}");
    assert_eq!(w["file"], "content/planer/byplan.md");
    assert!(w["line"].as_u64().unwrap() > 0);
    assert!(diags.iter().all(|d| d["severity"] != "error"), "{diags:?}");
    let o = site.build();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(site.out().join("planer/byplan/dekning/index.html").exists());
}

#[test]
fn items_owned_by_other_units_are_not_warned_about() {
    let site = Site::fixture();
    site.edit("content/planer/byplan.md", "title: Tidlig hjelp\n        responsible: [Bydelene]", "title: Tidlig hjelp\n        responsible: [Helseforetaket]");
    let (ok, diags) = site.check_json();
    assert!(ok);
    assert!(diags.iter().all(|d| d["severity"] != "warning"), "{diags:?}");
    // Without `district_units`, every uncovered item is warned about.
    site.edit("config.toml", "district_units = [\"Bydelene\"]", "district_units = []");
    let (_, diags) = site.check_json();
    assert!(diags.iter().all(|d| d["code"] == "W-UNCOVERED"), "{diags:?}");
    let warned: Vec<&str> = diags.iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(warned.iter().any(|m| m.contains("`T3`")) && warned.iter().any(|m| m.contains("`H1`")), "{warned:?}");
}

#[test]
fn unknown_plans_setting_is_refused() {
    let site = Site::fixture();
    site.edit("config.toml", "district_units", "district_unit");
    let (ok, diags) = site.check_json();
    assert!(!ok);
    assert!(diags.iter().any(|d| d["file"] == "config.toml" && d["severity"] == "error"), "{diags:?}");
}

#[test]
fn a_cycle_of_plan_implements_is_an_error() {
    let site = Site::fixture();
    site.edit("content/planer/byplan.md", "level: city\n", "level: city\nimplements: planer/nord-plan\n");
    let (ok, diags) = site.check_json();
    assert!(!ok, "a cycle fails the check");
    let cycle = diags.iter().find(|d| d["message"].as_str().is_some_and(|m| m.contains("circle"))).expect("a cycle error");
    assert_eq!(cycle["severity"], "error");
    let msg = cycle["message"].as_str().unwrap();
    assert!(msg.contains("planer/byplan") && msg.contains("planer/nord-plan"), "{msg}");
    assert!(!site.build().status.success());
    assert!(!site.out().exists(), "a failed build writes nothing");
}

#[test]
fn a_cycle_of_item_implements_is_an_error() {
    let site = Site::fixture();
    site.edit("content/planer/byplan.md", "title: Rusfri fritid\n", "title: Rusfri fritid\n        implements: [planer/nord-plan#N1]\n");
    let (ok, diags) = site.check_json();
    assert!(!ok);
    let msg = diags.iter().filter_map(|d| d["message"].as_str()).find(|m| m.contains("circle")).expect("a cycle error");
    assert!(msg.contains("planer/byplan#T1") && msg.contains("planer/nord-plan#N1"), "{msg}");
}

#[test]
fn a_missing_item_names_the_nearest_ids() {
    let site = Site::fixture();
    site.edit("content/planer/sor-plan.md", "implements: [planer/byplan#T1]", "implements: [planer/byplan#T4]");
    let (ok, diags) = site.check_json();
    assert!(!ok);
    let d = diags.iter().find(|d| d["message"].as_str().is_some_and(|m| m.contains("T4"))).expect("an error for T4");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "content/planer/sor-plan.md");
    let help = d["help"].as_str().expect("help names ids");
    assert!(help.contains("T1") && help.contains("T2") && help.contains("T3"), "{help}");
}

#[test]
fn a_missing_page_names_the_nearest_paths() {
    let site = Site::fixture();
    site.edit("content/planer/vest-plan.md", "implements: [planer/byplan#T2]", "implements: [planer/byplam#T2]");
    let (ok, diags) = site.check_json();
    assert!(!ok);
    let d = diags.iter().find(|d| d["message"].as_str().is_some_and(|m| m.contains("byplam"))).expect("an error");
    assert!(d["help"].as_str().is_some_and(|h| h.contains("planer/byplan")), "{d}");
}

#[test]
fn district_page_gathers_everything_about_the_district() {
    let site = Site::fixture();
    site.built();
    let nord = site.html("bydeler/nord/index.html");
    let plans = &nord[nord.find("id=\"plans-title\"").expect("plans section")..];
    assert!(plans.contains("href=\"/planer/nord-plan/\""));
    assert!(plans.contains("href=\"/planer/nord-plan/#N1\"") && plans.contains("href=\"/planer/byplan/#T1\""), "measures with the city items they implement");
    let prio = nord.find("href=\"/kurs/nordkurs/\"").expect("priority course");
    let general = nord.find("href=\"/kurs/felleskurs/\"").expect("course for all districts");
    assert!(prio < general, "priority courses first");
    assert!(!nord.contains("/kurs/sorkurs/"), "another district's course is left out");
    assert!(nord.contains("href=\"/nettverk/fritid/\""), "networks it belongs to");
    let services = &nord[nord.find("id=\"services-title\"").expect("services section")..];
    assert!(services.contains("Hvem kan jeg kontakte?") && services.contains("href=\"/tilbud/helsestasjon/\""));
    assert!(nord.contains("href=\"/aktuelt/nytt-i-nord/\""), "news about it");
    assert!(nord.contains("href=\"/kalender/bydel/nord.ics\""), "its calendar feed");
    assert!(nord.contains("href=\"webcal://test.example.org/kalender/bydel/nord.ics\""), "a webcal:// subscribe link to its feed");
    let sor = site.html("bydeler/sor/index.html");
    assert!(!sor.contains("/tilbud/helsestasjon/") && !sor.contains("/aktuelt/nytt-i-nord/"));
}

#[test]
fn topic_and_audience_pages_list_plan_items() {
    let site = Site::fixture();
    site.built();
    let topic = site.html("tema/rusforebygging/index.html");
    assert!(topic.contains("href=\"/planer/byplan/\""), "the plan itself");
    assert!(topic.contains("href=\"/planer/byplan/#T1\"") && topic.contains("href=\"/planer/byplan/#T3\""), "its items:\n{topic}");
    let audience = site.html("malgrupper/foreldre/index.html");
    assert!(audience.contains("href=\"/planer/byplan/#T3\""), "items by their audience");
    assert!(!audience.contains("href=\"/planer/byplan/#T1\""));
}

#[test]
fn plan_filter_is_hidden_without_javascript_and_lists_values() {
    let site = Site::fixture();
    site.built();
    let city = site.html("planer/byplan/index.html");
    let start = city.find("<form class=\"plan-filter\"").expect("a filter form");
    let form = &city[start..start + city[start..].find("</form>").expect("form end")];
    assert!(form.contains(" hidden"), "without JavaScript the form stays hidden and every item shows");
    assert!(form.contains("value=\"ongoing\"") && form.contains("value=\"planned\""));
    assert!(form.contains("value=\"Bydelene\"") && form.contains("value=\"Byrådet\""));
    assert!(form.contains("aria-live=\"polite\""));
    assert!(city.contains("<script src=\"/filter.") && city.contains(".js\" defer integrity=\"sha384-"));
    assert!(item_html(&city, "T2").contains("data-responsible=\"bydelene|Etaten\""));
    assert!(site.out().join("filter.js").exists());
}

/// On the example site: every Frogner measure links to the city item it implements, and
/// that item's section of the city plan lists the Frogner measure.
#[test]
fn example_site_frogner_measures_link_both_ways() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().expect("temp dir");
    let o = run(&["build", "--root", root, "--output", path_str(out.path())]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read = |f: &str| unescape(&std::fs::read_to_string(out.path().join(f)).expect(f));
    let frogner = read("planer/frogner-russtrategi-2021-2024/index.html");
    let city = read("planer/oslo-strategisk-plan/index.html");
    let source = std::fs::read_to_string(Path::new(root).join("content/planer/frogner-russtrategi-2021-2024.md")).expect("source");
    let mut checked = 0;
    let mut current: Option<String> = None;
    for line in source.lines() {
        let t = line.trim();
        if let Some(id) = t.strip_prefix("- id: ") {
            current = Some(id.trim().to_string());
        } else if let (Some(refs), Some(id)) = (t.strip_prefix("implements: ["), &current) {
            for r in refs.trim_end_matches(']').split(',') {
                let item = r.trim().rsplit('#').next().expect("item id");
                let up = format!("href=\"/planer/oslo-strategisk-plan/#{item}\"");
                assert!(item_html(&frogner, id).contains(&up), "Frogner {id} does not link to {item}");
                let down = format!("href=\"/planer/frogner-russtrategi-2021-2024/#{id}\"");
                assert!(item_html(&city, item).contains(&down), "city {item} does not list Frogner {id}");
                checked += 1;
            }
        }
    }
    assert!(checked > 30, "only {checked} links checked");
}

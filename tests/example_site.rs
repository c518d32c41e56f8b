//! The example site says what it is: the notice from config.toml on every page and in every
//! newsletter e-mail, links to the sources page, contact details that reach no one, and no
//! Frogner measure with a status the plan does not give unless its own text says so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// A fixed "now" (2026-11-18 UTC), as in the browser tests.
const NOW: &str = "1795000000";

/// Switchboards and phone numbers of real bodies and people: Oslo kommune, NAV, the city's
/// agencies, RUSinfo/Rustelefonen, and the KoRus Oslo staff listed in the 2018 work plan.
const REAL_NUMBERS: &[&str] = &[
    "21802180", "55553333", "23352000", "08588", "90125637", "95270085", "91567265", "95727838", "99647188", "90755096", "48625294", "92619696", "95877810",
    "41484324", "41273444", "41655007", "93648268",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the example site once into a temporary folder; its text files by path.
fn example() -> &'static BTreeMap<String, String> {
    static SITE: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp dir");
        let run = Command::new(env!("CARGO_BIN_EXE_planverk"))
            .args(["build", "--root"])
            .arg(root())
            .arg("--output")
            .arg(out.path())
            .env("SOURCE_DATE_EPOCH", NOW)
            .output()
            .expect("run planverk");
        assert!(run.status.success(), "the example site does not build:\n{}", String::from_utf8_lossy(&run.stderr));
        let mut files = BTreeMap::new();
        collect(out.path(), out.path(), &mut files);
        files
    })
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).expect("read output").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(base, &path, files);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            files.insert(path.strip_prefix(base).expect("inside").to_string_lossy().replace('\\', "/"), text);
        }
    }
}

/// The notice text from config.toml, escaped as the theme writes it.
fn notice_text() -> String {
    let config: toml::Table = toml::from_str(&std::fs::read_to_string(root().join("config.toml")).expect("config.toml")).expect("toml");
    let text = config["notice"]["text"].as_str().expect("[notice] text in the example's config.toml");
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The example's further languages (`[languages.xx]` in config.toml).
fn languages() -> Vec<String> {
    let config: toml::Table = toml::from_str(&std::fs::read_to_string(root().join("config.toml")).expect("config.toml")).expect("toml");
    config.get("languages").and_then(|l| l.as_table()).map(|t| t.keys().cloned().collect()).unwrap_or_default()
}

/// The language of an output path and its address prefix: `nn/om/index.html` is ("nn", "nn/"),
/// a path at the root the default language's ("nb", "").
fn language_of(path: &str) -> (String, String) {
    languages()
        .into_iter()
        .find(|l| path.starts_with(&format!("{l}/")))
        .map(|l| (l.clone(), format!("{l}/")))
        .unwrap_or_else(|| ("nb".to_string(), String::new()))
}

/// The notice's label (`notice_info`) in a language, from the theme's UI strings.
fn notice_label(lang: &str) -> String {
    let strings: toml::Table = toml::from_str(&std::fs::read_to_string(root().join(format!("themes/default/i18n/{lang}.toml"))).expect("i18n")).expect("toml");
    strings["notice_info"].as_str().expect("notice_info").to_string()
}

#[test]
fn the_notice_is_on_every_page_and_in_every_newsletter_email() {
    let text = notice_text();
    let pages: Vec<(&String, &String)> = example().iter().filter(|(p, _)| p.ends_with(".html")).collect();
    assert!(pages.len() > 100, "only {} pages", pages.len());
    let mut emails = 0;
    for (path, html) in pages {
        assert!(html.contains(&text), "{path} lacks the notice");
        assert!(!html.contains("role=\"alert\""), "{path}: the notice must not be an alert");
        // A language version's page labels the notice in its language and links to that
        // language's sources page where there is one (the example translates it into nynorsk).
        let (lang, prefix) = language_of(path);
        let label = notice_label(&lang);
        let sources = if root().join(format!("content/om/kilder.{lang}.md")).exists() { format!("{prefix}om/kilder/") } else { "om/kilder/".to_string() };
        if path.ends_with("epost.html") {
            emails += 1;
            assert!(html.contains(&format!("<strong>{label}:</strong>")), "{path}: the e-mail's notice is not labelled");
            assert!(html.contains(&format!("href=\"https://korus.example.org/{sources}\"")), "{path}: the e-mail's notice links to the sources page");
        } else {
            assert!(html.contains(&format!("aria-label=\"{label}\"")), "{path}: the notice is not a labelled region");
            assert!(html.contains(&format!("href=\"/{sources}\"")), "{path}: the notice links to the sources page");
            // The notice is written in bokmål: on a page in another language it says so (WCAG 3.1.2).
            let marked = html.contains(&format!("<span lang=\"nb\">{text}</span>"));
            assert_eq!(marked, lang != "nb", "{path}: the notice's text should carry lang=\"nb\" exactly on pages in another language");
        }
    }
    assert_eq!(emails, 3, "every newsletter issue has an e-mail version with the notice");
    let sources = &example()["om/kilder/index.html"];
    for plan in [
        "korus-oslo-arbeidsplan-2018",
        "korus-nord-gjennomforingsplan-2016",
        "oslo-strategisk-plan",
        "veileder-ruspolitisk-handlingsplan",
        "frogner-russtrategi-2021-2024",
    ] {
        assert!(sources.contains(&format!("href=\"/planer/{plan}/\"")), "the sources page does not list {plan}");
    }
}

/// Every e-mail address in `text`: the run of address characters on each side of an `@`.
fn emails(text: &str) -> Vec<String> {
    let is_local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let is_domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let local: String = text[..at].chars().rev().take_while(|&c| is_local(c)).collect();
        let domain: String = text[at + 1..].chars().take_while(|&c| is_domain(c)).collect();
        let domain = domain.trim_end_matches(['.', '-']);
        if !local.is_empty()
            && domain.contains('.')
            && domain.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        {
            found.push(format!("{}@{domain}", local.chars().rev().collect::<String>()));
        }
    }
    found
}

/// Domains reserved for examples (RFC 2606) and their subdomains.
fn reserved(address: &str) -> bool {
    let domain = address.rsplit('@').next().unwrap_or_default().to_ascii_lowercase();
    ["example.org", "example.com", "example.net", "example.no"].iter().any(|r| domain == *r || domain.ends_with(&format!(".{r}")))
        || domain.ends_with(".example")
}

/// `text` with spaces, dots and dashes between digits removed, so that "21 80 21 80" reads
/// "21802180".
fn joined_digits(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between = i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if between && [' ', '\u{a0}', '.', '-'].contains(&c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether `number` stands in `digits` as a whole number (no digit right before or after).
fn has_number(digits: &str, number: &str) -> bool {
    digits.match_indices(number).any(|(i, _)| {
        let before = digits[..i].chars().next_back();
        let after = digits[i + number.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

#[test]
fn no_contact_detail_reaches_anyone() {
    let mut bad = Vec::new();
    let mut seen = 0;
    for (path, text) in example().iter().filter(|(p, _)| [".html", ".ics", ".xml", ".json", ".csv", ".txt"].iter().any(|e| p.ends_with(e))) {
        // iCalendar folds long lines (RFC 5545 3.1): read them unfolded, as a calendar app does.
        let unfolded = if path.ends_with(".ics") { text.replace("\r\n ", "") } else { text.clone() };
        let text = &unfolded;
        for address in emails(text) {
            seen += 1;
            if !reserved(&address) {
                bad.push(format!("{path}: {address}"));
            }
        }
        let digits = joined_digits(text);
        bad.extend(REAL_NUMBERS.iter().filter(|n| has_number(&digits, n)).map(|n| format!("{path}: phone number {n}")));
    }
    assert!(bad.is_empty(), "contact details that reach real people or bodies:\n{}", bad.join("\n"));
    assert!(seen > 20, "only {seen} e-mail addresses found: the scan is not looking");
}

#[test]
fn the_scanners_find_what_they_look_for() {
    assert_eq!(emails("Skriv til <a href=\"mailto:post@bfr.oslo.kommune.no\">post@bfr.oslo.kommune.no</a>."), ["post@bfr.oslo.kommune.no"; 2]);
    assert!(emails("@media print; [lenke](@/om.md)").is_empty());
    assert!(!reserved("nav.frogner@nav.no") && reserved("korus@korus.example.org") && reserved("a@b.example"));
    assert!(has_number(&joined_digits("Ring 21 80 21 80 i dag"), "21802180"));
    assert!(has_number(&joined_digits("tlf. 55 55 33 33."), "55553333"));
    assert!(!has_number(&joined_digits("2021-08-58"), "08588") && !has_number(&joined_digits("kl. 121 80 21 80"), "21802180"));
}

#[test]
fn frogner_statuses_are_marked_as_examples_in_the_item_itself() {
    let plan = &example()["planer/frogner-russtrategi-2021-2024/index.html"];
    let items: Vec<&str> = plan.split("<li class=\"item ").skip(1).collect();
    assert!(items.len() > 50, "only {} items on the Frogner plan", items.len());
    let with_status: Vec<&str> = items.iter().copied().filter(|i| !i.contains("data-status=\"\"")).collect();
    assert!(!with_status.is_empty(), "the status filter needs at least one status to show");
    assert!(with_status.len() <= 10, "{} Frogner items have a status the plan does not give", with_status.len());
    for item in with_status {
        let item = item.split("<li class=\"item ").next().unwrap_or(item);
        assert!(item.to_lowercase().contains("eksempel"), "a Frogner status is not marked as an example in its own text:\n{item:.600}");
    }
    assert!(!plan.contains("Statusen på tiltakene er redaksjonens vurdering"));
}

#[test]
fn frogner_is_in_the_overdose_network_as_its_plan_says() {
    let network = &example()["nettverk/overdosenettverket/index.html"];
    assert!(network.contains("href=\"/bydeler/frogner/\""), "the overdose network does not list Frogner");
    let district = &example()["bydeler/frogner/index.html"];
    assert!(district.contains("href=\"/nettverk/overdosenettverket/\""), "Frogner's page does not list the overdose network");
}

#[test]
fn the_sitemap_lists_every_page_but_redirects_search_and_catalogue_filters() {
    let files = example();
    let sitemap = &files["sitemap.xml"];
    let base = "https://korus.example.org/";
    let filters = ["kurs/tema/", "kurs/malgruppe/", "kurs/bydel/", "kurs/format/", "kurs/maned/"];
    let mut missing = Vec::new();
    for (path, text) in files {
        let Some(dir) = path.strip_suffix("index.html") else { continue };
        // A language version's search page and catalogue filters are left out as the root's are.
        let (_, prefix) = language_of(dir);
        let in_version = &dir[prefix.len()..];
        if text.contains("http-equiv=\"refresh\"") || in_version == "sok/" || filters.iter().any(|f| in_version.starts_with(f)) {
            continue;
        }
        if !sitemap.contains(&format!("<loc>{base}{dir}</loc>")) {
            missing.push(dir.to_string());
        }
    }
    assert!(missing.is_empty(), "pages missing from sitemap.xml: {missing:?}");
    for generated in ["data/", "dekning/", "oppfolging/"] {
        assert!(sitemap.contains(generated), "no {generated} page in the sitemap");
    }
}

/// The front matter's top-level `key: value` of a Markdown file, unquoted.
fn front_value(text: &str, key: &str) -> Option<String> {
    let body = text.strip_prefix("---\n")?;
    let front = &body[..body.find("\n---\n")?];
    front.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix(':').map(|v| v.trim().trim_matches('"').to_string())).filter(|v| !v.is_empty())
}

/// Every page of the example's content whose kind (its own, or its section's) is `kind`:
/// (source path, output path of its HTML). Translations (`name.LANG.md`) are left out.
fn pages_of_kind(kind: &str) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for section in std::fs::read_dir(root().join("content")).expect("content").flatten() {
        let dir = section.path();
        let Ok(index) = std::fs::read_to_string(dir.join("_index.md")) else { continue };
        let section_kind = front_value(&index, "kind");
        let name = dir.file_name().expect("name").to_string_lossy().to_string();
        for entry in std::fs::read_dir(&dir).expect("section").flatten() {
            let path = entry.path();
            let (stem, text) = if path.is_dir() {
                (path.file_name().expect("name").to_string_lossy().to_string(), std::fs::read_to_string(path.join("index.md")).unwrap_or_default())
            } else {
                let Some(stem) = path.file_name().expect("name").to_string_lossy().strip_suffix(".md").map(str::to_string) else { continue };
                (stem, std::fs::read_to_string(&path).expect("page"))
            };
            if text.is_empty() || stem == "_index" || stem.contains('.') {
                continue;
            }
            if front_value(&text, "kind").or(section_kind.clone()).as_deref() == Some(kind) {
                let slug = front_value(&text, "slug").unwrap_or(stem.clone());
                pages.push((format!("content/{name}/{stem}"), format!("{name}/{slug}/index.html")));
            }
        }
    }
    pages.sort();
    pages
}

/// The first block quote of a page's HTML, if it is an example note: it starts with
/// "Eksempel." in bold and links to the sources page.
fn example_note(html: &str) -> Option<&str> {
    let start = html.find("<blockquote>")?;
    let quote = &html[start..start + html[start..].find("</blockquote>")?];
    (quote.trim_start_matches("<blockquote>").trim_start().starts_with("<p><strong>Eksempel.</strong>") && quote.contains("href=\"/om/kilder/\""))
        .then_some(quote)
}

#[test]
fn every_news_course_network_newsletter_and_service_page_carries_its_example_note() {
    let site = example();
    for kind in ["news", "course", "network", "newsletter", "service"] {
        let pages = pages_of_kind(kind);
        assert!(pages.len() >= 3, "only {} pages of kind {kind}: the scan is not looking", pages.len());
        for (source, out) in pages {
            let html = site.get(&out).unwrap_or_else(|| panic!("{source}: no page {out}"));
            let main = &html[html.find("<main").unwrap_or(0)..];
            assert!(
                example_note(main).is_some(),
                "{source} ({kind}) has no example note (a block quote starting with **Eksempel.** that links to the sources page)"
            );
        }
    }
    assert!(example_note("<blockquote>\n<p><strong>Eksempel.</strong> Se <a href=\"/om/kilder/\">kildene</a>.</p>\n</blockquote>").is_some());
    assert!(example_note("<blockquote>\n<p>Et sitat. <strong>Eksempel.</strong> <a href=\"/om/kilder/\">k</a></p>\n</blockquote>").is_none());
}

/// The visible text of an HTML page: scripts and styles dropped, every tag a line break,
/// the entities the theme writes decoded.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        out.push('\n');
        let tag = &rest[lt..];
        let skip_to = ["<script", "<style"].iter().find(|t| tag.starts_with(**t)).map(|t| format!("</{}", &t[1..]));
        let end = match skip_to {
            Some(close) => tag.find(&close).and_then(|c| tag[c..].find('>').map(|e| c + e + 1)),
            None => tag.find('>').map(|e| e + 1),
        };
        rest = &tag[end.unwrap_or(tag.len())..];
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ").replace("&#160;", " ").replace('\u{a0}', " ").replace("&amp;", "&")
}

/// Phone numbers in `text`: "+47" or "0047", or eight digits that start with 2–9, written
/// together or in groups of two to four split by single spaces ("21 80 21 80", "952 70 085").
fn phone_numbers(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text.match_indices("+47").chain(text.match_indices("0047 ")).map(|(i, _)| text[i..].chars().take(16).collect()).collect();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_alphanumeric() || ".,-/:".contains(chars[i - 1]))) {
            i += 1;
            continue;
        }
        let (mut j, mut groups, mut digits) = (i, Vec::new(), String::new());
        loop {
            let start = j;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            groups.push(j - start);
            digits.extend(&chars[start..j]);
            if j + 1 < chars.len() && chars[j] == ' ' && chars[j + 1].is_ascii_digit() && digits.len() < 8 {
                j += 1;
            } else {
                break;
            }
        }
        let ends_clean = j >= chars.len()
            || !(chars[j].is_ascii_alphanumeric() || chars[j] == ',' || (chars[j] == '.' && chars.get(j + 1).is_some_and(char::is_ascii_digit)));
        let grouped = groups.len() == 1 || groups.iter().all(|g| (2..=4).contains(g));
        if digits.len() == 8 && grouped && ends_clean && digits.starts_with(['2', '3', '4', '5', '6', '7', '8', '9']) {
            found.push(digits);
        }
        i = j.max(i + 1);
    }
    found
}

#[test]
fn no_page_gives_a_phone_number() {
    let mut bad = Vec::new();
    for (path, html) in example().iter().filter(|(p, _)| p.ends_with(".html")) {
        if html.contains("href=\"tel:") {
            bad.push(format!("{path}: a tel: link"));
        }
        bad.extend(phone_numbers(&visible_text(html)).into_iter().map(|n| format!("{path}: {n}")));
    }
    assert!(bad.is_empty(), "phone numbers on the example site:\n{}", bad.join("\n"));
}

#[test]
fn the_phone_scanner_finds_numbers_and_not_years_or_counts() {
    assert_eq!(phone_numbers("Ring 21 80 21 80 eller 952 70 085."), ["21802180", "95270085"]);
    assert_eq!(phone_numbers("Telefon: 90125637"), ["90125637"]);
    assert!(!phone_numbers("Tlf. +47 901 25 637").is_empty());
    assert!(phone_numbers("2021–2024, 25 000 ungdommer, 263 skjenkebevillinger og 48 salgsbevillinger, 13,8 millioner").is_empty());
    assert!(phone_numbers("DTSTART:20270118T090000 og id a20270118 og 2026-11-18").is_empty());
    assert_eq!(visible_text("<p>Ring<script>var n = '21802180';</script> oss</p>"), "\nRing\n oss\n");
}

/// The plans in content/planer: (slug, front matter text).
fn plans() -> Vec<(String, String)> {
    let mut plans = Vec::new();
    for entry in std::fs::read_dir(root().join("content/planer")).expect("planer").flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if let Some(slug) = name.strip_suffix(".md").filter(|s| *s != "_index" && !s.contains('.')) {
            plans.push((slug.to_string(), std::fs::read_to_string(entry.path()).expect("plan")));
        }
    }
    plans.sort();
    plans
}

/// The last year of a plan's `period` ("2021-2024" or "2018").
fn period_end(period: &str) -> Option<i32> {
    period.rsplit(['-', '–']).next()?.trim().parse().ok()
}

#[test]
fn plans_whose_period_has_ended_are_expired_and_their_example_follow_up_is_inside_the_period() {
    let now_year = 2026; // NOW, 2026-11-18
    let mut ended = 0;
    let mut ended_with_followup = 0;
    for (slug, text) in plans() {
        let Some(period) = front_value(&text, "period") else { continue };
        let end = period_end(&period).unwrap_or_else(|| panic!("{slug}: can't read the period {period:?}"));
        let start: i32 = period.split(['-', '–']).next().and_then(|y| y.trim().parse().ok()).expect("start year");
        let json: serde_json::Value = serde_json::from_str(&example()[&format!("planer/{slug}/plan.json")]).expect("plan.json");
        if end < now_year {
            ended += 1;
            assert_eq!(json["status"], "expired", "{slug}: its period {period} has ended, but its status is {}", json["status"]);
            let html = &example()[&format!("planer/{slug}/index.html")];
            assert!(html.contains("Utløpt"), "{slug}: the plan page does not say it has expired");
            // Its open measures are not "overdue": the period is over and they were not reported done.
            if let Some(followup) = example().get(&format!("planer/{slug}/oppfolging/index.html")) {
                ended_with_followup += 1;
                assert!(followup.contains("Planperioden er over"), "{slug}: the follow-up page should say the period is over");
                assert!(!followup.contains("Fristen er passert"), "{slug}: an ended plan's measures are listed as overdue");
            }
        }
        let mut dates = Vec::new();
        collect_dates(&json, &mut dates);
        for date in dates {
            let year: i32 = date[..4].parse().expect("year");
            assert!((start..=end).contains(&year), "{slug}: follow-up dated {date}, outside the period {period}");
        }
    }
    assert!(ended >= 3, "only {ended} plans with an ended period");
    assert!(ended_with_followup >= 1, "no ended plan has a follow-up page to check");
}

/// The `date` of every status update and milestone in a plan.json.
fn collect_dates(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if key == "updates" || key == "milestones" {
                    out.extend(value.as_array().into_iter().flatten().filter_map(|u| u["date"].as_str().map(str::to_string)));
                }
                collect_dates(value, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_dates(i, out)),
        _ => {}
    }
}

#[test]
fn the_accessibility_statement_is_a_template_with_the_figures_of_the_tests() {
    let statement = &example()["om/tilgjengelighetserklaering/index.html"];
    let text = visible_text(statement);
    assert!(text.contains("Dette er en mal, ikke en erklæring"), "the statement does not say it is a template");
    assert!(text.matches("[").count() >= 5, "the template has too few [placeholders] for the publisher");
    assert!(!text.contains("KoRus Oslo er en del av Oslo kommune"), "the statement speaks in KoRus Oslo's name");
    let browser_tests = std::fs::read_to_string(root().join("tests/site_browser.rs")).expect("site_browser.rs");
    let list = &browser_tests[browser_tests.find("const A11Y_PAGES").expect("A11Y_PAGES")..];
    let pages = list[..list.find("];").expect("end of A11Y_PAGES")].matches("\"/").count();
    let a11y = std::fs::read_to_string(root().join("tests/browser/a11y.mjs")).expect("a11y.mjs");
    let widths = a11y.lines().find(|l| l.starts_with("const WIDTHS")).expect("WIDTHS");
    let widths: Vec<&str> = widths[widths.find('[').expect("[") + 1..widths.find(']').expect("]")].split(',').map(str::trim).collect();
    for said in [format!("{pages} typer sider"), format!("{} kontroller", pages * widths.len())] {
        assert!(text.contains(&said), "the statement should say \"{said}\", as tests/site_browser.rs and a11y.mjs do");
    }
    for w in widths {
        assert!(text.contains(&format!("{w} piksler")), "the statement does not give the width {w} px");
    }
    for tool in ["axe-core", "Nu HTML Checker", "Tastatur", "WCAG 2.0 og 2.1"] {
        assert!(text.contains(tool), "the statement does not say how it was tested with {tool}");
    }
}

#[test]
fn the_sources_page_cites_the_five_documents_by_title_and_publisher() {
    let text = visible_text(&example()["om/kilder/index.html"]);
    for (title, publisher) in [
        ("«Arbeidsplan KoRus Oslo 2018»", "KoRus Oslo"),
        ("«Gjennomføringsplan 2016»", "KoRus-Nord"),
        ("«Byrådets strategiske plan for rusfeltet i Oslo»", "Byrådsavdeling for eldre, helse og arbeid"),
        ("«Hvordan utarbeide ruspolitisk handlingsplan?»", "KoRus Oslo"),
        ("«Russtrategi 2021–2024 Bydel Frogner»", "Bydel Frogner"),
    ] {
        let at = text.find(title).unwrap_or_else(|| panic!("the sources page does not cite {title}"));
        assert!(text[at..].chars().take(400).collect::<String>().contains(publisher), "the sources page does not give the publisher of {title}");
    }
    for path in ["seeds", ".txt", "shared/"] {
        assert!(!text.contains(path), "the sources page names a file ({path}) instead of a document");
    }
    for kind in ["Planene", "Kurs, nettverk, nyheter og nyhetsbrev", "Bydeler og tilbud", "Kontaktopplysninger", "Tilgjengelighetserklæringen"] {
        assert!(text.contains(kind), "the sources page says nothing of {kind}");
    }
}

/// Street addresses in `text`: a word that names a street ("…gate", "…veien", "…plass" and the
/// like) followed by a house number ("Youngs gate 21", "Maridalsveien 3", "Rådhusplassen 1B").
fn street_addresses(text: &str) -> Vec<String> {
    const STREETS: &[&str] =
        &["gate", "gata", "gaten", "veien", "vei", "vegen", "veg", "plass", "plassen", "allé", "torg", "torget", "bakken", "brygge", "stredet"];
    let trim = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_string();
    let words: Vec<String> = text.split_whitespace().map(trim).collect();
    let mut found = Vec::new();
    for pair in words.windows(2) {
        let (street, number) = (&pair[0], &pair[1]);
        let is_number = number.chars().next().is_some_and(|c| c.is_ascii_digit())
            && number.trim_end_matches(|c: char| c.is_ascii_alphabetic()).chars().all(|c| c.is_ascii_digit())
            && number.len() <= 4;
        if is_number && STREETS.iter().any(|s| street.to_lowercase().ends_with(s)) {
            found.push(format!("{street} {number}"));
        }
    }
    found
}

/// KoRus Oslo's visiting address as the about page gives it (from the 2018 work plan): the one
/// street address the sources give for a place where the example's courses and meetings are.
fn sourced_street() -> String {
    let about = std::fs::read_to_string(root().join("content/om/_index.md")).expect("om/_index.md");
    let line = about.lines().find_map(|l| l.trim().strip_prefix("- Besøksadresse:")).expect("a Besøksadresse line on the about page");
    line.split(',').next().expect("street").trim().to_string()
}

#[test]
fn no_street_address_but_the_one_the_sources_give() {
    let allowed = sourced_street();
    assert_eq!(street_addresses(&allowed), std::slice::from_ref(&allowed), "the scanner does not see the sourced address");
    let mut bad = Vec::new();
    for (path, text) in example() {
        let text = if path.ends_with(".html") { visible_text(text) } else { text.replace("\\,", ",").replace("\\n", " ") };
        bad.extend(street_addresses(&text).into_iter().filter(|a| *a != allowed).map(|a| format!("{path}: {a}")));
    }
    bad.dedup();
    assert!(bad.is_empty(), "street addresses the sources do not give (give the venue and town only, or the sourced {allowed}):\n{}", bad.join("\n"));
}

#[test]
fn the_street_scanner_finds_addresses_and_not_counts() {
    assert_eq!(
        street_addresses("Oslo Kongressenter, Youngs gate 21, 0181 Oslo; Rådhusplassen 1B og Maridalsveien 3."),
        ["gate 21", "Rådhusplassen 1B", "Maridalsveien 3"]
    );
    assert!(street_addresses("alle 15 bydelene, 2021–2024, plass til 30, veiledning 2 ganger, Oslo 2040").is_empty());
}

/// The district keys a page's front matter names under `key:`, as `[a, b]` or as a block list.
fn front_list(text: &str, key: &str) -> Vec<String> {
    let Some(body) = text.strip_prefix("---\n") else { return Vec::new() };
    let front = &body[..body.find("\n---\n").unwrap_or(body.len())];
    let mut lines = front.lines().skip_while(|l| !l.starts_with(&format!("{key}:")));
    let Some(first) = lines.next() else { return Vec::new() };
    let inline = first[key.len() + 1..].trim();
    let clean = |s: &str| s.trim().trim_matches('"').to_string();
    if let Some(list) = inline.strip_prefix('[') {
        return list.trim_end_matches(']').split(',').map(clean).filter(|s| !s.is_empty()).collect();
    }
    lines.map_while(|l| l.trim_start().strip_prefix("- ").filter(|_| l.starts_with(' '))).map(clean).collect()
}

#[test]
fn news_services_and_networks_name_in_their_text_every_district_they_are_tagged_with() {
    let district_name = |key: &str| {
        let page = std::fs::read_to_string(root().join(format!("content/bydeler/{key}.md"))).ok()?;
        front_value(&page, "title").map(|t| t.trim_start_matches("Bydel ").to_string())
    };
    let all_districts = std::fs::read_dir(root().join("content/bydeler"))
        .expect("bydeler")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().strip_suffix(".md").is_some_and(|stem| !stem.starts_with('_') && !stem.contains('.')))
        .count();
    let mut checked = 0;
    let mut bad = Vec::new();
    for kind in ["news", "service", "network"] {
        for (source, _) in pages_of_kind(kind) {
            let text = std::fs::read_to_string(root().join(format!("{source}.md"))).expect("page");
            let body = &text[4 + text[4..].find("\n---\n").expect("front matter") + 5..];
            let mut keys = front_list(&text, "districts");
            keys.extend(front_list(&text, "members").into_iter().filter(|m| district_name(m).is_some()));
            // A page for every district may say so once ("alle bydelene", "hver bydel") instead
            // of naming them all.
            let lower = body.to_lowercase();
            if keys.len() == all_districts && (lower.contains("alle bydelene") || lower.contains("hver bydel")) {
                checked += keys.len();
                continue;
            }
            for key in keys {
                let name = district_name(&key).unwrap_or_else(|| panic!("{source}: no district page for {key}"));
                checked += 1;
                if !body.contains(&name) {
                    bad.push(format!("{source}: tagged with {key}, but its text never names {name}"));
                }
            }
        }
    }
    assert!(checked >= 10, "only {checked} district tags checked: the scan is not looking");
    assert!(bad.is_empty(), "pages tagged with districts their text says nothing of:\n{}", bad.join("\n"));
    assert_eq!(front_list("---\ntitle: x\ndistricts: [frogner, \"alna\"]\n---\n", "districts"), ["frogner", "alna"]);
    assert_eq!(front_list("---\ndistricts:\n  - stovner\n  - sagene\ntopics:\n  - a\n---\n", "districts"), ["stovner", "sagene"]);
}

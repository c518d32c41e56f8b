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

#[test]
fn the_notice_is_on_every_page_and_in_every_newsletter_email() {
    let text = notice_text();
    let pages: Vec<(&String, &String)> = example().iter().filter(|(p, _)| p.ends_with(".html")).collect();
    assert!(pages.len() > 100, "only {} pages", pages.len());
    let mut emails = 0;
    for (path, html) in pages {
        assert!(html.contains(&text), "{path} lacks the notice");
        assert!(!html.contains("role=\"alert\""), "{path}: the notice must not be an alert");
        if path.ends_with("epost.html") {
            emails += 1;
            assert!(html.contains("<strong>Merk:</strong>"), "{path}: the e-mail's notice is not labelled");
            assert!(html.contains("href=\"https://korus.example.org/om/kilder/\""), "{path}: the e-mail's notice links to the sources page");
        } else {
            assert!(html.contains("aria-label=\"Merk\""), "{path}: the notice is not a labelled region");
            assert!(html.contains("href=\"/om/kilder/\""), "{path}: the notice links to the sources page");
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
        if text.contains("http-equiv=\"refresh\"") || dir == "sok/" || filters.iter().any(|f| dir.starts_with(f)) {
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

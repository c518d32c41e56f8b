//! The example site through the default theme, checked the way a reader and an auditor would:
//! built by the real binary, loaded in headless Chromium with axe-core (WCAG 2.1 A/AA at
//! 375 and 1280 px, no horizontal overflow, no console errors), and every page through the
//! Nu HTML checker.
//!
//! These tests need node, the npm devDependencies, /usr/bin/chromium and java: `scripts/setup`
//! installs them. When one is missing the tests FAIL with a message saying so; they never skip.
//! Screenshots of the checked pages land in `target/screenshots/` — look at them.

mod common;

use common::node::{node, show};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// A fixed "now", 2026-11-18 UTC, so that upcoming and past events are stable.
const NOW: &str = "1795000000";

/// Pages the accessibility check loads: home, a plan, a district, a course, the course list,
/// page 2 of the news listing, of the course list and of a topic, a plan's follow-up page,
/// the city plan's coverage page and the open data page.
const A11Y_PAGES: &[&str] = &[
    "/",
    "/planer/oslo-strategisk-plan/",
    "/bydeler/frogner/",
    "/kurs/kjentmann-2027/",
    "/kurs/",
    "/aktuelt/side/2/",
    "/kurs/side/2/",
    "/planer/frogner-russtrategi-2021-2024/oppfolging/",
    "/planer/oslo-strategisk-plan/dekning/",
    "/data/",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Cargo's target folder (the parent of the per-package temporary folder).
fn target_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().map_or(tmp.clone(), Path::to_path_buf)
}

fn planverk(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planverk")).args(args).arg("--root").arg(root).env("SOURCE_DATE_EPOCH", NOW).output().expect("run the planverk binary")
}

/// Builds the example site once per test run into `target/site-test/` and returns that folder.
fn example_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = target_dir().join("site-test");
        let _ = std::fs::remove_dir_all(&out);
        let run = Command::new(env!("CARGO_BIN_EXE_planverk"))
            .arg("build")
            .arg("--root")
            .arg(root())
            .arg("--output")
            .arg(&out)
            .env("SOURCE_DATE_EPOCH", NOW)
            .output()
            .expect("run the planverk binary");
        assert!(run.status.success(), "building the example site failed\n{}", show(&run));
        assert!(out.join("index.html").is_file(), "the build wrote no index.html into {}", out.display());
        out
    })
}

#[test]
fn example_site_has_no_accessibility_violations() {
    assert!(Path::new("/usr/bin/chromium").exists(), "/usr/bin/chromium is missing: run scripts/setup (apt-get install chromium)");
    let site = example_site();
    let shots = target_dir().join("screenshots");
    let pages: Vec<PathBuf> = A11Y_PAGES.iter().map(PathBuf::from).collect();
    let mut args: Vec<&Path> = vec![site, &shots];
    args.extend(pages.iter().map(PathBuf::as_path));
    let out = node("a11y.mjs", &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "axe-core / layout check failed\n{}", show(&out));
    let expected = format!("{} passed, 0 failed", A11Y_PAGES.len() * 2);
    assert!(stdout.contains(&expected), "expected `{expected}`\n{}", show(&out));
    for p in A11Y_PAGES {
        let slug = p.trim_matches('/').replace('/', "-");
        let slug = if slug.is_empty() { "index".to_string() } else { slug };
        for w in [375, 1280] {
            let shot = shots.join(format!("{slug}-{w}.png"));
            assert!(shot.is_file(), "no screenshot {}", shot.display());
        }
    }
}

#[test]
fn every_generated_page_is_valid_html() {
    let java = Command::new("java").arg("-version").output();
    assert!(java.is_ok_and(|o| o.status.success()), "java is missing (the Nu HTML checker needs it): run scripts/setup");
    let site = example_site();
    let out = node("vnu.mjs", &[site]);
    assert!(out.status.success(), "the Nu HTML checker found errors\n{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains(" passed, 0 failed"), "{}", show(&out));
}

#[test]
fn check_accepts_the_example_site() {
    let out = planverk(&["check"], &root());
    assert!(out.status.success(), "`planverk check` failed on the example site\n{}", show(&out));
}

fn strings(lang: &str) -> BTreeMap<String, String> {
    let path = root().join("themes/default/i18n").join(format!("{lang}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_ui_string_has_nynorsk_and_english() {
    let nb = strings("nb");
    for lang in ["nn", "en"] {
        let other = strings(lang);
        let missing: Vec<_> = nb.keys().filter(|k| !other.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang}.toml lacks {missing:?}");
        let extra: Vec<_> = other.keys().filter(|k| !nb.contains_key(*k)).collect();
        assert!(extra.is_empty(), "{lang}.toml has keys nb.toml lacks: {extra:?}");
    }
    // Real translations, not copies of the Bokmål table.
    let (nn, en) = (strings("nn"), strings("en"));
    let same_en: Vec<_> = nb.iter().filter(|(k, v)| en.get(*k) == Some(v)).map(|(k, _)| k.as_str()).collect();
    assert!(same_en.len() * 5 < nb.len(), "en.toml repeats the Bokmål text of {same_en:?}");
    for key in ["skip_to_content", "main_menu", "not_found_title", "upcoming_courses", "accessibility"] {
        assert_ne!(nb[key], nn[key], "nn.toml `{key}` is still Bokmål");
        assert_ne!(nb[key], en[key], "en.toml `{key}` is still Bokmål");
    }
}

/// Copies the example site with `language` set, builds it, and returns the home page.
fn home_page_in(lang: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    // The example in bokmål only, its default language then switched.
    common::copy_example_one_language(dir.path());
    let config = std::fs::read_to_string(dir.path().join("config.toml")).expect("read config.toml");
    let config: String = config
        .lines()
        .map(|l| if l.trim_start().starts_with("language") { format!("language = \"{lang}\"") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("config.toml"), config).expect("write config");
    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_planverk"))
        .arg("build")
        .arg("--root")
        .arg(dir.path())
        .arg("--output")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", NOW)
        .output()
        .expect("run the planverk binary");
    assert!(run.status.success(), "building the example site in `{lang}` failed\n{}", show(&run));
    std::fs::read_to_string(out.join("index.html")).expect("index.html")
}

#[test]
fn ui_language_follows_config() {
    let nb = std::fs::read_to_string(example_site().join("index.html")).expect("index.html");
    assert!(nb.contains("<html lang=\"nb\">") && nb.contains("Hopp til hovedinnhold"));
    let nn = home_page_in("nn");
    assert!(nn.contains("<html lang=\"nn\">"), "the nn build does not say lang=\"nn\"");
    assert!(nn.contains("Hopp til hovudinnhaldet"), "the nn build does not use the Nynorsk skip link");
    let en = home_page_in("en");
    assert!(en.contains("<html lang=\"en\">"), "the en build does not say lang=\"en\"");
    assert!(en.contains("Skip to main content") && en.contains("Accessibility statement"), "the en build is not in English");
}

#[test]
fn theme_uses_no_external_resources() {
    let site = example_site();
    let home = std::fs::read_to_string(site.join("index.html")).expect("index.html");
    for bad in ["<script src=\"http", "<link rel=\"stylesheet\" href=\"http", "fonts.googleapis", "cdn."] {
        assert!(!home.contains(bad), "the home page loads an external resource: {bad}");
    }
    let css = std::fs::read_to_string(site.join("style.css")).expect("style.css");
    assert!(!css.contains("@import") && !css.contains("url(http"), "style.css loads an external resource");
    assert!(site.join("print.css").is_file(), "print.css is missing");
}

#[test]
fn filters_work_with_and_without_javascript() {
    assert!(Path::new("/usr/bin/chromium").exists(), "/usr/bin/chromium is missing: run scripts/setup (apt-get install chromium)");
    let site = example_site();
    let out = node("filters.mjs", &[site, Path::new("/planer/frogner-russtrategi-2021-2024/"), Path::new("/kurs/")]);
    assert!(out.status.success(), "the filter check failed\n{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains(" passed, 0 failed"), "{}", show(&out));
}

#[test]
fn search_works_from_the_header_box_the_keyboard_and_the_search_page() {
    assert!(Path::new("/usr/bin/chromium").exists(), "/usr/bin/chromium is missing: run scripts/setup (apt-get install chromium)");
    let site = example_site();
    let query = "sondre nordstrand";
    let cli = planverk(&["search", "--json", "--limit", "1", query], &root());
    assert!(cli.status.success(), "{}", show(&cli));
    let results: serde_json::Value = serde_json::from_slice(&cli.stdout).expect("search --json prints JSON");
    let expected = results[0]["url"].as_str().expect("the CLI finds something").to_string();
    let out = node("search.mjs", &[site, Path::new(query), Path::new(&expected)]);
    assert!(out.status.success(), "the search check failed\n{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains(" passed, 0 failed"), "{}", show(&out));
}

/// Pages whose labels once broke: the follow-up page's status pills and chart, the coverage
/// page's chart and table, and the search page's filter selects.
const LABEL_PAGES: &[&str] = &["/planer/frogner-russtrategi-2021-2024/oppfolging/", "/planer/oslo-strategisk-plan/dekning/", "/sok/"];

#[test]
fn labels_wrap_between_words_at_320_and_1280_px() {
    assert!(Path::new("/usr/bin/chromium").exists(), "/usr/bin/chromium is missing: run scripts/setup (apt-get install chromium)");
    let site = example_site();
    let mut args: Vec<&Path> = vec![site];
    args.extend(LABEL_PAGES.iter().map(Path::new));
    let out = node("labels.mjs", &args);
    assert!(out.status.success(), "the label check failed\n{}", show(&out));
    let expected = format!("{} passed, 0 failed", LABEL_PAGES.len() * 2);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&expected), "expected `{expected}`\n{}", show(&out));
}

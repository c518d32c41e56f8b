//! The follow-up fixture's new pages in real clients: axe-core in headless Chromium (0
//! violations), the Nu HTML checker (0 errors) on every page, and the follow-up page printed
//! to PDF by Chromium: one A4 page, counted with `pdfinfo` (poppler-utils, `scripts/setup`).
//! Missing tools make these tests fail with a message; they never skip.

mod common;
mod followup_site;

use common::node::show;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use followup_site::Fixture;

/// The pages this issue adds, and the plan page that now shows timelines.
const NEW_PAGES: &[&str] = &["/planer/handlingsplan/oppfolging/", "/planer/byplan/dekning/", "/data/", "/planer/handlingsplan/"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn node(script: &str, args: &[&Path]) -> Output {
    for pkg in ["playwright-core", "axe-core", "vnu-jar"] {
        assert!(root().join("node_modules").join(pkg).is_dir(), "node_modules/{pkg} is missing: run scripts/setup");
    }
    assert!(Path::new("/usr/bin/chromium").exists(), "/usr/bin/chromium is missing: run scripts/setup");
    Command::new("node").current_dir(root()).arg(root().join("tests/browser").join(script)).args(args).output().expect("run node (scripts/setup)")
}

#[test]
fn new_pages_have_no_accessibility_violations() {
    let fx = Fixture::new();
    fx.built();
    let shots = fx.root().join("shots");
    let pages: Vec<PathBuf> = NEW_PAGES.iter().map(PathBuf::from).collect();
    let out_dir = fx.out();
    let mut args: Vec<&Path> = vec![&out_dir, &shots];
    args.extend(pages.iter().map(PathBuf::as_path));
    let out = node("a11y.mjs", &args);
    assert!(out.status.success(), "axe-core / layout check failed\n{}", show(&out));
    let expected = format!("{} passed, 0 failed", NEW_PAGES.len() * 2);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&expected), "expected `{expected}`\n{}", show(&out));
}

#[test]
fn every_fixture_page_is_valid_html() {
    let fx = Fixture::new();
    fx.built();
    let out = node("vnu.mjs", &[&fx.out()]);
    assert!(out.status.success(), "the Nu HTML checker found errors\n{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains(" passed, 0 failed"), "{}", show(&out));
}

#[test]
fn followup_page_of_twenty_measures_prints_on_one_a4_page() {
    let fx = Fixture::new();
    fx.built();
    let pdfs = fx.root().join("pdf");
    let out = node("print.mjs", &[&fx.out(), &pdfs, Path::new("/planer/handlingsplan/oppfolging/")]);
    assert!(out.status.success(), "printing failed\n{}", show(&out));
    let pdf = pdfs.join("planer-handlingsplan-oppfolging.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap_or_else(|e| panic!("can't run pdfinfo ({e}): run scripts/setup (poppler-utils)"));
    let text = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(info.status.success(), "pdfinfo failed\n{}", show(&info));
    let field = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).unwrap_or_else(|| panic!("no {name} in\n{text}")).to_string();
    assert_eq!(field("Pages:"), "1", "the status report is one page\n{text}");
    assert!(field("Page size:").contains("(A4)"), "A4 paper\n{text}");
    // The PDF is the page: its text has the total row's numbers.
    let words = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let words = String::from_utf8_lossy(&words.stdout);
    assert!(words.contains("Totalt"), "{words}");
    assert!(words.contains("Fristen er passert"), "{words}");
}

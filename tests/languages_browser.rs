//! Language versions checked as an auditor would: every HTML page of the three-language
//! fixture through the Nu HTML checker, and the language switcher and a nynorsk page in
//! headless Chromium with axe-core (no violations, `<html lang="nn">`, every switcher link
//! with `lang` and `hreflang` and reached by Tab), and `serve`'s panel for a translation
//! behind its original.
//!
//! These tests need node, the npm devDependencies, /usr/bin/chromium and java: `scripts/setup`
//! installs them. When one is missing the tests FAIL with a message saying so; they never skip.

mod common;
mod languages_site;

use common::node::{node, show};

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_page_of_a_three_language_build_is_valid_html() {
    let java = Command::new("java").arg("-version").output();
    assert!(java.is_ok_and(|o| o.status.success()), "java is missing (the Nu HTML checker needs it): run scripts/setup");
    let site = languages_site::with_references();
    site.build().assert_ok();
    let pages = site.output_tree().keys().filter(|p| p.extension().is_some_and(|e| e == "html")).count();
    assert!(pages >= 30, "only {pages} pages");
    let out = node("vnu.mjs", &[&site.public()]);
    assert!(out.status.success(), "the Nu HTML checker found errors\n{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("{pages} passed, 0 failed")), "{}", show(&out));
}

#[test]
fn the_switcher_and_a_nynorsk_page_pass_axe_and_the_keyboard() {
    assert!(Path::new("/usr/bin/chromium").exists(), "/usr/bin/chromium is missing: run scripts/setup (apt-get install chromium)");
    let site = languages_site::with_references();
    site.build().assert_ok();
    let pages = ["/", "/nn/kurs/mi-grunnkurs/", "/nn/aktuelt/", "/en/our-partners/"].map(PathBuf::from);
    let public = site.public();
    let nn = PathBuf::from("nn");
    let mut args: Vec<&Path> = vec![&public, &nn];
    args.extend(pages.iter().map(PathBuf::as_path));
    let out = node("languages.mjs", &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the language checks failed in Chromium\n{}", show(&out));
    assert!(stdout.contains("ok   /nn/kurs/mi-grunnkurs/: <html lang=\"nn\">"), "{}", show(&out));
    assert!(stdout.contains("ok   /: Tab reaches [\"/en/\",\"/nn/\"]"), "the home page's switcher by keyboard\n{}", show(&out));
    assert!(stdout.contains("ok   /nn/kurs/mi-grunnkurs/: switcher link /kurs/mi-grunnkurs/ \"Bokmål\" lang=nb hreflang=nb"), "{}", show(&out));
    assert!(stdout.contains(" 0 failed"), "{}", show(&out));
}

#[test]
fn serve_shows_a_translation_behind_in_a_panel_that_leaves_the_page_usable() {
    assert!(Path::new("/usr/bin/chromium").exists(), "/usr/bin/chromium is missing: run scripts/setup (apt-get install chromium)");
    let behind = languages_site::md("title: Nyheit A\ndate: 2026-10-01\n", "Tekst.\n");
    let fixed = languages_site::md("title: Nyheit A\ndate: 2026-10-07\n", "Tekst.\n");
    let site = languages_site::three_languages().file("content/aktuelt/a.nn.md", &behind);
    let server = common::server::Server::start(site.root());
    let url = format!("http://127.0.0.1:{}/om/", server.port);
    let file = site.root().join("content/aktuelt/a.nn.md");
    let out = Command::new("node")
        .current_dir(root())
        .arg(root().join("tests/browser/warnings.mjs"))
        .args([url.as_str(), &file.to_string_lossy(), "W-TRANSLATION-BEHIND", &fixed, &behind])
        .output()
        .unwrap_or_else(|e| panic!("can't run `node` ({e}): install Node.js and run scripts/setup"));
    assert!(out.status.success(), "warnings.mjs failed\n{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("5 passed, 0 failed"), "{}", show(&out));
}

//! Pictures checked as a reader and an auditor would: a news article with a picture at its
//! top, photos, a PNG, a decorative picture and a PDF in its text, its listing and a course
//! catalogue with picture cards, in headless Chromium on a 375 px phone and a 1,280 px
//! desktop (every picture decoded, sized, WebP, the right variant for the screen, no failed
//! request, axe-core clean) and through the Nu HTML checker.
//!
//! These tests need node, the npm devDependencies, /usr/bin/chromium and java: `scripts/setup`
//! installs them. When one is missing the tests FAIL with a message saying so; they never skip.

mod common;

use common::Site;
use common::node::{node, show};
use common::pictures::{jpeg, png};

use std::path::Path;
use std::process::Command;

fn site_with_pictures() -> Site {
    let session = |d: &str| format!("sessions:\n  - start: {d}T09:00\n    end: {d}T15:00");
    Site::new()
        .file("content/_index.md", "---\ntitle: Forside\n---\nVelkommen.\n")
        .file("content/aktuelt/_index.md", "---\ntitle: Aktuelt\nkind: news\n---\n")
        .page(
            "content/aktuelt/sak/index.md",
            "title: Nytt kart over tilbudene\ndate: 2026-05-01\nsummary: Kartet viser tilbudene i bydelene.\nimage: { src: topp.jpg, alt: \"Oversiktskart over Oslo med bydelsgrensene\" }",
            "Kartet er laget for å vise hvor tilbudene ligger.\n\n\
             ![Kart over tilbudene i indre by](kart.jpg)\n\n\
             Et skjermbilde av søket:\n\n![Søkefeltet med ordet «lavterskel»](skjerm.png)\n\n\
             ![\"\"](pynt.png)\n\n\
             Les [hele rapporten](vedlegg/rapport.pdf).\n",
        )
        .bytes("content/aktuelt/sak/topp.jpg", &jpeg(2400, 1200))
        .bytes("content/aktuelt/sak/kart.jpg", &jpeg(2000, 1500))
        .bytes("content/aktuelt/sak/skjerm.png", &png(800, 400))
        .bytes("content/aktuelt/sak/pynt.png", &png(600, 60))
        .bytes("content/aktuelt/sak/vedlegg/rapport.pdf", b"%PDF-1.4\n%%EOF\n")
        .file("content/kurs/_index.md", "---\ntitle: Kurs\nkind: course\n---\n")
        .page(
            "content/kurs/mi/index.md",
            &format!("title: Grunnkurs i MI\n{}\nimage: {{ src: sal.jpg, alt: \"Kurssalen med stoler i ring\" }}", session("2030-03-01")),
            "Om kurset.\n",
        )
        .bytes("content/kurs/mi/sal.jpg", &jpeg(1800, 1200))
        .page("content/kurs/rus.md", &format!("title: Fagdag om rus\n{}", session("2030-04-01")), "Om fagdagen.\n")
}

#[test]
fn pictures_load_sized_in_webp_at_the_width_each_screen_needs() {
    assert!(Path::new("/usr/bin/chromium").exists(), "/usr/bin/chromium is missing: run scripts/setup (apt-get install chromium)");
    let site = site_with_pictures();
    site.build().assert_ok();
    let out = node("images.mjs", &[site.public().to_string_lossy().as_ref(), "/aktuelt/sak/", "/aktuelt/", "/kurs/"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the picture checks failed in Chromium\n{}", show(&out));
    // The article's four pictures and the two cards, at both widths.
    assert!(stdout.contains("ok   /aktuelt/sak/ @375: 4 pictures"), "{}", show(&out));
    assert!(stdout.contains("ok   /kurs/ @1280: 1 pictures"), "{}", show(&out));
    assert!(stdout.contains("@375: /aktuelt/sak/kart.") && stdout.contains("at 375 px gets the 480 px variant"), "{}", show(&out));
    assert!(stdout.contains("at 1280 px gets the 960 px variant"), "{}", show(&out));
    assert!(stdout.contains(" 0 failed"), "{}", show(&out));
}

#[test]
fn every_page_with_pictures_is_valid_html() {
    let java = Command::new("java").arg("-version").output();
    assert!(java.is_ok_and(|o| o.status.success()), "java is missing (the Nu HTML checker needs it): run scripts/setup");
    let site = site_with_pictures();
    site.build().assert_ok();
    let pages = site.output_tree().keys().filter(|p| p.extension().is_some_and(|e| e == "html")).count();
    let out = node("vnu.mjs", &[&site.public()]);
    assert!(out.status.success(), "the Nu HTML checker found errors\n{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("{pages} passed, 0 failed")), "{}", show(&out));
}

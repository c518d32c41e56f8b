//! `image:` in front matter: the page's picture at its top, small on its cards, as
//! `og:image` under the sub-path, and its alt text and file checked like a Markdown image's.

mod common;

use common::Site;
use common::pictures::jpeg;

/// The published name of the `width` variant of `kart.jpg` in `ext`, as `html` names it
/// (`kart.<hash>.480.webp`).
fn variant(html: &str, width: u32, ext: &str) -> String {
    let at = html.find("/aktuelt/sak/kart.").unwrap_or_else(|| panic!("no variant of kart.jpg:\n{html}")) + "/aktuelt/sak/kart.".len();
    format!("kart.{}.{width}.{ext}", &html[at..at + 8])
}

/// A news section with one article that has a picture beside it.
pub fn site_with_image() -> Site {
    Site::new()
        .file("content/aktuelt/_index.md", "---\ntitle: Aktuelt\nkind: news\n---\n")
        .page(
            "content/aktuelt/sak/index.md",
            "title: Sak\ndate: 2026-05-01\nsummary: Om kartet\nimage: { src: kart.jpg, alt: \"Kart over bydelene\" }",
            "Tekst om kartet.\n",
        )
        .bytes("content/aktuelt/sak/kart.jpg", &jpeg(1000, 500))
}

#[test]
fn the_page_shows_its_picture_at_the_top_and_cards_show_it_small() {
    let site = site_with_image();
    site.build().assert_ok();
    let html = site.output("aktuelt/sak/index.html");
    let top = html.split("<div class=\"page-image\">").nth(1).unwrap_or_else(|| panic!("no picture at the top:\n{html}"));
    let top = &top[..top.find("</div>").unwrap()];
    let v = |w: u32, ext: &str| variant(top, w, ext);
    assert!(top.starts_with(&format!("<picture><source type=\"image/webp\" srcset=\"/aktuelt/sak/{} 480w", v(480, "webp"))), "{top}");
    assert!(top.contains("width=\"1000\" height=\"500\" alt=\"Kart over bydelene\""), "{top}");
    assert!(top.contains("sizes=\""), "{top}");
    assert!(!top.contains("loading=\"lazy\""), "the picture at the top is in view:\n{top}");
    let list = site.output("aktuelt/index.html");
    let card = list.split("class=\"card-image\"").nth(1).unwrap_or_else(|| panic!("no picture on the card:\n{list}"));
    let card = &card[..card.find("</picture>").unwrap()];
    assert!(card.contains(&format!("srcset=\"/aktuelt/sak/{}\"", v(480, "webp"))), "{card}");
    assert!(
        // The first picture of the listing page is likely in view: not lazy.
        card.contains(&format!("src=\"/aktuelt/sak/{}\" width=\"480\" height=\"240\" alt=\"Kart over bydelene\" decoding=\"async\"", v(480, "jpg"))),
        "{card}"
    );
    for name in [v(480, "jpg"), v(480, "webp"), v(960, "jpg"), v(1000, "webp")] {
        assert!(site.has_output(&format!("aktuelt/sak/{name}")), "variant {name} is published");
    }
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"), "{html}");
    // A page without a picture keeps the small summary card.
    assert!(list.contains("<meta name=\"twitter:card\" content=\"summary\">"), "{list}");
}

#[test]
fn og_image_is_absolute_and_under_the_sub_path() {
    let site = site_with_image();
    site.cmd("build", &["--base-url", "https://example.org/sub"]).assert_ok();
    let html = site.output("aktuelt/sak/index.html");
    let v = |w: u32, ext: &str| variant(&html, w, ext);
    assert!(html.contains(&format!("<meta property=\"og:image\" content=\"https://example.org/sub/aktuelt/sak/{}\">", v(1000, "jpg"))), "{html}");
    assert!(html.contains("<meta property=\"og:image:width\" content=\"1000\">"), "{html}");
    assert!(html.contains("<meta property=\"og:image:height\" content=\"500\">"), "{html}");
    assert!(html.contains("<meta property=\"og:image:alt\" content=\"Kart over bydelene\">"), "{html}");
    assert!(html.contains(&format!("srcset=\"/sub/aktuelt/sak/{} 480w", v(480, "webp"))), "the page's picture is under the sub-path too:\n{html}");
    let list = site.output("aktuelt/index.html");
    assert!(list.contains(&format!("src=\"/sub/aktuelt/sak/{}\"", v(480, "jpg"))), "{list}");
}

#[test]
fn a_missing_or_empty_alt_is_an_error_at_the_field() {
    let site = Site::new().page("content/a/index.md", "title: A\nimage:\n  src: kart.jpg\n  alt: \"\"", "Tekst\n").bytes("content/a/kart.jpg", &jpeg(20, 10));
    let e = site.single_error();
    assert_eq!(e.code, "E-NO-ALT", "{e:#?}");
    assert_eq!(e.at(), ("content/a/index.md", 5, 8), "{e:#?}");
    assert!(e.help().contains("alt"), "{e:#?}");
    let site = Site::new().page("content/a/index.md", "title: A\nimage: { src: kart.jpg }", "Tekst\n").bytes("content/a/kart.jpg", &jpeg(20, 10));
    let e = site.single_error();
    assert_eq!(e.code, "E-NO-ALT", "{e:#?}");
    assert_eq!(e.at(), ("content/a/index.md", 3, 8), "{e:#?}");
}

#[test]
fn a_missing_file_is_an_error_with_the_nearest_names() {
    let site =
        Site::new().page("content/a/index.md", "title: A\nimage: { src: krat.jpg, alt: \"Kart\" }", "Tekst\n").bytes("content/a/kart.jpg", &jpeg(20, 10));
    let e = site.single_error();
    assert_eq!(e.code, "E-MISSING-FILE", "{e:#?}");
    assert_eq!(e.at(), ("content/a/index.md", 3, 15), "{e:#?}");
    assert!(e.help().contains("kart.jpg"), "{e:#?}");
    // A site path is looked for in static/.
    let site =
        Site::new().page("content/a.md", "title: A\nimage: { src: /bilder/x.jpg, alt: \"Kart\" }", "Tekst\n").bytes("static/bilder/x.jpg", &jpeg(20, 10));
    site.build().assert_ok();
    assert!(site.output("a/index.html").contains("alt=\"Kart\""));
}

#[test]
fn the_course_catalogue_shows_a_course_picture_on_its_card() {
    let site = Site::new()
        .file("content/kurs/_index.md", "---\ntitle: Kurs\nkind: course\n---\n")
        .page(
            "content/kurs/mi/index.md",
            "title: Grunnkurs i MI\nsessions:\n  - start: 2030-03-01T09:00\n    end: 2030-03-01T15:00\nimage: { src: sal.jpg, alt: \"Kurssalen med stoler i ring\" }",
            "Om kurset.\n",
        )
        .page("content/kurs/uten.md", "title: Kurs uten bilde\nsessions:\n  - start: 2030-04-01T09:00\n    end: 2030-04-01T15:00", "Om kurset.\n")
        .bytes("content/kurs/mi/sal.jpg", &jpeg(1200, 600));
    site.build().assert_ok();
    let list = site.output("kurs/index.html");
    let cards: Vec<&str> = list.split("<li class=\"card card-course").skip(1).collect();
    assert_eq!(cards.len(), 2, "{list}");
    let with = cards.iter().find(|c| c.contains("Grunnkurs i MI")).unwrap();
    let picture = with.split("<picture class=\"card-image\">").nth(1).unwrap_or_else(|| panic!("no picture on the course card:\n{with}"));
    assert!(picture.contains("type=\"image/webp\" srcset=\"/kurs/mi/sal."), "{picture}");
    // The first card's picture is the first of the page: not lazy.
    assert!(picture.contains("width=\"480\" height=\"240\" alt=\"Kurssalen med stoler i ring\" decoding=\"async\""), "{picture}");
    let without = cards.iter().find(|c| c.contains("Kurs uten bilde")).unwrap();
    assert!(!without.contains("<picture"), "{without}");
}

//! `image:` in front matter: the page's picture at its top, small on its cards, as
//! `og:image` under the sub-path, and its alt text and file checked like a Markdown image's.

mod common;

use common::Site;

/// A JPEG of `w` × `h` pixels (a gradient, so it is a real picture to resize).
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 102]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
    out
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
    assert!(top.starts_with("<picture><source type=\"image/webp\" srcset=\"/aktuelt/sak/kart-480w.webp 480w"), "{top}");
    assert!(top.contains("width=\"1000\" height=\"500\" alt=\"Kart over bydelene\""), "{top}");
    assert!(top.contains("sizes=\""), "{top}");
    assert!(!top.contains("loading=\"lazy\""), "the picture at the top is in view:\n{top}");
    let list = site.output("aktuelt/index.html");
    let card = list.split("class=\"card-image\"").nth(1).unwrap_or_else(|| panic!("no picture on the card:\n{list}"));
    let card = &card[..card.find("</picture>").unwrap()];
    assert!(card.contains("srcset=\"/aktuelt/sak/kart-480w.webp\""), "{card}");
    assert!(card.contains("src=\"/aktuelt/sak/kart-480w.jpg\" width=\"480\" height=\"240\" alt=\"Kart over bydelene\" loading=\"lazy\""), "{card}");
    for v in ["kart-480w.jpg", "kart-480w.webp", "kart-960w.jpg", "kart-1000w.webp"] {
        assert!(site.has_output(&format!("aktuelt/sak/{v}")), "variant {v} is published");
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
    assert!(html.contains("<meta property=\"og:image\" content=\"https://example.org/sub/aktuelt/sak/kart-1000w.jpg\">"), "{html}");
    assert!(html.contains("<meta property=\"og:image:width\" content=\"1000\">"), "{html}");
    assert!(html.contains("<meta property=\"og:image:height\" content=\"500\">"), "{html}");
    assert!(html.contains("<meta property=\"og:image:alt\" content=\"Kart over bydelene\">"), "{html}");
    assert!(html.contains("srcset=\"/sub/aktuelt/sak/kart-480w.webp 480w"), "the page's picture is under the sub-path too:\n{html}");
    let list = site.output("aktuelt/index.html");
    assert!(list.contains("src=\"/sub/aktuelt/sak/kart-480w.jpg\""), "{list}");
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
    let site = Site::new().page("content/a.md", "title: A\nimage: { src: /bilder/x.jpg, alt: \"Kart\" }", "Tekst\n").bytes("static/bilder/x.jpg", &jpeg(20, 10));
    site.build().assert_ok();
    assert!(site.output("a/index.html").contains("alt=\"Kart\""));
}

//! What a build publishes, seen from the output folder: templates overridden by the site and
//! its theme, static files and content assets, sitemap, robots.txt, 404 and alias pages,
//! section order, heading anchors and table of contents, `@/` links and highlighted code.

mod common;

use common::Site;

fn page(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\n{body}")
}

#[test]
fn site_templates_override_the_theme_and_the_default_by_name() {
    let site = Site::new()
        .config(&format!("{}theme = \"egen\"\n", common::DEFAULT_CONFIG))
        .file("content/a.md", &page("A", "", "Tekst\n"))
        .file("content/b.md", &page("B", "template: spesial.html\n", "Tekst\n"))
        .file("themes/egen/templates/page.html", "TEMA {{ page.title }}")
        .file("themes/egen/static/tema.css", "body{}")
        .file("templates/spesial.html", "SIDE {{ page.title }} {{ page.content | safe }}");
    site.build().assert_ok();
    assert_eq!(site.output("a/index.html"), "TEMA A", "the theme's page.html replaces the built-in one");
    assert_eq!(site.output("b/index.html").trim(), "SIDE B <p>Tekst</p>", "`template:` picks the site's own template");
    assert_eq!(site.output("tema.css"), "body{}", "the theme's static files are copied");
    assert!(site.output("404.html").contains("<main"), "templates the theme leaves out come from the built-in theme");
}

#[test]
fn the_sites_templates_win_over_its_theme() {
    let site = Site::new()
        .config(&format!("{}theme = \"egen\"\n", common::DEFAULT_CONFIG))
        .file("content/a.md", &page("A", "", ""))
        .file("themes/egen/templates/page.html", "TEMA")
        .file("templates/page.html", "SIDEN");
    site.build().assert_ok();
    assert_eq!(site.output("a/index.html"), "SIDEN");
}

#[test]
fn a_missing_theme_or_template_is_an_error() {
    let site = Site::new().config(&format!("{}theme = \"borte\"\n", common::DEFAULT_CONFIG)).file("content/a.md", &page("A", "", ""));
    site.build().assert_fails();
    let e = site.single_error();
    assert_eq!((e.file.as_str(), e.code.as_str()), ("config.toml", "E-THEME"), "{e:#?}");
    assert!(e.message.contains("borte"), "{e:#?}");
    let site = Site::new().file("content/a.md", &page("A", "template: finnes-ikke.html\n", ""));
    site.build().assert_fails();
    let e = site.single_error();
    assert_eq!((e.file.as_str(), e.code.as_str()), ("content/a.md", "E-TEMPLATE"), "{e:#?}");
    assert!(e.message.contains("finnes-ikke.html"), "{e:#?}");
}

#[test]
fn static_files_and_content_assets_are_copied_and_static_wins() {
    let site = Site::new()
        .file("content/aktuelt/sak.md", &page("Sak", "", "[Notat](notat.odt)\n"))
        .bytes("content/aktuelt/notat.odt", b"PK fake")
        .file("static/filer/plan.pdf", "%PDF fake")
        .file("static/robots.txt", "User-agent: *\nDisallow: /utkast/\n");
    site.build().assert_ok();
    assert_eq!(std::fs::read(site.public().join("aktuelt/notat.odt")).unwrap(), b"PK fake");
    assert_eq!(site.output("filer/plan.pdf"), "%PDF fake");
    assert_eq!(site.output("robots.txt"), "User-agent: *\nDisallow: /utkast/\n", "the site's own robots.txt replaces the generated one");
}

#[test]
fn sitemap_robots_404_and_alias_redirects() {
    let site = Site::new()
        .file("content/_index.md", &page("Hjem", "", ""))
        .file("content/aktuelt/ny.md", &page("Ny & fin", "date: 2027-03-01\naliases: [/gammel/sak/]\n", ""));
    site.build().assert_ok();
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://test.example.org/aktuelt/ny/</loc><lastmod>2027-03-01</lastmod>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://test.example.org/</loc>"));
    assert!(site.output("robots.txt").contains("Sitemap: https://test.example.org/sitemap.xml"));
    assert!(site.output("404.html").contains("Fant ikke siden"));
    let alias = site.output("gammel/sak/index.html");
    assert!(alias.contains("url=/aktuelt/ny/") && alias.contains("href=\"https://test.example.org/aktuelt/ny/\""), "{alias}");
    assert!(alias.contains("Ny &amp; fin"), "titles are escaped: {alias}");
}

#[test]
fn sections_list_pages_by_weight_then_newest_first() {
    let site = Site::new()
        .file("content/aktuelt/_index.md", &page("Aktuelt", "kind: news\n", ""))
        .file("content/aktuelt/eldst.md", &page("Eldst", "date: 2026-01-01\n", ""))
        .file("content/aktuelt/nyest.md", &page("Nyest", "date: 2026-06-01\n", ""))
        .file("content/aktuelt/fast.md", &page("Festet", "weight: 1\ndate: 2025-01-01\n", ""));
    site.build().assert_ok();
    let list = site.output("aktuelt/index.html");
    let at = |t: &str| list.find(&format!(">{t}<")).unwrap_or_else(|| panic!("{t} is not listed"));
    assert!(at("Festet") < at("Nyest") && at("Nyest") < at("Eldst"), "weight first, then newest first");
}

#[test]
fn headings_get_anchors_and_internal_links_resolve() {
    let body = "## Første del\n\nSe [planen](@/planer/p.md#S1-A) og [kurset](@/kurs/k.md).\n\n## Første del\n\n```rust\nfn main() {}\n```\n";
    let site = Site::new()
        .file("content/om.md", &page("Om", "", body))
        .file(
            "content/planer/p.md",
            &page("P", "kind: plan\nstrategies:\n  - id: S1\n    title: S\n    measures:\n      - id: S1-A\n        title: Tiltak\n", ""),
        )
        .file("content/kurs/k.md", &page("K", "kind: course\nslug: kurset-vart\n", ""));
    site.build().assert_ok();
    let html = site.output("om/index.html");
    assert!(html.contains("<h2 id=\"forste-del\">") && html.contains("<h2 id=\"forste-del-1\">"), "ids from the text, unique: {html}");
    assert!(html.contains("href=\"#forste-del\""), "an anchor link on the heading");
    assert!(html.contains("href=\"/planer/p/#S1-A\""), "`@/` link to an item");
    assert!(html.contains("href=\"/kurs/kurset-vart/\""), "`@/` link follows the slug");
    assert!(html.contains("class=\"hl-"), "code is highlighted with classes");
    assert!(!html.contains("style=\""), "no inline styles");
    assert!(site.output("highlight.css").contains(".hl-"), "the highlight stylesheet is generated");
    assert!(site.output("planer/p/index.html").contains("id=\"S1-A\""), "plan items carry their id as anchor");
}

#[test]
fn norwegian_letters_in_file_names_become_plain_slugs() {
    let site = Site::new().file("content/bydeler/Søndre Nordstrand.md", &page("Bydel Søndre Nordstrand", "", ""));
    site.build().assert_ok();
    assert!(site.has_output("bydeler/sondre-nordstrand/index.html"));
}

#[test]
fn fields_are_escaped_in_html() {
    let site = Site::new().file("content/a.md", &page("\"<script>alert(1)</script>\"", "summary: \"<b>fet</b> & sånn\"\n", ""));
    site.build().assert_ok();
    let html = site.output("a/index.html");
    assert!(!html.contains("<script>alert") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
    assert!(html.contains("&lt;b&gt;fet&lt;/b&gt; &amp; sånn"));
}

#[test]
fn links_to_headings_of_other_pages_are_checked() {
    let site = Site::new()
        .file("content/om.md", &page("Om", "", "## Kontakt oss\n\nTekst.\n"))
        .file("content/a.md", &page("A", "", "Se [kontakt](@/om.md#kontakt-oss).\n"))
        .file("content/b.md", &page("B", "", "Første linje.\n\nSe [kontakt](@/om.md#kontakt).\n"));
    let (run, diags) = site.check_json();
    assert!(!run.ok());
    assert_eq!(diags.len(), 1, "only the broken anchor: {diags:?}");
    let d = &diags[0];
    assert_eq!((d.file.as_str(), d.line, d.column), ("content/b.md", 6, 4));
    assert_eq!(d.code, "E-MISSING-ANCHOR", "{d:?}");
    assert_eq!(d.help.as_deref(), Some("the nearest headings are: kontakt-oss"));
}

#[test]
fn template_errors_point_at_the_template() {
    let site = Site::new().file("content/a.md", &page("A", "", "")).file("templates/page.html", "<p>\n{{ page.title }\n</p>\n");
    let (run, diags) = site.check_json();
    assert!(!run.ok());
    let d = &diags[0];
    assert_eq!((d.file.as_str(), d.line, d.column), ("templates/page.html", 2, 15), "{d:?}");
    assert_eq!(d.code, "E-TEMPLATE", "{d:?}");
    assert_eq!(d.source_line.as_deref(), Some("{{ page.title }"));

    site.write("templates/page.html", "<p>\n{{ page.nope.x }}\n</p>\n");
    let (_, diags) = site.check_json();
    let d = &diags[0];
    assert_eq!((d.file.as_str(), d.code.as_str()), ("templates/page.html", "E-TEMPLATE"));
    assert!(d.message.contains("content/a.md") && d.message.contains("page.nope.x"), "{}", d.message);
}

#[test]
fn config_page_paths_must_lead_to_pages() {
    let config = format!(
        "{}featured = \"kurs/mangler\"\n\n[[menu]]\nlabel = \"Planer\"\npath = \"planer\"\n\n[[menu]]\nlabel = \"Kurs\"\npath = \"kuurs\"\n\n[[menu]]\nlabel = \"Kart\"\npath = \"/kart/\"\n",
        common::DEFAULT_CONFIG
    );
    let site = Site::new()
        .config(&config)
        .file("content/planer/_index.md", &page("Planer", "", ""))
        .file("content/kurs/_index.md", &page("Kurs", "kind: course\n", ""));
    let (run, diags) = site.check_json();
    assert!(!run.ok());
    let at: Vec<(&str, u32, &str)> = diags.iter().map(|d| (d.file.as_str(), d.line, d.code.as_str())).collect();
    assert_eq!(at, [("config.toml", 5, "E-MISSING-PAGE"), ("config.toml", 13, "E-MISSING-PAGE")], "{diags:#?}");
    assert!(diags[0].message.contains("kurs/mangler") && diags[1].message.contains("kuurs"), "{diags:#?}");
    assert!(diags[1].help.as_deref().is_some_and(|h| h.contains("`kurs`")), "{:?}", diags[1].help);

    // Fixed, the menu links content paths to their pages and addresses as written.
    site.write("config.toml", config.replace("kurs/mangler", "kurs").replace("kuurs", "kurs"));
    site.build().assert_ok();
    let home = site.output("kurs/index.html");
    assert!(home.contains("href=\"/planer/\"") && home.contains("href=\"/kart/\""), "{home}");
}

#[test]
fn a_news_feed_without_dates_carries_the_builds_day_not_1970() {
    let site = Site::new().file("content/aktuelt/_index.md", "---\ntitle: Aktuelt\nkind: news\n---\n").page(
        "content/aktuelt/udatert.md",
        "title: Udatert sak",
        "Tekst\n",
    );
    site.build().assert_ok();
    let xml = site.output("aktuelt/atom.xml");
    assert!(!xml.contains("1970"), "{xml}");
    // SOURCE_DATE_EPOCH is 2027-01-01T00:00Z: the build's day in Oslo starts at 00:00+01:00.
    assert_eq!(xml.matches("<updated>2027-01-01T00:00:00+01:00</updated>").count(), 2, "the feed and its entry:\n{xml}");
}

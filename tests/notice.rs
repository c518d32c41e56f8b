//! The site-wide notice banner (`[notice]` in config.toml): on every page as a labelled region
//! in the site's language, escaped, with its link, in the e-mail version of newsletters, and
//! refused with file and line when it is written wrong.

mod common;

use common::Site;

fn page(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\n{body}")
}

/// A small site with a home page, an about page, a news item with an old address and a
/// newsletter issue, with `notice` appended to the default config.
fn site_with(notice: &str) -> Site {
    Site::new()
        .config(&format!("{}{notice}", common::DEFAULT_CONFIG))
        .file("content/_index.md", &page("Hjem", "", "Velkommen.\n"))
        .file("content/om/_index.md", &page("Om oss", "", "Om nettstedet.\n"))
        .file("content/aktuelt/_index.md", &page("Aktuelt", "kind: news\n", ""))
        .file("content/aktuelt/a.md", &page("Nyhet A", "date: 2026-10-05\naliases: [/gammel/a/]\n", "Tekst.\n"))
        .file("content/nyhetsbrev/_index.md", &page("Nyhetsbrev", "kind: newsletter\n", ""))
        .file(
            "content/nyhetsbrev/nr-1.md",
            &page("Nyhetsbrev 1/2026", "date: 2026-11-01\nissue: \"1/2026\"\ncovers: {from: 2026-10-01, to: 2026-10-31}\n", "Hei!\n"),
        )
}

/// Every HTML file of the output, by path.
fn html_pages(site: &Site) -> Vec<(String, String)> {
    let pages: Vec<(String, String)> = site
        .output_tree()
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, bytes)| (p.to_string_lossy().into_owned(), String::from_utf8(bytes).expect("utf-8")))
        .collect();
    assert!(pages.len() >= 8, "too few pages: {:?}", pages.iter().map(|p| &p.0).collect::<Vec<_>>());
    pages
}

#[test]
fn a_warning_shows_on_every_page_escaped_and_with_its_link() {
    let site = site_with("\n[notice]\ntext = \"Kurs <b>& \\\"kalender\\\"</b> oppdateres\"\nlevel = \"warning\"\nlink = \"om\"\nlink_text = \"Les <mer>\"\n");
    site.build().assert_ok();
    let escaped = "Kurs &lt;b&gt;&amp; &quot;kalender&quot;&lt;/b&gt; oppdateres";
    for (path, html) in html_pages(&site) {
        assert!(!html.contains("<b>&"), "{path}: the notice text is not escaped");
        assert!(html.contains(escaped), "{path}: no notice text\n{html}");
        let label = if path.ends_with("epost.html") { "<strong>Viktig:</strong>" } else { "aria-label=\"Viktig\"" };
        assert!(html.contains(label), "{path}: the banner is not labelled `Viktig`");
        assert!(!html.contains("role=\"alert\""), "{path}: the notice must not interrupt as an alert");
        assert!(html.contains("Les &lt;mer&gt;</a>"), "{path}: the link text is not escaped");
        if path.ends_with("epost.html") {
            assert!(html.contains("href=\"https://test.example.org/om/\""), "{path}: the e-mail links to the full address");
        } else {
            assert!(html.contains("href=\"/om/\""), "{path}: no link to /om/");
        }
    }
    let home = site.output("index.html");
    let banner = home.split("<section class=\"site-notice site-notice-warning\"").nth(1).expect("a warning banner on the home page");
    let (end, header) = (banner.find("</section>").expect("the banner ends"), banner.find("<header").expect("a site header"));
    assert!(end < header, "the banner comes before the site header");
    assert!(banner.contains("<strong class=\"site-notice-label\">Viktig:</strong>"), "the level is said in words, not only by colour");
}

#[test]
fn an_info_notice_speaks_the_site_language_and_links_addresses_as_written() {
    for (lang, label, read_more) in [("nb", "Merk", "Les mer"), ("nn", "Merk", "Les meir"), ("en", "Note", "Read more")] {
        let site = site_with("\n[notice]\ntext = \"Hei\"\nlink = \"https://status.example.org/\"\n");
        let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap().replace("language = \"nb\"", &format!("language = \"{lang}\""));
        site.write("config.toml", config);
        site.build().assert_ok();
        let home = site.output("index.html");
        assert!(home.contains(&format!("<section class=\"site-notice site-notice-info\" aria-label=\"{label}\">")), "{lang}: {home}");
        assert!(home.contains(&format!("<a href=\"https://status.example.org/\">{read_more}</a>")), "{lang}: the default link text is the theme's");
        let mail = site.output("nyhetsbrev/nr-1/epost.html");
        assert!(mail.contains(&format!("<strong>{label}:</strong> Hei")) && mail.contains("href=\"https://status.example.org/\""), "{lang}: {mail}");
    }
}

#[test]
fn without_a_notice_there_is_no_banner() {
    let site = site_with("");
    site.build().assert_ok();
    for (path, html) in html_pages(&site) {
        assert!(!html.contains("site-notice") && !html.contains("aria-label=\"Merk\""), "{path} has a banner");
    }
}

#[test]
fn a_bad_notice_is_refused_with_its_line() {
    // An unknown key, with a suggestion.
    let site = site_with("\n[notice]\ntext = \"Hei\"\nlevle = \"warning\"\n");
    let (run, diags) = site.check_json();
    assert!(!run.ok());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!((diags[0].code.as_str(), diags[0].file.as_str(), diags[0].line), ("E-UNKNOWN-FIELD", "config.toml", 8), "{diags:#?}");
    assert!(diags[0].message.contains("levle") && diags[0].help() == "did you mean `level`?", "{diags:#?}");
    site.build().assert_fails();

    // A level that does not exist, a link with no page, link words with no link: each at its line.
    let site = site_with("\n[notice]\ntext = \"Hei\"\nlevel = \"danger\"\nlink_text = \"Les\"\n");
    let (_, diags) = site.check_json();
    let at: Vec<(u32, &str)> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(at, [(8, "`danger` is not a notice level"), (9, "`link_text` is given but the notice has no `link`")], "{diags:#?}");
    assert_eq!(diags[0].help(), "use info or warning");
    assert!(diags.iter().all(|d| d.code == "E-CONFIG-VALUE" && d.file == "config.toml"), "{diags:#?}");

    let site = site_with("\n[notice]\ntext = \"Hei\"\nlink = \"om/kilder\"\n");
    let (run, diags) = site.check_json();
    assert!(!run.ok());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!((diags[0].code.as_str(), diags[0].line), ("E-MISSING-PAGE", 8), "{diags:#?}");
    assert_eq!(diags[0].message, "`[notice] link` names the page `om/kilder`, which does not exist");
    assert!(diags[0].help().contains("an address starting with / or https://"), "{diags:#?}");

    // A notice without text.
    let site = site_with("\n[notice]\nlevel = \"info\"\n");
    let (run, diags) = site.check_json();
    assert!(!run.ok() && diags[0].message.contains("`text`"), "{diags:#?}");
}

//! Language versions: a site in bokmål, nynorsk and English built and inspected (every
//! page's `lang`, reciprocal hreflang, a switcher whose links all resolve, sitemap
//! alternates, feeds, calendars and search per language), a fourth language given by
//! `i18n/se.toml`, and the refusals (an unknown language, missing UI strings, a translated
//! plan with other ids) and the warning for a translation behind its original.

mod common;
mod languages_site;

use std::collections::{BTreeMap, BTreeSet};

use common::Site;
pub use languages_site::{CONFIG, md, three_languages, with_references};

/// Every HTML file of the output, by path.
fn html_files(site: &Site) -> BTreeMap<String, String> {
    site.output_tree()
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, bytes)| (p.to_string_lossy().into_owned(), String::from_utf8(bytes).expect("utf-8")))
        .collect()
}

/// The value of every `attr="…"` inside tags that contain `marker`.
fn tags_with<'a>(html: &'a str, marker: &str) -> Vec<&'a str> {
    html.split('<').filter(|t| t.contains(marker)).map(|t| t.split('>').next().unwrap_or(t)).collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()
}

/// The output file an address (relative or absolute) is served from.
fn file_of(url: &str) -> String {
    let path = url.trim_start_matches("https://test.example.org").trim_start_matches('/');
    let path = path.split(['#', '?']).next().unwrap_or(path);
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

#[test]
fn every_page_has_its_language_and_every_output_exists_per_language() {
    let site = three_languages();
    site.build().assert_ok();
    let html = html_files(&site);
    let lang_of = |path: &str| attr(tags_with(&html[path], "html lang=")[0], "lang").map(str::to_string);
    assert_eq!(lang_of("index.html").as_deref(), Some("nb"));
    assert_eq!(lang_of("nn/index.html").as_deref(), Some("nn"));
    assert_eq!(lang_of("en/index.html").as_deref(), Some("en"));
    assert_eq!(lang_of("nn/kurs/mi-grunnkurs/index.html").as_deref(), Some("nn"));
    assert_eq!(lang_of("en/our-partners/index.html").as_deref(), Some("en"), "a page only in English, with its slug");
    assert!(!site.has_output("partners/index.html") && !site.has_output("our-partners/index.html"), "an English-only page is not at the root");
    assert!(html["nn/kurs/mi-grunnkurs/index.html"].contains("MI-grunnkurs på nynorsk"));
    assert!(html["nn/index.html"].contains("KoRus Test på nynorsk"), "the language's own title");
    // A section with no nynorsk translation is still listed in nynorsk, its text marked bokmål.
    let news_nn = &html["nn/aktuelt/index.html"];
    assert!(news_nn.contains("<h1 lang=\"nb\">Aktuelt</h1>"), "{news_nn}");
    assert!(news_nn.contains("Nyheit A") && news_nn.contains("Nyhet B"), "the nynorsk items and the bokmål items without translation");
    let card_b = news_nn.split("<li class=\"card").find(|c| c.contains("Nyhet B")).unwrap();
    assert!(card_b.contains("lang=\"nb\"") && card_b.contains("href=\"/aktuelt/b/\""), "the bokmål card links to the original, marked: {card_b}");
    let card_a = news_nn.split("<li class=\"card").find(|c| c.contains("Nyheit A")).unwrap();
    assert!(!card_a.contains("lang=") && card_a.contains("href=\"/nn/aktuelt/a/\""), "{card_a}");
    assert!(!site.has_output("nn/aktuelt/b/index.html"), "a page without translation is published once, in its own language");
    assert!(!site.has_output("nn/om/index.html"));
    // Site-wide outputs per language.
    for lang in ["", "nn/", "en/"] {
        for file in ["404.html", "sok/index.html", "sok/index/meta.json", "kalender/alle.ics", "aktuelt/atom.xml", "tema/index.html", "data/index.html"] {
            assert!(site.has_output(&format!("{lang}{file}")), "no {lang}{file}");
        }
    }
    assert!(site.has_output("nn/kurs/mi-grunnkurs/kalender.ics"));
    let ics_nn = site.output("nn/kalender/alle.ics");
    assert!(ics_nn.contains("SUMMARY:MI-grunnkurs på nynorsk"), "{ics_nn}");
    assert!(site.output("kalender/alle.ics").contains("SUMMARY:MI grunnkurs"));
    let atom_nn = site.output("nn/aktuelt/atom.xml");
    assert!(atom_nn.contains("Nyheit A"), "{atom_nn}");
    assert!(!site.has_output("nn/robots.txt") && !site.has_output("nn/style.css"), "the site's files are published once");
    assert!(site.output("nn/kurs/index.html").contains("datetime=\"2027-03-08"), "the catalogue in nynorsk");
    assert!(html["nn/kurs/mi-grunnkurs/index.html"].contains("måndag 8. mars 2027 kl. 09.00–15.30"), "dates in nynorsk");
    assert!(html["en/index.html"].contains("action=\"/en/sok/\""), "the header box searches the page's language");
}

#[test]
fn hreflang_is_reciprocal_and_every_switcher_link_resolves() {
    let site = three_languages();
    site.build().assert_ok();
    let html = html_files(&site);
    let mut pages_with_versions = 0;
    for (path, text) in &html {
        let alternates: BTreeMap<String, String> = tags_with(text, "rel=\"alternate\" hreflang=")
            .iter()
            .map(|t| (attr(t, "hreflang").unwrap().to_string(), attr(t, "href").unwrap().to_string()))
            .collect();
        if !alternates.is_empty() {
            pages_with_versions += 1;
            let own = format!("https://test.example.org/{}", path.trim_end_matches("index.html"));
            assert!(alternates.values().any(|u| *u == own), "{path}: no hreflang link to itself in {alternates:?}");
            assert!(alternates.contains_key("x-default") == alternates.contains_key("nb"), "{path}: x-default goes to the bokmål version");
            for (lang, url) in &alternates {
                let target = html.get(&file_of(url)).unwrap_or_else(|| panic!("{path}: hreflang {lang} leads to {url}, which is not a page"));
                assert!(target.contains(&format!("href=\"{own}\"")), "{path}: {url} does not link back");
            }
        }
        for tag in tags_with(text, "hreflang=").into_iter().filter(|t| t.starts_with("a ")) {
            let (href, lang, hreflang) = (attr(tag, "href").unwrap(), attr(tag, "lang"), attr(tag, "hreflang").unwrap());
            let target = html.get(&file_of(href)).unwrap_or_else(|| panic!("{path}: the link {href} leads nowhere"));
            match lang {
                Some(lang) => assert_eq!(lang, hreflang, "{path}: a switcher link names its language twice: {tag}"),
                None => {
                    let target_lang = attr(tags_with(target, "html lang=")[0], "lang").unwrap();
                    assert_eq!(target_lang, hreflang, "{path}: a link to a page in another language names that language: {tag}");
                }
            }
        }
    }
    assert!(pages_with_versions >= 12, "only {pages_with_versions} pages have versions");
    let course = &html["kurs/mi-grunnkurs/index.html"];
    let switcher = course.split("class=\"language-switcher").nth(1).unwrap().split("</nav>").next().unwrap();
    assert!(switcher.contains("href=\"/nn/kurs/mi-grunnkurs/\" lang=\"nn\" hreflang=\"nn\">Nynorsk"), "{switcher}");
    assert!(
        switcher.contains("href=\"/en/\" lang=\"en\" hreflang=\"en\">English <span class=\"switcher-note\">"),
        "no English version: to the home page, said: {switcher}"
    );
    assert!(!switcher.contains(">Bokmål<"), "the page's own language is not offered");
}

#[test]
fn the_sitemap_lists_every_language_with_alternates() {
    let site = three_languages();
    site.build().assert_ok();
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    for loc in ["https://test.example.org/kurs/mi-grunnkurs/", "https://test.example.org/nn/kurs/mi-grunnkurs/", "https://test.example.org/en/our-partners/"] {
        assert_eq!(sitemap.matches(&format!("<loc>{loc}</loc>")).count(), 1, "{loc} once in\n{sitemap}");
    }
    let entry = sitemap.lines().find(|l| l.contains("<loc>https://test.example.org/nn/kurs/mi-grunnkurs/</loc>")).unwrap();
    assert!(entry.contains("hreflang=\"nb\" href=\"https://test.example.org/kurs/mi-grunnkurs/\""), "{entry}");
    assert!(entry.contains("hreflang=\"x-default\""), "{entry}");
    assert!(!site.has_output("nn/sitemap.xml"));
    let locs: BTreeSet<&str> = sitemap.lines().filter_map(|l| l.split("<loc>").nth(1)?.split("</loc>").next()).collect();
    assert_eq!(locs.len(), sitemap.matches("<loc>").count(), "every address once");
}

#[test]
fn a_translation_into_a_language_the_site_lacks_is_refused() {
    let site = Site::new().file("content/om.md", &md("title: Om\n", "")).file("content/om.nn.md", &md("title: Om\n", ""));
    let e = site.single_error();
    assert_eq!(e.code, "E-LANGUAGE");
    assert_eq!(e.file, "content/om.nn.md");
    assert!(e.message.contains("`nn`") && e.message.contains("nb"), "{}", e.message);
    assert!(e.help().contains("[languages.nn]"), "{}", e.help());
}

#[test]
fn a_translated_plan_keeps_its_ids() {
    let site = three_languages()
        .file("content/planer/plan.nn.md", &md("title: Planen\nkind: plan\ngoals:\n  - id: G1\n    title: Eitt\n  - id: G3\n    title: Tre\n", ""));
    let e = site.single_error();
    assert_eq!((e.code.as_str(), e.file.as_str()), ("E-TRANSLATION-IDS", "content/planer/plan.nn.md"));
    assert!(e.message.contains("adds G3") && e.message.contains("drops G2"), "{}", e.message);
}

#[test]
fn a_translation_older_than_its_original_is_flagged() {
    let site = three_languages();
    let (run, diags) = site.check_json();
    assert_eq!(run.code, Some(0), "{}", run.describe());
    let behind: Vec<_> = diags.iter().filter(|d| d.code == "W-TRANSLATION-BEHIND").collect();
    assert!(behind.is_empty(), "a.nn.md (dated after the original's update) is not behind: {behind:?}");
    let site = site.file("content/aktuelt/a.nn.md", &md("title: Nyheit A\ndate: 2026-10-01\n", "Tekst.\n"));
    let (run, diags) = site.check_json();
    assert_eq!(run.code, Some(0), "a warning does not fail: {}", run.describe());
    let behind: Vec<_> = diags.iter().filter(|d| d.code == "W-TRANSLATION-BEHIND").collect();
    assert_eq!(behind.len(), 1, "{diags:?}");
    assert_eq!(behind[0].file, "content/aktuelt/a.nn.md");
    assert!(behind[0].message.contains("2026-10-06"), "{}", behind[0].message);
}

/// The built-in bokmål strings with the language's own name, as a site would start its
/// `i18n/se.toml`.
fn sami_strings(drop: Option<&str>) -> String {
    let nb = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/nb.toml")).unwrap();
    nb.lines()
        .filter(|l| drop.is_none_or(|k| !l.starts_with(&format!("{k} ="))))
        .map(|l| if l.starts_with("language_name =") { "language_name = \"Davvisámegiella\"" } else { l })
        .map(|l| if l.starts_with("date_months =") { "date_months = \"ođđajagemánnu guovvamánnu njukčamánnu cuoŋománnu miessemánnu geassemánnu suoidnemánnu borgemánnu čakčamánnu golggotmánnu skábmamánnu juovlamánnu\"" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_fourth_language_comes_from_its_ui_strings_and_a_missing_key_is_named() {
    let config = format!("{CONFIG}[languages.se]\ntitle = \"KoRus Test sámegillii\"\n");
    let site = three_languages()
        .config(&config)
        .file("i18n/se.toml", &sami_strings(None))
        .file("content/_index.se.md", &md("title: Ruoktu\n", "Bures boahtin.\n"))
        .file(
            "content/kurs/mi-grunnkurs.se.md",
            &md("title: MI vuođđokursa\nkind: course\nsessions:\n  - id: s1\n    start: 2027-03-08T09:00\n    end: 2027-03-08T15:30\n", ""),
        );
    site.build().assert_ok();
    let home = site.output("se/index.html");
    assert!(home.contains("<html lang=\"se\">") && home.contains("KoRus Test sámegillii"));
    assert!(site.output("se/kurs/mi-grunnkurs/index.html").contains("8. njukčamánnu 2027"), "dates in the language's own form");
    assert!(site.output("index.html").contains("lang=\"se\" hreflang=\"se\">Davvisámegiella"), "the switcher names it in its own words");
    site.write("i18n/se.toml", sami_strings(Some("search_button")));
    let e = site.single_error();
    assert_eq!((e.code.as_str(), e.file.as_str()), ("E-UI-STRINGS", "i18n/se.toml"));
    assert!(e.message.contains("search_button"), "{}", e.message);
    std::fs::remove_file(site.root().join("i18n/se.toml")).unwrap();
    let e = site.single_error();
    assert_eq!(e.code, "E-UI-STRINGS");
    assert!(e.help().contains("i18n/se.toml"), "{}", e.help());
}

#[test]
fn a_passage_or_page_in_another_language_is_marked() {
    let site = Site::new()
        .file("content/_index.md", &md("title: Forside\n", "## Summary {lang=en}\n\nHei.\n"))
        .file("content/sami.md", &md("title: Sámegiella\nlang: se\n", "Bures.\n"));
    site.build().assert_ok();
    assert!(site.output("sami/index.html").contains("<html lang=\"se\">"));
    let home = site.output("index.html");
    assert!(home.contains("lang=\"en\"") && home.contains(">Summary"), "{home}");
    let bad = Site::new().file("content/a.md", &md("title: A\nlang: bokmål\n", ""));
    assert_eq!(bad.single_error().code, "E-LANGUAGE");
}

#[test]
fn each_plan_json_says_its_language_and_names_its_translations() {
    let site = three_languages();
    site.build().assert_ok();
    let nb: serde_json::Value = serde_json::from_str(&site.output("planer/plan/plan.json")).unwrap();
    let nn: serde_json::Value = serde_json::from_str(&site.output("nn/planer/plan/plan.json")).unwrap();
    assert_eq!(nb["language"], "nb");
    assert_eq!(nn["language"], "nn");
    assert_eq!(nn["title"], "Planen på nynorsk");
    let nn_version =
        serde_json::json!({"language": "nn", "url": "https://test.example.org/nn/planer/plan/plan.json", "page": "https://test.example.org/nn/planer/plan/"});
    assert_eq!(nb["translations"], serde_json::json!([nn_version]), "no English version, so only nynorsk");
    assert_eq!(nn["translations"][0]["url"], "https://test.example.org/planer/plan/plan.json");
    assert_eq!(nn["translations"].as_array().unwrap().len(), 1);
    assert!(!site.has_output("en/planer/plan/plan.json"), "the bokmål plan is published once");
    let schema = site.public().join("data/schema/plan.json");
    let check = |files: &[std::path::PathBuf]| {
        std::process::Command::new("python3")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/check_plan_json.py"))
            .arg(&schema)
            .args(files)
            .output()
            .expect("run python3 (scripts/setup installs jsonschema)")
    };
    let files = [site.public().join("planer/plan/plan.json"), site.public().join("nn/planer/plan/plan.json")];
    let o = check(&files);
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    // The schema checks the new fields: a language that is no tag fails it.
    let bad = site.root().join("bad.json");
    std::fs::write(&bad, site.output("nn/planer/plan/plan.json").replacen("\"language\": \"nn\"", "\"language\": \"ny norsk\"", 1)).unwrap();
    let o = check(&[bad]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stdout).contains("ny norsk"), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn a_link_to_a_page_without_translation_is_marked_with_its_language() {
    let site = with_references();
    site.build().assert_ok();
    let course = site.output("nn/kurs/mi-grunnkurs/index.html");
    assert!(course.contains("<a href=\"/om/\" hreflang=\"nb\">om oss</a>"), "an @/ link to a bokmål-only page: {course}");
    assert!(course.contains("<a href=\"/nn/planer/plan/\">planen</a>"), "a link to a translated page is not marked: {course}");
    let implements = course.split("id=\"impl-title\"").nth(1).expect("implements").split("</section>").next().unwrap();
    assert!(implements.contains("<a href=\"/planer/byplan/#B1\" hreflang=\"nb\">B1 Eit mål</a>"), "`implements` to a bokmål-only plan: {implements}");
    let plans_nn = site.output("nn/planer/index.html");
    let card = plans_nn.split("<li class=\"card").find(|c| c.contains("Byplanen")).expect("the bokmål plan's card");
    assert!(card.contains("href=\"/planer/byplan/\" hreflang=\"nb\""), "{card}");
    let card = plans_nn.split("<li class=\"card").find(|c| c.contains("Planen på nynorsk")).expect("the nynorsk plan's card");
    assert!(!card.contains("hreflang"), "{card}");
    let course_nb = site.output("kurs/mi-grunnkurs/index.html");
    assert!(course_nb.contains("<a href=\"/om/\">om oss</a>"), "nothing is marked in the default language's own pages: {course_nb}");
    assert!(course_nb.contains("href=\"/planer/byplan/#B1\">"), "{course_nb}");
}

#[test]
fn serve_shows_a_translation_behind_in_its_warnings_panel() {
    use common::server::{Server, events, next_event};
    let site = three_languages();
    let server = Server::start(site.root());
    let stream = events(server.port);
    let first = next_event(&stream, "the first status", |e| e["errors"].as_array().is_some_and(Vec::is_empty));
    assert!(first["warnings_panel"].is_null(), "no warnings yet: {first}");
    site.write("content/aktuelt/a.nn.md", md("title: Nyheit A\ndate: 2026-10-01\n", "Tekst endra.\n"));
    let warned = next_event(&stream, "the warning", |e| e["warnings"].as_array().is_some_and(|a| !a.is_empty()));
    assert_eq!(warned["warnings"][0]["code"], "W-TRANSLATION-BEHIND", "{warned}");
    assert_eq!(warned["warnings"][0]["file"], "content/aktuelt/a.nn.md");
    assert!(warned["overlay"].is_null(), "a warning is no error: {warned}");
    let panel = warned["warnings_panel"].as_str().unwrap_or_default();
    assert!(panel.contains("role=\"status\"") && panel.contains("content/aktuelt/a.nn.md:1:1 [W-TRANSLATION-BEHIND]"), "{panel}");
    assert!(panel.contains(">Nettstedet ble bygget med 1 advarsel</h2>"), "in the site's language: {panel}");
    server.poll("/nn/aktuelt/a/", "the page is published all the same", |r| r.body.contains("Tekst endra."));
    site.write("content/aktuelt/a.nn.md", md("title: Nyheit A\ndate: 2026-10-07\n", "Tekst.\n"));
    let fixed = next_event(&stream, "the fix", |e| e["warnings"].as_array().is_some_and(Vec::is_empty));
    assert!(fixed["warnings_panel"].is_null(), "{fixed}");
}

#[test]
fn hostile_ui_strings_are_refused_at_their_place_or_written_as_text() {
    let config = format!("{CONFIG}[languages.se]\ntitle = \"KoRus Test sámegillii\"\n");
    let site = three_languages().config(&config).file("i18n/se.toml", "language_name = \"Davvisámegiella\"\nsearch_button = \n");
    let errors = site.errors();
    let syntax = errors.iter().find(|e| e.file == "i18n/se.toml").unwrap_or_else(|| panic!("{errors:#?}"));
    assert_eq!((syntax.code.as_str(), syntax.line), ("E-UI-STRINGS", 2), "{syntax:#?}");
    // A value that is not text, and a file that is not UTF-8: refused, naming the file.
    for bytes in [b"language_name = 3\n".to_vec(), vec![0xff, 0xfe, b'a', b'\n']] {
        site.write("i18n/se.toml", &bytes);
        let errors = site.errors();
        assert!(errors.iter().any(|e| e.code == "E-UI-STRINGS" && e.file == "i18n/se.toml"), "{errors:#?}");
    }
    // Markup in a string is text in every page that shows it.
    let hostile = sami_strings(None).replace("language_name = \"Davvisámegiella\"", "language_name = \"<script>alert(1)</script>\"");
    site.write("i18n/se.toml", hostile);
    site.build().assert_ok();
    let home = site.output("index.html");
    assert!(home.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the switcher shows the name as text:\n{home}");
    for (path, bytes) in site.output_tree() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<script>alert(1)"), "{} carries the string as markup", path.display());
    }
}

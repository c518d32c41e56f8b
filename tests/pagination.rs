//! Long listings come in pages: sections, the course catalogue, topics and target groups.
//! Page counts, which cards are on which page, the links between pages, the nav's markup,
//! the sitemap, and `paginate_by` in config.toml and in a section's `_index.md`.

mod common;

use common::Site;

/// A site with `news` news pages (all on topic "Alkohol"), newest first by number.
fn news_site(config_extra: &str, index_extra: &str, news: usize) -> Site {
    let mut site = Site::new().config(&format!("{}{config_extra}", common::DEFAULT_CONFIG)).page("content/_index.md", "title: Hjem\n", "").page(
        "content/aktuelt/_index.md",
        &format!("title: Aktuelt\nkind: news\n{index_extra}"),
        "Om nyhetene.\n",
    );
    for i in 0..news {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(i as i64);
        site = site.page(&format!("content/aktuelt/n{i:03}.md"), &format!("title: Nyhet {i:03}\ndate: {date}\ntopics: [Alkohol]\n"), "Tekst.\n");
    }
    site
}

/// The titles of the cards in a listing, in order.
fn card_titles(html: &str) -> Vec<String> {
    html.split("class=\"card-title\"><a href=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once("\">").and_then(|(_, t)| t.split_once("</a>")).map(|(t, _)| t.to_string()))
        .collect()
}

/// The pagination nav of a page.
fn nav(html: &str) -> &str {
    let from = html.find("<nav class=\"pager\"").unwrap_or_else(|| panic!("no pagination nav in\n{html}"));
    let rest = &html[from..];
    &rest[..rest.find("</nav>").map_or(rest.len(), |e| e + 6)]
}

#[test]
fn a_section_is_cut_into_pages_of_paginate_by() {
    let site = news_site("", "", 45);
    site.build().assert_ok();
    let pages = ["aktuelt/index.html", "aktuelt/side/2/index.html", "aktuelt/side/3/index.html"];
    let titles: Vec<Vec<String>> = pages.iter().map(|p| card_titles(&site.output(p))).collect();
    assert_eq!(titles.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 5], "the default is 20 cards a page");
    assert!(!site.has_output("aktuelt/side/4/index.html") && !site.has_output("aktuelt/side/1/index.html"), "page 1 is the section itself");
    let all: Vec<String> = titles.concat();
    let expected: Vec<String> = (0..45).rev().map(|i| format!("Nyhet {i:03}")).collect();
    assert_eq!(all, expected, "every page once, newest first, in the section's order");
    let first = site.output("aktuelt/index.html");
    assert!(first.contains("Om nyhetene."), "the section's text is on page 1");
    let second = site.output("aktuelt/side/2/index.html");
    assert!(!second.contains("Om nyhetene."), "the section's text is on page 1 only");
    assert!(second.contains("<title>Aktuelt – Side 2 av 3 – Test</title>"), "{second}");
    assert!(second.contains("<link rel=\"canonical\" href=\"https://test.example.org/aktuelt/side/2/\">"));
}

#[test]
fn the_nav_marks_the_current_page_and_links_prev_and_next() {
    let site = news_site("", "", 45);
    site.build().assert_ok();
    let first = site.output("aktuelt/index.html");
    let n1 = nav(&first);
    assert!(n1.starts_with("<nav class=\"pager\" aria-label=\"Sider\">"), "{n1}");
    assert!(n1.contains("<a href=\"/aktuelt/\" aria-current=\"page\">"), "{n1}");
    assert!(!n1.contains("rel=\"prev\"") && n1.contains("<a href=\"/aktuelt/side/2/\" rel=\"next\">Neste side</a>"), "{n1}");
    assert!(first.contains("<link rel=\"next\" href=\"https://test.example.org/aktuelt/side/2/\">") && !first.contains("<link rel=\"prev\""));

    let second = site.output("aktuelt/side/2/index.html");
    let n2 = nav(&second);
    assert!(n2.contains("<a href=\"/aktuelt/\" rel=\"prev\">Forrige side</a>"), "{n2}");
    assert!(n2.contains("<a href=\"/aktuelt/side/3/\" rel=\"next\">Neste side</a>"), "{n2}");
    assert!(n2.contains("<a href=\"/aktuelt/side/2/\" aria-current=\"page\"><span class=\"visually-hidden\">Side </span>2</a>"), "{n2}");
    assert_eq!(n2.matches("aria-current").count(), 1, "one current page: {n2}");
    assert!(second.contains("<link rel=\"prev\" href=\"https://test.example.org/aktuelt/\">"));
    assert!(second.contains("<link rel=\"next\" href=\"https://test.example.org/aktuelt/side/3/\">"));
    let last = site.output("aktuelt/side/3/index.html");
    assert!(!nav(&last).contains("rel=\"next\"") && !last.contains("<link rel=\"next\""));
}

#[test]
fn far_pages_are_left_out_of_the_nav() {
    let site = news_site("paginate_by = 2\n", "", 30);
    site.build().assert_ok();
    let html = site.output("aktuelt/side/8/index.html");
    let n = nav(&html);
    for shown in ["/aktuelt/\"", "/aktuelt/side/6/", "/aktuelt/side/10/", "/aktuelt/side/15/"] {
        assert!(n.contains(shown), "{shown} is linked: {n}");
    }
    assert!(!n.contains("/aktuelt/side/3/") && !n.contains("/aktuelt/side/13/"), "{n}");
    assert_eq!(n.matches("class=\"pager-gap\"").count(), 2, "{n}");
    assert!(site.has_output("aktuelt/side/15/index.html") && !site.has_output("aktuelt/side/16/index.html"));
}

#[test]
fn a_section_sets_its_own_paginate_by_and_zero_means_one_page() {
    let site = news_site("paginate_by = 30\n", "paginate_by: 10\n", 25);
    site.build().assert_ok();
    assert_eq!(card_titles(&site.output("aktuelt/side/3/index.html")).len(), 5, "the section's own value wins");
    assert_eq!(card_titles(&site.output("tema/alkohol/index.html")).len(), 25, "topics follow config.toml");

    let one = news_site("", "paginate_by: 0\n", 25);
    one.build().assert_ok();
    let html = one.output("aktuelt/index.html");
    assert_eq!(card_titles(&html).len(), 25);
    assert!(!html.contains("class=\"pager\"") && !one.has_output("aktuelt/side/2/index.html"), "no nav with one page");
}

#[test]
fn topic_pages_are_paginated_with_plan_items_on_page_one() {
    let site = news_site("", "", 25);
    site.build().assert_ok();
    let first = site.output("tema/alkohol/index.html");
    assert_eq!(card_titles(&first).len(), 20);
    let second = site.output("tema/alkohol/side/2/index.html");
    assert_eq!(card_titles(&second), ["Nyhet 004", "Nyhet 003", "Nyhet 002", "Nyhet 001", "Nyhet 000"]);
    assert!(nav(&second).contains("<a href=\"/tema/alkohol/\" rel=\"prev\">"));
    assert!(second.contains("<title>Alkohol – Side 2 av 2 – Test</title>"), "{second}");
    assert!(site.output("tema/index.html").contains("Alkohol <span class=\"count\">(25)</span>"), "the index counts every page");
}

#[test]
fn the_sitemap_lists_every_listing_page() {
    let site = news_site("", "", 45);
    site.build().assert_ok();
    let sitemap = site.output("sitemap.xml");
    for url in ["/aktuelt/", "/aktuelt/side/2/", "/aktuelt/side/3/", "/tema/", "/tema/alkohol/", "/tema/alkohol/side/3/"] {
        assert!(sitemap.contains(&format!("<loc>https://test.example.org{url}</loc>")), "{url} missing from\n{sitemap}");
    }
    assert!(!sitemap.contains("/aktuelt/side/4/") && !sitemap.contains("/aktuelt/side/1/"));
    assert_eq!(sitemap.matches("<loc>").count(), sitemap.matches("</url>").count());
}

#[test]
fn the_course_catalogue_is_paginated_and_its_data_file_has_every_course() {
    let mut site =
        Site::new().config(&format!("{}paginate_by = 4\n", common::DEFAULT_CONFIG)).page("content/kurs/_index.md", "title: Kurs\nkind: course\n", "");
    for i in 0..10 {
        // Five past (2026) and five upcoming (2027-02..) courses; "now" is 2027-01-01.
        let year = if i < 5 { 2026 } else { 2027 };
        let yaml = format!("title: Kurs {i}\nsessions:\n  - start: {year}-02-{:02}T10:00\n    end: {year}-02-{:02}T12:00\n", i + 1, i + 1);
        site = site.page(&format!("content/kurs/k{i}.md"), &yaml, "");
    }
    site.build().assert_ok();
    let first = site.output("kurs/index.html");
    assert_eq!(card_titles(&first), ["Kurs 5", "Kurs 6", "Kurs 7", "Kurs 8"], "upcoming first, by first session");
    let second = site.output("kurs/side/2/index.html");
    assert_eq!(card_titles(&second), ["Kurs 9", "Kurs 4", "Kurs 3", "Kurs 2"], "then past ones, latest first");
    assert!(second.contains("id=\"upcoming-title\"") && second.contains("id=\"past-title\""));
    let third = site.output("kurs/side/3/index.html");
    assert_eq!(card_titles(&third), ["Kurs 1", "Kurs 0"]);
    assert!(!third.contains("id=\"upcoming-title\""), "a page of past courses only has no 'upcoming' heading");
    assert!(!site.has_output("kurs/side/4/index.html"));
    assert!(first.contains("data-source=\"/kurs/kurs.json\" data-total=\"10\""), "the JS filter gets the whole catalogue");

    let data: serde_json::Value = serde_json::from_str(&site.output("kurs/kurs.json")).expect("kurs.json is JSON");
    let titles: Vec<&str> = data["courses"].as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Kurs 5", "Kurs 6", "Kurs 7", "Kurs 8", "Kurs 9", "Kurs 4", "Kurs 3", "Kurs 2", "Kurs 1", "Kurs 0"]);
    assert_eq!(data["upcoming"], 5);
    assert_eq!(data["courses"][0]["url"], "/kurs/k5/");
    assert!(data["courses"][0]["data"]["maned"].as_str() == Some("2027-02"), "{}", data["courses"][0]);
    assert!(data["labels"]["status_open"].is_string() || data["labels"].as_object().unwrap().keys().any(|k| k.starts_with("status_")));
    assert!(site.output("kurs/maned/2027-02/index.html").contains("Kurs 9"), "static filter pages list all their courses on one page");
}

#[test]
fn paginate_by_on_a_plain_page_is_an_error() {
    let site = Site::new().page("content/om.md", "title: Om\npaginate_by: 5\n", "");
    let e = site.single_error();
    assert_eq!((e.file.as_str(), e.line), ("content/om.md", 3), "{e:?}");
    assert!(e.message.contains("`paginate_by` only works in a section's `_index.md`"), "{e:?}");
    assert!(e.help.as_deref().is_some_and(|h| h.contains("_index.md")));
}

//! `planverk search` on a fixture site: every analyzer rule, filters, JSON, errors, escaping,
//! and the static index the build writes for the browser.

mod common;

use common::Site;
use serde_json::Value;

const XSS: &str = "</script><img src=x onerror=alert(1)>";

/// A small Norwegian site with one page per rule under test.
fn site() -> Site {
    let measure = |id: &str, title: &str| format!("      - id: {id}\n        title: \"{title}\"\n        description: Nattravnene går i helgene.\n");
    let measures: String = [("S1-A", "Nattravn i sentrum"), ("S1-B", "Nattravn på Grønland"), ("S1-C", "Utekontakt om natten"), ("S1-D", "Nattravn i parkene")]
        .iter()
        .map(|(id, t)| measure(id, t))
        .collect();
    Site::new()
        .page("content/bydeler/_index.md", "title: Bydeler\nkind: district", "Bydelene.")
        .page("content/bydeler/sondre-nordstrand.md", "title: Bydel Søndre Nordstrand\nsummary: Bydelen lengst sør i Oslo.", "Om bydelen.")
        .page("content/bydeler/malselv.md", "title: Målselv\nsummary: En kommune i Troms.", "Om kommunen.")
        .page("content/aktuelt/_index.md", "title: Aktuelt\nkind: news", "Nyheter.")
        .page(
            "content/aktuelt/rusmiddel.md",
            "title: Ny satsing i skolen\ndate: 2026-05-01\ndistricts: [sondre-nordstrand]\ntopics: [alkohol]",
            "Bydelen styrker rusmiddelforebygging i skolen.",
        )
        .page("content/aktuelt/forebyggende.md", "title: Tidlig innsats\ndate: 2026-06-01\ntopics: [barn og unge]", "Et forebyggende tilbud til familier.")
        .page("content/aktuelt/forebygge.md", "title: Nytt fra helsestasjonen\ndate: 2026-06-02", "Vi vil forebygge rusproblemer blant unge.")
        .page("content/aktuelt/oppfolging.md", "title: Ny rutine på NAV\ndate: 2026-06-03", "Alle får en oppfølgingssamtale etter tre måneder.")
        .page("content/aktuelt/samtale.md", "title: Samtale med fastlegen\ndate: 2026-06-04", "Fastlegen er ofte først ute.")
        .page("content/aktuelt/kjaerlighet.md", "title: Kjærlighet og rus\ndate: 2026-06-05", "Om pårørende.")
        .page("content/aktuelt/far.md", "title: Far og barn\ndate: 2026-06-06", "Om fedre.")
        .page("content/aktuelt/faar.md", "title: Får du hjelp?\ndate: 2026-06-07", "Om rettigheter.")
        .page("content/aktuelt/xss.md", &format!("title: \"{XSS}\"\ndate: 2026-06-08"), "Skumle tegn i tittelen: kveldsmat.")
        .page("content/aktuelt/utkast.md", "title: Hemmelig utkast\ndraft: true", "Blåbærsyltetøy.")
        .page("content/aktuelt/nattravn.md", "title: Frivillige i byen\ndate: 2026-06-09", "Nattravnene trenger flere frivillige. De går ute i byen fredag og lørdag kveld, snakker med unge, deler ut vann og plaster, ringer etter hjelp når noen trenger det, og følger folk til drosjen eller bussen. Mange av dem har gjort dette i mange år. De er kjent i nattelivet.")
        .page("content/tilbud/_index.md", "title: Tilbud\nkind: service", "Tilbud.")
        .page("content/tilbud/samtaletilbud.md", "title: Samtaletilbud for unge\ndistricts: [malselv]", "Gratis og anonymt.")
        .page("content/kurs/_index.md", "title: Kurs\nkind: course", "Kurs.")
        .page(
            "content/kurs/mi-2026.md",
            "title: Grunnkurs i motiverende intervju\nsessions:\n  - start: 2026-03-01T09:00\n    end: 2026-03-01T15:00",
            "Et kurs i samtaleteknikk.",
        )
        .page(
            "content/kurs/mi-2027.md",
            "title: Grunnkurs i motiverende intervju\nsessions:\n  - start: 2027-03-01T09:00\n    end: 2027-03-01T15:00",
            "Et kurs i samtaleteknikk.",
        )
        .page(
            "content/planer/_index.md",
            "title: Planer\nkind: plan",
            "Planer.",
        )
        .page(
            "content/planer/natteliv.md",
            &format!("title: Plan for tryggere natteliv\nstrategies:\n  - id: S1\n    title: Trygghet om natten\n    measures:\n{measures}"),
            "Planen for nattelivet.",
        )
}

fn search(site: &Site, args: &[&str]) -> common::Run {
    let run = site.cmd("search", args);
    run.assert_no_panic();
    run
}

/// The URL paths of the results, in order.
fn urls(site: &Site, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let run = search(site, &all);
    run.assert_ok();
    let v: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.describe()));
    v.as_array().expect("a JSON array").iter().map(|r| r["url"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn folding_finds_words_typed_without_ae_oe_aa() {
    let site = site();
    assert_eq!(urls(&site, &["sondre nordstrand"]).first().map(String::as_str), Some("/bydeler/sondre-nordstrand/"));
    assert_eq!(urls(&site, &["malselv"]).first().map(String::as_str), Some("/bydeler/malselv/"));
    assert_eq!(urls(&site, &["kjaerlighet"]).first().map(String::as_str), Some("/aktuelt/kjaerlighet/"));
}

#[test]
fn compounds_are_found_by_their_parts() {
    let site = site();
    assert!(urls(&site, &["forebygging"]).contains(&"/aktuelt/rusmiddel/".to_string()), "rusmiddelforebygging");
    let samtale = urls(&site, &["samtale"]);
    assert!(samtale.contains(&"/aktuelt/oppfolging/".to_string()), "oppfølgingssamtale: {samtale:?}");
    assert!(samtale.contains(&"/tilbud/samtaletilbud/".to_string()), "samtaletilbud: {samtale:?}");
}

#[test]
fn a_whole_word_ranks_above_a_compound_part() {
    let samtale = urls(&site(), &["samtale"]);
    assert_eq!(samtale.first().map(String::as_str), Some("/aktuelt/samtale/"), "{samtale:?}");
}

#[test]
fn exact_spelling_ranks_above_folded() {
    let site = site();
    let faar = urls(&site, &["får"]);
    assert_eq!(faar.first().map(String::as_str), Some("/aktuelt/faar/"), "{faar:?}");
    assert!(faar.contains(&"/aktuelt/far/".to_string()), "folding merges far and får: {faar:?}");
    assert_eq!(urls(&site, &["far"]).first().map(String::as_str), Some("/aktuelt/far/"));
}

#[test]
fn derived_forms_find_each_other() {
    let site = site();
    for q in ["forebygging", "forebyggende", "forebygge"] {
        let found = urls(&site, &[q]);
        for page in ["/aktuelt/forebyggende/", "/aktuelt/forebygge/", "/aktuelt/rusmiddel/"] {
            assert!(found.contains(&page.to_string()), "{q} should find {page}: {found:?}");
        }
    }
}

#[test]
fn a_measure_is_found_by_its_id_and_links_to_its_anchor() {
    assert_eq!(urls(&site(), &["S1-C"]).first().map(String::as_str), Some("/planer/natteliv/#S1-C"));
}

#[test]
fn at_most_two_hits_from_one_plan_unless_the_query_names_it() {
    let site = site();
    // Three measures have "nattravn" in their titles; the news page only in its body.
    let found = urls(&site, &["nattravn"]);
    assert_eq!(found.len(), 5, "{found:?}");
    assert_eq!(found[2], "/aktuelt/nattravn/", "the third measure waits below the other hits: {found:?}");
    assert!(found[..2].iter().all(|u| u.starts_with("/planer/natteliv/#")), "{found:?}");
    // "natteliv" names the plan: all of it may come first.
    let named = urls(&site, &["natteliv"]);
    assert_eq!(named.last().map(String::as_str), Some("/aktuelt/nattravn/"), "{named:?}");
    assert_eq!(named.len(), 6, "{named:?}");
}

#[test]
fn an_upcoming_course_ranks_above_a_past_one_with_the_same_score() {
    let found = urls(&site(), &["motiverende intervju"]);
    assert_eq!(found, ["/kurs/mi-2027/", "/kurs/mi-2026/"]);
}

#[test]
fn filters_by_kind_district_and_topic() {
    let site = site();
    assert_eq!(urls(&site, &["samtale", "--kind", "service"]), ["/tilbud/samtaletilbud/"]);
    assert_eq!(urls(&site, &["forebygging", "--district", "sondre-nordstrand"]), ["/aktuelt/rusmiddel/"]);
    assert_eq!(urls(&site, &["forebygging", "--topic", "Barn og unge"]), ["/aktuelt/forebyggende/"]);
}

#[test]
fn unknown_kinds_and_districts_are_refused_with_the_valid_ones() {
    let site = site();
    let run = search(&site, &["samtale", "--kind", "blog"]);
    run.assert_fails();
    assert!(run.stderr.contains("`blog`") && run.stderr.contains("measure") && run.stderr.contains("course"), "{}", run.describe());
    let run = search(&site, &["samtale", "--district", "narvik"]);
    run.assert_fails();
    assert!(run.stderr.contains("`narvik`") && run.stderr.contains("malselv, sondre-nordstrand"), "{}", run.describe());
}

#[test]
fn text_output_is_one_line_per_result_url_first() {
    let run = search(&site(), &["forebygging", "--limit", "2"]);
    run.assert_ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.describe());
    assert!(lines.iter().all(|l| l.starts_with("/aktuelt/")), "{}", run.describe());
    assert!(run.stdout.contains('«'), "matched words are marked: {}", run.describe());
}

#[test]
fn drafts_only_with_drafts() {
    let site = site();
    assert!(urls(&site, &["blåbærsyltetøy"]).is_empty());
    assert_eq!(urls(&site, &["blåbærsyltetøy", "--drafts"]), ["/aktuelt/utkast/"]);
}

#[test]
fn the_index_follows_the_content() {
    let site = site();
    assert!(urls(&site, &["tyttebær"]).is_empty());
    assert!(site.root().join(".planverk/search/manifest.json").is_file());
    site.write("content/aktuelt/ny.md", "---\ntitle: Tyttebær\n---\nBær.\n");
    assert_eq!(urls(&site, &["tyttebær"]), ["/aktuelt/ny/"]);
}

#[test]
fn markup_in_a_title_stays_text_in_json_and_lines() {
    let site = site();
    let run = search(&site, &["--json", "kveldsmat"]);
    run.assert_ok();
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(v[0]["title"], XSS);
    let run = search(&site, &["kveldsmat"]);
    assert!(run.stdout.contains(XSS), "{}", run.describe());
}

#[test]
fn the_build_writes_a_static_index_that_keeps_markup_as_text() {
    let site = site();
    site.build().assert_ok();
    let meta: Value = serde_json::from_str(&site.output("sok/index/meta.json")).expect("meta.json");
    let docs = meta["docs"].as_u64().expect("docs");
    let chunk = meta["chunk"].as_u64().expect("chunk");
    let mut titles = Vec::new();
    for c in 0..docs.div_ceil(chunk) {
        let build = meta["build"].as_str().expect("meta.json names the build's folder");
        let chunk: Value = serde_json::from_str(&site.output(&format!("sok/index/{build}/d/{c}.json"))).expect("chunk JSON");
        titles.extend(chunk.as_array().expect("array").iter().map(|d| d[1].as_str().unwrap_or_default().to_string()));
    }
    assert!(titles.contains(&XSS.to_string()), "{titles:?}");
    assert!(!titles.iter().any(|t| t == "Hemmelig utkast"), "drafts are not indexed");
    let page = site.output("sok/index.html");
    assert!(page.contains("<noscript>") && page.contains("role=\"search\""), "{page}");
    let home = site.output("aktuelt/far/index.html");
    assert!(home.contains("<form class=\"site-search\" role=\"search\" action=\"/sok/\"") && home.contains("type=\"search\""), "{home}");
    assert!(!home.contains(XSS), "the title is escaped in HTML");
}

#[test]
fn the_search_index_is_deterministic() {
    let site = site();
    site.build().assert_ok();
    let first = site.output_tree();
    site.build().assert_ok();
    assert_eq!(first, site.output_tree());
}

/// The site loaded and resolved in memory, as `serve` holds it.
fn loaded(site: &Site) -> (planverk::model::Site, planverk::resolve::SiteGraph) {
    let now = chrono::DateTime::from_timestamp(common::EPOCH.parse().expect("epoch"), 0).expect("now");
    let loaded = planverk::load::load_site(site.root(), &planverk::load::LoadOptions { drafts: false, now: Some(now), ..Default::default() });
    let mut diags = planverk::diagnostics::Diagnostics::default();
    let s = loaded.site.expect("the fixture loads");
    let graph = planverk::resolve::resolve(&s, &mut diags);
    assert!(!diags.has_errors(), "{diags:?}");
    (s, graph)
}

#[test]
fn the_static_index_updates_one_page_like_a_fresh_build() {
    use planverk::search::shards::SearchIndex;
    let now = chrono::DateTime::from_timestamp(common::EPOCH.parse().expect("epoch"), 0).expect("now");
    let fixture = site();
    let (before, graph) = loaded(&fixture);
    let mut index = SearchIndex::from_site(&before, &graph, now);
    let old: std::collections::BTreeMap<String, Vec<u8>> = index.outputs().into_iter().map(|o| (o.path, o.bytes)).collect();
    fixture.write("content/aktuelt/far.md", "---\ntitle: Far og barn\ndate: 2026-06-06\n---\nOm fedre og tyttebær.\n");
    let (after, graph) = loaded(&fixture);
    let page = after.pages.iter().position(|p| p.path == "aktuelt/far").expect("the page");
    let update = index.update(&after, &graph, now, &[page]);
    assert!(!update.full, "a body edit keeps the index's shape");
    let fresh: std::collections::BTreeMap<String, Vec<u8>> =
        SearchIndex::from_site(&after, &graph, now).outputs().into_iter().map(|o| (o.path, o.bytes)).collect();
    let updated: std::collections::BTreeMap<String, Vec<u8>> = update.outputs.into_iter().map(|o| (o.path, o.bytes)).collect();
    assert_eq!(updated.keys().filter(|p| p.contains("/d/")).count(), 1, "only the edited page's document file is written again: {:?}", updated.keys());
    assert!(old.keys().filter(|p| p.contains("/d/")).count() > 1);
    for (path, bytes) in &fresh {
        let got = updated.get(path).or(old.get(path)).unwrap_or_else(|| panic!("{path} is missing after the update"));
        assert!(got == bytes, "{path} differs from a fresh build after the update");
    }
    assert_eq!(fresh.len(), old.len());
}

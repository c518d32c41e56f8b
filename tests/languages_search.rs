//! Search per language: a site in bokmål, nynorsk, English and northern Sámi, each language's
//! index made with its own analyzer (Norwegian with compounds, English Snowball, plain
//! lowercase and fold), `planverk search --lang`, the analyzer named in each `meta.json`,
//! the browser client run under node on the English index, the English and nynorsk search
//! pages in headless Chromium, and the client's English stemmer against Rust's word by word.
//!
//! Needs node, the npm devDependencies and /usr/bin/chromium (scripts/setup), as
//! tests/search_client.rs and tests/site_browser.rs do; a missing one is a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Site;
use planverk::search::analyzer::{AnalyzerKind, tokenize};
use planverk::search::shards::shard_of;

const CONFIG: &str = "title = \"KoRus Test\"\nbase_url = \"https://test.example.org\"\nlanguage = \"nb\"\ntimezone = \"Europe/Oslo\"\n\
    [languages.nn]\ntitle = \"KoRus Test på nynorsk\"\n[languages.en]\ntitle = \"KoRus Test in English\"\n\
    [languages.se]\ntitle = \"KoRus Test sámegillii\"\n";

fn md(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}\n")
}

/// UI strings for northern Sámi: the bokmål ones under another language name.
fn sami_strings() -> String {
    let nb = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/nb.toml")).unwrap();
    nb.lines().map(|l| if l.starts_with("language_name =") { "language_name = \"Davvisámegiella\"" } else { l }).collect::<Vec<_>>().join("\n")
}

/// A home page in every language, an English strategy page, a nynorsk page with a nynorsk
/// compound and a Sámi page with accented letters.
fn four_languages() -> Site {
    Site::new()
        .config(CONFIG)
        .file("i18n/se.toml", &sami_strings())
        .file("content/_index.md", &md("Forside", "Velkommen."))
        .file("content/_index.nn.md", &md("Framside", "Velkomen."))
        .file("content/_index.en.md", &md("Home", "Welcome."))
        .file("content/_index.se.md", &md("Ruoktu", "Bures boahtin."))
        .file("content/strategy.en.md", &md("Our approach", "The prevention strategy of the districts, agreed in 2026."))
        .file("content/omsorg.nn.md", &md("Omsorg", "Heimetenesta i kommunen hjelper eldre."))
        .file("content/sami.se.md", &md("Sámediggi", "SÁMEDIGGI ja ruoktu."))
}

/// The URLs `planverk search --lang LANG --json QUERY` finds, or the failed run.
fn search(site: &Site, lang: &str, query: &str) -> Vec<String> {
    let run = site.cmd("search", &["--lang", lang, "--json", query]);
    run.assert_ok();
    let results: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.describe()));
    results.iter().map(|r| r["url"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn each_language_is_searched_with_its_own_analyzer() {
    let site = four_languages();
    // English: an inflected word finds its stem ("strategies" → strategi ← "strategy").
    assert_eq!(search(&site, "en", "strategies"), ["/en/strategy/"]);
    assert_eq!(search(&site, "en", "agreeing"), ["/en/strategy/"]);
    // Nynorsk: a part of a compound (heim + e + tenesta) finds it, from the nynorsk word list.
    assert_eq!(search(&site, "nn", "teneste"), ["/nn/omsorg/"]);
    // Bokmål does not see the other languages' pages.
    assert!(search(&site, "nb", "strategies").is_empty());
    assert!(site.cmd("search", &["--json", "strategies"]).stdout.trim() == "[]", "no --lang: the default language");
    // Sámi: plain, lowercased and folded, not stemmed (Norwegian would take -ene off).
    assert_eq!(search(&site, "se", "samediggi"), ["/se/sami/"]);
    assert_eq!(search(&site, "se", "Sámediggi"), ["/se/sami/"]);
    assert!(search(&site, "se", "ruoktuene").is_empty(), "the plain analyzer stems nothing");
    // An unknown language names the configured ones.
    for bad in ["fr", "../x"] {
        let run = site.cmd("search", &["--lang", bad, "strategy"]);
        run.assert_fails();
        assert!(run.stderr.contains("nb, nn, en, se") || run.stderr.contains("nb, en, nn, se"), "{}", run.describe());
        assert!(run.stderr.contains(bad), "{}", run.describe());
    }
}

fn node(args: &[&str]) -> std::process::Output {
    node_script("search-node.mjs", args)
}

/// Runs a script of tests/browser under node.
fn node_script(script: &str, args: &[&str]) -> std::process::Output {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    Command::new("node")
        .current_dir(&root)
        .arg(root.join("tests/browser").join(script))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("can't run `node` ({e}): install Node.js and run scripts/setup"))
}

fn show(out: &std::process::Output) -> String {
    format!("exit: {}\n{}\n{}", out.status, String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// The URLs the browser client finds for each query in the index under `dir/sok/index/`.
fn client_urls(dir: &Path, queries: &[&str]) -> Vec<Vec<String>> {
    let dir = dir.to_string_lossy().into_owned();
    let mut args = vec!["urls", dir.as_str()];
    args.extend_from_slice(queries);
    let out = node(&args);
    assert!(out.status.success(), "the client failed:\n{}", show(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    rows.iter().map(|r| r["urls"].as_array().unwrap().iter().map(|u| u.as_str().unwrap().to_string()).collect()).collect()
}

#[test]
fn each_index_names_its_analyzer_and_the_client_searches_the_english_one_in_english() {
    let site = four_languages();
    site.build().assert_ok();
    for (lang, analyzer) in [("", "norwegian"), ("nn/", "norwegian"), ("en/", "english"), ("se/", "plain")] {
        let meta: serde_json::Value = serde_json::from_str(&site.output(&format!("{lang}sok/index/meta.json"))).expect("meta.json");
        assert_eq!(meta["analyzer"], analyzer, "{lang}sok/index/meta.json");
    }
    // The English search page loads the English index (its script names the prefix).
    assert!(site.output("en/sok/index.html").contains("data-prefix=\"en/\""), "{}", site.output("en/sok/index.html"));
    let public = site.public();
    let en = client_urls(&public.join("en"), &["strategies", "Strategy", "agreeing", "teneste"]);
    assert_eq!(en, [vec!["/en/strategy/"], vec!["/en/strategy/"], vec!["/en/strategy/"], vec![]]);
    let nn = client_urls(&public.join("nn"), &["teneste", "strategies"]);
    assert_eq!(nn, [vec!["/nn/omsorg/".to_string()], vec![]]);
    let se = client_urls(&public.join("se"), &["SAMEDIGGI", "ruoktuene"]);
    assert_eq!(se, [vec!["/se/sami/".to_string()], vec![]]);
}

#[test]
fn the_english_and_nynorsk_search_pages_search_their_language_in_chromium() {
    let node_modules = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules");
    assert!(node_modules.join("playwright-core").is_dir(), "node_modules/playwright-core is missing: run scripts/setup");
    let site = four_languages();
    site.build().assert_ok();
    let public = site.public().to_string_lossy().into_owned();
    let sami = site.root().join("i18n/se.toml").to_string_lossy().into_owned();
    for (lang, query, expected) in [("en", "strategies agreeing", "/en/strategy/"), ("nn", "teneste", "/nn/omsorg/"), ("se", "samediggi", "/se/sami/")] {
        let mut args = vec![public.as_str(), lang, query, expected];
        if lang == "se" {
            args.push(&sami);
        }
        let out = node_script("search-lang.mjs", &args);
        assert!(out.status.success(), "searching /{lang}/ in Chromium failed:\n{}", show(&out));
    }
}

/// Words the English stemmer treats specially, and ordinary ones of every step.
const ENGLISH: &str = "strategies strategy running dying lying tying inning outing canning herring earring evening generously skies skis sky news \
    proceed succeeded exceed exceeding feed agreed agreeing hoped hopping caresses ponies ties cats gas gaps kiwis plastered motoring sing \
    conflated troubled sized tanned falling hissing fizzed failing filing happy generalization oscillators relational conditional \
    vietnamization ability formality sensitivity hopeful goodness revival allowance inference airliner gyroscopic adjustable \
    defensible irritant replacement adjustment dependent adoption homologous communism activate angularity effective bowdlerize \
    probate rate cease controlling rolling says saying played cry crying by only early ugly gently singly idly atlas bias cosmos andes \
    howe universal university generate generation commune communities organization organize internal interest arsenal emergency \
    pasted past pasting biology geologist logical fully hopelessly lessly ably entirely sincerely yearly youth yell yelled \
    boyish joyful annoyance meeting meetings addressed added egged offing aided bled bleed need needs speed speeded café naïve \
    ménage über façade dyed eyed shyly spying employing employment prevention preventive districts district municipal municipality \
    services service volunteers volunteering housing substance abuse alcohol overdose recovery motivational interviewing";

#[test]
fn the_clients_english_and_plain_stemmers_agree_with_rust() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    for (analyzer, text) in [(AnalyzerKind::English, format!("{ENGLISH} {readme}")), (AnalyzerKind::Plain, format!("{ENGLISH} Sámediggi ČOAHKKIN Áltá"))] {
        let mut words = serde_json::Map::new();
        for w in tokenize(&text) {
            let t = analyzer.query_word(&w.text);
            words.insert(w.text.clone(), serde_json::json!({ "exact": t.exact, "folded": t.folded, "shard": shard_of(&w.text, 4096) }));
        }
        let least = if analyzer == AnalyzerKind::English { 1000 } else { 100 };
        assert!(words.len() > least, "at least {least} {} words, got {}", analyzer.name(), words.len());
        let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("analyzer-{}.json", analyzer.name()));
        std::fs::write(&file, serde_json::json!({ "analyzer": analyzer.name(), "texts": [], "words": words }).to_string()).expect("write");
        let out = node(&["analyzer", &file.to_string_lossy()]);
        assert!(out.status.success(), "the client's {} analyzer differs from Rust's:\n{}", analyzer.name(), show(&out));
    }
}

//! Hosting anywhere: the example site published in a folder of its host (`base_url` with a
//! sub-path, or `--base-url`), checked file by file, crawled in headless Chromium under
//! that folder, validated by the Nu HTML checker, and served by `planverk serve` under the
//! same path.
//!
//! The browser tests need node, the npm devDependencies, /usr/bin/chromium and java
//! (`scripts/setup` installs them); when one is missing they FAIL, never skip.

mod common;

use common::node::{node, show};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// A fixed "now" (2026-11-18 UTC), as in the other tests of the example site.
const NOW: &str = "1795000000";
/// The folder the sub-path builds are published in.
const SUB: &str = "https://example.org/rusplan";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the example site into `target/tmp/hosting-<name>/` with `extra` arguments, once
/// per test run.
fn build_example(name: &str, extra: &[&str]) -> PathBuf {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("hosting-{name}"));
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new(env!("CARGO_BIN_EXE_planverk"))
        .arg("build")
        .arg("--root")
        .arg(root())
        .arg("--output")
        .arg(&out)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", NOW)
        .output()
        .expect("run the planverk binary");
    assert!(run.status.success(), "building the example site failed\n{}", show(&run));
    out
}

fn plain_build() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_example("plain", &[]))
}

fn sub_path_build() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_example("rusplan", &["--base-url", SUB]))
}

/// The example's own `base_url`, as config.toml has it.
fn example_base_url() -> String {
    let config = std::fs::read_to_string(root().join("config.toml")).expect("read config.toml");
    let line = config.lines().find(|l| l.trim_start().starts_with("base_url")).expect("a base_url line");
    line.split('"').nth(1).expect("a quoted base_url").trim_end_matches('/').to_string()
}

/// Every rooted address (`/…`, not `//…`) in the `href`, `src`, `action`, `srcset` and
/// `data-source` attributes and refresh redirects of an HTML file.
fn rooted_links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " action=\"", " data-source=\"", " srcset=\"", "url="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let value = &rest[..rest.find(['"', '>']).unwrap_or(rest.len())];
            let values: Vec<&str> = if attr == " srcset=\"" { value.split(',').filter_map(|c| c.split_whitespace().next()).collect() } else { vec![value] };
            out.extend(values.into_iter().filter(|v| v.starts_with('/') && !v.starts_with("//")).map(str::to_string));
        }
    }
    out
}

/// The output file a site path leads to, if there is one.
fn file_for(site: &Path, path: &str) -> Option<PathBuf> {
    let path = path.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_decode(path);
    let rel = decoded.trim_start_matches('/');
    let file = if rel.is_empty() || rel.ends_with('/') { site.join(rel).join("index.html") } else { site.join(rel) };
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn html_files(site: &Path) -> BTreeMap<PathBuf, String> {
    common::tree(site)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, bytes)| (p, String::from_utf8(bytes).expect("HTML is UTF-8")))
        .collect()
}

#[test]
fn every_rooted_link_of_a_sub_path_build_stays_in_its_folder_and_leads_to_a_file() {
    let site = sub_path_build();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (file, html) in html_files(site) {
        for link in rooted_links(&html) {
            checked += 1;
            match link.strip_prefix("/rusplan/") {
                None => problems.push(format!("{}: {link} is outside /rusplan/", file.display())),
                Some(rest) if file_for(site, &format!("/{rest}")).is_none() => problems.push(format!("{}: {link} leads to no file", file.display())),
                Some(_) => {}
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
    assert!(problems.is_empty(), "{} broken links, the first:\n{}", problems.len(), problems.iter().take(30).cloned().collect::<Vec<_>>().join("\n"));
}

#[test]
fn absolute_addresses_of_a_sub_path_build_name_its_folder() {
    let site = sub_path_build();
    let read = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let home = read("index.html");
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.org/rusplan/\">"), "canonical link");
    let sitemap = read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/rusplan/planer/</loc>"), "sitemap:\n{sitemap}");
    assert!(!sitemap.contains("<loc>https://example.org/planer/"), "a sitemap address without the folder");
    assert!(read("robots.txt").contains("Sitemap: https://example.org/rusplan/sitemap.xml"));
    let calendar = read("kalender/alle.ics");
    assert!(calendar.contains("URL:https://example.org/rusplan/kurs/"), "calendar URLs");
    // A UID names the host only: publishing in a folder does not change it.
    assert!(calendar.lines().filter(|l| l.starts_with("UID:")).all(|l| l.ends_with("@example.org")), "UIDs name the host alone");
    let feed = read("aktuelt/atom.xml");
    assert!(feed.contains("href=\"https://example.org/rusplan/aktuelt/"), "feed links");
    assert!(!feed.contains("href=\"/"), "a feed link that is not absolute");
    let plan = read("planer/oslo-strategisk-plan/plan.json");
    assert!(plan.contains("\"url\": \"https://example.org/rusplan/planer/oslo-strategisk-plan/\""), "plan.json");
    let courses = read("kurs/kurs.json");
    assert!(courses.contains("\"url\":\"/rusplan/kurs/"), "kurs.json links");
    let alias = html_files(site).into_iter().find(|(_, h)| h.contains("http-equiv=\"refresh\""));
    if let Some((file, html)) = alias {
        assert!(html.contains("url=/rusplan/"), "{}: the redirect leaves the folder", file.display());
    }
    let not_found = read("404.html");
    assert!(not_found.contains("href=\"/rusplan/\""), "404 page's home link");
}

/// A build for another address equals the normal one once the addresses are put back: only
/// URLs differ.
#[test]
fn a_build_with_base_url_differs_from_the_normal_one_only_in_urls() {
    let staging = build_example("staging", &["--base-url", "https://staging.example.org/x"]);
    let plain = common::tree(plain_build());
    let other = common::tree(&staging);
    assert_eq!(plain.keys().collect::<Vec<_>>(), other.keys().collect::<Vec<_>>(), "the same files");
    let base = example_base_url();
    let host = base.split_once("://").map_or(base.as_str(), |(_, h)| h).to_string();
    let mut differing = 0;
    for (path, bytes) in &other {
        let Ok(text) = std::str::from_utf8(bytes) else {
            assert_eq!(bytes, &plain[path], "{} differs", path.display());
            continue;
        };
        // Calendar lines are folded at 75 octets: a longer address folds elsewhere.
        let back = text
            .replace("\r\n ", "")
            .replace("https://staging.example.org/x", &base)
            .replace("webcal://staging.example.org/x", &format!("webcal://{host}"))
            .replace("@staging.example.org", &format!("@{host}"))
            .replace("=\"/x/", "=\"/")
            .replace("url=/x/", "url=/")
            .replace("\"/x/", "\"/")
            .replace("Allow: /x/", "Allow: /")
            .replace("\n/x/", "\n/")
            .replace(" /x/", " /");
        let want = String::from_utf8_lossy(&plain[path]).replace("\r\n ", "");
        if back != want {
            let at = back.bytes().zip(want.bytes()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "{} differs beyond its URLs near byte {at}:\n  staging: {:?}\n  normal:  {:?}",
                path.display(),
                &back[at.saturating_sub(60)..(at + 60).min(back.len())],
                &want[at.saturating_sub(60)..(at + 60).min(want.len())]
            );
        }
        differing += usize::from(text.as_bytes() != plain[path].as_slice());
    }
    assert!(differing > 100, "only {differing} files name an address");
}

/// A real 2×2 PNG: pictures are decoded and sized, so a few magic bytes would be refused.
const TINY_PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00\xfd\xd4\x9a\x73\x00\x00\x00\x11\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\x00\x44\x60\xe2\x3f\x03\x00\x1d\xf0\x03\xfd\xa0\x33\x09\x89\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

#[test]
fn a_sub_path_base_url_in_config_puts_the_site_in_that_folder() {
    let site = common::Site::new()
        .config("title = \"T\"\nbase_url = \"https://example.org/rusplan/\"\n")
        .page("content/_index.md", "title: Hjem", "Se [planen](@/planer/a.md) og [kurs](/kurs/).\n")
        .page("content/planer/a.md", "title: A\nkind: page\naliases: [/gammel/]", "![Kart](/kart.png)\n")
        .page("content/kurs/_index.md", "title: Kurs", "")
        .bytes("static/kart.png", TINY_PNG);
    site.build().assert_ok();
    let home = site.output("index.html");
    for want in ["href=\"/rusplan/planer/a/\"", "href=\"/rusplan/kurs/\"", "href=\"/rusplan/\"", "action=\"/rusplan/sok/\"", "data-site-root=\"/rusplan/\""] {
        assert!(home.contains(want), "{want} in the home page:\n{home}");
    }
    let page = site.output("planer/a/index.html");
    let img = page.split("<img").nth(1).unwrap_or_default();
    assert!(img.contains("src=\"/rusplan/"), "the picture under the sub-path:\n{page}");
    assert!(site.output("gammel/index.html").contains("url=/rusplan/planer/a/"));
}

#[test]
fn base_url_on_the_command_line_must_be_a_full_address() {
    let site = common::Site::new().page("content/_index.md", "title: Hjem", "");
    let run = site.cmd("build", &["--base-url", "example.org/x"]);
    assert_eq!(run.code, Some(2), "{}", run.describe());
    assert!(run.stderr.contains("not a full address"), "{}", run.describe());
    let bad = common::Site::empty().config("title = \"T\"\nbase_url = \"https://example.org/a b\"\n").page("content/_index.md", "title: H", "");
    let err = bad.single_error();
    assert_eq!(err.code, "E-CONFIG-VALUE");
}

#[test]
fn serve_serves_a_sub_path_site_under_its_folder() {
    let site = common::Site::new()
        .config("title = \"T\"\nbase_url = \"https://example.org/rusplan\"\n")
        .page("content/_index.md", "title: Hjem", "[A](@/a.md)\n")
        .page("content/a.md", "title: A", "Hei\n");
    let server = common::server::Server::start(site.root());
    assert!(server.banner.contains("/rusplan/"), "{}", server.banner);
    let home = server.get("/rusplan/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert!(home.body.contains("href=\"/rusplan/a/\""), "{}", home.body);
    // The pages name the server's own address, under the folder.
    assert!(home.body.contains(&format!("href=\"http://127.0.0.1:{}/rusplan/\"", server.port)), "{}", home.body);
    assert_eq!(server.get("/rusplan/a/").status, 200);
    let root = server.get("/");
    assert_eq!(root.status, 301);
    assert_eq!(root.header("location").as_deref(), Some("/rusplan/"));
    assert_eq!(server.get("/a/").status, 404, "the site is not at the host's root");
    let folder = server.get("/rusplan/a");
    assert_eq!(folder.header("location").as_deref(), Some("/rusplan/a/"));
}

#[test]
fn the_example_site_works_in_chromium_from_a_folder_of_its_host() {
    let site = sub_path_build().to_string_lossy().into_owned();
    let query = "kjentmann";
    let search = Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["search", "--root"])
        .arg(root())
        .args(["--json", "--limit", "1", query])
        .env("SOURCE_DATE_EPOCH", NOW)
        .output()
        .expect("run planverk search");
    assert!(search.status.success(), "{}", show(&search));
    let hits: serde_json::Value = serde_json::from_slice(&search.stdout).expect("search --json");
    let expected = hits[0]["url"].as_str().expect("a first result").to_string();
    let out = node("subpath.mjs", &[&site, "/rusplan", query, &expected]);
    assert!(out.status.success(), "the crawl under /rusplan/ failed\n{}", show(&out));
}

#[test]
fn every_page_of_a_sub_path_build_is_valid_html() {
    let out = node("vnu.mjs", &[sub_path_build()]);
    assert!(out.status.success(), "the Nu HTML checker found errors\n{}", show(&out));
}

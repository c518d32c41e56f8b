//! `planverk serve` as a reader and an editor meet it: the real binary on a fixture site,
//! fetched over plain HTTP (content types, redirects, 404s, no way out of the rendered
//! site), rebuilt on save, errors pushed over the event stream while the last good site is
//! still served, and live reload with the error overlay in headless Chromium.
//!
//! The browser test needs node, the npm devDependencies and /usr/bin/chromium
//! (`scripts/setup` installs them); when one is missing it FAILS, it never skips.

mod common;

use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::Site;
use common::server::{Server, events, events_for, next_event};

/// In config.toml, to show that it is never served.
const SECRET: &str = "# config-secret-7f3a";

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}\n")
}

fn fixture() -> Site {
    Site::new()
        .config(&format!("{SECRET}\n{}", common::DEFAULT_CONFIG))
        .file("content/_index.md", &page("Hjem", "Velkommen"))
        .file("content/om.md", &page("Om oss", "Første versjon av siden."))
        .file("static/notat.txt", "Et notat\n")
}

#[test]
fn serves_pages_from_memory_with_types_redirects_and_404s() {
    let site = fixture();
    let server = Server::start(site.root());
    assert!(server.banner.starts_with("Serving Test at http://127.0.0.1:"), "{}", server.banner);
    assert!(server.banner.ends_with("/ (Ctrl+C to stop)"), "{}", server.banner);

    let home = server.get("/");
    assert_eq!(home.status, 200, "{home:?}");
    assert_eq!(home.header("content-type").as_deref(), Some("text/html; charset=utf-8"));
    assert!(home.body.contains("Velkommen"));
    assert!(home.body.contains("/__planverk/events"), "the live-reload script is injected");
    assert!(!home.body.contains("planverk-overlay\" role"), "no overlay without an error");

    let moved = server.get("/om");
    assert_eq!(moved.status, 301, "{moved:?}");
    assert_eq!(moved.header("location").as_deref(), Some("/om/"));
    let om = server.get("/om/");
    assert_eq!(om.status, 200);
    assert!(om.body.contains("Første versjon"));

    for (path, ty) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/notat.txt", "text/plain; charset=utf-8"),
        ("/filter.js", "text/javascript; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!((r.status, r.header("content-type").as_deref()), (200, Some(ty)), "{path}");
        assert!(!r.body.contains("/__planverk/events"), "{path}: the script goes into HTML only");
    }

    let missing = server.get("/finnes-ikke/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-type").as_deref(), Some("text/html; charset=utf-8"));
    assert!(missing.body.contains("<html"), "the site's 404 page: {missing:?}");
    // The output folder is memory: nothing is written to disk.
    assert!(!site.root().join("public").exists());
}

#[test]
fn nothing_outside_the_rendered_site_can_be_reached() {
    let site = fixture();
    let server = Server::start(site.root());
    for path in [
        "/../config.toml",
        "/%2e%2e/config.toml",
        "/%2E%2E/%2E%2E/config.toml",
        "/..%2fconfig.toml",
        "/om/../../config.toml",
        "/config.toml",
        "/content/om.md",
        "/static/notat.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/..%5cconfig.toml",
    ] {
        let r = server.get(path);
        assert!(r.status == 404 || r.status == 400, "{path}: {r:?}");
        assert!(!r.body.contains(SECRET) && !r.body.contains("root:"), "{path} leaked a file: {r:?}");
    }
}

#[test]
fn listens_on_127_0_0_1_only() {
    let site = fixture();
    let server = Server::start(site.root());
    assert_eq!(server.get("/").status, 200);
    // 127.0.0.2 is another loopback address: a server bound to every address answers there.
    let other = SocketAddr::from((Ipv4Addr::new(127, 0, 0, 2), server.port));
    assert!(TcpStream::connect_timeout(&other, Duration::from_secs(2)).is_err(), "the server answers on 127.0.0.2");
    let listen = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let wanted = format!("0100007F:{:04X}", server.port);
    assert!(listen.contains(&wanted), "no listener on 127.0.0.1:{} in /proc/net/tcp", server.port);
    assert!(!listen.contains(&format!("00000000:{:04X}", server.port)), "listening on 0.0.0.0");
}

#[test]
fn a_save_rebuilds_a_broken_file_reports_its_errors_and_a_fix_recovers() {
    let site = fixture();
    let server = Server::start(site.root());
    site.write("content/om.md", page("Om oss", "Andre versjon, lagret i editoren."));
    server.poll("/om/", "the edit shows", |r| r.body.contains("Andre versjon"));

    let stream = events(server.port);
    next_event(&stream, "the first status", |e| e["errors"].as_array().is_some_and(Vec::is_empty));
    site.write("content/om.md", "---\ntitle: Om oss\ntittel: feil\n---\nTredje versjon\n");
    let failed = next_event(&stream, "the error", |e| e["errors"].as_array().is_some_and(|a| !a.is_empty()));
    let error = &failed["errors"][0];
    assert_eq!(error["file"], "content/om.md", "{failed}");
    assert_eq!(error["line"], 3, "{failed}");
    assert_eq!(error["code"], "E-UNKNOWN-FIELD", "{failed}");
    assert!(error["location"].as_str().is_some_and(|l| l.starts_with("content/om.md:3")), "{failed}");
    assert!(failed["overlay"].as_str().is_some_and(|o| o.contains("role=\"alert\"") && o.contains("content/om.md:3")), "{failed}");
    let old = server.get("/om/");
    assert_eq!(old.status, 200);
    assert!(old.body.contains("Andre versjon"), "the last good page is still served");

    site.write("content/om.md", page("Om oss", "Fjerde versjon, rettet."));
    let fixed = next_event(&stream, "the recovery", |e| e["errors"].as_array().is_some_and(Vec::is_empty));
    assert!(fixed["overlay"].is_null());
    assert!(server.get("/om/").body.contains("Fjerde versjon"));
}

#[test]
fn an_editor_style_save_through_a_temp_file_is_seen() {
    let site = fixture();
    let server = Server::start(site.root());
    site.write("content/.om.md.swp", "swap");
    site.write("content/om.md.tmp", page("Om oss", "Lagret via en midlertidig fil."));
    std::fs::rename(site.root().join("content/om.md.tmp"), site.root().join("content/om.md")).expect("rename");
    server.poll("/om/", "the renamed file shows", |r| r.body.contains("Lagret via en midlertidig fil"));
    // The swap file is no asset.
    assert_eq!(server.get("/.om.md.swp").status, 404);
}

#[test]
fn a_broken_config_at_the_start_serves_an_error_page_until_fixed() {
    let site = fixture().config(&format!("{}tema = \"feil\"\n", common::DEFAULT_CONFIG));
    let server = Server::start(site.root());
    let r = server.get("/om/");
    assert_eq!(r.status, 500, "{r:?}");
    assert!(r.body.contains("role=\"alert\"") && r.body.contains("config.toml"), "{r:?}");
    assert!(r.body.contains("/__planverk/events"));
    site.write("config.toml", common::DEFAULT_CONFIG);
    let ok = server.poll("/om/", "the fixed config", |r| r.status == 200);
    assert!(ok.body.contains("Første versjon"));
    assert!(!ok.body.contains("role=\"alert\""));
}

#[test]
fn a_broken_template_is_reported_and_the_fix_recovers() {
    let site = fixture();
    let server = Server::start(site.root());
    let stream = events(server.port);
    next_event(&stream, "the first status", |e| e["generation"] == 1);
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}{{ page.title }{% endblock content %}");
    let failed = next_event(&stream, "the template error", |e| e["errors"].as_array().is_some_and(|a| !a.is_empty()));
    assert_eq!(failed["errors"][0]["code"], "E-TEMPLATE", "{failed}");
    assert_eq!(failed["errors"][0]["file"], "templates/page.html", "{failed}");
    assert!(server.get("/om/").body.contains("Første versjon"), "the last good page is still served");
    std::fs::remove_file(site.root().join("templates/page.html")).expect("remove template");
    next_event(&stream, "the recovery", |e| e["errors"].as_array().is_some_and(Vec::is_empty) && e["generation"] == 2);
}

/// The first `src="…"` of a picture beside the page in `html`, and the generation the page
/// was served in (from the live-reload script).
fn picture_and_generation(html: &str) -> (String, u64) {
    let src = html.split("src=\"/aktuelt/sak/kart.").nth(1).and_then(|r| r.split('"').next()).unwrap_or_else(|| panic!("no picture:\n{html}"));
    let generation = html.split("const generation = ").nth(1).and_then(|r| r.split(';').next()).and_then(|g| g.parse().ok());
    (format!("/aktuelt/sak/kart.{src}"), generation.unwrap_or_else(|| panic!("no live-reload script:\n{html}")))
}

#[test]
fn replacing_a_picture_beside_a_page_reloads_that_page_with_the_new_picture() {
    let site = fixture()
        .file("content/aktuelt/_index.md", "---\ntitle: Aktuelt\nkind: news\n---\n")
        .file("content/aktuelt/sak/index.md", "---\ntitle: Sak\ndate: 2026-05-01\n---\n![Et kart over bydelene](kart.png)\n")
        .bytes("content/aktuelt/sak/kart.png", &common::pictures::png(600, 300));
    let server = Server::start(site.root());
    let before = server.get("/aktuelt/sak/");
    assert!(before.body.contains("width=\"600\" height=\"300\""), "{}", before.body);
    let (old, generation) = picture_and_generation(&before.body);
    assert_eq!(server.get(&old).status, 200, "{old}");
    let tab = events_for(server.port, &format!("?path=/aktuelt/sak/&since={generation}"));
    // Written beside and renamed over, as an image editor saves.
    site.write("content/aktuelt/sak/kart.png.tmp", common::pictures::png(800, 300));
    std::fs::rename(site.root().join("content/aktuelt/sak/kart.png.tmp"), site.root().join("content/aktuelt/sak/kart.png")).expect("rename");
    next_event(&tab, "the page's tab is told to reload", |e| e["reload"] == true && e["errors"].as_array().is_some_and(Vec::is_empty));
    let after = server.get("/aktuelt/sak/");
    assert!(after.body.contains("width=\"800\" height=\"300\""), "{}", after.body);
    let (new, _) = picture_and_generation(&after.body);
    assert_ne!(new, old, "a replaced picture gets a new address, so no cache shows the old one");
    let served = server.get(&new);
    assert_eq!(served.status, 200, "{new}");
    assert_eq!(served.header("content-type").as_deref(), Some("image/png"), "{new}");
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_page_in_chromium_reloads_itself_and_shows_and_hides_the_error_overlay() {
    assert!(Path::new("/usr/bin/chromium").exists(), "/usr/bin/chromium is missing: run scripts/setup (apt-get install chromium)");
    assert!(root().join("node_modules/playwright-core").is_dir(), "node_modules/playwright-core is missing: run scripts/setup");
    let site = fixture();
    let server = Server::start(site.root());
    let url = format!("http://127.0.0.1:{}/om/", server.port);
    let out = Command::new("node")
        .current_dir(root())
        .arg(root().join("tests/browser/livereload.mjs"))
        .arg(&url)
        .arg(site.root().join("content/om.md"))
        .output()
        .unwrap_or_else(|e| panic!("can't run `node` ({e}): install Node.js and run scripts/setup"));
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "livereload.mjs failed\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}");
    assert!(stdout.contains("4 passed, 0 failed"), "{stdout}");
}

#[test]
fn in_chromium_only_the_tab_whose_page_changed_reloads_and_css_swaps_in_place() {
    assert!(Path::new("/usr/bin/chromium").exists(), "/usr/bin/chromium is missing: run scripts/setup (apt-get install chromium)");
    assert!(root().join("node_modules/playwright-core").is_dir(), "node_modules/playwright-core is missing: run scripts/setup");
    let long: String = (1..=80).map(|i| format!("Avsnitt {i} med nok tekst til at siden blir lang.\n\n")).collect();
    let site = fixture().file("content/a.md", &page("Side A", &long)).file("content/b.md", &page("Side B", &long));
    let server = Server::start(site.root());
    let url = |p: &str| format!("http://127.0.0.1:{}{p}", server.port);
    let out = Command::new("node")
        .current_dir(root())
        .arg(root().join("tests/browser/tabs.mjs"))
        .args([url("/a/"), url("/b/")])
        .arg(site.root().join("content/a.md"))
        .arg(site.root().join("static/style.css"))
        .output()
        .unwrap_or_else(|e| panic!("can't run `node` ({e}): install Node.js and run scripts/setup"));
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "tabs.mjs failed\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}\n--- server ---\n{}", server.terminal());
    assert!(stdout.contains("3 passed, 0 failed"), "{stdout}");
}

/// Every served file of `state` with its bytes.
fn served(state: &planverk::serve::state::ServeState) -> Vec<(String, Vec<u8>)> {
    state.paths().into_iter().map(|p| (p.clone(), state.file(&p).map(|b| b.to_vec()).unwrap_or_default())).collect()
}

/// A partial rebuild after Markdown edits patches the served files into exactly what a full
/// build of the edited site serves, whether it renders in part or falls back to the whole.
#[test]
fn a_partial_rebuild_serves_the_same_files_as_a_full_one() {
    partial_rebuilds_serve_what_a_full_build_serves(false);
}

fn partial_rebuilds_serve_what_a_full_build_serves(from_store: bool) {
    use planverk::paths::ChangeSet;
    use planverk::serve::{build::Builder, build::Outcome, state::ServeState};
    let dir = tempfile::tempdir().expect("tempdir");
    // One language: a site with several language versions is rebuilt whole on every save.
    common::copy_example_one_language(dir.path());
    let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).expect("now");
    let builder = || Builder::with_now(planverk::BuildOptions::new(dir.path()), now);
    let (mut live, state) = (builder(), ServeState::new());
    if from_store {
        // In this process: the store is valid for the program that made it.
        planverk::build(&planverk::BuildOptions { now, ..planverk::BuildOptions::new(dir.path()) }).expect("build");
        assert_eq!(live.start(&state, false), Outcome::Partial { pages: 0 }, "started from the store");
        let fresh = ServeState::new();
        assert_eq!(builder().build_all(&fresh, false), Outcome::Full);
        assert!(served(&state) == served(&fresh), "the files served from the store are those of a full build");
    } else {
        assert_eq!(live.start(&state, false), Outcome::Full, "no store: a full build");
    }
    let edits: [(&str, &str, &str, bool); 3] = [
        ("content/kurs/utsett-2027.md", "2027-03-04T", "2027-03-05T", true),
        ("content/planer/oslo-strategisk-plan.md", "title: Oppdatert rusforebyggende program", "title: Nytt rusforebyggende program", true),
        ("content/kurs/utsett-2027.md", "topics:\n", "topics:\n  - helt nytt tema\n", false),
    ];
    for (rel, from, to, partial) in edits {
        let file = dir.path().join(rel);
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&file, text.replace(from, to)).expect("write");
        let mut changes = ChangeSet::default();
        changes.content.insert(PathBuf::from(rel));
        let outcome = live.rebuild(&state, &changes);
        assert_eq!(matches!(outcome, Outcome::Partial { .. }), partial, "{rel}: {outcome:?}");
        // What `serve` does between saves: the site-wide outputs, then the search index.
        while live.has_pending() {
            assert_ne!(live.finish_step(&state), Outcome::Failed, "{rel}");
        }
        let fresh = ServeState::new();
        assert_eq!(builder().build_all(&fresh, false), Outcome::Full);
        let (got, want) = (served(&state), served(&fresh));
        assert_eq!(got.iter().map(|f| &f.0).collect::<Vec<_>>(), want.iter().map(|f| &f.0).collect::<Vec<_>>(), "{rel}: other files");
        for ((path, a), (_, b)) in got.iter().zip(&want) {
            assert!(a == b, "{rel}: {path} differs from a full build");
        }
    }
}

//! The editor at `/admin/` over plain HTTP, black-box: the real `planverk serve` on a copy of
//! the example site, called as Decap CMS calls it (its local-backend protocol), and every
//! safety rule with a request that breaks it. `planverk new` for every kind.

mod common;

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::path::Path;

use common::server::{Server, WAIT};
use serde_json::{Value, json};

/// A copy of the example site that serves the editor with the local Decap copy.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(from.join("config.toml"), dir.path().join("config.toml")).expect("copy config");
    common::copy_dir(&from.join("content"), &dir.path().join("content"));
    // The watcher watches static/ when it exists at the start (as in most sites).
    std::fs::create_dir_all(dir.path().join("static")).expect("static/");
    dir
}

/// The editor's page, its config and the API path in it (with this run's token).
struct Editor {
    server: Server,
    api: String,
}

fn start(root: &Path) -> Editor {
    let server = Server::start(root);
    let host = format!("127.0.0.1:{}", server.port);
    let config = request(server.port, "GET", "/admin/config.yml", &host, None, None, "");
    assert_eq!(config.0, 200, "{config:?}");
    let config: Value = serde_json::from_str(&config.1).expect("config.yml is JSON (and so YAML)");
    let url = config["local_backend"]["url"].as_str().expect("local_backend.url").to_string();
    let api = url.strip_prefix(&format!("http://{host}")).expect("the API is on the server itself").to_string();
    Editor { server, api }
}

/// One HTTP/1.1 request with the given Host, Origin and Content-Type; (status, body).
fn request(port: u16, method: &str, path: &str, host: &str, origin: Option<&str>, content_type: Option<&str>, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if let Some(o) = origin {
        head.push_str(&format!("Origin: {o}\r\n"));
    }
    if let Some(t) = content_type {
        head.push_str(&format!("Content-Type: {t}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes())).expect("send");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0), body.to_string())
}

impl Editor {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.server.port)
    }

    /// A call as Decap makes it: JSON, from the editor's own origin.
    fn call(&self, action: &str, params: Value) -> (u16, Value) {
        let host = self.host();
        let body = json!({ "action": action, "params": params }).to_string();
        let (status, text) = request(self.server.port, "POST", &self.api, &host, Some(&format!("http://{host}")), Some("application/json"), &body);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    fn ok(&self, action: &str, params: Value) -> Value {
        let (status, v) = self.call(action, params);
        assert_eq!(status, 200, "{action}: {v}\nterminal:\n{}", self.server.terminal());
        v
    }

    fn save(&self, path: &str, raw: &str) -> (u16, Value) {
        let entry = json!({ "slug": "x", "path": path, "raw": raw });
        self.call(
            "persistEntry",
            json!({ "branch": "main", "dataFiles": [entry], "assets": [], "options": { "commitMessage": "x", "useWorkflow": false, "status": "" } }),
        )
    }
}

fn build(root: &Path, out: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let run = common::run_planverk(&["build", "--root", &root.to_string_lossy(), "--output", &out.to_string_lossy()], &[("SOURCE_DATE_EPOCH", common::EPOCH)]);
    run.assert_ok();
    common::tree(out)
}

#[test]
fn every_page_of_the_example_site_saved_unchanged_leaves_the_output_byte_identical() {
    let site = example_copy();
    let out = tempfile::tempdir().expect("tempdir");
    let before = build(site.path(), &out.path().join("a"));
    let sources = common::tree(&site.path().join("content"));
    let editor = start(site.path());
    let info = editor.ok("info", json!({}));
    assert_eq!(info["publish_modes"], json!(["simple"]));
    let mut saved = 0;
    for folder in [
        "content",
        "content/aktuelt",
        "content/bydeler",
        "content/kurs",
        "content/nettverk",
        "content/nyhetsbrev",
        "content/om",
        "content/planer",
        "content/tilbud",
    ] {
        let entries = editor.ok("entriesByFolder", json!({ "branch": "main", "folder": folder, "extension": "md", "depth": 1 }));
        for e in entries.as_array().expect("a list of entries") {
            let path = e["file"]["path"].as_str().expect("path");
            assert!(!path.ends_with("_index.md"), "the sections collection edits {path}");
            let read = editor.ok("getEntry", json!({ "branch": "main", "path": path }));
            assert_eq!(read["data"], e["data"], "{path}");
            let (status, answer) = editor.save(path, read["data"].as_str().expect("text"));
            assert_eq!(status, 200, "saving {path} unchanged was refused: {answer}");
            saved += 1;
        }
        let index = format!("{folder}/_index.md");
        let section = editor.ok("getEntry", json!({ "branch": "main", "path": index }));
        assert_eq!(editor.save(&index, section["data"].as_str().expect("section text")).0, 200, "{index}");
        saved += 1;
    }
    assert!(saved > 90, "only {saved} pages were saved");
    assert_eq!(common::tree(&site.path().join("content")), sources, "a save without changes changed a file");
    let after = build(site.path(), &out.path().join("b"));
    common::assert_same_tree(&before, &after);
}

#[test]
fn a_page_with_a_picture_saved_unchanged_leaves_file_and_output_byte_identical() {
    let site = example_copy();
    std::fs::create_dir_all(site.path().join("static/media")).expect("static/media");
    // A real picture: the build decodes every picture under static/, and one it can't fails.
    std::fs::write(site.path().join("static/media/rod.png"), common::pictures::png(1, 1)).expect("picture");
    let news = "content/aktuelt/sak-med-bilde.md";
    let text = "---\ntitle: Sak med bilde\ndate: 2026-11-02\nkind: news\nimage:\n  src: /media/rod.png\n  alt: \"Et rødt punkt\"\n---\nTekst.\n";
    std::fs::write(site.path().join(news), text).expect("page");
    let out = tempfile::tempdir().expect("tempdir");
    let before = build(site.path(), &out.path().join("a"));
    let page = before.iter().find(|(p, _)| p.ends_with("aktuelt/sak-med-bilde/index.html")).map(|(_, b)| String::from_utf8_lossy(b).into_owned());
    assert!(page.is_some_and(|h| h.contains("Et rødt punkt")), "the picture is on the page");
    let editor = start(site.path());
    let read = editor.ok("getEntry", json!({ "branch": "main", "path": news }));
    assert_eq!(read["data"], text);
    let (status, answer) = editor.save(news, text);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(std::fs::read_to_string(site.path().join(news)).expect("page"), text);
    common::assert_same_tree(&before, &build(site.path(), &out.path().join("b")));

    // The form: an object with an image widget for src and a string for alt, required when
    // there is a picture (Decap checks an empty object's fields too, so the form leaves that to
    // planverk's check on save, which refuses a picture without alt).
    let (_, yml) = request(editor.server.port, "GET", "/admin/config.yml", &editor.host(), None, None, "");
    let yml: Value = serde_json::from_str(&yml).expect("JSON");
    for folder in ["content/aktuelt", "content/kurs", "content/nettverk", "content/planer", "content/om"] {
        let c = yml["collections"].as_array().and_then(|cs| cs.iter().find(|c| c["folder"] == folder).cloned()).expect(folder);
        let image = c["fields"].as_array().and_then(|fs| fs.iter().find(|f| f["name"] == "image").cloned()).unwrap_or_default();
        assert_eq!((image["widget"].as_str(), image["required"].as_bool()), (Some("object"), Some(false)), "{folder}: {image}");
        assert_eq!((image["fields"][0]["name"].as_str(), image["fields"][0]["widget"].as_str()), (Some("src"), Some("image")), "{image}");
        let alt = &image["fields"][1];
        assert_eq!((alt["name"].as_str(), alt["widget"].as_str()), (Some("alt"), Some("string")), "{image}");
        assert!(alt["hint"].as_str().is_some_and(|h| h.starts_with("Required when")), "{image}");
    }
    let (status, answer) = editor.save(news, &text.replace("  alt: \"Et rødt punkt\"\n", ""));
    assert_eq!(status, 422, "a picture without alt text: {answer}");
    assert_eq!(std::fs::read_to_string(site.path().join(news)).expect("page"), text, "nothing written");
}

#[test]
fn create_edit_refuse_delete_and_upload_through_the_protocol() {
    let site = example_copy();
    let editor = start(site.path());
    let news = "content/aktuelt/ny-sak-fra-editoren.md";
    let text = "---\ntitle: Ny sak fra editoren\ndate: 2026-11-01\nkind: news\ndistricts: [frogner]\n---\nSkrevet i nettleseren.\n";
    assert_eq!(editor.save(news, text).0, 200);
    assert_eq!(std::fs::read_to_string(site.path().join(news)).expect("written"), text);
    editor.server.poll("/aktuelt/ny-sak-fra-editoren/", "the new page is served", |r| r.status == 200 && r.body.contains("Skrevet i nettleseren"));

    // A session that ends before it starts: refused with planverk's own error, nothing written.
    let course = "content/kurs/kjentmann-2027.md";
    let original = std::fs::read_to_string(site.path().join(course)).expect("course");
    let end = original.lines().find(|l| l.trim_start().starts_with("end:")).expect("a session end");
    let indent: String = end.chars().take_while(|c| c.is_whitespace()).collect();
    let broken = original.replacen(end, &format!("{indent}end: 2020-01-01T08:00"), 1);
    let (status, answer) = editor.save(course, &broken);
    assert_eq!(status, 422, "{answer}");
    let message = answer["error"].as_str().unwrap_or("");
    assert!(message.contains("[E-DATE-ORDER]") && message.contains(course), "{message}");
    assert_eq!(std::fs::read_to_string(site.path().join(course)).expect("course"), original, "a refused save was written");

    // An unknown field, with the file, line and column.
    let (status, answer) = editor.save(news, &text.replace("kind: news", "kind: news\ntittel: x"));
    assert_eq!(status, 422);
    assert!(answer["error"].as_str().unwrap_or("").contains(&format!("[E-UNKNOWN-FIELD] {news}:5:1")), "{answer}");

    // Deleting a page others link to is refused; a page no one links to goes.
    let plan = "content/planer/oslo-strategisk-plan.md";
    let (status, answer) = editor.call("deleteFile", json!({ "branch": "main", "path": plan, "options": { "commitMessage": "x" } }));
    assert_eq!(status, 422, "{answer}");
    assert!(answer["error"].as_str().unwrap_or("").contains("[E-MISSING-PAGE]"), "{answer}");
    assert!(site.path().join(plan).is_file());
    editor.ok("deleteFile", json!({ "branch": "main", "path": news, "options": { "commitMessage": "x" } }));
    assert!(!site.path().join(news).exists());
    editor.server.poll("/aktuelt/ny-sak-fra-editoren/", "the deleted page is gone", |r| r.status == 404);

    // An upload into the media folder, listed and served.
    // A real picture: the build decodes every picture under static/, so a fake PNG would
    // fail the rebuild and never be served.
    let png = common::pictures::png(1, 1);
    let content = base64_encode(&png);
    let asset = json!({ "path": "static/media/plakat.png", "content": content, "encoding": "base64" });
    let file = editor.ok("persistMedia", json!({ "branch": "main", "asset": asset, "options": { "commitMessage": "x" } }));
    assert_eq!(file["name"], "plakat.png");
    assert_eq!(std::fs::read(site.path().join("static/media/plakat.png")).expect("uploaded"), png);
    let listed = editor.ok("getMedia", json!({ "branch": "main", "mediaFolder": "static/media" }));
    assert_eq!(listed[0]["path"], "static/media/plakat.png");
    // Served right away at its public address, as a picture.
    let served = editor.server.poll("/media/plakat.png", "the upload is served", |r| r.status == 200);
    assert!(served.header("content-type").is_some_and(|t| t.starts_with("image/png")), "{}", served.head);
    assert_eq!(served.header("content-length"), Some(png.len().to_string()), "{}", served.head);

    // Too large: refused with the limit in plain words, nothing written.
    let big = "A".repeat(11 * 1024 * 1024 / 3 * 4);
    let asset = json!({ "path": "static/media/stor.png", "content": big, "encoding": "base64" });
    let (status, answer) = editor.call("persistMedia", json!({ "branch": "main", "asset": asset, "options": { "commitMessage": "x" } }));
    assert_eq!(status, 422, "{answer}");
    assert!(answer["error"].as_str().unwrap_or("").contains("larger than 10 MB"), "{answer}");
    assert!(!site.path().join("static/media/stor.png").exists());
}

fn base64_encode(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= chunk.len() { A[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

#[test]
fn the_safety_rules_each_refuse() {
    let site = example_copy();
    let outside = tempfile::tempdir().expect("tempdir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), site.path().join("content/ut")).expect("symlink");
    let editor = start(site.path());
    let port = editor.server.port;
    let host = editor.host();
    let own = format!("http://{host}");
    let body = json!({ "action": "info", "params": {} }).to_string();
    let json_type = Some("application/json");
    // Wrong Origin (another site's page posting to localhost), no Origin, wrong Host (DNS rebinding).
    assert_eq!(request(port, "POST", &editor.api, &host, Some("https://evil.example"), json_type, &body).0, 403);
    assert_eq!(request(port, "POST", &editor.api, &host, None, json_type, &body).0, 403);
    assert_eq!(request(port, "POST", &editor.api, "evil.example", Some("http://evil.example"), json_type, &body).0, 403);
    assert_eq!(request(port, "GET", "/admin/config.yml", &format!("evil.example:{port}"), None, None, "").0, 403, "the token must not leak");
    // No token, a wrong one, and a form post (not JSON).
    assert_eq!(request(port, "POST", "/admin/api/v1", &host, Some(&own), json_type, &body).0, 403);
    assert_eq!(request(port, "POST", "/admin/api/0000/v1", &host, Some(&own), json_type, &body).0, 403);
    assert_eq!(request(port, "POST", &editor.api, &host, Some(&own), Some("text/plain"), &body).0, 415);
    assert_eq!(editor.call("info", json!({})).0, 200, "the right call works");

    let config = std::fs::read(site.path().join("config.toml")).expect("config");
    let page = "---\ntitle: x\n---\n";
    for path in
        ["config.toml", "content/../config.toml", "templates/page.html", "themes/default/templates/base.html", "static/x.md", "/etc/passwd", "content/ut/x.md"]
    {
        let (status, answer) = editor.save(path, page);
        assert_eq!(status, 422, "{path}: {answer}");
    }
    for path in ["config.toml", "content/../config.toml", "static/x.html", "static/x.svg", "content/ut/x.png", "static/../../x.png"] {
        let asset = json!({ "path": path, "content": "AAAA", "encoding": "base64" });
        let (status, answer) = editor.call("persistMedia", json!({ "branch": "main", "asset": asset, "options": { "commitMessage": "x" } }));
        assert_eq!(status, 422, "{path}: {answer}");
    }
    for path in ["config.toml", "content/../config.toml"] {
        assert_eq!(editor.call("deleteFile", json!({ "branch": "main", "path": path, "options": { "commitMessage": "x" } })).0, 422, "{path}");
        assert_eq!(editor.call("getEntry", json!({ "branch": "main", "path": path })).0, 422, "{path}");
    }
    assert_eq!(std::fs::read(site.path().join("config.toml")).expect("config"), config);
    assert!(std::fs::read_dir(outside.path()).expect("outside").next().is_none(), "a write went through the symlink");
    assert!(!site.path().join("templates").exists() && !site.path().join("static/x.md").exists());
}

#[test]
fn the_editor_config_is_made_from_the_content_model() {
    let site = example_copy();
    let editor = start(site.path());
    let host = editor.host();
    let (status, shell) = request(editor.server.port, "GET", "/admin/", &host, None, None, "");
    assert_eq!(status, 200);
    assert!(shell.contains("https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js") && shell.contains("integrity=\"sha384-"), "{shell}");
    let (_, text) = request(editor.server.port, "GET", "/admin/config.yml", &host, None, None, "");
    let config: Value = serde_json::from_str(&text).expect("JSON");
    let collections = config["collections"].as_array().expect("collections");
    let kurs = collections.iter().find(|c| c["folder"] == "content/kurs").expect("a collection for kurs");
    let field = |c: &Value, name: &str| c["fields"].as_array().and_then(|fs| fs.iter().find(|f| f["name"] == name).cloned()).unwrap_or_default();
    assert_eq!((field(kurs, "title")["required"].as_bool(), field(kurs, "summary")["required"].as_bool()), (Some(true), Some(false)));
    assert_eq!(field(kurs, "body")["widget"], "markdown");
    let status = field(kurs, "status");
    assert!(status["options"].as_array().expect("options").contains(&json!({ "label": "Venteliste", "value": "waitlist" })), "{status}");
    let sessions = field(kurs, "sessions");
    assert_eq!((sessions["widget"].as_str(), sessions["fields"][0]["name"].as_str()), (Some("list"), Some("start")));
    let districts = field(kurs, "districts");
    assert!(districts["options"].as_array().expect("district options").iter().any(|o| o["value"] == "frogner" && o["label"] == "Bydel Frogner"), "{districts}");
    let implements = field(kurs, "implements");
    assert!(implements["options"].as_array().expect("item options").iter().any(|o| o["value"] == "planer/oslo-strategisk-plan#S1-A"), "{implements}");
    let planer = collections.iter().find(|c| c["folder"] == "content/planer").expect("plans");
    let updates = field(planer, "strategies")["fields"].as_array().and_then(|fs| fs.iter().find(|f| f["name"] == "measures").cloned()).expect("measures");
    assert!(updates["fields"].as_array().expect("item fields").iter().any(|f| f["name"] == "updates"), "{updates}");
    assert!(collections.iter().any(|c| c["name"] == "_sections"), "the sections' own pages");
    // The example is multilingual: a translated section (`_index.nn.md`) is no collection of
    // its own, and no name repeats (Decap refuses such a config and never logs in).
    let mut names: Vec<&str> = collections.iter().filter_map(|c| c["name"].as_str()).collect();
    let sections = collections.iter().find(|c| c["name"] == "_sections").and_then(|c| c["files"].as_array()).expect("section files");
    let mut files: Vec<&str> = sections.iter().filter_map(|f| f["name"].as_str()).collect();
    let (n, f) = (names.len(), files.len());
    names.sort_unstable();
    names.dedup();
    files.sort_unstable();
    files.dedup();
    assert_eq!((names.len(), files.len()), (n, f), "collection or section names repeat: {names:?} {files:?}");
    assert!(sections.iter().all(|f| !f["file"].as_str().unwrap_or("").contains(".nn.") && !f["file"].as_str().unwrap_or("").contains(".en.")), "{sections:?}");
}

#[test]
fn a_listening_address_beyond_loopback_turns_the_editor_off() {
    let site = example_copy();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0", "--root"])
        .arg(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve");
    let mut out = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut lines = String::new();
    for _ in 0..2 {
        let _ = std::io::BufRead::read_line(&mut out, &mut lines);
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(lines.contains("the editor at /admin/ is off") && lines.contains("--allow-remote-editing"), "{lines}");
}

#[test]
fn new_writes_a_page_of_every_kind_that_checks() {
    let site = common::Site::new().file("content/bydeler/_index.md", "---\ntitle: Bydeler\nkind: district\n---\n");
    for kind in ["page", "news", "plan", "course", "network", "newsletter", "district", "service"] {
        let run = site.cmd("new", &[kind, &format!("content/ny/{kind}-eksempel.md")]);
        run.assert_ok();
        let text = std::fs::read_to_string(site.root().join(format!("content/ny/{kind}-eksempel.md"))).expect("written");
        assert!(text.contains(&format!("kind: {kind}")) && text.contains("# "), "{text}");
    }
    site.check().assert_ok();
    let again = site.cmd("new", &["page", "ny/page-eksempel"]);
    again.assert_fails();
    assert!(again.all_output().contains("already exists"), "{}", again.describe());
    let escape = site.cmd("new", &["page", "../utenfor"]);
    escape.assert_fails();
    assert!(!site.root().join("../utenfor.md").exists());
    assert!(site.cmd("new", &["kurs", "ny/x"]).all_output().contains("not a kind"));
}

#[test]
fn in_chromium_the_editor_opens_a_course_and_publishes_a_new_title() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(Path::new("/usr/bin/chromium").exists(), "/usr/bin/chromium is missing: run scripts/setup (apt-get install chromium)");
    let decap = repo.join("node_modules/decap-cms/dist/decap-cms.js");
    assert!(decap.is_file() && repo.join("node_modules/playwright-core").is_dir(), "node_modules lacks decap-cms or playwright-core: run scripts/setup");
    let site = example_copy();
    let mut config = std::fs::read_to_string(site.path().join("config.toml")).expect("config");
    config.push_str(&format!("\n[cms]\nscript = {:?}\n", decap.to_string_lossy()));
    std::fs::write(site.path().join("config.toml"), config).expect("config");
    let server = Server::start(site.path());
    let out = std::process::Command::new("node")
        .current_dir(repo)
        .arg(repo.join("tests/browser/cms.mjs"))
        .arg(format!("http://127.0.0.1:{}", server.port))
        .arg(site.path())
        .output()
        .unwrap_or_else(|e| panic!("can't run `node` ({e}): install Node.js and run scripts/setup"));
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "cms.mjs failed\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}\n--- serve ---\n{}", server.terminal());
    assert!(stdout.contains("4 passed, 0 failed"), "{stdout}");
    let course = std::fs::read_to_string(site.path().join("content/kurs/kjentmann-2027.md")).expect("course");
    assert!(course.contains("Kjentmannskurs endret i editoren"), "{course}");
    common::run_planverk(&["check", "--root", &site.path().to_string_lossy()], &[]).assert_ok();
}

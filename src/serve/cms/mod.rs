//! The editor at `/admin/`: Decap CMS on top of `serve`.
//!
//! - `GET /admin/` is the shell that loads Decap (pinned, with SRI, or `[cms] script`);
//! - `GET /admin/config.yml` is made from the content model and the site
//!   ([`crate::render::admin`]), with the local backend's URL, which holds this run's token;
//! - `GET /admin/decap/…` serves a local copy of Decap (`[cms] script` naming a file);
//! - `POST /admin/api/TOKEN/v1` answers Decap's local-backend protocol ([`api`]).
//!
//! Every request must come to the server's own address ([`guard::same_origin`]); writes
//! also need the page's own `Origin`, a JSON body and the token.

pub mod api;
pub mod guard;
pub mod validate;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::state::ServeState;
use crate::render::admin::{self, Backend};

/// Where the editor lives.
pub const PREFIX: &str = "/admin";

/// The editor of one `serve` run.
#[derive(Debug, Clone)]
pub struct Editor {
    pub site: api::Site,
    /// A random token for this run, part of the API's path.
    pub token: String,
    /// The `Host` values requests may carry.
    pub hosts: Vec<String>,
    /// Listening on an address other than loopback (`--allow-remote-editing`).
    pub remote: bool,
}

impl Editor {
    pub fn new(root: &Path, drafts: bool, bind: std::net::IpAddr, port: u16) -> Editor {
        Editor { site: api::Site { root: root.to_path_buf(), drafts }, token: token(), hosts: guard::own_hosts(bind, port), remote: !bind.is_loopback() }
    }

    fn api_path(&self) -> String {
        format!("{PREFIX}/api/{}/v1", self.token)
    }
}

/// 128 random bits from the operating system, as hex.
fn token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: a per-process random hasher keyed by the clock is the fallback.
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        bytes[..8].copy_from_slice(&h.finish().to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `url` is the editor's.
pub fn is_editor_url(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    path == PREFIX || path.starts_with("/admin/")
}

type Reply = Response<Cursor<Vec<u8>>>;

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    let headers = [("Content-Type", content_type), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer")]
        .iter()
        .filter_map(|(k, v)| Header::from_bytes(k.as_bytes(), v.as_bytes()).ok())
        .collect();
    let len = body.len();
    Response::new(StatusCode(status), headers, Cursor::new(body), Some(len), None).with_chunked_threshold(usize::MAX)
}

fn text(status: u16, message: &str) -> Reply {
    reply(status, "text/plain; charset=utf-8", format!("{message}\n").into_bytes())
}

fn json(status: u16, value: &serde_json::Value) -> Reply {
    reply(status, "application/json; charset=utf-8", value.to_string().into_bytes())
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers().iter().find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
}

/// Answers one request under `/admin`. Never panics.
pub fn handle(editor: &Editor, state: &Arc<ServeState>, mut request: Request) {
    let host = header(&request, "Host").map(str::to_string);
    let origin = header(&request, "Origin").map(str::to_string);
    let path = request.url().split(['?', '#']).next().unwrap_or("").to_string();
    let is_api = path.starts_with(&format!("{PREFIX}/api/"));
    if !guard::same_origin(&editor.hosts, host.as_deref(), origin.as_deref(), is_api) {
        let _ = request.respond(text(403, "The editor answers only its own page at the server's own address."));
        return;
    }
    let response = match (request.method(), path.as_str()) {
        (Method::Get | Method::Head, PREFIX) => {
            let mut r = text(301, "Moved to /admin/");
            if let Ok(h) = Header::from_bytes(&b"Location"[..], &b"/admin/"[..]) {
                r.add_header(h);
            }
            r
        }
        (Method::Get | Method::Head, "/admin/" | "/admin/index.html") => shell(editor, state),
        (Method::Get | Method::Head, "/admin/config.yml") => config(editor, state, host.as_deref().unwrap_or("")),
        (Method::Get | Method::Head, p) if p.starts_with("/admin/decap/") => local_script(editor, &p["/admin/decap/".len()..]),
        (Method::Post, p) if p == editor.api_path() => api_call(editor, &mut request),
        (Method::Post, _) if is_api => json(403, &serde_json::json!({ "error": "wrong or missing token: reload /admin/" })),
        _ => text(404, "Not found"),
    };
    let _ = request.respond(response);
}

/// What `[cms] script` says: the Decap script's address and integrity.
fn script(editor: &Editor) -> (String, Option<String>) {
    let cms = crate::load::config::load_config(&editor.site.root).map(|c| c.cms).unwrap_or_default();
    match cms.script {
        None => (admin::DECAP_URL.to_string(), Some(admin::DECAP_INTEGRITY.to_string())),
        Some(s) if s.starts_with("https://") || s.starts_with("http://") => (s, cms.integrity),
        Some(file) => {
            let name = Path::new(&file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (format!("{PREFIX}/decap/{name}"), cms.integrity)
        }
    }
}

fn shell(editor: &Editor, state: &ServeState) -> Reply {
    let title = crate::load::config::load_config(&editor.site.root).map(|c| c.title).unwrap_or_default();
    let (src, integrity) = script(editor);
    let lang = state.strings().get("lang").cloned().unwrap_or_else(|| "nb".into());
    reply(200, "text/html; charset=utf-8", admin::shell(&title, &lang, &src, integrity.as_deref()).into_bytes())
}

fn config(editor: &Editor, state: &ServeState, host: &str) -> Reply {
    let options = crate::load::LoadOptions { drafts: editor.site.drafts, now: None, ..Default::default() };
    let loaded = crate::load::load_site(&editor.site.root, &options);
    let Some(site) = loaded.site else {
        return text(500, "config.toml can't be read; fix it and reload the editor");
    };
    let url = format!("http://{host}{}", editor.api_path());
    let allowed_hosts = if editor.remote {
        editor.hosts.iter().map(|h| h.rsplit_once(':').map_or(h.as_str(), |(n, _)| n).trim_matches(['[', ']']).to_string()).collect()
    } else {
        Vec::new()
    };
    let value = admin::config(&site, &state.strings(), &Backend::Local { url, allowed_hosts });
    let body = serde_json::to_string_pretty(&value).unwrap_or_default();
    reply(200, "text/yaml; charset=utf-8", body.into_bytes())
}

/// A file of the local Decap copy `[cms] script` names: only plain names in its folder.
fn local_script(editor: &Editor, name: &str) -> Reply {
    let cms = crate::load::config::load_config(&editor.site.root).map(|c| c.cms).unwrap_or_default();
    let Some(file) = cms.script.filter(|s| !s.starts_with("https://") && !s.starts_with("http://")) else {
        return text(404, "Not found");
    };
    let ok = !name.is_empty() && !name.starts_with('.') && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    let ext_ok = [".js", ".css", ".map", ".json"].iter().any(|e| name.ends_with(e));
    if !ok || !ext_ok {
        return text(404, "Not found");
    }
    let script = PathBuf::from(&file);
    let script = if script.is_absolute() { script } else { editor.site.root.join(script) };
    let Some(dir) = script.parent() else { return text(404, "Not found") };
    match std::fs::read(dir.join(name)) {
        Ok(bytes) => reply(200, super::http::content_type(name), bytes),
        Err(_) => text(404, "Not found"),
    }
}

/// One call of the protocol: a JSON body of bounded size.
fn api_call(editor: &Editor, request: &mut Request) -> Reply {
    let is_json = header(request, "Content-Type").is_some_and(|t| t.trim().to_ascii_lowercase().starts_with("application/json"));
    if !is_json {
        return json(415, &serde_json::json!({ "error": "the API takes JSON" }));
    }
    let mut body = Vec::new();
    let read = request.as_reader().take(guard::MAX_BODY_BYTES as u64 + 1).read_to_end(&mut body);
    if read.is_err() || body.len() > guard::MAX_BODY_BYTES {
        return json(413, &serde_json::json!({ "error": format!("the request is larger than {} MB", guard::MAX_BODY_BYTES / 1024 / 1024) }));
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return json(400, &serde_json::json!({ "error": "the request is not valid JSON" }));
    };
    let (status, answer) = api::answer(&editor.site, &value);
    if status == 200 && matches!(value["action"].as_str(), Some("persistEntry" | "persistMedia" | "deleteFile" | "deleteFiles")) {
        eprintln!("Editor: {} {}", value["action"].as_str().unwrap_or(""), describe(&value["params"]));
    } else if status != 200 {
        eprintln!("Editor: refused {}: {}", value["action"].as_str().unwrap_or("?"), answer["error"].as_str().unwrap_or(""));
    }
    json(status, &answer)
}

/// The paths a write names, for the terminal.
fn describe(params: &serde_json::Value) -> String {
    let mut paths: Vec<&str> = Vec::new();
    for f in params["dataFiles"].as_array().into_iter().flatten() {
        paths.extend(f["path"].as_str());
    }
    paths.extend(params["asset"]["path"].as_str());
    paths.extend(params["path"].as_str());
    paths.extend(params["paths"].as_array().into_iter().flatten().filter_map(|p| p.as_str()));
    paths.join(", ")
}

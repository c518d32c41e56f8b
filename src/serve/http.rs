//! HTTP over tiny_http, from memory only: a request path is turned into the key of a
//! rendered file ([`resolve`]) or refused; nothing on disk can be reached. HTML gets the
//! live-reload script; unknown paths get the site's 404.html.

use std::io::Cursor;
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::reload;
use super::state::ServeState;

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A rendered file, by its path relative to the output folder.
    File(String),
    /// A folder asked for without its slash: redirect here.
    Redirect(String),
    NotFound,
}

/// Resolves the path part of a request URL against the rendered files (`exists`).
/// `..`, `.`, empty segments, backslashes and NUL, also percent-encoded, are refused.
pub fn resolve(url: &str, exists: impl Fn(&str) -> bool) -> Target {
    let raw = url.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = raw.strip_prefix('/') else {
        return Target::NotFound;
    };
    let Ok(decoded) = percent_encoding::percent_decode_str(rest).decode_utf8() else {
        return Target::NotFound;
    };
    let (dir, file) = match decoded.rsplit_once('/') {
        Some((dir, file)) => (Some(dir), file),
        None => (None, decoded.as_ref()),
    };
    let bad = |s: &str| s.is_empty() || s == "." || s == ".." || s.contains(['\\', '\0']) || s.contains(':');
    if dir.is_some_and(|d| d.split('/').any(bad)) || (!file.is_empty() && bad(file)) {
        return Target::NotFound;
    }
    if file.is_empty() {
        let index = format!("{decoded}index.html");
        return if exists(&index) { Target::File(index) } else { Target::NotFound };
    }
    if exists(&decoded) {
        Target::File(decoded.into_owned())
    } else if exists(&format!("{decoded}/index.html")) {
        Target::Redirect(format!("{raw}/"))
    } else {
        Target::NotFound
    }
}

/// The site path of a request URL for a site served under `base` (`/rusplan`, or empty):
/// `/rusplan/kurs/` → `/kurs/`, `/rusplan` → `/`; `None` outside the sub-path.
pub fn under_base<'u>(base: &str, url: &'u str) -> Option<&'u str> {
    if base.is_empty() {
        return Some(url);
    }
    let rest = url.strip_prefix(base)?;
    match rest.as_bytes().first() {
        None | Some(b'?' | b'#') => Some("/"),
        Some(b'/') => Some(rest),
        _ => None,
    }
}

/// The Content-Type for a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

type Reply = Response<Cursor<Arc<[u8]>>>;

fn reply(status: u16, content_type: &str, body: Arc<[u8]>) -> Reply {
    let headers = [header("Content-Type", content_type), header("Cache-Control", "no-store")].into_iter().flatten().collect();
    let len = body.len();
    Response::new(StatusCode(status), headers, Cursor::new(body), Some(len), None)
}

/// Answers one request. Never panics; a client that went away is not an error.
pub fn handle(state: &Arc<ServeState>, request: Request) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(reply(405, "text/plain; charset=utf-8", Arc::from(&b"Method not allowed\n"[..])));
        return;
    }
    let path = request.url().split('?').next().unwrap_or("").to_string();
    match path.as_str() {
        reload::EVENTS_PATH => return reload::stream(state, request),
        reload::STATUS_PATH => {
            let json = reload::status_json(&state.status(), &state.strings(), false, Vec::new());
            let _ = request.respond(reply(200, "application/json", Arc::from(json.into_bytes())));
            return;
        }
        _ => {}
    }
    let response = page_reply(state, request.url());
    let _ = request.respond(response);
}

/// The response for a site path: a file, a redirect, the 404 page, or the error page while
/// there is no good build.
fn page_reply(state: &ServeState, url: &str) -> Reply {
    let status = state.status();
    if status.generation == 0 {
        let html = reload::error_page(&status, &state.strings());
        return reply(500, content_type("x.html"), Arc::from(html.into_bytes()));
    }
    let base = state.base_path();
    let target = match under_base(base, url) {
        Some(site_path) => resolve(site_path, |p| state.has(p)),
        // The host's root of a site served under a sub-path leads to the site.
        None if url == "/" || url.starts_with("/?") => Target::Redirect(String::new()),
        None => Target::NotFound,
    };
    let (code, path) = match target {
        Target::File(path) => (200, path),
        Target::Redirect(to) => {
            let to = if to.is_empty() { format!("{base}/") } else { format!("{base}{to}") };
            let mut r = reply(301, "text/plain; charset=utf-8", Arc::from(format!("Moved to {to}\n").into_bytes()));
            if let Some(h) = header("Location", &to) {
                r.add_header(h);
            }
            return r;
        }
        Target::NotFound => (404, "404.html".to_string()),
    };
    let Some(bytes) = state.file(&path) else {
        return reply(404, "text/plain; charset=utf-8", Arc::from(&b"Not found\n"[..]));
    };
    let ty = content_type(&path);
    if ty.starts_with("text/html") { reply(code, ty, Arc::from(reload::inject(&bytes, status.generation))) } else { reply(code, ty, bytes) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(p: &str) -> bool {
        ["index.html", "404.html", "kurs/index.html", "kurs/a/index.html", "style.css", "kalender/alle.ics", "æ/index.html"].contains(&p)
    }

    #[test]
    fn files_folders_and_redirects() {
        assert_eq!(resolve("/", site), Target::File("index.html".into()));
        assert_eq!(resolve("/style.css", site), Target::File("style.css".into()));
        assert_eq!(resolve("/style.css?v=2", site), Target::File("style.css".into()));
        assert_eq!(resolve("/kurs/a/", site), Target::File("kurs/a/index.html".into()));
        assert_eq!(resolve("/kurs/a", site), Target::Redirect("/kurs/a/".into()));
        assert_eq!(resolve("/kurs?x=1", site), Target::Redirect("/kurs/".into()));
        assert_eq!(resolve("/%C3%A6/", site), Target::File("æ/index.html".into()));
        assert_eq!(resolve("/kalender/alle.ics", site), Target::File("kalender/alle.ics".into()));
        assert_eq!(resolve("/nope/", site), Target::NotFound);
        assert_eq!(resolve("/nope", site), Target::NotFound);
    }

    #[test]
    fn a_sub_path_maps_to_site_paths() {
        assert_eq!(under_base("", "/kurs/"), Some("/kurs/"));
        assert_eq!(under_base("/rusplan", "/rusplan/kurs/?a"), Some("/kurs/?a"));
        assert_eq!(under_base("/rusplan", "/rusplan"), Some("/"));
        assert_eq!(under_base("/rusplan", "/rusplanx/"), None);
        assert_eq!(under_base("/rusplan", "/kurs/"), None);
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        let everything = |_: &str| true;
        for url in [
            "/../config.toml",
            "/%2e%2e/config.toml",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/kurs/../../config.toml",
            "/kurs/%2e%2e%2fconfig.toml",
            "/..%2fconfig.toml",
            "/..%5cconfig.toml",
            "/./index.html",
            "//etc/passwd",
            "//evil.example/",
            "/kurs//a/",
            "/%00index.html",
            "/C:/Windows/win.ini",
            "config.toml",
            "http://example.org/",
            "",
            "/%ff/",
        ] {
            assert_eq!(resolve(url, everything), Target::NotFound, "{url}");
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("kalender/alle.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("dekning.json"), "application/json");
        assert_eq!(content_type("logo.SVG"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}

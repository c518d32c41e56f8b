//! Live reload over Server-Sent Events, and the error overlay.
//!
//! Every HTML response gets a small script (never stored in the rendered files) that listens
//! on [`EVENTS_PATH`], naming its page and the generation it was served in. After each build
//! the server tells that tab what concerns it: the overlay markup when the build failed;
//! `reload` when its own page changed since (only those tabs reload, keeping their scroll
//! position); the stylesheets that changed, which the script swaps in place; and, while the
//! site builds, the warnings panel ([`super::warnings`]). The overlay speaks the site's
//! language (the theme's `serve_failed_*` strings).

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tiny_http::Request;

use super::state::{ServeState, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::escape;

/// UI strings by key (the theme's, in the site's language).
pub type Strings = std::collections::BTreeMap<String, String>;

/// The event stream that the injected script listens to.
pub const EVENTS_PATH: &str = "/__planverk/events";
/// The same status as one JSON document.
pub const STATUS_PATH: &str = "/__planverk/status";
/// How often an idle stream sends a comment, so that a closed connection is noticed.
const KEEPALIVE: Duration = Duration::from_secs(10);

#[derive(Serialize)]
struct StatusJson<'a> {
    generation: u64,
    attempts: u64,
    errors: Vec<ErrorJson<'a>>,
    /// The overlay to show, or null when the last build succeeded.
    overlay: Option<String>,
    /// The last good build's warnings, while there is no error.
    warnings: Vec<ErrorJson<'a>>,
    /// The warnings panel to show, or null when there are none or the build failed.
    warnings_panel: Option<String>,
    /// The tab's page changed since it was loaded: reload it.
    reload: bool,
    /// Stylesheets (URL paths) that changed since: swap them in place.
    stylesheets: Vec<String>,
}

/// One live-reload tab: the output file of its page and the generation it has seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tab {
    pub file: String,
    pub seen: u64,
}

impl Tab {
    /// The tab from the query of its event-stream URL: `?path=/kurs/a/&since=4`; the path
    /// is the page's as the browser has it, under the site's `base_path` (`/rusplan`).
    pub fn from_query(url: &str, base_path: &str) -> Tab {
        let query = url.split_once('?').map_or("", |(_, q)| q);
        let param = |name: &str| query.split('&').find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='));
        let path = param("path").map(|p| percent_encoding::percent_decode_str(p).decode_utf8_lossy().into_owned()).unwrap_or_else(|| "/".into());
        let path = percent_encoding::percent_decode_str(&path).decode_utf8_lossy().into_owned();
        let path = path.strip_prefix(base_path).filter(|_| !base_path.is_empty()).unwrap_or(&path);
        let rel = path.trim_start_matches('/');
        let file = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
        Tab { file, seen: param("since").and_then(|g| g.parse().ok()).unwrap_or(0) }
    }

    /// What this tab is to do after `status`; marks the build seen when it succeeded.
    fn react(&mut self, state: &ServeState, status: &Status) -> (bool, Vec<String>) {
        if !status.errors.is_empty() || status.generation <= self.seen {
            return (false, Vec::new());
        }
        let own = state.changed_since(&self.file, self.seen) || (!state.has(&self.file) && state.changed_since("404.html", self.seen));
        let base = state.base_path();
        let css = state.stylesheets_changed_since(self.seen).into_iter().map(|p| format!("{base}/{p}")).collect();
        self.seen = status.generation;
        (own, css)
    }
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    location: String,
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
}

/// The status as JSON for one tab: one line, as an SSE `data:` field needs.
pub fn status_json(status: &Status, strings: &Strings, reload: bool, stylesheets: Vec<String>) -> String {
    let errors: Vec<ErrorJson<'_>> = status.errors.iter().map(|d| ErrorJson { location: d.location(), diagnostic: d }).collect();
    let overlay = if status.errors.is_empty() { None } else { Some(overlay(&status.errors, strings)) };
    let shown: &[Diagnostic] = if status.errors.is_empty() { &status.warnings } else { &[] };
    let warnings = shown.iter().map(|d| ErrorJson { location: d.location(), diagnostic: d }).collect();
    let warnings_panel = super::warnings::panel(shown, strings);
    let json = StatusJson { generation: status.generation, attempts: status.attempts, errors, overlay, warnings, warnings_panel, reload, stylesheets };
    serde_json::to_string(&json).unwrap_or_else(|_| "{}".into())
}

/// Sends the status now and after every build, until the client goes away.
pub fn stream(state: &Arc<ServeState>, request: Request) {
    let _subscription = state.subscribe();
    let mut tab = Tab::from_query(request.url(), state.base_path());
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    let mut status = state.status();
    let event = |tab: &mut Tab, status: &Status| {
        let (reload, css) = tab.react(state, status);
        format!("event: build\ndata: {}\n\n", status_json(status, &state.strings(), reload, css))
    };
    let mut message = format!("{head}{}", event(&mut tab, &status));
    loop {
        if out.write_all(message.as_bytes()).and_then(|()| out.flush()).is_err() {
            return;
        }
        message = match state.wait_for_build(status.attempts, KEEPALIVE) {
            Some(next) => {
                status = next;
                event(&mut tab, &status)
            }
            None => ": keep-alive\n\n".to_string(),
        };
    }
}

/// A UI string, or its English text when the site has none (no good build yet).
fn text<'a>(strings: &'a Strings, key: &str, english: &'a str) -> &'a str {
    strings.get(key).map_or(english, String::as_str)
}

/// The overlay panel listing the errors (text escaped). Only ever sent while a build failed.
pub fn overlay(errors: &[Diagnostic], strings: &Strings) -> String {
    let shown: Vec<&Diagnostic> = errors.iter().filter(|d| d.severity == Severity::Error).collect();
    let mut html = String::from(concat!(
        "<div id=\"planverk-overlay\" role=\"alert\" aria-labelledby=\"planverk-overlay-title\" style=\"position:fixed;inset:1rem;z-index:2147483647;",
        "overflow:auto;background:#fff;color:#111;border:4px solid #a00;border-radius:6px;padding:1rem 1.25rem;",
        "font:16px/1.5 system-ui,sans-serif;box-shadow:0 0 0 100vmax rgba(0,0,0,.5)\">",
        "<button type=\"button\" data-planverk-close style=\"float:right;font:inherit;background:#111;color:#fff;",
        "border:2px solid #111;border-radius:4px;padding:.25rem .75rem;cursor:pointer;outline-offset:3px\">",
    ));
    html.push_str(&escape(text(strings, "serve_failed_close", "Close")));
    html.push_str("</button>");
    let title = match shown.len() {
        1 => text(strings, "serve_failed_count_one", "The site did not build: 1 error").to_string(),
        n => text(strings, "serve_failed_count_many", "The site did not build: {n} errors").replace("{n}", &n.to_string()),
    };
    html.push_str(&format!("<h2 id=\"planverk-overlay-title\" style=\"margin:0 0 .75rem;font-size:1.25rem;color:#a00\">{}</h2>", escape(&title)));
    let intro = text(strings, "serve_failed_text", "You are seeing the last version that built. Fix the file and save; the page reloads by itself.");
    html.push_str(&format!("<p style=\"margin:0 0 1rem\">{}</p><ol style=\"margin:0;padding-left:1.5rem\">", escape(intro)));
    for d in shown {
        html.push_str(&format!(
            "<li style=\"margin:0 0 1rem\"><p style=\"margin:0\"><code style=\"font-weight:bold\">{}</code></p><p style=\"margin:.25rem 0;white-space:pre-wrap\">{}</p>",
            escape(&format!("{} [{}]", d.location(), d.code)),
            escape(&d.message)
        ));
        if let Some(line) = &d.source_line {
            html.push_str(&format!(
                "<pre style=\"margin:.25rem 0;padding:.5rem;background:#f3f3f3;color:#111;white-space:pre-wrap;border-left:4px solid #a00\"><code>{}</code></pre>",
                escape(line)
            ));
        }
        if let Some(help) = &d.help {
            html.push_str(&format!(
                "<p style=\"margin:.25rem 0\"><strong>{}</strong> {}</p>",
                escape(text(strings, "serve_failed_help", "Help:")),
                escape(help)
            ));
        }
        html.push_str("</li>");
    }
    html.push_str("</ol></div>");
    html
}

/// The script added to HTML responses: shows the overlay, reloads this tab when its page
/// changed (keeping the scroll position), and swaps changed stylesheets without a reload.
pub fn script(generation: u64) -> String {
    format!(
        r#"<script>(() => {{
  const generation = {generation};
  const key = 'planverk-scroll:' + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved) {{
    sessionStorage.removeItem(key);
    const [x, y] = JSON.parse(saved);
    // At once (the script ends the body, after the render-blocking stylesheets), and again
    // when everything has loaded, in case images changed the layout.
    const restore = () => window.scrollTo(x, y);
    restore();
    if (document.readyState !== 'complete') window.addEventListener('load', restore, {{ once: true }});
  }}
  const hide = () => document.getElementById('planverk-overlay')?.remove();
  const show = (markup) => {{
    hide();
    const holder = document.createElement('div');
    holder.innerHTML = markup;
    const panel = holder.firstElementChild;
    document.body.appendChild(panel);
    const close = panel.querySelector('[data-planverk-close]');
    close.addEventListener('click', hide);
    panel.addEventListener('keydown', (e) => {{ if (e.key === 'Escape') hide(); }});
    close.focus();
  }};
  const dismissed = 'planverk-warnings-closed';
  const hideWarnings = () => document.getElementById('planverk-warnings')?.remove();
  const showWarnings = (markup) => {{
    hideWarnings();
    const holder = document.createElement('div');
    holder.innerHTML = markup;
    const panel = holder.firstElementChild;
    if (sessionStorage.getItem(dismissed) === panel.dataset.planverkWarnings) return;
    panel.querySelector('[data-planverk-close]').addEventListener('click', () => {{
      sessionStorage.setItem(dismissed, panel.dataset.planverkWarnings);
      hideWarnings();
    }});
    document.body.appendChild(panel);
  }};
  const swap = (paths, version) => {{
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {{
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || !paths.includes(url.pathname)) continue;
      url.searchParams.set('planverk', version);
      const next = link.cloneNode();
      next.href = url.pathname + url.search;
      next.addEventListener('load', () => link.remove(), {{ once: true }});
      link.after(next);
    }}
  }};
  const query = '?path=' + encodeURIComponent(location.pathname) + '&since=' + generation;
  const events = new EventSource('{EVENTS_PATH}' + query);
  events.addEventListener('build', (e) => {{
    const status = JSON.parse(e.data);
    if (status.overlay) {{ hideWarnings(); show(status.overlay); return; }}
    hide();
    if (status.warnings_panel) showWarnings(status.warnings_panel); else hideWarnings();
    if (status.reload) {{
      sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
      events.close();
      location.reload();
      return;
    }}
    if (status.stylesheets.length) swap(status.stylesheets, status.generation);
  }});
}})();</script>"#
    )
}

/// Adds the live-reload script before the last `</body>` (or at the end).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let script = script(generation);
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page served while there is no good build at all (a broken config at start): the
/// site's language is not known yet, so `strings` is mostly empty and the text English.
pub fn error_page(status: &Status, strings: &Strings) -> String {
    let title = escape(text(strings, "serve_failed_title", "The site did not build"));
    let body = if status.errors.is_empty() { "<p>…</p>".to_string() } else { overlay(&status.errors, strings) };
    let lang = strings.get("lang").map_or("en", String::as_str);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body><main><h1>{title}</h1>{body}</main>{}</body></html>\n",
        script(status.generation)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourcePos;
    use std::path::Path;

    fn problem() -> Diagnostic {
        let mut d = Diagnostic::new(
            crate::diagnostics::Code::UnknownField,
            Path::new("content/<a>.md"),
            SourcePos { line: 3, column: 7 },
            "unknown field `tittel` <script>",
        )
        .with_help(Some("did you mean `title`? & more".into()));
        d.source_line = Some("tittel: \"<b>x</b>\"".into());
        d
    }

    #[test]
    fn the_overlay_lists_each_problem_escaped() {
        let html = overlay(&[problem()], &Strings::new());
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains("<button type=\"button\""));
        assert!(html.contains("content/&lt;a&gt;.md:3:7 [E-UNKNOWN-FIELD]"), "{html}");
        assert!(html.contains("unknown field `tittel` &lt;script&gt;"));
        assert!(html.contains("tittel: &quot;&lt;b&gt;x&lt;/b&gt;&quot;"));
        assert!(html.contains("did you mean `title`? &amp; more"));
        assert!(!html.contains("<script>") && !html.contains("<b>"));
    }

    #[test]
    fn the_overlay_speaks_the_sites_language() {
        let mut nn = Strings::new();
        nn.insert("serve_failed_count_many".into(), "Nettstaden vart ikkje bygd: {n} feil".into());
        nn.insert("serve_failed_close".into(), "Lukk".into());
        let html = overlay(&[problem(), problem()], &nn);
        assert!(html.contains(">Nettstaden vart ikkje bygd: 2 feil</h2>"), "{html}");
        assert!(html.contains(">Lukk</button>"));
        assert!(html.contains("content/&lt;a&gt;.md:3:7"), "the place stays file:line:column");
    }

    #[test]
    fn a_tab_is_known_by_its_page_and_generation() {
        assert_eq!(Tab::from_query("/__planverk/events?path=%2Fkurs%2Fa%2F&since=4", ""), Tab { file: "kurs/a/index.html".into(), seen: 4 });
        assert_eq!(Tab::from_query("/__planverk/events?path=%2F&since=1", ""), Tab { file: "index.html".into(), seen: 1 });
        assert_eq!(Tab::from_query("/__planverk/events?path=%2F%25C3%25A6%2F", ""), Tab { file: "æ/index.html".into(), seen: 0 });
        assert_eq!(Tab::from_query("/__planverk/events", ""), Tab { file: "index.html".into(), seen: 0 });
        assert_eq!(Tab::from_query("/__planverk/events?path=%2Frusplan%2Fkurs%2F", "/rusplan"), Tab { file: "kurs/index.html".into(), seen: 0 });
    }

    #[test]
    fn only_a_tab_whose_page_changed_reloads() {
        use crate::render::Output;
        let state = ServeState::new();
        state.publish(vec![Output::new("a/index.html", "a"), Output::new("b/index.html", "b"), Output::new("style.css", "x")]);
        let (mut a, mut b) = (Tab { file: "a/index.html".into(), seen: 1 }, Tab { file: "b/index.html".into(), seen: 1 });
        state.patch(vec![Output::new("a/index.html", "a2")], &[]);
        let status = state.status();
        assert_eq!(a.react(&state, &status), (true, vec![]));
        assert_eq!(b.react(&state, &status), (false, vec![]));
        state.patch(vec![Output::new("style.css", "y")], &[]);
        assert_eq!(b.react(&state, &state.status()), (false, vec!["/style.css".to_string()]));
        assert_eq!(b.react(&state, &state.status()), (false, vec![]), "a change is told once");
    }

    #[test]
    fn the_script_goes_before_the_last_body_end_tag() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", 4)).unwrap_or_default();
        assert!(out.starts_with("<html><body><p>x</p><script>"), "{out}");
        assert!(out.ends_with("</script></body></html>"));
        assert!(out.contains("const generation = 4;"));
        let bare = String::from_utf8(inject(b"plain", 1)).unwrap_or_default();
        assert!(bare.starts_with("plain<script>"));
    }

    #[test]
    fn status_json_has_the_overlay_only_after_a_failure() {
        let ok = Status { generation: 2, attempts: 2, errors: Arc::new(Vec::new()), warnings: Arc::new(Vec::new()) };
        let json: serde_json::Value = serde_json::from_str(&status_json(&ok, &Strings::new(), false, Vec::new())).unwrap_or_default();
        assert_eq!(json["generation"], 2);
        assert!(json["overlay"].is_null());
        let bad = Status { generation: 2, attempts: 3, errors: Arc::new(vec![problem()]), warnings: Arc::new(vec![problem()]) };
        let text = status_json(&bad, &Strings::new(), false, Vec::new());
        assert!(!text.contains('\n'));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(json["errors"][0]["location"], "content/<a>.md:3:7");
        assert_eq!(json["errors"][0]["line"], 3);
        assert!(json["overlay"].as_str().is_some_and(|o| o.contains("role=\"alert\"")));
        assert!(json["warnings_panel"].is_null() && json["warnings"].as_array().is_some_and(Vec::is_empty), "no warnings over errors: {json}");
        let warned = Status { errors: Arc::new(Vec::new()), ..bad };
        let json: serde_json::Value = serde_json::from_str(&status_json(&warned, &Strings::new(), false, Vec::new())).unwrap_or_default();
        assert!(json["overlay"].is_null());
        assert_eq!(json["warnings"][0]["location"], "content/<a>.md:3:7");
        assert!(json["warnings_panel"].as_str().is_some_and(|p| p.contains("role=\"status\"") && p.contains("content/&lt;a&gt;.md:3:7")), "{json}");
    }
}

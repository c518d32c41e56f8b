//! Live reload over Server-Sent Events, and the error overlay.
//!
//! Every HTML response gets a small script (never stored in the rendered files) that listens
//! on [`EVENTS_PATH`]. After each build the server sends a `build` event with the generation
//! of the files it serves and, when the build failed, the overlay markup: the script shows
//! the overlay, or reloads the page once a newer good build is ready.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tiny_http::Request;

use super::state::{ServeState, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::escape;

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
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    location: String,
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
}

/// The status as JSON: one line, as an SSE `data:` field needs.
pub fn status_json(status: &Status) -> String {
    let errors: Vec<ErrorJson<'_>> = status.errors.iter().map(|d| ErrorJson { location: d.location(), diagnostic: d }).collect();
    let overlay = if status.errors.is_empty() { None } else { Some(overlay(&status.errors)) };
    let json = StatusJson { generation: status.generation, attempts: status.attempts, errors, overlay };
    serde_json::to_string(&json).unwrap_or_else(|_| "{}".into())
}

/// Sends the status now and after every build, until the client goes away.
pub fn stream(state: &Arc<ServeState>, request: Request) {
    let _subscription = state.subscribe();
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    let mut status = state.status();
    let mut message = format!("{head}event: build\ndata: {}\n\n", status_json(&status));
    loop {
        if out.write_all(message.as_bytes()).and_then(|()| out.flush()).is_err() {
            return;
        }
        message = match state.wait_for_build(status.attempts, KEEPALIVE) {
            Some(next) => {
                status = next;
                format!("event: build\ndata: {}\n\n", status_json(&status))
            }
            None => ": keep-alive\n\n".to_string(),
        };
    }
}

/// The overlay panel listing the errors (text escaped). Only ever sent while a build failed.
pub fn overlay(errors: &[Diagnostic]) -> String {
    let shown: Vec<&Diagnostic> = errors.iter().filter(|d| d.severity == Severity::Error).collect();
    let mut html = String::from(concat!(
        "<div id=\"planverk-overlay\" role=\"alert\" aria-labelledby=\"planverk-overlay-title\" style=\"position:fixed;inset:1rem;z-index:2147483647;",
        "overflow:auto;background:#fff;color:#111;border:4px solid #a00;border-radius:6px;padding:1rem 1.25rem;",
        "font:16px/1.5 system-ui,sans-serif;box-shadow:0 0 0 100vmax rgba(0,0,0,.5)\">",
        "<button type=\"button\" data-planverk-close style=\"float:right;font:inherit;background:#111;color:#fff;",
        "border:2px solid #111;border-radius:4px;padding:.25rem .75rem;cursor:pointer;outline-offset:3px\">Close</button>",
    ));
    html.push_str(&format!(
        "<h2 id=\"planverk-overlay-title\" style=\"margin:0 0 .75rem;font-size:1.25rem;color:#a00\">The site did not build: {} error{}</h2>",
        shown.len(),
        if shown.len() == 1 { "" } else { "s" }
    ));
    html.push_str("<p style=\"margin:0 0 1rem\">You are seeing the last version that built. Fix the file and save; the page reloads by itself.</p><ol style=\"margin:0;padding-left:1.5rem\">");
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
            html.push_str(&format!("<p style=\"margin:.25rem 0\"><strong>Help:</strong> {}</p>", escape(help)));
        }
        html.push_str("</li>");
    }
    html.push_str("</ol></div>");
    html
}

/// The script added to HTML responses: shows the overlay or reloads after a build.
pub fn script(generation: u64) -> String {
    format!(
        r#"<script>(() => {{
  const generation = {generation};
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
  const events = new EventSource('{EVENTS_PATH}');
  events.addEventListener('build', (e) => {{
    const status = JSON.parse(e.data);
    if (status.overlay) show(status.overlay);
    else if (status.generation !== generation) location.reload();
    else hide();
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

/// The page served while there is no good build at all (a broken config at start).
pub fn error_page(status: &Status) -> String {
    let body = if status.errors.is_empty() { "<p>Building…</p>".to_string() } else { overlay(&status.errors) };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>The site did not build</title></head><body><main><h1>The site did not build</h1>{body}</main>{}</body></html>\n",
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
        let html = overlay(&[problem()]);
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains("<button type=\"button\""));
        assert!(html.contains("content/&lt;a&gt;.md:3:7 [E-UNKNOWN-FIELD]"), "{html}");
        assert!(html.contains("unknown field `tittel` &lt;script&gt;"));
        assert!(html.contains("tittel: &quot;&lt;b&gt;x&lt;/b&gt;&quot;"));
        assert!(html.contains("did you mean `title`? &amp; more"));
        assert!(!html.contains("<script>") && !html.contains("<b>"));
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
        let ok = Status { generation: 2, attempts: 2, errors: Arc::new(Vec::new()) };
        let json: serde_json::Value = serde_json::from_str(&status_json(&ok)).unwrap_or_default();
        assert_eq!(json["generation"], 2);
        assert!(json["overlay"].is_null());
        let bad = Status { generation: 2, attempts: 3, errors: Arc::new(vec![problem()]) };
        let text = status_json(&bad);
        assert!(!text.contains('\n'));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(json["errors"][0]["location"], "content/<a>.md:3:7");
        assert_eq!(json["errors"][0]["line"], 3);
        assert!(json["overlay"].as_str().is_some_and(|o| o.contains("role=\"alert\"")));
    }
}

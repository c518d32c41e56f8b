//! The warnings panel of `serve`: the last good build's warnings (`W-TRANSLATION-BEHIND`, …)
//! in a small panel at the foot of the page that leaves the page usable (`role="status"`,
//! no focus taken), sent only while the site builds without errors.

use crate::diagnostics::Diagnostic;
use crate::markdown::escape;

use super::reload::Strings;

/// How many warnings the panel lists; the count in its title names them all.
const SHOWN: usize = 20;

/// A UI string, or its English text when the site has none.
fn text<'a>(strings: &'a Strings, key: &str, english: &'a str) -> &'a str {
    strings.get(key).map_or(english, String::as_str)
}

/// The panel listing `warnings` (every text escaped), or `None` when there are none. Its
/// `data-planverk-warnings` names the warnings, so that a panel closed in a tab stays
/// closed until they change.
pub fn panel(warnings: &[Diagnostic], strings: &Strings) -> Option<String> {
    if warnings.is_empty() {
        return None;
    }
    let title = match warnings.len() {
        1 => text(strings, "serve_warnings_count_one", "The site built with 1 warning").to_string(),
        n => text(strings, "serve_warnings_count_many", "The site built with {n} warnings").replace("{n}", &n.to_string()),
    };
    let key: Vec<String> = warnings.iter().map(|d| format!("{} {} {}", d.code, d.location(), d.message)).collect();
    let mut html = format!(
        concat!(
            "<aside id=\"planverk-warnings\" role=\"status\" aria-labelledby=\"planverk-warnings-title\" data-planverk-warnings=\"{}\" ",
            "style=\"position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:min(40rem,calc(100vw - 2rem));max-height:40vh;",
            "overflow:auto;background:#fff;color:#111;border:3px solid #7a4b00;border-radius:6px;padding:.75rem 1rem;",
            "font:15px/1.5 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3)\">",
            "<button type=\"button\" data-planverk-close style=\"float:right;font:inherit;background:#111;color:#fff;",
            "border:2px solid #111;border-radius:4px;padding:0 .6rem;margin-left:.5rem;cursor:pointer;outline-offset:3px\">{}</button>",
            "<h2 id=\"planverk-warnings-title\" style=\"margin:0 0 .5rem;font-size:1.05rem;color:#7a4b00\">{}</h2>",
            "<p style=\"margin:0 0 .5rem\">{}</p><ul style=\"margin:0;padding-left:1.25rem\">"
        ),
        escape(&key.join("\n")),
        escape(text(strings, "serve_failed_close", "Close")),
        escape(&title),
        escape(text(strings, "serve_warnings_text", "The pages are published; `planverk check` lists the same."))
    );
    for d in warnings.iter().take(SHOWN) {
        html.push_str(&format!(
            "<li style=\"margin:0 0 .5rem\"><code style=\"font-weight:bold\">{}</code> {}",
            escape(&format!("{} [{}]", d.location(), d.code)),
            escape(&d.message)
        ));
        if let Some(help) = &d.help {
            html.push_str(&format!(" <strong>{}</strong> {}", escape(text(strings, "serve_failed_help", "Help:")), escape(help)));
        }
        html.push_str("</li>");
    }
    if warnings.len() > SHOWN {
        html.push_str(&format!("<li>… (+{})</li>", warnings.len() - SHOWN));
    }
    html.push_str("</ul></aside>");
    Some(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::model::SourcePos;
    use std::path::Path;

    fn behind(file: &str) -> Diagnostic {
        Diagnostic::new(Code::TranslationBehind, Path::new(file), SourcePos { line: 1, column: 1 }, "the original <b>changed</b> on 2026-10-06")
            .with_help(Some("update & save".into()))
    }

    #[test]
    fn the_panel_lists_each_warning_escaped_and_leaves_the_page_usable() {
        assert_eq!(panel(&[], &Strings::new()), None);
        let html = panel(&[behind("content/<a>.nn.md")], &Strings::new()).unwrap_or_default();
        assert!(html.contains("role=\"status\"") && !html.contains("role=\"alert\""), "{html}");
        assert!(html.contains(">The site built with 1 warning</h2>"), "{html}");
        assert!(html.contains("content/&lt;a&gt;.nn.md:1:1 [W-TRANSLATION-BEHIND]"), "{html}");
        assert!(html.contains("the original &lt;b&gt;changed&lt;/b&gt; on 2026-10-06"));
        assert!(html.contains("update &amp; save") && !html.contains("<b>"));
    }

    #[test]
    fn the_panel_speaks_the_sites_language_and_names_what_it_lists() {
        let mut nn = Strings::new();
        nn.insert("serve_warnings_count_many".into(), "Nettstaden vart bygd med {n} åtvaringar".into());
        let two = [behind("content/a.nn.md"), behind("content/b.nn.md")];
        let html = panel(&two, &nn).unwrap_or_default();
        assert!(html.contains(">Nettstaden vart bygd med 2 åtvaringar</h2>"), "{html}");
        let one = panel(&two[..1], &nn).unwrap_or_default();
        let key = |h: &str| h.split("data-planverk-warnings=\"").nth(1).and_then(|k| k.split('"').next()).map(str::to_string);
        assert_ne!(key(&html), key(&one), "other warnings: a closed panel opens again");
    }
}

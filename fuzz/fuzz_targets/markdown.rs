//! Markdown with `@/` links: rendering must not panic, and every unresolved link is reported
//! at a byte offset inside the text, on a character boundary (where the line and column of
//! the diagnostic are computed from).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use planverk::diagnostics::Code;
use planverk::markdown::{Highlighter, LinkError, LinkTarget, MarkdownContext};
use planverk::model::SiteUrl;

fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(Highlighter::default)
}

/// A site under a sub-path, so that every link and picture is rebased on the way.
fn site_url() -> &'static SiteUrl {
    static U: OnceLock<SiteUrl> = OnceLock::new();
    U.get_or_init(|| SiteUrl::parse("https://example.org/rusplan").expect("a valid base URL"))
}

fn resolve(target: &str) -> Result<LinkTarget, LinkError> {
    let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
    let missing = |code: Code| Err(LinkError { offset: 0, code, message: format!("no {target}"), help: None });
    match (path.trim_end_matches(".md"), anchor) {
        ("om" | "planer/by", "") => Ok(LinkTarget { url: format!("/{}/", path.trim_end_matches(".md")), hreflang: None }),
        ("planer/by", "M1" | "S1") => Ok(LinkTarget { url: format!("/planer/by/#{anchor}"), hreflang: Some("nn".into()) }),
        ("planer/by", _) => missing(Code::MissingAnchor),
        _ => missing(Code::MissingPage),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ctx = MarkdownContext {
        highlighter: highlighter(),
        resolve_link: &resolve,
        anchor_label: "Lenke til denne overskriften",
        site_url: site_url(),
        resolve_file: &planverk::markdown::no_local_files,
        picture_above: false,
    };
    let (rendered, errors) = planverk::markdown::render(text, &ctx);
    for e in &errors {
        assert!(e.offset < text.len() && text.is_char_boundary(e.offset), "offset {} in {} bytes", e.offset, text.len());
        match e.code {
            // Alt text is checked on every image, at the image.
            Code::NoAlt | Code::LongAlt => assert!(text[e.offset..].starts_with("!["), "the offset does not point at the image"),
            _ => assert!(text[e.offset..].contains("@/"), "the offset does not point at the link"),
        }
    }
    let mut ids: Vec<&str> = rendered.toc.iter().map(|h| h.id.as_str()).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "two headings share an id: {:?}", rendered.toc);
});

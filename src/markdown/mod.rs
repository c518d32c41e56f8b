//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough, task lists,
//! heading ids with anchors, a table of contents, `@/path.md#id` links, highlighted code.

pub mod highlight;
pub mod media;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

pub use highlight::Highlighter;

/// One heading, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Rendered Markdown.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<Heading>,
}

/// A link that could not be resolved, at a byte offset in the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    pub offset: usize,
    pub code: crate::diagnostics::Code,
    pub message: String,
    pub help: Option<String>,
}

/// Where an `@/` link leads: the site path, and the target's language when it is not the
/// page's (a page with no translation), written as the link's `hreflang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub url: String,
    pub hreflang: Option<String>,
}

/// What rendering needs from outside: link lookup and a few words in the site's language.
pub struct MarkdownContext<'a> {
    pub highlighter: &'a Highlighter,
    /// Resolves the part after `@/` to a URL.
    pub resolve_link: &'a (dyn Fn(&str) -> Result<LinkTarget, LinkError> + Sync),
    /// Accessible name of heading anchors ("Lenke til denne overskriften").
    pub anchor_label: &'a str,
    /// Where the site is published: links and images rooted at the site (`/planer/x/`,
    /// and what `@/` links resolve to) are put under its sub-path.
    pub site_url: &'a crate::model::SiteUrl,
    /// Resolves a link or image destination that names a local file or page by its path
    /// (relative to the page's file, or from the site's root); `None` for anything else (an
    /// address, `#anchor`, `mailto:`), which is left as written.
    pub resolve_file: &'a LocalFileResolver<'a>,
    /// Whether a picture is shown above the text (the page's `image:`): then every image in
    /// the text is lazy, since the one likely in view is that picture.
    pub picture_above: bool,
}

/// See [`MarkdownContext::resolve_file`].
pub type LocalFileResolver<'a> = dyn Fn(&str) -> Option<Result<crate::model::media::LocalFile, LinkError>> + Sync + 'a;

/// A resolver for Markdown that has no files beside it: every path is left as written.
pub fn no_local_files(_: &str) -> Option<Result<crate::model::media::LocalFile, LinkError>> {
    None
}

/// The Markdown extensions planverk reads (tables, footnotes, strikethrough, task lists,
/// heading attributes); the link check parses with the same.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown; unresolved links are returned beside the HTML.
pub fn render(text: &str, ctx: &MarkdownContext<'_>) -> (Rendered, Vec<LinkError>) {
    let mut errors = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut code: Option<String> = None;
    let mut code_lang = String::new();
    let mut media = media::Media::below(ctx.picture_above);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let Some(event) = media.take(event, range.start, ctx, &mut events, &mut errors) else { continue };
        match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) if dest_url.starts_with("@/") => {
                let target = (ctx.resolve_link)(&dest_url[2..]).unwrap_or_else(|mut e| {
                    e.offset = range.start;
                    errors.push(e);
                    LinkTarget { url: String::from("#"), hreflang: None }
                });
                let href = ctx.site_url.href(&target.url);
                events.push(match target.hreflang {
                    // pulldown-cmark's `Tag::Link` has no room for `hreflang`: the start tag is
                    // written here, and its end closes it as any link's.
                    Some(lang) => Event::InlineHtml(CowStr::from(link_start(&href, &title, &lang))),
                    None => Event::Start(Tag::Link { link_type, dest_url: CowStr::from(href), title, id }),
                });
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) if crate::model::site_url::is_site_path(&dest_url) => {
                events.push(Event::Start(Tag::Link { link_type, dest_url: CowStr::from(ctx.site_url.href(&dest_url)), title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) if crate::model::site_url::is_site_path(&dest_url) => {
                events.push(Event::Start(Tag::Image { link_type, dest_url: CowStr::from(ctx.site_url.href(&dest_url)), title, id }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                code = Some(String::new());
                code_lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
            }
            Event::Text(t) if code.is_some() => code.get_or_insert_with(String::new).push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                let body = code.take().unwrap_or_default();
                events.push(Event::Html(CowStr::from(code_block(&body, &code_lang, ctx.highlighter))));
            }
            other => events.push(other),
        }
    }
    let toc = add_heading_ids(&mut events, ctx.anchor_label);
    let mut html_out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut html_out, events.into_iter());
    (Rendered { html: html_out, toc }, errors)
}

/// `<a href="…" title="…" hreflang="…">`, every value escaped.
fn link_start(href: &str, title: &str, lang: &str) -> String {
    let title = if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape(title)) };
    format!("<a href=\"{}\"{title} hreflang=\"{}\">", escape(href), escape(lang))
}

fn code_block(code: &str, lang: &str, hl: &Highlighter) -> String {
    let lang_class = if lang.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape(lang)) };
    let inner = (!lang.is_empty()).then(|| hl.highlight(code, lang)).flatten().unwrap_or_else(|| escape(code));
    format!("<pre class=\"code\"><code{lang_class}>{inner}</code></pre>\n")
}

/// Gives each heading an id (its own `{#id}` or one made from its text) and an anchor link.
fn add_heading_ids(events: &mut Vec<Event<'_>>, anchor_label: &str) -> Vec<Heading> {
    let mut toc = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, classes, attrs }) = &events[i] else {
            i += 1;
            continue;
        };
        let (level, given, classes, attrs) = (*level, id.clone(), classes.clone(), attrs.clone());
        let end = (i..events.len()).find(|&j| matches!(events[j], Event::End(TagEnd::Heading(_)))).unwrap_or(events.len());
        let title: String = events[i..end]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let base = given.map(|g| g.to_string()).unwrap_or_else(|| crate::model::slugify(&title));
        let base = if base.is_empty() { "seksjon".to_string() } else { base };
        let mut id = base.clone();
        let mut n = 1;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.push(id.clone());
        toc.push(Heading { level: level as u8, id: id.clone(), title });
        events[i] = Event::Start(Tag::Heading { level, id: Some(CowStr::from(id.clone())), classes, attrs });
        if end < events.len() {
            let anchor = format!(" <a class=\"anchor\" href=\"#{id}\" aria-label=\"{}\">#</a>", escape(anchor_label));
            events.insert(end, Event::InlineHtml(CowStr::from(anchor)));
        }
        i = end + 1;
    }
    toc
}

/// HTML-escapes text for element content and quoted attributes: the five characters that
/// matter. The one escaper of the crate: Markdown, templates (tera's escape function),
/// the sitemap and the serve overlay all use it. `/` is left alone, unlike tera's default.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The five are ASCII, so every cut falls between characters; the text between them is
    // copied in one piece.
    let mut copied = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_with(text: &str) -> (Rendered, Vec<LinkError>) {
        let hl = Highlighter::default();
        let resolve = |p: &str| -> Result<LinkTarget, LinkError> {
            if p.starts_with("finnes.md") {
                Ok(LinkTarget { url: "/finnes/".into(), hreflang: None })
            } else if p.starts_with("original.md") {
                Ok(LinkTarget { url: "/original/\"x".into(), hreflang: Some("nb".into()) })
            } else {
                Err(LinkError { offset: 0, code: crate::diagnostics::Code::MissingPage, message: format!("no page {p}"), help: None })
            }
        };
        let site_url = crate::model::SiteUrl::parse("https://example.org/sub").unwrap();
        let ctx = MarkdownContext {
            highlighter: &hl,
            resolve_link: &resolve,
            anchor_label: "Lenke",
            site_url: &site_url,
            resolve_file: &no_local_files,
            picture_above: false,
        };
        render(text, &ctx)
    }

    #[test]
    fn headings_get_ids_anchors_and_toc() {
        let (r, _) = render_with("# Første mål\n\n## Første mål\n\n## Eget {#mitt-id}\n");
        assert_eq!(r.toc.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["forste-mal", "forste-mal-1", "mitt-id"]);
        assert!(r.html.contains("<h1 id=\"forste-mal\">Første mål <a class=\"anchor\" href=\"#forste-mal\""), "{}", r.html);
    }

    #[test]
    fn internal_links_resolve_or_report() {
        let (r, errors) = render_with("[a](@/finnes.md) og\n[b](@/mangler.md#x)\n");
        assert!(r.html.contains("href=\"/sub/finnes/\""));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].offset, 20);
    }

    #[test]
    fn a_link_to_a_page_in_another_language_carries_hreflang() {
        let (r, errors) = render_with("[a *b*](@/original.md \"T <1>\") og [c](@/finnes.md)\n");
        assert!(errors.is_empty());
        assert!(r.html.contains("<a href=\"/sub/original/&quot;x\" title=\"T &lt;1&gt;\" hreflang=\"nb\">a <em>b</em></a> og"), "{}", r.html);
        assert!(r.html.contains("<a href=\"/sub/finnes/\">c</a>"), "{}", r.html);
    }

    #[test]
    fn rooted_links_and_images_go_under_the_sub_path() {
        let (r, _) = render_with("[a](/planer/) ![b](/bilde.png) [c](https://x.no/) [d](side/) [e](//cdn.no/x) [f](#g)\n");
        for want in ["href=\"/sub/planer/\"", "src=\"/sub/bilde.png\"", "href=\"https://x.no/\"", "href=\"side/\"", "href=\"//cdn.no/x\"", "href=\"#g\""] {
            assert!(r.html.contains(want), "{want} in {}", r.html);
        }
    }

    #[test]
    fn extensions_and_code() {
        let (r, _) = render_with("| a |\n|---|\n| b |\n\n- [x] gjort\n\n~~nei~~[^1]\n\n[^1]: fotnote\n\n```rust\nfn main() {}\n```\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("<del>"));
        assert!(r.html.contains("footnote"));
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert!(!r.html.contains("style="));
    }

    mod escaping {
        use super::super::escape;
        use proptest::prelude::*;

        /// Reverses [`escape`], refusing any `&` that does not start one of its five entities.
        fn unescape(html: &str) -> Option<String> {
            let mut out = String::new();
            let mut rest = html;
            while let Some(i) = rest.find('&') {
                out.push_str(&rest[..i]);
                let tail = &rest[i..];
                let (c, len) = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\'')]
                    .into_iter()
                    .find(|(e, _)| tail.starts_with(e))
                    .map(|(e, c)| (c, e.len()))?;
                out.push(c);
                rest = &tail[len..];
            }
            out.push_str(rest);
            Some(out)
        }

        proptest! {
            /// Escaped text can't open a tag, close an attribute or start an entity of its own,
            /// and a browser reads it back as written.
            #[test]
            fn escaped_text_is_inert_and_reads_back(text in prop_oneof!["[<>&\"'a-z /=;#x0-9]{0,80}", any::<String>()]) {
                let html = escape(&text);
                prop_assert!(!html.contains(['<', '>', '"', '\'']), "{:?}", html);
                prop_assert_eq!(unescape(&html), Some(text));
            }
        }
    }
}

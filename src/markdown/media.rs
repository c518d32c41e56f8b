//! Images and links to local files in Markdown: paths rewritten to where the files are
//! published, alt text required, pictures sized for every screen (`<picture>` with WebP and
//! `srcset`), and the type and size of a document after its link ("(PDF, 2,3 MB)").

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{LinkError, MarkdownContext, escape};
use crate::diagnostics::Code;
use crate::model::media::{FileFacts, ImageFacts, LocalFile};

/// Alt text longer than this (in characters) is a warning: say it in the text instead.
pub const MAX_ALT_CHARS: usize = 150;

/// The alt text that marks a purely decorative picture: `![""](pynt.png)` gives `alt=""`.
pub const DECORATIVE_ALT: &str = "\"\"";

/// How the content column is laid out, for `sizes`: full width on a phone, at most the
/// column's width (`--measure` in the theme's style.css) on a larger screen.
pub const SIZES: &str = "(max-width: 48rem) 100vw, 48rem";

/// The images and links of one Markdown text as it is rendered.
#[derive(Default)]
pub struct Media {
    /// The image being read: its alt text is the text events up to its end.
    image: Option<PendingImage>,
    /// For each open link, the document label to put before its end.
    links: Vec<Option<String>>,
    /// Images rendered so far (the first is not lazy: it is likely in view).
    images: usize,
}

struct PendingImage {
    dest: String,
    title: String,
    offset: usize,
    alt: String,
    /// Images nested in the alt text (their text is alt text too).
    depth: usize,
}

impl Media {
    /// For a text with a picture above it (`true`), every image is lazy; otherwise all but
    /// the first.
    pub fn below(picture_above: bool) -> Media {
        Media { images: usize::from(picture_above), ..Media::default() }
    }

    /// Takes the events of images and rewrites local links; returns the events the caller
    /// should handle as usual.
    pub fn take<'a>(
        &mut self,
        event: Event<'a>,
        offset: usize,
        ctx: &MarkdownContext<'_>,
        out: &mut Vec<Event<'a>>,
        errors: &mut Vec<LinkError>,
    ) -> Option<Event<'a>> {
        if let Some(image) = self.image.as_mut() {
            let finished = match event {
                Event::Start(Tag::Image { .. }) => {
                    image.depth += 1;
                    false
                }
                Event::End(TagEnd::Image) if image.depth > 1 => {
                    image.depth -= 1;
                    false
                }
                Event::End(TagEnd::Image) => true,
                Event::Text(t) | Event::Code(t) => {
                    image.alt.push_str(&t);
                    false
                }
                Event::SoftBreak | Event::HardBreak => {
                    image.alt.push(' ');
                    false
                }
                _ => false,
            };
            if let Some(image) = finished.then(|| self.image.take()).flatten() {
                let html = self.image_html(&image, ctx, errors);
                out.push(Event::InlineHtml(CowStr::from(html)));
            }
            return None;
        }
        match event {
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                self.image = Some(PendingImage { dest: dest_url.to_string(), title: title.to_string(), offset, alt: String::new(), depth: 1 });
                None
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) if !dest_url.starts_with("@/") => {
                let (url, label) = match (ctx.resolve_file)(&dest_url) {
                    Some(Ok(file)) => {
                        let label = match file.facts {
                            FileFacts::Document { label } => Some(label),
                            _ => None,
                        };
                        (CowStr::from(file.url), label)
                    }
                    Some(Err(e)) => {
                        errors.push(LinkError { offset, ..e });
                        (dest_url, None)
                    }
                    None => (dest_url, None),
                };
                self.links.push(label);
                Some(Event::Start(Tag::Link { link_type, dest_url: url, title, id }))
            }
            Event::Start(Tag::Link { .. }) => {
                self.links.push(None);
                Some(event)
            }
            Event::End(TagEnd::Link) => {
                if let Some(label) = self.links.pop().flatten() {
                    out.push(Event::InlineHtml(CowStr::from(format!(" <span class=\"doc-info\">({})</span>", escape(&label)))));
                }
                Some(event)
            }
            other => Some(other),
        }
    }

    /// The markup of one image, after checking its alt text and resolving its path.
    fn image_html(&mut self, image: &PendingImage, ctx: &MarkdownContext<'_>, errors: &mut Vec<LinkError>) -> String {
        let alt = image.alt.trim();
        let decorative = alt == DECORATIVE_ALT;
        let err = |code: Code, message: String, help: &str| LinkError { offset: image.offset, code, message, help: Some(help.to_string()) };
        if alt.is_empty() {
            errors.push(err(
                Code::NoAlt,
                format!("the image `{}` has no alt text", image.dest),
                "write what the picture shows between the brackets, as you would tell someone who can't see it: `![Kart over bydelene](kart.png)`; \
                 for a purely decorative picture that says nothing, write `![\"\"](pynt.png)`, which gives it an empty alt text",
            ));
        } else if !decorative && alt.chars().count() > MAX_ALT_CHARS {
            errors.push(err(
                Code::LongAlt,
                format!("the alt text of `{}` is {} characters long; keep it under {MAX_ALT_CHARS}", image.dest, alt.chars().count()),
                "say briefly what the picture shows, and put the rest (a chart's figures, say) in the text around it, where everyone can read it",
            ));
        }
        let alt = if decorative { "" } else { alt };
        let file = match (ctx.resolve_file)(&image.dest) {
            Some(Ok(file)) => file,
            Some(Err(e)) => {
                errors.push(LinkError { offset: image.offset, ..e });
                LocalFile { url: image.dest.clone(), facts: FileFacts::Other }
            }
            None => LocalFile { url: image.dest.clone(), facts: FileFacts::Other },
        };
        self.images += 1;
        let lazy = if self.images > 1 { " loading=\"lazy\"" } else { "" };
        let title = if image.title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape(&image.title)) };
        let common = format!("alt=\"{}\"{title}{lazy} decoding=\"async\"", escape(alt));
        // Published paths go under the site's sub-path (`/rusplan/…`), like every link.
        let href = |url: &str| ctx.site_url.href(url);
        let src = href(&file.url);
        match &file.facts {
            FileFacts::Image(facts) => {
                let under = |vs: &[crate::model::media::Variant]| vs.iter().map(|v| crate::model::media::Variant { url: href(&v.url), ..v.clone() }).collect();
                picture(&ImageFacts { fallback: under(&facts.fallback), webp: under(&facts.webp), ..facts.clone() }, &common)
            }
            FileFacts::Svg { width: Some(w), height: Some(h) } => format!("<img src=\"{}\" width=\"{w}\" height=\"{h}\" {common}>", escape(&src)),
            _ => format!("<img src=\"{}\" {common}>", escape(&src)),
        }
    }
}

/// `<picture>` with a WebP `<source>` and the original format as the `<img>`, each with a
/// `srcset` of its widths; a plain `<img>` when there is one variant in one format.
pub fn picture(facts: &ImageFacts, common: &str) -> String {
    let srcset = |vs: &[crate::model::media::Variant]| vs.iter().map(|v| format!("{} {}w", escape(&v.url), v.width)).collect::<Vec<_>>().join(", ");
    let src = facts.fallback.last().map(|v| escape(&v.url)).unwrap_or_default();
    let (w, h) = (facts.width, facts.height);
    let set = if facts.fallback.len() > 1 { format!(" srcset=\"{}\" sizes=\"{SIZES}\"", srcset(&facts.fallback)) } else { String::new() };
    let img = format!("<img src=\"{src}\"{set} width=\"{w}\" height=\"{h}\" {common}>");
    if facts.webp.is_empty() {
        return img;
    }
    format!("<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">{img}</picture>", srcset(&facts.webp))
}

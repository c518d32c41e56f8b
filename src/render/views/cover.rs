//! A page's `image:` as views show it: a `<picture>` at the page's top, a small picture on its cards, and the `og:image` of its sharing metadata.

use serde::Serialize;

use crate::assets::variants::height_for;
use crate::model::PageId;
use crate::model::media::{FileFacts, ImageFacts, Variant};
use crate::render::RenderCtx;

/// The page's picture at its top, and what sharing metadata says of it.
#[derive(Debug, Clone, Serialize)]
pub struct PageImage {
    /// The whole `<picture>` (WebP and original-format `srcset`, width, height, alt; every
    /// attribute escaped), not lazy: it is at the top, in view.
    pub picture: String,
    pub alt: String,
    /// `og:image`: the widest variant in the original format; `None` for an SVG drawing.
    pub og: Option<OgImage>,
}

/// `og:image` with its size.
#[derive(Debug, Clone, Serialize)]
pub struct OgImage {
    /// Absolute, under the site's sub-path.
    pub url: String,
    pub width: u32,
    pub height: u32,
}

/// The small picture on a card: the narrowest variant (480 px), lazy.
#[derive(Debug, Clone, Serialize)]
pub struct CardImage {
    pub src: String,
    /// The WebP variant of the same width, when there is one.
    pub srcset_webp: Option<String>,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// The resolved picture of page `id` with its alt text, if it has one that resolves.
fn resolved<'a>(ctx: &RenderCtx<'a>, id: PageId) -> Option<(FileFacts, &'a str)> {
    let page = &ctx.site.pages[id];
    let image = page.meta.image.as_ref()?;
    let facts = |key: &str| ctx.site.file_facts.get(key).cloned().unwrap_or_default();
    let file = crate::resolve::files::resolve(&image.src.value, page, ctx.site, ctx.graph, &facts)?.ok()?;
    let facts = match file.facts {
        FileFacts::Image(f) => FileFacts::Image(under(ctx, &f)),
        FileFacts::Svg { width, height } => FileFacts::Svg { width, height },
        _ => return None,
    };
    let svg_url = match &facts {
        FileFacts::Svg { .. } => Some(ctx.href(&file.url)),
        _ => None,
    };
    Some((svg_url.map_or(facts.clone(), |url| svg_facts(url, &facts)), image.alt.as_str()))
}

/// An SVG's facts with its one URL kept as a single variant (width 0 when unknown).
fn svg_facts(url: String, facts: &FileFacts) -> FileFacts {
    let FileFacts::Svg { width, height } = facts else { return facts.clone() };
    let (width, height) = (width.unwrap_or(0), height.unwrap_or(0));
    FileFacts::Image(ImageFacts { width, height, mime: "image/svg+xml", fallback: vec![Variant { url, width }], webp: Vec::new() })
}

/// The variants' URLs as pages print them (under the sub-path).
fn under(ctx: &RenderCtx<'_>, facts: &ImageFacts) -> ImageFacts {
    let href = |vs: &[Variant]| vs.iter().map(|v| Variant { url: ctx.href(&v.url), width: v.width }).collect();
    ImageFacts { fallback: href(&facts.fallback), webp: href(&facts.webp), ..facts.clone() }
}

/// The picture of page `id` for its own top and its sharing metadata.
pub fn page_image(ctx: &RenderCtx<'_>, id: PageId) -> Option<PageImage> {
    let (FileFacts::Image(facts), alt) = resolved(ctx, id)? else { return None };
    let esc = crate::markdown::escape(alt);
    let size = if facts.width == 0 { String::new() } else { format!(" width=\"{}\" height=\"{}\"", facts.width, facts.height) };
    let picture = if facts.mime == "image/svg+xml" {
        let src = facts.fallback.first().map(|v| crate::markdown::escape(&v.url)).unwrap_or_default();
        format!("<img src=\"{src}\"{size} alt=\"{esc}\" decoding=\"async\">")
    } else {
        crate::markdown::media::picture(&facts, &format!("alt=\"{esc}\" decoding=\"async\""))
    };
    let og = (facts.mime != "image/svg+xml").then(|| facts.fallback.last()).flatten().map(|v| OgImage {
        url: ctx.absolute_href(&v.url),
        width: v.width,
        height: height_for(facts.width, facts.height, v.width),
    });
    Some(PageImage { picture, alt: alt.to_string(), og })
}

/// The small picture on the cards of page `id`.
pub fn card_image(ctx: &RenderCtx<'_>, id: PageId) -> Option<CardImage> {
    let (FileFacts::Image(facts), alt) = resolved(ctx, id)? else { return None };
    let small = facts.fallback.first()?;
    let webp = facts.webp.iter().find(|v| v.width == small.width).map(|v| v.url.clone());
    let height = if facts.width == 0 { 0 } else { height_for(facts.width, facts.height, small.width) };
    Some(CardImage { src: small.url.clone(), srcset_webp: webp, width: small.width, height, alt: alt.to_string() })
}

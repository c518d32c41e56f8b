//! Images and documents published with the site. Pictures are decoded here and nowhere else.
//!
//! 1. [`attach`] works out what pages need to know of each file before any Markdown is
//!    rendered, from the bytes `load` read: a picture's size and the names of its variants
//!    (from its header alone: [`probe`]), an SVG's size and whether it is safe ([`svg`]), a
//!    document's type and size ([`documents`]);
//! 2. [`publish`] makes what is published of each picture, in parallel: the original without
//!    its metadata ([`strip`]) and the resized variants ([`variants`]), taking what an
//!    earlier build made from the cache beside the output (keyed by the hash of the
//!    picture's bytes and the variant), so that no picture is resized twice.

pub mod documents;
pub mod probe;
pub mod strip;
pub mod svg;
pub mod variants;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::media::{FileFacts, ImageFacts, Variant};
use crate::model::{Site, SourcePos};
use probe::{ImageProblem, Probe, Raster};
use variants::Encoding;

/// The facts of every published file that has any, by its path in the output.
pub type Facts = BTreeMap<String, FileFacts>;

/// Works out the facts of `site`'s static files and content assets, puts them in the site,
/// and returns the problems found (a picture that is not one, a bomb, an SVG with script).
pub fn attach(site: &mut Site) -> Vec<Diagnostic> {
    let (facts, problems) = facts(&site.static_files, &site.assets, site.config.language.code());
    site.file_facts = facts;
    problems
}

/// The facts of `files` (output path → bytes; `assets` are the content assets among them,
/// to name where a file came from) in the language `lang`, and the problems found.
pub fn facts(files: &BTreeMap<String, Vec<u8>>, assets: &[PathBuf], lang: &str) -> (Facts, Vec<Diagnostic>) {
    let all: Vec<(&String, &Vec<u8>)> = files.iter().collect();
    let results: Vec<(String, Result<Option<FileFacts>, Diagnostic>)> =
        all.into_par_iter().map(|(key, bytes)| (key.clone(), facts_of(key, bytes, lang).map_err(|p| problem(assets, key, p)))).collect();
    let mut facts = Facts::new();
    let mut problems = Vec::new();
    for (key, r) in results {
        match r {
            Ok(Some(f)) => {
                facts.insert(key, f);
            }
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    (facts, problems)
}

/// Why a file can't be published.
enum Problem {
    Image(ImageProblem),
    Svg(svg::SvgProblem),
}

fn facts_of(key: &str, bytes: &[u8], lang: &str) -> Result<Option<FileFacts>, Problem> {
    let Some((_, ext)) = key.rsplit_once('.') else { return Ok(None) };
    if let Some(claimed) = Raster::from_extension(ext) {
        let p = probe::probe(bytes, claimed).map_err(Problem::Image)?;
        return Ok(Some(FileFacts::Image(image_facts(key, &p))));
    }
    if ext.eq_ignore_ascii_case("svg") {
        let size = svg::check(bytes).map_err(Problem::Svg)?;
        return Ok(Some(FileFacts::Svg { width: size.width, height: size.height }));
    }
    Ok(documents::label(ext, bytes.len() as u64, lang).map(|label| FileFacts::Document { label }))
}

/// Where a published file came from: `content/…` for an asset, else `static/…`.
pub fn source_of(assets: &[PathBuf], key: &str) -> PathBuf {
    let content = PathBuf::from("content").join(key);
    if assets.binary_search(&content).is_ok() { content } else { PathBuf::from("static").join(key) }
}

fn problem(assets: &[PathBuf], key: &str, p: Problem) -> Diagnostic {
    let file = source_of(assets, key);
    let (code, pos, message, help) = match p {
        Problem::Image(ImageProblem::Unreadable(why)) => (
            Code::BadImage,
            SourcePos::default(),
            format!("this picture can't be read: {why}"),
            "open it in an image editor and save it again as JPEG or PNG, or replace it with the original file",
        ),
        Problem::Image(ImageProblem::TooLarge { width, height }) => (
            Code::ImageTooLarge,
            SourcePos::default(),
            format!(
                "this picture claims {width} × {height} pixels; planverk decodes at most {} megapixels and {} pixels a side",
                probe::MAX_PIXELS / 1_000_000,
                probe::MAX_SIDE
            ),
            "scale it down in an image editor (a web page needs at most 1600 pixels' width); a small file that claims a huge size is a decompression bomb",
        ),
        Problem::Svg(svg::SvgProblem::Unreadable(why)) => {
            (Code::BadImage, SourcePos::default(), format!("this SVG drawing can't be read: {why}"), "export it again as SVG from the drawing program")
        }
        Problem::Svg(svg::SvgProblem::Script { what, line }) => (
            Code::SvgScript,
            SourcePos { line: line.max(1), column: 1 },
            format!("this SVG drawing contains {what}, which would run on the site's address"),
            "remove the script from the drawing (or export it again as plain SVG), or publish it as PNG",
        ),
    };
    Diagnostic::new(code, &file, pos, message).with_help(Some(help.into()))
}

/// The facts a page needs of a picture: its size and the URLs of its variants.
fn image_facts(key: &str, p: &Probe) -> ImageFacts {
    let url = |w: u32, enc: Encoding| crate::resolve::files::file_url(&variant_key(key, p.hash, w, enc));
    if p.format == Raster::Gif {
        // Resizing would lose the animation: the original, at its size.
        let fallback = vec![Variant { url: crate::resolve::files::file_url(key), width: p.width }];
        return ImageFacts { width: p.width, height: p.height, mime: p.format.mime(), fallback, webp: Vec::new() };
    }
    let widths = variants::widths(p.width);
    let widest = *widths.last().unwrap_or(&p.width);
    let fallback = widths.iter().map(|&w| Variant { url: url(w, Encoding::Fallback(p.format)), width: w }).collect();
    let webp = if p.format == Raster::WebP { Vec::new() } else { widths.iter().map(|&w| Variant { url: url(w, Encoding::WebP), width: w }).collect() };
    ImageFacts { width: widest, height: variants::height_for(p.width, p.height, widest), mime: p.format.mime(), fallback, webp }
}

/// The output path of a variant: `aktuelt/kart.png` → `aktuelt/kart.1a2b3c4d.480.webp`.
/// The hash in the name changes with the picture, so a replaced picture gets new addresses
/// (browsers and caches never show the old one) and the pages showing it change too.
pub fn variant_key(key: &str, hash: u64, width: u32, enc: Encoding) -> String {
    let stem = key.rsplit_once('.').map_or(key, |(s, _)| s);
    format!("{stem}.{:08x}.{width}.{}", hash >> 32, enc.extension())
}

/// The name of a variant in the cache: the hash of the picture's bytes, the settings and
/// the variant.
fn cache_name(hash: u64, what: &str, enc: Encoding) -> String {
    format!("{hash:016x}-{}-{what}.{}", variants::SETTINGS, enc.extension())
}

/// What [`publish`] made.
#[derive(Debug, Default)]
pub struct Published {
    /// Output path and bytes of every picture and variant published.
    pub files: Vec<(String, Vec<u8>)>,
    /// Variants made now, to keep in the cache: name and bytes.
    pub made: Vec<(String, Vec<u8>)>,
    /// The names of every cache entry this build uses (the rest may be pruned).
    pub used: Vec<String>,
    pub problems: Vec<Diagnostic>,
}

/// Reads a cache entry by name (see [`crate::load::read_cached`]).
pub type CacheReader<'a> = dyn Fn(&str) -> Option<Vec<u8>> + Sync + 'a;

/// Makes every picture's published files, in parallel (one picture per thread), taking the
/// variants the cache has.
pub fn publish(site: &Site, cached: &CacheReader<'_>) -> Published {
    let pictures: Vec<(&String, &Vec<u8>)> =
        site.static_files.iter().filter(|(k, _)| matches!(site.file_facts.get(k.as_str()), Some(FileFacts::Image(_)))).collect();
    let results: Vec<Result<Published, Diagnostic>> =
        pictures.into_par_iter().map(|(key, bytes)| picture(key, bytes, cached).map_err(|p| problem(&site.assets, key, Problem::Image(p)))).collect();
    let mut out = Published::default();
    for r in results {
        match r {
            Ok(p) => {
                out.files.extend(p.files);
                out.made.extend(p.made);
                out.used.extend(p.used);
            }
            Err(d) => out.problems.push(d),
        }
    }
    out.used.sort();
    out
}

/// The published files of one picture.
fn picture(key: &str, bytes: &[u8], cached: &CacheReader<'_>) -> Result<Published, ImageProblem> {
    let claimed = key.rsplit_once('.').and_then(|(_, e)| Raster::from_extension(e)).unwrap_or(Raster::Png);
    let p = probe::probe(bytes, claimed)?;
    let upright = p.orientation == image::metadata::Orientation::NoTransforms;
    let mut out = Published::default();
    if p.format == Raster::Gif {
        out.files.push((key.to_string(), bytes.to_vec()));
        return Ok(out);
    }
    let original = strip::strip(bytes, p.format).map_err(|e| ImageProblem::Unreadable(e.to_string()))?;
    // Every variant as (output path, cache name, width, encoding).
    let mut wanted: Vec<(String, String, u32, Encoding)> = Vec::new();
    let encodings: &[Encoding] = if p.format == Raster::WebP { &[Encoding::WebP] } else { &[Encoding::Fallback(p.format), Encoding::WebP] };
    for &w in variants::widths(p.width).iter().rev() {
        for &enc in encodings {
            wanted.push((variant_key(key, p.hash, w, enc), cache_name(p.hash, &w.to_string(), enc), w, enc));
        }
    }
    let turned = (!upright).then(|| (key.to_string(), cache_name(p.hash, "original", Encoding::Fallback(p.format)), p.width, Encoding::Fallback(p.format)));
    let mut image: Option<image::DynamicImage> = None;
    for (path, name, w, enc) in turned.iter().chain(&wanted) {
        out.used.push(name.clone());
        if let Some(bytes) = cached(name) {
            out.files.push((path.clone(), bytes));
            continue;
        }
        let made = if upright && *w == p.width && *enc == Encoding::Fallback(p.format) {
            // The original at its own width: itself, without metadata.
            original.clone()
        } else {
            if image.is_none() {
                image = Some(variants::decode(bytes, &p)?);
            }
            let Some(full) = &image else { continue };
            variants::encode(&variants::resize(full, *w)?, *enc)?
        };
        out.made.push((name.clone(), made.clone()));
        out.files.push((path.clone(), made));
    }
    if upright {
        out.files.push((key.to_string(), original));
    }
    Ok(out)
}

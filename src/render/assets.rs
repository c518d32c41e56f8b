//! The theme's stylesheets and scripts as templates link them (`assets.style.url`, …).
//!
//! A build publishes each of them a second time under a name made from its content,
//! `style.<hash>.css`, and pages link that name with its Subresource Integrity value
//! (`integrity="sha384-…"`): a CDN or browser may keep such a file for a year, since a
//! changed file gets a new name. The site's own `static/style.css` (or any other of the
//! names in [`LINKED`]) takes the theme's place, and is fingerprinted the same way. The
//! plain names stay published too (`static/` files keep their names), for templates and
//! pages that link them. `serve` links the plain names (`Config::fingerprint` off), so
//! that a stylesheet edit is swapped into open tabs without a reload. Links go through
//! `RenderCtx::href`, so they stay under the site's sub-path.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha384};

use crate::render::{Output, RenderCtx};

/// The stylesheets and scripts the theme's templates link, by the name templates use.
pub const LINKED: [(&str, &str); 5] =
    [("style", "style.css"), ("highlight", "highlight.css"), ("print", "print.css"), ("search", "search.js"), ("filter", "filter.js")];

/// One linked asset, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct AssetLink {
    /// The link, under the site's sub-path.
    pub url: String,
    /// The Subresource Integrity value (`sha384-…`), when the file is fingerprinted.
    pub integrity: Option<String>,
}

/// A linked asset's bytes and published name.
struct Fingerprinted {
    /// `style.3f2a9c1e0b.css`.
    name: String,
    integrity: String,
    bytes: Vec<u8>,
}

/// The bytes published as `file`: the site's `static/` file, else the theme's, else the
/// generated highlight stylesheet.
fn bytes_of(ctx: &RenderCtx<'_>, file: &str) -> Option<Vec<u8>> {
    if let Some(b) = ctx.site.static_files.get(file).or_else(|| ctx.engine.theme.static_files.get(file)) {
        return Some(b.clone());
    }
    (file == "highlight.css").then(|| crate::markdown::Highlighter::stylesheet().into_bytes())
}

fn fingerprint(file: &str, bytes: Vec<u8>) -> Fingerprinted {
    let digest = Sha384::digest(&bytes);
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    let name = match file.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hex}.{ext}"),
        None => format!("{file}.{hex}"),
    };
    Fingerprinted { name, integrity: format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(digest)), bytes }
}

fn fingerprinted(ctx: &RenderCtx<'_>) -> Vec<(&'static str, &'static str, Option<Fingerprinted>)> {
    LINKED.iter().map(|&(name, file)| (name, file, ctx.site.config.fingerprint.then(|| bytes_of(ctx, file)).flatten().map(|b| fingerprint(file, b)))).collect()
}

/// Every linked asset by its template name.
pub fn assets(ctx: &RenderCtx<'_>) -> BTreeMap<&'static str, AssetLink> {
    fingerprinted(ctx)
        .into_iter()
        .map(|(name, file, f)| {
            let link = match f {
                Some(f) => AssetLink { url: ctx.href(&format!("/{}", f.name)), integrity: Some(f.integrity) },
                None => AssetLink { url: ctx.href(&format!("/{file}")), integrity: None },
            };
            (name, link)
        })
        .collect()
}

/// The fingerprinted copies to publish beside the plain files (none in `serve`).
pub fn outputs(ctx: &RenderCtx<'_>) -> Vec<Output> {
    fingerprinted(ctx).into_iter().filter_map(|(_, _, f)| f).map(|f| Output::new(f.name, f.bytes)).collect()
}

/// Whether an output path is a fingerprinted file (`style.3f2a9c1e0b.css`, or anything
/// under a build-named search index folder): such a file never changes, so hosts may
/// cache it for a year.
pub fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.rsplitn(3, '.');
    let (ext, hash, stem) = (parts.next(), parts.next(), parts.next());
    let hashed = matches!((ext, hash, stem), (Some("css" | "js"), Some(h), Some(_)) if h.len() == 10 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    hashed || crate::search::shards::is_build_named(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_integrity_come_from_the_bytes() {
        let a = fingerprint("style.css", b"body{}".to_vec());
        let b = fingerprint("style.css", b"body{}".to_vec());
        let c = fingerprint("style.css", b"body{color:red}".to_vec());
        assert_eq!(a.name, b.name);
        assert_ne!(a.name, c.name);
        assert!(a.name.starts_with("style.") && a.name.ends_with(".css") && a.name.len() == "style..css".len() + 10, "{}", a.name);
        // sha384 of "body{}", base64: what a browser computes for the file.
        assert!(a.integrity.starts_with("sha384-") && a.integrity.len() == 7 + 64, "{}", a.integrity);
        assert!(is_fingerprinted(&a.name));
        assert!(!is_fingerprinted("style.css"));
        assert!(!is_fingerprinted("planer/x/index.html"));
    }
}

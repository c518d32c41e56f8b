//! What content knows of the local files it links to: where each is published and, for
//! pictures and documents, the facts its markup needs (sizes, variants, type and size).

/// A local file (or page) a Markdown link or image points at, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocalFile {
    /// Where it is published, as written into `href` or `src`.
    pub url: String,
    pub facts: FileFacts,
}

/// What planverk knows of a linked file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FileFacts {
    /// A page, or a file that is neither a picture nor a document.
    #[default]
    Other,
    /// A raster picture (JPEG, PNG, WebP, GIF), with its published variants.
    Image(ImageFacts),
    /// An SVG drawing, with the size its `viewBox` gives.
    Svg { width: Option<u32>, height: Option<u32> },
    /// A document, with the words shown after its link: "PDF, 2,3 MB".
    Document { label: String },
}

/// A raster picture as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageFacts {
    /// Size of the largest variant (orientation applied): the `width` and `height` attributes.
    pub width: u32,
    pub height: u32,
    /// `image/jpeg`, `image/png`, …: the type of the fallback variants.
    pub mime: &'static str,
    /// Variants in the original format, narrowest first; the last is the `src`.
    pub fallback: Vec<Variant>,
    /// The same widths in WebP (empty when the original is WebP, or an animated GIF).
    pub webp: Vec<Variant>,
}

/// One resized copy of a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub url: String,
    pub width: u32,
}

/// `image:` in front matter: the page's picture, shown at its top, on its cards and when it
/// is shared. `src` is resolved like a Markdown image's path when the page is rendered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FrontImage {
    pub src: super::Located<String>,
    /// Never empty: a page's picture says something (checked when the page is loaded).
    pub alt: String,
}

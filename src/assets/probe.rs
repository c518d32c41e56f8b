//! What a raster picture is, read from its header alone: format, size, EXIF orientation,
//! and a hash of its bytes. A picture too large to decode safely (a decompression bomb: a
//! small PNG that claims 50,000 × 50,000 pixels) is refused here, before anything is decoded.

use std::io::Cursor;

use image::{ImageDecoder, ImageFormat, ImageReader, Limits};

/// Pictures with more pixels than this are refused (E-IMAGE-TOO-LARGE): 100 megapixels,
/// more than any phone or camera photo (a 200-megapixel sensor saves 50 MP by default).
pub const MAX_PIXELS: u64 = 100_000_000;
/// Nor may either side be longer than this.
pub const MAX_SIDE: u32 = 20_000;
/// What the decoder may allocate for one picture: 100 MP in RGBA with room for its rows.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// A raster format planverk resizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raster {
    Jpeg,
    Png,
    Gif,
    WebP,
}

impl Raster {
    pub fn mime(self) -> &'static str {
        match self {
            Raster::Jpeg => "image/jpeg",
            Raster::Png => "image/png",
            Raster::Gif => "image/gif",
            Raster::WebP => "image/webp",
        }
    }

    /// The format a file's extension claims (`None`: not a raster picture's name).
    pub fn from_extension(ext: &str) -> Option<Raster> {
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Some(Raster::Jpeg),
            "png" => Some(Raster::Png),
            "gif" => Some(Raster::Gif),
            "webp" => Some(Raster::WebP),
            _ => None,
        }
    }

    fn of(format: ImageFormat) -> Option<Raster> {
        match format {
            ImageFormat::Jpeg => Some(Raster::Jpeg),
            ImageFormat::Png => Some(Raster::Png),
            ImageFormat::Gif => Some(Raster::Gif),
            ImageFormat::WebP => Some(Raster::WebP),
            _ => None,
        }
    }

    pub(crate) fn image_format(self) -> ImageFormat {
        match self {
            Raster::Jpeg => ImageFormat::Jpeg,
            Raster::Png => ImageFormat::Png,
            Raster::Gif => ImageFormat::Gif,
            Raster::WebP => ImageFormat::WebP,
        }
    }
}

/// A picture's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub format: Raster,
    /// As shown, with the EXIF orientation applied (a portrait photo is taller than wide).
    pub width: u32,
    pub height: u32,
    pub orientation: image::metadata::Orientation,
    /// A stable hash of the file's bytes: names its variants and keys the cache.
    pub hash: u64,
}

/// Why a picture can't be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageProblem {
    /// Not a picture in the format its name says, or broken (truncated, corrupt).
    Unreadable(String),
    /// More pixels than planverk decodes: width and height as the header claims.
    TooLarge { width: u32, height: u32 },
}

/// The limits every decode runs under (see [`MAX_PIXELS`]).
pub fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// Reads the header of the picture `bytes`, whose name claims `claimed`.
pub fn probe(bytes: &[u8], claimed: Raster) -> Result<Probe, ImageProblem> {
    let format = match image::guess_format(bytes) {
        Ok(f) => Raster::of(f)
            .ok_or_else(|| ImageProblem::Unreadable(format!("it is a {f:?} picture, which planverk does not publish; save it as JPEG, PNG or WebP")))?,
        Err(_) => return Err(ImageProblem::Unreadable(not_a_picture(bytes, claimed))),
    };
    let reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut decoder = reader.into_decoder().map_err(|e| ImageProblem::Unreadable(e.to_string()))?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err(ImageProblem::Unreadable("its header says it has no pixels".into()));
    }
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(ImageProblem::TooLarge { width: w, height: h });
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let (width, height) = if swaps_sides(orientation) { (h, w) } else { (w, h) };
    Ok(Probe { format, width, height, orientation, hash: hash(bytes) })
}

/// Whether an orientation turns the picture a quarter (width and height swap).
pub fn swaps_sides(o: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
}

/// Words for a file whose name says picture but whose bytes are something else.
fn not_a_picture(bytes: &[u8], claimed: Raster) -> String {
    let name = format!("{claimed:?}").to_uppercase();
    let head = &bytes[..bytes.len().min(512)];
    if bytes.is_empty() {
        format!("the file is empty, not a {name} picture")
    } else if std::str::from_utf8(head).is_ok_and(|t| t.chars().all(|c| !c.is_control() || c.is_whitespace())) {
        format!("it is text, not a {name} picture (a file renamed, or an error page saved instead of the picture)")
    } else {
        format!("it is not a {name} picture: its first bytes are not those of any picture format")
    }
}

/// A stable 64-bit hash of the bytes (SipHash with fixed keys, as the output manifest uses).
pub fn hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    h.write(bytes);
    h.finish()
}

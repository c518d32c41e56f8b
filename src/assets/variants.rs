//! Resized copies of a picture for every screen: the widths a page offers in `srcset`, each
//! in WebP and in the original's format, decoded once under the limits of [`super::probe`],
//! turned as its EXIF orientation says and resized with `fast_image_resize` (Lanczos 3).
//! Every step is single-threaded and deterministic: the same picture gives the same bytes.

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageReader};

use super::probe::{ImageProblem, Probe, Raster, limits};

/// The widths offered (never wider than the original, which is offered at its own width
/// when it is narrower than the widest).
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
pub const JPEG_QUALITY: u8 = 82;
pub const WEBP_QUALITY: f32 = 80.0;
/// The longest side a WebP picture can have.
pub const WEBP_MAX_SIDE: u32 = 16_383;
/// Part of every cache key: changes whenever the settings above or the encoders change, so
/// that a new planverk never serves variants an older one made differently.
pub const SETTINGS: &str = "v1";

/// The widths of a picture `width` pixels wide, narrowest first.
pub fn widths(width: u32) -> Vec<u32> {
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    let widest = width.min(WIDTHS[WIDTHS.len() - 1]);
    if out.last() != Some(&widest) {
        out.push(widest);
    }
    out
}

/// The height of the variant `to` pixels wide of a `width` × `height` picture (rounded).
pub fn height_for(width: u32, height: u32, to: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width.max(1));
    (h as u32).max(1)
}

/// How a variant is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// The original's format (JPEG, PNG; WebP for a WebP original).
    Fallback(Raster),
    WebP,
}

impl Encoding {
    pub fn extension(self) -> &'static str {
        match self {
            Encoding::Fallback(Raster::Jpeg) => "jpg",
            Encoding::Fallback(Raster::Png) => "png",
            Encoding::Fallback(Raster::Gif) => "gif",
            Encoding::Fallback(Raster::WebP) | Encoding::WebP => "webp",
        }
    }
}

/// Decodes a picture whole (its header was probed), under the decoding limits, and turns it
/// upright as its EXIF orientation says.
pub fn decode(bytes: &[u8], probe: &Probe) -> Result<DynamicImage, ImageProblem> {
    if probe.format == Raster::Jpeg && !super::strip::jpeg_is_complete(bytes) {
        return Err(ImageProblem::Unreadable("the file ends before the picture does (it is truncated: copied or uploaded only in part)".into()));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), probe.format.image_format());
    reader.limits(limits());
    let unreadable = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => ImageProblem::TooLarge { width: probe.width, height: probe.height },
        other => ImageProblem::Unreadable(other.to_string()),
    };
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let orientation = decoder.orientation().unwrap_or(probe.orientation);
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    // Eight bits a channel is what the web shows; RGB unless there is transparency.
    Ok(if image.color().has_alpha() { DynamicImage::ImageRgba8(image.into_rgba8()) } else { DynamicImage::ImageRgb8(image.into_rgb8()) })
}

/// `image` resized to `width` pixels wide (the height keeps the proportions).
pub fn resize(image: &DynamicImage, width: u32) -> Result<DynamicImage, ImageProblem> {
    let height = height_for(image.width(), image.height(), width);
    if (width, height) == (image.width(), image.height()) {
        return Ok(image.clone());
    }
    let alpha = image.color().has_alpha();
    let (pixel, bytes) = if alpha { (PixelType::U8x4, image.as_bytes()) } else { (PixelType::U8x3, image.as_bytes()) };
    let fail = |e: String| ImageProblem::Unreadable(format!("it could not be resized: {e}"));
    let src = fast_image_resize::images::ImageRef::new(image.width(), image.height(), bytes, pixel).map_err(|e| fail(e.to_string()))?;
    let mut dst = Image::new(width, height, pixel);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&src, &mut dst, &options).map_err(|e| fail(e.to_string()))?;
    let buf = dst.into_vec();
    let out = if alpha {
        image::RgbaImage::from_raw(width, height, buf).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(width, height, buf).map(DynamicImage::ImageRgb8)
    };
    out.ok_or_else(|| fail("the resized buffer has the wrong size".into()))
}

/// Encodes a variant.
pub fn encode(image: &DynamicImage, encoding: Encoding) -> Result<Vec<u8>, ImageProblem> {
    let fail = |e: String| ImageProblem::Unreadable(format!("it could not be encoded: {e}"));
    let mut out = Vec::new();
    match encoding {
        Encoding::Fallback(Raster::Jpeg) => {
            let rgb = image.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).encode_image(&rgb).map_err(|e| fail(e.to_string()))?;
        }
        Encoding::Fallback(Raster::Png | Raster::Gif) => {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Default,
                image::codecs::png::FilterType::Adaptive,
            );
            image.write_with_encoder(encoder).map_err(|e| fail(e.to_string()))?;
        }
        Encoding::Fallback(Raster::WebP) | Encoding::WebP => {
            if image.width() > WEBP_MAX_SIDE || image.height() > WEBP_MAX_SIDE {
                return Err(fail(format!(
                    "a WebP picture can be at most {WEBP_MAX_SIDE} pixels a side, and this one would be {} × {}; crop it or split it into parts",
                    image.width(),
                    image.height()
                )));
            }
            let encoder = if image.color().has_alpha() {
                webp::Encoder::from_rgba(image.as_bytes(), image.width(), image.height())
            } else {
                webp::Encoder::from_rgb(image.as_bytes(), image.width(), image.height())
            };
            // `encode` panics on an encoder error (found by fuzzing); `encode_simple` returns it.
            out = encoder.encode_simple(false, WEBP_QUALITY).map_err(|e| fail(format!("the WebP encoder said {e:?}")))?.to_vec();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_exceed_the_original() {
        assert_eq!(widths(4000), [480, 960, 1600]);
        assert_eq!(widths(1600), [480, 960, 1600]);
        assert_eq!(widths(1200), [480, 960, 1200]);
        assert_eq!(widths(480), [480]);
        assert_eq!(widths(300), [300]);
        assert_eq!(height_for(3000, 2000, 480), 320);
        assert_eq!(height_for(3, 1, 1), 1);
    }

    #[test]
    fn resizing_and_encoding_give_the_same_bytes_each_time() {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(640, 400, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])));
        let a = resize(&img, 480).unwrap();
        assert_eq!((a.width(), a.height()), (480, 300));
        for enc in [Encoding::Fallback(Raster::Jpeg), Encoding::Fallback(Raster::Png), Encoding::WebP] {
            let first = encode(&a, enc).unwrap();
            assert_eq!(first, encode(&resize(&img, 480).unwrap(), enc).unwrap(), "{enc:?}");
            let back = image::load_from_memory(&first).unwrap();
            assert_eq!((back.width(), back.height()), (480, 300), "{enc:?}");
        }
    }

    #[test]
    fn a_picture_too_tall_for_webp_is_an_error_not_a_panic() {
        let tall = DynamicImage::ImageRgb8(image::RgbImage::new(2, WEBP_MAX_SIDE + 1));
        let Err(ImageProblem::Unreadable(why)) = encode(&tall, Encoding::WebP) else { panic!("a WebP of {} px was made", WEBP_MAX_SIDE + 1) };
        assert!(why.contains("16383 pixels a side") && why.contains("2 × 16384"), "{why}");
        assert!(encode(&tall, Encoding::Fallback(Raster::Png)).is_ok(), "PNG has no such limit");
    }
}

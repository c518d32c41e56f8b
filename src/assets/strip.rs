//! Metadata out of every picture published: EXIF (with a phone's GPS position, its serial
//! number and the time taken), XMP, IPTC and comments are removed from the original without
//! decoding it (img-parts), so the picture itself is byte for byte the same. The colour
//! profile (ICC) stays: without it colours shift.

use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};

use super::probe::Raster;

/// PNG chunks that carry metadata: EXIF, text (XMP is an iTXt), the time of the last change.
const PNG_METADATA: [&[u8; 4]; 5] = [b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"];

/// Why a picture whose metadata can't be taken out safely is refused.
const DAMAGED: &str = "its segments are damaged, so its metadata can't be removed without damaging the picture; open it in an image editor and save it again";

/// A JPEG's width and height as the decoder reads its header (`None`: it can't).
fn header_size(bytes: &[u8]) -> Option<(u32, u32)> {
    use image::ImageDecoder;
    let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Jpeg);
    reader.into_decoder().ok().map(|d| d.dimensions())
}

/// The picture without its metadata. GIF carries none that locates anyone and is kept as it
/// is (it would lose its animation otherwise).
pub fn strip(bytes: &[u8], format: Raster) -> Result<Vec<u8>, String> {
    let input = Bytes::copy_from_slice(bytes);
    match format {
        Raster::Jpeg => {
            let mut jpeg = Jpeg::from_bytes(input).map_err(|e| e.to_string())?;
            // APP1: EXIF and XMP; APP13: IPTC (Photoshop); COM: comments. APP0 (JFIF),
            // APP2 (ICC) and APP14 (Adobe colour transform) are needed to show the picture.
            for marker in [markers::APP1, markers::APP13, markers::COM] {
                jpeg.remove_segments_by_marker(marker);
            }
            let out = jpeg.encoder().bytes().to_vec();
            // img-parts reads some damaged or unknown segments differently from the decoder
            // (found by fuzzing): what comes out must still have a header the decoder reads.
            let before = header_size(bytes);
            if before.is_some() && header_size(&out) != before {
                return Err(DAMAGED.to_string());
            }
            Ok(out)
        }
        Raster::Png => {
            let mut png = Png::from_bytes(input).map_err(|e| e.to_string())?;
            png.chunks_mut().retain(|c| !PNG_METADATA.contains(&&c.kind()));
            Ok(png.encoder().bytes().to_vec())
        }
        Raster::WebP => {
            let mut webp = WebP::from_bytes(input).map_err(|e| e.to_string())?;
            webp.set_exif(None);
            webp.remove_chunks_by_id(*b"XMP ");
            Ok(webp.encoder().bytes().to_vec())
        }
        Raster::Gif => Ok(bytes.to_vec()),
    }
}

/// Whether a JPEG's data runs to its end marker (EOI). A truncated JPEG still decodes (the
/// decoder fills what is missing with grey), so this is how a half-copied photo is caught.
/// Walks the segments; in the compressed data a 0xFF byte is always followed by 0x00 or a
/// restart marker, so the next other marker ends the scan.
pub fn jpeg_is_complete(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xff, 0xd8]) {
        return false;
    }
    let mut i = 2;
    loop {
        // Fill bytes (0xFF) may come before a marker.
        while bytes.get(i) == Some(&0xff) && bytes.get(i + 1) == Some(&0xff) {
            i += 1;
        }
        let (Some(&0xff), Some(&marker)) = (bytes.get(i), bytes.get(i + 1)) else { return false };
        i += 2;
        match marker {
            0xd9 => return true,
            0x01 | 0xd0..=0xd7 => continue,
            _ => {}
        }
        let Some(len) = bytes.get(i..i + 2).map(|b| usize::from(b[0]) << 8 | usize::from(b[1])) else { return false };
        if len < 2 {
            return false;
        }
        i += len;
        if marker == 0xda {
            // The compressed data, up to the next marker that is not a restart.
            loop {
                match (bytes.get(i), bytes.get(i + 1)) {
                    (Some(&0xff), Some(&next)) if next != 0x00 && !(0xd0..=0xd7).contains(&next) => break,
                    (Some(_), Some(_)) => i += 1,
                    _ => return false,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_with_exif() -> Vec<u8> {
        let img = image::RgbImage::from_fn(32, 16, |x, y| image::Rgb([x as u8 * 8, y as u8 * 16, 100]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&img).unwrap();
        let mut jpeg = Jpeg::from_bytes(Bytes::from(out)).unwrap();
        // An EXIF block with a made-up GPS tag's bytes, and a comment.
        jpeg.set_exif(Some(Bytes::from_static(b"MM\0*\0\0\0\x08GPS 59.91N 10.75E")));
        jpeg.segments_mut().insert(1, img_parts::jpeg::JpegSegment::new_with_contents(markers::COM, Bytes::from_static(b"tatt hjemme")));
        jpeg.encoder().bytes().to_vec()
    }

    #[test]
    fn exif_and_comments_are_removed_and_the_picture_kept() {
        let with = jpeg_with_exif();
        assert!(with.windows(3).any(|w| w == b"GPS"));
        let without = strip(&with, Raster::Jpeg).unwrap();
        assert!(!without.windows(3).any(|w| w == b"GPS") && !without.windows(5).any(|w| w == b"hjemm"));
        assert_eq!(image::load_from_memory(&without).unwrap().to_rgb8(), image::load_from_memory(&with).unwrap().to_rgb8());
        assert!(jpeg_is_complete(&without));
    }

    #[test]
    fn a_jpeg_that_stripping_would_break_is_refused_not_published_broken() {
        // It decodes, but starts with a reserved marker (0xFF17) that img-parts writes back
        // so that the decoder no longer reads the header.
        let bytes = include_bytes!("testdata/unknown-marker.jpg");
        assert!(image::load_from_memory(bytes).is_ok());
        assert_eq!(strip(bytes, Raster::Jpeg), Err(DAMAGED.to_string()));
    }

    #[test]
    fn truncated_jpegs_are_caught() {
        let whole = jpeg_with_exif();
        assert!(jpeg_is_complete(&whole));
        for cut in [whole.len() - 1, whole.len() / 2, 40, 3, 0] {
            assert!(!jpeg_is_complete(&whole[..cut]), "cut at {cut}");
        }
    }
}

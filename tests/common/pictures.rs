//! Pictures for fixture sites: real JPEG and PNG files of a given size (a gradient, so that
//! they resize and compress like pictures), made with the `image` crate.

/// A JPEG of `w` × `h` pixels.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    encoded(w, h, image::ImageFormat::Jpeg)
}

/// A PNG of `w` × `h` pixels.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    encoded(w, h, image::ImageFormat::Png)
}

fn encoded(w: u32, h: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 102]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), format).unwrap();
    out
}

//! Pictures an editor puts beside a page, through the steps a build takes: reading the
//! header, decoding, stripping metadata, resizing and encoding must not panic on any bytes;
//! pictures larger than the limits are refused before they are decoded (no decompression
//! bombs); a decoded picture has the size its header promised; and a picture the build
//! would publish (it decodes) is stripped to a file that needs no more stripping and shows
//! the same picture. The first byte picks the format the file's name claims.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planverk::assets::probe::{MAX_PIXELS, Raster, probe};
use planverk::assets::variants::{Encoding, decode, encode, resize};
use planverk::assets::{strip, svg};

/// Pictures larger than this are probed but not decoded, to keep each input within the
/// fuzzer's 1 s (the decoding limits themselves are tested in tests/images.rs).
const DECODE_PIXELS: u64 = 1_000_000;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let claimed = [Raster::Jpeg, Raster::Png, Raster::Gif, Raster::WebP][usize::from(pick % 4)];
    let _ = svg::check(bytes);
    let Ok(p) = probe(bytes, claimed) else { return };
    let pixels = u64::from(p.width) * u64::from(p.height);
    assert!(p.width > 0 && p.height > 0 && pixels <= MAX_PIXELS, "{p:?}");
    let stripped = strip::strip(bytes, p.format);
    if pixels > DECODE_PIXELS {
        return;
    }
    let Ok(image) = decode(bytes, &p) else { return };
    assert_eq!((image.width(), image.height()), (p.width, p.height), "the header promised {p:?}");
    // A turned picture is published re-encoded upright; an upright one is published stripped.
    let upright = p.orientation == image::metadata::Orientation::NoTransforms;
    if let (Ok(stripped), true) = (stripped, upright) {
        assert_eq!(strip::strip(&stripped, p.format).as_deref(), Ok(&stripped[..]), "stripping a stripped {:?} again changed it", p.format);
        let again = probe(&stripped, p.format).and_then(|q| decode(&stripped, &q));
        let again = again.unwrap_or_else(|e| panic!("the stripped {:?} no longer decodes: {e:?}", p.format));
        assert_eq!((again.width(), again.height()), (p.width, p.height), "the stripped picture changed size");
    }
    let Ok(small) = resize(&image, 16.min(p.width)) else { return };
    for enc in [Encoding::Fallback(p.format), Encoding::WebP] {
        let _ = encode(&small, enc);
    }
});

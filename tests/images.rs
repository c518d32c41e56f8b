//! Images and documents beside their pages: page folders, relative paths rewritten to where
//! the files are published, missing files, alt text, documents' type and size, and paths or
//! links that lead out of the site.

mod common;

use common::Site;

/// A valid PNG of 1 × 1 pixel, for tests that only need a picture to be there.
fn png() -> Vec<u8> {
    common::pictures::png(1, 1)
}

fn news() -> Site {
    Site::new().file("content/aktuelt/_index.md", "---\ntitle: Aktuelt\nkind: news\n---\n")
}

#[test]
fn a_page_folder_publishes_its_files_under_the_page_url() {
    let site = news()
        .page(
            "content/aktuelt/sak/index.md",
            "title: Sak\ndate: 2026-05-01",
            "Se kartet:\n\n![Kart over bydelene](kart.png)\n\n[Referat](vedlegg/referat.pdf)\n",
        )
        .bytes("content/aktuelt/sak/kart.png", &png())
        .bytes("content/aktuelt/sak/vedlegg/referat.pdf", &[b'%'; 2_345_678]);
    site.build().assert_ok();
    let html = site.output("aktuelt/sak/index.html");
    assert!(html.contains("alt=\"Kart over bydelene\""), "{html}");
    assert!(html.contains("/aktuelt/sak/kart"), "the image is published under the page's URL:\n{html}");
    assert!(site.has_output("aktuelt/sak/kart.png"));
    assert!(html.contains("href=\"/aktuelt/sak/vedlegg/referat.pdf\">Referat <span class=\"doc-info\">(PDF, 2,3 MB)</span></a>"), "{html}");
    assert!(site.has_output("aktuelt/sak/vedlegg/referat.pdf"));
    // The page is listed in its section like any other.
    assert!(site.output("aktuelt/index.html").contains("href=\"/aktuelt/sak/\""));
}

#[test]
fn a_file_beside_a_plain_page_is_found_from_the_page_url() {
    let site = news()
        .page("content/aktuelt/sak.md", "title: Sak\ndate: 2026-05-01", "![Kart over bydelene](kart.png) og [en annen sak](annen.md), [tilbake](../om/)\n")
        .page("content/aktuelt/annen.md", "title: Annen\ndate: 2026-05-02", "Tekst\n")
        .page("content/om.md", "title: Om", "Tekst\n")
        .bytes("content/aktuelt/kart.png", &png());
    site.build().assert_ok();
    let html = site.output("aktuelt/sak/index.html");
    assert!(html.contains("/aktuelt/kart"), "a relative path is resolved against the page's file, not its URL:\n{html}");
    assert!(!html.contains("src=\"kart.png\""), "{html}");
    assert!(html.contains("href=\"/aktuelt/annen/\""), "a relative .md link is the page's URL:\n{html}");
    assert!(html.contains("href=\"/om/\""), "a relative page path is rewritten:\n{html}");
}

#[test]
fn a_missing_file_is_an_error_with_the_nearest_names() {
    let site = news().page("content/aktuelt/sak/index.md", "title: Sak", "Tekst\n\nSe ![Kart](krat.png)\n").bytes("content/aktuelt/sak/kart.png", &png());
    let e = site.single_error();
    assert_eq!(e.code, "E-MISSING-FILE", "{e:#?}");
    assert_eq!(e.at(), ("content/aktuelt/sak/index.md", 6, 4), "{e:#?}");
    assert!(e.help().contains("kart.png"), "{e:#?}");
    // A document link and a site path to static/ are checked too.
    let site =
        Site::new().page("content/a.md", "title: A", "[Plan](/vedlegg/plan.pdf) og [Plan](/vedlegg/plna.pdf)\n").bytes("static/vedlegg/plan.pdf", b"%PDF-1.4");
    let e = site.single_error();
    assert_eq!((e.code.as_str(), e.line, e.column), ("E-MISSING-FILE", 4, 30), "{e:#?}");
    assert!(e.help().contains("plan.pdf"), "{e:#?}");
}

#[test]
fn a_path_out_of_the_site_is_refused() {
    let site = Site::new().page("content/a/b.md", "title: B", "![Passord](../../../etc/passwd.png)\n");
    let e = site.single_error();
    assert_eq!(e.code, "E-OUTSIDE-SITE", "{e:#?}");
    assert_eq!(e.at(), ("content/a/b.md", 4, 1));
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("hemmelig.png"), png()).unwrap();
    let site = Site::new().page("content/a.md", "title: A", "![Bilde](bilde.png)\n");
    std::os::unix::fs::symlink(outside.path().join("hemmelig.png"), site.root().join("content/bilde.png")).unwrap();
    let errors = site.errors();
    assert!(errors.iter().any(|e| e.code == "E-OUTSIDE-SITE" && e.file == "content/bilde.png"), "{errors:#?}");
    assert!(!site.public().join("bilde.png").exists());
    // A link inside the site is followed.
    let site = Site::new().page("content/a.md", "title: A", "![Bilde](bilde.png)\n").bytes("content/lager/ekte.png", &png());
    std::os::unix::fs::symlink(site.root().join("content/lager/ekte.png"), site.root().join("content/bilde.png")).unwrap();
    site.build().assert_ok();
    assert!(site.has_output("bilde.png"));
}

#[test]
fn alt_text_is_required_and_decorative_images_say_so() {
    let site = Site::new().page("content/a.md", "title: A", "Tekst\n\n![](kart.png)\n").bytes("content/kart.png", &png());
    let e = site.single_error();
    assert_eq!((e.code.as_str(), e.line, e.column), ("E-NO-ALT", 6, 1), "{e:#?}");
    assert!(e.help().contains("![\"\"]"), "the help says how to mark a decorative image: {e:#?}");
    let site = Site::new()
        .page("content/a.md", "title: A", "![\"\"](pynt.png)\n\n![   ](kart.png)\n")
        .bytes("content/pynt.png", &png())
        .bytes("content/kart.png", &png());
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "only the blank alt text is an error: {errors:#?}");
    assert_eq!(errors[0].line, 6);
    let long = "Et kart ".repeat(25);
    let site = Site::new()
        .page("content/a.md", "title: A", &format!("![\"\"](pynt.png) ![{long}](kart.png)\n"))
        .bytes("content/pynt.png", &png())
        .bytes("content/kart.png", &png());
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("W-LONG-ALT"), "{}", run.describe());
    let html = site.output("a/index.html");
    assert!(html.contains("alt=\"\""), "a decorative image gets an empty alt text:\n{html}");
    assert!(!html.contains("alt=\"&quot;&quot;\""), "{html}");
    // The first image is not lazy (it is likely in view); the others are.
    let first = html.find("<img").unwrap();
    let second = html[first + 1..].find("<img").unwrap() + first + 1;
    assert!(!html[first..second].contains("loading=\"lazy\""), "{html}");
    assert!(html[second..].contains("loading=\"lazy\"") && html[second..].contains("decoding=\"async\""), "{html}");
}

/// A JPEG of `w` × `h` pixels (a smooth gradient), with an EXIF block holding `exif` when given.
fn jpeg(w: u32, h: u32, exif: Option<&[u8]>) -> Vec<u8> {
    let out = common::pictures::jpeg(w, h);
    match exif {
        None => out,
        Some(exif) => {
            let mut j = img_parts::jpeg::Jpeg::from_bytes(out.into()).unwrap();
            img_parts::ImageEXIF::set_exif(&mut j, Some(img_parts::Bytes::copy_from_slice(exif)));
            j.encoder().bytes().to_vec()
        }
    }
}

/// A big-endian TIFF block with one tag, Orientation = `o`, and a fake GPS note after it.
fn exif_orientation(o: u16) -> Vec<u8> {
    let mut t = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    t.extend_from_slice(&o.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    t.extend_from_slice(b"GPS 59.9139N 10.7522E");
    t
}

fn decoded(site: &Site, rel: &str) -> image::DynamicImage {
    image::load_from_memory(&std::fs::read(site.public().join(rel)).unwrap()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The variants under `dir` (`foto.1a2b3c4d.480.webp`) whose names start with `stem` and end with `ext`.
fn variants(site: &Site, dir: &str, stem: &str, ext: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(site.public().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(stem) && n.ends_with(ext) && n.split('.').count() == 4)
        .map(|n| format!("{dir}/{n}"))
        .collect();
    out.sort();
    out
}

#[test]
fn pictures_get_their_size_and_webp_and_jpeg_variants_for_each_screen() {
    let site = news()
        .page("content/aktuelt/sak/index.md", "title: Sak", "![Et foto fra Grønland](foto.jpg)\n\n![Et lite bilde](lite.png)\n")
        .bytes("content/aktuelt/sak/foto.jpg", &jpeg(2000, 1000, Some(&exif_orientation(1))))
        .bytes("content/aktuelt/sak/lite.png", &png());
    site.build().assert_ok();
    let html = site.output("aktuelt/sak/index.html");
    let webp = variants(&site, "aktuelt/sak", "foto.", ".webp");
    let jpgs = variants(&site, "aktuelt/sak", "foto.", ".jpg");
    assert_eq!(webp.len(), 3, "{webp:?}");
    assert_eq!(jpgs.len(), 3, "{jpgs:?}");
    for (list, widths) in [(&webp, [1600, 480, 960]), (&jpgs, [1600, 480, 960])] {
        // Sorted by name: …1600…, …480…, …960….
        for (rel, w) in list.iter().zip(widths) {
            let img = decoded(&site, rel);
            assert_eq!((img.width(), img.height()), (w, w / 2), "{rel}");
            assert!(html.contains(&format!("/{rel} {w}w")), "{rel} is offered at {w}w:\n{html}");
        }
    }
    assert!(html.contains("<picture><source type=\"image/webp\" srcset=\""), "{html}");
    assert!(html.contains("width=\"1600\" height=\"800\""), "{html}");
    assert!(html.contains("sizes=\""), "{html}");
    // EXIF (with the GPS note) is gone from the original and from every variant.
    let original = std::fs::read(site.public().join("aktuelt/sak/foto.jpg")).unwrap();
    assert!(!original.windows(3).any(|w| w == b"GPS"), "the published original still has its EXIF");
    for rel in webp.iter().chain(&jpgs) {
        let bytes = std::fs::read(site.public().join(rel)).unwrap();
        assert!(!bytes.windows(4).any(|w| w == b"Exif") && !bytes.windows(3).any(|w| w == b"GPS"), "{rel}");
    }
    assert_eq!(decoded(&site, "aktuelt/sak/foto.jpg").width(), 2000, "the original stays as it is");
    // A picture narrower than the narrowest width: one variant each, at its own size.
    assert_eq!(variants(&site, "aktuelt/sak", "lite.", ".webp").len(), 1);
    assert!(html.contains("width=\"1\" height=\"1\""), "{html}");
}

#[test]
fn the_exif_orientation_is_applied() {
    let site =
        Site::new().page("content/a.md", "title: A", "![Et stående foto](foto.jpg)\n").bytes("content/foto.jpg", &jpeg(600, 300, Some(&exif_orientation(6))));
    site.build().assert_ok();
    let html = site.output("a/index.html");
    assert!(html.contains("width=\"300\" height=\"600\""), "a photo turned a quarter is taller than wide:\n{html}");
    for rel in variants(&site, "", "foto.", ".webp").iter().chain(&variants(&site, "", "foto.", ".jpg")) {
        let img = decoded(&site, rel.trim_start_matches('/'));
        assert!(img.height() > img.width(), "{rel} is upright");
    }
    let original = decoded(&site, "foto.jpg");
    assert_eq!((original.width(), original.height()), (300, 600), "the original is turned too, as its EXIF is gone");
}

#[test]
fn a_rebuild_takes_the_variants_from_the_cache_and_prunes_it() {
    let site = Site::new().page("content/a.md", "title: A", "![Et foto](foto.jpg)\n").bytes("content/foto.jpg", &jpeg(1000, 500, None));
    site.build().assert_ok();
    let cache = site.root().join(".public.planverk-images");
    let mut entries: Vec<_> = std::fs::read_dir(&cache).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    assert!(entries.len() >= 4, "{entries:?}");
    // Mark one entry: a build that took it from the cache publishes the mark.
    let webp = entries.iter().find(|p| p.to_string_lossy().ends_with("-960.webp")).expect("a 960 px WebP in the cache").clone();
    let marked = [std::fs::read(&webp).unwrap(), b"cached".to_vec()].concat();
    std::fs::write(&webp, &marked).unwrap();
    site.write("config.toml", format!("{}# changed\n", common::DEFAULT_CONFIG));
    site.build().assert_ok();
    let published = variants(&site, "", "foto.", ".webp").into_iter().find(|r| r.contains(".960.")).unwrap();
    assert_eq!(std::fs::read(site.public().join(published.trim_start_matches('/'))).unwrap(), marked, "the variant came from the cache");
    // The picture removed: its variants leave the cache.
    std::fs::remove_file(site.root().join("content/foto.jpg")).unwrap();
    site.write("content/a.md", "---\ntitle: A\n---\nIngen bilder\n");
    site.build().assert_ok();
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 0, "the cache is pruned");
}

#[test]
fn pictures_are_the_same_bytes_with_any_thread_count() {
    let make = || {
        Site::new().page("content/a.md", "title: A", "![En](en.jpg) ![To](to.png)\n").bytes("content/en.jpg", &jpeg(1700, 900, None)).bytes(
            "content/to.png",
            &{
                let img = image::RgbaImage::from_fn(1000, 700, |x, y| image::Rgba([(x % 200) as u8, (y % 100) as u8, 60, (x % 255) as u8]));
                let mut out = Vec::new();
                image::DynamicImage::ImageRgba8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
                out
            },
        )
    };
    let (a, b) = (make(), make());
    common::run_planverk(&["build", "--root", &a.root().to_string_lossy()], &[("SOURCE_DATE_EPOCH", common::EPOCH), ("RAYON_NUM_THREADS", "1")]).assert_ok();
    common::run_planverk(&["build", "--root", &b.root().to_string_lossy()], &[("SOURCE_DATE_EPOCH", common::EPOCH), ("RAYON_NUM_THREADS", "4")]).assert_ok();
    common::assert_same_tree(&a.output_tree(), &b.output_tree());
}

/// A PNG whose header claims `w` × `h` pixels, with valid checksums and almost no data.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let body = [kind.as_slice(), data].concat();
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn bad_pictures_are_refused_with_the_file_named() {
    let whole = jpeg(800, 600, None);
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("bombe.png", png_claiming(50_000, 50_000), "E-IMAGE-TOO-LARGE"),
        ("tekst.png", b"<html><body>404 Not Found</body></html>\n".to_vec(), "E-BAD-IMAGE"),
        ("halv.jpg", whole[..whole.len() / 2].to_vec(), "E-BAD-IMAGE"),
        ("tom.jpg", Vec::new(), "E-BAD-IMAGE"),
    ];
    for (name, bytes, code) in cases {
        let site = Site::new().page("content/a.md", "title: A", &format!("![Et bilde]({name})\n")).bytes(&format!("content/{name}"), &bytes);
        let e = site.single_error();
        assert_eq!((e.code.as_str(), e.file.as_str()), (code, format!("content/{name}").as_str()), "{e:#?}");
        assert!(!e.help().is_empty());
    }
}

#[test]
fn svg_is_sized_from_its_view_box_and_refused_with_script() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 150\"><rect width=\"300\" height=\"150\" fill=\"#036\"/></svg>";
    let site = Site::new().page("content/a.md", "title: A", "![Logo](logo.svg)\n").file("content/logo.svg", svg);
    site.build().assert_ok();
    assert!(site.output("a/index.html").contains("<img src=\"/logo.svg\" width=\"300\" height=\"150\" alt=\"Logo\""), "{}", site.output("a/index.html"));
    assert_eq!(site.output("logo.svg"), svg, "copied as it is");
    let site = Site::new()
        .page("content/a.md", "title: A", "![Logo](logo.svg)\n")
        .file("content/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<circle r=\"4\" onclick=\"alert(1)\"/></svg>");
    let e = site.single_error();
    assert_eq!((e.code.as_str(), e.file.as_str(), e.line), ("E-SVG-SCRIPT", "content/logo.svg", 2), "{e:#?}");
}

/// A JPEG of `w` × `h` pixels of noise at quality 95, which compresses like a phone's photo
/// of grass or gravel: megabytes, not kilobytes.
fn noisy_jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let n = |shift: u32| ((state >> shift) & 0x7f) as u8;
        image::Rgb([(x * 128 / w) as u8 + n(0), (y * 128 / h) as u8 + n(8), 64 + n(16)])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95).encode_image(&img).unwrap();
    out
}

#[test]
fn a_40_megabyte_photo_is_published_in_bounded_memory() {
    let photo = noisy_jpeg(6000, 4000);
    assert!(photo.len() > 40_000_000, "the photo is only {} bytes", photo.len());
    let site =
        news().page("content/aktuelt/sak/index.md", "title: Sak", "![Et stort foto fra en telefon](foto.jpg)\n").bytes("content/aktuelt/sak/foto.jpg", &photo);
    // The peak resident memory of the build, as the kernel counts it for a child process.
    let root = site.root().to_string_lossy().into_owned();
    let out = std::process::Command::new("python3")
        .args(["-c", "import resource, subprocess, sys\nr = subprocess.run(sys.argv[1:], capture_output=True)\nsys.stderr.buffer.write(r.stderr)\nprint(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\nsys.exit(r.returncode)"])
        .args([env!("CARGO_BIN_EXE_planverk"), "build", "--root", root.as_str()])
        .env("SOURCE_DATE_EPOCH", common::EPOCH)
        .output()
        .expect("python3 runs the build and reports its peak memory");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let peak_kb: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    println!("peak memory building a {} MB photo of 24 megapixels: {} MB", photo.len() / 1_000_000, peak_kb / 1024);
    // Decoded, the photo is 72 MB (RGB); its variants and the site come on top of that.
    assert!(peak_kb < 512 * 1024, "the build of one photo peaked at {} MB", peak_kb / 1024);
    let webp = variants(&site, "aktuelt/sak", "foto.", ".webp");
    assert_eq!(webp.len(), 3, "{webp:?}");
    assert_eq!(decoded(&site, &webp[0]).width(), 1600);
}

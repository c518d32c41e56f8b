//! Documents (PDF, DOCX, XLSX, ODT, CSV, …): the type and size shown after a link to one,
//! "(PDF, 2,3 MB)", in the site's language.

/// Extensions of files whose links get their type and size.
pub const EXTENSIONS: &[&str] = &["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "odg", "rtf", "csv", "txt", "epub", "zip"];

/// "PDF, 2,3 MB" for a document of `bytes` bytes with extension `ext`, or `None` when the
/// file is not a document. `lang` is the language code: English writes a decimal point,
/// Norwegian (and the others) a decimal comma.
pub fn label(ext: &str, bytes: u64, lang: &str) -> Option<String> {
    let ext = ext.to_ascii_lowercase();
    EXTENSIONS.contains(&ext.as_str()).then(|| format!("{}, {}", ext.to_ascii_uppercase(), size(bytes, lang)))
}

/// A file size as readers say it: "850 kB", "2,3 MB", "14 MB" (SI units, as file managers
/// and browsers show them); never "0 kB".
pub fn size(bytes: u64, lang: &str) -> String {
    let point = if lang == "en" { "." } else { "," };
    let kb = bytes.div_ceil(1000).max(1);
    if kb < 1000 {
        return format!("{kb} kB");
    }
    // One decimal below 10 MB, rounded half up on whole bytes (no float drift).
    let tenths = (bytes + 50_000) / 100_000;
    if tenths < 100 {
        return format!("{}{point}{} MB", tenths / 10, tenths % 10);
    }
    let mb = (bytes + 500_000) / 1_000_000;
    if mb < 1000 {
        format!("{mb} MB")
    } else {
        let tenths = (bytes + 50_000_000) / 100_000_000;
        format!("{}{point}{} GB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_norwegian_and_english() {
        assert_eq!(size(0, "nb"), "1 kB");
        assert_eq!(size(850_000, "nb"), "850 kB");
        assert_eq!(size(999_999, "nb"), "1,0 MB");
        assert_eq!(size(1_000_000, "nb"), "1,0 MB");
        assert_eq!(size(2_345_678, "nn"), "2,3 MB");
        assert_eq!(size(2_345_678, "en"), "2.3 MB");
        assert_eq!(size(9_960_000, "nb"), "10 MB");
        assert_eq!(size(14_400_000, "nb"), "14 MB");
        assert_eq!(size(2_500_000_000, "nb"), "2,5 GB");
    }

    #[test]
    fn only_documents_get_a_label() {
        assert_eq!(label("PDF", 2_345_678, "nb").as_deref(), Some("PDF, 2,3 MB"));
        assert_eq!(label("docx", 40_000, "nb").as_deref(), Some("DOCX, 40 kB"));
        assert_eq!(label("png", 40_000, "nb"), None);
    }
}

//! One content file of any kind: the first byte picks the kind its folder gives (and whether
//! it is a section's `_index.md`); the rest is the file. Loading must not panic, and every
//! problem must point at a line that exists in the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use planverk::model::PageKind;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let kind = PageKind::parse(PageKind::NAMES[pick as usize % PageKind::NAMES.len()]).expect("a kind name parses");
    let rel = if pick & 0x80 != 0 { Path::new("content/mappe/_index.md") } else { Path::new("content/mappe/side.md") };
    // Lines end at LF, CRLF or a lone CR, as editors, YAML and Markdown count them.
    let lone_cr = bytes.windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count() + usize::from(bytes.last() == Some(&b'\r'));
    let lines = (bytes.iter().filter(|&&b| b == b'\n').count() + lone_cr) as u32 + 1;
    if let Err(diags) = planverk::load::load_one(rel, bytes.to_vec(), kind, chrono_tz::Europe::Oslo) {
        assert!(!diags.is_empty(), "a refused file without a reason");
        for d in diags {
            assert_eq!(d.file, rel, "{d:?}");
            assert!(d.line <= lines, "line {} of a {lines}-line file: {d:?}", d.line);
        }
    }
});

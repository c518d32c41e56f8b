//! A whole site made of a few fuzzed files (config, sections, plans, courses, districts,
//! pages) built in memory by the real pipeline: no panic, and a site that builds has pages.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// Where a fuzzed file goes; the sections give their pages a kind.
const SLOTS: &[&str] = &[
    "config.toml",
    "content/_index.md",
    "content/om.md",
    "content/planer/_index.md",
    "content/planer/by.md",
    "content/planer/bydel.md",
    "content/kurs/_index.md",
    "content/kurs/k.md",
    "content/bydeler/_index.md",
    "content/bydeler/frogner.md",
    "content/nettverk/_index.md",
    "content/nettverk/n.md",
    "content/nyhetsbrev/_index.md",
    "content/nyhetsbrev/1.md",
    "content/tilbud/_index.md",
    "content/tilbud/t.md",
    "content/aktuelt/a.md",
];

const CONFIG: &str = "title = \"Fuzz\"\nbase_url = \"https://fuzz.example.org\"\nlanguage = \"nb\"\ntimezone = \"Europe/Oslo\"\n";

/// The input: files, each starting with a line `=== NAME`; NAME is one of the slots above
/// (anything else picks a slot by its length). Text before the first such line is
/// `content/om.md`. Plain text, so the example site and the fixtures seed it.
fn files(data: &[u8]) -> Vec<(&'static str, &[u8])> {
    let first = if data.starts_with(b"=== ") { 0 } else { find_next(data) };
    let mut out = if first > 0 { vec![("content/om.md", &data[..first])] } else { Vec::new() };
    let mut rest = &data[first..];
    while let Some(after) = rest.strip_prefix(b"=== ") {
        let line_end = after.iter().position(|&b| b == b'\n').unwrap_or(after.len());
        let name = String::from_utf8_lossy(&after[..line_end]);
        let slot = SLOTS.iter().find(|s| **s == name.trim()).copied().unwrap_or(SLOTS[name.len() % SLOTS.len()]);
        let body = &after[(line_end + 1).min(after.len())..];
        let next = find_next(body);
        out.push((slot, &body[..next]));
        rest = &body[next..];
    }
    out
}

/// Where the next `\n=== ` header starts (after its newline), or the end.
fn find_next(data: &[u8]) -> usize {
    data.windows(5).position(|w| w == b"\n=== ").map_or(data.len(), |i| i + 1)
}

fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| std::env::temp_dir().join(format!("planverk-fuzz-site-{}", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let root = root();
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root).unwrap();
    std::fs::write(root.join("config.toml"), CONFIG).unwrap();
    for (slot, bytes) in files(data).into_iter().take(8) {
        let path = root.join(slot);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let mut options = planverk::BuildOptions::new(root);
    options.now = chrono::DateTime::from_timestamp(1_798_761_600, 0).unwrap();
    let mut workspace = planverk::Workspace::new(options);
    if workspace.load(&mut planverk::timings::Timings::new(false)).is_ok() {
        assert!(!workspace.outputs().is_empty(), "a site without errors rendered nothing");
    }
});

//! The follow-up fixture (tests/fixtures/followup): a district plan of 20 measures in four
//! strategies with updates, progress, indicators and milestones, a city plan it and a
//! second district plan implement, built by the real binary with "now" = 2027-01-01.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/followup");
/// 2027-01-01T00:00:00Z: "today" is 1 January 2027 in Oslo, six months back is 1 July 2026.
pub const EPOCH: &str = "1798761600";
pub const PLAN: &str = "content/planer/handlingsplan.md";

/// A copy of the fixture in a temporary folder.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        crate::common::copy_dir(Path::new(FIXTURE), dir.path());
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Replaces `from` with `to` in a file; the text must be there.
    pub fn edit(&self, file: &str, from: &str, to: &str) -> &Self {
        let path = self.root().join(file);
        let text = std::fs::read_to_string(&path).expect("fixture file");
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write fixture");
        self
    }

    pub fn build(&self) -> Output {
        run(&["build", "--root", path_str(self.root()), "--output", path_str(&self.out())])
    }

    pub fn built(&self) -> &Self {
        let o = self.build();
        assert!(o.status.success(), "build failed:\n{}", String::from_utf8_lossy(&o.stderr));
        self
    }

    /// A built file as text.
    pub fn text(&self, file: &str) -> String {
        let path = self.out().join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("no {}: {e}", path.display()))
    }

    /// `check --format json`: whether it passed, and the diagnostics.
    pub fn check(&self) -> (bool, Vec<serde_json::Value>) {
        let o = run(&["check", "--root", path_str(self.root()), "--format", "json"]);
        let diags = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("check printed no JSON ({e}):\n{}", String::from_utf8_lossy(&o.stdout)));
        (o.status.success(), diags)
    }

    /// The diagnostics of `severity` in `file`.
    pub fn diags(&self, severity: &str, file: &str) -> Vec<serde_json::Value> {
        self.check().1.into_iter().filter(|d| d["severity"] == severity && d["file"] == file).collect()
    }
}

pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planverk")).args(args).env("SOURCE_DATE_EPOCH", EPOCH).env("NO_COLOR", "1").output().expect("run planverk")
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// Runs a Python tool from tests/tools with `args`; it must succeed and print JSON.
pub fn python(tool: &str, args: &[&Path]) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools").join(tool);
    let o = Command::new("python3").arg(script).args(args).output().expect("run python3 (scripts/setup installs the helpers)");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{tool} failed:\n{stdout}\n{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{tool} printed no JSON ({e}):\n{stdout}"))
}

/// Undoes tera's escaping of text and attributes.
pub fn unescape(s: &str) -> String {
    s.replace("&#x2F;", "/").replace("&#x27;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The text between `start` (included) and the next `end` after it.
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no `{start}` in:\n{text}"));
    let rest = &text[from..];
    &rest[..rest.find(end).map_or(rest.len(), |e| e + end.len())]
}

/// The cells of a table row (`<th>` and `<td>`), tags removed and text unescaped.
pub fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = row;
    while let Some(i) = rest.find("<t") {
        let tail = &rest[i + 2..];
        if !(tail.starts_with('h') || tail.starts_with('d')) || tail[1..].starts_with("ead") || tail[1..].starts_with("ody") || tail.starts_with("foot") {
            rest = tail;
            continue;
        }
        let open_end = tail.find('>').expect("tag end");
        let close = tail.find("</t").expect("cell end");
        out.push(strip_tags(&tail[open_end + 1..close]));
        rest = &tail[close + 3..];
    }
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    unescape(out.trim())
}

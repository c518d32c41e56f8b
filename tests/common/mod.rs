//! A small fixture helper: write a site into a temporary folder, run the real `planverk`
//! binary on it, and look at what came out.
//!
//! ```ignore
//! let site = Site::new().file("content/a.md", "---\ntitle: A\n---\nHei\n");
//! site.build().assert_ok();
//! assert!(site.output("a/index.html").contains("Hei"));
//! ```

#![allow(dead_code)]

pub mod node;
pub mod pictures;
pub mod server;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

/// The config every fixture starts with, unless `.config(...)` replaces it.
pub const DEFAULT_CONFIG: &str = "title = \"Test\"\nbase_url = \"https://test.example.org\"\nlanguage = \"nb\"\ntimezone = \"Europe/Oslo\"\n";

/// A fixed "now" (2027-01-01T00:00:00Z) so that output does not depend on the clock.
pub const EPOCH: &str = "1798761600";

/// A site in a temporary folder, removed when dropped.
pub struct Site {
    dir: tempfile::TempDir,
}

impl Default for Site {
    fn default() -> Self {
        Site::new()
    }
}

impl Site {
    /// A site with the default config and no content.
    pub fn new() -> Site {
        Site::empty().config(DEFAULT_CONFIG)
    }

    /// An empty folder: no config, no content.
    pub fn empty() -> Site {
        Site { dir: tempfile::tempdir().expect("tempdir") }
    }

    /// Replaces `config.toml`.
    pub fn config(self, text: &str) -> Site {
        self.file("config.toml", text)
    }

    /// Writes a text file under the site root, creating folders.
    pub fn file(self, rel: &str, text: &str) -> Site {
        self.bytes(rel, text.as_bytes())
    }

    /// Writes raw bytes under the site root, creating folders.
    pub fn bytes(self, rel: &str, bytes: &[u8]) -> Site {
        self.write(rel, bytes);
        self
    }

    /// Writes (or overwrites) a file without consuming the site.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, bytes).expect("write fixture file");
    }

    /// A page with front matter `yaml` (without the fences) and `body`.
    pub fn page(self, rel: &str, yaml: &str, body: &str) -> Site {
        let text = format!("---\n{}{}---\n{body}", yaml, if yaml.ends_with('\n') || yaml.is_empty() { "" } else { "\n" });
        self.file(rel, &text)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `planverk` with `args` (no `--root` added), `SOURCE_DATE_EPOCH` fixed.
    pub fn run(&self, args: &[&str]) -> Run {
        run_planverk(args, &[("SOURCE_DATE_EPOCH", EPOCH)])
    }

    /// Runs `planverk <cmd> --root <site> <extra...>`.
    pub fn cmd(&self, cmd: &str, extra: &[&str]) -> Run {
        let root = self.root().to_string_lossy().into_owned();
        let mut args = vec![cmd, "--root", root.as_str()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// `planverk build --root <site>`.
    pub fn build(&self) -> Run {
        self.cmd("build", &[])
    }

    /// `planverk check --root <site>`.
    pub fn check(&self) -> Run {
        self.cmd("check", &[])
    }

    /// `planverk check --format json`, parsed. Panics if stdout is not the expected JSON.
    pub fn check_json(&self) -> (Run, Vec<Diag>) {
        let run = self.cmd("check", &["--format", "json"]);
        run.assert_no_panic();
        let diags: Vec<Diag> =
            serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("check --format json printed something that is not JSON ({e}):\n{}", run.stdout));
        (run, diags)
    }

    /// The errors of `check --format json`, asserting that the check failed.
    pub fn errors(&self) -> Vec<Diag> {
        let (run, diags) = self.check_json();
        assert_eq!(run.code, Some(1), "check should fail:\n{}", run.describe());
        let errors: Vec<Diag> = diags.into_iter().filter(|d| d.severity == "error").collect();
        assert!(!errors.is_empty(), "check failed without errors in JSON:\n{}", run.describe());
        errors
    }

    /// The only error `check` finds; panics when there are none or several.
    pub fn single_error(&self) -> Diag {
        let errors = self.errors();
        assert_eq!(errors.len(), 1, "expected exactly one error, got {errors:#?}");
        errors.into_iter().next().unwrap()
    }

    /// The default output folder.
    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// A built file as text, relative to the output folder.
    pub fn output(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("can't read output {}: {e}", path.display()))
    }

    /// Whether a built file exists.
    pub fn has_output(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    /// Every file under the output folder with its bytes.
    pub fn output_tree(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        tree(&self.public())
    }
}

/// Runs the binary built for these tests.
pub fn run_planverk(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_planverk"));
    cmd.args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).stdin(Stdio::null());
    let mut child = cmd.spawn().expect("run planverk");
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for planverk") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("planverk {args:?} ran for more than {TIMEOUT:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
    }
}

/// How long one run of the binary may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(180);

/// Every file under `dir` (relative paths) with its bytes; empty when `dir` is missing.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let path = e.expect("dir entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let bytes = std::fs::read(&path).expect("read output file");
                out.insert(path.strip_prefix(base).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts two trees are the same, naming the first difference.
pub fn assert_same_tree(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) {
    let names_a: Vec<_> = a.keys().collect();
    let names_b: Vec<_> = b.keys().collect();
    assert_eq!(names_a, names_b, "the trees hold different files");
    for (k, v) in a {
        if v != &b[k] {
            let (ta, tb) = (String::from_utf8_lossy(v), String::from_utf8_lossy(&b[k]));
            let line = ta.lines().zip(tb.lines()).position(|(x, y)| x != y);
            panic!(
                "{} differs (first differing line: {:?}):\n< {:?}\n> {:?}",
                k.display(),
                line.map(|l| l + 1),
                line.and_then(|l| ta.lines().nth(l)),
                line.and_then(|l| tb.lines().nth(l)),
            );
        }
    }
}

/// What one run of the binary did.
#[derive(Debug, Clone)]
pub struct Run {
    /// `None` when killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn describe(&self) -> String {
        format!("exit code: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}", self.code, self.stdout, self.stderr)
    }

    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }

    /// Exit 0 (and no panic).
    pub fn assert_ok(&self) -> &Run {
        self.assert_no_panic();
        assert_eq!(self.code, Some(0), "expected success:\n{}", self.describe());
        self
    }

    /// Exit 1 (a clean refusal, not a panic).
    pub fn assert_fails(&self) -> &Run {
        self.assert_no_panic();
        assert_eq!(self.code, Some(1), "expected a clean failure (exit 1):\n{}", self.describe());
        self
    }

    /// Exit 0 or 1, never 101 or a signal, and no panic message.
    pub fn assert_no_panic(&self) -> &Run {
        assert!(matches!(self.code, Some(0) | Some(1)), "bad exit:\n{}", self.describe());
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.describe());
        self
    }

    /// Everything printed, stdout then stderr.
    pub fn all_output(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// One entry of `check --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Diag {
    /// `E-YAML`, `W-UNCOVERED`, …: what tests match on (the wording is free to change).
    pub code: String,
    pub severity: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub source_line: Option<String>,
}

impl Diag {
    pub fn help(&self) -> &str {
        self.help.as_deref().unwrap_or("")
    }

    /// `(file, line, column)`.
    pub fn at(&self) -> (&str, u32, u32) {
        (self.file.as_str(), self.line, self.column)
    }
}

/// Copies a folder recursively (fixtures made from the example site).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

/// The example site in its default language only: config.toml without its `[languages.xx]`
/// tables and content/ without the translations (`x.nn.md`, `_index.en.md`). For the tests
/// of picking up the workspace store, which a site with several language versions does not
/// use (it is loaded and rendered whole).
pub fn copy_example_one_language(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = std::fs::read_to_string(from.join("config.toml")).expect("read config");
    let mut kept = String::new();
    let mut skipping = false;
    for line in config.lines() {
        let header = line.trim_start();
        if header.starts_with('[') {
            skipping = header.trim_start_matches('[').starts_with("languages.");
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    std::fs::write(to.join("config.toml"), kept).expect("write config");
    copy_dir(&from.join("content"), &to.join("content"));
    remove_translations(&to.join("content"));
}

/// Deletes `name.LANG.md` files (a two- or three-letter language code before `.md`).
fn remove_translations(dir: &Path) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_translations(&path);
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".md") else { continue };
        let lang = stem.rsplit_once('.').map(|(_, l)| l);
        if lang.is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase())) {
            std::fs::remove_file(&path).expect("remove translation");
        }
    }
}

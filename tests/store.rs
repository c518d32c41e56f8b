//! The workspace store beside the output, through the `planverk` binary: a build killed at a
//! random moment leaves a store and output from which the next build makes exactly what a
//! fresh build makes; a store from an older planverk, or a damaged one, is set aside with a
//! one-line note and everything is built.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{EPOCH, assert_same_tree, run_planverk, tree};

/// The example site plus `news` generated news items.
fn site(news: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_example_one_language(dir.path());
    for i in 0..news {
        let text = format!(
            "---\ntitle: \"Sak {i}\"\ndate: 2026-{:02}-{:02}\ntopics: [Alkohol]\nsummary: \"Sak nummer {i}.\"\n---\nTekst om sak {i}, med [en lenke](@/kurs/_index.md).\n",
            1 + i % 12,
            1 + i % 28
        );
        std::fs::write(dir.path().join(format!("content/aktuelt/sak-{i}.md")), text).expect("write news");
    }
    dir
}

fn build(root: &Path, out: &Path) -> common::Run {
    let (root, out) = (root.to_string_lossy().into_owned(), out.to_string_lossy().into_owned());
    let run = run_planverk(&["build", "--root", &root, "--output", &out, "--timings"], &[("SOURCE_DATE_EPOCH", EPOCH)]);
    run.assert_ok();
    run
}

/// Asserts that `out` holds what a fresh build of the site gives.
fn assert_fresh(root: &Path, out: &Path, after: &str) {
    let fresh = root.join("fresh");
    build(root, &fresh);
    let (want, got) = (tree(&fresh), tree(out));
    assert!(want == got, "after {after}, the output differs from a fresh build");
    assert_same_tree(&want, &got);
    std::fs::remove_dir_all(&fresh).expect("remove fresh build");
    for e in std::fs::read_dir(root).expect("read site folder").filter_map(Result::ok) {
        if e.file_name().to_string_lossy().starts_with(".fresh.planverk-") {
            let p = e.path();
            let _ = if p.is_dir() { std::fs::remove_dir_all(&p) } else { std::fs::remove_file(&p) };
        }
    }
}

/// A small xorshift generator: the test's moments of killing, from a seed it prints.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("PLANVERK_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1);
        eprintln!("kill moments from PLANVERK_KILL_SEED={seed}");
        Random(seed)
    }

    /// A number in 0..1.
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Starts a build and kills it (SIGKILL) after `delay`; whether it had finished first.
fn build_killed_after(root: &Path, out: &Path, delay: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["build", "--root", &root.to_string_lossy(), "--output", &out.to_string_lossy()])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start planverk");
    let started = Instant::now();
    while started.elapsed() < delay {
        if child.try_wait().expect("wait").is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("kill planverk");
    child.wait().expect("wait for the killed build");
    false
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_store_the_next_build_recovers_from() {
    let site = site(120);
    let (root, out) = (site.path(), site.path().join("public"));
    let started = Instant::now();
    build(root, &out);
    let full = started.elapsed();
    let mut random = Random::new();
    let edits: [(&str, &dyn Fn(String) -> String); 4] = [
        ("content/aktuelt/sak-7.md", &|t| t.replace("Tekst om sak", "Ny tekst om sak")),
        ("content/aktuelt/sak-8.md", &|t| t.replace("title: \"Sak 8\"", "title: \"Omdøpt sak 8\"")),
        ("content/aktuelt/sak-9.md", &|t| t.replace("date: 2026-10-10", "date: 2025-01-01")),
        ("content/aktuelt/ny-sak.md", &|_| "---\ntitle: Ny sak\ndate: 2026-06-01\n---\nTekst.\n".into()),
    ];
    let mut killed = 0;
    for round in 0..8 {
        let (rel, edit) = edits[round % edits.len()];
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, edit(text.clone()) + &"\nEndret.\n".repeat(round / edits.len() + 1)).expect("edit");
        // Anywhere from the start to past the end of a full build (a rebuild is quicker).
        let delay = full.mul_f64(random.unit() * 1.2);
        if !build_killed_after(root, &out, delay) {
            killed += 1;
        }
        let run = build(root, &out);
        assert!(!run.stderr.contains("panicked"), "{}", run.describe());
        assert_fresh(root, &out, &format!("a build killed after {delay:?} (round {round})"));
    }
    eprintln!("{killed} of 8 builds were killed before they ended");
    // The store was picked up again after all that.
    assert!(build(root, &out).stderr.contains("resume: restore"), "the last store is used");
}

#[test]
fn a_damaged_or_old_store_is_set_aside_with_a_note() {
    let site = site(20);
    let (root, out) = (site.path(), site.path().join("public"));
    build(root, &out);
    let store = root.join(".public.planverk-store");
    assert!(store.is_file(), "the build leaves its store beside the output");
    assert!(build(root, &out).stderr.contains("resume: restore"), "nothing changed: the store is used");

    // Cut short, then junk in the middle: a note, a full build, and the output is right.
    let bytes = std::fs::read(&store).expect("read store");
    std::fs::write(&store, &bytes[..bytes.len() / 2]).expect("cut store");
    let run = build(root, &out);
    assert!(!run.stderr.contains("resume: restore"), "{}", run.describe());
    assert!(!run.stderr.contains("panicked"), "{}", run.describe());
    assert_fresh(root, &out, "a store cut short");
    let mut junk = std::fs::read(&store).expect("read store");
    let middle = junk.len() / 2;
    junk[100..middle].iter_mut().for_each(|b| *b = 0xff);
    std::fs::write(&store, &junk).expect("junk store");
    let run = build(root, &out);
    assert!(run.stderr.lines().filter(|l| l.starts_with("note: ")).count() == 1, "one line tells why: {}", run.describe());
    assert!(!run.stderr.contains("resume: restore"), "{}", run.describe());
    assert_fresh(root, &out, "a store filled with junk");
    assert!(build(root, &out).stderr.contains("resume: restore"), "the store made anew is used");

    // The one-file snapshot of older planverk versions: removed with a note.
    std::fs::write(root.join(".public.planverk-workspace"), b"bincode snapshot").expect("old snapshot");
    let run = build(root, &out);
    assert!(run.stderr.contains("note: the workspace snapshot of an older planverk"), "{}", run.describe());
    assert!(!root.join(".public.planverk-workspace").exists());

    // A file that is no store at all.
    std::fs::write(&store, "not a database").expect("text store");
    let run = build(root, &out);
    assert!(run.stderr.lines().any(|l| l.starts_with("note: the workspace store")), "{}", run.describe());
    assert_fresh(root, &out, "a store that is a text file");
}

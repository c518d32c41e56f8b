//! The same input gives byte-identical output whatever the thread count, and a rebuild
//! after an edit (which updates the spare generation in place) gives exactly the tree a
//! fresh full build of the edited site gives.

mod common;

use std::path::{Path, PathBuf};

use common::{EPOCH, run_planverk, tree};

/// The example site plus generated news and courses, enough for long paginated listings.
fn generated_site() -> tempfile::TempDir {
    with_generated_pages(|to| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        common::copy_dir(&repo.join("content"), &to.join("content"));
        std::fs::copy(repo.join("config.toml"), to.join("config.toml")).expect("copy config");
    })
}

/// The same in the example's default language only: a site with several language versions
/// does not pick up the workspace store, which the resume tests are about.
fn generated_site_one_language() -> tempfile::TempDir {
    with_generated_pages(common::copy_example_one_language)
}

fn with_generated_pages(copy: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy(dir.path());
    let topics = ["Alkohol", "Cannabis", "Forebygging", "Ungdom"];
    for i in 0..150 {
        let text = format!(
            "---\ntitle: \"Generert nyhet {i}\"\ndate: 2026-{:02}-{:02}\ntopics: [{}, {}]\nsummary: \"Sak nummer {i}.\"\n---\nTekst om sak {i}, med [en lenke](@/kurs/_index.md).\n\n| a | b |\n|---|---|\n| {i} | x |\n\n```rust\nfn main() {{}}\n```\n",
            1 + i % 12,
            1 + i % 28,
            topics[i % 4],
            topics[(i + 1) % 4]
        );
        std::fs::write(dir.path().join(format!("content/aktuelt/generert-{i}.md")), text).expect("write news");
    }
    for i in 0..40 {
        let text = format!(
            "---\ntitle: \"Generert kurs {i}\"\ntopics: [{}]\nsessions:\n  - start: 20{}-03-{:02}T10:00\n    end: 20{}-03-{:02}T12:00\n---\nKurs {i}.\n",
            topics[i % 4],
            26 + i % 2,
            1 + i % 28,
            26 + i % 2,
            1 + i % 28
        );
        std::fs::write(dir.path().join(format!("content/kurs/generert-{i}.md")), text).expect("write course");
    }
    dir
}

fn build(root: &Path, out: &Path, threads: Option<&str>) {
    let (root, out) = (root.to_string_lossy().into_owned(), out.to_string_lossy().into_owned());
    let mut env = vec![("SOURCE_DATE_EPOCH", EPOCH)];
    if let Some(n) = threads {
        env.push(("RAYON_NUM_THREADS", n));
    }
    run_planverk(&["build", "--root", &root, "--output", &out], &env).assert_ok();
}

/// Where the trees differ: missing, extra and changed paths.
fn differences(a: &Path, b: &Path) -> Vec<String> {
    let (ta, tb) = (tree(a), tree(b));
    let mut out: Vec<String> = ta.iter().filter(|(p, bytes)| tb.get(*p) != Some(bytes)).map(|(p, _)| format!("differs or missing: {}", p.display())).collect();
    out.extend(tb.keys().filter(|p| !ta.contains_key(*p)).map(|p| format!("extra: {}", p.display())));
    out
}

#[test]
fn one_thread_and_all_threads_give_the_same_bytes() {
    let site = generated_site();
    let outs: Vec<PathBuf> = ["one", "all", "three"].iter().map(|n| site.path().join(format!("out-{n}"))).collect();
    build(site.path(), &outs[0], Some("1"));
    build(site.path(), &outs[1], None);
    build(site.path(), &outs[2], Some("3"));
    assert!(tree(&outs[0]).len() > 300, "the generated site is large enough to paginate");
    assert!(outs[0].join("aktuelt/side/10/index.html").is_file(), "the news listing has many pages");
    for other in &outs[1..] {
        let diff = differences(&outs[0], other);
        assert!(diff.is_empty(), "{} differs from the one-thread build:\n{}", other.display(), diff.join("\n"));
    }
}

#[test]
fn a_rebuild_after_edits_equals_a_fresh_full_build() {
    let site = generated_site();
    let out = site.path().join("public");
    build(site.path(), &out, None);
    let edits = [
        ("content/aktuelt/generert-7.md", "Tekst om sak 7", "Endret tekst om sak 7"),
        ("content/aktuelt/generert-8.md", "title: \"Generert nyhet 8\"", "title: \"Ny tittel på sak 8\""),
        ("content/kurs/generert-3.md", "Kurs 3.", "Kurs 3, nå med mer tekst."),
    ];
    for (n, (file, from, to)) in edits.iter().enumerate() {
        let path = site.path().join(file);
        let text = std::fs::read_to_string(&path).expect("read page");
        assert!(text.contains(from), "{file} has {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("edit page");
        build(site.path(), &out, None);
        let fresh = site.path().join(format!("fresh-{n}"));
        build(site.path(), &fresh, None);
        let diff = differences(&fresh, &out);
        assert!(diff.is_empty(), "after editing {file}, the rebuilt site differs from a fresh build:\n{}", diff.join("\n"));
        std::fs::remove_dir_all(&fresh).expect("remove fresh build");
    }
    assert!(site.path().join(".public.planverk-spare").is_dir(), "the previous generation is kept beside the output");
    assert!(!out.join(".public.planverk-spare").exists());
}

/// Builds with `--timings` at the clock `epoch`; whether the build picked up the workspace
/// the last build left (a "resume" step in the timings).
fn build_resumed(root: &Path, out: &Path, epoch: &str) -> bool {
    let (root, out) = (root.to_string_lossy().into_owned(), out.to_string_lossy().into_owned());
    let run = run_planverk(&["build", "--root", &root, "--output", &out, "--timings"], &[("SOURCE_DATE_EPOCH", epoch)]);
    run.assert_ok();
    let resumed = run.stderr.contains("resume: restore");
    // The summary line tells the editor so too.
    assert_eq!(run.stdout.contains("HTML files rendered again"), resumed, "{}", run.describe());
    resumed
}

/// Asserts that `out` holds what a fresh full build of the site at `epoch` gives.
fn assert_fresh(root: &Path, out: &Path, epoch: &str, after: &str) {
    let fresh = root.join("fresh");
    let (r, f) = (root.to_string_lossy().into_owned(), fresh.to_string_lossy().into_owned());
    run_planverk(&["build", "--root", &r, "--output", &f], &[("SOURCE_DATE_EPOCH", epoch)]).assert_ok();
    let diff = differences(&fresh, out);
    assert!(diff.is_empty(), "after {after}, the site differs from a fresh build:\n{}", diff.join("\n"));
    std::fs::remove_dir_all(&fresh).expect("remove fresh build");
}

#[test]
fn a_rebuild_picks_up_the_last_workspace_only_when_nothing_else_changed() {
    let site = generated_site_one_language();
    let (root, out) = (site.path(), site.path().join("public"));
    assert!(!build_resumed(root, &out, EPOCH), "a first build loads everything");
    assert!(root.join(".public.planverk-store").is_file(), "it leaves its workspace store beside the output");
    assert!(build_resumed(root, &out, EPOCH), "nothing changed: the workspace is picked up");

    // An edit to a page: picked up, and only that is read again.
    let page = root.join("content/aktuelt/generert-9.md");
    let text = std::fs::read_to_string(&page).expect("read page");
    std::fs::write(&page, text.replacen("Generert nyhet 9", "Omdøpt nyhet 9", 1)).expect("edit page");
    assert!(build_resumed(root, &out, EPOCH));
    assert_fresh(root, &out, EPOCH, "a title edit");

    // A page added: everything is loaded again.
    std::fs::write(root.join("content/aktuelt/ny-sak.md"), "---\ntitle: Ny sak\ndate: 2026-06-01\n---\nTekst.\n").expect("new page");
    assert!(!build_resumed(root, &out, EPOCH), "a page was added");
    assert_fresh(root, &out, EPOCH, "a page added");
    assert!(build_resumed(root, &out, EPOCH), "and then picked up again");

    // A new static file: everything is loaded again.
    std::fs::create_dir_all(root.join("static")).expect("static folder");
    std::fs::write(root.join("static/ny.txt"), "ny").expect("static file");
    assert!(!build_resumed(root, &out, EPOCH), "a static file changed");
    assert!(out.join("ny.txt").is_file());

    // An output file changed by hand: not picked up, and the output is made right.
    std::fs::write(out.join("ny.txt"), "endret for hånd").expect("edit output");
    assert!(!build_resumed(root, &out, EPOCH), "the published output is not what the workspace made");
    assert_eq!(std::fs::read_to_string(out.join("ny.txt")).expect("read"), "ny");
}

#[test]
fn a_rebuild_after_a_session_ended_renders_everything_again() {
    let site = generated_site_one_language();
    let (root, out) = (site.path(), site.path().join("public"));
    // generert-5 meets on 2027-03-06, 10:00–12:00 in Oslo (09:00–11:00 UTC).
    let (morning, afternoon, evening) = ("1804320000", "1804338000", "1804356000"); // 08:00, 13:00, 18:00 UTC
    assert!(!build_resumed(root, &out, morning));
    assert!(!build_resumed(root, &out, afternoon), "the session ended in between: pages show it as past now");
    assert_fresh(root, &out, afternoon, "a session ended");
    assert!(build_resumed(root, &out, evening), "the same day with nothing in between: picked up");
}

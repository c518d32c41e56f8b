//! The dependency graph behind partial re-rendering: after a change to some content files,
//! rendering only what `affected_by_change` names (plus the site-wide files) must give every
//! output that a full rebuild changes, byte for byte. Checked on a copy of the example site
//! with the kinds of edits editors make.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use planverk::BuildOptions;
use planverk::diagnostics::Diagnostics;
use planverk::load::{LoadOptions, load_site};
use planverk::model::Site;
use planverk::paths::{ChangeSet, Classifier};
use planverk::render::{self, Engine, Scope, feeds::ical::SequenceState};
use planverk::resolve::{SiteGraph, deps::affected_by_change, resolve};
use planverk::timings::Timings;
use planverk::workspace::{Report, UpdateKind, Workspace};

type Files = BTreeMap<String, Vec<u8>>;

fn copy_example(to: &Path) {
    common::copy_example_one_language(to);
}

fn load(root: &Path) -> (Site, SiteGraph) {
    let loaded = load_site(root, &LoadOptions::default());
    assert!(!loaded.diagnostics.has_errors(), "{:?}", loaded.diagnostics);
    let site = loaded.site.expect("site");
    let mut diags = Diagnostics::default();
    let graph = resolve(&site, &mut diags);
    assert!(!diags.has_errors(), "{diags:?}");
    (site, graph)
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_795_000_000, 0).expect("now")
}

fn render(root: &Path, site: &Site, graph: &SiteGraph, scope: Scope<'_>) -> Files {
    let engine = planverk::load::theme::load_theme(root, &site.config.theme).and_then(Engine::new).expect("engine");
    let mut diags = Diagnostics::default();
    let markdown = render::render_markdown(site, graph, &engine, &mut diags);
    let sequences = SequenceState::default();
    let inputs = render::Inputs { site, graph, engine: &engine, markdown: &markdown, now: now(), sequences: &sequences, sink: None };
    let out = render::render_site(&inputs, scope, &mut diags, &mut Timings::new(false));
    assert!(!diags.has_errors(), "{diags:?}");
    out.into_iter().map(|o| (o.path, o.bytes)).collect()
}

/// A workspace on the site at `root`, built once.
fn workspace(root: &Path) -> Workspace {
    let mut workspace = Workspace::new(BuildOptions { now: now(), ..BuildOptions::new(root) });
    if let Err(d) = workspace.load(&mut Timings::new(false)) {
        panic!("the first build failed: {d:?}");
    }
    workspace
}

fn outputs(workspace: &Workspace) -> Files {
    workspace.outputs().iter().map(|o| (o.path.clone(), o.bytes.clone())).collect()
}

/// Tells `workspace` that the files at `rels` changed and checks that it then holds exactly
/// what a fresh full build of the site holds, file for file.
fn update_equals_full(workspace: &mut Workspace, root: &Path, rels: &[&str]) -> Report {
    let classifier = Classifier::new(root, &root.join("public"));
    let mut changes = ChangeSet::default();
    rels.iter().for_each(|rel| changes.add(classifier.classify(Path::new(rel))));
    let report = workspace.update(&changes, &mut Timings::new(false)).unwrap_or_else(|d| panic!("updating after {rels:?} failed: {d:?}"));
    let (got, want) = (outputs(workspace), outputs(&self::workspace(root)));
    let extra: Vec<&String> = got.keys().filter(|p| !want.contains_key(*p)).collect();
    let missing: Vec<&String> = want.keys().filter(|p| !got.contains_key(*p)).collect();
    assert!(extra.is_empty() && missing.is_empty(), "after {rels:?}: files that a full build lacks: {extra:?}; files it has and the update lacks: {missing:?}");
    let differ: Vec<&String> = want.iter().filter(|(p, b)| got.get(*p) != Some(b)).map(|(p, _)| p).collect();
    assert!(differ.is_empty(), "after {rels:?} these files differ from a full build: {differ:?}");
    report
}

/// Applies `edit` to the file at `rel` and checks that the partial render covers the change,
/// and that a workspace updated after it equals a full build.
fn check_edit(rel: &str, edit: impl Fn(String) -> String, expect_partial: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_example(root);
    let mut live = workspace(root);
    let (old_site, old_graph) = load(root);
    let before = render(root, &old_site, &old_graph, Scope::All);

    let file = root.join(rel);
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let changed = edit(text.clone());
    assert_ne!(text, changed, "the edit to {rel} changed nothing");
    std::fs::write(&file, changed).expect("write");

    let (site, graph) = load(root);
    let after = render(root, &site, &graph, Scope::All);
    let path = rel.trim_start_matches("content/").trim_end_matches(".md").trim_end_matches("/_index").trim_end_matches("_index");
    let affected = affected_by_change((&old_site.pages, &old_graph), (&site.pages, &graph), &[path]);
    let partial = render(root, &site, &graph, Scope::Affected(&affected));

    let differs: BTreeSet<&String> = after.iter().filter(|(p, b)| before.get(*p) != Some(b)).map(|(p, _)| p).collect();
    assert!(!differs.is_empty(), "editing {rel} changed no output");
    let missing: Vec<&&String> = differs.iter().filter(|p| !partial.contains_key(p.as_str())).collect();
    assert!(missing.is_empty(), "editing {rel}: these outputs changed but were not re-rendered: {missing:?}");
    for (p, bytes) in &partial {
        assert_eq!(Some(bytes), after.get(p), "editing {rel}: the partial render of {p} differs from the full one");
    }
    if expect_partial {
        let (n, total) = (affected.pages.len(), site.pages.len());
        assert!(n * 2 < total, "editing {rel} re-renders {n} of {total} pages");
    }
    update_equals_full(&mut live, root, &[rel]);
}

#[test]
fn a_district_measure_changes() {
    check_edit(
        "content/planer/frogner-russtrategi-2021-2024.md",
        |t| t.replacen("title: Rusforebyggende tiltak i barnehagene", "title: Rusforebygging i barnehagene", 1).replacen("status: ongoing", "status: done", 1),
        true,
    );
}

#[test]
fn a_city_measure_is_renamed() {
    check_edit(
        "content/planer/oslo-strategisk-plan.md",
        |t| t.replacen("title: Oppdatert rusforebyggende program i Osloskolen", "title: Nytt rusforebyggende program i Osloskolen", 1),
        true,
    );
}

#[test]
fn a_course_moves_and_changes_topics() {
    check_edit(
        "content/kurs/utsett-2027.md",
        |t| {
            let t = t.replacen("2027-03-04T09:00", "2027-03-05T09:00", 1).replacen("2027-03-04T15", "2027-03-05T15", 1);
            t.replacen("topics:\n", "topics:\n  - helt nytt tema\n", 1)
        },
        true,
    );
}

#[test]
fn a_news_item_moves_to_another_district() {
    check_edit("content/aktuelt/bti-erfaringer-fra-stovner.md", |t| t.replacen("stovner", "grorud", 1).replacen("date: 2026-", "date: 2025-", 1), true);
}

#[test]
fn a_district_is_renamed() {
    check_edit("content/bydeler/frogner.md", |t| t.replacen("title: \"Bydel Frogner\"", "title: \"Bydel Frogner og Majorstuen\"", 1), true);
}

#[test]
fn a_page_is_added() {
    check_edit("content/aktuelt/ny-sak.md", |_| "---\ntitle: Ny sak\ndate: 2026-11-20\ntopics: [alkohol]\ndistricts: [sagene]\n---\nNy tekst.\n".into(), true);
}

#[test]
fn a_section_is_renamed() {
    check_edit("content/kurs/_index.md", |t| t.replacen("title: ", "title: Alle ", 1), false);
}

#[test]
fn a_network_gets_a_new_member() {
    check_edit("content/nettverk/overdosenettverket.md", |t| t.replacen("members:\n  - frogner\n", "members:\n  - bjerke\n", 1), true);
}

#[test]
fn a_service_is_renamed_and_serves_another_district() {
    check_edit(
        "content/tilbud/ung-arena-vest.md",
        |t| {
            t.replacen("title: \"Ung Arena Vest\"", "title: \"Ung Arena Vest og Nord\"", 1).replacen(
                "districts: [frogner]",
                "districts: [frogner, nordre-aker]",
                1,
            )
        },
        true,
    );
}

#[test]
fn a_plan_item_gets_another_target_group() {
    // Every course and network implements this work plan, so half the site names its items.
    check_edit("content/planer/korus-oslo-arbeidsplan-2018.md", |t| t.replacen("audience: [ungdom]", "audience: [foreldre og foresatte]", 1), false);
}

#[test]
fn a_course_is_renamed_and_cancelled() {
    check_edit(
        "content/kurs/utsett-2027.md",
        |t| t.replacen("title: \"Utsett!", "title: \"Utsett! Nytt navn", 1).replacen("status: open", "status: cancelled", 1),
        true,
    );
}

/// A change to a file's text.
type Edit<'a> = &'a dyn Fn(String) -> String;

/// Edits a copy of the example site with `edits` in turn; after each, the updated workspace
/// equals a full build. Returns the reports.
fn edit_in_turn(edits: &[(&str, Edit<'_>)]) -> Vec<Report> {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_example(root);
    let mut live = workspace(root);
    let mut reports = Vec::new();
    for (rel, edit) in edits {
        let file = root.join(rel);
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let changed = edit(text.clone());
        assert_ne!(text, changed, "the edit to {rel} changed nothing");
        std::fs::write(&file, changed).expect("write");
        reports.push(update_equals_full(&mut live, root, &[rel]));
    }
    reports
}

/// The first line of a page's body that is plain text, to edit.
fn edit_body(t: String) -> String {
    let (front, body) = t.rsplit_once("\n---\n").expect("front matter");
    format!("{front}\n---\nEt nytt avsnitt skrevet i forhåndsvisningen.\n\n{body}")
}

#[test]
fn a_body_edit_re_renders_that_page_only() {
    let news = "content/aktuelt/bti-erfaringer-fra-stovner.md";
    let reports = edit_in_turn(&[(news, &edit_body), ("content/kurs/utsett-2027.md", &edit_body), ("content/om/tilgjengelighetserklaering.md", &edit_body)]);
    for r in &reports {
        assert_eq!((r.kind, r.pages), (UpdateKind::Partial, 1), "{r:?}");
    }
    assert!(reports[0].changed.iter().any(|p| p.ends_with("atom.xml")), "the news feed carries the text: {:?}", reports[0].changed);
    assert!(reports[0].changed.iter().any(|p| p.starts_with("sok/index/")), "the search index has the new words: {:?}", reports[0].changed);
    assert!(!reports[2].changed.iter().any(|p| p.ends_with(".xml") || p.ends_with(".ics")), "{:?}", reports[2].changed);
}

#[test]
fn a_title_edit_re_renders_the_pages_that_show_it() {
    let news = "content/aktuelt/bti-erfaringer-fra-stovner.md";
    let retitle = |t: String| {
        let at = t.find("title: ").expect("title");
        format!("{}title: Ny tittel, lagret nå{}", &t[..at], &t[t[at..].find('\n').map_or(t.len(), |n| at + n)..])
    };
    let reports = edit_in_turn(&[(news, &retitle), ("content/om/tilgjengelighetserklaering.md", &retitle)]);
    assert_eq!(reports[0].kind, UpdateKind::Partial, "{:?}", reports[0]);
    assert!(reports[0].pages > 1, "the listings show the title: {:?}", reports[0]);
}

#[test]
fn saving_an_unchanged_file_does_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_example(root);
    let mut live = workspace(root);
    let rel = "content/kurs/utsett-2027.md";
    let text = std::fs::read(root.join(rel)).expect("read");
    std::fs::write(root.join(rel), text).expect("write");
    let r = update_equals_full(&mut live, root, &[rel]);
    assert_eq!((r.kind, r.pages, r.changed.len()), (UpdateKind::Unchanged, 0, 0));
}

#[test]
fn new_deleted_and_renamed_pages_and_assets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_example(root);
    let mut live = workspace(root);
    std::fs::write(root.join("content/aktuelt/helt-ny.md"), "---\ntitle: Helt ny sak\ndate: 2026-11-21\ntopics: [alkohol]\n---\nNy.\n").expect("write");
    assert_eq!(update_equals_full(&mut live, root, &["content/aktuelt/helt-ny.md"]).kind, UpdateKind::Full);
    std::fs::rename(root.join("content/aktuelt/helt-ny.md"), root.join("content/aktuelt/omdopt.md")).expect("rename");
    update_equals_full(&mut live, root, &["content/aktuelt/helt-ny.md", "content/aktuelt/omdopt.md"]);
    std::fs::remove_file(root.join("content/aktuelt/omdopt.md")).expect("delete");
    update_equals_full(&mut live, root, &["content/aktuelt/omdopt.md"]);
    std::fs::write(root.join("content/aktuelt/vedlegg.txt"), "vedlegg 1\n").expect("write");
    update_equals_full(&mut live, root, &["content/aktuelt/vedlegg.txt"]);
    std::fs::write(root.join("content/aktuelt/vedlegg.txt"), "vedlegg 2\n").expect("write");
    let r = update_equals_full(&mut live, root, &["content/aktuelt/vedlegg.txt"]);
    assert_eq!((r.kind, r.changed.as_slice()), (UpdateKind::Partial, &["aktuelt/vedlegg.txt".to_string()][..]));
}

#[test]
fn template_static_and_config_edits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_example(root);
    let mut live = workspace(root);
    let page = planverk::load::theme::DEFAULT_TEMPLATES.iter().find(|(n, _)| *n == "page.html").expect("page.html").1;
    std::fs::create_dir_all(root.join("templates")).expect("mkdir");
    std::fs::write(root.join("templates/page.html"), page.replace("{% block content %}", "{% block content %}<p>Mal endret</p>")).expect("write");
    update_equals_full(&mut live, root, &["templates/page.html"]);
    std::fs::create_dir_all(root.join("static")).expect("mkdir");
    std::fs::write(root.join("static/style.css"), "body { color: #123456 }\n").expect("write");
    let r = update_equals_full(&mut live, root, &["static/style.css"]);
    // Pages link the stylesheet by a name made from its bytes: they all change with it.
    assert!(
        r.changed.iter().any(|p| p == "style.css") && r.changed.iter().any(|p| p.starts_with("style.") && p.len() == "style..css".len() + 10),
        "{:?}",
        r.changed
    );
    let config = std::fs::read_to_string(root.join("config.toml")).expect("config");
    std::fs::write(root.join("config.toml"), config.replacen("title = \"", "title = \"Ny ", 1)).expect("write");
    update_equals_full(&mut live, root, &["config.toml"]);
}

/// A site with a news section and a topic in pages of 3 (some articles on the same day, so
/// titles decide their order) and two newsletter issues, each covering six days.
fn paginated_site(root: &Path) {
    let mut files = vec![
        ("config.toml".to_string(), "title = \"Sider\"\nbase_url = \"https://sider.example.org\"\npaginate_by = 3\n".to_string()),
        ("content/_index.md".into(), "---\ntitle: Hjem\n---\n".into()),
        ("content/aktuelt/_index.md".into(), "---\ntitle: Aktuelt\nkind: news\npaginate_by: 3\n---\n".into()),
        ("content/brev/_index.md".into(), "---\ntitle: Brev\nkind: newsletter\n---\n".into()),
    ];
    for n in 0..12 {
        let day = 1 + n / 2 * 2;
        let text = format!("---\ntitle: Sak {n:02}\ndate: 2026-01-{day:02}\nsummary: Om sak {n}.\ntopics: [felles]\n---\nTekst {n}.\n");
        files.push((format!("content/aktuelt/sak-{n:02}.md"), text));
    }
    for (n, from, to) in [(1, 1, 6), (2, 7, 12)] {
        let text = format!("---\ntitle: Brev {n}\ndate: 2026-01-{to:02}\ncovers:\n  from: 2026-01-{from:02}\n  to: 2026-01-{to:02}\n---\nHei.\n");
        files.push((format!("content/brev/nr-{n}.md"), text));
    }
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

#[test]
fn edits_in_a_paginated_section_re_render_the_listing_pages_that_show_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    paginated_site(root);
    let mut live = workspace(root);
    let edit = |rel: &str, from: &str, to: &str| {
        let file = root.join(rel);
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&file, text.replacen(from, to, 1)).expect("write");
    };
    // A title that reorders two articles of one day, both on the last listing page.
    edit("content/aktuelt/sak-00.md", "title: Sak 00", "title: Å sist");
    let r = update_equals_full(&mut live, root, &["content/aktuelt/sak-00.md"]);
    assert_eq!(r.kind, UpdateKind::Partial);
    // The article, the last listing page of its section and of its topic, the topic index,
    // the home page and the issue covering it: not the other six listing pages.
    assert_eq!(r.pages, 6, "{r:?}");
    assert!(r.changed.contains(&"aktuelt/side/4/index.html".to_string()), "{:?}", r.changed);
    assert!(r.changed.contains(&"tema/felles/side/4/index.html".to_string()), "{:?}", r.changed);
    let elsewhere = ["aktuelt/side/2/", "tema/felles/side/2/", "brev/nr-2/index.html"];
    assert!(!r.changed.iter().any(|p| elsewhere.iter().any(|e| p.starts_with(e))), "{:?}", r.changed);
    assert!(r.changed.contains(&"brev/nr-1/index.html".to_string()) && r.changed.contains(&"brev/nr-1/epost.html".to_string()), "{:?}", r.changed);
    // A summary, a body, and a date that moves an article across listing pages and issues.
    edit("content/aktuelt/sak-07.md", "summary: Om sak 7.", "summary: Nytt om sak 7.");
    update_equals_full(&mut live, root, &["content/aktuelt/sak-07.md"]);
    edit("content/aktuelt/sak-05.md", "Tekst 5.", "Ny tekst 5.");
    let r = update_equals_full(&mut live, root, &["content/aktuelt/sak-05.md"]);
    assert!(!r.changed.iter().any(|p| p.ends_with("epost.html")), "an e-mail shows no article text: {:?}", r.changed);
    edit("content/aktuelt/sak-01.md", "date: 2026-01-01", "date: 2026-01-11");
    update_equals_full(&mut live, root, &["content/aktuelt/sak-01.md"]);
    edit("content/brev/nr-2.md", "Hei.", "Hei igjen.");
    let r = update_equals_full(&mut live, root, &["content/brev/nr-2.md"]);
    assert!(r.changed.contains(&"brev/nr-2/epost.html".to_string()), "{:?}", r.changed);
    edit("content/aktuelt/sak-11.md", "title: Sak 11", "title: Sak elleve");
    update_equals_full(&mut live, root, &["content/aktuelt/sak-11.md"]);
}

/// Builds the site at `root` into `out` with the binary; whether the build picked up the
/// workspace store the last one left.
fn cli_build(root: &Path, out: &Path) -> bool {
    let (r, o) = (root.to_string_lossy().into_owned(), out.to_string_lossy().into_owned());
    let run = common::run_planverk(&["build", "--root", &r, "--output", &o, "--timings"], &[("SOURCE_DATE_EPOCH", common::EPOCH)]);
    run.assert_ok();
    run.stderr.contains("resume: restore")
}

#[test]
fn every_kind_of_edit_through_the_store_gives_a_fresh_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_example(root);
    let out = root.join("public");
    assert!(!cli_build(root, &out), "a first build has no store to pick up");
    let retitle = |from: &'static str, to: &'static str| move |t: String| t.replacen(from, to, 1);
    // Each file, its edit, and whether the build after it picks up the store.
    type StoreEdit<'a> = (&'a str, Box<dyn Fn(String) -> String>, bool);
    let edits: Vec<StoreEdit<'_>> = vec![
        ("content/planer/frogner-russtrategi-2021-2024.md", Box::new(|t: String| t.replacen("status: ongoing", "status: done", 1)), true),
        ("content/planer/oslo-strategisk-plan.md", Box::new(retitle("title: Oppdatert rusforebyggende program i Osloskolen", "title: Nytt program")), true),
        ("content/kurs/utsett-2027.md", Box::new(|t: String| t.replacen("topics:\n", "topics:\n  - helt nytt tema\n", 1)), true),
        (
            "content/aktuelt/bti-erfaringer-fra-stovner.md",
            Box::new(|t: String| t.replacen("stovner", "grorud", 1).replacen("date: 2026-", "date: 2025-", 1)),
            true,
        ),
        ("content/bydeler/frogner.md", Box::new(retitle("title: \"Bydel Frogner\"", "title: \"Bydel Frogner og Majorstuen\"")), true),
        ("content/nettverk/overdosenettverket.md", Box::new(retitle("members:\n  - frogner\n", "members:\n  - bjerke\n")), true),
        ("content/tilbud/ung-arena-vest.md", Box::new(retitle("districts: [frogner]", "districts: [frogner, nordre-aker]")), true),
        ("content/planer/korus-oslo-arbeidsplan-2018.md", Box::new(retitle("audience: [ungdom]", "audience: [foreldre og foresatte]")), true),
        ("content/kurs/utsett-2027.md", Box::new(retitle("status: open", "status: cancelled")), true),
        ("content/kurs/_index.md", Box::new(retitle("title: ", "title: Alle ")), true),
        ("content/om/tilgjengelighetserklaering.md", Box::new(edit_body), true),
        ("content/aktuelt/ny-sak.md", Box::new(|_| "---\ntitle: Ny sak\ndate: 2026-11-20\ntopics: [alkohol]\n---\nNy tekst.\n".into()), false),
        ("content/aktuelt/ny-sak.md", Box::new(|t: String| t.replacen("Ny tekst.", "Endret tekst.", 1)), true),
        ("content/aktuelt/ny-sak.md", Box::new(|_| String::new()), false),
        ("static/ny.txt", Box::new(|_| "ny\n".into()), false),
        ("config.toml", Box::new(retitle("title = \"", "title = \"Ny ")), false),
    ];
    for (rel, edit, resumed) in &edits {
        let file = root.join(rel);
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let changed = edit(text.clone());
        assert_ne!(text, changed, "the edit to {rel} changed nothing");
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        if changed.is_empty() {
            std::fs::remove_file(&file).expect("delete")
        } else {
            std::fs::write(&file, changed).expect("write")
        }
        // The calendars' SEQUENCE numbers count changes against the last published output:
        // the fresh build starts from the same memory of them.
        let sequences = std::fs::read(out.join(planverk::load::CALENDAR_STATE_FILE)).ok();
        assert_eq!(cli_build(root, &out), *resumed, "after editing {rel}: was the store picked up?");
        let fresh = root.join("fresh");
        if let Some(bytes) = sequences {
            let file = fresh.join(planverk::load::CALENDAR_STATE_FILE);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(file, bytes).expect("write sequences");
        }
        cli_build(root, &fresh);
        let (want, got) = (common::tree(&fresh), common::tree(&out));
        let differ: Vec<_> = want.keys().chain(got.keys()).filter(|p| want.get(*p) != got.get(*p)).collect();
        assert!(differ.is_empty(), "after editing {rel} and building through the store, these files differ from a fresh build: {differ:?}");
        std::fs::remove_dir_all(&fresh).expect("remove fresh build");
        remove_beside(root, "fresh");
    }
}

/// Removes planverk's files beside the output folder `name` (store, manifests, spare).
fn remove_beside(root: &Path, name: &str) {
    for e in std::fs::read_dir(root).expect("read site folder").filter_map(Result::ok) {
        if e.file_name().to_string_lossy().starts_with(&format!(".{name}.planverk-")) {
            let p = e.path();
            let _ = if p.is_dir() { std::fs::remove_dir_all(&p) } else { std::fs::remove_file(&p) };
        }
    }
}

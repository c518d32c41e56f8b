//! The dependency graph behind partial re-rendering: after a change to some content files,
//! rendering only what `affected_by_change` names (plus the site-wide files) must give every
//! output that a full rebuild changes, byte for byte. Checked on a copy of the example site
//! with the kinds of edits editors make.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use planverk::diagnostics::Diagnostics;
use planverk::load::{LoadOptions, load_site};
use planverk::model::Site;
use planverk::render::{self, Engine, Scope, feeds::ical::SequenceState};
use planverk::resolve::{SiteGraph, deps::affected_by_change, resolve};
use planverk::timings::Timings;

type Files = BTreeMap<String, Vec<u8>>;

fn copy_example(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(from.join("config.toml"), to.join("config.toml")).expect("copy config");
    common::copy_dir(&from.join("content"), &to.join("content"));
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

fn render(root: &Path, site: &Site, graph: &SiteGraph, scope: Scope<'_>) -> Files {
    let engine = planverk::load::theme::load_theme(root, &site.config.theme).and_then(Engine::new).expect("engine");
    let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).expect("now");
    let mut diags = Diagnostics::default();
    let out = render::render_site(site, graph, &engine, now, &SequenceState::default(), scope, &mut diags, &mut Timings::new(false));
    assert!(!diags.has_errors(), "{diags:?}");
    out.into_iter().map(|o| (o.path, o.bytes)).collect()
}

/// Applies `edit` to the file at `rel` and checks that the partial render covers the change.
fn check_edit(rel: &str, edit: impl Fn(String) -> String, expect_partial: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_example(root);
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
                "[frogner, ullern, vestre-aker]",
                "[frogner, nordre-aker]",
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

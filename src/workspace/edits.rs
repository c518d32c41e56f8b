//! Putting edited pages into the workspace: what they affect, the graph brought up to date
//! (re-sorting listings only, when just a title or summary changed), their Markdown
//! rendered, and what undoes it all when the update fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{State, shape};
use crate::diagnostics::Diagnostics;
use crate::model::{Page, PageId, PageKind};
use crate::render;
use crate::render::markdown_pass::PageMarkdown;
use crate::resolve::deps::{self, Affected};
use crate::resolve::{self, SiteGraph, sections};
use crate::search::shards::SearchIndex;
use crate::timings::Timings;

/// A page read again.
pub(super) struct Edit {
    pub id: PageId,
    pub rel: PathBuf,
    pub hash: u64,
    pub page: Page,
}

/// What undoes the edits of a failed update.
#[derive(Default)]
pub(super) struct Undo {
    pub pages: Vec<(PageId, PathBuf, Option<u64>, Page)>,
    pub markdown: Vec<(PageId, PageMarkdown)>,
    pub graph: Option<SiteGraph>,
    /// Sections re-sorted in place, with their order before.
    pub orders: Vec<(String, Vec<PageId>)>,
}

impl Undo {
    /// Whether the edits changed front matter (so more than the edited pages show them).
    pub fn front_matter_changed(&self) -> bool {
        self.graph.is_some() || !self.orders.is_empty()
    }
}

/// How much of the graph an edit touches.
enum GraphChange {
    /// Only bodies changed: the graph stays.
    None,
    /// Only titles or summaries: listings are re-sorted.
    Listings,
    /// Anything else in the front matter: the graph is resolved again.
    Resolve,
}

impl State {
    pub(super) fn page_id(&self, rel: &Path) -> Option<PageId> {
        self.site.pages.binary_search_by(|p| p.source.as_path().cmp(rel)).ok()
    }

    /// Swaps the edited pages in, works out what they affect and renders their Markdown.
    /// Returns what undoes it, and whether the site changed shape (then nothing is rendered).
    pub(super) fn apply_edits(&mut self, edits: Vec<Edit>, affected: &mut Affected, diags: &mut Diagnostics, timings: &mut Timings) -> (Undo, bool) {
        let ids: Vec<PageId> = edits.iter().map(|e| e.id).collect();
        let change = if edits.iter().all(|e| shape::same_front_matter(&self.site.pages[e.id], &e.page)) {
            GraphChange::None
        } else if edits.iter().all(|e| shape::listing_fields_only(&self.site.pages[e.id], &e.page)) {
            GraphChange::Listings
        } else {
            GraphChange::Resolve
        };
        // Other pages' bodies don't change, so the pages linking to the edited ones are
        // found once (a scan of every body).
        let linking = deps::linking_to(&self.site.pages, &ids);
        let before = match change {
            GraphChange::None => None,
            _ => Some(self.graph.affected_by_linked(&self.site.pages, &ids, &linking)),
        };
        let old_shape = matches!(change, GraphChange::Resolve).then(|| shape::of(&self.site, &self.graph));
        let old_terms = before.as_ref().map(|b| TermOrders::of(b, &self.graph, &self.site.pages)).unwrap_or_default();
        let mut undo = Undo::default();
        for e in edits {
            let old = std::mem::replace(&mut self.site.pages[e.id], e.page);
            let old_hash = self.hashes.insert(e.rel.clone(), e.hash);
            undo.pages.push((e.id, e.rel, old_hash, old));
            undo.markdown.push((e.id, self.markdown[e.id].clone()));
        }
        match (before, old_shape) {
            (None, _) => merge(affected, deps::affected_by_body_change(&self.site.pages, &ids)),
            (Some(before), None) => {
                undo.orders = self.resort(&ids);
                timings.lap("resolve: listings");
                let after = self.graph.affected_by_linked(&self.site.pages, &ids, &linking);
                merge(affected, before);
                merge(affected, after);
                let old: std::collections::HashMap<&str, &[PageId]> = undo.orders.iter().map(|(p, o)| (p.as_str(), o.as_slice())).collect();
                restrict_listings(affected, &self.site.pages, &self.graph, |path| old.get(path).copied());
                old_terms.restrict(affected, &self.graph, &self.site.pages);
            }
            (Some(before), Some(old_shape)) => {
                let graph = resolve::resolve(&self.site, diags);
                timings.lap("resolve");
                if diags.has_errors() {
                    return (undo, false);
                }
                if shape::of(&self.site, &graph) != old_shape {
                    return (undo, true);
                }
                let after = graph.affected_by_linked(&self.site.pages, &ids, &linking);
                let old_graph = std::mem::replace(&mut self.graph, graph);
                merge(affected, before);
                merge(affected, after);
                restrict_listings(affected, &self.site.pages, &self.graph, |path| old_graph.sections.get(path).map(|s| s.pages.as_slice()));
                old_terms.restrict(affected, &self.graph, &self.site.pages);
                undo.graph = Some(old_graph);
            }
        }
        render::rerender_markdown(&self.site, &self.graph, &self.engine, &ids, &linking, &mut self.markdown, diags);
        if let Some(dirty) = &mut self.dirty {
            dirty.extend(ids.iter().chain(&linking));
        }
        timings.lap("render: markdown");
        (undo, false)
    }

    /// Sorts again the sections that hold the pages `ids`; returns their orders before.
    fn resort(&mut self, ids: &[PageId]) -> Vec<(String, Vec<PageId>)> {
        let parents: BTreeSet<String> = ids.iter().filter_map(|&id| self.site.pages[id].parent_section().map(str::to_string)).collect();
        let mut orders = Vec::new();
        for path in parents {
            let Some(section) = self.graph.sections.get_mut(&path) else { continue };
            let old = section.pages.clone();
            sections::sort(&mut section.pages, &self.site.pages);
            orders.push((path, old));
        }
        orders
    }

    /// Brings the search index up to date for the pages `ids`; adds the index files that
    /// changed to `changed` and returns those that are gone.
    pub(super) fn update_search(&mut self, ids: &[PageId], now: DateTime<Utc>, changed: &mut Vec<String>) -> Vec<String> {
        if ids.is_empty() {
            return Vec::new();
        }
        let mut update = match &mut self.search {
            Some(search) => search.update(&self.site, &self.graph, now, ids),
            None => {
                let search = SearchIndex::from_site(&self.site, &self.graph, now);
                let update = crate::search::shards::Update { outputs: search.outputs(), full: true };
                self.search = Some(search);
                update
            }
        };
        // A build publishes the index in a folder named for its content: any change moves it.
        if let (true, Some(search)) = (self.site.config.fingerprint, &self.search) {
            update = crate::search::shards::Update { outputs: crate::search::shards::named_for_build(search.outputs()), full: true };
        }
        let mut removed = Vec::new();
        if update.full {
            let fresh: BTreeSet<&str> = update.outputs.iter().map(|o| o.path.as_str()).collect();
            removed = self.outputs.iter().filter(|o| o.path.starts_with("sok/index/") && !fresh.contains(o.path.as_str())).map(|o| o.path.clone()).collect();
            self.outputs.retain(|o| !removed.contains(&o.path));
            let stale: Vec<String> = self.kept.keys().filter(|p| p.starts_with("sok/index/") && !fresh.contains(p.as_str())).cloned().collect();
            stale.iter().for_each(|p| {
                self.kept.remove(p);
            });
            removed.extend(stale);
        }
        changed.extend(super::patch(&mut self.outputs, &mut self.kept, update.outputs));
        changed.sort();
        changed.dedup();
        removed
    }

    /// Puts back what [`State::apply_edits`] replaced.
    pub(super) fn undo(&mut self, undo: Undo) {
        for (id, rel, hash, page) in undo.pages {
            self.site.pages[id] = page;
            match hash {
                Some(h) => self.hashes.insert(rel, h),
                None => self.hashes.remove(&rel),
            };
        }
        for (id, md) in undo.markdown {
            self.markdown[id] = md;
        }
        for (path, order) in undo.orders {
            if let Some(section) = self.graph.sections.get_mut(&path) {
                section.pages = order;
            }
        }
        if let Some(graph) = undo.graph {
            self.graph = graph;
        }
    }
}

/// Narrows the affected sections to the listing pages that show the change, from each
/// section's order before (`old_order`, `None`: unchanged) and now. Left whole: every
/// section when an edited page is a section or a district (they show on every listing
/// page), the home page, and course sections (the catalogue has an order of its own).
fn restrict_listings<'a>(affected: &mut Affected, pages: &[Page], graph: &'a SiteGraph, old_order: impl Fn(&str) -> Option<&'a [PageId]>) {
    if affected.changed.iter().any(|&id| pages[id].is_section || pages[id].kind() == PageKind::District) {
        return;
    }
    for &id in affected.listings.difference(&affected.pages) {
        let page = &pages[id];
        if !page.is_section || page.path.is_empty() || page.section_kind == Some(PageKind::Course) {
            continue;
        }
        let Some(section) = graph.sections.get(&page.path) else { continue };
        let old = old_order(&page.path).unwrap_or(&section.pages);
        if let Some(positions) = deps::changed_positions(old, &section.pages, &affected.changed) {
            affected.listing_positions.insert(id, positions);
        }
    }
}

/// The order of each affected topic's and target group's pages before an edit.
#[derive(Default)]
struct TermOrders {
    topics: BTreeMap<String, Vec<PageId>>,
    audiences: BTreeMap<String, Vec<PageId>>,
}

impl TermOrders {
    fn of(affected: &Affected, graph: &SiteGraph, pages: &[Page]) -> TermOrders {
        let orders =
            |slugs: &BTreeSet<String>, terms: &crate::resolve::Terms| slugs.iter().filter_map(|s| terms.get(s).map(|t| (s.clone(), t.pages(pages)))).collect();
        TermOrders { topics: orders(&affected.topics, &graph.topics), audiences: orders(&affected.audiences, &graph.audiences) }
    }

    /// Narrows the affected terms to the listing pages that show the change. Left whole:
    /// every term when an edited page is a plan (its items, under its title, are on each
    /// term's first page), a section or a district, and terms that are new or changed size.
    fn restrict(&self, affected: &mut Affected, graph: &SiteGraph, pages: &[Page]) {
        if affected.changed.iter().any(|&id| pages[id].is_section || matches!(pages[id].kind(), PageKind::District | PageKind::Plan)) {
            return;
        }
        let positions = |slugs: &BTreeSet<String>, old: &BTreeMap<String, Vec<PageId>>, terms: &crate::resolve::Terms| {
            let mut out = BTreeMap::new();
            for slug in slugs {
                let (Some(before), Some(term)) = (old.get(slug), terms.get(slug)) else { continue };
                if let Some(p) = deps::changed_positions(before, &term.pages(pages), &affected.changed) {
                    out.insert(slug.clone(), p);
                }
            }
            out
        };
        affected.topic_positions = positions(&affected.topics, &self.topics, &graph.topics);
        affected.audience_positions = positions(&affected.audiences, &self.audiences, &graph.audiences);
    }
}

pub(super) fn merge(into: &mut Affected, from: Affected) {
    into.pages.extend(from.pages);
    into.listings.extend(from.listings);
    into.topics.extend(from.topics);
    into.audiences.extend(from.audiences);
    into.outputs.extend(from.outputs);
    into.changed.extend(from.changed);
    for (id, positions) in from.listing_positions {
        into.listing_positions.entry(id).or_default().extend(positions);
    }
    for (slug, positions) in from.topic_positions {
        into.topic_positions.entry(slug).or_default().extend(positions);
    }
    for (slug, positions) in from.audience_positions {
        into.audience_positions.entry(slug).or_default().extend(positions);
    }
}

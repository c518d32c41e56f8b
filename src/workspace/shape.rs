//! What decides whether an edit can be rendered in part: a page's front matter, and the
//! shape of the whole site (which files it has).

use std::hash::{Hash, Hasher};

use crate::model::{Page, Site};
use crate::render::feeds::calendar;
use crate::resolve::SiteGraph;

/// Whether two versions of a page differ in their body only: everything the front matter
/// says (title, dates, kind, terms, references, items, sessions…) is the same.
pub fn same_front_matter(old: &Page, new: &Page) -> bool {
    same_frame(old, new) && format!("{:?}{:?}", old.meta, old.fields) == format!("{:?}{:?}", new.meta, new.fields)
}

/// The same file at the same place: path, section role and kind, where the body starts.
fn same_frame(old: &Page, new: &Page) -> bool {
    old.path == new.path && old.is_section == new.is_section && old.section_kind == new.section_kind && old.body_line == new.body_line
}

/// A fingerprint of what decides which files a site has: its URLs, terms, aliases, assets,
/// the pages with calendars and the items that are followed (coverage pages). When it
/// differs after an edit, stale files could stay behind, so the whole site is rendered.
pub fn of(site: &Site, graph: &SiteGraph) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    graph.urls.hash(&mut h);
    graph.topics.keys().for_each(|k| k.hash(&mut h));
    graph.audiences.keys().for_each(|k| k.hash(&mut h));
    site.pages.iter().for_each(|p| p.meta.aliases.hash(&mut h));
    site.assets.hash(&mut h);
    for (i, p) in site.pages.iter().enumerate() {
        if calendar::sessions_of(p).is_some_and(|s| !s.is_empty()) {
            i.hash(&mut h);
        }
    }
    0xc0_u8.hash(&mut h);
    graph.implemented_by.keys().map(|n| n.page).collect::<std::collections::BTreeSet<_>>().hash(&mut h);
    h.finish()
}

/// Whether two versions of a page differ at most in their title and summary: then the graph
/// keeps its shape, and only the listings that show the page are sorted again.
pub fn listing_fields_only(old: &Page, new: &Page) -> bool {
    let (mut old_meta, mut new_meta) = (old.meta.clone(), new.meta.clone());
    old_meta.title.clear();
    new_meta.title.clear();
    old_meta.summary = None;
    new_meta.summary = None;
    !old.is_section
        && old.kind() != crate::model::PageKind::District
        && same_frame(old, new)
        && format!("{old_meta:?}{:?}", old.fields) == format!("{new_meta:?}{:?}", new.fields)
}

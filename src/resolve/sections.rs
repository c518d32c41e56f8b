//! Sections: each folder's page and the pages in it, in reading order.

use std::collections::BTreeMap;

use crate::model::{Page, PageId};

/// A folder of content.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The folder's `_index.md`, if it has one.
    pub page: Option<PageId>,
    /// Pages directly in the folder, sorted.
    pub pages: Vec<PageId>,
    /// Sub-folders that are sections, by path.
    pub subsections: Vec<String>,
}

/// Groups pages by folder. Pages with a weight come first by weight; then newest first
/// by date; then by title.
pub fn build(pages: &[Page]) -> BTreeMap<String, Section> {
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for (id, page) in pages.iter().enumerate() {
        if page.is_section {
            sections.entry(page.path.clone()).or_default().page = Some(id);
            if let Some(parent) = page.parent_section() {
                let path = page.path.clone();
                sections.entry(parent.to_string()).or_default().subsections.push(path);
            }
        } else if let Some(parent) = page.parent_section() {
            sections.entry(parent.to_string()).or_default().pages.push(id);
        }
    }
    for section in sections.values_mut() {
        sort(&mut section.pages, pages);
        section.subsections.sort();
    }
    sections
}

/// Puts a section's pages in reading order.
pub fn sort(ids: &mut [PageId], pages: &[Page]) {
    ids.sort_by_cached_key(|&id| order_key(&pages[id]));
}

type OrderKey<'a> = (bool, Option<i64>, std::cmp::Reverse<Option<chrono::DateTime<chrono::Utc>>>, String, &'a str);

fn order_key(p: &Page) -> OrderKey<'_> {
    (p.meta.weight.is_none(), p.meta.weight, std::cmp::Reverse(p.meta.date.map(|d| d.instant)), p.meta.title.to_lowercase(), p.path.as_str())
}

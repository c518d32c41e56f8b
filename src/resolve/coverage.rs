//! Coverage of a followed plan by the districts: which district measures carry out each of
//! its items. Shared by the uncovered-items warning and the coverage matrix.

use std::collections::BTreeMap;

use super::SiteGraph;
use super::references::Node;
use crate::model::{Page, PageId};

impl SiteGraph {
    /// The district a page belongs to: a plan's `district`, else its only listed district.
    pub fn district_of(&self, page: &Page) -> Option<PageId> {
        if let Some(d) = page.plan().and_then(|p| p.district.as_ref()) {
            return self.district(&d.value);
        }
        match page.meta.districts.as_slice() {
            [one] => self.district(&one.value),
            _ => None,
        }
    }

    /// Whether other plans implement `plan` or any of its items: such a plan gets a coverage
    /// matrix, and (for city plans) the uncovered-items warning. Courses and networks that
    /// carry out its items don't count: they show on the plan page, not in a matrix.
    pub fn is_followed(&self, pages: &[Page], plan: PageId) -> bool {
        self.implemented_by.iter().filter(|(target, _)| target.page == plan).any(|(_, by)| by.iter().any(|n| n.page != plan && pages[n.page].plan().is_some()))
    }

    /// Implementers of `target` that are district plans or their items, by district page.
    /// Only plans count as coverage (a district's measures); courses and networks are shown
    /// on the plan page but do not fill the matrix.
    pub fn district_measures(&self, pages: &[Page], target: &Node) -> BTreeMap<PageId, Vec<Node>> {
        let mut out: BTreeMap<PageId, Vec<Node>> = BTreeMap::new();
        for n in self.implementers(target) {
            let page = &pages[n.page];
            if page.plan().is_none() {
                continue;
            }
            if let Some(d) = self.district_of(page) {
                out.entry(d).or_default().push(n.clone());
            }
        }
        out
    }

    /// Every district page, by official number (those without one last), then title.
    pub fn districts_in_order(&self, pages: &[Page]) -> Vec<PageId> {
        let mut ids: Vec<PageId> = self.districts.values().copied().collect();
        ids.sort_by(|&a, &b| {
            let key = |id: PageId| {
                let number = match &pages[id].fields {
                    crate::model::KindFields::District(d) => d.number,
                    _ => None,
                };
                (number.is_none(), number, pages[id].meta.title.to_lowercase())
            };
            key(a).cmp(&key(b))
        });
        ids
    }
}

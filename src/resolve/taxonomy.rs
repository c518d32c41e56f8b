//! Topics (tema) and target groups (målgrupper): each term gets a page listing the pages
//! and plan items that carry it.

use std::collections::BTreeMap;

use super::references::Node;
use crate::model::Page;
use crate::model::slugify;

/// One topic or target group.
#[derive(Debug, Clone, Default)]
pub struct Term {
    /// The name as first written.
    pub name: String,
    pub slug: String,
    pub nodes: Vec<Node>,
}

/// Terms by slug, so "Alkohol" and "alkohol" are one topic.
pub type Terms = BTreeMap<String, Term>;

impl Term {
    /// The pages (not plan items) that carry the term, in listing order: newest first, then
    /// by title.
    pub fn pages(&self, pages: &[Page]) -> Vec<crate::model::PageId> {
        let mut ids: Vec<crate::model::PageId> = self.nodes.iter().filter(|n| n.item.is_none()).map(|n| n.page).collect();
        ids.sort_by_cached_key(|&p| (std::cmp::Reverse(pages[p].meta.date.map(|d| d.instant)), pages[p].meta.title.to_lowercase(), p));
        ids
    }
}

fn add(terms: &mut Terms, name: &str, node: Node) {
    let slug = slugify(name);
    if slug.is_empty() {
        return;
    }
    let term = terms.entry(slug.clone()).or_insert_with(|| Term { name: name.trim().to_string(), slug, nodes: Vec::new() });
    if !term.nodes.contains(&node) {
        term.nodes.push(node);
    }
}

/// Topics: from every page's `topics`.
///
/// Plan items have no `topics` of their own (the content model gives them none), so an item
/// is listed under the topics of its plan: a topic page shows the plan and, grouped under
/// it, every goal and measure in it. Target groups differ: there items have their own
/// `audience`, so only items that name the group are listed (see [`audiences`]).
pub fn topics(pages: &[Page]) -> Terms {
    let mut terms = Terms::new();
    for (id, page) in pages.iter().enumerate() {
        for t in &page.meta.topics {
            add(&mut terms, t, Node { page: id, item: None });
            if let Some(plan) = page.plan() {
                for i in plan.items() {
                    add(&mut terms, t, Node { page: id, item: Some(i.item.id.value.clone()) });
                }
            }
        }
    }
    terms
}

/// Target groups: from courses, networks, services and every plan item's `audience`.
pub fn audiences(pages: &[Page]) -> Terms {
    let mut terms = Terms::new();
    for (id, page) in pages.iter().enumerate() {
        let page_audience = match &page.fields {
            crate::model::KindFields::Course(c) => &c.audience,
            crate::model::KindFields::Network(n) => &n.audience,
            crate::model::KindFields::Service(s) => &s.audience,
            _ => &Vec::new(),
        };
        for a in page_audience {
            add(&mut terms, a, Node { page: id, item: None });
        }
        if let Some(plan) = page.plan() {
            for i in plan.items() {
                for a in &i.item.audience {
                    add(&mut terms, a, Node { page: id, item: Some(i.item.id.value.clone()) });
                }
            }
        }
    }
    terms
}

//! References between pages and plan items: an index of item ids, resolution with
//! suggestions, backlinks ("implemented by") and a check for cycles.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Page, PageId, Reference, SourcePos};

/// A page, or an item inside a plan page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node {
    pub page: PageId,
    pub item: Option<String>,
}

/// Every plan item id, by page, in document order.
#[derive(Debug, Default)]
pub struct ItemIndex {
    ids: HashMap<PageId, Vec<String>>,
}

impl ItemIndex {
    /// Indexes items and strategies, reporting ids used twice in one plan.
    pub fn build(pages: &[Page], diags: &mut Diagnostics) -> ItemIndex {
        let mut index = ItemIndex::default();
        for (id, page) in pages.iter().enumerate() {
            let Some(plan) = page.plan() else { continue };
            let mut seen: HashMap<&str, SourcePos> = HashMap::new();
            let strategy_ids = plan.all_strategies().into_iter().map(|s| &s.id);
            let item_ids = plan.items().into_iter().map(|i| &i.item.id);
            let mut ids = Vec::new();
            for located in strategy_ids.chain(item_ids) {
                if let Some(first) = seen.get(located.value.as_str()) {
                    let msg = format!("the id `{}` is used twice in this plan (first on line {})", located.value, first.line);
                    diags.push(
                        Diagnostic::new(Code::DuplicateId, &page.source, located.pos, msg)
                            .with_help(Some("give each goal, measure and strategy its own id".into())),
                    );
                } else {
                    seen.insert(&located.value, located.pos);
                    ids.push(located.value.clone());
                }
            }
            index.ids.insert(id, ids);
        }
        index
    }

    pub fn contains(&self, page: PageId, item: &str) -> bool {
        self.ids.get(&page).is_some_and(|ids| ids.iter().any(|i| i == item))
    }

    pub fn ids(&self, page: PageId) -> &[String] {
        self.ids.get(&page).map_or(&[], Vec::as_slice)
    }
}

/// Looks up references, reporting the ones that lead nowhere.
pub struct Resolver<'a> {
    pub pages: &'a [Page],
    pub by_path: &'a HashMap<String, PageId>,
    pub items: &'a ItemIndex,
}

impl Resolver<'_> {
    /// Resolves `r` written in `from`; a missing target is an error naming the nearest ones.
    pub fn resolve(&self, r: &Reference, from: PageId, diags: &mut Diagnostics) -> Option<Node> {
        let file = &self.pages[from].source;
        let Some(&page) = self.by_path.get(&r.path) else {
            let near = nearest(&r.path, self.by_path.keys().map(String::as_str));
            let msg = format!("`{}` refers to a page that does not exist", r);
            diags.push(Diagnostic::new(Code::MissingPage, file, r.pos, msg).with_help(hint("pages with a similar path", &near)));
            return None;
        };
        let Some(item) = &r.item else {
            return Some(Node { page, item: None });
        };
        if self.items.contains(page, item) {
            return Some(Node { page, item: Some(item.clone()) });
        }
        let ids = self.items.ids(page);
        let msg = if ids.is_empty() {
            format!("`{r}` points at `#{item}`, but {} has no goals or measures", r.path)
        } else {
            format!("`{r}` refers to `{item}`, which is not an id in {}", r.path)
        };
        let near = nearest(item, ids.iter().map(String::as_str));
        diags.push(Diagnostic::new(Code::MissingAnchor, file, r.pos, msg).with_help(hint("the nearest ids there are", &near)));
        None
    }
}

fn hint(what: &str, near: &[&str]) -> Option<String> {
    (!near.is_empty()).then(|| format!("{what}: {}", near.join(", ")))
}

/// Up to three known names closest to `word`, closest first.
pub fn nearest<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = known.map(|k| (strsim::normalized_damerau_levenshtein(word, k), k)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().filter(|(s, _)| *s > 0.3).take(3).map(|(_, k)| k).collect()
}

/// Edges `from implements to`, with where each was written.
#[derive(Debug, Default)]
pub struct Links {
    pub edges: Vec<(Node, Node, SourcePos)>,
}

impl Links {
    /// "Implemented by": for each target, its implementers in a stable order.
    pub fn backlinks(&self) -> BTreeMap<Node, Vec<Node>> {
        let mut out: BTreeMap<Node, BTreeSet<Node>> = BTreeMap::new();
        for (from, to, _) in &self.edges {
            out.entry(to.clone()).or_default().insert(from.clone());
        }
        out.into_iter().map(|(k, v)| (k, v.into_iter().collect())).collect()
    }

    /// Source → targets, each source's targets in the order written, without repeats.
    pub fn forward(&self) -> BTreeMap<Node, Vec<Node>> {
        let mut out: BTreeMap<Node, Vec<Node>> = BTreeMap::new();
        for (from, to, _) in &self.edges {
            let targets = out.entry(from.clone()).or_default();
            if !targets.contains(to) {
                targets.push(to.clone());
            }
        }
        out
    }

    /// Reports each cycle of `implements` once, at the edge that closes it.
    pub fn check_cycles(&self, pages: &[Page], diags: &mut Diagnostics) {
        let mut next: BTreeMap<&Node, Vec<(&Node, SourcePos)>> = BTreeMap::new();
        for (from, to, pos) in &self.edges {
            next.entry(from).or_default().push((to, *pos));
        }
        let mut state: HashMap<&Node, u8> = HashMap::new(); // 1 = on stack, 2 = done
        let starts: Vec<&Node> = next.keys().copied().collect();
        for start in starts {
            let mut stack: Vec<&Node> = Vec::new();
            visit(start, &next, &mut state, &mut stack, pages, diags);
        }
    }
}

fn visit<'a>(
    node: &'a Node,
    next: &BTreeMap<&'a Node, Vec<(&'a Node, SourcePos)>>,
    state: &mut HashMap<&'a Node, u8>,
    stack: &mut Vec<&'a Node>,
    pages: &[Page],
    diags: &mut Diagnostics,
) {
    if state.get(node).is_some() {
        return;
    }
    state.insert(node, 1);
    stack.push(node);
    for (to, pos) in next.get(node).map_or(&[][..], Vec::as_slice) {
        match state.get(to) {
            Some(1) => {
                let from_idx = stack.iter().position(|n| n == to).unwrap_or(0);
                let chain: Vec<String> = stack[from_idx..].iter().chain([to]).map(|n| node_name(n, pages)).collect();
                let msg = format!("these `implements` go in a circle: {}", chain.join(" → "));
                let help = Some("a measure can't carry out something that in turn carries it out; remove one link".into());
                diags.push(Diagnostic::new(Code::Cycle, &pages[node.page].source, *pos, msg).with_help(help));
            }
            Some(_) => {}
            None => visit(to, next, state, stack, pages, diags),
        }
    }
    stack.pop();
    state.insert(node, 2);
}

/// `path#item` for messages.
pub fn node_name(n: &Node, pages: &[Page]) -> String {
    match &n.item {
        Some(i) => format!("{}#{i}", pages[n.page].path),
        None => pages[n.page].path.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_ids_come_closest_first() {
        let ids = ["S1-A", "S1-B", "S2-A", "H1"];
        assert_eq!(nearest("S1-Q", ids.into_iter())[..2], ["S1-A", "S1-B"]);
    }
}

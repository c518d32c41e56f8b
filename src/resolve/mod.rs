//! Stage 2, resolve: build the site graph from the loaded pages.
//!
//! URLs, sections, districts, topics and target groups; every reference resolved into
//! nodes, with backlinks ("implemented by"); and the checks that need the whole site
//! (duplicate URLs and ids, missing targets, unknown districts, cycles, uncovered items).

pub mod coverage;
pub mod deps;
pub mod files;
pub mod references;
pub mod sections;
pub mod taxonomy;
pub mod translations;
pub mod urls;

use std::collections::{BTreeMap, HashMap};

pub use references::Node;
pub use sections::Section;
pub use taxonomy::{Term, Terms};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{KindFields, Page, PageId, PageKind, PlanLevel, Reference, Site, SourcePos};
use references::{ItemIndex, Links, Resolver};

/// The resolved site: what links to what, and where everything is published.
#[derive(Debug)]
pub struct SiteGraph {
    /// URL path of each page, by page id.
    pub urls: Vec<String>,
    pub by_path: HashMap<String, PageId>,
    pub sections: BTreeMap<String, Section>,
    /// District pages by key (the file stem).
    pub districts: BTreeMap<String, PageId>,
    /// Source → what it implements, resolved, in the order written.
    pub implements: BTreeMap<Node, Vec<Node>>,
    /// Target → what implements it.
    pub implemented_by: BTreeMap<Node, Vec<Node>>,
    pub topics: Terms,
    pub audiences: Terms,
}

impl SiteGraph {
    pub fn url(&self, page: PageId) -> &str {
        &self.urls[page]
    }

    /// What `source` implements, resolved.
    pub fn implements_of<'a>(&'a self, source: &Node) -> impl Iterator<Item = &'a Node> + 'a {
        self.implements.get(source).map_or(&[][..], Vec::as_slice).iter()
    }

    pub fn implementers(&self, target: &Node) -> &[Node] {
        self.implemented_by.get(target).map_or(&[], Vec::as_slice)
    }

    /// URL of a node: the page URL, with `#item` for items.
    pub fn node_url(&self, n: &Node) -> String {
        match &n.item {
            Some(i) => format!("{}#{i}", self.urls[n.page]),
            None => self.urls[n.page].clone(),
        }
    }

    /// The district page for a key.
    pub fn district(&self, key: &str) -> Option<PageId> {
        self.districts.get(key).copied()
    }
}

/// Builds the graph, pushing every problem found into `diags`.
pub fn resolve(site: &Site, diags: &mut Diagnostics) -> SiteGraph {
    let pages = &site.pages;
    let urls = urls::assign(pages, diags);
    let by_path: HashMap<String, PageId> = pages.iter().enumerate().map(|(i, p)| (p.path.clone(), i)).collect();
    let districts: BTreeMap<String, PageId> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind() == PageKind::District && !p.is_section)
        .map(|(i, p)| (p.path.rsplit('/').next().unwrap_or(&p.path).to_string(), i))
        .collect();
    check_districts(pages, &districts, diags);
    check_config_paths(site, &by_path, diags);
    let items = ItemIndex::build(pages, diags);
    check_item_goals(pages, &items, diags);
    let resolver = Resolver { pages, by_path: &by_path, items: &items };
    let links = collect_links(pages, &resolver, diags);
    links.check_cycles(pages, diags);
    let implemented_by = links.backlinks();
    let graph = SiteGraph {
        urls,
        by_path,
        sections: sections::build(pages),
        districts,
        implements: links.forward(),
        implemented_by,
        topics: taxonomy::topics(pages),
        audiences: taxonomy::audiences(pages),
    };
    warn_uncovered(pages, &graph, &site.config.plans.district_units, diags);
    graph
}

/// Every `implements` in plans, items, courses and networks, resolved.
fn collect_links(pages: &[Page], resolver: &Resolver<'_>, diags: &mut Diagnostics) -> Links {
    let mut links = Links::default();
    let mut add = |from: Node, r: &Reference, diags: &mut Diagnostics| {
        if let Some(to) = resolver.resolve(r, from.page, diags) {
            links.edges.push((from, to, r.pos));
        }
    };
    for (id, page) in pages.iter().enumerate() {
        let whole = || Node { page: id, item: None };
        match &page.fields {
            KindFields::Plan(plan) => {
                if let Some(r) = &plan.implements {
                    add(whole(), r, diags);
                }
                for i in plan.items() {
                    for r in &i.item.implements {
                        add(Node { page: id, item: Some(i.item.id.value.clone()) }, r, diags);
                    }
                }
            }
            KindFields::Course(c) => c.implements.iter().for_each(|r| add(whole(), r, diags)),
            KindFields::Network(n) => n.implements.iter().for_each(|r| add(whole(), r, diags)),
            _ => {}
        }
    }
    links
}

/// Page paths named in config.toml (`featured`, `accessibility_statement`, `contact_page`,
/// menu entries, the notice's link) must lead to pages; a menu entry or notice link may
/// instead be an address as written.
fn check_config_paths(site: &Site, by_path: &HashMap<String, PageId>, diags: &mut Diagnostics) {
    let cfg = &site.config;
    let top_level = [("featured", &cfg.featured), ("accessibility_statement", &cfg.accessibility_statement), ("contact_page", &cfg.contact_page)];
    let named = top_level.into_iter().filter_map(|(key, path)| Some((key, path.as_deref()?, cfg.key_positions.get(key).copied().unwrap_or_default())));
    let menu = cfg.menu.iter().filter(|m| !m.is_address()).map(|m| ("menu", m.path.as_str(), m.pos));
    let notice = cfg.notice.iter().filter_map(|n| n.link.as_ref()).filter(|l| !l.is_address()).map(|l| ("[notice] link", l.path.as_str(), l.pos));
    for (key, path, pos) in named.chain(menu).chain(notice) {
        let path = path.trim_matches('/');
        if by_path.contains_key(path) {
            continue;
        }
        let near = references::nearest(path, by_path.keys().map(String::as_str));
        let mut help = match near.first() {
            Some(n) => format!("give a content path such as `{n}` (the file's path under content/ without .md)"),
            None => "give a content path: the file's path under content/ without .md".to_string(),
        };
        if matches!(key, "menu" | "[notice] link") {
            help.push_str("; an address starting with / or https:// is linked as written");
        }
        let msg = format!("`{key}` names the page `{path}`, which does not exist");
        diags.push(Diagnostic::new(Code::MissingPage, std::path::Path::new("config.toml"), pos, msg).with_help(Some(help)));
    }
}

/// `districts:` lists and a plan's `district` must name existing district pages.
fn check_districts(pages: &[Page], districts: &BTreeMap<String, PageId>, diags: &mut Diagnostics) {
    for page in pages {
        let plan_district = page.plan().and_then(|p| p.district.as_ref());
        for d in page.meta.districts.iter().chain(plan_district) {
            if districts.contains_key(&d.value) {
                continue;
            }
            let near = references::nearest(&d.value, districts.keys().map(String::as_str));
            let help = if near.is_empty() {
                Some("add a district page under content/ with this key as its file name, or fix the key".to_string())
            } else {
                Some(format!("did you mean `{}`?", near[0]))
            };
            let msg = format!("`{}` is not a district: no district page has that key", d.value);
            diags.push(Diagnostic::new(Code::UnknownDistrict, &page.source, d.pos, msg).with_help(help));
        }
    }
}

/// An item's `goals` must be ids of the same plan.
fn check_item_goals(pages: &[Page], items: &ItemIndex, diags: &mut Diagnostics) {
    for (id, page) in pages.iter().enumerate() {
        let Some(plan) = page.plan() else { continue };
        for i in plan.items() {
            for g in &i.item.goals {
                if !items.contains(id, &g.value) {
                    let near = references::nearest(&g.value, items.ids(id).iter().map(String::as_str));
                    let msg = format!("`{}` in `goals` is not an id in this plan", g.value);
                    let help = (!near.is_empty()).then(|| format!("the nearest ids are: {}", near.join(", ")));
                    diags.push(Diagnostic::new(Code::MissingAnchor, &page.source, g.pos, msg).with_help(help));
                }
            }
        }
    }
}

/// Items of a city plan that other plans follow, but that no district plan carries out.
///
/// Only items that are the districts' business are checked: those whose `responsible` is
/// empty or names one of `district_units` (case-insensitive). With no `district_units`
/// configured, every item is checked. This is a warning: the build still succeeds.
pub fn warn_uncovered(pages: &[Page], graph: &SiteGraph, district_units: &[String], diags: &mut Diagnostics) {
    for (id, page) in pages.iter().enumerate() {
        let Some(plan) = page.plan() else { continue };
        if plan.level != Some(PlanLevel::City) || !graph.is_followed(pages, id) {
            continue;
        }
        for i in plan.items() {
            if !is_district_business(&i.item.responsible, district_units) {
                continue;
            }
            let node = Node { page: id, item: Some(i.item.id.value.clone()) };
            if graph.district_measures(pages, &node).is_empty() {
                let msg = format!("no district plan implements `{}` ({})", i.item.id.value, i.item.title);
                let pos = if i.item.id.pos.line > 0 { i.item.id.pos } else { SourcePos::default() };
                let help = Some("link a district measure to it with `implements`, or name a non-district unit in `responsible`".into());
                diags.push(Diagnostic::new(Code::Uncovered, &page.source, pos, msg).with_help(help));
            }
        }
    }
}

/// Whether an item with these `responsible` units is something the districts should carry out.
pub fn is_district_business(responsible: &[String], district_units: &[String]) -> bool {
    district_units.is_empty()
        || responsible.is_empty()
        || responsible.iter().any(|r| district_units.iter().any(|u| u.trim().to_lowercase() == r.trim().to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::is_district_business;

    #[test]
    fn district_units_decide_what_is_district_business() {
        let units = vec!["Bydelene".to_string()];
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_district_business(&own(&["VEL", "bydelene"]), &units));
        assert!(is_district_business(&[], &units));
        assert!(!is_district_business(&own(&["Byrådet"]), &units));
        assert!(is_district_business(&own(&["Byrådet"]), &[]));
    }
}

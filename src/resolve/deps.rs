//! Which pages depend on which: when one content file changes, the pages whose output can
//! change with it. This is what a live-reload server re-renders instead of the whole site.
//!
//! The rules follow what each template shows about other pages: a section lists its pages,
//! the home page lists courses and news, items show what they implement and what implements
//! them, district pages gather everything about their district, newsletters list the news
//! of their period, topic and target-group pages list their members. Site-wide outputs
//! (feeds, calendars, the catalogue, coverage, the sitemap) are rendered whole, and only
//! when a changed page is of a kind they show ([`SiteOutput::showing`]).

use std::collections::BTreeSet;

use super::SiteGraph;
use crate::model::{KindFields, Page, PageId, PageKind};

/// What a change to some pages touches.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Affected {
    /// Pages to render again.
    pub pages: BTreeSet<PageId>,
    /// Sections that list a changed page: rendered again, but only their listing pages
    /// at `listing_positions` when they are known and the section is not in `pages` too.
    pub listings: BTreeSet<PageId>,
    /// Topic slugs whose pages list a changed page.
    pub topics: BTreeSet<String>,
    /// Target-group slugs whose pages list a changed page or item.
    pub audiences: BTreeSet<String>,
    /// Site-wide outputs to render again.
    pub outputs: BTreeSet<SiteOutput>,
    /// The edited pages themselves: a feed is rendered again only when it carries one.
    pub changed: BTreeSet<PageId>,
    /// Sections of which only the listing pages holding these positions (0-based, in the
    /// section's order) show the change; a section in `pages` but not here has every
    /// listing page rendered again.
    pub listing_positions: std::collections::BTreeMap<PageId, BTreeSet<usize>>,
    /// Topics (by slug) of which only the listing pages holding these positions change;
    /// the others in `topics` are rendered whole.
    pub topic_positions: std::collections::BTreeMap<String, BTreeSet<usize>>,
    /// The same for target groups.
    pub audience_positions: std::collections::BTreeMap<String, BTreeSet<usize>>,
}

/// The site-wide outputs: each is rendered whole, when something it shows changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SiteOutput {
    /// The course catalogue's filter pages.
    Catalogue,
    /// The .ics calendars and their SEQUENCE state.
    Calendars,
    /// Atom feeds.
    Feeds,
    /// Newsletter e-mails.
    Newsletters,
    /// Coverage matrices (HTML and CSV).
    Coverage,
    /// Plans' follow-up pages, their feeds and the open data (plan.json, tiltak.csv, /data/).
    FollowUp,
    Sitemap,
    /// Alias redirect pages.
    Aliases,
    /// robots.txt, 404.html, highlight.css and static files: they change with the config,
    /// the theme, the menu or the static files only.
    Files,
}

impl Affected {
    /// Whether the page `id` is rendered again (in whole or some of its listing pages).
    pub fn renders(&self, id: PageId) -> bool {
        self.pages.contains(&id) || self.listings.contains(&id)
    }

    /// The pages rendered again, in whole or in part.
    pub fn all_pages(&self) -> BTreeSet<PageId> {
        self.pages.union(&self.listings).copied().collect()
    }
}

impl SiteOutput {
    pub const ALL: [SiteOutput; 9] = [
        SiteOutput::Catalogue,
        SiteOutput::Calendars,
        SiteOutput::Feeds,
        SiteOutput::Newsletters,
        SiteOutput::Coverage,
        SiteOutput::FollowUp,
        SiteOutput::Sitemap,
        SiteOutput::Aliases,
        SiteOutput::Files,
    ];

    /// The outputs that show something of `page`'s front matter: its title, dates, sessions,
    /// districts, items. A section's title is in the menu and breadcrumbs: everything.
    pub fn showing(page: &Page) -> &'static [SiteOutput] {
        use SiteOutput::*;
        if page.is_section {
            return &Self::ALL;
        }
        match page.kind() {
            PageKind::Course => &[Catalogue, Calendars, Coverage, FollowUp, Sitemap, Aliases],
            PageKind::Network => &[Calendars, Coverage, FollowUp, Sitemap, Aliases],
            PageKind::District => &[Catalogue, Calendars, Coverage, FollowUp, Sitemap, Aliases],
            PageKind::Plan => &[Catalogue, Calendars, Coverage, FollowUp, Sitemap, Aliases],
            PageKind::News | PageKind::Newsletter => &[Feeds, Newsletters, Sitemap, Aliases],
            PageKind::Page | PageKind::Service => &[Sitemap, Aliases],
        }
    }

    /// The outputs that show `page`'s rendered body: feeds carry whole texts, and an
    /// issue's e-mail its own text (the news it lists show only their titles and summaries).
    pub fn showing_body(page: &Page) -> &'static [SiteOutput] {
        match page.kind() {
            PageKind::News => &[SiteOutput::Feeds],
            PageKind::Newsletter => &[SiteOutput::Feeds, SiteOutput::Newsletters],
            _ => &[],
        }
    }
}

impl SiteGraph {
    /// Pages and term pages whose output may change when `changed` pages change.
    pub fn affected_by(&self, pages: &[Page], changed: &[PageId]) -> Affected {
        self.affected_by_linked(pages, changed, &linking_to(pages, changed))
    }

    /// [`SiteGraph::affected_by`] with the pages whose Markdown links to a changed page
    /// ([`linking_to`]) known already.
    pub fn affected_by_linked(&self, pages: &[Page], changed: &[PageId], linking: &[PageId]) -> Affected {
        let mut out = Affected::default();
        out.pages.extend(linking);
        for &id in changed {
            let Some(page) = pages.get(id) else { continue };
            out.pages.insert(id);
            out.changed.insert(id);
            out.outputs.extend(SiteOutput::showing(page));
            if page.is_section {
                // Section titles show in every page's breadcrumbs (and the default menu).
                out.pages.extend(0..pages.len());
            }
            self.add_listings(page, &mut out);
            let linked = self.add_links(id, &mut out);
            self.add_districts(page, &mut out);
            // District pages show their plans' measures with what those implement.
            for other in linked {
                self.add_districts(&pages[other], &mut out);
            }
            if page.kind() == PageKind::News {
                out.pages.extend(pages.iter().enumerate().filter(|(_, p)| covers(p, page)).map(|(i, _)| i));
            }
            if page.kind() == PageKind::District && !page.is_section {
                // A district's title appears wherever the district is named.
                let key = page.path.rsplit('/').next().unwrap_or(&page.path);
                let naming: Vec<PageId> = pages.iter().enumerate().filter(|(_, p)| names_district(p, key)).map(|(i, _)| i).collect();
                // Plans that the district's plans implement group their backlinks by district.
                for &p in &naming {
                    out.pages.extend(self.implements.iter().filter(|(from, _)| from.page == p).flat_map(|(_, to)| to.iter().map(|t| t.page)));
                }
                out.pages.extend(naming);
                // The course catalogue offers every district as a filter.
                out.pages.extend(pages.iter().enumerate().filter(|(_, p)| p.is_section && p.section_kind == Some(PageKind::Course)).map(|(i, _)| i));
            }
        }
        out
    }

    /// The section pages above the page, the home page, and its term pages.
    fn add_listings(&self, page: &Page, out: &mut Affected) {
        let mut dir = page.parent_section();
        while let Some(d) = dir {
            if let Some(&s) = self.by_path.get(d) {
                out.listings.insert(s);
            }
            dir = if d.is_empty() { None } else { Some(d.rsplit_once('/').map_or("", |(p, _)| p)) };
        }
        if let Some(&home) = self.by_path.get("") {
            out.pages.insert(home);
        }
        out.topics.extend(page.meta.topics.iter().map(|t| crate::model::slugify(t)));
        let audience: Vec<&String> = match &page.fields {
            KindFields::Course(c) => c.audience.iter().collect(),
            KindFields::Network(n) => n.audience.iter().collect(),
            KindFields::Service(s) => s.audience.iter().collect(),
            KindFields::Plan(p) => p.items().into_iter().flat_map(|i| i.item.audience.iter()).collect(),
            _ => Vec::new(),
        };
        out.audiences.extend(audience.into_iter().map(|a| crate::model::slugify(a)));
    }

    /// Pages this one implements (they list it) and pages implementing it (they name it);
    /// returns those pages.
    fn add_links(&self, id: PageId, out: &mut Affected) -> BTreeSet<PageId> {
        let mut linked = BTreeSet::new();
        for (from, targets) in &self.implements {
            if from.page == id {
                linked.extend(targets.iter().map(|t| t.page));
            }
            if targets.iter().any(|t| t.page == id) {
                linked.insert(from.page);
            }
        }
        out.pages.extend(linked.iter().copied());
        linked
    }

    /// District pages that gather this page.
    fn add_districts(&self, page: &Page, out: &mut Affected) {
        let plan_district = page.plan().and_then(|p| p.district.as_ref()).map(|d| d.value.as_str());
        let members = page.network().map(|n| n.members.iter().map(|m| m.value.as_str()).collect::<Vec<_>>()).unwrap_or_default();
        let keys = page.meta.districts.iter().map(|d| d.value.as_str()).chain(plan_district).chain(members);
        out.pages.extend(keys.filter_map(|k| self.district(k)));
        // A course for all districts shows on every district page.
        if page.kind() == PageKind::Course && page.meta.districts.is_empty() {
            out.pages.extend(self.districts.values().copied());
        }
    }
}

/// What an edit to the bodies of `changed` pages touches, their front matter unchanged:
/// the pages themselves and the outputs that carry their texts. Nothing else shows a body.
pub fn affected_by_body_change(pages: &[Page], changed: &[PageId]) -> Affected {
    let mut out = Affected::default();
    for &id in changed {
        let Some(page) = pages.get(id) else { continue };
        out.pages.insert(id);
        out.changed.insert(id);
        out.outputs.extend(SiteOutput::showing_body(page));
    }
    out
}

/// Pages whose Markdown links to one of `targets` with `@/` (to check their anchors).
pub fn linking_to(pages: &[Page], targets: &[PageId]) -> Vec<PageId> {
    let mut out = Affected::default();
    for &t in targets {
        if let Some(page) = pages.get(t) {
            add_body_links(pages, page, &mut out);
        }
    }
    out.pages.into_iter().collect()
}

/// The positions in a listing that show a change, from its order before and after: where
/// the order differs, and where an edited page stands. `None` when the length changed
/// (every page of the listing and its navigation changes).
pub fn changed_positions(old: &[PageId], new: &[PageId], changed: &BTreeSet<PageId>) -> Option<BTreeSet<usize>> {
    (old.len() == new.len()).then(|| (0..new.len()).filter(|&i| old[i] != new[i] || changed.contains(&new[i])).collect())
}

/// Pages whose Markdown links to `page` with `@/` (its URL or headings may have changed).
fn add_body_links(pages: &[Page], page: &Page, out: &mut Affected) {
    if page.path.is_empty() {
        return;
    }
    let needle = format!("@/{}", page.path);
    let links_here = |p: &Page| {
        p.body.contains(&needle)
            || p.plan().is_some_and(|plan| plan.items().iter().any(|i| i.item.description.as_deref().is_some_and(|d| d.contains(&needle))))
            || p.plan().is_some_and(|plan| plan.all_strategies().iter().any(|s| s.description.as_deref().is_some_and(|d| d.contains(&needle))))
    };
    out.pages.extend(pages.iter().enumerate().filter(|(_, p)| links_here(p)).map(|(i, _)| i));
}

/// Everything a change to the pages at `paths` touches, in the new site's page ids: what the
/// new pages affect, and what the old ones did (a topic or district taken away, a page
/// removed), so both the old and the new state of every listing is rendered.
pub fn affected_by_change(old: (&[Page], &SiteGraph), new: (&[Page], &SiteGraph), paths: &[&str]) -> Affected {
    let ids = |graph: &SiteGraph| paths.iter().filter_map(|p| graph.by_path.get(*p).copied()).collect::<Vec<_>>();
    let mut out = new.1.affected_by(new.0, &ids(new.1));
    let before = old.1.affected_by(old.0, &ids(old.1));
    let in_new = |ids: &BTreeSet<PageId>| ids.iter().filter_map(|&i| old.0.get(i)).filter_map(|p| new.1.by_path.get(&p.path).copied()).collect::<Vec<_>>();
    out.pages.extend(in_new(&before.pages));
    out.listings.extend(in_new(&before.listings));
    out.topics.extend(before.topics);
    out.audiences.extend(before.audiences);
    out.outputs.extend(before.outputs);
    out
}

/// Whether `p` is a newsletter issue whose period may list the news page `news`. The news
/// date is taken in UTC, a day either side, so that any site time zone is covered.
fn covers(p: &Page, news: &Page) -> bool {
    let KindFields::Newsletter(n) = &p.fields else { return false };
    let (Some((from, to)), Some(date)) = (n.covers, news.meta.date) else { return false };
    let day = date.instant.date_naive();
    day.succ_opt().is_some_and(|d| d >= from) && day.pred_opt().is_some_and(|d| d <= to)
}

fn names_district(p: &Page, key: &str) -> bool {
    p.meta.districts.iter().any(|d| d.value == key)
        || p.plan().and_then(|pl| pl.district.as_ref()).is_some_and(|d| d.value == key)
        || p.network().is_some_and(|n| n.members.iter().any(|m| m.value == key))
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;
    use crate::load::{LoadOptions, load_site};

    fn write(root: &std::path::Path, files: &[(&str, &str)]) {
        for (name, text) in files {
            let p = root.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }

    #[test]
    fn a_listing_changes_where_the_order_differs_or_an_edited_page_stands() {
        let changed = [7].into_iter().collect();
        assert_eq!(super::changed_positions(&[1, 2, 7, 3, 4], &[1, 7, 2, 3, 4], &changed), Some([1, 2].into_iter().collect()));
        assert_eq!(super::changed_positions(&[1, 2, 7, 3], &[1, 2, 7, 3], &changed), Some([2].into_iter().collect()));
        assert_eq!(super::changed_positions(&[1, 2], &[1, 2, 7], &changed), None);
    }

    #[test]
    fn a_changed_measure_touches_its_plan_section_home_district_and_what_it_implements() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[
                ("config.toml", "title = \"T\"\nbase_url = \"https://x.org\"\n"),
                ("content/_index.md", "---\ntitle: Hjem\n---\n"),
                ("content/planer/_index.md", "---\ntitle: Planer\nkind: plan\n---\n"),
                ("content/planer/by.md", "---\ntitle: By\nstrategies:\n  - id: S1\n    title: S\n    measures:\n      - id: A\n        title: A\n---\n"),
                (
                    "content/planer/nord.md",
                    "---\ntitle: Nord\ndistrict: nord\nstrategies:\n  - id: N1\n    title: N\n    measures:\n      - id: N1-A\n        title: NA\n        implements: [planer/by#A]\n---\n",
                ),
                ("content/planer/annen.md", "---\ntitle: Annen\n---\n"),
                ("content/bydeler/nord.md", "---\ntitle: Nord\nkind: district\n---\n"),
                ("content/bydeler/sor.md", "---\ntitle: Sør\nkind: district\n---\n"),
            ],
        );
        let loaded = load_site(dir.path(), &LoadOptions::default());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let site = loaded.site.unwrap();
        let graph = super::super::resolve(&site, &mut Diagnostics::default());
        let id = |p: &str| graph.by_path[p];
        let affected = graph.affected_by(&site.pages, &[id("planer/nord")]);
        for p in ["planer/nord", "planer", "", "planer/by", "bydeler/nord"] {
            assert!(affected.renders(id(p)), "{p} should be affected");
        }
        for p in ["planer/annen", "bydeler/sor"] {
            assert!(!affected.renders(id(p)), "{p} should not be affected");
        }
    }
}

//! Listings: section pages and the home page, cut into pages of `paginate_by` cards.

use crate::render::engine::reusable::InsertInto;
use serde::Serialize;

use crate::model::{PageId, PageKind};
use crate::render::views::paginate::Paging;
use crate::render::views::{Card, Link};
use crate::render::{RenderCtx, views::events};

#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    /// The pages on this page of the listing.
    pub pages: Vec<Card<'a>>,
    /// Sub-sections, on the first page only.
    pub subsections: Vec<Link>,
}

/// What a section or the home page lists, worked out once for all its pages.
pub struct SectionList {
    /// Course sections: the catalogue, whose courses are what the pages list.
    pub(super) catalogue: Option<super::catalogue::Catalogue>,
    pub paging: Paging,
}

#[derive(Debug, Serialize)]
pub struct HomeView<'a> {
    pub featured: Option<Card<'a>>,
    /// The first section of courses and of news, for "all courses" / "all news" links.
    pub courses_url: Option<String>,
    pub news_url: Option<String>,
    pub upcoming: Vec<Card<'a>>,
    pub news: Vec<Card<'a>>,
}

impl<'a> RenderCtx<'a> {
    /// Cards per listing page of the section `id`: its own `paginate_by`, else config's.
    pub fn per_page(&self, id: PageId) -> usize {
        self.site.pages[id].meta.paginate_by.unwrap_or(self.site.config.paginate_by)
    }

    /// How many cards the section `id` lists: its courses for a course section (with those
    /// in sub-folders, as the catalogue shows them), else the pages in its folder.
    pub fn listing_len(&self, id: PageId) -> usize {
        let page = &self.site.pages[id];
        if page.section_kind == Some(PageKind::Course) {
            return self.catalogue_courses(&page.path).len();
        }
        self.graph.sections.get(&page.path).map_or(0, |s| s.pages.len())
    }

    /// The number of listing pages of a section; 1 for any other page and the home page.
    pub fn listing_pages(&self, id: PageId) -> usize {
        let page = &self.site.pages[id];
        if !page.is_section || page.path.is_empty() {
            return 1;
        }
        Paging::new(self.listing_len(id), self.per_page(id)).count()
    }

    /// What the section `id` lists; `None` for pages that list nothing.
    pub fn section_list(&self, id: PageId) -> Option<SectionList> {
        let page = &self.site.pages[id];
        if !page.is_section {
            return None;
        }
        let catalogue = (page.section_kind == Some(PageKind::Course)).then(|| self.catalogue(id));
        let len = match &catalogue {
            Some(cat) => cat.order.len(),
            None => self.graph.sections.get(&page.path).map_or(0, |s| s.pages.len()),
        };
        let per_page = if page.path.is_empty() { 0 } else { self.per_page(id) };
        Some(SectionList { catalogue, paging: Paging::new(len, per_page) })
    }

    /// Adds `section`, `pager` (and `home` for the home page) to the context of page `n`
    /// of a listing.
    pub fn insert_listing(&self, c: &mut impl InsertInto, id: PageId, list: &SectionList, n: usize) {
        let path = &self.site.pages[id].path;
        let range = list.paging.range(n);
        if let Some(section) = self.graph.sections.get(path) {
            let pages = section.pages.get(range.clone()).unwrap_or_default().iter().map(|&p| self.card(p)).collect();
            let subsections = match n {
                1 => section.subsections.iter().filter_map(|s| self.graph.by_path.get(s)).map(|&s| self.link(s)).collect(),
                _ => Vec::new(),
            };
            c.insert_value("section", &SectionView { pages, subsections });
        }
        if path.is_empty() {
            c.insert_value("home", &self.home_view());
        }
        if let Some(cat) = &list.catalogue {
            c.insert_value("catalogue", &self.catalogue_page(cat, range));
        }
        if let Some(pager) = self.pager(self.url_of(id), list.paging, n) {
            c.insert_value("pager", &pager);
        }
        c.insert_value("feeds", &self.feeds_for(id));
    }

    pub(super) fn first_start(&self, id: PageId) -> Option<chrono::DateTime<chrono::Utc>> {
        let p = &self.site.pages[id];
        let sessions = p.course().map(|c| &c.sessions).or_else(|| p.network().map(|n| &n.meetings))?;
        events::next_or_first(sessions, self.now).map(|s| s.start.instant)
    }

    /// URL of the first section (by path) whose pages are of `kind`.
    fn section_of_kind(&self, kind: PageKind) -> Option<&'a str> {
        let pages = &self.site.pages;
        (0..pages.len()).find(|&i| pages[i].is_section && pages[i].section_kind == Some(kind)).map(|i| self.url_of(i))
    }

    fn home_view(&self) -> HomeView<'a> {
        let mut courses: Vec<PageId> = (0..self.site.pages.len())
            .filter(|&i| self.site.pages[i].kind() == PageKind::Course && !self.site.pages[i].is_section)
            .filter(|&i| !self.is_past(i))
            .collect();
        courses.sort_by_key(|&i| (self.first_start(i), i));
        let mut news: Vec<PageId> =
            (0..self.site.pages.len()).filter(|&i| self.site.pages[i].kind() == PageKind::News && !self.site.pages[i].is_section).collect();
        news.sort_by_key(|&i| std::cmp::Reverse((self.site.pages[i].meta.date, i)));
        let featured = self.site.config.featured.as_ref().and_then(|f| self.graph.by_path.get(f.trim_matches('/'))).map(|&i| self.card(i));
        HomeView {
            featured,
            courses_url: self.section_of_kind(PageKind::Course).map(|u| self.href(u)),
            news_url: self.section_of_kind(PageKind::News).map(|u| self.href(u)),
            upcoming: courses.into_iter().take(6).map(|i| self.card(i)).collect(),
            news: news.into_iter().take(4).map(|i| self.card(i)).collect(),
        }
    }
}

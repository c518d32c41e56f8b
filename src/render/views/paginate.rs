//! Pagination of listings: which cards go on which page, the page URLs
//! (`/aktuelt/`, `/aktuelt/side/2/`, …) and the navigation between them.

use std::ops::Range;

use serde::Serialize;

use crate::render::RenderCtx;

/// The URL segment before a page number: `/aktuelt/side/2/`.
pub const SEGMENT: &str = "side";

/// How `len` cards fall into pages of `per_page` (0: all on one page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub len: usize,
    pub per_page: usize,
}

impl Paging {
    pub fn new(len: usize, per_page: usize) -> Paging {
        Paging { len, per_page }
    }

    /// Number of pages; an empty listing still has its first page.
    pub fn count(&self) -> usize {
        if self.per_page == 0 { 1 } else { self.len.div_ceil(self.per_page).max(1) }
    }

    /// The cards on page `n` (1-based).
    pub fn range(&self, n: usize) -> Range<usize> {
        if self.per_page == 0 {
            return 0..self.len;
        }
        let start = ((n - 1) * self.per_page).min(self.len);
        start..(start + self.per_page).min(self.len)
    }
}

/// The URL of page `n` of the listing at `base` (which ends in `/`).
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}{SEGMENT}/{n}/") }
}

/// One entry in the pagination nav: a page, or a gap between far-apart pages.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PagerLink {
    /// `None` for a gap (`…`).
    pub number: Option<usize>,
    pub url: Option<String>,
    pub current: bool,
    /// "Side 3", for screen readers.
    pub label: String,
}

/// What templates see as `pager`: where this page is among the listing's pages.
#[derive(Debug, Clone, Serialize)]
pub struct PagerView {
    pub current: usize,
    pub total: usize,
    /// "Side 2 av 5": added to the page title from page 2 on.
    pub label: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first, the last and the two either side of the current page, with gaps.
    pub links: Vec<PagerLink>,
    /// The absolute URLs of the previous and next page, for `<link rel>` in the head.
    pub prev_permalink: Option<String>,
    pub next_permalink: Option<String>,
}

/// The page numbers the nav shows: 1, the last, and `current` ± 2; `None` marks a gap.
pub fn shown_numbers(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    for n in 1..=total {
        if n == 1 || n == total || n.abs_diff(current) <= 2 {
            out.push(Some(n));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

impl RenderCtx<'_> {
    /// The nav for page `n` of the listing at `base`; `None` when it has one page only.
    pub fn pager(&self, base: &str, paging: Paging, n: usize) -> Option<PagerView> {
        let total = paging.count();
        if total <= 1 {
            return None;
        }
        let page_label = self.t("page_n");
        let label = |k: usize| page_label.replace("{n}", &k.to_string());
        let links = shown_numbers(n, total)
            .into_iter()
            .map(|k| match k {
                Some(k) => PagerLink { number: Some(k), url: Some(self.href(&page_url(base, k))), current: k == n, label: label(k) },
                None => PagerLink { number: None, url: None, current: false, label: String::new() },
            })
            .collect();
        let prev = (n > 1).then(|| page_url(base, n - 1));
        let next = (n < total).then(|| page_url(base, n + 1));
        Some(PagerView {
            current: n,
            total,
            label: self.t("page_n_of").replace("{n}", &n.to_string()).replace("{total}", &total.to_string()),
            prev_permalink: prev.as_deref().map(|u| self.absolute(u)),
            next_permalink: next.as_deref().map(|u| self.absolute(u)),
            prev: prev.map(|u| self.href(&u)),
            next: next.map(|u| self.href(&u)),
            links,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_fall_into_pages() {
        let p = Paging::new(45, 20);
        assert_eq!(p.count(), 3);
        assert_eq!(p.range(1), 0..20);
        assert_eq!(p.range(3), 40..45);
        assert_eq!(Paging::new(0, 20).count(), 1);
        assert_eq!(Paging::new(40, 20).count(), 2);
        assert_eq!(Paging::new(45, 0).count(), 1);
        assert_eq!(Paging::new(45, 0).range(1), 0..45);
    }

    #[test]
    fn page_one_is_the_listing_itself() {
        assert_eq!(page_url("/aktuelt/", 1), "/aktuelt/");
        assert_eq!(page_url("/aktuelt/", 2), "/aktuelt/side/2/");
    }

    #[test]
    fn far_pages_are_gaps() {
        assert_eq!(shown_numbers(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(shown_numbers(5, 10), vec![Some(1), None, Some(3), Some(4), Some(5), Some(6), Some(7), None, Some(10)]);
        assert_eq!(shown_numbers(1, 10), vec![Some(1), Some(2), Some(3), None, Some(10)]);
    }
}

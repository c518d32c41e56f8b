//! A district's whole picture: its plans and their measures, courses for it, networks it
//! belongs to, services in it ("Hvem kan jeg kontakte?"), news about it.

use serde::Serialize;

use crate::model::{Contact, District, KindFields, Page, PageId, PageKind};
use crate::render::RenderCtx;
use crate::render::views::{Card, Link};
use crate::resolve::Node;

#[derive(Debug, Serialize)]
pub struct DistrictView<'a> {
    pub key: &'a str,
    pub number: Option<u32>,
    pub contact: Option<&'a Contact>,
    pub plans: Vec<DistrictPlan>,
    /// Courses that name this district first, then courses for all districts.
    pub priority_courses: Vec<Card<'a>>,
    pub courses: Vec<Card<'a>>,
    pub networks: Vec<Card<'a>>,
    pub services: Vec<Card<'a>>,
    pub news: Vec<Card<'a>>,
    pub ics_url: String,
    /// The same feed as a `webcal://` subscription.
    pub webcal_url: String,
}

#[derive(Debug, Serialize)]
pub struct DistrictPlan {
    pub link: Link,
    pub period: Option<String>,
    pub measures: Vec<DistrictMeasure>,
}

#[derive(Debug, Serialize)]
pub struct DistrictMeasure {
    pub link: Link,
    pub status: Option<&'static str>,
    pub implements: Vec<Link>,
}

impl<'a> RenderCtx<'a> {
    fn concerns(page: &Page, key: &str) -> bool {
        page.meta.districts.iter().any(|d| d.value == key)
    }

    fn pages_of(&self, kind: PageKind) -> impl Iterator<Item = (PageId, &'a Page)> + '_ {
        let pages: &'a [Page] = &self.site.pages;
        pages.iter().enumerate().filter(move |(_, p)| p.kind() == kind && !p.is_section)
    }

    pub fn district_view(&self, id: PageId, d: &'a District) -> DistrictView<'a> {
        let page: &'a Page = &self.site.pages[id];
        let key: &'a str = page.path.rsplit('/').next().unwrap_or(&page.path);
        let plans = self
            .pages_of(PageKind::Plan)
            .filter(|(_, p)| p.plan().and_then(|pl| pl.district.as_ref()).is_some_and(|dk| dk.value == key) || Self::concerns(p, key))
            .map(|(pid, p)| self.district_plan(pid, p))
            .collect();
        let (mut priority, mut general) = (Vec::new(), Vec::new());
        for (cid, c) in self.pages_of(PageKind::Course) {
            if Self::concerns(c, key) {
                priority.push(cid);
            } else if c.meta.districts.is_empty() {
                general.push(cid);
            }
        }
        let by_first_session = |ids: &mut Vec<PageId>| {
            ids.sort_by_key(|&i| {
                (self.is_past(i), self.site.pages[i].course().and_then(|c| crate::render::views::events::first(&c.sessions)).map(|s| s.start.instant), i)
            });
        };
        by_first_session(&mut priority);
        by_first_session(&mut general);
        let networks = self
            .pages_of(PageKind::Network)
            .filter(|(_, n)| Self::concerns(n, key) || n.network().is_some_and(|net| net.members.iter().any(|m| m.value == key)))
            .map(|(nid, _)| self.card(nid))
            .collect();
        let services = self.pages_of(PageKind::Service).filter(|(_, s)| Self::concerns(s, key)).map(|(sid, _)| self.card(sid)).collect();
        let mut news: Vec<PageId> = self.pages_of(PageKind::News).filter(|(_, n)| Self::concerns(n, key)).map(|(nid, _)| nid).collect();
        news.sort_by_key(|&n| std::cmp::Reverse((self.site.pages[n].meta.date, n)));
        DistrictView {
            key,
            number: d.number,
            contact: d.contact.as_ref(),
            plans,
            priority_courses: priority.into_iter().map(|i| self.card(i)).collect(),
            courses: general.into_iter().map(|i| self.card(i)).collect(),
            networks,
            services,
            news: news.into_iter().map(|i| self.card(i)).collect(),
            webcal_url: self.webcal(&self.at(&format!("/kalender/bydel/{key}.ics"))),
            ics_url: self.href(&self.at(&format!("/kalender/bydel/{key}.ics"))),
        }
    }

    fn district_plan(&self, pid: PageId, p: &Page) -> DistrictPlan {
        let KindFields::Plan(plan) = &p.fields else {
            return DistrictPlan { link: self.link(pid), period: None, measures: Vec::new() };
        };
        let measures = plan
            .items()
            .into_iter()
            .map(|i| {
                let node = Node { page: pid, item: Some(i.item.id.value.clone()) };
                DistrictMeasure {
                    link: self.node_link(&node),
                    status: i.item.status.map(|s| s.as_str()),
                    implements: self.graph.implements_of(&node).map(|n| self.node_link(n)).collect(),
                }
            })
            .collect();
        DistrictPlan { link: self.link(pid), period: plan.period.clone(), measures }
    }
}

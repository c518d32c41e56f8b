//! Views of courses, networks, newsletters and services.

use serde::Serialize;

use crate::model::{Contact, Course, Material, Network, Newsletter, PageId, Service, Session};
use crate::render::RenderCtx;
use crate::render::views::events;
use crate::render::views::{Card, DateView, Link};
use crate::resolve::Node;

#[derive(Debug, Serialize)]
pub struct SessionView {
    pub title: Option<String>,
    /// "mandag 8. mars 2027 kl. 09.00–15.30".
    pub when: String,
    pub start_iso: String,
    pub end_iso: String,
    pub location: Option<String>,
    pub online: Option<String>,
    pub past: bool,
}

#[derive(Debug, Serialize)]
pub struct RegistrationView {
    pub url: Option<String>,
    pub opens: Option<DateView>,
    pub deadline: Option<DateView>,
    pub deadline_passed: bool,
    pub capacity: Option<u32>,
    pub price: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CourseView<'a> {
    pub format: Option<&'static str>,
    pub organizer: Option<&'a str>,
    pub partners: &'a [String],
    pub audience: Vec<Link>,
    pub districts: Vec<Link>,
    pub for_all_districts: bool,
    pub sessions: Vec<SessionView>,
    pub state: &'static str,
    pub past: bool,
    pub registration: Option<RegistrationView>,
    pub contact: Option<&'a Contact>,
    pub materials: Vec<Material>,
    pub implements: Vec<Link>,
    /// The course's own calendar file, and as a `webcal://` subscription.
    pub ics_url: String,
    pub webcal_url: String,
}

#[derive(Debug, Serialize)]
pub struct MemberView {
    pub name: String,
    pub district: Option<Link>,
}

#[derive(Debug, Serialize)]
pub struct NetworkView<'a> {
    pub coordinator: Option<&'a str>,
    pub members: Vec<MemberView>,
    pub audience: Vec<Link>,
    pub meetings: Vec<SessionView>,
    pub upcoming: usize,
    pub contact: Option<&'a Contact>,
    pub implements: Vec<Link>,
    pub ics_url: String,
    pub webcal_url: String,
}

#[derive(Debug, Serialize)]
pub struct NewsletterView<'a> {
    pub series: String,
    pub issue: Option<&'a str>,
    pub covers_from: Option<DateView>,
    pub covers_to: Option<DateView>,
    pub news: Vec<Card<'a>>,
    pub email_url: String,
    /// Atom feeds to announce in the page head.
    pub feeds: Vec<crate::render::feeds::atom::FeedLink>,
}

#[derive(Debug, Serialize)]
pub struct ServiceView<'a> {
    pub provider: Option<&'a str>,
    pub audience: Vec<Link>,
    pub contact: Option<&'a Contact>,
    pub opening_hours: Option<&'a str>,
}

impl<'a> RenderCtx<'a> {
    pub fn session_view(&self, s: &Session, default_location: Option<&str>) -> SessionView {
        let tz = self.dates.tz;
        SessionView {
            title: s.title.clone(),
            when: self.dates.span(s.start.instant, s.end.instant),
            start_iso: s.start.instant.with_timezone(&tz).to_rfc3339(),
            end_iso: s.end.instant.with_timezone(&tz).to_rfc3339(),
            location: s.location.clone().or_else(|| default_location.map(str::to_string)),
            online: s.online.clone(),
            past: s.end.instant <= self.now,
        }
    }

    pub fn term_links(&self, names: &[String]) -> Vec<Link> {
        names.iter().map(|a| Link::new(a.clone(), self.href(&self.at(&format!("/malgrupper/{}/", crate::model::slugify(a)))))).collect()
    }

    /// Materials with their links ready to print (a site path under the site's sub-path).
    pub fn materials(&self, list: &[Material]) -> Vec<Material> {
        list.iter().map(|m| Material { title: m.title.clone(), href: self.href(&m.href) }).collect()
    }

    pub fn course_view(&self, id: PageId, c: &'a Course) -> CourseView<'a> {
        let page = &self.site.pages[id];
        let mut sessions: Vec<&Session> = c.sessions.iter().collect();
        sessions.sort_by_key(|s| s.start.instant);
        let registration = c.registration.as_ref().map(|r| RegistrationView {
            url: r.url.as_deref().map(|u| self.href(u)),
            opens: r.opens.as_ref().map(|d| DateView::of_when(d, self)),
            deadline: r.deadline.as_ref().map(|d| DateView::of_when(d, self)),
            deadline_passed: r.deadline.is_some_and(|d| self.deadline_passed(&d)),
            capacity: r.capacity,
            price: r.price.clone(),
        });
        CourseView {
            format: c.format.map(|f| f.as_str()),
            organizer: c.organizer.as_deref(),
            partners: &c.partners,
            audience: self.term_links(&c.audience),
            districts: self.district_links(page.meta.districts.iter().map(|d| d.value.as_str())),
            for_all_districts: page.meta.districts.is_empty(),
            sessions: sessions.iter().map(|s| self.session_view(s, c.location.as_deref())).collect(),
            state: events::course_state(c, self.now),
            past: events::is_past(&c.sessions, self.now),
            registration,
            contact: c.contact.as_ref(),
            materials: self.materials(&c.materials),
            implements: self.graph.implements_of(&Node { page: id, item: None }).map(|n| self.node_link(n)).collect(),
            ics_url: self.href(&format!("{}kalender.ics", self.graph.url(id))),
            webcal_url: self.webcal(&format!("{}kalender.ics", self.graph.url(id))),
        }
    }

    /// A registration deadline given as a date lasts the whole day.
    pub(super) fn deadline_passed(&self, d: &crate::model::When) -> bool {
        if d.has_time { d.instant < self.now } else { d.date(self.dates.tz) < self.now.with_timezone(&self.dates.tz).date_naive() }
    }

    pub fn network_view(&self, id: PageId, n: &'a Network) -> NetworkView<'a> {
        let mut meetings: Vec<&Session> = n.meetings.iter().collect();
        meetings.sort_by_key(|s| s.start.instant);
        let members = n
            .members
            .iter()
            .map(|m| match self.graph.district(&m.value) {
                Some(d) => MemberView { name: self.site.pages[d].meta.title.clone(), district: Some(self.link(d)) },
                None => MemberView { name: m.value.clone(), district: None },
            })
            .collect();
        let meetings: Vec<SessionView> = meetings.iter().map(|s| self.session_view(s, None)).collect();
        NetworkView {
            coordinator: n.coordinator.as_deref(),
            members,
            audience: self.term_links(&n.audience),
            upcoming: meetings.iter().filter(|m| !m.past).count(),
            meetings,
            contact: n.contact.as_ref(),
            implements: self.graph.implements_of(&Node { page: id, item: None }).map(|n| self.node_link(n)).collect(),
            ics_url: self.href(&format!("{}kalender.ics", self.graph.url(id))),
            webcal_url: self.webcal(&format!("{}kalender.ics", self.graph.url(id))),
        }
    }

    pub fn newsletter_view(&self, id: PageId, n: &'a Newsletter) -> NewsletterView<'a> {
        let page = &self.site.pages[id];
        let series = n.series.clone().unwrap_or_else(|| {
            page.parent_section().and_then(|s| self.graph.by_path.get(s)).map_or_else(|| page.meta.title.clone(), |&s| self.site.pages[s].meta.title.clone())
        });
        let news = match n.covers {
            Some((from, to)) => self.news_between(from, to),
            None => Vec::new(),
        };
        NewsletterView {
            series,
            issue: n.issue.as_deref(),
            covers_from: n.covers.map(|(f, _)| DateView::of_day(f, self)),
            covers_to: n.covers.map(|(_, t)| DateView::of_day(t, self)),
            news,
            email_url: self.href(&format!("{}epost.html", self.graph.url(id))),
            feeds: self.feeds_for(id),
        }
    }

    /// News articles dated within `from..=to`, oldest first.
    pub fn news_between(&self, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Vec<Card<'a>> {
        let tz = self.dates.tz;
        let news = self.news_by_date();
        let day = |i: &PageId| self.site.pages[*i].meta.date.map(|d| d.date(tz));
        // Sorted by instant, so the local days are in order too and the period is one slice.
        let start = news.partition_point(|i| day(i).is_some_and(|d| d < from));
        let end = news.partition_point(|i| day(i).is_some_and(|d| d <= to));
        news[start..end.max(start)].iter().map(|&i| self.card(i)).collect()
    }

    pub fn service_view(&self, s: &'a Service) -> ServiceView<'a> {
        ServiceView {
            provider: s.provider.as_deref(),
            audience: self.term_links(&s.audience),
            contact: s.contact.as_ref(),
            opening_hours: s.opening_hours.as_deref(),
        }
    }
}

//! The plan page's view: strategies, goals and measures with what they implement and
//! what implements them ("Følges opp av"), grouped by district.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::{ItemLevel, ItemRole, ItemStatus, Page, PageId, Plan, PlanItem, Prevention, Strategy};
use crate::render::RenderCtx;
use crate::render::views::status_chart::StatusLabel;
use crate::render::views::{DateView, Link};
use crate::resolve::Node;

#[derive(Debug, Serialize)]
pub struct PlanView {
    pub plan_type: Option<&'static str>,
    pub owner: Option<String>,
    pub level: Option<&'static str>,
    pub district: Option<Link>,
    pub period: Option<String>,
    pub status: Option<&'static str>,
    pub adopted: Option<DateView>,
    pub revise_by: Option<String>,
    pub implements: Option<Link>,
    pub implemented_by: Vec<Link>,
    pub goals: Vec<ItemView>,
    pub strategies: Vec<StrategyView>,
    /// Values present in the plan, for the filter form.
    pub filter: FilterOptions,
    pub item_count: usize,
    /// URL of the coverage matrix, when other plans implement this one.
    pub coverage_url: Option<String>,
    /// The follow-up page, feeds and data files, when the plan has measures.
    pub followup: Option<super::followup::PlanDataLinks>,
}

#[derive(Debug, Serialize, Default)]
pub struct FilterOptions {
    pub statuses: Vec<&'static str>,
    pub responsible: Vec<String>,
    pub levels: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct StrategyView {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub depth: usize,
    pub goals: Vec<ItemView>,
    pub measures: Vec<ItemView>,
    pub strategies: Vec<StrategyView>,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub id: String,
    pub role: ItemRole,
    pub title: String,
    pub description: Option<String>,
    pub implements: Vec<Link>,
    pub goals: Vec<Link>,
    pub responsible: Vec<String>,
    pub deadline: Option<String>,
    pub status: Option<ItemStatus>,
    pub prevention: Option<Prevention>,
    pub level: Option<ItemLevel>,
    pub audience: Vec<String>,
    pub implemented_by: Vec<ImplementerGroup>,
    pub implemented_count: usize,
    /// The current status in words (latest update, else `status`).
    pub status_label: Option<StatusLabel>,
    pub progress: Option<u8>,
    pub indicators: Vec<String>,
    /// Oldest first, as a timeline.
    pub updates: Vec<UpdateView>,
    pub milestones: Vec<MilestoneView>,
}

/// One status update on the plan page.
#[derive(Debug, Serialize)]
pub struct UpdateView {
    pub date: DateView,
    pub status: StatusLabel,
    pub note: Option<String>,
}

/// One milestone on the plan page.
#[derive(Debug, Serialize)]
pub struct MilestoneView {
    pub date: DateView,
    pub title: String,
    pub done: bool,
    /// "reached" or "not reached", in words.
    pub state: String,
}

/// Implementers in one district (or none, for city-wide ones).
#[derive(Debug, Serialize)]
pub struct ImplementerGroup {
    pub district: Option<Link>,
    pub items: Vec<ImplementerView>,
}

#[derive(Debug, Serialize)]
pub struct ImplementerView {
    pub link: Link,
    pub kind: &'static str,
    pub status: Option<&'static str>,
    /// The plan or page the implementer belongs to, when it is an item.
    pub within: Option<Link>,
}

impl RenderCtx<'_> {
    pub fn plan_view(&self, id: PageId, plan: &Plan) -> PlanView {
        let whole = Node { page: id, item: None };
        let items = plan.items();
        let mut filter = FilterOptions::default();
        let mut responsible = BTreeSet::new();
        let mut statuses = BTreeSet::new();
        let mut levels = BTreeSet::new();
        for i in &items {
            responsible.extend(i.item.responsible.iter().cloned());
            statuses.extend(i.item.current_status());
            levels.extend(i.item.level);
        }
        filter.responsible = responsible.into_iter().collect();
        filter.statuses = statuses.into_iter().map(ItemStatus::as_str).collect();
        filter.levels = levels.into_iter().map(ItemLevel::as_str).collect();
        let implemented_by: Vec<Link> = self.graph.implementers(&whole).iter().map(|n| self.node_link(n)).collect();
        PlanView {
            plan_type: plan.plan_type.map(|t| t.as_str()),
            owner: plan.owner.clone(),
            level: plan.level.map(|l| l.as_str()),
            district: plan.district.as_ref().and_then(|d| self.graph.district(&d.value)).map(|d| self.link(d)),
            period: plan.period.clone(),
            status: plan.status.map(|s| s.as_str()),
            adopted: plan.adopted.as_ref().map(|d| DateView::of_when(d, self)),
            revise_by: plan.revise_by.map(|d| d.text()),
            implements: self.graph.implements_of(&whole).next().map(|n| self.node_link(n)),
            coverage_url: self.graph.is_followed(&self.site.pages, id).then(|| self.href(&format!("{}dekning/", self.graph.url(id)))),
            implemented_by,
            goals: plan.goals.iter().map(|g| self.item_view(id, g)).collect(),
            strategies: plan.strategies.iter().map(|s| self.strategy_view(id, s, 0)).collect(),
            filter,
            followup: items.iter().any(|i| i.item.role == ItemRole::Measure).then(|| self.plan_data_hrefs(id)),
            item_count: items.len(),
        }
    }

    fn strategy_view(&self, page: PageId, s: &Strategy, depth: usize) -> StrategyView {
        StrategyView {
            id: s.id.value.clone(),
            title: s.title.clone(),
            description: self.markdown[page].descriptions.get(&s.id.value).cloned(),
            depth,
            goals: s.goals.iter().map(|g| self.item_view(page, g)).collect(),
            measures: s.measures.iter().map(|m| self.item_view(page, m)).collect(),
            strategies: s.strategies.iter().map(|inner| self.strategy_view(page, inner, depth + 1)).collect(),
        }
    }

    fn item_view(&self, page: PageId, item: &PlanItem) -> ItemView {
        let node = Node { page, item: Some(item.id.value.clone()) };
        let url = self.graph.url(page);
        let implementers = self.graph.implementers(&node);
        ItemView {
            id: item.id.value.clone(),
            role: item.role,
            title: item.title.clone(),
            description: self.markdown[page].descriptions.get(&item.id.value).cloned(),
            implements: self.graph.implements_of(&node).map(|n| self.node_link(n)).collect(),
            goals: item.goals.iter().map(|g| Link::new(g.value.clone(), self.href(&format!("{url}#{}", g.value)))).collect(),
            responsible: item.responsible.clone(),
            deadline: item.deadline.map(|d| d.text()),
            status: item.current_status(),
            status_label: item.current_status().map(|s| self.status_label(Some(s))),
            progress: item.progress,
            indicators: item.indicators.clone(),
            updates: item
                .updates
                .iter()
                .map(|u| UpdateView { date: DateView::of_day(u.date, self), status: self.status_label(Some(u.status)), note: u.note.clone() })
                .collect(),
            milestones: item
                .milestones
                .iter()
                .map(|m| MilestoneView {
                    date: DateView::of_day(m.date, self),
                    title: m.title.clone(),
                    done: m.done,
                    state: self.t(if m.done { "milestone_done" } else { "milestone_ahead" }),
                })
                .collect(),
            prevention: item.prevention,
            level: item.level,
            audience: item.audience.clone(),
            implemented_count: implementers.len(),
            implemented_by: self.group_by_district(implementers),
        }
    }

    /// Groups implementers by the district they belong to; district-less ones last.
    pub fn group_by_district(&self, nodes: &[Node]) -> Vec<ImplementerGroup> {
        let mut groups: Vec<(Option<PageId>, Vec<ImplementerView>)> = Vec::new();
        for n in nodes {
            let district = self.district_of(&self.site.pages[n.page]);
            let view = self.implementer_view(n);
            match groups.iter_mut().find(|(d, _)| *d == district) {
                Some((_, items)) => items.push(view),
                None => groups.push((district, vec![view])),
            }
        }
        groups.sort_by_key(|(d, _)| (d.is_none(), d.map(|id| self.site.pages[id].meta.title.clone())));
        groups.into_iter().map(|(d, items)| ImplementerGroup { district: d.map(|id| self.link(id)), items }).collect()
    }

    /// The district a page belongs to: a plan's `district`, else its only listed district.
    pub fn district_of(&self, page: &Page) -> Option<PageId> {
        self.graph.district_of(page)
    }

    fn implementer_view(&self, n: &Node) -> ImplementerView {
        let page = &self.site.pages[n.page];
        let item = n.item.as_ref().and_then(|i| page.plan().and_then(|p| p.item(i)));
        ImplementerView {
            link: self.node_link(n),
            kind: page.kind().as_str(),
            status: item.and_then(|i| i.current_status()).map(ItemStatus::as_str),
            within: n.item.as_ref().map(|_| self.link(n.page)),
        }
    }
}

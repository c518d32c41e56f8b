//! Renders every content page with its kind's template, in parallel.

use std::collections::HashMap;

use crate::render::engine::reusable::ReusableContext;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{KindFields, PageId, PageKind};
use crate::render::views::listing::SectionList;
use crate::render::{Output, RenderCtx, Sink};

/// The template a page uses unless it names its own.
pub fn default_template(ctx: &RenderCtx<'_>, id: PageId) -> String {
    let page = &ctx.site.pages[id];
    if page.path.is_empty() {
        return "home.html".into();
    }
    if page.is_section {
        let kind = page.section_kind.unwrap_or(PageKind::Page);
        let name = format!("{}-list.html", kind.as_str());
        return if ctx.engine.has_template(&name) { name } else { "section.html".into() };
    }
    format!("{}.html", page.kind().as_str())
}

/// Renders the content pages in `scope`, in parallel; a section's listing pages are
/// tasks of their own, so a long section is spread over every thread.
pub fn render_pages(ctx: &RenderCtx<'_>, scope: crate::render::Scope<'_>, sink: Option<&dyn Sink>, diags: &mut Diagnostics) -> Vec<Output> {
    let base = ctx.base_context();
    let ids: Vec<PageId> = (0..ctx.site.pages.len()).filter(|&id| scope.page(id)).collect();
    let lists: HashMap<PageId, SectionList> = ids.par_iter().filter_map(|&id| ctx.section_list(id).map(|l| (id, l))).collect();
    let tasks: Vec<(PageId, usize)> = ids
        .iter()
        .flat_map(|&id| (1..=lists.get(&id).map_or(1, |l| l.paging.count())).map(move |n| (id, n)))
        .filter(|&(id, n)| lists.get(&id).is_none_or(|l| scope.listing_page(id, l.paging.range(n))))
        .collect();
    ctx.progress.stage("Pages", Some(tasks.len()));
    let mut out = Vec::new();
    // With a sink, the pages go to it a chunk at a time, so that few are held at once.
    let chunk = if sink.is_some() { SINK_CHUNK } else { tasks.len().max(1) };
    for tasks in tasks.chunks(chunk) {
        let results: Vec<Result<Output, Diagnostic>> = tasks
            .par_iter()
            .map_init(
                || ReusableContext::new(&base),
                |c, &(id, n)| {
                    let page = render_page(ctx, c, id, lists.get(&id), n);
                    c.reset();
                    ctx.progress.inc(1);
                    page
                },
            )
            .collect();
        let mut files = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(file) => files.push(file),
                Err(d) => diags.push(d),
            }
        }
        match sink {
            Some(sink) => sink.take(&files),
            None => out.append(&mut files),
        }
    }
    out
}

/// Pages rendered before they go to the sink together.
const SINK_CHUNK: usize = 1024;

/// Renders page `n` of the page `id` (only sections have more than one).
/// `c` holds the base context; what this adds is taken out by the caller.
fn render_page(ctx: &RenderCtx<'_>, c: &mut ReusableContext, id: PageId, list: Option<&SectionList>, n: usize) -> Result<Output, Diagnostic> {
    let page = &ctx.site.pages[id];
    let md = &ctx.markdown[id];
    let url = super::paginate::page_url(ctx.graph.url(id), n);
    let mut view = match n {
        1 => ctx.page_view(id, &md.body.html, &md.body.toc),
        _ => ctx.page_view(id, "", &[]),
    };
    view.url = ctx.href(&url);
    view.permalink = ctx.absolute(&url);
    c.insert("page", &view);
    if ctx.site.config.is_multilingual() {
        ctx.insert_versions(c, id);
    }
    if let Some(lang) = &page.meta.lang {
        c.insert("lang", lang.code());
    }
    match &page.fields {
        KindFields::Plan(plan) => c.insert("plan", &ctx.plan_view(id, plan)),
        KindFields::Course(course) => c.insert("course", &ctx.course_view(id, course)),
        KindFields::Network(network) => c.insert("network", &ctx.network_view(id, network)),
        KindFields::Newsletter(n) => c.insert("newsletter", &ctx.newsletter_view(id, n)),
        KindFields::District(d) => c.insert("district", &ctx.district_view(id, d)),
        KindFields::Service(s) => c.insert("service", &ctx.service_view(s)),
        KindFields::Page | KindFields::News => {}
    }
    if let Some(list) = list {
        ctx.insert_listing(c, id, list, n);
    }
    let template = page.meta.template.clone().unwrap_or_else(|| default_template(ctx, id));
    if !ctx.engine.has_template(&template) {
        let msg = format!("there is no template named `{template}`");
        return Err(Diagnostic::new(crate::diagnostics::Code::Template, &page.source, crate::model::SourcePos::default(), msg)
            .with_help(Some("put it in templates/, or remove `template:` to use the default".into())));
    }
    let html = ctx.engine.render(&template, c.context(), &page.source)?;
    Ok(Output::page(&url, html))
}

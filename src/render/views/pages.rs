//! Renders every content page with its kind's template, in parallel.

use rayon::prelude::*;
use tera::Context;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{KindFields, PageId, PageKind};
use crate::render::{Output, RenderCtx};

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

/// Renders the content pages in `scope`, in parallel.
pub fn render_pages(ctx: &RenderCtx<'_>, scope: crate::render::Scope<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let base = ctx.base_context();
    let ids: Vec<PageId> = (0..ctx.site.pages.len()).filter(|&id| scope.page(id)).collect();
    let results: Vec<Result<Vec<Output>, Diagnostic>> = ids.into_par_iter().map(|id| render_page(ctx, &base, id)).collect();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(files) => out.extend(files),
            Err(d) => diags.push(d),
        }
    }
    out
}

fn render_page(ctx: &RenderCtx<'_>, base: &Context, id: PageId) -> Result<Vec<Output>, Diagnostic> {
    let page = &ctx.site.pages[id];
    let md = &ctx.markdown[id];
    let mut c = base.clone();
    c.insert("page", &ctx.page_view(id, &md.body.html, &md.body.toc));
    let mut extra_files = Vec::new();
    match &page.fields {
        KindFields::Plan(plan) => c.insert("plan", &ctx.plan_view(id, plan)),
        KindFields::Course(course) => c.insert("course", &ctx.course_view(id, course)),
        KindFields::Network(network) => c.insert("network", &ctx.network_view(id, network)),
        KindFields::Newsletter(n) => c.insert("newsletter", &ctx.newsletter_view(id, n)),
        KindFields::District(d) => c.insert("district", &ctx.district_view(id, d)),
        KindFields::Service(s) => c.insert("service", &ctx.service_view(s)),
        KindFields::Page | KindFields::News => {}
    }
    if page.is_section || page.path.is_empty() {
        ctx.insert_listing(&mut c, id);
    }
    let template = page.meta.template.clone().unwrap_or_else(|| default_template(ctx, id));
    if !ctx.engine.has_template(&template) {
        let msg = format!("there is no template named `{template}`");
        return Err(Diagnostic::new(crate::diagnostics::Code::Template, &page.source, crate::model::SourcePos::default(), msg)
            .with_help(Some("put it in templates/, or remove `template:` to use the default".into())));
    }
    let html = ctx.engine.render(&template, &c, &page.source)?;
    extra_files.push(Output::page(ctx.graph.url(id), html));
    Ok(extra_files)
}

//! The search page (`/sok/`) and the strings the browser's search client shows.

use serde::Serialize;

use super::{Output, RenderCtx};
use crate::diagnostics::Diagnostics;
use crate::search::documents::DocKind;

/// A choice in a filter: the value sent and the label shown.
#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

/// The filters of the search page.
#[derive(Serialize)]
struct SearchView {
    kinds: Vec<Choice>,
    districts: Vec<Choice>,
    topics: Vec<Choice>,
}

/// The label of a result kind, in the site's language.
pub fn kind_label(ctx: &RenderCtx<'_>, kind: DocKind) -> String {
    ctx.t(&format!("search_kind_{}", kind.as_str()))
}

/// Renders `/sok/index.html`.
pub fn render(ctx: &RenderCtx<'_>, diags: &mut Diagnostics) -> Vec<Output> {
    let kinds = DocKind::NAMES.iter().filter_map(|n| DocKind::parse(n)).map(|k| Choice { value: k.as_str().into(), label: kind_label(ctx, k) }).collect();
    let districts = ctx.graph.districts.iter().map(|(key, &id)| Choice { value: key.clone(), label: ctx.site.pages[id].meta.title.clone() }).collect();
    let topics = ctx.graph.topics.values().map(|t| Choice { value: t.slug.clone(), label: t.name.clone() }).collect();
    let mut c = ctx.base_context();
    c.insert("search", &SearchView { kinds, districts, topics });
    c.insert("title", &ctx.t("search_title"));
    let url = ctx.at("/sok/");
    c.insert("url", &url);
    c.insert("permalink", &ctx.absolute(&url));
    match ctx.engine.render("search.html", &c, std::path::Path::new("templates/search.html")) {
        Ok(html) => vec![Output::page(&url, html)],
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    }
}

/// The client's strings as JSON (put in an attribute of its `<script>`): messages and kind labels.
pub fn client_strings(ctx: &RenderCtx<'_>) -> String {
    let mut map = serde_json::Map::new();
    for key in ["search_none", "search_count", "search_loading", "search_failed", "search_all_results"] {
        map.insert(key.trim_start_matches("search_").to_string(), ctx.t(key).into());
    }
    let kinds: serde_json::Map<String, serde_json::Value> =
        DocKind::NAMES.iter().filter_map(|n| DocKind::parse(n)).map(|k| (k.as_str().to_string(), kind_label(ctx, k).into())).collect();
    map.insert("kinds".into(), kinds.into());
    serde_json::Value::Object(map).to_string()
}

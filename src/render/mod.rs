//! Stage 3, render: Markdown and templates to pages, plus the site-wide files.
//!
//! 1. [`markdown_pass`] renders every body and plan description (parallel), once per page:
//!    the caller keeps the result and renders again only the pages that changed;
//! 2. [`engine`] holds the templates (tera), UI strings and date formats;
//! 3. [`views`] renders each page with its kind's template (parallel), listings of sections
//!    and the home page, topic and target-group pages (all cut into pages by `paginate`),
//!    the course catalogue and coverage;
//! 4. [`feeds`] renders Atom feeds, calendars and newsletter e-mails;
//! 5. [`site_files`] adds aliases, sitemap.xml, robots.txt, 404.html and static files.
//!
//! Site-wide outputs ([`SiteOutput`]) are rendered whole, and only when the scope names them.
//!
//! Output is a list of files in memory; `write` puts them on disk.

pub mod admin;
pub mod assets;
pub mod engine;
pub mod feeds;
pub mod host_files;
pub mod links;
pub mod markdown_pass;
pub mod search_page;
pub mod site_files;
pub mod views;

use chrono::{DateTime, Utc};

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::resolve::SiteGraph;
use crate::resolve::deps::{Affected, SiteOutput};
pub use engine::Engine;

/// One file to write, at a path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Output {
    /// The bytes are trimmed to their length: a rendered page's buffer grew by doubling, and
    /// every output stays in memory until it is written.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Output {
        let mut bytes = bytes.into();
        bytes.shrink_to_fit();
        Output { path: path.into(), bytes }
    }

    /// `index.html` inside the folder of a URL path.
    pub fn page(url: &str, html: String) -> Output {
        Output::new(format!("{}index.html", url.trim_start_matches('/')), html)
    }
}

/// Everything a view or template render needs, borrowed for one build.
pub struct RenderCtx<'a> {
    pub site: &'a Site,
    pub graph: &'a SiteGraph,
    pub engine: &'a Engine,
    pub markdown: &'a [markdown_pass::PageMarkdown],
    pub dates: engine::i18n::DateFormat,
    pub strings: &'a engine::i18n::Strings,
    /// "Now" for upcoming/past: fixed per build so output is reproducible.
    pub now: DateTime<Utc>,
    /// SEQUENCE memory published by the previous build (see `calendar`).
    pub sequences: &'a feeds::ical::SequenceState,
    /// The context every template starts from, made once (see `base_context`).
    pub base: std::sync::OnceLock<tera::Context>,
    /// The calendars' VTIMEZONE blocks, each worked out once.
    pub zones: feeds::ical::ZoneBlocks,
    /// The build's progress bar, counting pages as they are rendered.
    pub progress: crate::progress::Progress,
    /// Dated news articles, oldest first (see `news_by_date`).
    pub news: std::sync::OnceLock<Vec<crate::model::PageId>>,
    /// Every language of the site named in its own words, for the switcher (empty with one).
    pub languages: Vec<views::languages::LanguageLabel>,
}

impl RenderCtx<'_> {
    /// Dated news articles (not sections), by date and then page id: made once per render.
    pub fn news_by_date(&self) -> &[crate::model::PageId] {
        self.news.get_or_init(|| {
            let pages = &self.site.pages;
            let mut ids: Vec<_> =
                (0..pages.len()).filter(|&i| pages[i].kind() == crate::model::PageKind::News && !pages[i].is_section && pages[i].meta.date.is_some()).collect();
            ids.sort_by_key(|&i| (pages[i].meta.date, i));
            ids
        })
    }

    /// A UI string in the site's language.
    pub fn t(&self, key: &str) -> String {
        self.strings.get(key).cloned().unwrap_or_else(|| key.to_string())
    }
}

/// Which outputs to render: all of them, those a change affects, or only the site-wide
/// outputs a change affects (the pages were rendered before).
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    All,
    Affected(&'a Affected),
    SiteWide(&'a Affected),
}

impl Scope<'_> {
    pub fn page(&self, id: crate::model::PageId) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.renders(id),
            Scope::SiteWide(_) => false,
        }
    }

    /// Whether the listing page of the page `id` that shows the cards at `positions` is to
    /// be rendered.
    pub fn listing_page(&self, id: crate::model::PageId, positions: std::ops::Range<usize>) -> bool {
        match self {
            Scope::Affected(a) => a.pages.contains(&id) || a.listing_positions.get(&id).is_none_or(|ps| ps.range(positions).next().is_some()),
            _ => true,
        }
    }

    /// Whether the term page `slug` of the taxonomy under `/base/` is to be rendered.
    pub fn term(&self, base: &str, slug: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => if base == "tema" { &a.topics } else { &a.audiences }.contains(slug),
            Scope::SiteWide(_) => false,
        }
    }

    /// Whether the listing page of term `slug` under `/base/` that shows the cards at
    /// `positions` is to be rendered (its term being in scope).
    pub fn term_page(&self, base: &str, slug: &str, positions: std::ops::Range<usize>) -> bool {
        match self {
            Scope::Affected(a) => {
                let known = if base == "tema" { &a.topic_positions } else { &a.audience_positions };
                known.get(slug).is_none_or(|ps| ps.range(positions).next().is_some())
            }
            _ => true,
        }
    }

    /// Whether any term page of the taxonomy under `/base/` (and so its index) changes.
    pub fn any_term(&self, base: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => !if base == "tema" { &a.topics } else { &a.audiences }.is_empty(),
            Scope::SiteWide(_) => false,
        }
    }

    /// Whether the site-wide output `output` is to be rendered.
    pub fn output(&self, output: SiteOutput) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) | Scope::SiteWide(a) => a.outputs.contains(&output),
        }
    }

    /// Whether a feed carrying `entries` (of all its candidate pages) is to be rendered
    /// (the feeds being in scope): when it carries an edited page.
    pub fn feed(&self, entries: &[crate::model::PageId]) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) | Scope::SiteWide(a) => entries.iter().any(|p| a.changed.contains(p)),
        }
    }

    /// Whether the e-mail of the newsletter issue `id` is to be rendered (the e-mails being
    /// in scope): it shows what the page shows, so when that page is affected.
    pub fn email(&self, id: crate::model::PageId) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) | Scope::SiteWide(a) => a.pages.contains(&id),
        }
    }
}

/// What the render stage is given: the site, its graph and everything `load` read.
pub struct Inputs<'a> {
    pub site: &'a Site,
    pub graph: &'a SiteGraph,
    pub engine: &'a Engine,
    /// Every page's rendered Markdown, indexed like `site.pages` (see [`render_markdown`]).
    pub markdown: &'a [markdown_pass::PageMarkdown],
    /// "Now" for upcoming/past: fixed per build so output is reproducible.
    pub now: DateTime<Utc>,
    /// SEQUENCE memory published by the previous build (see `feeds::calendar`).
    pub sequences: &'a feeds::ical::SequenceState,
    /// Where the pages and listings go as soon as they are rendered, instead of into the
    /// list returned (so that they need not all be held until the end).
    pub sink: Option<&'a dyn Sink>,
}

/// Takes rendered files while the rest of the site renders (`write::Publisher` writes
/// them). Each call has each path once; a path taken again later gets the later bytes.
pub trait Sink: Sync {
    fn take(&self, files: &[Output]);
}

/// Renders every page's Markdown, indexed like `site.pages`.
pub fn render_markdown(site: &Site, graph: &SiteGraph, engine: &Engine, diags: &mut Diagnostics) -> Vec<markdown_pass::PageMarkdown> {
    let label = anchor_label(site, engine);
    markdown_pass::render_all(site, graph, &engine.highlighter, &label, diags)
}

/// Renders the Markdown of the pages `ids` again into `markdown`, and checks the heading
/// anchors of the links in `linking` (pages whose `@/` links may point at them).
pub fn rerender_markdown(
    site: &Site,
    graph: &SiteGraph,
    engine: &Engine,
    ids: &[crate::model::PageId],
    linking: &[crate::model::PageId],
    markdown: &mut [markdown_pass::PageMarkdown],
    diags: &mut Diagnostics,
) {
    let label = anchor_label(site, engine);
    markdown_pass::render_some(site, graph, &engine.highlighter, &label, ids, linking, markdown, diags);
}

fn anchor_label(site: &Site, engine: &Engine) -> String {
    let strings = engine::i18n::strings(&engine.theme.strings, &site.config.language);
    strings.get("heading_anchor").cloned().unwrap_or_else(|| "#".into())
}

/// Renders the site, or the part of it in `scope`, from Markdown rendered before.
pub fn render_site(inputs: &Inputs<'_>, scope: Scope<'_>, diags: &mut Diagnostics, timings: &mut crate::timings::Timings) -> Vec<Output> {
    let Inputs { site, graph, engine, markdown, now, sequences, sink } = *inputs;
    let strings = engine::i18n::strings(&engine.theme.strings, &site.config.language);
    let progress = timings.progress().clone();
    let ctx = RenderCtx {
        site,
        graph,
        engine,
        markdown,
        dates: engine::i18n::DateFormat::new(&strings, site.config.timezone),
        strings: &strings,
        now,
        sequences,
        base: std::sync::OnceLock::new(),
        zones: feeds::ical::ZoneBlocks::default(),
        progress,
        news: std::sync::OnceLock::new(),
        languages: views::languages::labels(site, &engine.theme.strings),
    };
    // The pages and listings (parallel within) and the site-wide outputs (each made by one
    // thread) at the same time, so that both cores stay busy; put together in this order.
    let (clock_a, clock_b) = (timings.clock(), timings.clock());
    let ((mut out, diags_a, clock_a), (rest, diags_b, clock_b)) =
        rayon::join(|| pages_and_listings(&ctx, scope, clock_a, sink), || site_wide(&ctx, scope, clock_b));
    diags.extend(diags_a);
    diags.extend(diags_b);
    out.extend(rest);
    keep_last_of_each_path(&mut out);
    timings.parts("render", [clock_a, clock_b]);
    out
}

/// What a group of render steps made: its files, its problems and how long each step took.
type Part = (Vec<Output>, Diagnostics, crate::timings::Clock);

/// Renders the pages, the listings of sections and terms, and the course catalogue; these
/// drive the progress bar. With a `sink`, the pages go to it as soon as they are rendered,
/// and then the rest.
fn pages_and_listings(ctx: &RenderCtx<'_>, scope: Scope<'_>, mut clock: crate::timings::Clock, sink: Option<&dyn Sink>) -> Part {
    let mut diags = Diagnostics::default();
    let mut out = views::pages::render_pages(ctx, scope, sink, &mut diags);
    clock.lap("render: pages");
    let pass = |out: &mut Vec<Output>| {
        if let Some(sink) = sink {
            keep_last_of_each_path(out);
            sink.take(out);
            *out = Vec::new();
        }
    };
    pass(&mut out);
    out.extend(views::terms::render_terms(ctx, scope, &mut diags));
    clock.lap("render: topics and target groups");
    if scope.output(SiteOutput::Catalogue) {
        ctx.progress.stage("Course catalogue", None);
        out.extend(views::catalogue::render(ctx, &mut diags));
        clock.lap("render: course catalogue");
    }
    pass(&mut out);
    (out, diags, clock)
}

/// Renders the site-wide outputs other than the catalogue, one after the other: calendars,
/// feeds, newsletters, coverage, follow-up, the search page and the site files.
fn site_wide(ctx: &RenderCtx<'_>, scope: Scope<'_>, mut clock: crate::timings::Clock) -> Part {
    let (mut out, mut diags) = (Vec::new(), Diagnostics::default());
    if scope.output(SiteOutput::Calendars) {
        out.extend(feeds::calendar::render(ctx, &mut diags));
        clock.lap("render: calendars");
    }
    if scope.output(SiteOutput::Feeds) {
        out.extend(feeds::atom::render(ctx, scope, &mut diags));
    }
    if scope.output(SiteOutput::Newsletters) {
        out.extend(feeds::newsletter::render(ctx, scope, &mut diags));
    }
    clock.lap("render: feeds and newsletters");
    if scope.output(SiteOutput::Coverage) {
        out.extend(views::coverage::render(ctx, &mut diags));
        clock.lap("render: coverage");
    }
    if scope.output(SiteOutput::FollowUp) {
        out.extend(views::followup::render(ctx, &mut diags));
        out.extend(feeds::plan_feeds::render_atom(ctx, &mut diags));
        out.extend(feeds::opendata::render(ctx, &mut diags));
        clock.lap("render: follow-up and open data");
    }
    // The search page offers the districts, kinds and plans as filters.
    if scope.output(SiteOutput::Files) || scope.output(SiteOutput::Catalogue) || scope.output(SiteOutput::Coverage) {
        out.extend(search_page::render(ctx, &mut diags));
    }
    out.extend(site_files::render(ctx, scope, &mut diags));
    clock.lap("render: site files");
    (out, diags, clock)
}

/// Sorts outputs by path; where two have the same path, the one added last wins, so the
/// site's `static/` files override the theme's files and generated ones (`robots.txt`).
fn keep_last_of_each_path(out: &mut Vec<Output>) {
    out.reverse();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|later, earlier| later.path == earlier.path);
}

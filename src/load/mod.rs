//! Stage 1, load: read config and content files, parse front matter into typed pages.
//!
//! Problems are collected as diagnostics with file, line and column; a file that can't be
//! read or parsed is left out and the others go on, so `check` reports everything at once.

pub mod config;
pub mod convert;
pub mod files;
pub mod followup;
pub mod frontmatter;
pub mod kinds;
pub mod raw;
pub mod theme;
pub mod toml_front;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, suggest};
use crate::model::{KindFields, Language, Page, PageKind, Site, SourcePos};
use convert::Ctx;
use raw::{KindProbe, RawCourse, RawDistrict, RawNetwork, RawNewsletter, RawPage, RawPlan, RawService};

/// Options that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Keep pages marked `draft: true`.
    pub drafts: bool,
    /// The build's "now": follow-up dates are checked against it (updates not in the
    /// future, measures past their deadline). `None` skips those checks.
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// Publish at this address instead of the config's `base_url` (`--base-url`).
    pub base_url: Option<crate::model::SiteUrl>,
    /// Keep the theme's CSS and JS and the search index under fixed names (`serve`).
    pub plain_names: bool,
}

/// The result of loading: the site when the config could be read, and every problem found.
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
    /// The hash of each Markdown file's text ([`text_hash`]), drafts and broken files too.
    pub hashes: BTreeMap<PathBuf, u64>,
    /// The kinds `_index.md` files give their folders (what pages inherit).
    pub section_kinds: BTreeMap<String, PageKind>,
}

/// Content files to read from memory instead of from disk: the text a file would have
/// (`Some`, also for a file that does not exist yet) or `None` for a file taken away. For
/// checking a save before it is written (`serve`'s editor).
pub type Overlay = BTreeMap<PathBuf, Option<String>>;

/// Reads a whole site folder.
pub fn load_site(root: &Path, options: &LoadOptions) -> Loaded {
    load_site_with(root, options, &Overlay::new())
}

/// [`load_site`] as if the files in `overlay` had the text it gives.
pub fn load_site_with(root: &Path, options: &LoadOptions, overlay: &Overlay) -> Loaded {
    let mut diagnostics = Diagnostics::default();
    let mut config = match config::load_config(root) {
        Ok(c) => c,
        Err(errors) => {
            errors.into_iter().for_each(|d| diagnostics.push(d));
            return Loaded { site: None, diagnostics, hashes: BTreeMap::new(), section_kinds: BTreeMap::new() };
        }
    };
    if let Some(url) = &options.base_url {
        config.set_base_url(url.clone());
    }
    config.fingerprint = !options.plain_names;
    let files = match files::list_content(root) {
        Ok(f) => f,
        Err(e) => {
            diagnostics.push(Diagnostic::new(Code::Read, Path::new("content"), SourcePos::default(), format!("can't list content/: {e}")));
            return Loaded { site: None, diagnostics, hashes: BTreeMap::new(), section_kinds: BTreeMap::new() };
        }
    };
    for rel in &files.outside {
        let msg = "this file is a symbolic link to a file outside the site folder, which is not published";
        let help = "copy the file into the site (beside its page) instead of linking to it";
        diagnostics.push(Diagnostic::new(Code::OutsideSite, rel, SourcePos::default(), msg).with_help(Some(help.into())));
    }
    let mut markdown = files.markdown.clone();
    if !overlay.is_empty() {
        markdown.retain(|rel| !overlay.contains_key(rel));
        markdown.extend(overlay.iter().filter(|(_, text)| text.is_some()).map(|(rel, _)| rel.clone()));
        markdown.sort();
    }
    let read = |rel: &PathBuf| match overlay.get(rel) {
        Some(Some(text)) => Ok(text.clone()),
        _ => files::read_text(root, rel),
    };
    let texts: Vec<(PathBuf, Result<String, Diagnostic>)> = markdown.par_iter().map(|rel| (rel.clone(), read(rel))).collect();
    let section_kinds = section_kinds(&texts);
    let results: Vec<(PathBuf, u64, Parsed)> = texts
        .into_par_iter()
        .map(|(rel, text)| match text {
            Ok(text) => (rel.clone(), text_hash(&text), parse_page(&rel, text, &section_kinds, config.timezone, options)),
            Err(d) => (rel, 0, Err(vec![d])),
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut hashes = BTreeMap::new();
    for (rel, hash, r) in results {
        hashes.insert(rel, hash);
        match r {
            Ok(Some((page, warnings))) => {
                warnings.into_iter().for_each(|d| diagnostics.push(d));
                pages.push(page);
            }
            Ok(None) => {}
            Err(ds) => ds.into_iter().for_each(|d| diagnostics.push(d)),
        }
    }
    check_languages(&mut pages, &config, &mut diagnostics);
    let static_files = files::read_static_files(root, &files.assets, &mut diagnostics).into();
    let mut site =
        Site { root: root.to_path_buf(), config, pages, assets: files.assets, static_files, file_facts: Default::default(), versions: Default::default() };
    site.versions = std::sync::Arc::new(crate::model::Versions::of(&site));
    Loaded { site: Some(site), diagnostics, hashes, section_kinds }
}

/// A parsed page with its warnings; `None` for a draft that is left out.
pub type Parsed = Result<Option<(Page, Vec<Diagnostic>)>, Vec<Diagnostic>>;

/// A hash of a file's text, to tell whether a save changed it.
pub fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Parses one content file's text into its page; `None` for a draft that is left out.
pub fn parse_page(rel: &Path, text: String, sections: &BTreeMap<String, PageKind>, tz: chrono_tz::Tz, options: &LoadOptions) -> Parsed {
    let today = options.now.map(|now| followup::today(now, tz));
    let (page, warnings) = load_page(rel, text, sections, tz, today)?;
    Ok((options.drafts || !page.meta.draft).then_some((page, warnings)))
}

/// Where a build keeps the calendars' SEQUENCE memory, in the output folder.
pub const CALENDAR_STATE_FILE: &str = "kalender/sekvens.json";

/// The calendar state the previous build published in `output_dir`, if any.
pub fn previous_calendar_state(output_dir: &Path) -> Option<String> {
    std::fs::read_to_string(output_dir.join(CALENDAR_STATE_FILE)).ok()
}

/// The hash of every Markdown file's text under `content/` (0 for one that cannot be read),
/// as [`load_site`] records them: what the workspace store compares to find edits.
pub fn content_hashes(root: &Path) -> std::io::Result<BTreeMap<PathBuf, u64>> {
    let files = files::list_content(root)?;
    Ok(files
        .markdown
        .into_par_iter()
        .map(|rel| {
            let hash = files::read_text(root, &rel).map_or(0, |t| text_hash(&t));
            (rel, hash)
        })
        .collect())
}

/// A fingerprint of everything a site is made from besides its Markdown files: the config,
/// templates, themes, static files and content assets (each path with its length and
/// modification time), and the `planverk` program itself. Equal fingerprints mean that a
/// workspace store can be picked up again.
pub fn inputs_fingerprint(root: &Path) -> std::io::Result<u64> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let stamp = |path: &Path, h: &mut std::collections::hash_map::DefaultHasher| {
        let meta = std::fs::metadata(path).ok();
        path.hash(h);
        meta.as_ref().map(std::fs::Metadata::len).hash(h);
        meta.and_then(|m| m.modified().ok()).hash(h);
    };
    if let Ok(exe) = std::env::current_exe() {
        stamp(&exe, &mut h);
    }
    env!("CARGO_PKG_VERSION").hash(&mut h);
    stamp(&root.join("config.toml"), &mut h);
    for dir in ["templates", "themes", "static", "i18n"] {
        let mut found = Vec::new();
        files::walk_all(&root.join(dir), &mut found)?;
        found.sort();
        found.iter().for_each(|p| stamp(p, &mut h));
    }
    for asset in files::list_content(root)?.assets {
        stamp(&root.join(asset), &mut h);
    }
    Ok(h.finish())
}

/// The entry `name` of the picture cache in `dir` (see [`crate::assets::publish`]), if an
/// earlier build left it there.
pub fn read_cached(dir: &Path, name: &str) -> Option<Vec<u8>> {
    std::fs::read(dir.join(name)).ok()
}

/// Loads one content file from its bytes, as `load_site` would if its folder's `_index.md`
/// gave the kind `folder_kind` (for fuzzing and tools).
pub fn load_one(rel: &Path, bytes: Vec<u8>, folder_kind: PageKind, tz: chrono_tz::Tz) -> Result<Page, Vec<Diagnostic>> {
    let text = files::decode(bytes, rel).map_err(|d| vec![d])?;
    let (path, is_section) = content_path(rel);
    let folder = if is_section { path.as_str() } else { path.rsplit_once('/').map_or("", |(dir, _)| dir) };
    load_page(rel, text, &BTreeMap::from([(folder.to_string(), folder_kind)]), tz, None).map(|(page, _warnings)| page)
}

/// The content path of a file: `content/planer/x.md` → `planer/x`; `_index.md` → its folder.
/// A translation has the path of its original (`planer/x.nn.md` → `planer/x`).
pub fn content_path(rel: &Path) -> (String, bool) {
    let (path, is_section, _) = content_path_lang(rel);
    (path, is_section)
}

/// [`content_path`], and the language the file name gives: `planer/x.nn.md` translates
/// `planer/x.md` into `nn`, `_index.en.md` a section into `en` (Zola's convention).
pub fn content_path_lang(rel: &Path) -> (String, bool, Option<Language>) {
    let inner = rel.strip_prefix("content").unwrap_or(rel);
    let mut text = inner.with_extension("").to_string_lossy().replace('\\', "/");
    let (dir, name) = text.rsplit_once('/').map_or(("", text.as_str()), |(d, n)| (d, n));
    let mut lang = None;
    if let Some((stem, suffix)) = name.rsplit_once('.')
        && !stem.is_empty()
        && let Some(l) = Language::parse(suffix)
    {
        lang = Some(l);
        text = if dir.is_empty() { stem.to_string() } else { format!("{dir}/{stem}") };
    }
    if let Some(dir) = text.strip_suffix("_index") {
        return (dir.trim_end_matches('/').to_string(), true, lang);
    }
    // A page folder: `aktuelt/sak/index.md` is the page `aktuelt/sak`, its images and
    // documents beside it.
    match text.strip_suffix("/index") {
        Some(dir) => (dir.to_string(), false, lang),
        None => (text, false, lang),
    }
}

/// Checks the language each file name gives against the config: a translation into a
/// language the site does not have is refused (naming the configured ones), and a file
/// marked with the default language is the original.
fn check_languages(pages: &mut Vec<Page>, config: &crate::model::Config, diagnostics: &mut Diagnostics) {
    let configured: Vec<String> = config.all_languages().iter().map(|l| l.code().to_string()).collect();
    pages.retain_mut(|page| {
        let Some(lang) = &page.lang else { return true };
        if *lang == config.default_language {
            page.lang = None;
            return true;
        }
        if config.version(lang).is_some() {
            return true;
        }
        let msg = format!("the file name marks a translation into `{lang}`, but the site has no such language (it has {})", configured.join(", "));
        let help = format!("add [languages.{lang}] to config.toml, or rename the file (a dot before .md marks a translation)");
        diagnostics.push(Diagnostic::new(Code::Language, &page.source, SourcePos { line: 1, column: 1 }, msg).with_help(Some(help)));
        false
    });
}

/// Default kinds declared by `_index.md` files, by folder.
fn section_kinds(texts: &[(PathBuf, Result<String, Diagnostic>)]) -> BTreeMap<String, PageKind> {
    let mut out = BTreeMap::new();
    for (rel, text) in texts {
        let (path, is_section, lang) = content_path_lang(rel);
        let Ok(text) = text else { continue };
        // A translated `_index.xx.md` can't give its folder another kind than the original.
        if !is_section || lang.is_some() {
            continue;
        }
        let Ok(split) = frontmatter::split(text) else {
            continue;
        };
        let Ok(fm) = frontmatter::prepare(&split, rel) else {
            continue;
        };
        if let Ok(probe) = frontmatter::parse_front::<KindProbe>(&fm, rel)
            && let Some(kind) = probe.kind.and_then(|k| PageKind::parse(&k.value))
        {
            out.insert(path, kind);
        }
    }
    out
}

/// The kind a page in folder `path` gets when it names none.
fn inherited_kind(path: &str, sections: &BTreeMap<String, PageKind>) -> PageKind {
    let mut dir = path;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        if let Some(k) = sections.get(parent) {
            return *k;
        }
        dir = parent;
    }
    sections.get("").copied().unwrap_or(PageKind::Page)
}

/// One page and its warnings, or every error found in it.
type PageResult = Result<(Page, Vec<Diagnostic>), Vec<Diagnostic>>;

fn load_page(rel: &Path, text: String, sections: &BTreeMap<String, PageKind>, tz: chrono_tz::Tz, today: Option<chrono::NaiveDate>) -> PageResult {
    let split = frontmatter::split(&text).map_err(|(pos, msg, help)| vec![Diagnostic::new(Code::FrontMatter, rel, pos, msg).with_help(help)])?;
    let (path, is_section, lang) = content_path_lang(rel);
    let fm = frontmatter::prepare(&split, rel).map_err(|d| vec![d])?;
    let probe: KindProbe = frontmatter::parse_front(&fm, rel).map_err(|d| vec![d])?;
    let mut ctx = Ctx::new(rel, split.yaml_line, tz);
    ctx.lines = fm.lines.clone();
    ctx.today = today;
    let named = probe.kind.as_ref().map(|k| (ctx.pos(k), k.value.trim().to_string()));
    let named_kind = match &named {
        Some((pos, name)) => match PageKind::parse(name) {
            Some(k) => Some(k),
            None => {
                let help = suggest(name, PageKind::NAMES.iter().copied())
                    .map(|c| format!("did you mean `{c}`? Kinds: {}", PageKind::NAMES.join(", ")))
                    .or_else(|| Some(format!("the kinds are: {}", PageKind::NAMES.join(", "))));
                return Err(vec![Diagnostic::new(Code::UnknownKind, rel, *pos, format!("`{name}` is not a kind of page")).with_help(help)]);
            }
        },
        None => None,
    };
    let (kind, section_kind) = if is_section { (PageKind::Page, named_kind) } else { (named_kind.unwrap_or_else(|| inherited_kind(&path, sections)), None) };
    let (common, fields) = parse_kind(kind, &fm, rel, &mut ctx).map_err(|d| vec![field_of_other_kind(d, kind, &fm)])?;
    if let Some(p) = common.paginate_by.as_ref().filter(|_| !is_section) {
        let pos = ctx.pos(p);
        ctx.error(
            Code::UnknownField,
            pos,
            "`paginate_by` only works in a section's `_index.md`",
            Some("move it to the `_index.md` of the folder whose listing it sets, or remove it".into()),
        );
    }
    let meta = ctx.meta(common);
    if ctx.diags.iter().any(|d| d.severity == crate::diagnostics::Severity::Error) {
        return Err(ctx.diags);
    }
    let body = split.body.to_string();
    let page = Page { path, source: rel.to_path_buf(), is_section, section_kind, meta, fields, body, body_line: split.body_line, lang, stand_in: false };
    Ok((page, ctx.diags))
}

/// An unknown top-level field that another kind has (`covers` on a plain page) gets a
/// help that names that kind: the kinds whose fields the front matter has, all of them.
fn field_of_other_kind(d: Diagnostic, kind: PageKind, fm: &frontmatter::FrontMatter<'_>) -> Diagnostic {
    if d.code != Code::UnknownField || d.column != 1 {
        return d;
    }
    // The message names the field: "`covers` is not a field I know here".
    let Some(field) = d.message.split('`').nth(1).filter(|f| !f.is_empty()).map(str::to_string) else {
        return d;
    };
    let owners: Vec<&str> = PageKind::NAMES
        .iter()
        .filter_map(|name| PageKind::parse(name).filter(|k| *k != kind).map(|k| (name, k)))
        .filter(|(_, k)| {
            let mut ctx = Ctx::new(Path::new(""), fm.first_line, chrono_tz::UTC);
            ctx.lines = fm.lines.clone();
            parse_kind(*k, fm, Path::new(""), &mut ctx).err().is_none_or(|e| e.code != Code::UnknownField)
        })
        .map(|(name, _)| *name)
        .collect();
    match owners.as_slice() {
        [] => d,
        [one] => {
            let help = format!("`{field}` belongs to pages of kind `{one}`; this page is a `{}`. Add `kind: {one}` or remove `{field}`", kind.as_str());
            d.with_help(Some(help))
        }
        many => {
            let help = format!("`{field}` belongs to pages of kind {}; this page is a `{}`", many.join(", "), kind.as_str());
            d.with_help(Some(help))
        }
    }
}

/// Parses the front matter with the struct of `kind`.
fn parse_kind(kind: PageKind, fm: &frontmatter::FrontMatter<'_>, rel: &Path, ctx: &mut Ctx<'_>) -> Result<(raw::RawCommon, KindFields), Diagnostic> {
    use frontmatter::parse_front as parse;
    Ok(match kind {
        PageKind::Page | PageKind::News => {
            let (c, _) = parse::<RawPage>(fm, rel)?.split();
            (c, if kind == PageKind::News { KindFields::News } else { KindFields::Page })
        }
        PageKind::Plan => {
            let (c, r) = parse::<RawPlan>(fm, rel)?.split();
            (c, KindFields::Plan(Box::new(kinds::plan(r, ctx))))
        }
        PageKind::Course => {
            let (c, r) = parse::<RawCourse>(fm, rel)?.split();
            (c, KindFields::Course(Box::new(kinds::course(r, ctx))))
        }
        PageKind::Network => {
            let (c, r) = parse::<RawNetwork>(fm, rel)?.split();
            (c, KindFields::Network(Box::new(kinds::network(r, ctx))))
        }
        PageKind::Newsletter => {
            let (c, r) = parse::<RawNewsletter>(fm, rel)?.split();
            (c, KindFields::Newsletter(kinds::newsletter(r, ctx)))
        }
        PageKind::District => {
            let (c, r) = parse::<RawDistrict>(fm, rel)?.split();
            (c, KindFields::District(kinds::district(r)))
        }
        PageKind::Service => {
            let (c, r) = parse::<RawService>(fm, rel)?.split();
            (c, KindFields::Service(kinds::service(r)))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_paths() {
        assert_eq!(content_path(Path::new("content/planer/x.md")), ("planer/x".into(), false));
        assert_eq!(content_path(Path::new("content/planer/_index.md")), ("planer".into(), true));
        assert_eq!(content_path(Path::new("content/_index.md")), ("".into(), true));
        let nn = Language::parse("nn");
        assert_eq!(content_path_lang(Path::new("content/kurs/mi-grunnkurs.nn.md")), ("kurs/mi-grunnkurs".into(), false, nn.clone()));
        assert_eq!(content_path_lang(Path::new("content/kurs/_index.nn.md")), ("kurs".into(), true, nn.clone()));
        assert_eq!(content_path_lang(Path::new("content/_index.nn.md")), ("".into(), true, nn));
        assert_eq!(content_path_lang(Path::new("content/.nn.md")).2, None, "a name that is only a language is not a translation");
        assert_eq!(content_path_lang(Path::new("content/plan.v2.md")), ("plan.v2".into(), false, None));
        assert_eq!(content_path(Path::new("content/aktuelt/sak/index.md")), ("aktuelt/sak".into(), false));
    }

    #[test]
    fn kinds_are_inherited_from_the_nearest_section() {
        let mut s = BTreeMap::new();
        s.insert("kurs".to_string(), PageKind::Course);
        assert_eq!(inherited_kind("kurs/mi", &s), PageKind::Course);
        assert_eq!(inherited_kind("kurs/2027/mi", &s), PageKind::Course);
        assert_eq!(inherited_kind("om", &s), PageKind::Page);
    }
}

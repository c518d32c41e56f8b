//! Language versions of a site: which pages each language has, and the view of the site
//! that one language's outputs are rendered from.
//!
//! A translation is a page of its own (`kurs/mi.nn.md`) with its original's content path
//! (`kurs/mi`). The view of a language holds its pages, the default language's pages that
//! it has no translation of (linked where they are, at the root, with their `lang`), and
//! for each section it has no `_index.xx.md` of, a stand-in: the original section,
//! published under `/xx/` so that every listing exists in every language.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Language, Page, Site, When};

/// One language version of a content path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub lang: Language,
    /// The version's own `slug` (a translation may translate the last part of the address).
    pub slug: Option<String>,
    /// A section shown in a language it has no translation in (see [`Page::stand_in`]).
    pub stand_in: bool,
    /// The version's `updated` (else `date`), for telling a translation that is behind.
    pub updated: Option<When>,
    /// The file, relative to the site root (the original's, for a stand-in).
    pub source: std::path::PathBuf,
}

/// Every language version of every content path, over the whole site; empty for a site
/// with one language.
#[derive(Debug, Clone, Default)]
pub struct Versions {
    pub by_path: BTreeMap<String, Vec<Version>>,
}

impl Versions {
    /// The versions of a site's pages (all languages loaded), the default language first and
    /// then the others in the config's order.
    pub fn of(site: &Site) -> Versions {
        let cfg = &site.config;
        if !cfg.is_multilingual() {
            return Versions::default();
        }
        let mut found: BTreeMap<&str, BTreeMap<&Language, &Page>> = BTreeMap::new();
        for page in &site.pages {
            found.entry(page.path.as_str()).or_default().insert(page.version_lang(&cfg.default_language), page);
        }
        let mut by_path = BTreeMap::new();
        for (path, pages) in found {
            let original = pages.get(&cfg.default_language).copied();
            let versions: Vec<Version> = cfg
                .all_languages()
                .into_iter()
                .filter_map(|lang| match (pages.get(&lang), original) {
                    (Some(p), _) => {
                        Some(Version { lang, slug: p.meta.slug.clone(), stand_in: false, updated: p.meta.updated.or(p.meta.date), source: p.source.clone() })
                    }
                    (None, Some(o)) if o.is_section => {
                        Some(Version { lang, slug: o.meta.slug.clone(), stand_in: true, updated: None, source: o.source.clone() })
                    }
                    _ => None,
                })
                .collect();
            by_path.insert(path.to_string(), versions);
        }
        Versions { by_path }
    }

    /// The versions of the page at `path` (none in a one-language site).
    pub fn of_path(&self, path: &str) -> &[Version] {
        self.by_path.get(path).map_or(&[], Vec::as_slice)
    }
}

impl Site {
    /// The language a link to page `id` is marked with (`hreflang`): its text's, when that
    /// is not this view's language (a page with no translation, shown from the default
    /// language, or one whose `lang:` says so); none for a stand-in section.
    pub fn link_language(&self, id: super::PageId) -> Option<&Language> {
        let page = &self.pages[id];
        let lang = page.text_language(&self.config.default_language);
        (!page.stand_in && *lang != self.config.language).then_some(lang)
    }

    /// The site as the outputs of language `lang` are rendered from it: its config in that
    /// language ([`crate::model::Config::for_language`]), its pages, and the default
    /// language's pages it has no translation of (sections among them as stand-ins).
    pub fn language_view(&self, lang: &Language, versions: &Arc<Versions>) -> Site {
        let default = &self.config.default_language;
        let is_default = lang == default;
        let own: std::collections::HashSet<&str> = self.pages.iter().filter(|p| p.version_lang(default) == lang).map(|p| p.path.as_str()).collect();
        let pages = self
            .pages
            .iter()
            .filter_map(|p| {
                let version = p.version_lang(default);
                if version == lang {
                    return Some(p.clone());
                }
                if is_default || version != default || own.contains(p.path.as_str()) {
                    return None;
                }
                let mut p = p.clone();
                if p.is_section {
                    p.lang = Some(lang.clone());
                    p.stand_in = true;
                }
                Some(p)
            })
            .collect();
        Site {
            root: self.root.clone(),
            config: self.config.for_language(lang),
            pages,
            assets: self.assets.clone(),
            // Every view resolves site paths (`image: {src: /media/x.png}` on a page it shows
            // untranslated) against the same files; only the default view publishes them
            // (`render::site_files` returns early for a view with a URL prefix).
            static_files: self.static_files.clone(),
            file_facts: self.file_facts.clone(),
            versions: versions.clone(),
        }
    }
}

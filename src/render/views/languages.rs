//! Language versions on a page: the `hreflang` alternates in its head and the language
//! switcher in its header, each language named in its own words.

use serde::Serialize;

use crate::model::{Language, PageId};
use crate::render::RenderCtx;
use crate::resolve::urls::version_url;

/// A language of the site as the switcher names it.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageLabel {
    pub code: String,
    /// The language's name in itself ("Nynorsk", "English", "Davvisámegiella").
    pub name: String,
    /// Said (in that language) when the page has no version in it and the link goes to
    /// that language's home page instead.
    pub missing: String,
    /// The language's home page: `/` or `/nn/`.
    pub home: String,
}

/// One link of the switcher, or one `<link rel="alternate">`.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: String,
    pub name: String,
    pub url: String,
    pub permalink: String,
    /// Whether this is the language of the page being shown.
    pub current: bool,
    /// Whether the page has a version in this language; else `url` is that language's home
    /// page and `missing` says so.
    pub exists: bool,
    pub missing: Option<String>,
}

/// The labels of every language of the site, the default first (empty with one language).
pub fn labels(site: &crate::model::Site, tables: &std::collections::BTreeMap<String, crate::load::theme::Strings>) -> Vec<LanguageLabel> {
    let cfg = &site.config;
    if !cfg.is_multilingual() {
        return Vec::new();
    }
    cfg.all_languages()
        .into_iter()
        .map(|lang| {
            let own = crate::render::engine::i18n::strings(tables, &lang);
            let get = |k: &str| own.get(k).cloned().unwrap_or_default();
            LanguageLabel {
                home: format!("{}/", cfg.prefix_of(&lang)),
                name: get("language_name"),
                missing: get("translation_missing"),
                code: lang.code().to_string(),
            }
        })
        .collect()
}

impl RenderCtx<'_> {
    /// Puts the page's language versions into its context: `alternates` and `x_default`
    /// for the head, `switcher` for the header.
    pub fn insert_versions(&self, c: &mut crate::render::engine::reusable::ReusableContext, id: PageId) {
        let switcher = self.switcher(Some(id));
        let alternates: Vec<&Alternate> = switcher.iter().filter(|a| a.exists).collect();
        c.insert("alternates", &alternates);
        c.insert("x_default", &self.default_alternate(id));
        c.insert("switcher", &switcher);
    }

    /// The versions of page `id` in every language that has it (the page's own included),
    /// for `<link rel="alternate" hreflang>`; empty in a one-language site.
    pub fn alternates(&self, id: PageId) -> Vec<Alternate> {
        self.switcher(Some(id)).into_iter().filter(|a| a.exists).collect()
    }

    /// The `x-default` alternate: the default language's version of page `id`, if it has one.
    pub fn default_alternate(&self, id: PageId) -> Option<String> {
        let page = &self.site.pages[id];
        let versions = self.site.versions.of_path(&page.path);
        let default = &self.site.config.default_language;
        versions.iter().find(|v| v.lang == *default).map(|v| self.absolute(&version_url(&page.path, v.slug.as_deref(), None)))
    }

    /// One entry per language of the site: the page's version in it, or that language's
    /// home page when there is none (`page` `None`: a page made by planverk, such as the
    /// search page, whose address is the same in every language under its prefix).
    pub fn switcher(&self, page: Option<PageId>) -> Vec<Alternate> {
        let cfg = &self.site.config;
        let current = &cfg.language;
        self.languages
            .iter()
            .map(|label| {
                let lang = Language::parse(&label.code).unwrap_or_else(Language::nb);
                let url = page.and_then(|id| self.version_url(id, &lang));
                let exists = url.is_some();
                let url = url.unwrap_or_else(|| label.home.clone());
                Alternate {
                    permalink: self.absolute(&url),
                    current: lang == *current,
                    missing: (!exists).then(|| label.missing.clone()),
                    lang: label.code.clone(),
                    name: label.name.clone(),
                    url: self.href(&url),
                    exists,
                }
            })
            .collect()
    }

    /// The address of the version in `lang` of page `id`, if it has one.
    fn version_url(&self, id: PageId, lang: &Language) -> Option<String> {
        let page = &self.site.pages[id];
        let cfg = &self.site.config;
        let v = self.site.versions.of_path(&page.path).iter().find(|v| v.lang == *lang)?;
        let lang = (*lang != cfg.default_language).then_some(lang);
        Some(version_url(&page.path, v.slug.as_deref(), lang))
    }

    /// The language of page `id`'s text when it differs from the language of the render:
    /// a page shown from the default language (no translation), a stand-in section, or a
    /// page whose `lang:` says so. Goes on its card and content as `lang`.
    pub fn text_lang(&self, id: PageId) -> Option<String> {
        let page = &self.site.pages[id];
        let cfg = &self.site.config;
        let lang = match (&page.meta.lang, page.stand_in) {
            (Some(l), _) => l.clone(),
            (None, true) => cfg.default_language.clone(),
            (None, false) => page.version_lang(&cfg.default_language).clone(),
        };
        (lang != cfg.language).then(|| lang.code().to_string())
    }
}

//! The validated site configuration (the raw TOML form lives in `load::config`).

use chrono_tz::Tz;
use serde::Serialize;

/// A language, as a BCP 47 tag (`nb`, `nn`, `en`, `se`, `smj`, `sma`, `en-GB`): the language
/// of a site, of a language version of it, or of a page's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Language(String);

/// The languages the default theme has UI strings for.
pub const BUILT_IN_LANGUAGES: [&str; 3] = ["nb", "nn", "en"];

impl Language {
    /// A tag as written: a primary language of 2–3 letters, then subtags of 2–8 letters or
    /// digits, separated by `-`. The primary part is lowercased; `no` means `nb`.
    pub fn parse(s: &str) -> Option<Language> {
        let s = s.trim();
        let mut parts = s.split('-');
        let primary = parts.next()?.to_ascii_lowercase();
        if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        let rest: Vec<&str> = parts.collect();
        if !rest.iter().all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric())) {
            return None;
        }
        let primary = if primary == "no" { "nb".to_string() } else { primary };
        Some(Language(std::iter::once(primary.as_str()).chain(rest).collect::<Vec<_>>().join("-")))
    }

    /// Bokmål, the default.
    pub fn nb() -> Language {
        Language("nb".into())
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// The primary language without region or script: `en` for `en-GB`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `[languages.xx]` in config.toml: a further language version of the site, published under
/// `/xx/`, with what it says in its own language instead of the site's.
#[derive(Debug, Clone)]
pub struct LanguageVersion {
    pub language: Language,
    pub title: Option<String>,
    pub description: Option<String>,
    /// `[[languages.xx.menu]]`; `None`: the site's menu.
    pub menu: Option<Vec<MenuEntry>>,
    /// Topic names in this language, by the name the pages use (`[languages.xx.topics]`).
    pub topics: std::collections::BTreeMap<String, String>,
    /// Where `[languages.xx]` stands in config.toml.
    pub pos: crate::model::SourcePos,
}

/// Site settings after validation: required values are present, zones and URLs parsed.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Without trailing slash: `https://korus.example.org` (or with a sub-path,
    /// `https://example.org/rusplan`). Emit URLs through [`Config::site_url`], never by
    /// gluing this to a path.
    pub base_url: String,
    /// `base_url` split into origin and sub-path: the one way to emit a URL.
    pub site_url: crate::model::SiteUrl,
    /// Publish the theme's CSS and JS under content-hashed names with SRI, and the search
    /// index in a folder named for its build (`build`; `serve` turns it off).
    pub fingerprint: bool,
    /// The language of the pages rendered: the site's default language (`language`), or in
    /// the view of one language version ([`Config::for_language`]) that version's.
    pub language: Language,
    /// The site's default language, published at the root.
    pub default_language: Language,
    /// The further language versions, by code (`[languages.xx]`).
    pub languages: Vec<LanguageVersion>,
    /// `""` for the default language; `/nn` in the view of the nynorsk version: what the
    /// site-wide addresses (search, calendars, topics, data) start with.
    pub url_prefix: String,
    pub timezone: Tz,
    pub theme: String,
    pub output_dir: String,
    /// Page path of the event featured at the top of the home page.
    pub featured: Option<String>,
    /// Where each top-level key stands in config.toml, for diagnostics about its value.
    pub key_positions: std::collections::BTreeMap<String, crate::model::SourcePos>,
    /// Page path of the accessibility statement (footer link).
    pub accessibility_statement: Option<String>,
    /// Page path with contact details (footer link).
    pub contact_page: Option<String>,
    /// Menu entries: label and page path.
    pub menu: Vec<MenuEntry>,
    /// Settings for plans (`[plans]`).
    pub plans: PlansConfig,
    /// The site-wide notice banner (`[notice]`), shown at the top of every page.
    pub notice: Option<Notice>,
    /// Cards per listing page (sections, topics, target groups); 0 lists all on one page.
    pub paginate_by: usize,
    /// `[link_checker]`: how `check --external` checks links to other sites.
    pub link_checker: LinkChecker,
    /// The editor at `/admin/` (`[cms]`).
    pub cms: CmsConfig,
}

/// `[link_checker]` in config.toml.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinkChecker {
    /// Hosts not to check (they refuse robots, or answer slowly): `lovdata.no` also
    /// covers `www.lovdata.no`.
    pub skip: Vec<String>,
    /// Seconds to wait for an answer.
    pub timeout: u64,
    /// Requests at a time to one host.
    pub per_host: usize,
    /// Days a link that answered well is not asked again (the cache in `.planverk/`).
    pub cache_days: u64,
}

impl Default for LinkChecker {
    fn default() -> Self {
        LinkChecker { skip: Vec::new(), timeout: 10, per_host: 2, cache_days: 7 }
    }
}

impl Config {
    /// Publishes the site at another address (`--base-url`, `serve`'s own address).
    pub fn set_base_url(&mut self, url: crate::model::SiteUrl) {
        self.base_url = url.base_url();
        self.site_url = url;
    }
}

/// `[cms]` in config.toml: how the editor at `/admin/` loads Decap CMS, and whether `build`
/// publishes it.
#[derive(Debug, Clone, Default)]
pub struct CmsConfig {
    /// The Decap script: an address, or a file path (relative to the site) that `serve`
    /// serves with the files beside it. `None`: the pinned release from unpkg, with SRI.
    pub script: Option<String>,
    /// The script's Subresource Integrity hash (`sha384-…`), for a script of one's own.
    pub integrity: Option<String>,
    /// Write `/admin/` into the built site too (for Decap's git-gateway or GitHub backends).
    pub publish: bool,
    /// `[cms.backend]` as written, for a published editor.
    pub backend: Option<serde_json::Value>,
}

impl Config {
    /// Whether the site has more than one language version.
    pub fn is_multilingual(&self) -> bool {
        !self.languages.is_empty()
    }

    /// Every language of the site: the default first, then the others by code.
    pub fn all_languages(&self) -> Vec<Language> {
        std::iter::once(self.default_language.clone()).chain(self.languages.iter().map(|l| l.language.clone())).collect()
    }

    /// The address prefix of a language: `""` for the default, `/nn` for nynorsk.
    pub fn prefix_of(&self, lang: &Language) -> String {
        if *lang == self.default_language { String::new() } else { format!("/{}", lang.code()) }
    }

    /// The configured version of `lang` (not for the default language).
    pub fn version(&self, lang: &Language) -> Option<&LanguageVersion> {
        self.languages.iter().find(|l| l.language == *lang)
    }

    /// The config as the view of one language version sees it: that language, its title,
    /// description and menu where `[languages.xx]` gives them, and its address prefix.
    pub fn for_language(&self, lang: &Language) -> Config {
        let mut c = self.clone();
        c.language = lang.clone();
        c.url_prefix = self.prefix_of(lang);
        if let Some(v) = self.version(lang) {
            c.title = v.title.clone().unwrap_or(c.title);
            c.description = v.description.clone().unwrap_or(c.description);
            if let Some(menu) = &v.menu {
                c.menu = menu.clone();
            }
        }
        c
    }

    /// A topic's name in the language of this view (`[languages.xx.topics]`), else as written.
    pub fn topic_name<'a>(&'a self, topic: &'a str) -> &'a str {
        self.version(&self.language).and_then(|v| v.topics.get(topic)).map_or(topic, String::as_str)
    }
}

/// `[notice]` in config.toml: a short message shown at the top of every page and in the
/// e-mail version of newsletters.
#[derive(Debug, Clone)]
pub struct Notice {
    /// Plain text; escaped wherever it is shown.
    pub text: String,
    pub level: NoticeLevel,
    /// Where the notice links to, if anywhere.
    pub link: Option<NoticeLink>,
}

/// How urgent a notice is: it sets the banner's label and colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeLevel {
    Info,
    Warning,
}

impl NoticeLevel {
    pub fn parse(s: &str) -> Option<NoticeLevel> {
        match s {
            "info" => Some(NoticeLevel::Info),
            "warning" => Some(NoticeLevel::Warning),
            _ => None,
        }
    }

    /// The theme string that labels a banner of this level.
    pub fn label_key(self) -> &'static str {
        match self {
            NoticeLevel::Info => "notice_info",
            NoticeLevel::Warning => "notice_warning",
        }
    }
}

/// The link of a notice: a content path (checked at build time) or an address as written.
#[derive(Debug, Clone)]
pub struct NoticeLink {
    pub path: String,
    /// The link's words; `None`: the theme's "read more".
    pub text: Option<String>,
    /// Where `link` stands in config.toml.
    pub pos: crate::model::SourcePos,
}

impl NoticeLink {
    /// Whether `path` is an address to link as written rather than a content path.
    pub fn is_address(&self) -> bool {
        is_address(&self.path)
    }
}

/// Cards per listing page when config.toml does not say.
pub const DEFAULT_PAGINATE_BY: usize = 20;

/// `[plans]` in config.toml.
#[derive(Debug, Clone, Default)]
pub struct PlansConfig {
    /// Units in `responsible` that stand for the districts (`Bydelene`): only items that
    /// name one of them, or no unit at all, are warned about when no district covers them.
    /// Compared case-insensitively. Empty: every item of a followed city plan is checked.
    pub district_units: Vec<String>,
}

/// One entry in the main menu.
#[derive(Debug, Clone, Serialize)]
pub struct MenuEntry {
    pub label: String,
    /// A content path (`planer`), or an address as written (`/kart/`, `https://…`).
    pub path: String,
    /// Where the entry's `path` stands in config.toml.
    #[serde(skip)]
    pub pos: crate::model::SourcePos,
}

impl MenuEntry {
    /// Whether `path` is an address to link as written rather than a content path.
    pub fn is_address(&self) -> bool {
        is_address(&self.path)
    }
}

/// An address starting with `/`, `https://` or `http://` is linked as written.
fn is_address(path: &str) -> bool {
    path.starts_with('/') || path.starts_with("https://") || path.starts_with("http://")
}

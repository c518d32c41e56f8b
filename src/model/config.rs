//! The validated site configuration (the raw TOML form lives in `load::config`).

use chrono_tz::Tz;
use serde::Serialize;

/// UI language of the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Nb,
    Nn,
    En,
}

impl Language {
    pub fn parse(s: &str) -> Option<Language> {
        match s {
            "nb" | "no" => Some(Language::Nb),
            "nn" => Some(Language::Nn),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::Nb => "nb",
            Language::Nn => "nn",
            Language::En => "en",
        }
    }
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
    pub language: Language,
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

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
    /// Without trailing slash: `https://korus.example.org`.
    pub base_url: String,
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
}

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
        self.path.starts_with('/') || self.path.starts_with("https://") || self.path.starts_with("http://")
    }
}

//! A page: one Markdown file with its common fields and the fields of its kind.

use std::path::PathBuf;

use super::dates::When;
use super::kinds::{Course, District, Network, Newsletter, Service};
use super::plan::Plan;

/// Index of a page in `Site::pages`.
pub type PageId = usize;

/// A 1-based line and column in a source file (0 when unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct SourcePos {
    pub line: u32,
    pub column: u32,
}

/// A value with the place in the source file where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Located<T> {
    pub value: T,
    pub pos: SourcePos,
}

crate::string_enum! {
    /// What a page is; decides its fields and its template.
    PageKind {
        Page = "page",
        Plan = "plan",
        Course = "course",
        Network = "network",
        Newsletter = "newsletter",
        News = "news",
        District = "district",
        Service = "service",
    }
}

/// The fields specific to a page's kind.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum KindFields {
    Page,
    Plan(Box<Plan>),
    Course(Box<Course>),
    Network(Box<Network>),
    Newsletter(Newsletter),
    News,
    District(District),
    Service(Service),
}

impl KindFields {
    pub fn kind(&self) -> PageKind {
        match self {
            KindFields::Page => PageKind::Page,
            KindFields::Plan(_) => PageKind::Plan,
            KindFields::Course(_) => PageKind::Course,
            KindFields::Network(_) => PageKind::Network,
            KindFields::Newsletter(_) => PageKind::Newsletter,
            KindFields::News => PageKind::News,
            KindFields::District(_) => PageKind::District,
            KindFields::Service(_) => PageKind::Service,
        }
    }
}

/// Fields every page may have.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct PageMeta {
    pub title: String,
    pub slug: Option<String>,
    pub date: Option<When>,
    pub updated: Option<When>,
    pub draft: bool,
    pub summary: Option<String>,
    pub topics: Vec<String>,
    pub districts: Vec<Located<String>>,
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    #[serde(with = "json_text")]
    pub extra: serde_json::Value,
    /// A section's own cards per listing page (`_index.md` only), over config's `paginate_by`.
    pub paginate_by: Option<usize>,
    /// `lang:`: the language of the page's text, when it is not its language version's (a
    /// Sami page in a Bokmål site); it becomes the page's `<html lang>`.
    pub lang: Option<crate::model::Language>,
    /// `image:`: the page's picture (see [`crate::model::media::FrontImage`]).
    pub image: Option<crate::model::media::FrontImage>,
}

/// One content file, loaded and typed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Page {
    /// Content path: `planer/oslo-strategisk-plan`; a section's folder; `""` for the home page.
    pub path: String,
    /// The file, relative to the site root: `content/planer/oslo-strategisk-plan.md`.
    pub source: PathBuf,
    /// True for `_index.md`: the page lists its folder.
    pub is_section: bool,
    /// For a section: the default kind of the pages in its folder.
    pub section_kind: Option<PageKind>,
    pub meta: PageMeta,
    pub fields: KindFields,
    /// Markdown body.
    pub body: String,
    /// 1-based line of the file on which the body starts.
    pub body_line: u32,
    /// The language version the file belongs to, from its name (`kurs/mi.nn.md`: `nn`);
    /// `None`: the site's default language.
    pub lang: Option<crate::model::Language>,
    /// Set in the view of a language version for a section that has no translation in it:
    /// its listing is published in that language, but its title and text are the original's
    /// (in the default language).
    pub stand_in: bool,
}

impl Page {
    pub fn kind(&self) -> PageKind {
        self.fields.kind()
    }

    pub fn plan(&self) -> Option<&Plan> {
        match &self.fields {
            KindFields::Plan(p) => Some(p),
            _ => None,
        }
    }

    pub fn course(&self) -> Option<&Course> {
        match &self.fields {
            KindFields::Course(c) => Some(c),
            _ => None,
        }
    }

    pub fn network(&self) -> Option<&Network> {
        match &self.fields {
            KindFields::Network(n) => Some(n),
            _ => None,
        }
    }

    /// The language version of the page, `default` when its file name gives none.
    pub fn text_language<'a>(&'a self, default: &'a crate::model::Language) -> &'a crate::model::Language {
        self.meta.lang.as_ref().unwrap_or_else(|| self.version_lang(default))
    }

    pub fn version_lang<'a>(&'a self, default: &'a crate::model::Language) -> &'a crate::model::Language {
        self.lang.as_ref().unwrap_or(default)
    }

    /// The folder (section path) the page lives in; the home page's is `None`.
    pub fn parent_section(&self) -> Option<&str> {
        if self.path.is_empty() {
            return None;
        }
        Some(self.path.rsplit_once('/').map_or("", |(dir, _)| dir))
    }
}

/// `extra` kept as JSON text in the workspace store, whose binary format cannot hold a
/// value of any shape.
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &serde_json::Value, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

//! Plain data types shared by every stage: the loaded site, its pages and their kinds.
//!
//! Nothing in here does IO; `load` fills these types and `resolve` and `render` read them.

pub mod config;
pub mod dates;
pub mod followup;
pub mod kinds;
pub mod languages;
pub mod media;
pub mod page;
pub mod plan;
pub mod reference;
pub mod schema;
pub mod site_url;
pub mod slug;

pub use config::{Config, Language};
pub use dates::{Deadline, When};
pub use followup::{Milestone, StatusUpdate};
pub use kinds::{Contact, Course, CourseFormat, CourseStatus, District, Material, Network, Newsletter, Registration, Service, Session};
pub use languages::{Version, Versions};
pub use page::{KindFields, Located, Page, PageId, PageKind, PageMeta, SourcePos};
pub use plan::{ItemInPlan, ItemLevel, ItemRole, ItemStatus, Plan, PlanItem, PlanLevel, PlanStatus, PlanType, Prevention, Strategy};
pub use reference::Reference;
pub use site_url::SiteUrl;
pub use slug::slugify;

/// Everything the load stage produced: the configuration and every page, in path order.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: std::path::PathBuf,
    pub config: Config,
    pub pages: Vec<Page>,
    /// Files under `content/` that are not Markdown (pictures, PDFs), relative to the root;
    /// published beside their pages.
    pub assets: Vec<std::path::PathBuf>,
    /// The bytes of `static/` and of the assets, by their path in the output; an asset wins
    /// over a static file of the same name. Shared: every language view resolves against the
    /// same files.
    pub static_files: std::sync::Arc<std::collections::BTreeMap<String, Vec<u8>>>,
    /// Every language version of every page, over all languages (empty with one language).
    pub versions: std::sync::Arc<Versions>,
    /// What pages need to know of those files (a document's type and size, a picture's
    /// size and variants), by the same paths; filled in by [`crate::assets::attach`].
    pub file_facts: std::collections::BTreeMap<String, media::FileFacts>,
}

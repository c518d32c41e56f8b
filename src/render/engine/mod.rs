//! The template engine: tera with the theme's templates, UI strings and dates in the site's language.

pub mod i18n;
pub mod reusable;
pub mod templates;

pub use templates::Engine;

//! Search: an analyzer per language, a tantivy index for the CLI and a static index for the browser.
//!
//! - [`analyzer`]: tokenize, lowercase, fold, stem, decompound (the only place these rules live),
//!   and [`kind`]: which of them a language gets (Norwegian, English or plain);
//! - [`documents`]: what is indexed (pages, plan goals and measures);
//! - [`index`] and [`query`]: the tantivy index in `<root>/.planverk/search/` and its queries;
//! - [`shards`]: the static index written with the site, for `themes/default/static/search.js`,
//!   [`update`]: that index kept up to date page by page in `serve`, and [`stored`]: that
//!   index in chunks, as the workspace store keeps it;
//! - [`terms`]: the static index's term counts, with every term numbered once;
//! - [`rank`]: the ranking rules both share.

pub mod analyzer;
pub mod compound;
pub mod documents;
pub mod index;
pub mod kind;
pub mod query;
pub mod rank;
pub mod shards;
pub mod stored;
pub mod terms;
pub mod tokenizer;
pub mod update;

pub use index::{SearchError, open_or_build};
pub use query::{SearchRequest, SearchResult, search};

//! `planverk check --external`: every link from the site's text to another site, asked
//! once each with a GET (redirects followed), in parallel with at most
//! `[link_checker] per_host` requests to one host at a time and a timeout. A link that
//! answered well in the last `cache_days` days is not asked again ([`cache`], in
//! `.planverk/links.json`). A dead one (an HTTP error status, a timeout, a failed TLS
//! handshake, no connection) is `W-DEAD-LINK` at each place it is written, or
//! `E-DEAD-LINK` with `--strict`. Hosts in `[link_checker] skip`, and the site's own, are
//! not asked.
//!
//! 1. [`collect`] finds the links: Markdown links and images of every page body;
//! 2. [`fetch`] asks the hosts;
//! 3. [`cache`] remembers what answered well.

pub mod cache;
pub mod fetch;

use std::collections::BTreeMap;
use std::path::PathBuf;

use pulldown_cmark::{Event, Parser, Tag};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Site, SourcePos};

/// Where a link is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: PathBuf,
    pub pos: SourcePos,
}

/// Every external link of the site (http and https), with the places it is written.
pub fn collect(site: &Site) -> BTreeMap<String, Vec<Place>> {
    let mut out: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for page in &site.pages {
        if !page.body.contains("http") {
            continue;
        }
        for (event, range) in Parser::new_ext(&page.body, crate::markdown::options()).into_offset_iter() {
            let dest = match &event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url.to_string(),
                _ => continue,
            };
            let lower = dest.to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                continue;
            }
            let pos = crate::render::markdown_pass::position_in(&page.body, range.start, page.body_line);
            out.entry(dest).or_default().push(Place { file: page.source.clone(), pos });
        }
    }
    out
}

/// The host of an http(s) address, lowercased, without port or credentials.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = if host.starts_with('[') { host.split(']').next().map(|h| format!("{h}]"))? } else { host.split(':').next()?.to_string() };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Whether `host` is `skip` or one of its subdomains.
fn skipped(host: &str, skip: &[String]) -> bool {
    skip.iter().map(|s| s.trim().trim_start_matches('.').to_ascii_lowercase()).any(|s| !s.is_empty() && (host == s || host.ends_with(&format!(".{s}"))))
}

/// What `check --external` did, besides the problems it found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub links: usize,
    pub hosts: usize,
    /// Answered from the cache, not asked.
    pub cached: usize,
    pub skipped: usize,
    pub dead: usize,
}

/// Checks every external link of `site`; `strict` makes dead links errors.
pub fn check(site: &Site, strict: bool) -> (Diagnostics, Summary) {
    let settings = &site.config.link_checker;
    let own = crate::linkcheck::host_of(&site.config.base_url);
    let links = collect(site);
    let cache_path = site.root.join(".planverk").join("links.json");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let mut known = cache::Cache::read(&cache_path);
    let mut summary = Summary { links: links.len(), ..Summary::default() };
    let mut ask: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in links.keys() {
        let Some(host) = host_of(url) else { continue };
        if skipped(&host, &settings.skip) || own.as_deref() == Some(host.as_str()) {
            summary.skipped += 1;
        } else if known.fresh(url, now, settings.cache_days) {
            summary.cached += 1;
        } else {
            ask.entry(host).or_default().push(url.clone());
        }
    }
    summary.hosts = ask.len();
    let answers = fetch::fetch_all(&ask, settings);
    let code = if strict { Code::DeadLinkStrict } else { Code::DeadLink };
    let mut diags = Diagnostics::default();
    for (url, answer) in &answers {
        match answer {
            fetch::Answer::Ok(_) => known.remember(url, now),
            dead => {
                summary.dead += 1;
                for place in &links[url] {
                    let help = "fix or remove the link; if the host refuses link checkers, add it to `skip` under [link_checker] in config.toml";
                    diags.push(Diagnostic::new(code, &place.file, place.pos, format!("the link {url} {}", dead.describe())).with_help(Some(help.into())));
                }
            }
        }
    }
    known.forget_older_than(now, settings.cache_days);
    if let Err(e) = known.write(&cache_path) {
        eprintln!("warning: can't save the link cache {}: {e}", cache_path.display());
    }
    (diags, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_skips() {
        assert_eq!(host_of("https://WWW.Lovdata.no:443/a?b").as_deref(), Some("www.lovdata.no"));
        assert_eq!(host_of("http://u:p@x.org/").as_deref(), Some("x.org"));
        assert_eq!(host_of("http://[::1]:8080/").as_deref(), Some("[::1]"));
        assert_eq!(host_of("mailto:x"), None);
        let skip = vec!["lovdata.no".to_string()];
        assert!(skipped("lovdata.no", &skip) && skipped("www.lovdata.no", &skip));
        assert!(!skipped("notlovdata.no", &skip));
    }
}

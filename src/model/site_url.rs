//! Where the site is published: the one helper that turns a site path into an emitted URL.
//!
//! Inside planverk every address is a **site path**: `/planer/x/`, `/style.css`, rooted at
//! the site, whatever `base_url` says. The graph, the output paths (`planer/x/index.html`)
//! and the dependency tracking all work in site paths. A site may be published under a
//! sub-path (`base_url = "https://example.org/rusplan"`), so every address that leaves
//! planverk (an `href` or `src` in a page, a URL in a feed, a calendar, the sitemap, a data
//! file, the search index, a redirect) goes through [`SiteUrl`]:
//!
//! - [`SiteUrl::href`]: for links inside the site (`/rusplan/planer/x/`);
//! - [`SiteUrl::absolute`]: for feeds, sitemaps, canonical links, e-mail, calendars
//!   (`https://example.org/rusplan/planer/x/`).
//!
//! In render, `RenderCtx::href` and `RenderCtx::absolute` call these. Addresses that are
//! not site paths (`https://…`, `mailto:`, `#id`, relative ones) pass through unchanged,
//! so a value that may be either (a menu entry, a notice link) can be given as it is.
//! This name and these methods are stable: every stage that emits a URL uses them.

/// The published address of the site, split into origin and sub-path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteUrl {
    /// `https://example.org` (scheme and host, with a port if one is given).
    origin: String,
    /// `/rusplan`, or empty when the site is at the root of its host. Never ends in `/`.
    base_path: String,
}

impl SiteUrl {
    /// Reads `https://example.org/rusplan/` (a trailing slash or none). `None` when the
    /// address is not a full http(s) address with a host, or has a query or fragment.
    pub fn parse(base_url: &str) -> Option<SiteUrl> {
        let trimmed = base_url.trim();
        let (scheme, rest) = trimmed.split_once("://")?;
        if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
            return None;
        }
        let (host, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        let bad = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '<' | '>' | '\\' | '`');
        if host.is_empty() || host.contains(['@', '/']) || host.contains(bad) || path.contains(bad) || path.contains("//") {
            return None;
        }
        let base_path = path.trim_end_matches('/').to_string();
        Some(SiteUrl { origin: format!("{}://{host}", scheme.to_ascii_lowercase()), base_path })
    }

    /// The address as `base_url` says it, without a trailing slash:
    /// `https://example.org/rusplan`.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin, self.base_path)
    }

    /// `https://example.org`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The host (with its port, if any), for calendar UIDs: `example.org`.
    pub fn host(&self) -> &str {
        self.origin.split_once("://").map_or(&self.origin, |(_, h)| h)
    }

    /// The sub-path the site lives under: `/rusplan`, or `""` at the root of the host.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The link to a site path, as pages print it: `/planer/x/` → `/rusplan/planer/x/`.
    /// Anything that is not a site path (`https://…`, `mailto:…`, `#id`, `x/`, `//cdn…`) is
    /// returned unchanged.
    pub fn href(&self, path: &str) -> String {
        if self.base_path.is_empty() || !is_site_path(path) {
            return path.to_string();
        }
        format!("{}{path}", self.base_path)
    }

    /// The full address of a site path: `/planer/x/` → `https://example.org/rusplan/planer/x/`.
    /// Anything that is not a site path is returned unchanged.
    pub fn absolute(&self, path: &str) -> String {
        if !is_site_path(path) {
            return path.to_string();
        }
        format!("{}{}{path}", self.origin, self.base_path)
    }

    /// The full address of a link made by [`SiteUrl::href`] (already under the sub-path):
    /// `/rusplan/planer/x/` → `https://example.org/rusplan/planer/x/`. Anything that is not
    /// rooted at the host is returned unchanged.
    pub fn absolute_href(&self, href: &str) -> String {
        if !is_site_path(href) {
            return href.to_string();
        }
        format!("{}{href}", self.origin)
    }

    /// `webcal://example.org/rusplan/kalender/alle.ics` for a site path.
    pub fn webcal(&self, path: &str) -> String {
        format!("webcal://{}{}{path}", self.host(), self.base_path)
    }

    /// The site path a request path stands for (`/rusplan/planer/` → `/planer/`), or `None`
    /// when it is outside the site's sub-path. `/rusplan` alone is the site's root.
    pub fn site_path<'p>(&self, request: &'p str) -> Option<std::borrow::Cow<'p, str>> {
        if self.base_path.is_empty() {
            return Some(request.into());
        }
        let rest = request.strip_prefix(&self.base_path)?;
        match rest.as_bytes().first() {
            None => Some("/".into()),
            Some(b'/') => Some(rest.into()),
            Some(b'?') => Some(format!("/{rest}").into()),
            _ => None,
        }
    }

    /// The same site published at another origin (serve's own address), keeping the path.
    pub fn with_origin(&self, origin: &str) -> SiteUrl {
        SiteUrl { origin: origin.trim_end_matches('/').to_string(), base_path: self.base_path.clone() }
    }
}

/// A path rooted at the site: starts with one `/` (not `//host`, a protocol-relative URL).
pub fn is_site_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_and_sub_path() {
        let root = SiteUrl::parse("https://korus.example.org/").unwrap();
        assert_eq!(root.href("/planer/"), "/planer/");
        assert_eq!(root.absolute("/planer/"), "https://korus.example.org/planer/");
        assert_eq!(root.base_url(), "https://korus.example.org");
        let sub = SiteUrl::parse("https://example.org/rusplan/").unwrap();
        assert_eq!(sub.base_path(), "/rusplan");
        assert_eq!(sub.host(), "example.org");
        assert_eq!(sub.href("/planer/x/#S1"), "/rusplan/planer/x/#S1");
        assert_eq!(sub.href("/"), "/rusplan/");
        assert_eq!(sub.absolute("/sitemap.xml"), "https://example.org/rusplan/sitemap.xml");
        assert_eq!(sub.absolute_href(&sub.href("/a/")), sub.absolute("/a/"));
        assert_eq!(sub.webcal("/kalender/alle.ics"), "webcal://example.org/rusplan/kalender/alle.ics");
        for other in ["https://lovdata.no/", "mailto:a@b.no", "#x", "side/", "//cdn.example/x.js", ""] {
            assert_eq!(sub.href(other), other);
            assert_eq!(sub.absolute(other), other);
        }
    }

    #[test]
    fn request_paths_map_back() {
        let sub = SiteUrl::parse("http://127.0.0.1:1111/a/b").unwrap();
        assert_eq!(sub.host(), "127.0.0.1:1111");
        assert_eq!(sub.site_path("/a/b/x/").as_deref(), Some("/x/"));
        assert_eq!(sub.site_path("/a/b").as_deref(), Some("/"));
        assert_eq!(sub.site_path("/a/b?q=1").as_deref(), Some("/?q=1"));
        assert_eq!(sub.site_path("/a/bc/"), None);
        assert_eq!(sub.site_path("/x/"), None);
        assert_eq!(SiteUrl::parse("https://x.org").unwrap().site_path("/x/").as_deref(), Some("/x/"));
    }

    #[test]
    fn refuses_what_is_not_an_address() {
        for bad in ["korus.example.org", "ftp://x.org", "https://", "https://x.org/a b", "https://x.org/?q", "https://u@x.org", "https://x.org//a"] {
            assert_eq!(SiteUrl::parse(bad), None, "{bad}");
        }
    }
}

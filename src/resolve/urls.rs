//! URLs: every page gets one URL, and two pages may not share it.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Page, SourcePos, slugify};

/// The URL path of a page: `/planer/oslo-strategisk-plan/`, `/` for the home page; a page
/// of another language version than the default's under its code (`/nn/planer/…/`).
pub fn page_url(page: &Page) -> String {
    version_url(&page.path, page.meta.slug.as_deref(), page.lang.as_ref())
}

/// The URL path of the version in `lang` (`None`: the default language) of the page at the
/// content path `path`, whose `slug` (if any) replaces the last part.
pub fn version_url(path: &str, slug: Option<&str>, lang: Option<&crate::model::Language>) -> String {
    let mut segments: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(slugify).collect();
    if let (Some(slug), Some(last)) = (slug, segments.last_mut()) {
        *last = slug.to_string();
    }
    let prefix = lang.map_or(String::new(), |l| format!("/{l}"));
    if segments.is_empty() { format!("{prefix}/") } else { format!("{prefix}/{}/", segments.join("/")) }
}

/// Normalises an alias to a URL path with slashes at both ends.
pub fn alias_url(alias: &str) -> String {
    let trimmed = alias.trim().trim_matches('/');
    let trimmed = trimmed.strip_suffix("index.html").unwrap_or(trimmed).trim_end_matches('/');
    if trimmed.is_empty() { "/".into() } else { format!("/{trimmed}/") }
}

/// Assigns URLs and reports pages (and aliases) that would be written to the same place.
pub fn assign(pages: &[Page], diags: &mut Diagnostics) -> Vec<String> {
    let urls: Vec<String> = pages.iter().map(page_url).collect();
    for (page, url) in pages.iter().zip(&urls) {
        // A file or folder name without a letter or digit (`!!!.md`) gives an empty segment:
        // the page would be written over another one.
        if url.contains("//") {
            let msg = format!("the name of {} has no letter or digit to make an address from", page.source.display());
            let help = "rename the file (or its folder), or give the page a `slug`".to_string();
            diags.push(Diagnostic::new(Code::Slug, &page.source, SourcePos { line: 1, column: 1 }, msg).with_help(Some(help)));
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, url) in urls.iter().enumerate() {
        if let Some(&first) = seen.get(url.as_str()) {
            let msg = format!("this page and {} both get the address {url}", pages[first].source.display());
            let help = "give one of them another file name or `slug`".to_string();
            // The clash comes from the file's name or its `slug`: point at the front matter.
            diags.push(Diagnostic::new(Code::AddressClash, &pages[i].source, SourcePos { line: 1, column: 1 }, msg).with_help(Some(help)));
        } else {
            seen.insert(url, i);
        }
    }
    for page in pages {
        for alias in &page.meta.aliases {
            let url = alias_url(alias);
            if let Some(&owner) = seen.get(url.as_str()) {
                let msg = format!("the alias {url} is already the address of {}", pages[owner].source.display());
                diags.push(Diagnostic::new(Code::AddressClash, &page.source, SourcePos::default(), msg).with_help(Some("remove the alias".into())));
            }
        }
    }
    urls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_have_their_language_in_front() {
        let nn = crate::model::Language::parse("nn");
        assert_eq!(version_url("kurs/mi-grunnkurs", None, nn.as_ref()), "/nn/kurs/mi-grunnkurs/");
        assert_eq!(version_url("kurs/mi-grunnkurs", Some("mi-grunnkurs-nn"), nn.as_ref()), "/nn/kurs/mi-grunnkurs-nn/");
        assert_eq!(version_url("", None, nn.as_ref()), "/nn/");
        assert_eq!(version_url("", None, None), "/");
    }

    #[test]
    fn aliases_are_normalised() {
        assert_eq!(alias_url("/gammel/side"), "/gammel/side/");
        assert_eq!(alias_url("gammel/side/index.html"), "/gammel/side/");
    }
}

//! Checks a save before it is written: the site is loaded and resolved as if the files had
//! the new text (or were gone), by the same code `check` and `build` use, and the save is
//! refused with the errors it would bring: those in the saved files, and those it causes
//! elsewhere (a deleted page that others link to).

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::{self, LoadOptions, Overlay};

/// The errors the site would have with `overlay` applied that it does not have now;
/// empty when the save may be written.
pub fn errors_of_save(root: &Path, options: &LoadOptions, overlay: &Overlay) -> Vec<Diagnostic> {
    let after = errors(root, options, overlay);
    if after.iter().all(|d| overlay.contains_key(&d.file)) {
        return after;
    }
    // Errors elsewhere: keep only those the site does not have already.
    let before = errors(root, options, &Overlay::new());
    let known = |d: &Diagnostic| before.iter().any(|b| b.code == d.code && b.file == d.file && b.message == d.message);
    after.into_iter().filter(|d| overlay.contains_key(&d.file) || !known(d)).collect()
}

/// Every error of loading and resolving the site with `overlay`, with source lines.
fn errors(root: &Path, options: &LoadOptions, overlay: &Overlay) -> Vec<Diagnostic> {
    let loaded = load::load_site_with(root, options, overlay);
    let mut diags: Diagnostics = loaded.diagnostics;
    if let Some(site) = &loaded.site {
        resolve_as_built(site, &mut diags);
    }
    diags.finish(|file| match overlay.get(file) {
        Some(text) => text.clone(),
        None => load::files::read_text(root, file).ok(),
    });
    let mut out: Vec<Diagnostic> = diags.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    // Each language version is resolved on its own: the same error may come from several.
    let mut seen = std::collections::HashSet::new();
    out.retain(|d| seen.insert((d.code.as_str(), d.file.clone(), d.line, d.column, d.message.clone())));
    out
}

/// Resolves the site as `build` does: a site with several language versions view by view
/// (a page only in nynorsk does not stand in for a deleted bokmål original), plus the
/// checks between translations.
fn resolve_as_built(site: &crate::model::Site, diags: &mut Diagnostics) {
    if !site.config.is_multilingual() {
        crate::resolve::resolve(site, diags);
        return;
    }
    crate::resolve::translations::check(site, diags);
    for lang in site.config.all_languages() {
        let view = site.language_view(&lang, &site.versions);
        crate::resolve::resolve(&view, diags);
    }
}

/// The errors as the editor shows them: one line each, with the code, the place, the
/// message and the fix.
pub fn message(errors: &[Diagnostic]) -> String {
    let lines: Vec<String> = errors
        .iter()
        .map(|d| {
            let help = d.help.as_deref().map_or(String::new(), |h| format!(" ({h})"));
            format!("[{}] {}: {}{help}", d.code.as_str(), d.location(), d.message)
        })
        .collect();
    format!("planverk refused the save, nothing was written: {}", lines.join("; "))
}

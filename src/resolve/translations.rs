//! Checks across the language versions of a page: a translated plan keeps its original's
//! ids, and a translation older than its original is flagged as possibly out of date.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Page, Site, SourcePos};

/// Runs the checks over every page that has translations (all languages loaded).
pub fn check(site: &Site, diags: &mut Diagnostics) {
    let mut by_path: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
    for page in &site.pages {
        by_path.entry(&page.path).or_default().push(page);
    }
    for pages in by_path.values() {
        let Some(original) = pages.iter().find(|p| p.lang.is_none()) else { continue };
        for translation in pages.iter().filter(|p| p.lang.is_some()) {
            check_ids(original, translation, diags);
            check_behind(original, translation, site.config.timezone, diags);
        }
    }
}

/// The strategy, goal and measure ids of a plan.
fn ids(page: &Page) -> BTreeSet<String> {
    let Some(plan) = page.plan() else { return BTreeSet::new() };
    plan.items().iter().map(|i| i.item.id.value.clone()).chain(plan.all_strategies().iter().map(|s| s.id.value.clone())).collect()
}

/// A translated plan must have the same ids as its original.
fn check_ids(original: &Page, translation: &Page, diags: &mut Diagnostics) {
    if original.plan().is_none() && translation.plan().is_none() {
        return;
    }
    let (theirs, ours) = (ids(original), ids(translation));
    let added: Vec<&str> = ours.difference(&theirs).map(String::as_str).collect();
    let dropped: Vec<&str> = theirs.difference(&ours).map(String::as_str).collect();
    if added.is_empty() && dropped.is_empty() {
        return;
    }
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("adds {}", added.join(", ")));
    }
    if !dropped.is_empty() {
        parts.push(format!("drops {}", dropped.join(", ")));
    }
    let msg = format!("this translation of {} {}", original.source.display(), parts.join(" and "));
    let help = "give the translation the same strategy, goal and measure ids as the original; translate only titles and text";
    diags.push(Diagnostic::new(Code::TranslationIds, &translation.source, SourcePos { line: 1, column: 1 }, msg).with_help(Some(help.into())));
}

/// A warning when the original was updated after the translation.
fn check_behind(original: &Page, translation: &Page, tz: chrono_tz::Tz, diags: &mut Diagnostics) {
    let Some(changed) = original.meta.updated else { return };
    let theirs = translation.meta.updated.or(translation.meta.date);
    if theirs.is_some_and(|t| t.instant >= changed.instant) {
        return;
    }
    let day = changed.date(tz).format("%Y-%m-%d");
    let msg = match theirs {
        Some(t) => {
            format!("{} was updated {day}, after this translation ({}): it may be out of date", original.source.display(), t.date(tz).format("%Y-%m-%d"))
        }
        None => format!("{} was updated {day}, and this translation has no `updated`: it may be out of date", original.source.display()),
    };
    let help = "bring the translation up to date and set its `updated` to the day you did";
    diags.push(Diagnostic::new(Code::TranslationBehind, &translation.source, SourcePos { line: 1, column: 1 }, msg).with_help(Some(help.into())));
}

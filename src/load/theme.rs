//! Templates and theme files: the site's `templates/`, then `themes/<name>/`, then the
//! default theme embedded in the binary, each overriding the next by name.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::SourcePos;

/// UI strings of one language, by key.
pub type Strings = BTreeMap<String, String>;

/// Embeds the default theme's files under their names.
macro_rules! embedded {
    ($dir:literal: $($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $dir, "/", $name)))),+]
    };
}

/// The default theme's templates.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded!("templates":
    "base.html", "macros.html", "page.html", "section.html", "home.html", "plan.html",
    "course.html", "course-list.html", "network.html", "newsletter.html", "news.html", "district.html",
    "service.html", "terms.html", "term.html", "404.html", "alias.html",
    "coverage.html", "search.html", "course-macros.html", "status-chart.html", "followup.html", "data.html", "newsletter-email.html", "news-list.html", "newsletter-list.html",
);

/// The default theme's static files (text only).
pub const DEFAULT_STATIC: &[(&str, &str)] = embedded!("static": "style.css", "print.css", "filter.js", "search.js");

/// The default theme's UI strings, by language.
pub const DEFAULT_STRINGS: &[(&str, &str)] = embedded!("i18n": "nb.toml", "nn.toml", "en.toml");

/// A theme resolved for one site: every template source and static file by name.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    /// Where each template came from, relative to the site root; built-in ones are absent.
    pub origins: BTreeMap<String, std::path::PathBuf>,
    pub static_files: BTreeMap<String, Vec<u8>>,
    pub strings: BTreeMap<String, Strings>,
}

/// Gathers templates from the embedded theme, `themes/<name>/templates` and `templates/`.
pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    let mut diags = Vec::new();
    for (n, text) in DEFAULT_TEMPLATES {
        theme.templates.insert((*n).to_string(), (*text).to_string());
    }
    for (n, text) in DEFAULT_STATIC {
        theme.static_files.insert((*n).to_string(), text.as_bytes().to_vec());
    }
    for (n, text) in DEFAULT_STRINGS {
        let lang = n.trim_end_matches(".toml").to_string();
        match toml::from_str::<Strings>(text) {
            Ok(s) => {
                theme.strings.insert(lang, s);
            }
            Err(e) => diags.push(Diagnostic::new(Code::Theme, Path::new(n), SourcePos::default(), format!("bad UI strings: {e}"))),
        }
    }
    let theme_dir = root.join("themes").join(name);
    if name != "default" && !theme_dir.is_dir() {
        let msg = format!("the theme `{name}` is not in themes/{name}/");
        diags.push(
            Diagnostic::new(Code::Theme, Path::new("config.toml"), SourcePos::default(), msg)
                .with_help(Some("fix `theme` in config.toml or add the theme folder".into())),
        );
    }
    read_dir_into(&theme_dir.join("templates"), root, &mut theme, &mut diags);
    read_static(&theme_dir.join("static"), &theme_dir.join("static"), &mut theme.static_files, &mut diags);
    read_dir_into(&root.join("templates"), root, &mut theme, &mut diags);
    read_site_strings(root, &mut theme, &mut diags);
    if diags.is_empty() { Ok(theme) } else { Err(diags) }
}

/// The site's `i18n/<lang>.toml` files: a language's UI strings, key by key over the
/// built-in ones (so a file may override a few strings, or give a whole new language).
fn read_site_strings(root: &Path, theme: &mut Theme, diags: &mut Vec<Diagnostic>) {
    let mut files = BTreeMap::new();
    read_static(&root.join("i18n"), &root.join("i18n"), &mut files, diags);
    for (name, bytes) in files {
        let rel = Path::new("i18n").join(&name);
        let Some(lang) = name.strip_suffix(".toml").filter(|l| !l.contains('/')) else { continue };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                diags.push(
                    Diagnostic::new(Code::UiStrings, &rel, SourcePos::default(), "this file is not UTF-8 text").with_help(Some("save it as UTF-8".into())),
                );
                continue;
            }
        };
        match toml::from_str::<Strings>(&text) {
            Ok(own) => theme.strings.entry(lang.to_string()).or_default().extend(own),
            Err(e) => {
                let pos = e.span().map(|s| super::config::position(&text, s.start)).unwrap_or_default();
                let help = "every line is `key = \"text\"`, as in the built-in themes/default/i18n/nb.toml";
                diags.push(
                    Diagnostic::new(Code::UiStrings, &rel, pos, format!("these UI strings are not valid TOML: {}", e.message())).with_help(Some(help.into())),
                );
            }
        }
    }
}

/// Every language of the site needs UI strings, and a complete set: the keys of the
/// built-in Bokmål table. Returns a problem for each language without them.
pub fn check_ui_strings(theme: &Theme, languages: &[crate::model::Language]) -> Vec<Diagnostic> {
    let Some(reference) = theme.strings.get("nb") else { return Vec::new() };
    let mut out = Vec::new();
    for lang in languages {
        let file = Path::new("i18n").join(format!("{}.toml", lang.code()));
        let Some(own) = theme.strings.get(lang.code()) else {
            let msg = format!("the site has the language `{lang}`, but there are no UI strings for it");
            let help = format!("add {} with the keys of the built-in nb.toml, translated (the theme has nb, nn and en)", file.display());
            out.push(Diagnostic::new(Code::UiStrings, Path::new("config.toml"), SourcePos::default(), msg).with_help(Some(help)));
            continue;
        };
        let missing: Vec<&str> = reference.keys().filter(|k| !own.contains_key(*k)).map(String::as_str).collect();
        if !missing.is_empty() {
            let shown: Vec<&str> = missing.iter().take(40).copied().collect();
            let more = if missing.len() > shown.len() { format!(" and {} more", missing.len() - shown.len()) } else { String::new() };
            let msg = format!("the UI strings for `{lang}` lack {} key(s): {}{more}", missing.len(), shown.join(", "));
            let help = "add each key with its text in this language (see the built-in nb.toml for what each says)";
            out.push(Diagnostic::new(Code::UiStrings, &file, SourcePos { line: 1, column: 1 }, msg).with_help(Some(help.into())));
        }
    }
    out
}

fn read_dir_into(dir: &Path, root: &Path, theme: &mut Theme, diags: &mut Vec<Diagnostic>) {
    let mut files = BTreeMap::new();
    read_static(dir, dir, &mut files, diags);
    for (name, bytes) in files {
        let path = dir.join(&name);
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        match String::from_utf8(bytes) {
            Ok(text) => {
                theme.templates.insert(name.clone(), text);
                theme.origins.insert(name, rel);
            }
            Err(_) => diags.push(Diagnostic::new(Code::Theme, &rel, SourcePos::default(), "this template is not UTF-8 text")),
        }
    }
}

/// Reads every file under `dir` into `into`, keyed by its path relative to `base`.
/// Hidden files and editor droppings ([`crate::paths::is_ignored_name`]) are skipped.
pub fn read_static(dir: &Path, base: &Path, into: &mut BTreeMap<String, Vec<u8>>, diags: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if crate::paths::is_ignored_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        if path.is_dir() {
            // A symbolic link to this folder or one above it would recurse forever.
            let (real, here) = (std::fs::canonicalize(&path), std::fs::canonicalize(dir));
            if let (Ok(real), Ok(here)) = (real, here)
                && here.starts_with(&real)
            {
                diags.push(Diagnostic::new(Code::Read, &path, SourcePos::default(), "this folder is a symbolic link to a folder that contains it (a loop)"));
            } else {
                read_static(&path, base, into, diags);
            }
            continue;
        }
        let key = path.strip_prefix(base).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        match crate::load::files::read_regular(&path) {
            Ok(bytes) => {
                into.insert(key, bytes);
            }
            Err(e) => diags.push(Diagnostic::new(Code::Read, &path, SourcePos::default(), format!("can't read this file: {e}"))),
        }
    }
}

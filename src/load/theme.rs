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
    if diags.is_empty() { Ok(theme) } else { Err(diags) }
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

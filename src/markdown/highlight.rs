//! Code highlighting with syntect, as CSS classes: a stylesheet is generated, never inline styles.

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded syntax definitions; built once per build (or server) and shared by all pages.
pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter { syntaxes: SyntaxSet::load_defaults_newlines() }
    }
}

impl Highlighter {
    /// Highlights `code` in language `lang` as `<span class="hl-…">`; `None` for unknown languages.
    pub fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        let syntax = self.syntaxes.find_syntax_by_token(lang)?;
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(generator.finalize())
    }

    /// The stylesheet for the highlight classes (a light theme with good contrast).
    pub fn stylesheet() -> String {
        let themes = ThemeSet::load_defaults();
        themes.themes.get("InspiredGitHub").and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok()).unwrap_or_default()
    }
}

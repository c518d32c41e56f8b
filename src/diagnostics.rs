//! Problems found in a site, each with file, line, column and a plain-language message.
//!
//! Every stage pushes into one `Diagnostics` list instead of stopping at the first problem;
//! the command line renders them with source snippets (annotate-snippets) or as JSON.

use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::model::SourcePos;

mod code;
pub use code::{Code, readme_table};

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, pointing at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// Relative to the site root.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// A suggested fix, when one is known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub help: Option<String>,
    /// The offending source line, as written.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A problem of kind `code` (which decides whether it is an error or a warning).
    pub fn new(code: Code, file: &Path, pos: SourcePos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            file: file.to_path_buf(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    pub fn with_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// `file:line:column`, or just the file when the line is unknown.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.file.display().to_string(),
            (l, 0) => format!("{}:{l}", self.file.display()),
            (l, c) => format!("{}:{l}:{c}", self.file.display()),
        }
    }

    /// Renders the problem with its source line underlined, for a terminal.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.file.display().to_string();
        let mut group = Group::with_title(level.primary_title(self.message.as_str()).id(self.code.as_str()));
        if let Some(line) = self.source_line.as_deref().filter(|_| self.line > 0) {
            let start = char_to_byte(line, self.column.saturating_sub(1) as usize);
            let end = token_end(line, start);
            group =
                group.element(Snippet::source(line).line_start(self.line as usize).path(path.as_str()).annotation(AnnotationKind::Primary.span(start..end)));
        } else {
            group = group.element(Level::NOTE.message(format!("in {}", self.location())));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let report: &[Group<'_>] = &[group];
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        renderer.render(report).to_string()
    }
}

fn char_to_byte(line: &str, chars: usize) -> usize {
    line.char_indices().nth(chars).map_or(line.len(), |(i, _)| i)
}

/// The end of the word starting at `start`, so the underline covers the offending value.
fn token_end(line: &str, start: usize) -> usize {
    let rest = &line[start..];
    let len = rest.find(|c: char| c.is_whitespace() || c == ',' || c == ']').unwrap_or(rest.len());
    if len == 0 { (start + rest.chars().next().map_or(0, char::len_utf8)).min(line.len()) } else { start + len }
}

/// The problems found so far, in the order they were found.
#[derive(Debug, Default, Clone, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Keeps only the problems for which `keep` says yes.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The codes of the problems, in order (what tests compare).
    pub fn codes(&self) -> Vec<Code> {
        self.items.iter().map(|d| d.code).collect()
    }

    /// Sorts by file and position and fills in each problem's source line from `read`.
    pub fn finish(&mut self, read: impl Fn(&Path) -> Option<String>) {
        self.items
            .sort_by(|a, b| (&a.file, a.line, a.column, a.severity, a.code, &a.message).cmp(&(&b.file, b.line, b.column, b.severity, b.code, &b.message)));
        self.items.dedup();
        let mut cache: Option<(PathBuf, Option<String>)> = None;
        for d in self.items.iter_mut().filter(|d| d.line > 0 && d.source_line.is_none()) {
            if cache.as_ref().is_none_or(|(p, _)| *p != d.file) {
                cache = Some((d.file.clone(), read(&d.file)));
            }
            if let Some((_, Some(text))) = &cache {
                d.source_line = text.lines().nth(d.line as usize - 1).map(str::to_string);
            }
        }
    }
}

/// The known name closest to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(&word_lower, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("tittel", ["title", "slug", "date"]), Some("title"));
        assert_eq!(suggest("summray", ["title", "summary"]), Some("summary"));
        assert_eq!(suggest("xyzzy", ["title", "summary"]), None);
    }

    #[test]
    fn renders_snippet_with_help() {
        let mut d = Diagnostic::new(Code::UnknownField, Path::new("content/a.md"), SourcePos { line: 2, column: 1 }, "unknown field")
            .with_help(Some("did you mean `title`?".into()));
        d.source_line = Some("tittel: Hei".into());
        let text = d.render(false);
        assert!(text.contains("error[E-UNKNOWN-FIELD]: unknown field"), "{text}");
        assert!(text.contains("content/a.md:2:1"), "{text}");
        assert!(text.contains("tittel: Hei"));
        assert!(text.contains("did you mean `title`?"));
    }
}

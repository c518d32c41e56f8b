//! Splits a content file into YAML front matter and Markdown body, and parses the YAML
//! (serde-saphyr, with its default budgets against alias bombs and deep nesting).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, suggest};
use crate::model::SourcePos;

/// A file's text cut at its front-matter fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The file line holding the YAML's first line.
    pub yaml_line: u32,
    pub body: &'a str,
    pub body_line: u32,
}

/// Finds the `---` fences. `text` has no BOM and `\n` line ends.
pub fn split(text: &str) -> Result<Split<'_>, (SourcePos, String, Option<String>)> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err((
            SourcePos { line: 1, column: 1 },
            "this file has no front matter".into(),
            Some("start the file with a line `---`, then `title: ...`, then another line `---`".into()),
        ));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line = 2u32;
    for l in text[yaml_start..].split_inclusive('\n') {
        if l.trim_end() == "---" {
            let body_start = offset + l.len();
            return Ok(Split { yaml: &text[yaml_start..offset], yaml_line: 2, body: &text[body_start..], body_line: line + 1 });
        }
        offset += l.len();
        line += 1;
    }
    Err((
        SourcePos { line: 1, column: 1 },
        "the front matter is never closed".into(),
        Some("add a line with only `---` after the last front-matter field, before the text".into()),
    ))
}

/// Parses YAML into `T`; an error becomes a diagnostic at the right line of the file.
pub fn parse<T: DeserializeOwned>(yaml: &str, yaml_line: u32, file: &Path) -> Result<T, Diagnostic> {
    // An empty front matter is an empty map, so that "title is missing" is what gets said.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_saphyr::from_str::<T>(yaml).map_err(|err| yaml_error(&err, yaml_line, file))
}

fn yaml_error(err: &serde_saphyr::Error, yaml_line: u32, file: &Path) -> Diagnostic {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| SourcePos { line: l.line() as u32 + yaml_line - 1, column: l.column() as u32 })
        .unwrap_or(SourcePos { line: yaml_line.saturating_sub(1), column: 1 });
    let options = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
    let raw = err.without_snippet().render_with_options(options);
    let (message, help) = plain_message(&raw);
    Diagnostic::error(file, pos, message).with_help(help)
}

/// Turns a serde or YAML message into words for an editor, with a fix where one is known.
pub fn plain_message(raw: &str) -> (String, Option<String>) {
    let raw = strip_location(raw.trim());
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = match suggest(field, known.iter().copied()) {
            Some(close) => Some(format!("did you mean `{close}`?")),
            None if !known.is_empty() => Some(format!("the fields allowed here are: {}", known.join(", "))),
            None => None,
        };
        return (format!("`{field}` is not a field I know here"), help);
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (format!("the required field `{field}` is missing"), Some(format!("add `{field}: ...` here")));
    }
    if raw.contains("budget") || raw.contains("alias") && raw.contains("limit") {
        return (
            "the front matter is too large or too deeply nested to read safely".into(),
            Some("remove repeated aliases (*name) and deep nesting".into()),
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        return (format!("wrong kind of value: {rest}"), None);
    }
    (format!("the front matter is not valid YAML: {raw}"), Some("check indentation, and put text containing `: ` or `#` in quotes".into()))
}

/// Drops a trailing " at line L column C": the diagnostic carries the place itself.
fn strip_location(raw: &str) -> &str {
    match raw.rfind(" at line ") {
        Some(i) => raw[..i].trim_end_matches(','),
        None => raw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!((s.yaml_line, s.body_line), (2, 4));
    }

    #[test]
    fn refuses_missing_or_unclosed_fences() {
        assert!(split("title: A\n").is_err());
        assert!(split("---\ntitle: A\n").is_err());
        assert!(split("").is_err());
        assert!(split("---").is_err());
    }

    #[test]
    fn unknown_field_suggests_the_close_one() {
        let (msg, help) = plain_message("unknown field `tittel`, expected one of `title`, `kind`");
        assert_eq!(msg, "`tittel` is not a field I know here");
        assert_eq!(help.as_deref(), Some("did you mean `title`?"));
    }
}

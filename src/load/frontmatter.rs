//! Splits a content file into front matter and Markdown body, and parses the front matter:
//! YAML between `---` lines (serde-saphyr, with its default budgets against alias bombs and
//! deep nesting), or TOML between `+++` lines, read through the same YAML structs
//! ([`super::toml_front`]).

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Code, Diagnostic, suggest};
use crate::model::SourcePos;

/// A file's text cut at its front-matter fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter as written (YAML, or TOML when `toml`).
    pub yaml: &'a str,
    /// The file line holding the front matter's first line.
    pub yaml_line: u32,
    pub body: &'a str,
    pub body_line: u32,
    /// Fenced by `+++`: TOML.
    pub toml: bool,
}

/// Finds the `---` (YAML) or `+++` (TOML) fences. `text` has no BOM and `\n` line ends.
pub fn split(text: &str) -> Result<Split<'_>, (SourcePos, String, Option<String>)> {
    let first_end = text.find('\n').unwrap_or(text.len());
    let fence = text[..first_end].trim_end();
    if fence != "---" && fence != "+++" {
        return Err((
            SourcePos { line: 1, column: 1 },
            "this file has no front matter".into(),
            Some("start the file with a line `---`, then `title: ...`, then another line `---` (or TOML between two lines `+++`)".into()),
        ));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, l) in (2u32..).zip(text[yaml_start..].split_inclusive('\n')) {
        if l.trim_end() == fence {
            let body_start = offset + l.len();
            let toml = fence == "+++";
            return Ok(Split { yaml: &text[yaml_start..offset], yaml_line: 2, body: &text[body_start..], body_line: line + 1, toml });
        }
        offset += l.len();
    }
    Err((
        SourcePos { line: 1, column: 1 },
        "the front matter is never closed".into(),
        Some(format!("add a line with only `{fence}` after the last front-matter field, before the text")),
    ))
}

/// Where the lines of the YAML that is parsed are in the file.
#[derive(Debug, Clone)]
pub enum LineMap {
    /// The file's own YAML, starting at this file line.
    Yaml(u32),
    /// YAML made from TOML: the origin of each line.
    Toml(Arc<Vec<super::toml_front::LineOrigin>>),
}

impl LineMap {
    /// The file position of 1-based `line` and `column` of the parsed YAML.
    pub fn pos(&self, line: usize, column: usize) -> SourcePos {
        match self {
            LineMap::Yaml(first) => SourcePos { line: line as u32 + first - 1, column: column as u32 },
            LineMap::Toml(lines) => match lines.get(line.saturating_sub(1)).or(lines.last()) {
                Some(origin) => origin.at(column as u32),
                None => SourcePos { line: 1, column: 1 },
            },
        }
    }
}

/// A front matter ready to parse: YAML text and where its lines are in the file.
#[derive(Debug, Clone)]
pub struct FrontMatter<'a> {
    pub yaml: Cow<'a, str>,
    pub lines: LineMap,
    /// The file line of the opening fence's successor (what errors without a place point before).
    pub first_line: u32,
}

/// The front matter of `split` as YAML; TOML is translated (a TOML syntax error is `E-TOML`,
/// a key written twice `E-DUPLICATE-FIELD`).
pub fn prepare<'a>(split: &Split<'a>, file: &Path) -> Result<FrontMatter<'a>, Diagnostic> {
    if !split.toml {
        return Ok(FrontMatter { yaml: Cow::Borrowed(split.yaml), lines: LineMap::Yaml(split.yaml_line), first_line: split.yaml_line });
    }
    match super::toml_front::translate(split.yaml, split.yaml_line) {
        Ok(t) => Ok(FrontMatter { yaml: Cow::Owned(t.yaml), lines: LineMap::Toml(Arc::new(t.lines)), first_line: split.yaml_line }),
        Err((pos, raw)) => {
            let diag = match raw.strip_prefix("duplicate key") {
                Some(_) => Diagnostic::new(Code::DuplicateField, file, pos, "this field is written twice").with_help(Some("keep only one of them".into())),
                None => Diagnostic::new(Code::Toml, file, pos, format!("the front matter is not valid TOML: {raw}"))
                    .with_help(Some("text values need quotes (`title = \"Kurs\"`), tables are written `[name]`, and each key may appear once".into())),
            };
            Err(diag)
        }
    }
}

/// Parses YAML into `T`; an error becomes a diagnostic at the right line of the file.
pub fn parse<T: DeserializeOwned>(yaml: &str, yaml_line: u32, file: &Path) -> Result<T, Diagnostic> {
    parse_front(&FrontMatter { yaml: Cow::Borrowed(yaml), lines: LineMap::Yaml(yaml_line), first_line: yaml_line }, file)
}

/// Parses a prepared front matter into `T`, with errors placed through its line map.
pub fn parse_front<T: DeserializeOwned>(fm: &FrontMatter<'_>, file: &Path) -> Result<T, Diagnostic> {
    // An empty front matter is an empty map, so that "title is missing" is what gets said.
    let yaml = if fm.yaml.trim().is_empty() { "{}" } else { &fm.yaml };
    serde_saphyr::from_str::<T>(yaml).map_err(|err| yaml_error(&err, fm, file))
}

fn yaml_error(err: &serde_saphyr::Error, fm: &FrontMatter<'_>, file: &Path) -> Diagnostic {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| fm.lines.pos(l.line() as usize, l.column() as usize))
        .unwrap_or(SourcePos { line: fm.first_line.saturating_sub(1), column: 1 });
    let options = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
    let raw = err.without_snippet().render_with_options(options);
    let (code, message, help) = plain_message(&raw);
    Diagnostic::new(code, file, pos, message).with_help(help)
}

/// Turns a serde or YAML message into its code and words for an editor, with a fix where one
/// is known. Syntax errors not recognised get `E-YAML`.
pub fn plain_message(raw: &str) -> (Code, String, Option<String>) {
    let raw = strip_location(raw.trim());
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known = expected_names(expected);
        let help = match suggest(field, known.iter().copied()) {
            Some(close) => Some(format!("did you mean `{close}`?")),
            None if !known.is_empty() => Some(format!("the fields allowed here are: {}", known.join(", "))),
            None => None,
        };
        return (Code::UnknownField, format!("`{field}` is not a field I know here"), help);
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (Code::MissingField, format!("the required field `{field}` is missing"), Some(format!("add `{field}: ...` here")));
    }
    if raw.contains("budget") || raw.contains("recursion limit") || raw.contains("alias") && raw.contains("limit") {
        return (
            Code::TooComplex,
            "the front matter is too large or too deeply nested to read safely".into(),
            Some("remove repeated aliases (*name) and deep nesting".into()),
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another kind of value"));
        return (Code::WrongType, format!("expected {} here, not {}", plain_type(expected), plain_type(found)), None);
    }
    if let Some(known) = known_yaml_problem(raw) {
        return known;
    }
    (Code::Yaml, format!("the front matter is not valid YAML: {raw}"), Some("check indentation, and put text containing `: ` or `#` in quotes".into()))
}

/// serde's names for kinds of values, in an editor's words.
fn plain_type(t: &str) -> String {
    match t.trim() {
        "sequence" | "a sequence" => "a list".into(),
        "map" | "a map" => "fields (`name: value` lines)".into(),
        "a string" | "string" | "a borrowed string" => "text".into(),
        "unit value" | "null" => "an empty value".into(),
        "boolean" | "a boolean" => "`true` or `false`".into(),
        other => other.replace("sequence", "list").replace("a string", "text"),
    }
}

/// YAML parser messages that programmers understand, in words for an editor.
fn known_yaml_problem(raw: &str) -> Option<(Code, String, Option<String>)> {
    let say = |code: Code, m: &str, h: &str| Some((code, m.to_string(), Some(h.to_string())));
    if let Some(rest) = raw.strip_prefix("duplicate mapping key") {
        let key = rest.trim_start_matches(':').split(", set ").next().unwrap_or("").trim();
        let what = if key.is_empty() { "a field".to_string() } else { format!("the field `{key}`") };
        return Some((Code::DuplicateField, format!("{what} is written twice"), Some("keep only one of them".into())));
    }
    if raw.starts_with("invalid bool") {
        return say(Code::WrongType, "expected `true` or `false` here", "write `true` or `false`, without quotes");
    }
    if let Some(ty) = raw.strip_prefix("invalid ") {
        if matches!(ty, "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "isize") {
            return say(Code::WrongType, "expected a whole number here", "write digits only, for example `3`");
        }
        if matches!(ty, "f32" | "f64") {
            return say(Code::WrongType, "expected a number here", "write digits, for example `2.5`");
        }
    }
    if raw.starts_with("expected mapping start") {
        return say(
            Code::WrongType,
            "expected fields here (lines like `name: value`), not a single value or a list",
            "write each field on its own line as `name: value`",
        );
    }
    if raw.starts_with("expected sequence start") {
        return say(Code::WrongType, "expected a list here", "write a list as `[a, b]`, or as lines starting with `- `");
    }
    if raw.starts_with("expected string") || raw.contains("into string") {
        return say(Code::WrongType, "expected text here", "write the text right after the colon, in quotes if it contains `: ` or `#`");
    }
    if raw.contains("found a tab") || raw.contains("tab character") {
        return say(Code::Yaml, "the front matter contains a tab", "indent with spaces, not tabs");
    }
    if raw.contains("unclosed quote") || raw.contains("found unexpected end of stream") && raw.contains("quoted") {
        return say(Code::Yaml, "a quoted text is never closed", "add the closing quote (\" or ') at the end of the text");
    }
    if raw.contains("mapping values are not allowed") {
        return say(
            Code::Yaml,
            "there is a `: ` where it can't be",
            "put text containing `: ` in quotes, and check that the line is indented like the ones around it",
        );
    }
    if raw.starts_with("unexpected character") {
        return say(Code::Yaml, "the value starts with a character YAML reserves", "put text that starts with @, `, %, | or > in quotes");
    }
    if raw.contains("unknown anchor") {
        return say(Code::Yaml, "`*name` refers to an `&name` that is not defined", "define the anchor first, or write the value out");
    }
    None
}

/// The names in ", expected one of `a`, `b`" (serde) or ", expected one of a, b" (serde-saphyr).
fn expected_names(expected: &str) -> Vec<&str> {
    let list = expected.trim_start_matches(',').trim_start();
    let Some(list) = list.strip_prefix("expected one of ").or_else(|| list.strip_prefix("expected ")) else {
        return Vec::new();
    };
    list.split(", ").flat_map(|part| part.split(" or ")).map(|name| name.trim().trim_matches('`')).filter(|name| !name.is_empty()).collect()
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
    fn parser_jargon_is_translated() {
        let plain = |raw: &str| plain_message(raw).1;
        let code = |raw: &str| plain_message(raw).0;
        assert_eq!(code("invalid boolean"), Code::WrongType);
        assert_eq!(code("duplicate mapping key: title"), Code::DuplicateField);
        assert_eq!(code("recursion limit exceeded"), Code::TooComplex);
        assert_eq!(code("found a tab character that violates indentation"), Code::Yaml);
        assert_eq!(code("missing field `title`"), Code::MissingField);
        assert_eq!(plain("invalid boolean"), "expected `true` or `false` here");
        assert_eq!(plain("invalid i64"), "expected a whole number here");
        assert_eq!(plain("duplicate mapping key: title, set DuplicateKeyPolicy in Options if acceptable"), "the field `title` is written twice");
        assert_eq!(plain("invalid type: sequence, expected a string"), "expected text here, not a list");
        assert_eq!(plain("recursion limit exceeded"), "the front matter is too large or too deeply nested to read safely");
        assert!(plain("expected sequence start").contains("a list"));
    }

    #[test]
    fn unknown_field_suggests_the_close_one() {
        let (code, msg, help) = plain_message("unknown field `tittel`, expected one of `title`, `kind`");
        assert_eq!(code, Code::UnknownField);
        assert_eq!(msg, "`tittel` is not a field I know here");
        assert_eq!(help.as_deref(), Some("did you mean `title`?"));
        // serde-saphyr lists the expected names without backticks.
        let (_, _, help) = plain_message("unknown field `tittel`, expected one of title, kind, slug");
        assert_eq!(help.as_deref(), Some("did you mean `title`?"));
        let (_, _, help) = plain_message("unknown field `xyzzy`, expected `from` or `to`");
        assert_eq!(help.as_deref(), Some("the fields allowed here are: from, to"));
    }
}

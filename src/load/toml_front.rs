//! TOML front matter (between `+++` lines, as Zola and Hugo sites write it). It is turned into
//! the equivalent YAML, one key or value a line, with a map from each YAML line back to the
//! TOML key and value it came from: the same serde structs then read it, with the same errors
//! and unknown-field suggestions, placed at the TOML's own lines and columns.
//
// Why not deserialize the TOML directly: the front-matter structs keep source positions with
// serde-saphyr's `Spanned`, which only the YAML deserializer fills in.

use toml::de::{DeArray, DeTable, DeValue};

use crate::model::SourcePos;

/// Where one line of the translated YAML came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineOrigin {
    /// The 1-based YAML column where the line's value starts (0: the line has none).
    pub value_column: u32,
    pub key: SourcePos,
    pub value: SourcePos,
}

impl LineOrigin {
    /// The TOML position of YAML column `column` on this line: the value, or before it the key.
    pub fn at(&self, column: u32) -> SourcePos {
        if self.value_column > 0 && column >= self.value_column { self.value } else { self.key }
    }
}

/// The YAML made from a TOML front matter, with the origin of each of its lines.
#[derive(Debug, Clone, Default)]
pub struct Translated {
    pub yaml: String,
    pub lines: Vec<LineOrigin>,
}

/// Translates `toml`, whose first line is line `first_line` of the file. A TOML syntax error
/// comes back with its position and the parser's message.
pub fn translate(toml: &str, first_line: u32) -> Result<Translated, (SourcePos, String)> {
    let mut out = Writer { text: toml, first_line, done: Translated::default() };
    match DeTable::parse(toml) {
        Ok(table) => {
            out.table(table.get_ref(), 0);
            Ok(out.done)
        }
        Err(e) => {
            let pos = out.pos(e.span().map_or(0, |s| s.start));
            Err((pos, e.message().trim().to_string()))
        }
    }
}

struct Writer<'t> {
    text: &'t str,
    first_line: u32,
    done: Translated,
}

impl Writer<'_> {
    /// File position of a byte offset into the TOML (columns count characters, from 1).
    fn pos(&self, offset: usize) -> SourcePos {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() as u32;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u32 + 1;
        SourcePos { line: self.first_line + line, column }
    }

    /// One YAML line: `head` (indent, key or dash), then an optional scalar value.
    fn line(&mut self, head: String, value: Option<String>, key_at: usize, value_at: usize) {
        let (key, value_pos) = (self.pos(key_at), self.pos(value_at));
        let mut text = head;
        let mut value_column = 0;
        if let Some(v) = value {
            text.push(' ');
            value_column = text.chars().count() as u32 + 1;
            text.push_str(&v);
        }
        self.done.yaml.push_str(&text);
        self.done.yaml.push('\n');
        self.done.lines.push(LineOrigin { value_column, key, value: value_pos });
    }

    fn table(&mut self, table: &DeTable<'_>, indent: usize) {
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        for (key, value) in entries {
            let head = format!("{}{}:", " ".repeat(indent), quoted(key.get_ref()));
            let (key_at, value_at) = (key.span().start, value.span().start);
            match value.get_ref() {
                DeValue::Table(t) if !t.is_empty() => {
                    self.line(head, None, key_at, value_at);
                    self.table(t, indent + 2);
                }
                DeValue::Array(a) if !a.is_empty() => {
                    self.line(head, None, key_at, value_at);
                    self.array(a, indent + 2);
                }
                v => self.line(head, Some(scalar(v)), key_at, value_at),
            }
        }
    }

    fn array(&mut self, array: &DeArray<'_>, indent: usize) {
        for item in array.iter() {
            let head = format!("{}-", " ".repeat(indent));
            let at = item.span().start;
            match item.get_ref() {
                DeValue::Table(t) if !t.is_empty() => {
                    self.line(head, None, at, at);
                    self.table(t, indent + 2);
                }
                DeValue::Array(a) if !a.is_empty() => {
                    self.line(head, None, at, at);
                    self.array(a, indent + 2);
                }
                v => self.line(head, Some(scalar(v)), at, at),
            }
        }
    }
}

/// A value that fits on one YAML line, keeping its TOML type: strings and dates quoted,
/// numbers in decimal, empty tables and arrays as `{}` and `[]`.
fn scalar(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => quoted(s),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let (sign, rest) = match digits.strip_prefix('-') {
                Some(r) => ("-", r.to_string()),
                None => ("", digits.trim_start_matches('+').to_string()),
            };
            let rest = rest.trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b");
            match i64::from_str_radix(&format!("{sign}{rest}"), i.radix()) {
                Ok(n) => n.to_string(),
                Err(_) => quoted(&digits),
            }
        }
        DeValue::Float(f) => match f.as_str().replace('_', "").trim_start_matches('+') {
            "inf" => ".inf".into(),
            "-inf" => "-.inf".into(),
            "nan" | "-nan" => ".nan".into(),
            other => other.to_string(),
        },
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => quoted(&d.to_string()),
        DeValue::Array(_) => "[]".into(),
        DeValue::Table(_) => "{}".into(),
    }
}

/// A YAML double-quoted string: `"` and `\` escaped, and every character YAML does not allow
/// as it is (controls, DEL, C1, BOM) written as `\uXXXX`, so that each value stays on one line.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{feff}' || ('\u{fff0}'..='\u{ffff}').contains(&c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32) -> SourcePos {
        SourcePos { line, column }
    }

    #[test]
    fn keys_and_values_keep_their_places() {
        let toml = "title = \"Kurs \\\"A\\\"\"\nweight = 1_000\ntopics = [\"rus\", \"barn\"]\n\n[registration]\nurl = \"https://x.example.org\"\n\n[[sessions]]\nstart = 2027-03-08T09:00:00\nend = 2027-03-08T15:00:00\n";
        let t = translate(toml, 2).unwrap_or_else(|e| panic!("{e:?}"));
        let lines: Vec<&str> = t.yaml.lines().collect();
        assert_eq!(lines[0], "\"title\": \"Kurs \\\"A\\\"\"");
        assert_eq!(t.lines[0].key, at(2, 1));
        assert_eq!(t.lines[0].value, at(2, 9));
        assert_eq!(lines[1], "\"weight\": 1000");
        assert_eq!(lines[3], "  - \"rus\"");
        assert_eq!(t.lines[3].value, at(4, 11));
        assert!(t.yaml.contains("\"registration\":\n  \"url\": \"https://x.example.org\"\n"), "{}", t.yaml);
        assert!(t.yaml.contains("\"sessions\":\n  -\n    \"start\": \"2027-03-08T09:00:00\"\n"), "{}", t.yaml);
        let start = lines.iter().position(|l| l.contains("\"start\"")).unwrap_or(0);
        assert_eq!(t.lines[start].at(20), at(10, 9), "the value of `start`");
        assert_eq!(t.lines[start].at(5), at(10, 1), "its key");
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let (pos, message) = translate("title = \"A\"\ntitle = \"B\"\n", 2).err().unwrap_or_default();
        assert_eq!(pos.line, 3, "{message}");
        assert!(message.contains("duplicate"), "{message}");
        let (pos, _) = translate("title = \n", 2).err().unwrap_or_default();
        assert_eq!(pos.line, 2);
    }

    #[test]
    fn odd_text_stays_on_one_line() {
        let t = translate("title = \"a\\nb\\u007f\\u0085 \\t\u{feff}\"\n", 2).unwrap_or_default();
        assert_eq!(t.yaml.lines().count(), 1, "{}", t.yaml);
        assert_eq!(t.yaml, "\"title\": \"a\\nb\\u007f\\u0085 \\t\\ufeff\"\n");
        let t = translate("a = 0x1F\nb = -17\nc = inf\nd = []\ne = {}\nf = true\n", 2).unwrap_or_default();
        assert_eq!(t.yaml, "\"a\": 31\n\"b\": -17\n\"c\": .inf\n\"d\": []\n\"e\": {}\n\"f\": true\n");
    }
}

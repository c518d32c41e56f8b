//! Turns raw front matter into the typed model, checking values as it goes.
//!
//! Each check pushes a diagnostic and carries on, so one run reports every problem.

use std::path::Path;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::raw::{RawCommon, RawContact, RawSession, S, Text};
use crate::diagnostics::{Code, Diagnostic, suggest};
use crate::model::media::FrontImage;
use crate::model::{Contact, Deadline, Located, PageMeta, Reference, Session, SourcePos, When};

/// What a conversion needs to know, and where it puts the problems it finds.
pub struct Ctx<'a> {
    pub file: &'a Path,
    /// File line of the YAML's first line.
    pub yaml_line: u32,
    pub tz: Tz,
    /// Today in the site's zone, from the build's "now"; `None` skips the checks against it.
    pub today: Option<NaiveDate>,
    pub diags: Vec<Diagnostic>,
    /// Where the parsed YAML's lines are in the file (TOML front matter is translated).
    pub lines: super::frontmatter::LineMap,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a Path, yaml_line: u32, tz: Tz) -> Ctx<'a> {
        Ctx { file, yaml_line, tz, today: None, diags: Vec::new(), lines: super::frontmatter::LineMap::Yaml(yaml_line) }
    }

    /// The file position of a spanned YAML value.
    pub fn pos<T>(&self, s: &S<T>) -> SourcePos {
        let loc = s.referenced;
        if loc.line() == 0 {
            return SourcePos { line: self.yaml_line.saturating_sub(1), column: 1 };
        }
        self.lines.pos(loc.line() as usize, loc.column() as usize)
    }

    pub fn error(&mut self, code: Code, pos: SourcePos, message: impl Into<String>, help: Option<String>) {
        self.diags.push(Diagnostic::new(code, self.file, pos, message).with_help(help));
    }

    pub fn located(&self, s: &S<String>) -> Located<String> {
        Located { value: s.value.trim().to_string(), pos: self.pos(s) }
    }

    pub fn located_text(&self, s: &S<Text>) -> Located<String> {
        Located { value: s.value.0.trim().to_string(), pos: self.pos(s) }
    }

    pub fn reference(&self, s: &S<String>) -> Reference {
        Reference::parse(&s.value, self.pos(s))
    }

    pub fn when(&mut self, s: Option<&S<Text>>, field: &str) -> Option<When> {
        let s = s?;
        match When::parse(&s.value.0, self.tz) {
            Ok(w) => Some(w),
            Err(msg) => {
                let pos = self.pos(s);
                self.error(Code::Date, pos, format!("`{field}` is not a valid date"), Some(msg));
                None
            }
        }
    }

    pub fn day(&mut self, s: &S<Text>, field: &str) -> Option<NaiveDate> {
        let tz = self.tz;
        self.when(Some(s), field).map(|w| w.date(tz))
    }

    pub fn deadline(&mut self, s: Option<&S<Text>>, field: &str) -> Option<Deadline> {
        let s = s?;
        match Deadline::parse(&s.value.0) {
            Ok(d) => Some(d),
            Err(msg) => {
                let pos = self.pos(s);
                self.error(Code::Date, pos, format!("`{field}` is not a valid deadline"), Some(msg));
                None
            }
        }
    }

    /// Reads one of a fixed set of words (`status: ongoing`).
    pub fn word<E>(&mut self, s: Option<&S<String>>, field: &str, parse: fn(&str) -> Option<E>, names: &[&str]) -> Option<E> {
        let s = s?;
        if let Some(v) = parse(&s.value) {
            return Some(v);
        }
        let help = match suggest(&s.value, names.iter().copied()) {
            Some(close) => format!("did you mean `{close}`? Allowed: {}", names.join(", ")),
            None => format!("allowed values: {}", names.join(", ")),
        };
        let pos = self.pos(s);
        self.error(Code::UnknownValue, pos, format!("`{}` is not a valid `{field}`", s.value), Some(help));
        None
    }

    pub fn sessions(&mut self, raw: Vec<S<RawSession>>, field: &str) -> Vec<Session> {
        raw.into_iter().filter_map(|s| self.session(s, field)).collect()
    }

    fn session(&mut self, s: S<RawSession>, field: &str) -> Option<Session> {
        let pos = self.pos(&s);
        let r = s.value;
        let start = self.when(Some(&r.start), "start");
        let end = self.when(Some(&r.end), "end");
        let (start, end) = (start?, end?);
        if end.instant <= start.instant {
            let pos = self.pos(&r.end);
            let msg = if end.instant == start.instant { "ends when it starts" } else { "ends before it starts" };
            self.error(Code::DateOrder, pos, format!("this entry in `{field}` {msg}"), Some("check the date and time in `end`".into()));
            return None;
        }
        Some(Session { id: r.id.map(|t| t.0), title: r.title, start, end, location: r.location, online: r.online, pos })
    }

    /// The common fields; `title_pos` is where a missing title is reported.
    pub fn meta(&mut self, c: RawCommon) -> PageMeta {
        let title = match &c.title {
            Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
            Some(t) => {
                let pos = self.pos(t);
                self.error(Code::MissingField, pos, "the `title` is empty", Some("write the page's title after `title:`".into()));
                String::new()
            }
            None => {
                let pos = SourcePos { line: self.yaml_line.saturating_sub(1), column: 1 };
                self.error(Code::MissingField, pos, "this page has no `title`", Some("add a line `title: ...` to the front matter".into()));
                String::new()
            }
        };
        let slug = c.slug.as_ref().and_then(|s| self.slug(s));
        let lang = c.lang.as_ref().and_then(|l| self.lang(l));
        let image = c.image.as_ref().and_then(|i| self.image(i));
        PageMeta {
            title,
            slug,
            date: self.when(c.date.as_ref(), "date"),
            updated: self.when(c.updated.as_ref(), "updated"),
            draft: c.draft.unwrap_or(false),
            summary: c.summary.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
            topics: c.topics.into_iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
            districts: c.districts.iter().map(|d| self.located(d)).collect(),
            aliases: c.aliases,
            weight: c.weight,
            template: c.template,
            extra: c.extra.unwrap_or(serde_json::Value::Null),
            paginate_by: c.paginate_by.map(|p| p.value),
            lang,
            image,
        }
    }

    /// `image:`, with its `src` and a non-empty `alt` (E-NO-ALT where it is missing or empty).
    fn image(&mut self, i: &S<super::raw::RawImage>) -> Option<FrontImage> {
        let at = self.pos(i);
        let alt = i.value.alt.as_ref().map(|a| (a.value.trim().to_string(), self.pos(a)));
        let help = "write what the picture shows, as you would tell someone who can't see it: `image: { src: kart.jpg, alt: \"Kart over bydelene\" }`; \
                    a page's picture is shown on its cards and when it is shared, so it can't be decorative (`alt: \"\"` is not allowed here)";
        match &alt {
            None => self.error(Code::NoAlt, at, "the page's `image` has no `alt` text", Some(help.into())),
            Some((a, pos)) if a.is_empty() || a == "\"\"" => self.error(Code::NoAlt, *pos, "the page's `image` has an empty `alt` text", Some(help.into())),
            _ => {}
        }
        let Some(src) = i.value.src.as_ref().filter(|s| !s.value.trim().is_empty()) else {
            self.error(
                Code::MissingField,
                at,
                "the page's `image` has no `src`",
                Some("name the picture's file: `src: kart.jpg` (beside the page) or `src: /bilder/kart.jpg` (in static/)".into()),
            );
            return None;
        };
        let alt = alt.map(|(a, _)| a).filter(|a| !a.is_empty() && a != "\"\"")?;
        Some(FrontImage { src: self.located(src), alt })
    }

    /// `lang:`, the language of the page's text when it is not the language version's.
    fn lang(&mut self, l: &S<String>) -> Option<crate::model::Language> {
        let parsed = crate::model::Language::parse(&l.value);
        if parsed.is_none() {
            let pos = self.pos(l);
            let help = "write a BCP 47 language code such as nb, nn, en, se, smj or sma";
            self.error(Code::Language, pos, format!("`{}` is not a language code", l.value.trim()), Some(help.into()));
        }
        parsed
    }

    fn slug(&mut self, s: &S<String>) -> Option<String> {
        let v = s.value.trim();
        if !v.is_empty() && v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return Some(v.to_string());
        }
        let pos = self.pos(s);
        let fixed = crate::model::slugify(v);
        let help = if fixed.is_empty() { "use only a-z, 0-9 and -".to_string() } else { format!("use only a-z, 0-9 and -, for example `{fixed}`") };
        self.error(Code::Slug, pos, format!("the slug `{v}` has characters other than a-z, 0-9 and -"), Some(help));
        None
    }
}

/// Contact details, with a phone number written as a number kept as text.
pub fn contact(raw: Option<RawContact>) -> Option<Contact> {
    raw.map(|c| Contact { name: c.name, email: c.email, phone: c.phone.map(|t| t.0), address: c.address, url: c.url })
}

/// Text of an optional scalar.
pub fn text(t: Option<Text>) -> Option<String> {
    t.map(|t| t.0.trim().to_string()).filter(|t| !t.is_empty())
}

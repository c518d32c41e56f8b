//! The code of every kind of problem (`E-YAML`, `W-UNCOVERED`, …), with its explanation.
//!
//! Codes are what tests and the program match on; the message wording is free to change.
//! The README's table of codes is generated from [`Code::ALL`] (a test fails when they drift).

use serde::{Serialize, Serializer};

use super::Severity;

/// What kind of problem a diagnostic reports. `E-` codes stop the build, `W-` codes don't.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    Read,
    TooLarge,
    Encoding,
    FrontMatter,
    Yaml,
    Toml,
    TooComplex,
    DuplicateField,
    UnknownField,
    MissingField,
    WrongType,
    UnknownKind,
    UnknownValue,
    Date,
    DateOrder,
    Slug,
    BadId,
    DuplicateId,
    ConfigValue,
    AddressClash,
    MissingPage,
    MissingAnchor,
    BrokenLink,
    DeadLinkStrict,
    UnknownDistrict,
    Cycle,
    Template,
    Theme,
    Output,
    StatusConflict,
    UpdateOrder,
    FutureDate,
    Progress,
    Language,
    UiStrings,
    TranslationIds,
    MissingFile,
    OutsideSite,
    NoAlt,
    BadImage,
    ImageTooLarge,
    SvgScript,
    LongAlt,
    MilestoneAhead,
    Stale,
    DeadLink,
    Uncovered,
    TranslationBehind,
}

impl Code {
    /// Every code, in the order the README lists them.
    pub const ALL: &'static [Code] = &[
        Code::Read,
        Code::TooLarge,
        Code::Encoding,
        Code::FrontMatter,
        Code::Yaml,
        Code::Toml,
        Code::TooComplex,
        Code::DuplicateField,
        Code::UnknownField,
        Code::MissingField,
        Code::WrongType,
        Code::UnknownKind,
        Code::UnknownValue,
        Code::Date,
        Code::DateOrder,
        Code::Slug,
        Code::BadId,
        Code::DuplicateId,
        Code::ConfigValue,
        Code::AddressClash,
        Code::MissingPage,
        Code::MissingAnchor,
        Code::BrokenLink,
        Code::DeadLinkStrict,
        Code::UnknownDistrict,
        Code::Cycle,
        Code::Template,
        Code::Theme,
        Code::Output,
        Code::StatusConflict,
        Code::UpdateOrder,
        Code::FutureDate,
        Code::Progress,
        Code::Language,
        Code::UiStrings,
        Code::TranslationIds,
        Code::MissingFile,
        Code::OutsideSite,
        Code::NoAlt,
        Code::BadImage,
        Code::ImageTooLarge,
        Code::SvgScript,
        Code::MilestoneAhead,
        Code::Stale,
        Code::DeadLink,
        Code::Uncovered,
        Code::TranslationBehind,
        Code::LongAlt,
    ];

    /// The code as shown to editors: `E-YAML`.
    pub fn as_str(self) -> &'static str {
        self.info().0
    }

    /// Errors stop the build; warnings are reported and the site is still written.
    pub fn severity(self) -> Severity {
        if self.as_str().starts_with("W-") { Severity::Warning } else { Severity::Error }
    }

    /// What the problem means and how it is usually fixed, in one paragraph.
    pub fn explanation(self) -> &'static str {
        self.info().1
    }

    /// The code with that name (`E-YAML`), if there is one.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    fn info(self) -> (&'static str, &'static str) {
        match self {
            Code::Read => (
                "E-READ",
                "A file or folder could not be read: it vanished while planverk read it, it is not a regular file (a folder or pipe named `.md`), \
                 the permissions forbid reading it, a symbolic link leads nowhere or in a circle, or `config.toml` is missing. \
                 Check that the file exists and is an ordinary file, or run planverk in the site folder.",
            ),
            Code::TooLarge => (
                "E-TOO-LARGE",
                "A content file is larger than 20 MB. A file that size is not a page but a log, an export or a database dump saved under \
                 `content/` by mistake, and reading it would slow every build and preview down. Move it to `static/` if it should be \
                 published as it is, or split the text into several pages.",
            ),
            Code::Encoding => (
                "E-ENCODING",
                "A content file is not UTF-8 text (often a file saved as Latin-1 or Windows-1252, or a picture or PDF given the name `.md`). \
                 Save it as UTF-8 in your editor; put pictures and documents in `static/`.",
            ),
            Code::FrontMatter => (
                "E-FRONT-MATTER",
                "A content file has no front matter, or its front matter is never closed. \
                 Every page starts with a line `---`, then fields such as `title: ...`, then another line `---`, then the text \
                 (or TOML fields such as `title = \"...\"` between two lines `+++`).",
            ),
            Code::Yaml => (
                "E-YAML",
                "The front matter is not valid YAML: a tab used for indentation, a quote never closed, a `: ` or `#` in unquoted text, \
                 a value starting with a reserved character, or an anchor (`*name`) that is not defined. \
                 Indent with spaces and put text containing `: `, `#` or a leading `@`, `` ` ``, `%`, `|` or `>` in quotes.",
            ),
            Code::Toml => (
                "E-TOML",
                "`config.toml`, or a front matter between `+++` lines, is not valid TOML. Text values need quotes (`title = \"Korus\"`), tables are written `[name]`, \
                 and each key may appear once per table.",
            ),
            Code::TooComplex => (
                "E-TOO-COMPLEX",
                "The front matter is too large or too deeply nested to be read safely, usually because of repeated aliases (`*name`) \
                 or hundreds of nested lists. Write the values out and keep the nesting shallow.",
            ),
            Code::DuplicateField => (
                "E-DUPLICATE-FIELD",
                "The same field is written twice in one place (two `title:` lines, or the same key twice in a table of `config.toml`). \
                 Keep only one of them.",
            ),
            Code::UnknownField => (
                "E-UNKNOWN-FIELD",
                "A field is not one planverk knows for this kind of page or this part of the config; often a typo (`tittel` for `title`) \
                 or a field that belongs to another kind of page. The message suggests the closest known field, or the kind that has it.",
            ),
            Code::MissingField => (
                "E-MISSING-FIELD",
                "A required field is missing or empty: every page needs a `title`, every goal and measure an `id` and a `title`, \
                 and some kinds need more (a course its `sessions`). Add the field with a value.",
            ),
            Code::WrongType => (
                "E-WRONG-TYPE",
                "A field has the wrong kind of value: a list where text is expected, text where `true` or `false` or a number is expected, \
                 or a single value where fields (`name: value` lines) are expected. The message says what was expected.",
            ),
            Code::UnknownKind => (
                "E-UNKNOWN-KIND",
                "The `kind` of a page is not one planverk knows. The kinds are page, news, plan, course, network, newsletter, district and service.",
            ),
            Code::UnknownValue => (
                "E-UNKNOWN-VALUE",
                "A field that takes one of a fixed set of words (a status, a plan level, a format) has another word. \
                 The message lists the allowed values and suggests the closest one.",
            ),
            Code::Date => (
                "E-DATE",
                "A date, time or deadline could not be understood. Write dates as 2027-03-08, times as 2027-03-08T09:00 (local time) \
                 or 2027-03-08T09:00+01:00, and deadlines as a year (2027), a quarter (2027-Q1) or a date.",
            ),
            Code::DateOrder => (
                "E-DATE-ORDER",
                "Something ends before (or when) it starts: a session's `end` is not after its `start`, or a period's `to` is before its `from`. \
                 Check both dates and times.",
            ),
            Code::Slug => (
                "E-SLUG",
                "A `slug` has characters other than a-z, 0-9 and -. Slugs become addresses, so they are written in lower case \
                 without spaces or Norwegian letters (`ære` is written `aere`). The message suggests a slug.",
            ),
            Code::BadId => (
                "E-BAD-ID",
                "A goal, measure or strategy `id` can't be used as a link target (it has spaces or other characters). \
                 Use letters, digits and - only, for example `S1-C`.",
            ),
            Code::DuplicateId => {
                ("E-DUPLICATE-ID", "Two goals, measures or strategies of one plan have the same `id`. Give each its own id; links and `implements` use them.")
            }
            Code::ConfigValue => (
                "E-CONFIG-VALUE",
                "A setting in `config.toml` has a value planverk can't use: a `language` (or a `[languages.xx]` table) that is not a language code or is the default language, \
                 a `timezone` that is not a time zone name (Europe/Oslo), a `base_url` that is not a full https:// address, \
                 or a `[notice]` with a `level` other than info or warning, no `text`, or `link_text` without `link`.",
            ),
            Code::AddressClash => (
                "E-ADDRESS-CLASH",
                "Two pages (or a page and an alias) would be written to the same address, so one would overwrite the other. \
                 Give one of them another file name or `slug`, or remove the alias.",
            ),
            Code::MissingPage => (
                "E-MISSING-PAGE",
                "A reference names a page that does not exist: an `@/` link in the text, an `implements` or `follows` entry, \
                 or a page named in `config.toml` (`featured`, menu, footer). Give the page's content path (its path under content/ without .md); \
                 the message suggests the nearest ones.",
            ),
            Code::MissingAnchor => (
                "E-MISSING-ANCHOR",
                "A reference names a page that exists, but the part after `#` (or an id in `goals`) is not a goal, measure, \
                 strategy or heading of that page. The message lists the nearest ids.",
            ),
            Code::BrokenLink => (
                "E-BROKEN-LINK",
                "A link in a page's text to an address inside the site (`[x](/planer/y/)`, a relative one like `../y/`, `#id`, or an image) \
                 leads to a page or file the site does not publish, or to an id the page does not have. Fix the address (the message \
                 suggests the nearest pages or ids), or link to the page by its file with `@/` and its path under content/, which \
                 keeps working when the page moves.",
            ),
            Code::DeadLinkStrict => ("E-DEAD-LINK", "`W-DEAD-LINK` under `check --external --strict`, which makes a dead external link an error."),
            Code::UnknownDistrict => (
                "E-UNKNOWN-DISTRICT",
                "A page or plan names a district for which there is no district page. Fix the key, or add a district page \
                 whose file name is that key.",
            ),
            Code::Cycle => {
                ("E-CYCLE", "`implements` links go in a circle (A carries out B, which carries out A). Remove one link of the circle the message shows.")
            }
            Code::Template => (
                "E-TEMPLATE",
                "A template has a syntax error, failed while rendering a page, or a page names a `template` that does not exist. \
                 Fix the template in templates/, remove it to use the built-in one, or remove `template:` from the page.",
            ),
            Code::Theme => (
                "E-THEME",
                "The theme named in `config.toml` is missing, or one of its files (templates, UI strings) can't be read or is not valid. \
                 Fix `theme` in config.toml or the theme's files.",
            ),
            Code::Output => (
                "E-OUTPUT",
                "A generated file (a calendar, feed or data file) could not be produced from the content. \
                 This is most likely a bug in planverk; please report it with the page named.",
            ),
            Code::StatusConflict => (
                "E-STATUS-CONFLICT",
                "A plan item's `status` says something else than its latest entry in `updates`, which decides the item's current status. \
                 Remove `status` (the updates say it), or write the latest update's status.",
            ),
            Code::UpdateOrder => (
                "E-UPDATE-ORDER",
                "An entry in an item's `updates` is older than the entry above it. Updates are written oldest first, so the last one is \
                 the current status: move the entry to its place in date order.",
            ),
            Code::FutureDate => (
                "E-FUTURE-DATE",
                "A status update is dated after today (the build's \"now\": the clock, or `SOURCE_DATE_EPOCH` when set). An update reports \
                 what has happened; date it today or earlier, or add it when the day has come. Planned dates belong in `milestones`.",
            ),
            Code::Progress => ("E-PROGRESS", "An item's `progress` is not a whole number from 0 to 100 (per cent done). Write for example `progress: 40`."),
            Code::Language => (
                "E-LANGUAGE",
                "A file name ends in a language code that the site does not have (`kurs.nn.md` without `[languages.nn]` in config.toml), \
                 or a page's `lang` is not a language code. Add `[languages.xx]` to config.toml for a new language version, rename the \
                 file (a dot before `.md` marks a translation), or write `lang` as a BCP 47 code such as nb, nn, en or se.",
            ),
            Code::UiStrings => (
                "E-UI-STRINGS",
                "A language of the site has no UI strings, or its `i18n/<lang>.toml` lacks some of them (the message lists the keys). \
                 The theme has nb, nn and en built in; for another language copy the keys of one of those into `i18n/<lang>.toml` at \
                 the site's root and translate them. The same file can override single built-in strings.",
            ),
            Code::TranslationIds => (
                "E-TRANSLATION-IDS",
                "A translated plan does not have the same strategy, goal and measure ids as its original: links, `implements` and \
                 open data use the ids in every language. Give the translation the original's ids (the message names those added or \
                 dropped), and translate only titles and text.",
            ),
            Code::MissingFile => (
                "E-MISSING-FILE",
                "A link or image names a file that is not there: a path relative to the page's file (`kart.png` beside \
                 `content/aktuelt/sak/index.md`, `../vedlegg/plan.pdf`) or from the site's root (`/vedlegg/plan.pdf` in `static/`). \
                 Check the spelling and the folder; the message lists the nearest names that exist.",
            ),
            Code::OutsideSite => (
                "E-OUTSIDE-SITE",
                "A path leads out of the site: a link or image with `../` above `content/`, or a file under `content/` that is a \
                 symbolic link to a file outside the site folder. Nothing outside the site is published: copy the file into the \
                 page's folder and link to it there.",
            ),
            Code::NoAlt => (
                "E-NO-ALT",
                "An image has no alt text (`![](kart.png)`). Screen readers read the alt text instead of the picture (WCAG 2.1, 1.1.1). \
                 Write what the picture shows between the brackets: `![Kart over bydelene i Oslo](kart.png)`. A purely decorative \
                 picture that adds nothing is written `![\"\"](pynt.png)`, which gives it an empty alt text.",
            ),
            Code::BadImage => (
                "E-BAD-IMAGE",
                "A picture can't be read: it is truncated (copied or uploaded only in part), corrupt, not a picture at all (a `.png` \
                 that is text, an error page saved instead of the picture), or an SVG that is not well-formed. Open it in an image \
                 editor and save it again, or replace it with the original file.",
            ),
            Code::ImageTooLarge => (
                "E-IMAGE-TOO-LARGE",
                "A picture has more than 100 megapixels or a side longer than 20,000 pixels, as its header says; planverk refuses it \
                 before decoding it, since decoding it could take gigabytes of memory (a small file claiming a huge size is a \
                 decompression bomb). Scale it down in an image editor: a web page needs at most 1,600 pixels' width.",
            ),
            Code::SvgScript => (
                "E-SVG-SCRIPT",
                "An SVG drawing contains a `<script>`, an event handler (`onload=\"…\"`), a `javascript:` address or embedded HTML \
                 (`<foreignObject>`). Published on the site's address, it could run code as the site. Remove it from the drawing, \
                 export it again as plain SVG, or publish a PNG instead.",
            ),
            Code::MilestoneAhead => (
                "W-MILESTONE-AHEAD",
                "A milestone is marked `done: true` but dated in the future. Give the day it was reached, or set `done: false` until then. \
                 The site is still built.",
            ),
            Code::Stale => (
                "W-STALE",
                "A measure's deadline has passed, it is neither `done` nor `cancelled`, and it has had no status update in the last six \
                 months. Add an entry to its `updates` saying where it stands. Plans with `status: expired` are not checked. \
                 The site is still built.",
            ),
            Code::DeadLink => (
                "W-DEAD-LINK",
                "`check --external` asked a link to another site and got an HTTP error (404, 410, 500, …), no answer within the timeout, \
                 a failed TLS (https) handshake, endless redirects, or no connection. Fix the address or remove the link; a host that \
                 refuses link checkers can be left out with `skip` under `[link_checker]` in config.toml. The site is still built.",
            ),
            Code::Uncovered => (
                "W-UNCOVERED",
                "A measure of a city plan that district plans follow is not carried out by any district plan. \
                 Link a district measure to it with `implements`, or name a non-district unit in its `responsible`. The site is still built.",
            ),
            Code::TranslationBehind => (
                "W-TRANSLATION-BEHIND",
                "The original page's `updated` is later than its translation's (or the translation has none): the translation may be \
                 out of date. Bring it up to date and set its `updated`. The site is still built.",
            ),
            Code::LongAlt => (
                "W-LONG-ALT",
                "An image's alt text is longer than 150 characters. Screen readers read it in one go, with no way to skip. Say briefly \
                 what the picture shows and put the rest (a chart's figures, say) in the text, where everyone can read it. The site is \
                 still built.",
            ),
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        Code::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown problem code `{text}`")))
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The README's table of codes, generated from [`Code::ALL`].
pub fn readme_table() -> String {
    let mut out = String::from("| Code | What it means |\n|---|---|\n");
    for code in Code::ALL {
        out.push_str(&format!("| `{}` | {} |\n", code.as_str(), code.explanation().replace('|', "\\|")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        for name in &names {
            assert!(name.starts_with("E-") || name.starts_with("W-"), "{name}");
            assert!(name[2..].bytes().all(|b| b.is_ascii_uppercase() || b == b'-'), "{name}");
            assert_eq!(Code::parse(name).map(Code::as_str), Some(*name));
        }
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "two codes share a name");
        assert_eq!(Code::Uncovered.severity(), Severity::Warning);
        assert_eq!(Code::Yaml.severity(), Severity::Error);
    }

    #[test]
    fn every_variant_is_listed() {
        // A new variant missing from ALL would never reach the README; the match in `info` makes
        // the compiler list every variant, and this count must follow it.
        let listed: std::collections::BTreeSet<Code> = Code::ALL.iter().copied().collect();
        assert_eq!(listed.len(), Code::ALL.len());
        assert_eq!(Code::ALL.len(), Code::TranslationBehind as usize + 1, "Code::ALL misses a variant");
    }

    /// The README's table is the generated one. Run with `PLANVERK_BLESS=1` to rewrite it.
    #[test]
    fn readme_lists_every_code() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let (start, end) = ("<!-- codes:start -->\n", "<!-- codes:end -->");
        let from = readme.find(start).expect("README has a <!-- codes:start --> marker") + start.len();
        let to = readme[from..].find(end).expect("README has a <!-- codes:end --> marker") + from;
        let table = readme_table();
        if std::env::var_os("PLANVERK_BLESS").is_some() {
            std::fs::write(&path, format!("{}{table}{}", &readme[..from], &readme[to..])).unwrap();
            return;
        }
        assert_eq!(&readme[from..to], table, "the README's table of codes is out of date: run `PLANVERK_BLESS=1 cargo test --lib readme_lists_every_code`");
    }
}

//! Reads `config.toml` into the validated `Config`; unknown keys are refused.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::frontmatter::plain_message;
use crate::diagnostics::{Code, Diagnostic, suggest};
use crate::model::config::{CmsConfig, LanguageVersion, MenuEntry, Notice, NoticeLevel, NoticeLink, PlansConfig};
use crate::model::{Config, Language, SourcePos};

/// `config.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    timezone: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    output_dir: Option<String>,
    /// Page path of an event to feature at the top of the home page.
    #[serde(default)]
    featured: Option<String>,
    /// Page path of the accessibility statement, linked from every page's footer.
    #[serde(default)]
    accessibility_statement: Option<String>,
    /// Page path with contact details, linked from every page's footer.
    #[serde(default)]
    contact_page: Option<String>,
    #[serde(default)]
    menu: Vec<RawMenuEntry>,
    #[serde(default)]
    plans: Option<RawPlans>,
    #[serde(default)]
    notice: Option<RawNotice>,
    /// Cards per listing page; 0 puts every card on one page.
    #[serde(default)]
    paginate_by: Option<usize>,
    /// Further language versions, by BCP 47 code.
    #[serde(default)]
    languages: BTreeMap<String, RawLanguage>,
    /// How `check --external` checks links to other sites.
    #[serde(default)]
    link_checker: crate::model::config::LinkChecker,
    #[serde(default)]
    cms: Option<RawCms>,
}

/// `[languages.xx]`: what a further language version says instead of the site.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    menu: Option<Vec<RawMenuEntry>>,
    /// Topic names in this language, by the name the pages use.
    #[serde(default)]
    topics: BTreeMap<String, String>,
}

/// `[cms]`: the editor at `/admin/`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCms {
    #[serde(default)]
    script: Option<String>,
    #[serde(default)]
    integrity: Option<String>,
    #[serde(default)]
    publish: bool,
    #[serde(default)]
    backend: Option<toml::Table>,
}

/// `[notice]`: a banner at the top of every page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    text: String,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    link_text: Option<String>,
}

/// `[plans]`: settings for plans and the coverage check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlans {
    #[serde(default)]
    district_units: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuEntry {
    label: String,
    path: String,
}

/// Reads and validates the config file; every problem becomes a diagnostic.
pub fn load_config(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let file = Path::new("config.toml");
    let text = std::fs::read_to_string(root.join(file)).map_err(|e| {
        vec![
            Diagnostic::new(Code::Read, file, SourcePos::default(), format!("can't read config.toml in {}: {e}", root.display()))
                .with_help(Some("run planverk in a site folder, give --root, or create one with `planverk init`".into())),
        ]
    })?;
    parse_config(&text, file)
}

/// Parses config text; `file` names it in diagnostics.
pub fn parse_config(text: &str, file: &Path) -> Result<Config, Vec<Diagnostic>> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let pos = e.span().map(|s| position(text, s.start)).unwrap_or_default();
        let (code, message, help) = plain_message(e.message());
        let code = match code {
            Code::Yaml if e.message().starts_with("duplicate key") => Code::DuplicateField,
            Code::Yaml => Code::Toml,
            other => other,
        };
        let message = message.replace("front matter is not valid YAML", "config is not valid TOML").replace("front matter", "config");
        vec![Diagnostic::new(code, file, pos, message).with_help(help)]
    })?;
    let mut diags = Vec::new();
    let mut bad = |key: &str, message: String, help: Option<String>| {
        let pos = key_position(text, key);
        diags.push(Diagnostic::new(Code::ConfigValue, file, pos, message).with_help(help));
    };
    let language = match raw.language.as_deref() {
        None => Language::nb(),
        Some(l) => Language::parse(l).unwrap_or_else(|| {
            bad("language", format!("`{l}` is not a language code"), Some("write a BCP 47 code such as nb, nn, en or se".into()));
            Language::nb()
        }),
    };
    let tz_name = raw.timezone.as_deref().unwrap_or("Europe/Oslo");
    let timezone = tz_name.parse::<chrono_tz::Tz>().unwrap_or_else(|_| {
        let close = suggest(tz_name, chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()));
        bad("timezone", format!("`{tz_name}` is not a time zone I know"), close.map(|c| format!("did you mean `{c}`?")));
        chrono_tz::Europe::Oslo
    });
    let site_url = crate::model::SiteUrl::parse(&raw.base_url).unwrap_or_else(|| {
        bad(
            "base_url",
            "`base_url` must be a full address".into(),
            Some("for example https://korus.example.org, or https://example.org/rusplan for a site in a folder".into()),
        );
        crate::model::SiteUrl::parse("https://example.org").expect("a valid address")
    });
    let base_url = site_url.base_url();
    let notice = raw.notice.map(|n| parse_notice(n, text, file, &mut diags));
    let languages = parse_languages(raw.languages, &language, text, file, &mut diags);
    let cms = raw.cms.map(|c| parse_cms(c, text, file, &mut diags)).unwrap_or_default();
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(Config {
        title: raw.title,
        description: raw.description.unwrap_or_default(),
        base_url,
        language: language.clone(),
        default_language: language,
        languages,
        url_prefix: String::new(),
        site_url,
        fingerprint: true,
        timezone,
        theme: raw.theme.unwrap_or_else(|| "default".into()),
        output_dir: raw.output_dir.unwrap_or_else(|| "public".into()),
        featured: raw.featured,
        accessibility_statement: raw.accessibility_statement,
        contact_page: raw.contact_page,
        key_positions: key_positions(text),
        menu: raw.menu.into_iter().zip(menu_path_positions(text)).map(|(m, pos)| MenuEntry { label: m.label, path: m.path, pos }).collect(),
        plans: PlansConfig { district_units: raw.plans.map(|p| p.district_units).unwrap_or_default() },
        notice,
        paginate_by: raw.paginate_by.unwrap_or(crate::model::config::DEFAULT_PAGINATE_BY),
        link_checker: raw.link_checker,
        cms,
    })
}

/// Checks the `[languages.xx]` tables: each a language code other than the default.
fn parse_languages(raw: BTreeMap<String, RawLanguage>, default: &Language, text: &str, file: &Path, diags: &mut Vec<Diagnostic>) -> Vec<LanguageVersion> {
    let mut out: Vec<LanguageVersion> = Vec::new();
    for (code, l) in raw {
        let pos = table_position(text, &format!("languages.{code}"));
        let Some(language) = Language::parse(&code) else {
            let msg = format!("`{code}` in [languages.{code}] is not a language code");
            diags.push(Diagnostic::new(Code::ConfigValue, file, pos, msg).with_help(Some("write a BCP 47 code such as nn, en, se, smj or sma".into())));
            continue;
        };
        if language == *default {
            let msg = format!("[languages.{code}] is the site's default language (`language = \"{default}\"`)");
            let help = "remove the table: the default language uses the site's title, description and menu";
            diags.push(Diagnostic::new(Code::ConfigValue, file, pos, msg).with_help(Some(help.into())));
            continue;
        }
        if out.iter().any(|o| o.language == language) {
            diags.push(
                Diagnostic::new(Code::DuplicateField, file, pos, format!("the language `{language}` is configured twice"))
                    .with_help(Some("keep one of the tables".into())),
            );
            continue;
        }
        let menu_at = menu_path_positions_in(text, &format!("[[languages.{code}.menu]]"));
        let menu = l.menu.map(|m| m.into_iter().zip(menu_at).map(|(m, pos)| MenuEntry { label: m.label, path: m.path, pos }).collect());
        out.push(LanguageVersion { language, title: l.title, description: l.description, menu, topics: l.topics, pos });
    }
    out
}

/// The line of the table header `[name]`.
fn table_position(text: &str, name: &str) -> SourcePos {
    let header = format!("[{name}]");
    text.lines().position(|l| l.split('#').next().unwrap_or_default().trim() == header).map(|i| SourcePos { line: i as u32 + 1, column: 1 }).unwrap_or_default()
}

/// Checks `[cms]`: a published editor needs a backend of Decap's own.
fn parse_cms(c: RawCms, text: &str, file: &Path, diags: &mut Vec<Diagnostic>) -> CmsConfig {
    let backend = c.backend.and_then(|t| serde_json::to_value(t).ok());
    if c.publish && backend.as_ref().is_none_or(|b| b.get("name").and_then(|n| n.as_str()).is_none()) {
        let help = "add `[cms.backend]` with `name = \"git-gateway\"` (or github, gitlab, …) as Decap's documentation describes, or remove `publish`";
        diags.push(
            Diagnostic::new(Code::ConfigValue, file, table_key_position(text, "cms", "publish"), "`publish = true` needs a `[cms.backend]` with a `name`")
                .with_help(Some(help.into())),
        );
    }
    if c.script.as_deref().is_some_and(|s| s.trim().is_empty()) {
        let help = "give the Decap CMS script's address (https://…) or a file path (node_modules/decap-cms/dist/decap-cms.js), or remove `script`";
        diags.push(Diagnostic::new(Code::ConfigValue, file, table_key_position(text, "cms", "script"), "`script` is empty").with_help(Some(help.into())));
    }
    CmsConfig { script: c.script, integrity: c.integrity, publish: c.publish, backend }
}

/// Checks `[notice]`: a known level, some text, and link words only with a link.
fn parse_notice(n: RawNotice, text: &str, file: &Path, diags: &mut Vec<Diagnostic>) -> Notice {
    let at = |key: &str| table_key_position(text, "notice", key);
    let level = match n.level.as_deref() {
        None => NoticeLevel::Info,
        Some(l) => NoticeLevel::parse(l).unwrap_or_else(|| {
            diags.push(
                Diagnostic::new(Code::ConfigValue, file, at("level"), format!("`{l}` is not a notice level")).with_help(Some("use info or warning".into())),
            );
            NoticeLevel::Info
        }),
    };
    if n.text.trim().is_empty() {
        diags.push(
            Diagnostic::new(Code::ConfigValue, file, at("text"), "the notice has no text")
                .with_help(Some("write the message in `text`, or remove [notice]".into())),
        );
    }
    let link = match (n.link, n.link_text) {
        (Some(path), words) => Some(NoticeLink { path, text: words.filter(|t| !t.trim().is_empty()), pos: at("link") }),
        (None, Some(_)) => {
            let help = "add `link = \"om/kilder\"` (a content path or an address), or remove `link_text`";
            diags.push(
                Diagnostic::new(Code::ConfigValue, file, at("link_text"), "`link_text` is given but the notice has no `link`").with_help(Some(help.into())),
            );
            None
        }
        (None, None) => None,
    };
    Notice { text: n.text.trim().to_string(), level, link }
}

/// Line and column of a byte offset.
pub fn position(text: &str, offset: usize) -> SourcePos {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() as u32 + 1;
    SourcePos { line, column }
}

/// The line of each `path = …` inside `[[menu]]` tables, in order (endlessly padded with
/// unknown positions so that every entry gets one).
fn menu_path_positions(text: &str) -> std::iter::Chain<std::vec::IntoIter<SourcePos>, std::iter::Repeat<SourcePos>> {
    menu_path_positions_in(text, "[[menu]]")
}

/// The line of each `path = …` inside the array of tables `header` (`[[menu]]`).
fn menu_path_positions_in(text: &str, header: &str) -> std::iter::Chain<std::vec::IntoIter<SourcePos>, std::iter::Repeat<SourcePos>> {
    let mut in_menu = false;
    let found: Vec<SourcePos> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.trim_start();
            if line.starts_with('[') {
                in_menu = line.starts_with(header);
                return None;
            }
            let key = line.split_once('=')?.0.trim();
            (in_menu && key == "path").then(|| SourcePos { line: i as u32 + 1, column: 1 })
        })
        .collect();
    found.into_iter().chain(std::iter::repeat(SourcePos::default()))
}

/// The line of every top-level `key = value` before the first table.
fn key_positions(text: &str) -> std::collections::BTreeMap<String, SourcePos> {
    let mut out = std::collections::BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start();
        if line.starts_with('[') {
            break;
        }
        if let Some((key, _)) = line.split_once('=') {
            let key = key.trim().trim_matches('"').to_string();
            out.entry(key).or_insert(SourcePos { line: i as u32 + 1, column: 1 });
        }
    }
    out
}

/// The line of `key = …` inside the table `[table]`.
fn table_key_position(text: &str, table: &str, key: &str) -> SourcePos {
    let header = format!("[{table}]");
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start();
        if line.starts_with('[') {
            inside = line.split('#').next().unwrap_or_default().trim_end() == header;
        } else if inside && line.split_once('=').is_some_and(|(k, _)| k.trim().trim_matches('"') == key) {
            return SourcePos { line: i as u32 + 1, column: 1 };
        }
    }
    SourcePos::default()
}

fn key_position(text: &str, key: &str) -> SourcePos {
    text.lines().position(|l| l.trim_start().starts_with(key)).map(|i| SourcePos { line: i as u32 + 1, column: 1 }).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_unknown_keys_with_suggestion() {
        let err = parse_config("title = \"x\"\nbase_url = \"https://x.org\"\ntimzone = \"Europe/Oslo\"\n", Path::new("config.toml")).unwrap_err();
        assert_eq!(err[0].line, 3);
        assert!(err[0].message.contains("timzone"), "{}", err[0].message);
        assert_eq!(err[0].help.as_deref(), Some("did you mean `timezone`?"));
    }

    #[test]
    fn reads_a_full_config() {
        let c = parse_config("title = \"KoRus\"\nbase_url = \"https://k.org/\"\nlanguage = \"nn\"\ntimezone = \"Europe/Oslo\"\n", Path::new("config.toml"))
            .unwrap();
        assert_eq!(c.base_url, "https://k.org");
        assert_eq!(c.language, Language::parse("nn").unwrap());
    }

    #[test]
    fn reads_language_versions() {
        let text = "title = \"KoRus\"\nbase_url = \"https://k.org\"\n[languages.nn]\ntitle = \"KoRus på nynorsk\"\n[[languages.nn.menu]]\nlabel = \"Kurs\"\npath = \"kurs\"\n[languages.se]\n";
        let c = parse_config(text, Path::new("config.toml")).unwrap();
        let codes: Vec<&str> = c.languages.iter().map(|l| l.language.code()).collect();
        assert_eq!(codes, ["nn", "se"]);
        assert_eq!(c.languages[0].pos.line, 3);
        assert_eq!(c.languages[0].menu.as_ref().unwrap()[0].pos.line, 7);
        let nn = c.for_language(&Language::parse("nn").unwrap());
        assert_eq!((nn.title.as_str(), nn.url_prefix.as_str(), nn.menu.len()), ("KoRus på nynorsk", "/nn", 1));
        let bad = parse_config("title = \"x\"\nbase_url = \"https://x.org\"\n[languages.nb]\n[languages.\"x y\"]\n", Path::new("c")).unwrap_err();
        assert_eq!(bad.len(), 2);
        assert_eq!(bad[0].line, 3);
    }

    #[test]
    fn language_codes_are_bcp47() {
        assert_eq!(Language::parse("no").unwrap().code(), "nb");
        assert_eq!(Language::parse("en-GB").unwrap().primary(), "en");
        assert!(Language::parse("smj").is_some());
        assert!(Language::parse("norsk").is_none());
        assert!(Language::parse("n").is_none());
        assert_eq!(Language::parse("NN").unwrap().code(), "nn");
    }

    #[test]
    fn bad_zone_is_named() {
        let err = parse_config("title = \"x\"\nbase_url = \"https://x.org\"\ntimezone = \"Europe/Olso\"\n", Path::new("c")).unwrap_err();
        assert_eq!(err[0].help.as_deref(), Some("did you mean `Europe/Oslo`?"));
    }

    #[test]
    fn reads_a_notice() {
        let text = "title = \"x\"\nbase_url = \"https://x.org\"\n\n[notice]\ntext = \"Kurskalenderen oppdateres.\"\nlevel = \"warning\"\nlink = \"om/kilder\"\nlink_text = \"Les mer om kildene\"\n";
        let n = parse_config(text, Path::new("config.toml")).unwrap().notice.unwrap();
        assert_eq!(n.level, NoticeLevel::Warning);
        assert_eq!(n.text, "Kurskalenderen oppdateres.");
        let link = n.link.unwrap();
        assert_eq!((link.path.as_str(), link.text.as_deref(), link.pos.line), ("om/kilder", Some("Les mer om kildene"), 7));
    }

    #[test]
    fn reads_the_editor_settings() {
        let base = "title = \"x\"\nbase_url = \"https://x.org\"\n";
        let c = parse_config(&format!("{base}[cms]\nscript = \"node_modules/decap-cms/dist/decap-cms.js\"\n"), Path::new("c")).unwrap().cms;
        assert_eq!((c.script.as_deref(), c.publish), (Some("node_modules/decap-cms/dist/decap-cms.js"), false));
        let published = parse_config(&format!("{base}[cms]\npublish = true\n[cms.backend]\nname = \"git-gateway\"\n"), Path::new("c")).unwrap().cms;
        assert_eq!(published.backend.unwrap()["name"], "git-gateway");
        let err = parse_config(&format!("{base}[cms]\npublish = true\n"), Path::new("c")).unwrap_err();
        assert_eq!((err[0].code, err[0].line), (Code::ConfigValue, 4));
    }

    #[test]
    fn notice_defaults_to_info_without_link() {
        let n = parse_config("title = \"x\"\nbase_url = \"https://x.org\"\n[notice]\ntext = \"Hei\"\n", Path::new("c")).unwrap().notice.unwrap();
        assert_eq!(n.level, NoticeLevel::Info);
        assert!(n.link.is_none());
    }

    #[test]
    fn refuses_bad_notices_with_lines() {
        let unknown = parse_config("title = \"x\"\nbase_url = \"https://x.org\"\n[notice]\ntext = \"Hei\"\nlevle = \"info\"\n", Path::new("c")).unwrap_err();
        assert_eq!(unknown[0].line, 5);
        assert_eq!(unknown[0].help.as_deref(), Some("did you mean `level`?"));
        let text = "title = \"x\"\nbase_url = \"https://x.org\"\n[notice]\ntext = \" \"\nlevel = \"danger\"\nlink_text = \"Les\"\n";
        let errs = parse_config(text, Path::new("c")).unwrap_err();
        let lines: Vec<(u32, &str)> = errs.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(lines, [(5, "`danger` is not a notice level"), (4, "the notice has no text"), (6, "`link_text` is given but the notice has no `link`")]);
        let missing = parse_config("title = \"x\"\nbase_url = \"https://x.org\"\n[notice]\nlevel = \"info\"\n", Path::new("c")).unwrap_err();
        assert!(missing[0].message.contains("`text`"), "{}", missing[0].message);
    }
}

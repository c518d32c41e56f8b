//! The template engine (tera) with the site's theme, and the context every template gets.

use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Code, Diagnostic};
use crate::load::theme::Theme;
use crate::markdown::Highlighter;
use crate::model::SourcePos;
use crate::model::config::{Notice, NoticeLevel};
use crate::render::RenderCtx;
use crate::render::views::Link;

/// Templates, theme files and the code highlighter: made once, used for every render.
pub struct Engine {
    pub tera: Tera,
    pub theme: Theme,
    pub highlighter: Highlighter,
}

impl Engine {
    /// Compiles the templates of a loaded theme.
    pub fn new(theme: Theme) -> Result<Engine, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::markdown::escape);
        tera.add_raw_templates(theme.templates.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(|e| vec![template_error(&e, &theme, None)])?;
        Ok(Engine { tera, theme, highlighter: Highlighter::default() })
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders `name`; a failure names the template and the page being rendered.
    pub fn render(&self, name: &str, context: &Context, page_file: &Path) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| template_error(&e, &self.theme, Some(page_file)))
    }
}

/// Turns a tera error into a diagnostic at the template's file (and line, for syntax
/// errors), naming the page that was being rendered.
fn template_error(e: &tera::Error, theme: &Theme, page: Option<&Path>) -> Diagnostic {
    let mut chain = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let text = chain.join("\n");
    let name = text.split('\'').nth(1).unwrap_or_default().to_string();
    let builtin = Path::new("themes/default/templates").join(&name);
    let file = theme.origins.get(&name).cloned().unwrap_or(builtin);
    let pos = syntax_error_position(&text).unwrap_or_default();
    let detail = chain
        .last()
        .map(|l| l.lines().filter(|l| l.trim_start().starts_with('=')).map(|l| l.trim_start_matches([' ', '='])).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let what = if detail.is_empty() { chain.last().cloned().unwrap_or_default() } else { detail };
    let message = match page {
        Some(p) => format!("the template `{name}` failed while rendering {}: {what}", p.display()),
        None => format!("the template `{name}` has a syntax error: {what}"),
    };
    let help = if theme.origins.contains_key(&name) {
        "fix the template, or remove it to use the built-in one"
    } else {
        "this is a built-in template: copy it into templates/ to change it"
    };
    Diagnostic::new(Code::Template, &file, pos, message).with_help(Some(help.into()))
}

/// `--> 2:15` in a tera syntax error.
fn syntax_error_position(text: &str) -> Option<SourcePos> {
    let rest = &text[text.find("--> ")? + 4..];
    let (line, rest) = rest.split_once(':')?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(SourcePos { line: line.trim().parse().ok()?, column: column.parse().ok()? })
}

/// What every template sees as `site`.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The full address of the site, without a trailing slash (with its sub-path).
    pub base_url: &'a str,
    /// The link to the home page: `/`, or `/rusplan/` under a sub-path.
    pub root: String,
    pub language: &'a str,
    pub menu: Vec<Link>,
    pub year: i32,
    /// Footer links from `accessibility_statement` and `contact_page` in config.toml.
    pub accessibility_url: Option<String>,
    pub contact_url: Option<String>,
    /// The banner from `[notice]`, shown at the top of every page.
    pub notice: Option<NoticeView>,
    /// The home page and the search page of the language rendered (`/`, `/nn/`, under the
    /// sub-path if any); the header's search form sends to `search_url`.
    pub home: String,
    pub search_url: String,
    /// What the site-wide addresses of this language start with, for scripts: `""` or `nn/`.
    pub prefix: String,
}

/// `[notice]` as templates see it: the label in the site's language, the link resolved.
#[derive(Debug, Serialize)]
pub struct NoticeView {
    pub text: String,
    pub level: NoticeLevel,
    /// "Merk" / "Viktig": names the banner's region and starts its text.
    pub label: String,
    /// Site-relative URL or address as written.
    pub url: Option<String>,
    /// The same link as a full address, for e-mail.
    pub permalink: Option<String>,
    pub link_text: Option<String>,
    /// The default language's code when the page is in another: the notice's text (and a
    /// link text from the config) is written in the default language (WCAG 3.1.2).
    pub text_lang: Option<String>,
    /// The same for the link text, when it comes from the config rather than the theme.
    pub link_lang: Option<String>,
}

impl RenderCtx<'_> {
    /// The context shared by all templates: `site`, `t` (UI strings), `lang`. Built once
    /// per render and cloned for each page.
    pub fn base_context(&self) -> Context {
        self.base.get_or_init(|| self.make_base_context()).clone()
    }

    fn make_base_context(&self) -> Context {
        let cfg = &self.site.config;
        let menu = if cfg.menu.is_empty() {
            self.default_menu()
        } else {
            cfg.menu
                .iter()
                .map(|m| {
                    let page = (!m.is_address()).then(|| self.graph.by_path.get(m.path.trim_matches('/'))).flatten();
                    let url = page.map_or_else(|| self.href(&m.path), |&id| self.href(self.graph.url(id)));
                    Link::new(m.label.clone(), url)
                })
                .collect()
        };
        let site = SiteView {
            title: &cfg.title,
            description: &cfg.description,
            base_url: &cfg.base_url,
            root: self.href("/"),
            language: cfg.language.code(),
            menu,
            year: chrono::Datelike::year(&self.now.with_timezone(&cfg.timezone)),
            accessibility_url: cfg.accessibility_statement.as_deref().and_then(|p| self.page_url(p)),
            contact_url: cfg.contact_page.as_deref().and_then(|p| self.page_url(p)),
            notice: cfg.notice.as_ref().map(|n| self.notice_view(n)),
            home: self.href(&self.at("/")),
            search_url: self.href(&self.at("/sok/")),
            prefix: if cfg.url_prefix.is_empty() { String::new() } else { format!("{}/", cfg.url_prefix.trim_start_matches('/')) },
        };
        let mut c = Context::new();
        c.insert("site", &site);
        c.insert("t", self.strings);
        c.insert("lang", cfg.language.code());
        if cfg.is_multilingual() {
            c.insert("switcher", &self.switcher(None));
        }
        c.insert("og_locale", &og_locale(&cfg.language));
        c.insert("search_strings", &crate::render::search_page::client_strings(self));
        c.insert("assets", &crate::render::assets::assets(self));
        c
    }

    /// The notice banner with its label and link filled in.
    fn notice_view(&self, n: &Notice) -> NoticeView {
        let url = n.link.as_ref().map(|l| if l.is_address() { self.href(&l.path) } else { self.page_url(&l.path).unwrap_or_else(|| self.href(&l.path)) });
        let permalink = url.as_ref().map(|u| self.absolute_href(u));
        let link_text = n.link.as_ref().map(|l| l.text.clone().unwrap_or_else(|| self.t("read_more")));
        let cfg = &self.site.config;
        let text_lang = (cfg.language != cfg.default_language).then(|| cfg.default_language.code().to_string());
        let link_lang = text_lang.clone().filter(|_| n.link.as_ref().is_some_and(|l| l.text.is_some()));
        NoticeView { text: n.text.clone(), level: n.level, label: self.t(n.level.label_key()), url, permalink, link_text, text_lang, link_lang }
    }

    /// The URL of the page at a content path given in config.toml.
    fn page_url(&self, path: &str) -> Option<String> {
        self.graph.by_path.get(path.trim_matches('/')).map(|&id| self.href(self.graph.url(id)))
    }

    /// Top-level sections, by weight then title.
    fn default_menu(&self) -> Vec<Link> {
        let mut top: Vec<(i64, String, String)> = self
            .graph
            .sections
            .iter()
            .filter(|(path, s)| !path.is_empty() && !path.contains('/') && s.page.is_some())
            .filter_map(|(_, s)| s.page)
            .map(|id| {
                let p = &self.site.pages[id];
                (p.meta.weight.unwrap_or(i64::MAX), p.meta.title.clone(), self.href(self.graph.url(id)))
            })
            .collect();
        top.sort();
        top.into_iter().map(|(_, title, url)| Link::new(title, url)).collect()
    }
}

/// The Open Graph locale of a language: `nb_NO`, `en_GB`; a language with a region gives it.
fn og_locale(lang: &crate::model::Language) -> String {
    let code = lang.code();
    if let Some((primary, region)) = code.split_once('-').filter(|(_, r)| r.len() == 2) {
        return format!("{primary}_{}", region.to_ascii_uppercase());
    }
    match lang.primary() {
        "en" => "en_GB".into(),
        "nb" | "nn" | "se" | "smj" | "sma" => format!("{}_NO", lang.primary()),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::escape as escape_html;

    #[test]
    fn escapes_markup_but_keeps_slashes() {
        assert_eq!(escape_html(r#"<a href="/x">'T&T'</a>"#), "&lt;a href=&quot;/x&quot;&gt;&#39;T&amp;T&#39;&lt;/a&gt;");
    }
}

//! The editor at `/admin/`: Decap CMS's `config.yml` made from the content model
//! ([`crate::model::schema`]) and the site (a collection per section, selects for the
//! fixed vocabularies with the theme's labels, districts and plan items picked from lists),
//! and the HTML shell that loads Decap. The config is JSON, which YAML readers take as it is.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::schema::{self, Field, Shape};
use crate::model::{Page, PageKind, Site};

/// The Decap CMS release the editor loads by default, and its Subresource Integrity hash
/// (of `dist/decap-cms.js` in the npm package `decap-cms@3.16.3`).
pub const DECAP_VERSION: &str = "3.16.3";
pub const DECAP_URL: &str = "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js";
pub const DECAP_INTEGRITY: &str = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p";

/// Where uploaded pictures and documents go, and the address they are published at.
pub const MEDIA_FOLDER: &str = "static/media";
pub const PUBLIC_FOLDER: &str = "/media";

/// How the editor reaches the files: `serve`'s own local backend, or a backend of Decap's
/// own for a published editor (`[cms] publish`).
#[derive(Debug, Clone)]
pub enum Backend {
    /// `serve` answers Decap's local-backend protocol at this absolute URL.
    Local { url: String, allowed_hosts: Vec<String> },
    /// The `[cms.backend]` table of config.toml, as written.
    Configured(Value),
}

/// The UI strings the labels come from (the theme's, in the site's language).
pub type Strings = BTreeMap<String, String>;

/// Decap's `config.yml` for `site`.
pub fn config(site: &Site, strings: &Strings, backend: &Backend) -> Value {
    let mut config = json!({
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "publish_mode": "simple",
        "omit_empty_optional_fields": true,
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "site_url": site.config.base_url,
        "locale": locale(site),
        "collections": collections(site, strings),
    });
    match backend {
        Backend::Local { url, allowed_hosts } => {
            config["backend"] = json!({ "name": "proxy", "proxy_url": url, "branch": "main" });
            let mut local = json!({ "url": url });
            if !allowed_hosts.is_empty() {
                local["allowed_hosts"] = json!(allowed_hosts);
            }
            config["local_backend"] = local;
        }
        Backend::Configured(value) => config["backend"] = value.clone(),
    }
    config
}

/// Decap's UI language: it has no nynorsk, so nb for both Norwegian forms.
fn locale(site: &Site) -> &'static str {
    match site.config.language.primary() {
        "en" => "en",
        "nn" => "nn_no",
        _ => "nb_no",
    }
}

/// What the forms pick from: the district pages and the plans' goals and measures.
struct Choices {
    districts: Vec<Value>,
    plans: Vec<Value>,
    items: Vec<Value>,
}

fn choices(site: &Site) -> Choices {
    let district_key = |p: &Page| p.source.file_stem().map(|s| s.to_string_lossy().into_owned());
    let districts = site
        .pages
        .iter()
        .filter(|p| p.kind() == PageKind::District && !p.is_section && p.lang.is_none())
        .filter_map(|p| district_key(p).map(|key| json!({ "label": p.meta.title, "value": key })))
        .collect();
    let plans = site.pages.iter().filter(|p| p.plan().is_some() && p.lang.is_none()).map(|p| json!({ "label": p.meta.title, "value": p.path })).collect();
    let items = site
        .pages
        .iter()
        .filter(|p| p.lang.is_none())
        .filter_map(|p| p.plan().map(|plan| (p, plan)))
        .flat_map(|(p, plan)| {
            plan.items().into_iter().map(move |i| {
                json!({ "label": format!("{} {} ({})", i.item.id.value, i.item.title, p.meta.title), "value": format!("{}#{}", p.path, i.item.id.value) })
            })
        })
        .collect();
    Choices { districts, plans, items }
}

/// A folder collection per section (its pages, not its `_index.md`), and one file
/// collection of the sections' own pages. Translations (`_index.nn.md`) are versions of the
/// same section, not sections of their own: one collection per folder, named once.
fn collections(site: &Site, strings: &Strings) -> Vec<Value> {
    let choices = choices(site);
    let mut out = Vec::new();
    let sections: Vec<&Page> = site.pages.iter().filter(|p| p.is_section && p.lang.is_none()).collect();
    for section in &sections {
        let kind = section.section_kind.unwrap_or(PageKind::Page);
        let folder = section.source.parent().map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
        let mut fields: Vec<Value> = vec![json!({ "name": "kind", "widget": "hidden", "default": kind.as_str(), "required": false })];
        fields.extend(schema::fields(kind).iter().map(|f| widget(f, strings, &choices)));
        fields.push(body_field(strings));
        out.push(json!({
            "name": collection_name(&section.path),
            "label": section.meta.title,
            "folder": folder,
            "extension": "md",
            "format": "frontmatter",
            "create": true,
            "delete": true,
            "slug": "{{slug}}",
            "summary": "{{title}}",
            "sortable_fields": ["title", "date"],
            "fields": fields,
        }));
    }
    let kinds: Vec<Value> = PageKind::NAMES.iter().map(|k| json!({ "label": k, "value": k })).collect();
    let files: Vec<Value> = sections
        .iter()
        .map(|section| {
            let mut fields = vec![json!({ "name": "kind", "label": "kind", "widget": "select", "options": kinds, "required": false,
                "hint": "The kind the pages in this folder have when they name none." })];
            fields.extend(schema::section_fields().iter().map(|f| widget(f, strings, &choices)));
            fields.push(body_field(strings));
            json!({ "name": collection_name(&section.path), "label": section.meta.title, "file": section.source.to_string_lossy().replace('\\', "/"), "fields": fields })
        })
        .collect();
    if !files.is_empty() {
        out.push(json!({ "name": "_sections", "label": label(strings, "pages", "Sections"), "format": "frontmatter", "delete": false, "files": files }));
    }
    out
}

/// `kurs` → `kurs`, `planer/bydel` → `planer-bydel`, the home page → `home`.
fn collection_name(path: &str) -> String {
    if path.is_empty() { "home".into() } else { path.replace('/', "-") }
}

fn body_field(strings: &Strings) -> Value {
    json!({ "name": "body", "label": label(strings, "body", "Text"), "widget": "markdown", "required": false })
}

fn label(strings: &Strings, key: &str, fallback: &str) -> String {
    strings.get(key).cloned().unwrap_or_else(|| fallback.to_string())
}

/// `opening_hours` → `Opening hours`.
fn humanize(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// One field as a Decap widget.
fn widget(field: &Field, strings: &Strings, choices: &Choices) -> Value {
    let label = field.label_key.and_then(|k| strings.get(k)).cloned().unwrap_or_else(|| humanize(field.name));
    let mut w = json!({ "name": field.name, "label": label, "required": field.required, "hint": field.hint });
    let select = |w: &mut Value, options: &[Value], multiple: bool| {
        w["widget"] = json!("select");
        w["options"] = json!(options);
        w["multiple"] = json!(multiple);
    };
    match &field.shape {
        Shape::Line => w["widget"] = json!("string"),
        Shape::Image => {
            w["widget"] = json!("image");
            w["choose_url"] = json!(false);
        }
        Shape::Text => w["widget"] = json!("text"),
        Shape::Number => {
            w["widget"] = json!("number");
            w["value_type"] = json!("int");
        }
        Shape::Boolean => w["widget"] = json!("boolean"),
        Shape::Day => {
            w["widget"] = json!("datetime");
            w["format"] = json!("YYYY-MM-DD");
            w["date_format"] = json!("YYYY-MM-DD");
            w["time_format"] = json!(false);
        }
        Shape::DateTime => {
            w["widget"] = json!("datetime");
            w["format"] = json!("YYYY-MM-DDTHH:mm");
            w["date_format"] = json!("YYYY-MM-DD");
            w["time_format"] = json!("HH:mm");
        }
        Shape::DayOrTime => {
            w["widget"] = json!("string");
            w["pattern"] = json!([r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?$", "2027-03-08 or 2027-03-08T09:00"]);
        }
        Shape::Deadline => {
            w["widget"] = json!("string");
            w["pattern"] = json!([r"^\d{4}(-Q[1-4]|-\d{2}-\d{2})?$", "2027, 2027-Q1 or 2027-03-08"]);
        }
        Shape::Choice(vocabulary) => {
            let options: Vec<Value> = vocabulary
                .words()
                .iter()
                .map(|word| {
                    let label = vocabulary.label_key(word).and_then(|k| strings.get(&k)).cloned().unwrap_or_else(|| word.to_string());
                    json!({ "label": label, "value": word })
                })
                .collect();
            select(&mut w, &options, false);
        }
        Shape::Lines => w["widget"] = json!("list"),
        Shape::Districts if !choices.districts.is_empty() => select(&mut w, &choices.districts, true),
        Shape::District if !choices.districts.is_empty() => select(&mut w, &choices.districts, false),
        Shape::Districts => w["widget"] = json!("list"),
        Shape::District => w["widget"] = json!("string"),
        Shape::ItemRefs if !choices.items.is_empty() => select(&mut w, &choices.items, true),
        Shape::ItemRefs => w["widget"] = json!("list"),
        Shape::PageRef if !choices.plans.is_empty() => select(&mut w, &choices.plans, false),
        Shape::PageRef => w["widget"] = json!("string"),
        Shape::List(inner) => {
            w["widget"] = json!("list");
            w["fields"] = inner.iter().map(|f| widget(f, strings, choices)).collect();
            w["collapsed"] = json!(true);
            if let Some(first) = inner.first() {
                w["summary"] = json!(format!("{{{{fields.{}}}}}", first.name));
            }
        }
        Shape::Group(inner) => {
            w["widget"] = json!("object");
            w["fields"] = inner.iter().map(|f| widget(f, strings, choices)).collect();
            w["collapsed"] = json!(true);
            if !field.required {
                optional_group(&mut w);
            }
        }
    }
    w
}

/// Decap checks the fields of an object even when the object is left empty, so a required
/// field inside an optional group (`image.alt`) would block saving every page without one.
/// Such fields are optional in the form, marked in their hint; planverk's own check on save
/// refuses a group given without them, and the editor shows its error.
fn optional_group(w: &mut Value) {
    let Some(fields) = w["fields"].as_array_mut() else { return };
    for f in fields {
        if f["required"] == json!(true) {
            f["required"] = json!(false);
            let hint = f["hint"].as_str().unwrap_or("").to_string();
            f["hint"] = json!(format!("Required when this group is filled in. {hint}").trim_end().to_string());
        }
    }
}

/// The page at `/admin/`: loads Decap CMS (`script`, with its `integrity` when given), which
/// reads `config.yml` beside it.
pub fn shell(site_title: &str, lang: &str, script: &str, integrity: Option<&str>) -> String {
    let esc = crate::markdown::escape;
    let integrity = integrity.map_or(String::new(), |i| format!(" integrity=\"{}\" crossorigin=\"anonymous\"", esc(i)));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{title} – editor</title>\n<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n</head>\n<body>\n\
         <noscript><main><h1>{title}</h1><p>The editor needs JavaScript.</p></main></noscript>\n<script src=\"{src}\"{integrity}></script>\n</body>\n</html>\n",
        lang = esc(lang),
        title = esc(site_title),
        src = esc(script),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_escapes_and_pins_the_script() {
        let html = shell("A & <B>", "nb", DECAP_URL, Some(DECAP_INTEGRITY));
        assert!(html.contains("A &amp; &lt;B&gt; – editor"), "{html}");
        assert!(html.contains(&format!("src=\"{DECAP_URL}\" integrity=\"{DECAP_INTEGRITY}\" crossorigin=\"anonymous\"")), "{html}");
    }

    #[test]
    fn fields_become_widgets_with_required_flags_and_labelled_choices() {
        let strings: Strings = [("status_open".to_string(), "Åpen for påmelding".to_string()), ("format".to_string(), "Format".to_string())].into();
        let empty = Choices { districts: Vec::new(), plans: Vec::new(), items: Vec::new() };
        let fields: Vec<Value> = schema::fields(PageKind::Course).iter().map(|f| widget(f, &strings, &empty)).collect();
        let by = |name: &str| fields.iter().find(|f| f["name"] == name).cloned().unwrap_or_default();
        assert_eq!((by("title")["widget"].as_str(), by("title")["required"].as_bool()), (Some("string"), Some(true)));
        assert_eq!(by("summary")["required"], json!(false));
        assert_eq!(by("status")["options"][0], json!({ "label": "Åpen for påmelding", "value": "open" }));
        let sessions = by("sessions");
        assert_eq!(sessions["widget"], "list");
        assert_eq!(sessions["fields"][0]["name"], "start");
        assert_eq!(sessions["fields"][0]["format"], "YYYY-MM-DDTHH:mm");
        assert_eq!(by("implements")["widget"], "list", "without plans, references are typed");
    }
}

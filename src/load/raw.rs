//! Front matter exactly as written: one serde struct per kind, every one refusing unknown
//! fields. Values that later checks point at keep their source location (`Spanned`).

use serde::{Deserialize, Deserializer, de};
use serde_saphyr::Spanned;

/// A scalar read as text whatever YAML made of it: `2018`, `2021-Q1`, `true` or `"x"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a single value (text, a number or a date), not a list or a map")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A located value.
pub type S<T> = Spanned<T>;

/// Only the `kind` field, read before the whole front matter to pick the struct to use.
#[derive(Debug, Default, Deserialize)]
pub struct KindProbe {
    #[serde(default)]
    pub kind: Option<S<String>>,
}

/// The fields every page may have, taken out of a kind's struct.
#[derive(Debug, Default)]
pub struct RawCommon {
    pub title: Option<S<String>>,
    pub kind: Option<S<String>>,
    pub slug: Option<S<String>>,
    pub date: Option<S<Text>>,
    pub updated: Option<S<Text>>,
    pub draft: Option<bool>,
    pub summary: Option<String>,
    pub topics: Vec<String>,
    pub districts: Vec<S<String>>,
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub extra: Option<serde_json::Value>,
    pub paginate_by: Option<S<usize>>,
    pub lang: Option<S<String>>,
    pub image: Option<S<RawImage>>,
}

/// `image: { src: kart.jpg, alt: "…" }`: the page's picture, for its top, cards and sharing.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawImage {
    pub src: Option<S<String>>,
    pub alt: Option<S<String>>,
}

/// Declares a front-matter struct with the common fields plus the kind's own.
macro_rules! front_matter {
    ($(#[$meta:meta])* $name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Default, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            pub title: Option<S<String>>,
            pub kind: Option<S<String>>,
            pub slug: Option<S<String>>,
            pub date: Option<S<Text>>,
            pub updated: Option<S<Text>>,
            pub draft: Option<bool>,
            pub summary: Option<String>,
            pub topics: Vec<String>,
            pub districts: Vec<S<String>>,
            pub aliases: Vec<String>,
            pub weight: Option<i64>,
            pub template: Option<String>,
            pub extra: Option<serde_json::Value>,
            pub paginate_by: Option<S<usize>>,
            pub lang: Option<S<String>>,
            pub image: Option<S<RawImage>>,
            $(pub $field: $ty,)*
        }

        impl $name {
            /// Splits into the common fields and the rest.
            #[allow(unused_variables)]
            pub fn split(self) -> (RawCommon, $name) {
                let $name { title, kind, slug, date, updated, draft, summary, topics, districts,
                    aliases, weight, template, extra, paginate_by, lang, image, $($field),* } = self;
                let common = RawCommon { title, kind, slug, date, updated, draft, summary, topics,
                    districts, aliases, weight, template, extra, paginate_by, lang, image };
                (common, $name { $($field,)* ..Default::default() })
            }
        }
    };
}

front_matter! {
    /// A plain page, a news article or a section's own page.
    RawPage {}
}

front_matter! {
    /// A plan with its strategies and items.
    RawPlan {
        plan_type: Option<S<String>>,
        owner: Option<String>,
        level: Option<S<String>>,
        district: Option<S<String>>,
        period: Option<Text>,
        status: Option<S<String>>,
        adopted: Option<S<Text>>,
        revise_by: Option<S<Text>>,
        implements: Option<S<String>>,
        goals: Vec<RawItem>,
        strategies: Vec<RawStrategy>,
    }
}

/// A strategy, area or theme inside a plan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStrategy {
    pub id: S<Text>,
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub goals: Vec<RawItem>,
    #[serde(default)]
    pub measures: Vec<RawItem>,
    #[serde(default)]
    pub strategies: Vec<RawStrategy>,
}

/// A goal or measure inside a plan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub id: S<Text>,
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub implements: Vec<S<String>>,
    #[serde(default)]
    pub goals: Vec<S<Text>>,
    #[serde(default)]
    pub responsible: Vec<String>,
    #[serde(default)]
    pub deadline: Option<S<Text>>,
    #[serde(default)]
    pub status: Option<S<String>>,
    #[serde(default)]
    pub prevention: Option<S<String>>,
    #[serde(default)]
    pub level: Option<S<String>>,
    #[serde(default)]
    pub audience: Vec<String>,
    #[serde(default)]
    pub updates: Vec<S<RawUpdate>>,
    #[serde(default)]
    pub progress: Option<S<Text>>,
    #[serde(default)]
    pub indicators: Vec<String>,
    #[serde(default)]
    pub milestones: Vec<S<RawMilestone>>,
}

/// One dated status report on a plan item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpdate {
    pub date: S<Text>,
    pub status: S<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A milestone of a plan item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    pub date: S<Text>,
    pub title: String,
    #[serde(default)]
    pub done: bool,
}

/// One session or meeting.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSession {
    pub start: S<Text>,
    pub end: S<Text>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub online: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub id: Option<Text>,
}

/// Contact details (people and offices share one shape).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawContact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<Text>,
    pub address: Option<String>,
    pub url: Option<String>,
}

/// Registration details of a course.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawRegistration {
    pub url: Option<String>,
    pub opens: Option<S<Text>>,
    pub deadline: Option<S<Text>>,
    pub capacity: Option<u32>,
    pub price: Option<Text>,
}

/// A published material: a URL or a file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMaterial {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub file: Option<String>,
}

front_matter! {
    /// A course, conference or other event.
    RawCourse {
        format: Option<S<String>>,
        organizer: Option<String>,
        partners: Vec<String>,
        audience: Vec<String>,
        sessions: Vec<S<RawSession>>,
        location: Option<String>,
        registration: Option<RawRegistration>,
        status: Option<S<String>>,
        contact: Option<RawContact>,
        materials: Vec<RawMaterial>,
        implements: Vec<S<String>>,
    }
}

front_matter! {
    /// A professional network.
    RawNetwork {
        coordinator: Option<String>,
        members: Vec<S<String>>,
        audience: Vec<String>,
        meetings: Vec<S<RawSession>>,
        contact: Option<RawContact>,
        implements: Vec<S<String>>,
    }
}

/// The period a newsletter issue covers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCovers {
    pub from: S<Text>,
    pub to: S<Text>,
}

front_matter! {
    /// One newsletter issue.
    RawNewsletter {
        series: Option<String>,
        issue: Option<Text>,
        covers: Option<RawCovers>,
    }
}

front_matter! {
    /// A district page.
    RawDistrict {
        number: Option<u32>,
        contact: Option<RawContact>,
    }
}

front_matter! {
    /// A place where people get help.
    RawService {
        provider: Option<String>,
        audience: Vec<String>,
        contact: Option<RawContact>,
        opening_hours: Option<String>,
    }
}

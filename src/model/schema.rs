//! The content model as data: every field of every kind with its shape, whether it is
//! required and a hint, for what is made from the model rather than read with it (the Decap
//! CMS forms, `planverk new`). The loader's serde structs (`load::raw`) stay the rule; a test
//! there checks that every field named here is one they accept.

use super::kinds::{CourseFormat, CourseStatus};
use super::page::PageKind;
use super::plan::{ItemLevel, ItemStatus, PlanLevel, PlanStatus, PlanType, Prevention};

/// What a field holds, which decides the form widget and the skeleton's placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// One line of text.
    Line,
    /// A picture's path: beside the page's file (`kart.png`) or a site path into `static/`
    /// (`/media/kart.png`).
    Image,
    /// Several lines of plain text.
    Text,
    /// A whole number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A day: `2027-03-08`.
    Day,
    /// A local date and time: `2027-03-08T09:00`.
    DateTime,
    /// A day or a local date and time.
    DayOrTime,
    /// A year, a quarter or a day: `2027`, `2027-Q1`, `2027-03-08`.
    Deadline,
    /// One of a fixed set of words, with the theme string key of each word's label.
    Choice(Vocabulary),
    /// A list of single lines.
    Lines,
    /// A list of district keys (the file names of the district pages).
    Districts,
    /// One district key.
    District,
    /// A list of references to goals and measures of plans (`planer/x#S1-C`).
    ItemRefs,
    /// One reference to a page (`planer/x`).
    PageRef,
    /// A list of entries with fields of their own.
    List(Vec<Field>),
    /// Fields of their own (`contact:`).
    Group(Vec<Field>),
}

/// The fixed vocabularies, each with the words it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    CourseFormat,
    CourseStatus,
    PlanType,
    PlanLevel,
    PlanStatus,
    ItemStatus,
    Prevention,
    ItemLevel,
}

impl Vocabulary {
    /// The accepted words, in the order the model declares them.
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Vocabulary::CourseFormat => CourseFormat::NAMES,
            Vocabulary::CourseStatus => CourseStatus::NAMES,
            Vocabulary::PlanType => PlanType::NAMES,
            Vocabulary::PlanLevel => PlanLevel::NAMES,
            Vocabulary::PlanStatus => PlanStatus::NAMES,
            Vocabulary::ItemStatus => ItemStatus::NAMES,
            Vocabulary::Prevention => Prevention::NAMES,
            Vocabulary::ItemLevel => ItemLevel::NAMES,
        }
    }

    /// The theme string that labels `word` (`status_open`), when the theme has one.
    pub fn label_key(self, word: &str) -> Option<String> {
        let prefix = match self {
            Vocabulary::CourseFormat => "format_",
            Vocabulary::CourseStatus => "status_",
            Vocabulary::PlanType => return None,
            Vocabulary::PlanLevel => "level_",
            Vocabulary::PlanStatus => "plan_status_",
            Vocabulary::ItemStatus => "item_status_",
            Vocabulary::Prevention => "prevention_",
            Vocabulary::ItemLevel => "item_level_",
        };
        Some(format!("{prefix}{word}"))
    }
}

/// One field of the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
    /// The theme string that labels the field, when the theme has one.
    pub label_key: Option<&'static str>,
    /// What to write, in a few plain words.
    pub hint: &'static str,
}

fn f(name: &'static str, shape: Shape, hint: &'static str) -> Field {
    Field { name, shape, required: false, label_key: None, hint }
}

impl Field {
    fn required(self) -> Field {
        Field { required: true, ..self }
    }

    fn label(self, key: &'static str) -> Field {
        Field { label_key: Some(key), ..self }
    }
}

/// The fields every page has, before its kind's own (the body is not a field).
pub fn common_fields() -> Vec<Field> {
    vec![
        f("title", Shape::Line, "The page's title.").required(),
        f("summary", Shape::Text, "One or two sentences; shown in lists, feeds and search results."),
        f("date", Shape::DayOrTime, "Publication date: 2027-03-08, or 2027-03-08T09:00 (local time).").label("published"),
        f("updated", Shape::DayOrTime, "When the page was last changed in substance.").label("updated"),
        f("draft", Shape::Boolean, "A draft is left out of the site unless built with --drafts."),
        f("topics", Shape::Lines, "Topic names; each gets a page under /tema/.").label("topics"),
        f("districts", Shape::Districts, "The districts the page is about.").label("districts"),
        f("slug", Shape::Line, "The last part of the address instead of the file name: a-z, 0-9 and - only."),
        f("aliases", Shape::Lines, "Old addresses (/gammel/adresse/) that redirect here."),
        f("weight", Shape::Number, "Order in listings: lower comes first."),
        f(
            "image",
            Shape::Group(vec![
                f("src", Shape::Image, "Beside the page's file (kart.png) or under static/ (/media/kart.png).").required(),
                f("alt", Shape::Line, "What the picture shows, for those who can't see it.").required(),
            ]),
            "The page's picture: at its top, small on its card and when shared.",
        ),
    ]
}

/// The fields of `kind`'s own, after the common ones.
pub fn kind_fields(kind: PageKind) -> Vec<Field> {
    match kind {
        PageKind::Page | PageKind::News => Vec::new(),
        PageKind::Plan => plan_fields(),
        PageKind::Course => course_fields(),
        PageKind::Network => vec![
            f("coordinator", Shape::Line, "Who runs the network.").label("coordinator"),
            f("members", Shape::Lines, "District keys and organisation names.").label("members"),
            f("audience", Shape::Lines, "Target groups; each gets a page under /malgrupper/.").label("audiences"),
            f("meetings", Shape::List(session_fields()), "One entry per meeting; each is a calendar event.").label("meetings"),
            f("contact", Shape::Group(contact_fields()), "Who to ask.").label("contact"),
            f("implements", Shape::ItemRefs, "Goals and measures of plans the network carries out.").label("implements"),
        ],
        PageKind::Newsletter => vec![
            f("series", Shape::Line, "The newsletter's name; issues of one series share a feed."),
            f("issue", Shape::Line, "The issue's number or name: 2027-1.").label("newsletter_issue"),
            f(
                "covers",
                Shape::Group(vec![
                    f("from", Shape::Day, "First day whose news the issue lists.").required(),
                    f("to", Shape::Day, "Last day, the same as from or later.").required(),
                ]),
                "The period whose news the issue lists.",
            )
            .label("newsletter_covers"),
        ],
        PageKind::District => vec![
            f("number", Shape::Number, "The district's official number."),
            f("contact", Shape::Group(contact_fields()), "The district's office.").label("contact"),
        ],
        PageKind::Service => vec![
            f("provider", Shape::Line, "Who runs the service.").label("provider"),
            f("audience", Shape::Lines, "Who the service is for.").label("audiences"),
            f("contact", Shape::Group(contact_fields()), "How to reach the service.").label("contact"),
            f("opening_hours", Shape::Line, "When it is open: Mandag–fredag 08–16.").label("opening_hours"),
        ],
    }
}

/// Every field of a page of `kind`: the common ones, then the kind's.
pub fn fields(kind: PageKind) -> Vec<Field> {
    let mut all = common_fields();
    all.extend(kind_fields(kind));
    all
}

/// The fields of a section's own page (`_index.md`): a page's, with `kind` for its folder
/// and `paginate_by`.
pub fn section_fields() -> Vec<Field> {
    let mut all = common_fields();
    all.push(f("paginate_by", Shape::Number, "Cards per listing page for this section (0: all on one page)."));
    all
}

fn contact_fields() -> Vec<Field> {
    vec![
        f("name", Shape::Line, "A person or an office."),
        f("email", Shape::Line, "name@example.org").label("email"),
        f("phone", Shape::Line, "Phone number.").label("phone"),
        f("address", Shape::Line, "Street address.").label("address"),
        f("url", Shape::Line, "A web address (https://…).").label("website"),
    ]
}

fn session_fields() -> Vec<Field> {
    vec![
        f("start", Shape::DateTime, "Local time: 2027-03-08T09:00.").required(),
        f("end", Shape::DateTime, "Local time, after the start: 2027-03-08T15:00.").required(),
        f("title", Shape::Line, "Only when the session has a name of its own."),
        f("location", Shape::Line, "Where it is; leave empty for the course's location.").label("location"),
        f("online", Shape::Line, "A link to join online.").label("online"),
        f("id", Shape::Line, "A short stable name: keeps the calendar event when the time moves."),
    ]
}

fn course_fields() -> Vec<Field> {
    vec![
        f("format", Shape::Choice(Vocabulary::CourseFormat), "What sort of event it is.").label("format"),
        f("status", Shape::Choice(Vocabulary::CourseStatus), "Whether one can sign up.").label("status"),
        f("sessions", Shape::List(session_fields()), "One entry per day or meeting; each is a calendar event.").label("sessions"),
        f("location", Shape::Line, "Where it takes place.").label("location"),
        f("organizer", Shape::Line, "Who arranges it.").label("organizer"),
        f("partners", Shape::Lines, "Who arranges it together with the organizer.").label("partners"),
        f("audience", Shape::Lines, "Target groups; each gets a page under /malgrupper/.").label("audiences"),
        f(
            "registration",
            Shape::Group(vec![
                f("url", Shape::Line, "The sign-up form (https://…)."),
                f("opens", Shape::DayOrTime, "When sign-up opens.").label("registration_opens"),
                f("deadline", Shape::DayOrTime, "The last day (or time) to sign up.").label("registration_deadline"),
                f("capacity", Shape::Number, "Places.").label("capacity"),
                f("price", Shape::Line, "Gratis, or a sum.").label("price"),
            ]),
            "How to sign up.",
        )
        .label("registration"),
        f("contact", Shape::Group(contact_fields()), "Who to ask.").label("contact"),
        f(
            "materials",
            Shape::List(vec![
                f("title", Shape::Line, "What it is: Presentasjon, dag 1.").required(),
                f("url", Shape::Line, "A web address, or"),
                f("file", Shape::Line, "a file's path on the site (/filer/x.pdf)."),
            ]),
            "Slides and handouts after the event.",
        )
        .label("materials"),
        f("implements", Shape::ItemRefs, "Goals and measures of plans the course carries out.").label("implements"),
    ]
}

fn plan_fields() -> Vec<Field> {
    let item = item_fields();
    let strategy = |inner: Vec<Field>| {
        let mut fs = vec![
            f("id", Shape::Line, "A short id, used in links: S1.").required(),
            f("title", Shape::Line, "The strategy's title.").required(),
            f("description", Shape::Text, "What it is about."),
            f("goals", Shape::List(item.clone()), "The strategy's goals.").label("goals"),
            f("measures", Shape::List(item.clone()), "The strategy's measures.").label("measures"),
        ];
        fs.extend(inner);
        fs
    };
    // Strategies nest; the form offers two levels, the loader reads any depth.
    let inner = f("strategies", Shape::List(strategy(Vec::new())), "Strategies inside this one.");
    vec![
        f("plan_type", Shape::Choice(Vocabulary::PlanType), "What sort of plan document it is."),
        f("level", Shape::Choice(Vocabulary::PlanLevel), "Who owns the plan.").label("plan_level"),
        f("status", Shape::Choice(Vocabulary::PlanStatus), "Where the plan is in its life.").label("plan_status"),
        f("owner", Shape::Line, "The unit that owns the plan.").label("plan_owner"),
        f("district", Shape::District, "For a district plan: its district.").label("plan_district"),
        f("period", Shape::Line, "The years it covers: 2027-2030.").label("plan_period"),
        f("adopted", Shape::DayOrTime, "When it was adopted.").label("plan_adopted"),
        f("revise_by", Shape::Deadline, "When it is to be revised: 2030, 2030-Q2 or a date.").label("plan_revise_by"),
        f("implements", Shape::PageRef, "The plan this one follows up: planer/oslo-strategisk-plan.").label("implements"),
        f("goals", Shape::List(item.clone()), "The plan's main goals.").label("main_goals"),
        f("strategies", Shape::List(strategy(vec![inner])), "Strategies, areas or themes holding goals and measures."),
    ]
}

fn item_fields() -> Vec<Field> {
    vec![
        f("id", Shape::Line, "A short id, used in links: S1-C.").required(),
        f("title", Shape::Line, "What is to be done or reached.").required(),
        f("description", Shape::Text, "More about it."),
        f("status", Shape::Choice(Vocabulary::ItemStatus), "Leave empty when the updates say it.").label("status"),
        f("deadline", Shape::Deadline, "A year (2027), a quarter (2027-Q1) or a date.").label("deadline"),
        f("responsible", Shape::Lines, "The units responsible.").label("responsible"),
        f("implements", Shape::ItemRefs, "Goals and measures of other plans this carries out.").label("implements"),
        f("goals", Shape::Lines, "Ids of this plan's goals the measure serves."),
        f("prevention", Shape::Choice(Vocabulary::Prevention), "Universal, selective or indicated prevention.").label("prevention"),
        f("level", Shape::Choice(Vocabulary::ItemLevel), "The level the measure works on.").label("item_level"),
        f("audience", Shape::Lines, "Target groups.").label("audiences"),
        f("progress", Shape::Number, "Per cent done, a whole number from 0 to 100."),
        f("indicators", Shape::Lines, "How it is measured."),
        f(
            "updates",
            Shape::List(vec![
                f("date", Shape::Day, "The day of the report, not in the future.").required(),
                f("status", Shape::Choice(Vocabulary::ItemStatus), "Where it stands.").required().label("status"),
                f("note", Shape::Text, "What happened."),
            ]),
            "Dated status reports, oldest first: the last one is the current status.",
        ),
        f(
            "milestones",
            Shape::List(vec![
                f("date", Shape::Day, "When.").required(),
                f("title", Shape::Line, "What is to be reached.").required(),
                f("done", Shape::Boolean, "Reached; not with a date in the future."),
            ]),
            "Planned steps.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_required_title_and_no_field_twice() {
        for name in PageKind::NAMES {
            let kind = PageKind::parse(name).unwrap();
            let all = fields(kind);
            assert!(all.iter().any(|f| f.name == "title" && f.required), "{name}");
            let mut names: Vec<_> = all.iter().map(|f| f.name).collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "{name} names a field twice");
        }
    }

    #[test]
    fn every_vocabulary_word_has_a_label_key_but_plan_types() {
        assert_eq!(Vocabulary::CourseStatus.label_key("open").as_deref(), Some("status_open"));
        assert_eq!(Vocabulary::PlanType.label_key("guide"), None);
        assert!(Vocabulary::ItemStatus.words().contains(&"ongoing"));
    }
}

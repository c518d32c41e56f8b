//! Fields of the kinds other than plans: courses, networks, newsletters, districts, services.

use chrono::NaiveDate;

use super::dates::When;
use super::page::{Located, SourcePos};
use super::reference::Reference;

crate::string_enum! {
    /// The format of a course or event.
    CourseFormat {
        Course = "course", Conference = "conference", Seminar = "seminar",
        Webinar = "webinar", ELearning = "e-learning", Supervision = "supervision",
    }
}

crate::string_enum! {
    /// Whether one can sign up.
    CourseStatus { Open = "open", Waitlist = "waitlist", Full = "full", Cancelled = "cancelled", Postponed = "postponed" }
}

/// Contact details: a person for courses, an office for districts and services.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub url: Option<String>,
}

/// One meeting or course day: one calendar event.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Session {
    pub id: Option<String>,
    pub title: Option<String>,
    pub start: When,
    pub end: When,
    pub location: Option<String>,
    pub online: Option<String>,
    pub pos: SourcePos,
}

/// How to sign up.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Registration {
    pub url: Option<String>,
    pub opens: Option<When>,
    pub deadline: Option<When>,
    pub capacity: Option<u32>,
    pub price: Option<String>,
}

/// Slides or handouts published after an event.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Material {
    pub title: String,
    /// A URL, or a site path for a file under `static/`.
    pub href: String,
}

/// A course, conference, seminar or other event with sessions.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Course {
    pub format: Option<CourseFormat>,
    pub organizer: Option<String>,
    pub partners: Vec<String>,
    pub audience: Vec<String>,
    pub sessions: Vec<Session>,
    pub location: Option<String>,
    pub registration: Option<Registration>,
    pub status: Option<CourseStatus>,
    pub contact: Option<Contact>,
    pub materials: Vec<Material>,
    pub implements: Vec<Reference>,
}

/// A professional network with members and meetings.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Network {
    pub coordinator: Option<String>,
    /// District keys and organisation names.
    pub members: Vec<Located<String>>,
    pub audience: Vec<String>,
    pub meetings: Vec<Session>,
    pub contact: Option<Contact>,
    pub implements: Vec<Reference>,
}

/// One issue of a newsletter series.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Newsletter {
    pub series: Option<String>,
    pub issue: Option<String>,
    /// The period whose news the issue lists, both days included.
    pub covers: Option<(NaiveDate, NaiveDate)>,
}

/// A district; its key is the file stem.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct District {
    pub number: Option<u32>,
    pub contact: Option<Contact>,
}

/// A place where people get help.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Service {
    pub provider: Option<String>,
    pub audience: Vec<String>,
    pub contact: Option<Contact>,
    pub opening_hours: Option<String>,
}

//! Feeds: Atom, iCalendar (calendars) and newsletter e-mail.

pub mod atom;
pub mod calendar;
pub mod ical;
pub mod newsletter;
pub mod opendata;
pub mod plan_feeds;

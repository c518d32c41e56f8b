//! Time-related facts about courses and meetings: upcoming or past, next session, state.

use chrono::{DateTime, Utc};

use crate::model::{Course, CourseStatus, Session};

/// The next session not yet ended, or else the first one.
pub fn next_or_first(sessions: &[Session], now: DateTime<Utc>) -> Option<&Session> {
    sessions.iter().filter(|s| s.end.instant > now).min_by_key(|s| s.start.instant).or_else(|| first(sessions))
}

pub fn first(sessions: &[Session]) -> Option<&Session> {
    sessions.iter().min_by_key(|s| s.start.instant)
}

pub fn last_end(sessions: &[Session]) -> Option<DateTime<Utc>> {
    sessions.iter().map(|s| s.end.instant).max()
}

/// Whether every session has ended (a list without sessions is not past).
pub fn is_past(sessions: &[Session], now: DateTime<Utc>) -> bool {
    last_end(sessions).is_some_and(|end| end <= now)
}

/// The state shown to readers: `past` once the last session has ended, else the status.
pub fn course_state(c: &Course, now: DateTime<Utc>) -> &'static str {
    if is_past(&c.sessions, now) {
        return "past";
    }
    c.status.unwrap_or(CourseStatus::Open).as_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SourcePos, When};

    fn session(start: &str, end: &str) -> Session {
        let tz = chrono_tz::Europe::Oslo;
        Session {
            id: None,
            title: None,
            start: When::parse(start, tz).unwrap(),
            end: When::parse(end, tz).unwrap(),
            location: None,
            online: None,
            pos: SourcePos::default(),
        }
    }

    #[test]
    fn past_courses_show_as_past_whatever_their_status() {
        let now = When::parse("2026-11-23T12:00", chrono_tz::Europe::Oslo).unwrap().instant;
        let mut c = Course { sessions: vec![session("2026-10-01T09:00", "2026-10-01T15:00")], ..Course::default() };
        c.status = Some(CourseStatus::Full);
        assert_eq!(course_state(&c, now), "past");
        c.sessions.push(session("2027-01-10T09:00", "2027-01-10T15:00"));
        assert_eq!(course_state(&c, now), "full");
        assert_eq!(next_or_first(&c.sessions, now).unwrap().start.instant.to_rfc3339(), "2027-01-10T08:00:00+00:00");
    }
}

//! Dates as editors write them: a day, a local date-time, or a date-time with an offset.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// A point in time from front matter, resolved in the site's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct When {
    /// The instant (midnight local time for plain dates).
    pub instant: DateTime<Utc>,
    /// Whether the editor wrote a time of day.
    pub has_time: bool,
}

impl When {
    /// Parses `2027-03-08`, `2027-03-08T09:00[:00]`, `2027-03-08 09:00` or RFC 3339 with offset.
    pub fn parse(text: &str, tz: Tz) -> Result<When, String> {
        let t = text.trim();
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            let local = d.and_time(NaiveTime::MIN);
            return local_to_utc(local, tz).map(|instant| When { instant, has_time: false });
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
            return Ok(When { instant: dt.with_timezone(&Utc), has_time: true });
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
            if let Ok(local) = NaiveDateTime::parse_from_str(t, fmt) {
                return local_to_utc(local, tz).map(|instant| When { instant, has_time: true });
            }
        }
        Err(format!("`{t}` is not a date I understand; write it as 2027-03-08, 2027-03-08T09:00 or 2027-03-08T09:00+01:00"))
    }

    /// The local date-time in `tz`.
    pub fn local(&self, tz: Tz) -> DateTime<Tz> {
        self.instant.with_timezone(&tz)
    }

    pub fn date(&self, tz: Tz) -> NaiveDate {
        self.local(tz).date_naive()
    }
}

fn local_to_utc(local: NaiveDateTime, tz: Tz) -> Result<DateTime<Utc>, String> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        // In the autumn hour that happens twice, take the first (summer-time) one.
        chrono::LocalResult::Ambiguous(a, _) => Ok(a.with_timezone(&Utc)),
        chrono::LocalResult::None => Err(format!("{local} does not exist in {tz}: the clocks skip that hour when summer time starts")),
    }
}

/// Offset in seconds east of UTC at an instant, for formatting.
pub fn offset_seconds(instant: DateTime<Utc>, tz: Tz) -> i32 {
    instant.with_timezone(&tz).offset().fix().local_minus_utc()
}

/// A deadline: a whole year, a quarter or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Deadline {
    Year(i32),
    Quarter(i32, u8),
    Day(NaiveDate),
}

impl Deadline {
    pub fn parse(text: &str) -> Result<Deadline, String> {
        let t = text.trim();
        if let Ok(y) = t.parse::<i32>()
            && (1900..=2200).contains(&y)
        {
            return Ok(Deadline::Year(y));
        }
        if let Some((y, q)) = t.split_once("-Q").or_else(|| t.split_once("-q"))
            && let (Ok(y), Ok(q)) = (y.parse::<i32>(), q.parse::<u8>())
            && (1..=4).contains(&q)
        {
            return Ok(Deadline::Quarter(y, q));
        }
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return Ok(Deadline::Day(d));
        }
        Err(format!("`{t}` is not a deadline I understand; write a year (2022), a quarter (2021-Q1) or a date (2022-06-30)"))
    }

    /// The last day the deadline covers.
    pub fn last_day(&self) -> Option<NaiveDate> {
        match *self {
            Deadline::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31),
            Deadline::Quarter(y, q) => {
                let month = u32::from(q) * 3;
                let first_next =
                    if month == 12 { y.checked_add(1).and_then(|next| NaiveDate::from_ymd_opt(next, 1, 1)) } else { NaiveDate::from_ymd_opt(y, month + 1, 1) };
                first_next.and_then(|d| d.pred_opt())
            }
            Deadline::Day(d) => Some(d),
        }
    }

    /// As written, normalised: `2022`, `2021-Q1`, `2022-06-30`.
    pub fn text(&self) -> String {
        match self {
            Deadline::Year(y) => y.to_string(),
            Deadline::Quarter(y, q) => format!("{y}-Q{q}"),
            Deadline::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_in_the_site_zone() {
        let w = When::parse("2027-03-08T09:00", chrono_tz::Europe::Oslo).unwrap();
        assert_eq!(w.instant.to_rfc3339(), "2027-03-08T08:00:00+00:00");
        let w = When::parse("2027-07-08T09:00", chrono_tz::Europe::Oslo).unwrap();
        assert_eq!(w.instant.to_rfc3339(), "2027-07-08T07:00:00+00:00");
        assert!(When::parse("2027-03-28T02:30", chrono_tz::Europe::Oslo).is_err());
        assert!(When::parse("8. mars", chrono_tz::Europe::Oslo).is_err());
        assert!(When::parse("2027-02-30", chrono_tz::Europe::Oslo).is_err());
    }

    #[test]
    fn deadlines() {
        assert_eq!(Deadline::parse("2022").unwrap(), Deadline::Year(2022));
        let q = Deadline::parse("2021-Q1").unwrap();
        assert_eq!(q.last_day(), NaiveDate::from_ymd_opt(2021, 3, 31));
        assert_eq!(Deadline::parse("2021-Q4").unwrap().last_day(), NaiveDate::from_ymd_opt(2021, 12, 31));
        assert!(Deadline::parse("2021-Q5").is_err());
        assert!(Deadline::parse("snart").is_err());
        assert_eq!(Deadline::parse("2147483647-Q4").unwrap().last_day(), None);
    }
}

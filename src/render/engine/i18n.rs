//! Words and dates in the site's language: UI strings from the theme, Norwegian dates.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;

use crate::model::Language;

const MONTHS_NB: [&str; 12] = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"];
const MONTHS_EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS_NB: [&str; 7] = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"];
const DAYS_NN: [&str; 7] = ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"];
const DAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// Formats dates and times the way readers of the site's language expect.
#[derive(Debug, Clone, Copy)]
pub struct DateFormat {
    pub lang: Language,
    pub tz: Tz,
}

impl DateFormat {
    /// "8. mars 2027" (nb, nn) or "8 March 2027" (en).
    pub fn day(&self, d: NaiveDate) -> String {
        let m = d.month0() as usize;
        match self.lang {
            Language::En => format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
            _ => format!("{}. {} {}", d.day(), MONTHS_NB[m], d.year()),
        }
    }

    /// "mars 2027".
    pub fn month(&self, d: NaiveDate) -> String {
        let m = d.month0() as usize;
        match self.lang {
            Language::En => format!("{} {}", MONTHS_EN[m], d.year()),
            _ => format!("{} {}", MONTHS_NB[m], d.year()),
        }
    }

    /// "mandag 8. mars 2027".
    pub fn weekday_day(&self, d: NaiveDate) -> String {
        let w = d.weekday().num_days_from_monday() as usize;
        let name = match self.lang {
            Language::Nb => DAYS_NB[w],
            Language::Nn => DAYS_NN[w],
            Language::En => DAYS_EN[w],
        };
        match self.lang {
            Language::En => format!("{name} {}", self.day(d)),
            _ => format!("{name} {}", self.day(d)),
        }
    }

    /// "09.00" (nb, nn) or "09:00" (en).
    pub fn time(&self, t: DateTime<Tz>) -> String {
        match self.lang {
            Language::En => format!("{:02}:{:02}", t.hour(), t.minute()),
            _ => format!("{:02}.{:02}", t.hour(), t.minute()),
        }
    }

    /// "mandag 8. mars 2027 kl. 09.00–15.30"; a span over days names both days.
    pub fn span(&self, start: DateTime<chrono::Utc>, end: DateTime<chrono::Utc>) -> String {
        let (s, e) = (start.with_timezone(&self.tz), end.with_timezone(&self.tz));
        let at = if self.lang == Language::En { "at" } else { "kl." };
        if s.date_naive() == e.date_naive() {
            format!("{} {at} {}–{}", self.weekday_day(s.date_naive()), self.time(s), self.time(e))
        } else {
            format!("{} {at} {} – {} {at} {}", self.weekday_day(s.date_naive()), self.time(s), self.weekday_day(e.date_naive()), self.time(e))
        }
    }
}

/// UI strings of the theme, by key, for one language.
pub use crate::load::theme::Strings;

/// Reads the theme's string table for `lang`, falling back to Bokmål key by key.
pub fn strings(tables: &BTreeMap<String, Strings>, lang: Language) -> Strings {
    let mut out = tables.get("nb").cloned().unwrap_or_default();
    if let Some(own) = tables.get(lang.code()) {
        out.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn norwegian_dates_and_spans() {
        let f = DateFormat { lang: Language::Nb, tz: chrono_tz::Europe::Oslo };
        assert_eq!(f.day(NaiveDate::from_ymd_opt(2027, 3, 8).unwrap()), "8. mars 2027");
        let s = chrono::Utc.with_ymd_and_hms(2027, 3, 8, 8, 0, 0).unwrap();
        let e = chrono::Utc.with_ymd_and_hms(2027, 3, 8, 14, 30, 0).unwrap();
        assert_eq!(f.span(s, e), "mandag 8. mars 2027 kl. 09.00–15.30");
        let nn = DateFormat { lang: Language::Nn, ..f };
        assert_eq!(nn.weekday_day(NaiveDate::from_ymd_opt(2027, 3, 8).unwrap()), "måndag 8. mars 2027");
    }
}

//! Words and dates in the site's language: UI strings from the theme, Norwegian dates.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;

use crate::model::Language;

/// Formats dates and times the way readers of a language expect, from its UI strings
/// (`date_months`, `date_weekdays`, `date_day`, `date_month`, `date_time`, `date_at`), so a
/// language a site adds in `i18n/<lang>.toml` writes dates in its own form too.
#[derive(Debug, Clone)]
pub struct DateFormat {
    forms: std::sync::Arc<DateForms>,
    pub tz: Tz,
}

#[derive(Debug)]
struct DateForms {
    months: Vec<String>,
    weekdays: Vec<String>,
    day: String,
    month: String,
    time: String,
    at: String,
}

impl DateFormat {
    /// The forms of the language whose UI strings are `strings` (missing ones: Bokmål's).
    pub fn new(strings: &Strings, tz: Tz) -> DateFormat {
        let get = |k: &str, default: &str| strings.get(k).cloned().unwrap_or_else(|| default.to_string());
        let words = |k: &str, default: &str, n: usize| {
            let w: Vec<String> = get(k, default).split_whitespace().map(str::to_string).collect();
            if w.len() == n { w } else { default.split_whitespace().map(str::to_string).collect() }
        };
        let forms = DateForms {
            months: words("date_months", "januar februar mars april mai juni juli august september oktober november desember", 12),
            weekdays: words("date_weekdays", "mandag tirsdag onsdag torsdag fredag lørdag søndag", 7),
            day: get("date_day", "{d}. {month} {year}"),
            month: get("date_month", "{month} {year}"),
            time: get("date_time", "{hh}.{mm}"),
            at: get("date_at", "kl."),
        };
        DateFormat { forms: std::sync::Arc::new(forms), tz }
    }

    /// "8. mars 2027" (nb, nn) or "8 March 2027" (en).
    pub fn day(&self, d: NaiveDate) -> String {
        let month = &self.forms.months[d.month0() as usize];
        self.forms.day.replace("{d}", &d.day().to_string()).replace("{month}", month).replace("{year}", &d.year().to_string())
    }

    /// "mars 2027".
    pub fn month(&self, d: NaiveDate) -> String {
        self.forms.month.replace("{month}", &self.forms.months[d.month0() as usize]).replace("{year}", &d.year().to_string())
    }

    /// "mandag 8. mars 2027".
    pub fn weekday_day(&self, d: NaiveDate) -> String {
        format!("{} {}", self.forms.weekdays[d.weekday().num_days_from_monday() as usize], self.day(d))
    }

    /// "09.00" (nb, nn) or "09:00" (en).
    pub fn time(&self, t: DateTime<Tz>) -> String {
        self.forms.time.replace("{hh}", &format!("{:02}", t.hour())).replace("{mm}", &format!("{:02}", t.minute()))
    }

    /// "mandag 8. mars 2027 kl. 09.00–15.30"; a span over days names both days.
    pub fn span(&self, start: DateTime<chrono::Utc>, end: DateTime<chrono::Utc>) -> String {
        let (s, e) = (start.with_timezone(&self.tz), end.with_timezone(&self.tz));
        let at = &self.forms.at;
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
pub fn strings(tables: &BTreeMap<String, Strings>, lang: &Language) -> Strings {
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

    fn format(lang: &str) -> DateFormat {
        let tables: BTreeMap<String, Strings> =
            crate::load::theme::DEFAULT_STRINGS.iter().map(|(n, t)| (n.trim_end_matches(".toml").to_string(), toml::from_str(t).unwrap())).collect();
        DateFormat::new(&strings(&tables, &Language::parse(lang).unwrap()), chrono_tz::Europe::Oslo)
    }

    #[test]
    fn norwegian_dates_and_spans() {
        let f = format("nb");
        assert_eq!(f.day(NaiveDate::from_ymd_opt(2027, 3, 8).unwrap()), "8. mars 2027");
        let s = chrono::Utc.with_ymd_and_hms(2027, 3, 8, 8, 0, 0).unwrap();
        let e = chrono::Utc.with_ymd_and_hms(2027, 3, 8, 14, 30, 0).unwrap();
        assert_eq!(f.span(s, e), "mandag 8. mars 2027 kl. 09.00–15.30");
        assert_eq!(format("nn").weekday_day(NaiveDate::from_ymd_opt(2027, 3, 8).unwrap()), "måndag 8. mars 2027");
        assert_eq!(format("en").span(s, e), "Monday 8 March 2027 at 09:00–15:30");
    }
}

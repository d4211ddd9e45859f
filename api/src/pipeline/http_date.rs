//! HTTP-date parsing for `Retry-After` (RFC 9110 §5.6.7). Senders must use IMF-fixdate
//! (`Sun, 06 Nov 1994 08:49:37 GMT`), but recipients are required to accept the obsolete RFC 850
//! (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) forms too; all
//! three are a dozen lines apart, so all are accepted. No clock is read: the caller compares the
//! result with its own "now". [`format_http_date`] writes the IMF-fixdate form (storage's
//! `x-ms-date`).

use crate::calendar::{civil_from_days, days_from_civil, weekday_abbrev};

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Milliseconds since the Unix epoch for an HTTP-date, `None` if it is not one.
pub fn parse_http_date_ms(value: &str) -> Option<u64> {
    let mut tokens: Vec<&str> =
        value.split(|c: char| c.is_ascii_whitespace() || c == ',' || c == '-').filter(|t| !t.is_empty()).collect();
    // The weekday carries no information (and RFC 850 spells it out in full): drop it.
    if tokens.first().is_some_and(|t| t.chars().all(|c| c.is_ascii_alphabetic()))
        && tokens.first().and_then(|t| month(t)).is_none()
    {
        tokens.remove(0);
    }
    let (day, mon, year, time) = match tokens.as_slice() {
        // IMF-fixdate / RFC 850: day month year time GMT
        [d, m, y, t, zone] if is_gmt(zone) => (*d, *m, *y, *t),
        // asctime: month day time year (implicitly GMT)
        [m, d, t, y] if month(m).is_some() => (*d, *m, *y, *t),
        _ => return None,
    };
    let day: u32 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let mon = month(mon)?;
    let year = full_year(year)?;
    let mut hms = time.split(':').map(|p| p.parse::<u64>().ok());
    let (h, mi, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, mon, day);
    let secs = days.checked_mul(86_400)? + (h * 3600 + mi * 60 + s) as i64;
    u64::try_from(secs).ok()?.checked_mul(1000)
}

fn is_gmt(zone: &str) -> bool {
    zone.eq_ignore_ascii_case("GMT") || zone.eq_ignore_ascii_case("UTC")
}

/// 1-based month from its English abbreviation (case-insensitive).
fn month(token: &str) -> Option<u32> {
    let lower = token.to_ascii_lowercase();
    MONTHS.iter().position(|m| *m == lower).map(|i| i as u32 + 1)
}

/// RFC 850 two-digit years: RFC 9110 says a year more than 50 years ahead means the past
/// century. Without a clock here, 70-99 → 19xx and 00-69 → 20xx (the Unix-epoch convention)
/// gives the same answer for any "now" before 2020+50.
fn full_year(token: &str) -> Option<i64> {
    let y: i64 = token.parse().ok()?;
    match token.len() {
        2 if y >= 70 => Some(1900 + y),
        2 => Some(2000 + y),
        4 if y >= 1970 => Some(y),
        _ => None,
    }
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) of `secs` seconds after the Unix epoch.
pub fn format_http_date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
    let (year, month, day) = civil_from_days(days);
    let mon = MONTHS[(month - 1) as usize];
    let mon = format!("{}{}", mon[..1].to_ascii_uppercase(), &mon[1..]);
    format!("{}, {day:02} {mon} {year} {h:02}:{m:02}:{s:02} GMT", weekday_abbrev(days))
}

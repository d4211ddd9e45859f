//! Timestamps and durations of jobs, without a clock: the caller passes "now".
//!
//! The service writes RFC 3339 timestamps (`2026-11-27T14:03:00.1234567+00:00`, `…Z`); a
//! timestamp without an offset is read as UTC, which cannot change a duration (both ends are
//! read alike). Showing a timestamp in the user's time zone is the browser's job.

use serde_json::Value;

use super::model::{created, is_terminal, last_modified, status};

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits(s: &str, at: usize, n: usize) -> Option<i64> {
    let part = s.get(at..at + n)?;
    part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
}

/// An RFC 3339 timestamp → milliseconds since the Unix epoch; `None` when it is not one.
pub fn parse_timestamp_ms(ts: &str) -> Option<i64> {
    let s = ts.trim();
    let sep = |i: usize, c: &[u8]| s.as_bytes().get(i).is_some_and(|b| c.contains(b));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (y, mo, d) = (digits(s, 0, 4)?, digits(s, 5, 2)?, digits(s, 8, 2)?);
    let (h, mi, sec) = (digits(s, 11, 2)?, digits(s, 14, 2)?, digits(s, 17, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut ms = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        // Milliseconds from the first three digits, more digits ignored (truncation).
        let first3 = format!("{:0<3}", &frac[..n.min(3)]);
        ms = first3.parse::<i64>().ok()?;
        rest = &frac[n..];
    }
    let offset_min = match rest {
        "" | "Z" | "z" => 0,
        o if o.starts_with(['+', '-']) => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let hm = o[1..].replace(':', "");
            if hm.len() != 4 || !hm.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            sign * (hm[..2].parse::<i64>().ok()? * 60 + hm[2..].parse::<i64>().ok()?)
        }
        _ => return None,
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3_600 + mi * 60 + sec - offset_min * 60;
    Some(secs * 1_000 + ms)
}

/// `1h 02m`, `3m 05s`, `12s` (a negative span shows as `0s`).
pub fn format_duration_ms(ms: i64) -> String {
    let secs = (ms.max(0) / 1000) as u64;
    match secs {
        s if s >= 3600 => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
        s if s >= 60 => format!("{}m {:02}s", s / 60, s % 60),
        s => format!("{s}s"),
    }
}

/// How long the job ran: created → last change once it ended, created → `now_ms` while it
/// runs. Empty when the creation time is missing or unreadable.
pub fn job_duration(job: &Value, now_ms: i64) -> String {
    let Some(start) = parse_timestamp_ms(&created(job)) else { return String::new() };
    let end = if is_terminal(&status(job)) { parse_timestamp_ms(&last_modified(job)).unwrap_or(start) } else { now_ms };
    format_duration_ms(end - start)
}

/// A time zone as its offset from UTC in minutes east (60 for CET, -300 for EST): `UTC`,
/// `UTC+01:00`, `UTC-05:00`. Shown after every time the console prints.
pub fn utc_offset_label(minutes_east: i32) -> String {
    if minutes_east == 0 {
        return "UTC".into();
    }
    let sign = if minutes_east > 0 { '+' } else { '-' };
    let m = minutes_east.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

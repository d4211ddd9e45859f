//! Numbers and times as the charts show them. The api crate has no clock and no time zone: the
//! console passes the browser's UTC offset (minutes east of UTC) and every wall time shown says
//! which zone it is in.

use crate::calendar::civil_from_days;

/// A value for a readout: up to six significant digits, exponent form for very large or very
/// small magnitudes; `NaN`, `∞`, `-∞` spelled out.
pub fn value(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞".into() } else { "-∞".into() };
    }
    let a = v.abs();
    if a != 0.0 && !(1e-4..1e9).contains(&a) {
        return exponent(v, 5);
    }
    let digits = if a == 0.0 { 0 } else { (5 - a.log10().floor() as i32).clamp(0, 10) as usize };
    trim_zeros(format!("{v:.digits$}"))
}

/// A tick label: as many decimals as the tick step needs, exponent form at the extremes.
pub fn tick(v: f64, step: f64) -> String {
    let a = v.abs();
    if a >= 1e9 || (step > 0.0 && step < 1e-4) {
        return if v == 0.0 { "0".into() } else { exponent(v, 3) };
    }
    let decimals = if step > 0.0 { (-step.log10().floor()).clamp(0.0, 10.0) as usize } else { 0 };
    // -0.0 would print as "-0".
    let v = if v.abs() < step * 1e-9 { 0.0 } else { v };
    format!("{v:.decimals$}")
}

/// `1.5e-7` style with at most `max_decimals` decimals (zeros trimmed).
fn exponent(v: f64, max_decimals: usize) -> String {
    let s = format!("{v:.max_decimals$e}");
    match s.split_once('e') {
        Some((m, e)) => format!("{}e{e}", trim_zeros(m.to_string())),
        None => s,
    }
}

fn trim_zeros(s: String) -> String {
    if !s.contains('.') {
        return s;
    }
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `UTC`, `UTC+03:00`, `UTC-05:30`.
pub fn zone(offset_min: i32) -> String {
    if offset_min == 0 {
        return "UTC".into();
    }
    let sign = if offset_min > 0 { '+' } else { '-' };
    let a = offset_min.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", a / 60, a % 60)
}

/// (days since 1970-01-01, milliseconds into that day) of `ms` shifted by `offset_min`.
fn split_day(ms: i64, offset_min: i32) -> (i64, i64) {
    let local = ms + i64::from(offset_min) * 60_000;
    (local.div_euclid(86_400_000), local.rem_euclid(86_400_000))
}

fn hms(day_ms: i64) -> (i64, i64, i64, i64) {
    (day_ms / 3_600_000, day_ms / 60_000 % 60, day_ms / 1000 % 60, day_ms % 1000)
}

/// `2026-11-27 14:03:05.120 UTC+01:00`: a wall time in full, with its zone.
pub fn wall_time(ms: i64, offset_min: i32) -> String {
    let (days, day_ms) = split_day(ms, offset_min);
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s, milli) = hms(day_ms);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{milli:03} {}", zone(offset_min))
}

/// `2026-11-27T14:03:05.120Z` (CSV).
pub fn iso_utc(ms: i64) -> String {
    let (days, day_ms) = split_day(ms, 0);
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s, milli) = hms(day_ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// A wall-time tick label: `14:03:05` for steps under a minute, `14:03` under a day, else
/// `11-27` (month-day); the zone is in the axis title.
pub fn clock(ms: i64, step_ms: i64, offset_min: i32) -> String {
    let (days, day_ms) = split_day(ms, offset_min);
    let (h, mi, s, _) = hms(day_ms);
    match step_ms {
        st if st < 60_000 => format!("{h:02}:{mi:02}:{s:02}"),
        st if st < 86_400_000 => format!("{h:02}:{mi:02}"),
        _ => {
            let (_, mo, d) = civil_from_days(days);
            format!("{mo:02}-{d:02}")
        }
    }
}

/// A span: `250ms`, `45s`, `1m 30s`, `2h`, `1h 05m`, `3d 4h`.
pub fn span(ms: f64) -> String {
    if !ms.is_finite() {
        return String::new();
    }
    let sign = if ms < 0.0 { "-" } else { "" };
    let ms = ms.abs().round() as i64;
    let body = match ms {
        m if m < 1000 => format!("{m}ms"),
        m if m < 60_000 => match m % 1000 {
            0 => format!("{}s", m / 1000),
            r => trim_zeros(format!("{}.{r:03}", m / 1000)) + "s",
        },
        m if m < 3_600_000 => pair(m / 60_000, "m", m / 1000 % 60, "s"),
        m if m < 86_400_000 => pair(m / 3_600_000, "h", m / 60_000 % 60, "m"),
        m => pair(m / 86_400_000, "d", m / 3_600_000 % 24, "h"),
    };
    format!("{sign}{body}")
}

fn pair(a: i64, ua: &str, b: i64, ub: &str) -> String {
    match b {
        0 => format!("{a}{ua}"),
        b => format!("{a}{ua} {b:02}{ub}"),
    }
}

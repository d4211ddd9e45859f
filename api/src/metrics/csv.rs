//! A metric's history as CSV (RFC 4180): `step,timestamp,time_utc,value`, one row per logged
//! value in logged order. Values are written so that reading them back gives the same number
//! (shortest round-trip form); NaN and ±∞ as MLflow writes them (`NaN`, `Infinity`, `-Infinity`).

use super::format::iso_utc;
use super::Point;

pub fn history_csv(points: &[Point]) -> String {
    let mut out = String::with_capacity(points.len() * 48 + 32);
    out.push_str("step,timestamp,time_utc,value\r\n");
    for p in points {
        out.push_str(&format!("{},{},{},{}\r\n", p.step, p.timestamp, iso_utc(p.timestamp), csv_number(p.value)));
    }
    out
}

pub fn csv_number(v: f64) -> String {
    match v {
        v if v.is_nan() => "NaN".into(),
        v if v == f64::INFINITY => "Infinity".into(),
        v if v == f64::NEG_INFINITY => "-Infinity".into(),
        v => format!("{v}"),
    }
}

/// `{run}_{metric}.csv` with every character that is not a letter, digit, `-`, `_` or `.`
/// replaced by `_` (metric keys may hold `/`, `:` and spaces).
pub fn csv_file_name(run_id: &str, key: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect()
    };
    format!("{}_{}.csv", clean(run_id), clean(key))
}

//! ISO-8601 durations as the service and the official SDK use them.
//!
//! The SDK (azure-ai-ml 1.35.2, `to_iso_duration_format`) formats with `isodate` from a
//! `timedelta`: days, then `T` and hours/minutes/seconds, zero parts left out:
//! 120 → `PT2M`, 61 → `PT1M1S`, 3600 → `PT1H`, 86400 → `P1D`, 90061 → `P1DT1H1M1S`, 0 → `P0D`
//! (the SDK itself never sends 0: it omits the field). Checked against the SDK, see
//! `tests/durations.rs`.

/// Seconds → the SDK's ISO-8601 duration text.
pub fn seconds_to_iso8601(seconds: u64) -> String {
    let days = seconds / 86_400;
    let h = seconds % 86_400 / 3_600;
    let m = seconds % 3_600 / 60;
    let s = seconds % 60;
    let mut out = String::from("P");
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if h + m + s > 0 {
        out.push('T');
        for (v, unit) in [(h, 'H'), (m, 'M'), (s, 'S')] {
            if v > 0 {
                out.push_str(&format!("{v}{unit}"));
            }
        }
    }
    if out == "P" {
        out.push_str("0D");
    }
    out
}

/// ISO-8601 duration → whole seconds. Accepts `PnW`, `PnD`, `T` with `H`/`M`/`S` (any order
/// the standard allows, lower case too, fractional seconds only when they are whole, e.g.
/// `PT120.0S`). Years and months are refused: their length in seconds is not fixed.
pub fn iso8601_to_seconds(text: &str) -> Result<u64, String> {
    let t = text.trim().to_ascii_uppercase();
    let bad = || format!("“{text}” is not an ISO-8601 duration like PT2M or P1DT2H.");
    let rest = t.strip_prefix('P').ok_or_else(bad)?;
    if rest.is_empty() || rest.ends_with('T') {
        return Err(bad());
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut total: u64 = 0;
    let mut add = |part: &str, units: &[(char, u64)]| -> Result<(), String> {
        let mut num = String::new();
        let mut last = 0usize;
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
                continue;
            }
            let pos = units.iter().position(|(u, _)| *u == c).ok_or_else(bad)?;
            if num.is_empty() || pos < last {
                return Err(bad());
            }
            last = pos + 1;
            let value: u64 = match num.split_once('.') {
                None => num.parse().map_err(|_| bad())?,
                Some((whole, frac)) if c == 'S' && frac.bytes().all(|b| b == b'0') => {
                    whole.parse().map_err(|_| bad())?
                }
                Some(_) => return Err(format!("“{text}”: only whole seconds are supported.")),
            };
            total = value.checked_mul(units[pos].1).and_then(|v| total.checked_add(v)).ok_or_else(bad)?;
            num.clear();
        }
        match num.is_empty() {
            true => Ok(()),
            false => Err(bad()),
        }
    };
    if date.contains('Y') || date.contains('M') {
        return Err(format!("“{text}”: years and months have no fixed length; use days."));
    }
    add(date, &[('W', 604_800), ('D', 86_400)])?;
    if let Some(time) = time {
        add(time, &[('H', 3_600), ('M', 60), ('S', 1)])?;
    }
    Ok(total)
}

//! Which unit and how many digits a size or a duration is shown with; the browser's
//! `Intl.NumberFormat` (`style: "unit"`) writes the number and the unit's name in the page's
//! language (`12,3 MB`, `1 sa. 02 dk.`). The English text these rules give is the one
//! [`crate::jobs::fmt_bytes`] and [`crate::jobs::time::format_duration_ms`] write.

/// One number with its unit, in the `Intl` unit identifiers (`megabyte`, `minute`, …).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measure {
    pub value: f64,
    pub unit: &'static str,
    /// Digits after the decimal separator (exactly this many).
    pub fraction_digits: u8,
    /// Least digits before it (`02` minutes after hours).
    pub integer_digits: u8,
}

impl Measure {
    fn whole(value: u64, unit: &'static str, integer_digits: u8) -> Measure {
        Measure { value: value as f64, unit, fraction_digits: 0, integer_digits }
    }
}

/// A byte count in decimal units (10^3, 10^6, 10^9: the unit of the SDK's 100 MB warning):
/// bytes as they are, kB and MB with one decimal, GB with two.
pub fn size_measure(bytes: u64) -> Measure {
    let (value, unit, fraction_digits) = match bytes {
        n if n >= 1_000_000_000 => (n as f64 / 1e9, "gigabyte", 2),
        n if n >= 1_000_000 => (n as f64 / 1e6, "megabyte", 1),
        n if n >= 1_000 => (n as f64 / 1e3, "kilobyte", 1),
        n => (n as f64, "byte", 0),
    };
    Measure { value, unit, fraction_digits, integer_digits: 1 }
}

/// A duration in whole seconds as its two largest units: `1h 02m`, `3m 05s`, `12s` (the
/// second unit with two digits; a negative span is `0s`).
pub fn duration_measures(ms: i64) -> Vec<Measure> {
    let s = (ms.max(0) / 1000) as u64;
    match s {
        s if s >= 3600 => vec![Measure::whole(s / 3600, "hour", 1), Measure::whole(s % 3600 / 60, "minute", 2)],
        s if s >= 60 => vec![Measure::whole(s / 60, "minute", 1), Measure::whole(s % 60, "second", 2)],
        s => vec![Measure::whole(s, "second", 1)],
    }
}

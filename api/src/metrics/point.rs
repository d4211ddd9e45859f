//! One logged metric value, read tolerantly and exactly from MLflow's JSON (see
//! `crate::mlflow::model`). Numbers are taken from their JSON text with Rust's own float parser,
//! which is exact: serde_json's default one can be a unit in the last place off (its
//! `float_roundtrip` feature would fix that for every float the console reads, first load
//! included), and a downloaded history must hold the values that were logged.

use serde::de::{Deserializer, Error};
use serde::Deserialize;
use serde_json::value::RawValue;

/// A metric value as logged: its step, wall time (epoch ms) and value (NaN and ±∞ are values
/// MLflow accepts; they are kept, and left out only where a number must be drawn).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
pub struct Point {
    #[serde(default, deserialize_with = "int")]
    pub step: i64,
    #[serde(default, deserialize_with = "int")]
    pub timestamp: i64,
    #[serde(default = "nan", deserialize_with = "value")]
    pub value: f64,
}

impl Default for Point {
    fn default() -> Self {
        Point { step: 0, timestamp: 0, value: f64::NAN }
    }
}

impl Point {
    pub fn new(step: i64, timestamp: i64, value: f64) -> Point {
        Point { step, timestamp, value }
    }

    /// MLflow's order for "the latest value": highest step, then latest time, then largest value.
    pub fn later_than(&self, other: &Point) -> bool {
        (self.step, self.timestamp) > (other.step, other.timestamp)
            || ((self.step, self.timestamp) == (other.step, other.timestamp) && self.value > other.value)
    }

    /// Same step, time and value (NaN equal to NaN: a re-read of the same point is no change).
    pub fn same_as(&self, other: &Point) -> bool {
        self.step == other.step
            && self.timestamp == other.timestamp
            && (self.value == other.value || (self.value.is_nan() && other.value.is_nan()))
    }
}

fn nan() -> f64 {
    f64::NAN
}

/// The JSON text of a field (a number as written, a string with its quotes).
fn raw<'de, D: Deserializer<'de>>(d: D) -> Result<Box<RawValue>, D::Error> {
    Box::<RawValue>::deserialize(d).map_err(D::Error::custom)
}

/// The text of a JSON number, or the content of a JSON string (MLflow's names for NaN and ±∞
/// have no escapes, nor do decimal strings).
fn unquoted(json: &str) -> &str {
    let t = json.trim();
    t.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(t)
}

fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(int_of(raw(d)?.get()).unwrap_or(0))
}

fn value<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(value_of(raw(d)?.get()))
}

/// An int64 from its JSON text: a number, or a decimal string (protobuf's JSON form writes int64
/// as text); a fraction is cut off. `None` for anything else.
pub fn int_of(json: &str) -> Option<i64> {
    let t = unquoted(json).trim();
    t.parse::<i64>().ok().or_else(|| t.parse::<f64>().ok().filter(|f| f.is_finite()).map(|f| f as i64))
}

/// A metric value from its JSON text: a number, or MLflow's `"NaN"`, `"Infinity"`,
/// `"-Infinity"`, or a decimal string; anything else (`null`, an object) reads as NaN, shown as
/// "not a number", never as 0.
pub fn value_of(json: &str) -> f64 {
    match unquoted(json).trim() {
        "NaN" | "nan" => f64::NAN,
        "Infinity" | "inf" | "+Infinity" => f64::INFINITY,
        "-Infinity" | "-inf" => f64::NEG_INFINITY,
        other => other.parse().unwrap_or(f64::NAN),
    }
}

//! Labelled facts and sections of the details page, and how a JSON value reads as text; shared
//! by every job type's reader (`kinds`, `sweep::view`).

use serde_json::Value;

/// One labelled value of a details section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

pub(crate) fn fact(label: impl Into<String>, value: impl Into<String>) -> Fact {
    Fact { label: label.into(), value: value.into() }
}

/// One titled group of facts (a card on the page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// The section's `data-section` (stable, for tests): `objective`, `limits`, …
    pub key: &'static str,
    pub facts: Vec<Fact>,
}

/// Text of a JSON value for a details row: strings as they are, numbers and booleans as JSON,
/// objects and arrays as compact JSON, `null` as empty.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An ISO-8601 duration with its reading (`PT2M` → `PT2M (2m 00s)`); other text as it is.
pub fn duration_text(v: &Value) -> String {
    let t = value_text(v);
    match crate::iso8601_to_seconds(&t) {
        Ok(s) => format!("{t} ({})", super::time::format_duration_ms(s as i64 * 1000)),
        Err(_) => t,
    }
}

//! The job form's Sweep part, as typed (plain strings, like the rest of the job form), and the
//! parsers the body and the YAML share. A search parameter sweeps one literal input of the
//! command: `${{inputs.lr}}` in the command becomes `${{search_space.lr}}` in the trial, and the
//! input itself is left out of the job (azure-ai-ml's `command(...)(lr=Choice(...)).sweep(...)`
//! does the same).

use serde::{Deserialize, Serialize};

/// The distributions the form offers (azure-ai-ml's names, docs/azure-ml-rest.md §Sweeps).
pub const DISTRIBUTIONS: [&str; 4] = ["choice", "uniform", "loguniform", "randint"];
/// Sampling algorithms as the form and the YAML name them (REST: `Grid`, `Random`, `Bayesian`).
pub const SAMPLINGS: [&str; 3] = ["grid", "random", "bayesian"];
/// Early termination policies as the YAML names them (REST: `Bandit`, `MedianStopping`,
/// `TruncationSelection`); empty = none.
pub const POLICIES: [&str; 3] = ["bandit", "median_stopping", "truncation_selection"];

/// One search-space parameter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchParam {
    /// The literal input it sweeps.
    pub name: String,
    /// One of [`DISTRIBUTIONS`].
    pub kind: String,
    /// `choice`: the values, comma separated.
    pub values: String,
    /// `uniform`: the range; `loguniform`: the range of the logarithm (natural log).
    pub min: String,
    pub max: String,
    /// `randint`: values 0 … upper − 1.
    pub upper: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SweepForm {
    pub params: Vec<SearchParam>,
    /// One of [`SAMPLINGS`].
    pub sampling: String,
    /// Random sampling only; empty = none.
    pub seed: String,
    pub metric: String,
    /// `Maximize` | `Minimize`.
    pub goal: String,
    pub max_total: String,
    /// Empty = as many as the service allows.
    pub max_concurrent: String,
    /// Minutes per trial; empty = no limit. (The whole sweep's limit is the form's `timeout`.)
    pub trial_timeout: String,
    /// One of [`POLICIES`], or empty.
    pub policy: String,
    /// Bandit: one of the two.
    pub slack_factor: String,
    pub slack_amount: String,
    pub truncation: String,
    pub interval: String,
    pub delay: String,
}

impl Default for SweepForm {
    fn default() -> Self {
        SweepForm {
            params: vec![],
            sampling: "random".into(),
            seed: String::new(),
            metric: String::new(),
            goal: "Maximize".into(),
            max_total: "6".into(),
            max_concurrent: "2".into(),
            trial_timeout: String::new(),
            policy: String::new(),
            slack_factor: "0.1".into(),
            slack_amount: String::new(),
            truncation: "20".into(),
            interval: "1".into(),
            delay: "0".into(),
        }
    }
}

/// A value of a `choice` list or a range bound: numbers written as plain decimals stay numbers
/// (in the body and the YAML alike), anything else is text.
#[derive(Clone, Debug, PartialEq)]
pub enum SpaceValue {
    Int(i64),
    Float(f64),
    Text(String),
}

/// Whether `t` is a plain decimal (`-12`, `0.05`): the only number forms that JSON, YAML 1.1
/// (PyYAML) and YAML 1.2 read as the same number. `1e3` is text to PyYAML, so it stays text.
fn is_plain_decimal(t: &str) -> bool {
    let u = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = u.split_once('.').unwrap_or((u, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && (!u.contains('.') || (!frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit())))
}

impl SpaceValue {
    pub fn parse(text: &str) -> SpaceValue {
        let t = text.trim();
        if is_plain_decimal(t) {
            if !t.contains('.') {
                if let Ok(i) = t.parse::<i64>() {
                    return SpaceValue::Int(i);
                }
            }
            if let Ok(f) = t.parse::<f64>() {
                if f.is_finite() {
                    return SpaceValue::Float(f);
                }
            }
        }
        SpaceValue::Text(t.to_string())
    }

    /// The value as the form shows it (`0.05`, `16`, `adam`).
    pub fn text(&self) -> String {
        match self {
            SpaceValue::Int(i) => i.to_string(),
            SpaceValue::Float(f) => f.to_string(),
            SpaceValue::Text(t) => t.clone(),
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            SpaceValue::Int(i) => Some(*i as f64),
            SpaceValue::Float(f) => Some(*f),
            SpaceValue::Text(_) => None,
        }
    }
}

/// The values of a `choice` (comma separated, blanks dropped).
pub fn choice_values(text: &str) -> Vec<SpaceValue> {
    text.split(',').map(str::trim).filter(|v| !v.is_empty()).map(SpaceValue::parse).collect()
}

/// A whole number, or `default` when the text is not one (validation reports that case).
pub(crate) fn whole_or(s: &str, default: u64) -> u64 {
    s.trim().parse::<u64>().unwrap_or(default)
}

/// A number, or `default` when the text is not one.
pub(crate) fn number_or(s: &str, default: f64) -> f64 {
    s.trim().parse::<f64>().ok().filter(|f| f.is_finite()).unwrap_or(default)
}

/// The trial's command: every `${{inputs.<swept>}}` becomes `${{search_space.<swept>}}`; other
/// text, spacing inside other expressions included, stays as typed.
pub fn trial_command(command: &str, swept: &[String]) -> String {
    let mut out = String::new();
    let mut rest = command;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[i..]);
            return out;
        };
        let expr = after[..end].trim();
        match expr.strip_prefix("inputs.").map(str::trim) {
            Some(n) if swept.iter().any(|s| s == n) => out.push_str(&format!("${{{{search_space.{n}}}}}")),
            _ => out.push_str(&rest[i..i + 3 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The reverse, for "Clone and edit" of a sweep: `${{search_space.x}}` → `${{inputs.x}}`.
pub fn command_from_trial(command: &str) -> String {
    let mut out = String::new();
    let mut rest = command;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[i..]);
            return out;
        };
        match after[..end].trim().strip_prefix("search_space.") {
            Some(n) => out.push_str(&format!("${{{{inputs.{}}}}}", n.trim())),
            None => out.push_str(&rest[i..i + 3 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

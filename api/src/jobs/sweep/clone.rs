//! "Clone and edit" of a Sweep job: the reverse of [`super::body`]. The trial's settings fill the
//! command part of the form (see `crate::jobs::clone`); this adds the Sweep part, and turns each
//! search parameter back into a literal input of the command (`${{search_space.x}}` →
//! `${{inputs.x}}`). Distributions the form does not offer keep their name, so validation says
//! what to change instead of silently dropping them.

use serde_json::Value;

use super::form::{command_from_trial, SearchParam, SweepForm};
use crate::jobs::form::{InputRow, JobForm};
use crate::jobs::kinds::value_text;

fn param(name: &str, entry: &Value) -> SearchParam {
    let kind = entry[0].as_str().unwrap_or_default().to_string();
    let args = entry[1].as_array().cloned().unwrap_or_default();
    let arg = |i: usize| args.get(i).map(value_text).unwrap_or_default();
    let mut p = SearchParam { name: name.to_string(), kind: kind.clone(), ..SearchParam::default() };
    match kind.as_str() {
        "choice" => {
            let values = args.first().and_then(Value::as_array).cloned().unwrap_or_default();
            p.values = values.iter().map(value_text).collect::<Vec<_>>().join(", ");
        }
        "randint" => p.upper = arg(0),
        _ => (p.min, p.max) = (arg(0), arg(1)),
    }
    p
}

/// Minutes of an ISO-8601 duration, rounded up; empty when absent or unreadable.
fn minutes(v: &Value) -> String {
    v.as_str().and_then(|t| crate::iso8601_to_seconds(t).ok()).map(|s| s.div_ceil(60).to_string()).unwrap_or_default()
}

fn positive(v: &Value) -> String {
    match v.as_f64() {
        Some(x) if x > 0.0 => value_text(v),
        _ => String::new(),
    }
}

/// Adds the sweep of `p` (a Sweep job's `properties`) to a form filled from its trial.
pub fn add_sweep(f: &mut JobForm, p: &Value) {
    f.job_kind = "sweep".into();
    f.command = command_from_trial(&f.command);
    let params: Vec<SearchParam> =
        p["searchSpace"].as_object().map(|m| m.iter().map(|(k, v)| param(k, v)).collect()).unwrap_or_default();
    for sp in &params {
        if !f.inputs.iter().any(|i| i.name == sp.name) {
            f.inputs.push(InputRow { name: sp.name.clone(), kind: "literal".into(), ..InputRow::default() });
        }
    }
    let s = &p["samplingAlgorithm"];
    let l = &p["limits"];
    let e = &p["earlyTermination"];
    let goal = p["objective"]["goal"].as_str().unwrap_or("Maximize");
    let defaults = SweepForm::default();
    let or_default = |v: &Value, d: &str| match value_text(v) {
        t if t.is_empty() => d.to_string(),
        t => t,
    };
    f.sweep = SweepForm {
        params,
        sampling: s["samplingAlgorithmType"].as_str().unwrap_or("random").to_ascii_lowercase(),
        seed: value_text(&s["seed"]),
        metric: value_text(&p["objective"]["primaryMetric"]),
        goal: if goal.eq_ignore_ascii_case("minimize") { "Minimize" } else { "Maximize" }.into(),
        max_total: or_default(&l["maxTotalTrials"], &defaults.max_total),
        max_concurrent: value_text(&l["maxConcurrentTrials"]),
        trial_timeout: minutes(&l["trialTimeout"]),
        policy: match e["policyType"].as_str().unwrap_or_default().to_ascii_lowercase().as_str() {
            "bandit" => "bandit",
            "medianstopping" => "median_stopping",
            "truncationselection" => "truncation_selection",
            _ => "",
        }
        .into(),
        slack_factor: positive(&e["slackFactor"]),
        slack_amount: positive(&e["slackAmount"]),
        truncation: or_default(&e["truncationPercentage"], &defaults.truncation),
        interval: or_default(&e["evaluationInterval"], &defaults.interval),
        delay: or_default(&e["delayEvaluation"], &defaults.delay),
    };
}

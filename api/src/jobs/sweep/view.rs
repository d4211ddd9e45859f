//! A Sweep job as the details page shows it: objective, sampling, limits, early termination,
//! search space and trial (docs/azure-ml-rest.md §Sweeps). Enum values are read in any case
//! (azure-ai-ml sends `"goal": "maximize"`).

use serde_json::Value;

use crate::jobs::facts::{duration_text, value_text, Fact, Section};
use crate::jobs::ids::last_segment;

/// `objective.goal`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    Maximize,
    Minimize,
}

impl Goal {
    /// Any case; an unknown or missing goal reads as `Maximize` (shown as sent elsewhere).
    pub fn parse(text: &str) -> Goal {
        if text.eq_ignore_ascii_case("minimize") {
            Goal::Minimize
        } else {
            Goal::Maximize
        }
    }

    /// Whether `a` is a better score than `b`.
    pub fn better(self, a: f64, b: f64) -> bool {
        match self {
            Goal::Maximize => a > b,
            Goal::Minimize => a < b,
        }
    }
}

/// (primary metric, goal) of a sweep's `properties`.
pub fn objective(p: &Value) -> (String, Goal) {
    let o = &p["objective"];
    (value_text(&o["primaryMetric"]), Goal::parse(o["goal"].as_str().unwrap_or_default()))
}

fn fact(label: &str, value: impl Into<String>) -> Fact {
    Fact { label: label.to_string(), value: value.into() }
}

fn number_list(v: &Value) -> String {
    match v.as_array() {
        Some(a) => a.iter().map(value_text).collect::<Vec<_>>().join(", "),
        None => value_text(v),
    }
}

/// One search-space entry as text: `["choice", [[16, 32]]]` → `choice(16, 32)`,
/// `["uniform", [0.1, 0.5]]` → `uniform(0.1, 0.5)`; any other shape as its JSON text.
pub fn space_text(v: &Value) -> String {
    let Some([Value::String(kind), args]) = v.as_array().map(Vec::as_slice) else {
        return value_text(v);
    };
    let inner = match (kind.as_str(), args.as_array().map(Vec::as_slice)) {
        ("choice", Some([values])) => number_list(values),
        _ => number_list(args),
    };
    format!("{kind}({inner})")
}

/// `samplingAlgorithmType` with its options (`Random (seed 42)`).
fn sampling_text(s: &Value) -> String {
    let kind = value_text(&s["samplingAlgorithmType"]);
    let mut extra = vec![];
    if !s["seed"].is_null() {
        extra.push(format!("seed {}", value_text(&s["seed"])));
    }
    if let Some(r) = s["rule"].as_str() {
        extra.push(format!("rule {r}"));
    }
    if extra.is_empty() {
        kind
    } else {
        format!("{kind} ({})", extra.join(", "))
    }
}

fn early_termination(e: &Value) -> Vec<Fact> {
    if !e.is_object() {
        return vec![fact(crate::msg_str!("Policy"), "None")];
    }
    let mut out = vec![fact(crate::msg_str!("Policy"), value_text(&e["policyType"]))];
    for (k, label) in [
        ("slackFactor", crate::msg_str!("Slack factor")),
        ("slackAmount", crate::msg_str!("Slack amount")),
        ("truncationPercentage", crate::msg_str!("Truncation percentage")),
        ("evaluationInterval", crate::msg_str!("Evaluation interval")),
        ("delayEvaluation", crate::msg_str!("Delay evaluation")),
    ] {
        if !e[k].is_null() {
            out.push(fact(label, value_text(&e[k])));
        }
    }
    out
}

fn trial_facts(p: &Value) -> Vec<Fact> {
    let t = &p["trial"];
    let mut out = vec![
        fact(crate::msg_str!("Command"), value_text(&t["command"])),
        fact(crate::msg_str!("Environment"), value_text(&t["environmentId"])),
    ];
    if let Some(c) = t["codeId"].as_str() {
        out.push(fact(crate::msg_str!("Code"), c));
    }
    let compute = match p["computeId"].as_str().filter(|c| !c.is_empty()) {
        Some(c) => last_segment(c).to_string(),
        None => match t["resources"]["instanceType"].as_str() {
            Some(it) => format!("serverless ({it})"),
            None => "serverless".into(),
        },
    };
    out.push(fact(crate::msg_str!("Compute"), compute));
    let d = &t["distribution"];
    out.push(fact(crate::msg_str!("Distribution"), d["distributionType"].as_str().unwrap_or("none")));
    out.push(fact(crate::msg_str!("Instances"), t["resources"]["instanceCount"].as_u64().unwrap_or(1).to_string()));
    out
}

/// The sections of a sweep job's details page.
pub fn sections(p: &Value) -> Vec<Section> {
    let (metric, goal) = objective(p);
    let goal_text = match p["objective"]["goal"].as_str() {
        Some(g) => g.to_string(),
        None => format!("{goal:?}"),
    };
    let limits = &p["limits"];
    let mut limit_facts = vec![];
    for (k, label) in [
        ("maxTotalTrials", crate::msg_str!("Max total trials")),
        ("maxConcurrentTrials", crate::msg_str!("Max concurrent trials")),
    ] {
        let v = value_text(&limits[k]);
        limit_facts.push(fact(label, if v.is_empty() { crate::msg_str!("(service default)").into() } else { v }));
    }
    for (k, label) in [("timeout", crate::msg_str!("Timeout")), ("trialTimeout", crate::msg_str!("Trial timeout"))] {
        let v = duration_text(&limits[k]);
        limit_facts.push(fact(label, if v.is_empty() { "none".into() } else { v }));
    }
    let space: Vec<Fact> = p["searchSpace"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| fact(k, space_text(v))).collect())
        .unwrap_or_default();
    vec![
        Section {
            title: crate::msg_str!("Objective").into(),
            key: "objective",
            facts: vec![
                fact(crate::msg_str!("Primary metric"), metric),
                fact(crate::msg_str!("Goal"), goal_text),
                fact(crate::msg_str!("Sampling"), sampling_text(&p["samplingAlgorithm"])),
            ],
        },
        Section { title: crate::msg_str!("Limits").into(), key: "limits", facts: limit_facts },
        Section {
            title: crate::msg_str!("Early termination").into(),
            key: "early-termination",
            facts: early_termination(&p["earlyTermination"]),
        },
        Section { title: crate::msg_str!("Search space").into(), key: "search-space", facts: space },
        Section { title: crate::msg_str!("Trial").into(), key: "trial", facts: trial_facts(p) },
    ]
}

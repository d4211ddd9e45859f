//! Job types (`properties.jobType`, docs/azure-ml-rest.md §Job-body) and what the details page
//! shows for each: the type itself, which actions apply, and the type's own facts as labelled
//! rows. Every reader takes the job JSON as the service returned it and answers something
//! readable for placeholders (`"string"`), missing members and values of an unexpected type.

use serde_json::Value;

use super::facts::fact;
pub use super::facts::{duration_text, value_text, Fact, Section};
use super::ids::last_segment;

/// The job types the spec names (2025-12-01 `JobType`, plus `FineTuning` of the same version's
/// examples); anything else is kept as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobKind {
    Command,
    Sweep,
    Pipeline,
    AutoMl,
    FineTuning,
    Spark,
    /// An empty or unknown `jobType`, as the service sent it.
    Other(String),
}

impl JobKind {
    /// The kind of a `jobType` value. The enum is open-ended; known values are matched in any
    /// case (the service reads them so), unknown ones are kept.
    pub fn of(job_type: &str) -> JobKind {
        match job_type.to_ascii_lowercase().as_str() {
            "command" => JobKind::Command,
            "sweep" => JobKind::Sweep,
            "pipeline" => JobKind::Pipeline,
            "automl" => JobKind::AutoMl,
            "finetuning" => JobKind::FineTuning,
            "spark" => JobKind::Spark,
            _ => JobKind::Other(job_type.to_string()),
        }
    }

    /// The kind of a job (its `properties.jobType`).
    pub fn of_job(job: &Value) -> JobKind {
        JobKind::of(job["properties"]["jobType"].as_str().unwrap_or_default())
    }

    /// What the console calls the type (the spec's value; unknown values as sent).
    pub fn label(&self) -> String {
        match self {
            JobKind::Command => crate::msg_str!("Command").into(),
            JobKind::Sweep => crate::msg_str!("Sweep").into(),
            JobKind::Pipeline => crate::msg_str!("Pipeline").into(),
            JobKind::AutoMl => "AutoML".into(),
            JobKind::FineTuning => "FineTuning".into(),
            JobKind::Spark => "Spark".into(),
            JobKind::Other(t) if t.trim().is_empty() => crate::msg_str!("Unknown").into(),
            JobKind::Other(t) => t.clone(),
        }
    }

    /// "Clone and edit" only for the types the console's form can submit and show: Command and
    /// Sweep (`clone::form_from_job` fills the form's Sweep part from the job).
    pub fn can_clone(&self) -> bool {
        matches!(self, JobKind::Command | JobKind::Sweep)
    }

    /// Whether the console knows the type's shape (else: a read-only summary and the raw JSON).
    pub fn is_known(&self) -> bool {
        !matches!(self, JobKind::Other(_))
    }

    /// Whether jobs of this type write the log files the log viewer follows (Command and its
    /// trials); the others show their children instead.
    pub fn has_own_logs(&self) -> bool {
        matches!(self, JobKind::Command | JobKind::Spark | JobKind::Other(_))
    }
}

/// `camelCase` / `snake_case` keys as words: `maxConcurrentTrials` → `Max concurrent trials`.
pub fn humanize_key(key: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if c == '_' || c == '-' {
            out.push(' ');
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(if out.is_empty() { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() });
    }
    out
}

/// Every member of an object as a row (keys humanised, durations read), skipping nulls;
/// `None` when `v` is not an object.
fn object_facts(v: &Value) -> Vec<Fact> {
    let Some(m) = v.as_object() else { return vec![] };
    m.iter()
        .filter(|(_, x)| !x.is_null())
        .map(|(k, x)| {
            let text = if k.to_ascii_lowercase().contains("timeout") { duration_text(x) } else { value_text(x) };
            fact(humanize_key(k), text)
        })
        .collect()
}

/// A data input (`{jobInputType, uri, mode}`) as `uri (type, mode)`; literals as their value.
pub fn input_text(v: &Value) -> String {
    if !v.is_object() {
        return value_text(v);
    }
    let kind = v["jobInputType"].as_str().or(v["jobOutputType"].as_str()).unwrap_or_default();
    if kind == "literal" {
        return value_text(&v["value"]);
    }
    let uri = v["uri"].as_str().unwrap_or("(default location)");
    let extra: Vec<&str> =
        [kind, v["mode"].as_str().unwrap_or_default()].into_iter().filter(|s| !s.is_empty()).collect();
    if extra.is_empty() {
        uri.to_string()
    } else {
        format!("{uri} ({})", extra.join(", "))
    }
}

/// A compute id as its name, `serverless` when absent.
fn compute_name(p: &Value) -> String {
    match p["computeId"].as_str().filter(|c| !c.is_empty()) {
        Some(c) => last_segment(c).to_string(),
        None => "serverless".into(),
    }
}

fn push_some(out: &mut Vec<Fact>, label: &str, v: &Value) {
    let t = value_text(v);
    if !t.is_empty() {
        out.push(fact(label, t));
    }
}

/// The type-specific sections of a job's details (Command jobs: none beyond the page's own
/// properties card; see [`super::sweep`], [`super::pipeline`] for the live parts).
pub fn type_sections(job: &Value) -> Vec<Section> {
    let p = &job["properties"];
    match JobKind::of_job(job) {
        JobKind::Command => vec![],
        JobKind::Sweep => super::sweep::view::sections(p),
        JobKind::AutoMl => automl_sections(p),
        JobKind::FineTuning => finetuning_sections(p),
        JobKind::Pipeline => pipeline_sections(p),
        JobKind::Spark => spark_sections(p),
        JobKind::Other(_) => {
            vec![Section { title: crate::msg_str!("Summary").into(), key: "summary", facts: summary_facts(p) }]
        }
    }
}

/// AutoML: task, primary metric, limits, inputs (`taskDetails`, an `AutoMLVertical`).
fn automl_sections(p: &Value) -> Vec<Section> {
    let t = &p["taskDetails"];
    let mut task = vec![fact(crate::msg_str!("Task type"), value_text(&t["taskType"]))];
    let metric = match value_text(&t["primaryMetric"]) {
        m if m.is_empty() => crate::msg_str!("(the task's default)").to_string(),
        m => m,
    };
    task.push(fact(crate::msg_str!("Primary metric"), metric));
    push_some(&mut task, crate::msg_str!("Target column"), &t["targetColumnName"]);
    push_some(&mut task, crate::msg_str!("Log verbosity"), &t["logVerbosity"]);
    task.push(fact(crate::msg_str!("Compute"), compute_name(p)));
    let mut inputs = vec![];
    for (k, label) in [
        ("trainingData", crate::msg_str!("Training data")),
        ("validationData", crate::msg_str!("Validation data")),
        ("testData", crate::msg_str!("Test data")),
    ] {
        if t[k].is_object() {
            inputs.push(fact(label, input_text(&t[k])));
        }
    }
    vec![
        Section { title: crate::msg_str!("Task").into(), key: "task", facts: task },
        Section { title: crate::msg_str!("Limits").into(), key: "limits", facts: object_facts(&t["limitSettings"]) },
        Section { title: crate::msg_str!("Inputs").into(), key: "inputs", facts: inputs },
    ]
}

/// FineTuning: task, model, limits (resources/queue), inputs (`fineTuningDetails`).
fn finetuning_sections(p: &Value) -> Vec<Section> {
    let d = &p["fineTuningDetails"];
    let mut task = vec![fact(crate::msg_str!("Task type"), value_text(&d["taskType"]))];
    push_some(&mut task, crate::msg_str!("Model provider"), &d["modelProvider"]);
    // FineTuning has no primary metric of its own: the task decides what is reported.
    task.push(fact(crate::msg_str!("Primary metric"), "(set by the task)"));
    task.push(fact(crate::msg_str!("Compute"), compute_name(p)));
    let mut limits = object_facts(&d["hyperParameters"]);
    if let Some(types) = p["resources"]["instanceTypes"].as_array() {
        let list: Vec<String> = types.iter().map(value_text).collect();
        limits.push(fact(crate::msg_str!("Instance types"), list.join(", ")));
    }
    push_some(&mut limits, crate::msg_str!("Job tier"), &p["queueSettings"]["jobTier"]);
    let mut inputs = vec![];
    for (k, label) in [
        ("model", crate::msg_str!("Model")),
        ("trainingData", crate::msg_str!("Training data")),
        ("validationData", crate::msg_str!("Validation data")),
    ] {
        if !d[k].is_null() {
            inputs.push(fact(label, input_text(&d[k])));
        }
    }
    vec![
        Section { title: crate::msg_str!("Task").into(), key: "task", facts: task },
        Section { title: crate::msg_str!("Limits").into(), key: "limits", facts: limits },
        Section { title: crate::msg_str!("Inputs").into(), key: "inputs", facts: inputs },
    ]
}

fn pipeline_sections(p: &Value) -> Vec<Section> {
    let mut settings = object_facts(&p["settings"]);
    settings.insert(0, fact(crate::msg_str!("Compute"), compute_name(p)));
    if let Some(s) = p["sourceJobId"].as_str() {
        settings.push(fact(crate::msg_str!("Source job"), last_segment(s)));
    }
    vec![Section { title: crate::msg_str!("Settings").into(), key: "settings", facts: settings }]
}

fn spark_sections(p: &Value) -> Vec<Section> {
    let mut facts = vec![fact(crate::msg_str!("Compute"), compute_name(p))];
    for (k, label) in [
        ("entry", crate::msg_str!("Entry")),
        ("codeId", crate::msg_str!("Code")),
        ("environmentId", crate::msg_str!("Environment")),
        ("args", crate::msg_str!("Arguments")),
    ] {
        push_some(&mut facts, label, &p[k]);
    }
    vec![
        Section { title: "Spark".into(), key: "spark", facts },
        Section { title: crate::msg_str!("Configuration").into(), key: "conf", facts: object_facts(&p["conf"]) },
    ]
}

/// A read-only summary of a job of an unknown type: its scalar members (objects and arrays
/// are in the raw JSON below it).
pub fn summary_facts(p: &Value) -> Vec<Fact> {
    let Some(m) = p.as_object() else { return vec![] };
    m.iter()
        .filter(|(_, v)| !v.is_null() && !v.is_object() && !v.is_array())
        .map(|(k, v)| fact(humanize_key(k), value_text(v)))
        .collect()
}

/// The job as indented JSON text (shown as text, never as markup).
pub fn raw_json(job: &Value) -> String {
    serde_json::to_string_pretty(job).unwrap_or_default()
}

//! The `SweepJob` PUT body of the job form in Sweep mode, in the shape azure-ai-ml sends for the
//! same sweep (docs/azure-ml-rest.md §Sweeps): the command's settings become the `trial`, the
//! swept inputs become the `searchSpace`, and the SDK's explicit defaults (`delayEvaluation`,
//! `evaluationInterval`, the unused Bandit slack as 0, `resources` beside the trial's) are written
//! out the same way, so `tests/sdk/job_yaml_roundtrip.py` finds no difference.

use serde_json::{json, Map, Value};

use super::form::{choice_values, number_or, trial_command, whole_or, SearchParam, SpaceValue, SweepForm};
use crate::jobs::body_parts::{input_json, output_json, string_map, JobRefs};
use crate::jobs::form::JobForm;

pub(crate) fn space_value_json(v: &SpaceValue) -> Value {
    match v {
        SpaceValue::Int(i) => json!(i),
        SpaceValue::Float(f) => json!(f),
        SpaceValue::Text(t) => json!(t),
    }
}

/// `[type, [arguments]]` as azure-ai-ml serializes a search-space entry.
pub fn space_entry(p: &SearchParam) -> Value {
    let bound = |s: &str| space_value_json(&SpaceValue::parse(s));
    match p.kind.as_str() {
        "choice" => {
            let values: Vec<Value> = choice_values(&p.values).iter().map(space_value_json).collect();
            json!(["choice", [values]])
        }
        "randint" => json!(["randint", [whole_or(&p.upper, 1)]]),
        kind => json!([kind, [bound(&p.min), bound(&p.max)]]),
    }
}

/// REST spelling of the form's sampling and policy names.
fn sampling_type(s: &str) -> &'static str {
    match s {
        "grid" => "Grid",
        "bayesian" => "Bayesian",
        _ => "Random",
    }
}

impl SweepForm {
    pub fn search_space_json(&self) -> Value {
        let m: Map<String, Value> = self.params.iter().map(|p| (p.name.trim().to_string(), space_entry(p))).collect();
        Value::Object(m)
    }

    pub fn sampling_json(&self) -> Value {
        let mut s = json!({"samplingAlgorithmType": sampling_type(&self.sampling)});
        if self.sampling == "random" && !self.seed.trim().is_empty() {
            s["seed"] = json!(whole_or(&self.seed, 0));
        }
        s
    }

    /// `limits` of the sweep; `timeout_seconds` is the whole sweep's (the form's Timeout).
    pub fn limits_json(&self, timeout_seconds: Option<u64>) -> Value {
        let mut l = json!({"jobLimitsType": "Sweep", "maxTotalTrials": whole_or(&self.max_total, 1)});
        if !self.max_concurrent.trim().is_empty() {
            l["maxConcurrentTrials"] = json!(whole_or(&self.max_concurrent, 1));
        }
        if let Some(s) = timeout_seconds {
            l["timeout"] = json!(crate::seconds_to_iso8601(s));
        }
        if let Ok(m) = self.trial_timeout.trim().parse::<u64>() {
            l["trialTimeout"] = json!(crate::seconds_to_iso8601(m.saturating_mul(60)));
        }
        l
    }

    /// `earlyTermination`, `None` without a policy.
    pub fn early_termination_json(&self) -> Option<Value> {
        let mut e = json!({
            "delayEvaluation": whole_or(&self.delay, 0),
            "evaluationInterval": whole_or(&self.interval, 1),
        });
        match self.policy.as_str() {
            "bandit" => {
                e["policyType"] = json!("Bandit");
                // One slack is given; the SDK writes the other as 0.
                e["slackFactor"] = json!(number_or(&self.slack_factor, 0.0));
                e["slackAmount"] = json!(number_or(&self.slack_amount, 0.0));
            }
            "median_stopping" => e["policyType"] = json!("MedianStopping"),
            "truncation_selection" => {
                e["policyType"] = json!("TruncationSelection");
                e["truncationPercentage"] = json!(whole_or(&self.truncation, 0));
            }
            _ => return None,
        }
        Some(e)
    }
}

/// The PUT body of the form in Sweep mode (see [`JobForm::job_body`]).
pub(crate) fn sweep_body(f: &JobForm, name: &str, refs: &JobRefs) -> Value {
    let swept = f.swept_inputs();
    let inputs: Map<String, Value> = f
        .inputs
        .iter()
        .filter(|r| !(r.kind == "literal" && swept.iter().any(|s| s == r.name.trim())))
        .map(|r| (r.name.trim().to_string(), input_json(r)))
        .collect();
    let outputs: Map<String, Value> = f.outputs.iter().map(|r| (r.name.trim().to_string(), output_json(r))).collect();
    let resources = f.resources_json();
    let mut trial = json!({
        "command": trial_command(f.command.trim(), &swept),
        "codeId": refs.code_id,
        "environmentId": refs.environment_id,
        "environmentVariables": string_map(&f.env_vars),
        "resources": resources.clone(),
    });
    if let Some(d) = f.distribution_json() {
        trial["distribution"] = d;
    }
    let s = &f.sweep;
    let mut p = json!({
        "jobType": "Sweep",
        "experimentName": f.experiment.trim(),
        "displayName": Some(f.display_name.trim()).filter(|d| !d.is_empty()).unwrap_or(name),
        "tags": string_map(&f.tags),
        "properties": refs.properties,
        "inputs": inputs,
        "outputs": outputs,
        "searchSpace": s.search_space_json(),
        "samplingAlgorithm": s.sampling_json(),
        "objective": {"goal": s.goal, "primaryMetric": s.metric.trim()},
        "limits": s.limits_json(f.timeout_seconds()),
        "trial": trial,
        // azure-ai-ml repeats the trial's resources on the sweep itself.
        "resources": resources,
    });
    if !f.description.trim().is_empty() {
        p["description"] = json!(f.description.trim());
    }
    if let Some(c) = &refs.compute_id {
        p["computeId"] = json!(c);
    }
    if let Some(e) = s.early_termination_json() {
        p["earlyTermination"] = e;
    }
    json!({"properties": p})
}

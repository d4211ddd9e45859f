//! "View as YAML" of the job form in Sweep mode: an az ml sweep-job YAML that azure-ai-ml's
//! `load_job` turns into the body [`super::body`] builds (checked by
//! `tests/sdk/job_yaml_roundtrip.py`). Every value comes from the same parsers as the body.

use super::form::{choice_values, trial_command, whole_or, SearchParam, SpaceValue, SweepForm};
use crate::jobs::form::JobForm;
use crate::jobs::yaml_parts::{distribution, environment, input, output, push_text, resources, string_map};
use crate::yaml::emit::{raw, render, s, Y};

const SCHEMA: &str = "https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json";

fn value(v: &SpaceValue) -> Y {
    match v {
        // Plain decimals only (SpaceValue::parse), which every YAML reader takes as numbers.
        SpaceValue::Int(i) => raw(i),
        SpaceValue::Float(f) => raw(float_text(*f)),
        SpaceValue::Text(t) => s(t.as_str()),
    }
}

/// A float as YAML 1.1 reads a float back: with a `.` (PyYAML reads `1e-07` as text).
fn float_text(f: f64) -> String {
    let t = format!("{f}");
    if t.contains('.') {
        t
    } else {
        format!("{t}.0")
    }
}

fn param(p: &SearchParam) -> Y {
    let mut m = vec![("type".to_string(), raw(p.kind.as_str()))];
    match p.kind.as_str() {
        "choice" => m.push(("values".into(), Y::List(choice_values(&p.values).iter().map(value).collect()))),
        "randint" => m.push(("upper".into(), raw(whole_or(&p.upper, 1)))),
        _ => {
            m.push(("min_value".into(), value(&SpaceValue::parse(&p.min))));
            m.push(("max_value".into(), value(&SpaceValue::parse(&p.max))));
        }
    }
    Y::Map(m)
}

fn sampling(sw: &SweepForm) -> Y {
    if sw.sampling == "random" && !sw.seed.trim().is_empty() {
        return Y::Map(vec![("type".into(), raw("random")), ("seed".into(), raw(whole_or(&sw.seed, 0)))]);
    }
    raw(sw.sampling.as_str())
}

fn early_termination(sw: &SweepForm) -> Option<Y> {
    let mut m = vec![("type".to_string(), raw(sw.policy.as_str()))];
    match sw.policy.as_str() {
        "bandit" if !sw.slack_factor.trim().is_empty() => {
            m.push(("slack_factor".into(), value(&SpaceValue::parse(&sw.slack_factor))))
        }
        "bandit" => m.push(("slack_amount".into(), value(&SpaceValue::parse(&sw.slack_amount)))),
        "median_stopping" => {}
        "truncation_selection" => m.push(("truncation_percentage".into(), raw(whole_or(&sw.truncation, 0)))),
        _ => return None,
    }
    m.push(("evaluation_interval".into(), raw(whole_or(&sw.interval, 1))));
    m.push(("delay_evaluation".into(), raw(whole_or(&sw.delay, 0))));
    Some(Y::Map(m))
}

fn limits(f: &JobForm) -> Y {
    let sw = &f.sweep;
    let mut m = vec![("max_total_trials".to_string(), raw(whole_or(&sw.max_total, 1)))];
    if !sw.max_concurrent.trim().is_empty() {
        m.push(("max_concurrent_trials".into(), raw(whole_or(&sw.max_concurrent, 1))));
    }
    if let Some(secs) = f.timeout_seconds() {
        m.push(("timeout".into(), raw(secs)));
    }
    if let Ok(min) = sw.trial_timeout.trim().parse::<u64>() {
        m.push(("trial_timeout".into(), raw(min.saturating_mul(60))));
    }
    Y::Map(m)
}

fn trial(f: &JobForm, code_dir: Option<&str>, swept: &[String]) -> Y {
    let mut m = vec![];
    push_text(&mut m, "code", &format!("./{}", code_dir.unwrap_or("src")));
    push_text(&mut m, "command", &trial_command(f.command.trim(), swept));
    m.push(("environment".into(), environment(f)));
    if let Some(map) = string_map(&f.env_vars) {
        m.push(("environment_variables".into(), map));
    }
    m.push(("resources".into(), resources(f)));
    if let Some(d) = f.distribution_value() {
        m.push(("distribution".into(), distribution(d)));
    }
    Y::Map(m)
}

pub fn sweep_yaml(f: &JobForm, code_dir: Option<&str>, job_name: &str) -> String {
    let sw = &f.sweep;
    let swept = f.swept_inputs();
    let mut m = vec![("$schema".to_string(), raw(SCHEMA)), ("type".into(), raw("sweep"))];
    push_text(&mut m, "name", job_name);
    push_text(&mut m, "display_name", &f.display_name);
    push_text(&mut m, "experiment_name", &f.experiment);
    push_text(&mut m, "description", &f.description);
    if !f.is_serverless() && !f.compute.trim().is_empty() {
        m.push(("compute".into(), s(format!("azureml:{}", f.compute.trim()))));
    }
    m.push(("sampling_algorithm".into(), sampling(sw)));
    m.push(("search_space".into(), Y::Map(sw.params.iter().map(|p| (p.name.trim().to_string(), param(p))).collect())));
    let goal = sw.goal.to_ascii_lowercase();
    m.push((
        "objective".into(),
        Y::Map(vec![("goal".into(), raw(goal)), ("primary_metric".into(), s(sw.metric.trim()))]),
    ));
    if let Some(e) = early_termination(sw) {
        m.push(("early_termination".into(), e));
    }
    m.push(("limits".into(), limits(f)));
    let inputs: Vec<(String, Y)> = f
        .inputs
        .iter()
        .filter(|i| !(i.kind == "literal" && swept.iter().any(|n| n == i.name.trim())))
        .map(|i| (i.name.trim().to_string(), input(i)))
        .collect();
    if !inputs.is_empty() {
        m.push(("inputs".into(), Y::Map(inputs)));
    }
    if !f.outputs.is_empty() {
        m.push(("outputs".into(), Y::Map(f.outputs.iter().map(|o| (o.name.trim().to_string(), output(o))).collect())));
    }
    m.push(("trial".into(), trial(f, code_dir, &swept)));
    if let Some(map) = string_map(&f.tags) {
        m.push(("tags".into(), map));
    }
    render(&Y::Map(m))
}

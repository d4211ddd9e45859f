//! Checks a Sweep job before it is accepted: objective, sampling algorithm, search space (grid
//! takes only `choice`; bayesian `choice`, `uniform`, `quniform`, and no early termination, as
//! Azure ML documents), limits, early termination, and the trial as a Command job would be
//! checked (with the sweep's compute, inputs and outputs). Messages are the emulator's own.

use super::job_validate::{parse_duration, references, validate_command};
use crate::runner::sweep::policy::EarlyTermination;
use crate::runner::sweep::space::parse_space;
use crate::state::AppState;
use crate::store::Workspace;
use serde_json::{Map, Value};

pub const ALGORITHMS: &[&str] = &["Grid", "Random", "Bayesian"];

/// The Command job a trial runs: the trial's fields plus the sweep's compute, inputs, outputs
/// and experiment.
pub fn trial_job(sweep: &Map<String, Value>) -> Map<String, Value> {
    let mut p = sweep.get("trial").and_then(Value::as_object).cloned().unwrap_or_default();
    p.insert("jobType".into(), Value::from("Command"));
    for k in ["computeId", "inputs", "outputs", "experimentName"] {
        if let Some(v) = sweep.get(k).filter(|v| !v.is_null()) {
            p.insert(k.into(), v.clone());
        }
    }
    p
}

fn positive_int(limits: &Map<String, Value>, k: &str) -> Result<(), String> {
    match limits.get(k) {
        None | Some(Value::Null) => Ok(()),
        Some(v) if v.as_u64().is_some_and(|n| n >= 1) => Ok(()),
        Some(v) => Err(format!("limits.{k} must be a positive integer, got {v}.")),
    }
}

pub fn validate(st: &AppState, ws: &Workspace, p: &Map<String, Value>) -> Result<(), String> {
    let objective = p.get("objective").and_then(Value::as_object).ok_or("objective is required for a Sweep job.")?;
    if objective.get("primaryMetric").and_then(Value::as_str).is_none_or(|m| m.trim().is_empty()) {
        return Err("objective.primaryMetric is required.".into());
    }
    // The spec's enums are open strings and the service reads them in any case (azure-ai-ml sends
    // `"goal": "maximize"`).
    let goal = objective.get("goal").and_then(Value::as_str).unwrap_or_default();
    if !["minimize", "maximize"].contains(&goal.to_ascii_lowercase().as_str()) {
        return Err(format!("objective.goal '{goal}' is not one of Minimize, Maximize."));
    }
    let sampling = p.get("samplingAlgorithm").and_then(Value::as_object).ok_or("samplingAlgorithm is required.")?;
    let sent = sampling.get("samplingAlgorithmType").and_then(Value::as_str).unwrap_or_default();
    let Some(algorithm) = ALGORITHMS.iter().copied().find(|a| a.eq_ignore_ascii_case(sent)) else {
        return Err(format!("samplingAlgorithmType '{sent}' is not one of Grid, Random, Bayesian."));
    };
    let space = p.get("searchSpace").and_then(Value::as_object).filter(|s| !s.is_empty());
    let space = parse_space(space.ok_or("searchSpace is required and needs at least one parameter.")?)?;
    let allowed: &[&str] = match algorithm {
        "Grid" => &["choice"],
        "Bayesian" => &["choice", "uniform", "quniform"],
        _ => &[],
    };
    if let Some((name, d)) = space.iter().find(|(_, d)| !allowed.is_empty() && !allowed.contains(&d.name())) {
        return Err(format!("{algorithm} sampling does not support the '{}' distribution of '{name}'.", d.name()));
    }
    let early = EarlyTermination::from_json(p.get("earlyTermination").unwrap_or(&Value::Null))?;
    if early.is_some() && algorithm == "Bayesian" {
        return Err("Bayesian sampling does not support early termination policies.".into());
    }
    let limits = p.get("limits").and_then(Value::as_object).cloned().unwrap_or_default();
    positive_int(&limits, "maxTotalTrials")?;
    positive_int(&limits, "maxConcurrentTrials")?;
    for k in ["timeout", "trialTimeout"] {
        if let Some(t) = limits.get(k).filter(|t| !t.is_null()) {
            if t.as_str().and_then(parse_duration).is_none_or(|ms| ms == 0) {
                return Err(format!("limits.{k} '{t}' is not a positive ISO-8601 duration."));
            }
        }
    }
    let trial = p.get("trial").and_then(Value::as_object).ok_or("trial is required for a Sweep job.")?;
    let command = trial.get("command").and_then(Value::as_str).unwrap_or_default();
    for r in references(command, "search_space") {
        if !space.iter().any(|(k, _)| *k == r) {
            return Err(format!("The trial command refers to search_space.{r}, which is not in searchSpace."));
        }
    }
    validate_command(st, ws, &trial_job(p), command)
}

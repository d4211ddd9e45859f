//! A sweep's trials: RunHistory's children of the sweep run (status, hyperparameters) joined with
//! the trials' MLflow runs (the primary metric's latest value), sortable, with the best trial
//! (docs/azure-ml-rest.md §Sweeps, §Children, §MLflow).

use std::cmp::Ordering;

use serde_json::Value;

use super::view::Goal;
use crate::jobs::kinds::value_text;

/// One trial as the sweep page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Trial {
    /// The trial's run id = its job name.
    pub name: String,
    pub status: String,
    /// Hyperparameter values of this trial, in the order the service listed them.
    pub params: Vec<(String, String)>,
    /// The primary metric's latest value, once logged.
    pub metric: Option<f64>,
}

/// The trial's hyperparameters: the run property `hyperparameters` (JSON text, as the
/// emulator and the HyperDrive runtime write it), else its MLflow params.
fn hyperparameters(run: &Value, mlflow: Option<&Value>) -> Vec<(String, String)> {
    let from_property = run["properties"]["hyperparameters"]
        .as_str()
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .and_then(|v| v.as_object().cloned());
    if let Some(m) = from_property {
        return m.iter().map(|(k, v)| (k.clone(), value_text(v))).collect();
    }
    let Some(params) = mlflow.and_then(|r| r["data"]["params"].as_array()) else { return vec![] };
    params.iter().filter_map(|p| Some((p["key"].as_str()?.to_string(), value_text(&p["value"])))).collect()
}

fn mlflow_run<'a>(runs: &'a Value, id: &str) -> Option<&'a Value> {
    runs["runs"].as_array()?.iter().find(|r| r["info"]["run_id"].as_str() == Some(id))
}

/// The latest value of `metric` in an MLflow run (`data.metrics` lists each key's latest).
fn latest_metric(run: &Value, metric: &str) -> Option<f64> {
    let metrics = run["data"]["metrics"].as_array()?;
    let m = metrics.iter().find(|m| m["key"].as_str() == Some(metric))?;
    m["value"].as_f64().filter(|v| v.is_finite())
}

/// Joins a children listing (`{value: [Run]}`) with an MLflow `runs/search` answer
/// (`{runs: [{info, data}]}`); either may be missing (`Value::Null`). Trials keep the children's
/// order; MLflow runs without a RunHistory child are added after them.
pub fn trials(children: &Value, mlflow_runs: &Value, metric: &str) -> Vec<Trial> {
    let mut out: Vec<Trial> = children["value"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| {
                    let name = r["runId"].as_str().filter(|n| !n.is_empty())?.to_string();
                    let ml = mlflow_run(mlflow_runs, &name);
                    Some(Trial {
                        status: value_text(&r["status"]),
                        params: hyperparameters(r, ml),
                        metric: ml.and_then(|m| latest_metric(m, metric)),
                        name,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(runs) = mlflow_runs["runs"].as_array() {
        for r in runs {
            let Some(id) = r["info"]["run_id"].as_str() else { continue };
            if out.iter().any(|t| t.name == id) {
                continue;
            }
            out.push(Trial {
                name: id.to_string(),
                status: mlflow_status(r["info"]["status"].as_str().unwrap_or_default()),
                params: hyperparameters(&Value::Null, Some(r)),
                metric: latest_metric(r, metric),
            });
        }
    }
    out
}

/// MLflow run status in the job vocabulary (for a trial only MLflow knows).
fn mlflow_status(s: &str) -> String {
    match s {
        "FINISHED" => "Completed".into(),
        "FAILED" => "Failed".into(),
        "KILLED" => "Canceled".into(),
        "RUNNING" => "Running".into(),
        "SCHEDULED" => "Queued".into(),
        other => other.to_string(),
    }
}

/// The best trial: the sweep's `properties.best_child_run_id` when the service set it, else the
/// completed trial with the best metric (ties: the first listed).
pub fn best_trial(sweep: &Value, trials: &[Trial], goal: Goal) -> Option<String> {
    if let Some(b) = sweep["properties"]["properties"]["best_child_run_id"].as_str().filter(|b| !b.is_empty()) {
        return Some(b.to_string());
    }
    let mut best: Option<(&Trial, f64)> = None;
    for t in trials.iter().filter(|t| t.status == "Completed") {
        let Some(m) = t.metric else { continue };
        if best.is_none_or(|(_, b)| goal.better(m, b)) {
            best = Some((t, m));
        }
    }
    best.map(|(t, _)| t.name.clone())
}

/// What the trials table is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrialSort {
    /// The primary metric, best first (by the goal) or worst first.
    Metric { best_first: bool },
    /// The trial number (`{sweep}_{n}`), then the name.
    Name,
}

fn trial_number(name: &str) -> Option<u64> {
    name.rsplit_once('_')?.1.parse().ok()
}

/// Sorts in place. Trials without a metric value stay after those with one in both metric
/// orders (an unfinished trial is neither best nor worst).
pub fn sort_trials(trials: &mut [Trial], by: TrialSort, goal: Goal) {
    match by {
        TrialSort::Name => {
            trials.sort_by(|a, b| trial_number(&a.name).cmp(&trial_number(&b.name)).then_with(|| a.name.cmp(&b.name)))
        }
        TrialSort::Metric { best_first } => trials.sort_by(|a, b| match (a.metric, b.metric) {
            (Some(x), Some(y)) => {
                let asc = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                let best_order = if goal == Goal::Maximize { asc.reverse() } else { asc };
                if best_first {
                    best_order
                } else {
                    best_order.reverse()
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }),
    }
}

/// A metric value for the table: up to 6 significant digits, no trailing zeros.
pub fn metric_text(v: Option<f64>) -> String {
    let Some(v) = v else { return String::new() };
    if v == 0.0 {
        return "0".into();
    }
    if (1e-4..1e6).contains(&v.abs()) {
        let digits = (5 - v.abs().log10().floor() as i32).clamp(0, 9) as usize;
        let t = format!("{v:.digits$}");
        if t.contains('.') {
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            t
        }
    } else {
        format!("{v:.5e}")
    }
}

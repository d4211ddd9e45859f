//! Sweep jobs really run: the sweep starts trial Command jobs named `{sweep}_{n}` (n from 0, the
//! way the service names child runs) with the sampled values in place of `${{search_space.x}}`,
//! at most `maxConcurrentTrials` at a time and `maxTotalTrials` in all (a grid stops when it is
//! exhausted). It reads each trial's primary metric from the trial's MLflow run, applies the
//! early-termination policy (`policy`) to running trials, cancels everything at `limits.timeout`,
//! gives each trial `limits.trialTimeout`, and marks the best trial in the sweep's properties
//! (`best_child_run_id`, `score`, as azure-ai-ml reads them). Bayesian sampling samples randomly.
//!
//! Trials carry `properties["azureml.parentrunid"]` and `properties.hyperparameters` (their
//! values as JSON), and their MLflow runs the tag `mlflow.parentRunId`.

pub mod policy;
pub mod space;

use super::{cancel, cancel_with_reason, conclude, find_job, is_terminal, register, set_status, End};
use crate::arm::request::ArmRequest;
use crate::mlflow::job_runs::PARENT_PROPERTY;
use crate::resources::job_build::{build, store_job};
use crate::resources::job_validate::parse_duration;
use crate::resources::sweep_validate::trial_job;
use crate::state::AppState;
use crate::store::{Store, Workspace};
use policy::EarlyTermination;
use serde_json::{json, Map, Value};
use space::{parse_space, substitute, Sampler};
use std::time::{Duration, Instant};

/// Trials a random sweep runs when `maxTotalTrials` is not given.
pub const DEFAULT_MAX_TRIALS: usize = 1000;
/// How often the sweep looks at its trials.
const TICK: Duration = Duration::from_millis(250);

/// Starts a stored Sweep job in the background.
pub fn start(st: &AppState, ws: Workspace, job_id: String) {
    let ctl = register(st, &job_id);
    let st = st.clone();
    tokio::spawn(async move {
        let end = orchestrate(&st, &ws, &job_id, &ctl).await;
        conclude(&st, &job_id, end);
    });
}

struct Trial {
    id: String,
    name: String,
    /// How many primary-metric values the policy has looked at.
    seen: usize,
    done: bool,
}

/// The settings of one sweep, read from its stored body (already validated).
struct Plan {
    sampler: Sampler,
    total: usize,
    concurrent: usize,
    maximize: bool,
    metric: String,
    early: Option<EarlyTermination>,
    timeout: Option<Duration>,
}

fn plan(p: &Value) -> Result<Plan, String> {
    let space = parse_space(p["searchSpace"].as_object().ok_or("searchSpace is missing")?)?;
    let algorithm = p["samplingAlgorithm"]["samplingAlgorithmType"].as_str().unwrap_or("Random");
    let sampler = Sampler::new(space, algorithm, p["samplingAlgorithm"]["seed"].as_u64());
    let limit = |k: &str| p["limits"][k].as_u64().map(|n| n as usize);
    let total = limit("maxTotalTrials").unwrap_or(DEFAULT_MAX_TRIALS).min(sampler.capacity().unwrap_or(usize::MAX));
    Ok(Plan {
        total,
        concurrent: limit("maxConcurrentTrials").unwrap_or(total).max(1),
        maximize: p["objective"]["goal"].as_str().is_some_and(|g| g.eq_ignore_ascii_case("maximize")),
        metric: p["objective"]["primaryMetric"].as_str().unwrap_or_default().to_string(),
        early: EarlyTermination::from_json(&p["earlyTermination"])?,
        timeout: p["limits"]["timeout"].as_str().and_then(parse_duration).map(Duration::from_millis),
        sampler,
    })
}

/// The primary metric's values of each trial's MLflow run, in logged order.
fn series(st: &AppState, ws: &Workspace, trials: &[Trial], metric: &str) -> Vec<Vec<f64>> {
    let store = st.store.read().unwrap();
    let t = store.mlflow.get(&ws.id.to_ascii_lowercase());
    trials
        .iter()
        .map(|tr| {
            t.and_then(|t| t.run(&tr.name))
                .and_then(|r| r.metrics.get(metric))
                .map(|m| m.iter().map(|p| p.value).collect())
                .unwrap_or_default()
        })
        .collect()
}

/// Stores and starts trial `n` with `values`.
fn launch(st: &AppState, ws: &Workspace, sweep: &Value, n: usize, values: &Map<String, Value>) -> Trial {
    let parent = sweep["name"].as_str().unwrap_or_default();
    let p = &sweep["properties"];
    let name = format!("{parent}_{n}");
    let mut body = trial_job(p.as_object().expect("stored job has properties"));
    let command = substitute(body.get("command").and_then(Value::as_str).unwrap_or_default(), values);
    body.insert("command".into(), json!(command));
    body.insert("displayName".into(), json!(name));
    body.insert(
        "properties".into(),
        json!({PARENT_PROPERTY: parent, "hyperparameters": Value::Object(values.clone()).to_string()}),
    );
    if let Some(t) = p["limits"]["trialTimeout"].as_str() {
        body.insert("limits".into(), json!({"jobLimitsType": "Command", "timeout": t}));
    }
    let ctx = ArmRequest {
        api_version: "2025-12-01".into(),
        query: Default::default(),
        path: String::new(),
        public_url: st.config.public_url.clone(),
        caller: json!({"name": sweep["systemData"]["createdBy"]}),
    };
    let job = build(&ctx, ws, &name, body);
    store_job(st, &ctx, ws, &job);
    let id = format!("{}/jobs/{name}", ws.id);
    super::start(st, ws.clone(), id.clone());
    Trial { id, name, seen: 0, done: false }
}

async fn orchestrate(st: &AppState, ws: &Workspace, job_id: &str, ctl: &super::control::Ctl) -> End {
    let Some(sweep) = find_job(st, job_id) else { return End::Canceled(None) };
    let mut plan = match plan(&sweep["properties"]) {
        Ok(p) => p,
        Err(e) => return End::Failed(format!("The sweep cannot start: {e}")),
    };
    let started = Instant::now();
    let mut trials: Vec<Trial> = Vec::new();
    set_status(st, job_id, "Running", None);
    loop {
        let stop = if ctl.canceled() {
            Some(ctl.reason.lock().unwrap().clone())
        } else if plan.timeout.is_some_and(|t| started.elapsed() >= t) {
            Some(Some(format!(
                "The sweep exceeded its limits.timeout of {} and was canceled with its trials.",
                sweep["properties"]["limits"]["timeout"].as_str().unwrap_or_default()
            )))
        } else {
            None
        };
        if let Some(reason) = stop {
            for t in trials.iter().filter(|t| !t.done) {
                cancel(st, &t.id);
            }
            return End::Canceled(reason);
        }
        for t in trials.iter_mut().filter(|t| !t.done) {
            t.done = find_job(st, &t.id).is_none_or(|j| is_terminal(&j));
        }
        if let Some(early) = &plan.early {
            let all = series(st, ws, &trials, &plan.metric);
            let refs: Vec<&[f64]> = all.iter().map(Vec::as_slice).collect();
            for (t, s) in trials.iter_mut().zip(&all) {
                let fresh = (t.seen + 1)..=s.len();
                t.seen = s.len();
                if t.done {
                    continue;
                }
                if let Some(i) =
                    fresh.into_iter().find(|i| early.evaluates_at(*i) && early.stops(plan.maximize, s, &refs, *i))
                {
                    let why = format!(
                        "Early termination: {:?} policy stopped the trial at interval {i} of {}.",
                        early.policy, plan.metric
                    );
                    cancel_with_reason(st, &t.id, &why);
                }
            }
        }
        let running = trials.iter().filter(|t| !t.done).count();
        let mut room = plan.concurrent.saturating_sub(running);
        while room > 0 && trials.len() < plan.total {
            let Some(values) = plan.sampler.next_point() else {
                plan.total = trials.len();
                break;
            };
            trials.push(launch(st, ws, &sweep, trials.len(), &values));
            room -= 1;
        }
        if trials.len() >= plan.total && trials.iter().all(|t| t.done) {
            break;
        }
        tokio::time::sleep(TICK).await;
    }
    finish(st, ws, job_id, &trials, &plan)
}

/// Marks the best completed trial (by its latest primary metric value) on the sweep.
fn finish(st: &AppState, ws: &Workspace, job_id: &str, trials: &[Trial], plan: &Plan) -> End {
    let last = series(st, ws, trials, &plan.metric);
    let completed = |t: &Trial| find_job(st, &t.id).is_some_and(|j| j["properties"]["status"] == "Completed");
    let best = trials
        .iter()
        .zip(&last)
        .filter(|(t, s)| completed(t) && s.last().is_some_and(|v| !v.is_nan()))
        .map(|(t, s)| (t, *s.last().unwrap()))
        .reduce(|a, b| if (plan.maximize && b.1 > a.1) || (!plan.maximize && b.1 < a.1) { b } else { a });
    let any_completed = trials.iter().any(completed);
    if let Some((t, score)) = best {
        st.mutate(|s| {
            if let Some(j) = Store::find_mut(&mut s.jobs, job_id) {
                let props = &mut j["properties"]["properties"];
                if !props.is_object() {
                    *props = json!({});
                }
                props["best_child_run_id"] = json!(t.name);
                props["score"] = json!(score.to_string());
                props["best_metric_status"] = json!("Succeeded");
            }
            let key = ws.id.to_ascii_lowercase();
            let parent = job_id.rsplit('/').next().unwrap_or_default();
            if let Some(r) = s.mlflow.get_mut(&key).and_then(|m| m.run_mut(parent)) {
                r.tags.insert("best_child_run_id".into(), t.name.clone());
            }
        });
    }
    match (any_completed, best.is_some()) {
        (true, _) => End::Completed,
        (false, _) if trials.is_empty() => End::Failed("The sweep started no trial.".into()),
        (false, _) => End::Failed(format!("No trial of the sweep completed ({} trial(s) ran).", trials.len())),
    }
}

//! Keeping a job's metrics current: one round at a time (`runs/get`, then the histories whose
//! latest value changed, page by page — `aml_api::mlflow::RunMetrics`), at most one round per
//! 10 s per job, none while the tab is hidden (`document.visibilityState`), and a last round
//! that re-reads every history once the run or the job has ended, then none.

use super::state::State;
use crate::http::Api;
use crate::jobs::data_plane::tracking_for;
use crate::jobs::logs::tab_hidden;
use crate::jobs::mlflow::{read_histories, read_run, RunReadError};
use aml_api::jobs::model;
use aml_api::metrics::Point;
use aml_api::mlflow::{RunMetrics, Tracking};
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The shortest time from the start of one round to the start of the next.
pub const ROUND_MS: f64 = 10_000.0;

/// Starts the rounds; they stop when the component that owns `state` goes away.
pub fn start(api: Api, ws: WorkspaceRef, job: String, job_status: Signal<String>, state: State) {
    let alive = StoredValue::new(());
    let gone = move || alive.try_get_value().is_none();
    spawn_local(async move {
        let tracking = match tracking_for(&api, &ws).await {
            Ok(t) => t,
            Err(e) => {
                state.error.try_set(Some(e));
                state.live.try_set(false);
                return;
            }
        };
        let mut rm = RunMetrics::new(&job);
        let mut shown: BTreeMap<String, Arc<Vec<Point>>> = BTreeMap::new();
        loop {
            while tab_hidden() {
                state.paused.try_set(true);
                crate::browser::sleep_ms(1_000).await;
                if gone() {
                    return;
                }
            }
            state.paused.try_set(false);
            let started = js_sys::Date::now();
            let job_ended = job_status.try_get_untracked().is_some_and(|s| model::is_terminal(&s));
            let last = round(&api, &tracking, &mut rm, &mut shown, job_ended, state).await;
            if gone() {
                return;
            }
            if last {
                state.live.try_set(false);
                return;
            }
            while tab_hidden() || js_sys::Date::now() - started < ROUND_MS {
                state.paused.try_set(tab_hidden());
                crate::browser::sleep_ms(1_000).await;
                if gone() {
                    return;
                }
            }
        }
    });
}

/// One round. True when it was the last one: the run (or the job) had ended and every history
/// was read in full.
async fn round(
    api: &Api,
    t: &Tracking,
    rm: &mut RunMetrics,
    shown: &mut BTreeMap<String, Arc<Vec<Point>>>,
    job_ended: bool,
    state: State,
) -> bool {
    let run = match read_run(api, t, rm).await {
        Ok(run) => run,
        // No MLflow run: nothing to show; a job that has ended will not get one.
        Err(RunReadError { missing: true, .. }) => {
            state.missing.try_set(true);
            state.error.try_set(None);
            return job_ended;
        }
        Err(RunReadError { error, .. }) => {
            state.error.try_set(error);
            return false;
        }
    };
    let ended = run.is_terminal() || job_ended;
    let read = rm.on_run(run, ended);
    let failed = read_histories(api, t, rm).await;
    for key in read {
        shown.insert(key.clone(), Arc::new(rm.history(&key).to_vec()));
    }
    state.series.try_set(shown.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
    state.run.try_set(rm.run().cloned());
    state.missing.try_set(false);
    state.updated.try_set(Some(js_sys::Date::now()));
    let done = ended && failed.is_none();
    state.error.try_set(failed);
    done
}

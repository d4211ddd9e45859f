//! Reading the compared runs, and keeping the ones still running current: every run is read
//! at once (one task per run); a run that has not ended is read again in rounds, as the job
//! details' metrics are (`components/job_metrics/poll.rs`): at most one round per 10 s per run,
//! none while the tab is hidden, only the histories whose latest value changed, and a last
//! round that re-reads every history in full once the run has ended.

use crate::components::job_metrics::poll::ROUND_MS;
use crate::error::UiError;
use crate::http::Api;
use crate::jobs::data_plane::tracking_for;
use crate::jobs::logs::tab_hidden;
use crate::jobs::mlflow::{read_histories, read_run, RunReadError};
use aml_api::metrics::Point;
use aml_api::mlflow::{Run, RunMetrics, Tracking};
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One compared job, as far as it has been read.
#[derive(Clone, Debug, PartialEq)]
pub enum Slot {
    Loading,
    /// No MLflow run of that id: no such job in this workspace.
    Missing,
    Failed(UiError),
    Loaded {
        /// Boxed: a run is far bigger than the other variants.
        run: Box<Run>,
        series: BTreeMap<String, Arc<Vec<Point>>>,
        /// The last round failed; what is shown is from the round before.
        stale: Option<UiError>,
    },
}

impl Slot {
    /// A run that was read and has not ended: it is read again in rounds.
    pub fn is_live(&self) -> bool {
        matches!(self, Slot::Loaded { run, .. } if !run.is_terminal())
    }
}

/// Starts reading every run; the rounds stop when the page goes away. `paused` is true while
/// the tab is hidden and a run is waiting for its next round.
pub fn load(
    api: Api,
    ws: WorkspaceRef,
    ids: Vec<String>,
    slots: Vec<RwSignal<Slot>>,
    setup_error: RwSignal<Option<UiError>>,
    paused: RwSignal<bool>,
) {
    let alive = StoredValue::new(());
    let gone = move || alive.try_get_value().is_none();
    spawn_local(async move {
        let t = match tracking_for(&api, &ws).await {
            Ok(t) => t,
            Err(e) => {
                for s in &slots {
                    s.try_set(Slot::Failed(e.clone()));
                }
                setup_error.try_set(Some(e));
                return;
            }
        };
        for (id, slot) in ids.into_iter().zip(slots) {
            let (api, t) = (api.clone(), t.clone());
            spawn_local(follow(api, t, id, slot, paused, gone));
        }
    });
}

/// Reads one run, then again every round while it has not ended.
async fn follow(
    api: Api,
    t: Tracking,
    id: String,
    slot: RwSignal<Slot>,
    paused: RwSignal<bool>,
    gone: impl Fn() -> bool,
) {
    let mut rm = RunMetrics::new(&id);
    let mut shown: BTreeMap<String, Arc<Vec<Point>>> = BTreeMap::new();
    loop {
        let started = js_sys::Date::now();
        let run = match read_run(&api, &t, &rm).await {
            Ok(run) => run,
            Err(RunReadError { missing, error }) => {
                let first = slot.try_with_untracked(|s| !matches!(s, Slot::Loaded { .. })).unwrap_or(true);
                match (first, missing) {
                    // Nothing read yet: say why, and stop (a run that is not there will not come).
                    (true, true) => {
                        slot.try_set(Slot::Missing);
                        return;
                    }
                    (true, false) => {
                        slot.try_set(Slot::Failed(error.unwrap_or_default()));
                        return;
                    }
                    // Read before: keep it, say the refresh failed, try again next round.
                    (false, _) => mark_stale(slot, error.unwrap_or_default()),
                }
                if !wait_round(started, paused, &gone).await {
                    return;
                }
                continue;
            }
        };
        let ended = run.is_terminal();
        let read = rm.on_run(run, ended);
        let failed = read_histories(&api, &t, &mut rm).await;
        for key in read {
            shown.insert(key.clone(), Arc::new(rm.history(&key).to_vec()));
        }
        let first = slot.try_with_untracked(|s| !matches!(s, Slot::Loaded { .. })).unwrap_or(true);
        if let (true, true, Some(e)) = (first, ended, &failed) {
            // An ended run whose histories could not be read: nothing partial to show.
            slot.try_set(Slot::Failed(e.clone()));
            return;
        }
        let run = rm.run().cloned().unwrap_or_default();
        let done = ended && failed.is_none();
        slot.try_set(Slot::Loaded { run: Box::new(run), series: shown.clone(), stale: failed });
        if done || !wait_round(started, paused, &gone).await {
            return;
        }
    }
}

fn mark_stale(slot: RwSignal<Slot>, error: UiError) {
    slot.try_update(|s| {
        if let Slot::Loaded { stale, .. } = s {
            *stale = Some(error);
        }
    });
}

/// Waits until `ROUND_MS` after `started` and the tab is shown. False when the page is gone.
async fn wait_round(started: f64, paused: RwSignal<bool>, gone: &impl Fn() -> bool) -> bool {
    while tab_hidden() || js_sys::Date::now() - started < ROUND_MS {
        paused.try_set(tab_hidden());
        crate::browser::sleep_ms(1_000).await;
        if gone() {
            return false;
        }
    }
    paused.try_set(false);
    !gone()
}

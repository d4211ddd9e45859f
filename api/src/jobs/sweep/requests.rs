//! The reads of the sweep page on the workspace's MLflow tracking server (docs/azure-ml-rest.md
//! §MLflow): the sweep's own run (for its experiment id) and its trials' runs (tagged
//! `mlflow.parentRunId`), whose `data.metrics` hold each metric's latest value.

use serde_json::json;

use crate::arm::{request, WorkspaceRef};
use crate::jobs::requests::DataPlane;
use crate::request::{HttpRequest, Method};
use crate::url::encode_query_value;

/// Most trials read in one search (the form allows up to 1000 per sweep).
pub const MAX_TRIAL_RUNS: u32 = 1000;

/// `{data plane}/mlflow/v1.0{workspace id}/api/2.0/mlflow/{rest}`.
fn mlflow(dp: &DataPlane, ws: &WorkspaceRef, rest: &str) -> String {
    format!("{}/mlflow/v1.0{}/api/2.0/mlflow/{rest}", dp.base(), ws.arm_path())
}

/// GET `runs/get` of a job's run (run id = job name).
pub fn run_get(dp: &DataPlane, ws: &WorkspaceRef, run_id: &str) -> HttpRequest {
    request(Method::Get, mlflow(dp, ws, &format!("runs/get?run_id={}", encode_query_value(run_id))))
}

/// A string literal of MLflow's search grammar. Job ids cannot contain a quote (the id pattern of
/// docs/azure-ml-rest.md §Names); one in a foreign id is dropped rather than end the literal.
fn quoted(v: &str) -> String {
    format!("'{}'", v.replace('\'', ""))
}

/// POST `runs/search` for the trials of `sweep` in its experiment.
pub fn trial_runs_search(dp: &DataPlane, ws: &WorkspaceRef, experiment_id: &str, sweep: &str) -> HttpRequest {
    let body = json!({
        "experiment_ids": [experiment_id],
        "filter": format!("tags.mlflow.parentRunId = {}", quoted(sweep)),
        "max_results": MAX_TRIAL_RUNS,
    });
    crate::lifecycle::with_json(request(Method::Post, mlflow(dp, ws, "runs/search")), serde_json::to_string(&body))
}

/// The experiment id of a `runs/get` answer (`{run: {info: {experiment_id}}}`).
pub fn experiment_of(answer: &serde_json::Value) -> Option<String> {
    answer["run"]["info"]["experiment_id"].as_str().filter(|e| !e.is_empty()).map(str::to_string)
}

//! The RunHistory data plane (`/history/v1.0/…`), which the console reaches at its
//! `dataPlaneEndpoint` (the emulator's own URL here, `https://{region}.api.azureml.ms` in Azure):
//!
//! - `GET …/workspaces/{ws}/runs/{runId}/details` → `RunDetails` with `logFiles` (log path →
//!   read-only Azurite SAS URL; readers stream with `Range: bytes=<offset>-`).
//! - `GET …/workspaces/{ws}/[experiments/{exp}/]runs/{runId}/artifacts/path?path=<prefix>` lists
//!   the run's artifacts; `…/artifacts/contentinfo?path=<file>` gives one's SAS URL.
//!
//! - `PATCH …/[experiments/{exp}/]runs/{runId}` and `DELETE …/runs/{runId}/tags` edit a job's
//!   display name, description, tags, properties and archive flag (`crate::run_edit`).
//!
//! Tokens for ARM (`https://management.azure.com/`) and for `https://ml.azure.com` are accepted.

use crate::arm::case::Routes;
use crate::arm::errors::arm_error;
use crate::arm::token_check;
use crate::state::AppState;
use crate::storage::{run_prefix, ARTIFACT_CONTAINER};
use crate::store::{workspace_id, Store};
use crate::util::{iso, now_secs};
use axum::extract::{OriginalUri, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use serde::Deserialize;
use serde_json::{json, Value};

pub(crate) const WS: &str =
    "/history/v1.0/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";

/// The data plane's routes: run details and children with and without `experiments/{exp}`
/// before `runs/{run}`; artifacts only with it, as the RunHistory spec defines them
/// (docs/azure-ml-rest.md §Artifacts) — any other form is the data plane's 404.
pub fn routes(st: &AppState) -> Routes {
    let mut routes = Routes::new();
    for run in ["/runs/{run}", "/experiments/{exp}/runs/{run}"] {
        routes = routes
            .route(&format!("{WS}{run}/details"), get(details))
            .route(&format!("{WS}{run}/children"), get(children));
    }
    let run = "/experiments/{exp}/runs/{run}";
    routes = routes
        .route(&format!("{WS}{run}/artifacts/path"), get(artifacts))
        .route(&format!("{WS}{run}/artifacts/contentinfo"), get(content_info));
    routes
        .route("/history/v1.0/{*rest}", any(path_not_found))
        .map_router(|r| r.layer(from_fn_with_state(st.clone(), check_token)))
}

/// Same token check as ARM, also accepting `aud` `https://ml.azure.com`.
pub(crate) async fn check_token(State(st): State<AppState>, req: Request, next: Next) -> Response {
    match token_check::check_for(&st, req.headers(), &st.config.data_plane_audiences()) {
        Ok(_) => next.run(req).await,
        Err(r) => r,
    }
}

async fn path_not_found(OriginalUri(sent): OriginalUri) -> Response {
    arm_error(StatusCode::NOT_FOUND, "NotFound", &format!("The requested path '{}' was not found.", sent.path()))
}

pub(crate) fn not_found(message: &str) -> Response {
    let body = json!({"error": {"code": "UserError", "severity": null, "message": message, "messageFormat": null,
                                "messageParameters": {}, "details": [], "innerError": {"code": "NotFound"}},
                      "correlation": {}, "environment": "local", "location": "local", "time": iso(now_secs()),
                      "componentName": "run-history"});
    (StatusCode::NOT_FOUND, axum::Json(body)).into_response()
}

#[derive(Deserialize)]
pub(crate) struct RunPath {
    pub sub: String,
    pub rg: String,
    pub ws: String,
    pub run: String,
    /// Present on the `experiments/{exp}/runs/…` forms.
    pub exp: Option<String>,
}

/// The run's job, if it belongs to the experiment named in the path (when one is).
fn job_in_experiment(st: &AppState, ws_id: &str, p: &RunPath) -> Result<Value, Response> {
    let found = find_job(st, ws_id, &p.run).filter(|(job, _)| match &p.exp {
        Some(exp) => job["properties"]["experimentName"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(exp)),
        None => true,
    });
    found.map(|(job, _)| job).ok_or_else(|| not_found(&format!("Run {} was not found.", p.run)))
}

/// `GET /discovery`: the workspace discovery document (anonymous, like the service's: the SDKs
/// fetch it without a token). Its keys are the ones azure-ai-ml reads (docs/azure-ml-rest.md
/// §Discovery); `api` is the data-plane base clients call, here `--data-plane-url`.
pub async fn discovery(State(st): State<AppState>) -> Response {
    let base = st.config.data_plane_base();
    axum::Json(json!({
        "api": base, "history": base, "experimentation": base, "hyperdrive": base, "labeling": base,
        "pipelines": base, "modelmanagement": base,
        "catalog": "https://catalog.cortanaanalytics.com",
        "gallery": "https://gallery.cortanaintelligence.com/project",
        "studio": "https://ml.azure.com"
    }))
    .into_response()
}

/// `?path=` of the artifact calls (a prefix, or one file).
#[derive(Deserialize)]
struct ArtifactQuery {
    path: Option<String>,
}

/// The run's workspace id (as stored), or the run-history 404.
pub(crate) fn workspace_of(st: &AppState, p: &RunPath) -> Result<String, Response> {
    let store = st.store.read().unwrap();
    let ws_json = store
        .workspace(&p.sub, &p.rg, &p.ws)
        .ok_or_else(|| not_found(&format!("Workspace '{}' was not found.", p.ws)))?;
    Ok(ws_json["id"].as_str().map(str::to_string).unwrap_or_else(|| workspace_id(&p.sub, &p.rg, &p.ws)))
}

pub(crate) fn find_job(st: &AppState, ws_id: &str, run_id: &str) -> Option<(Value, Value)> {
    let id = format!("{ws_id}/jobs/{run_id}");
    let store = st.store.read().unwrap();
    let job = Store::find(&store.jobs, &id)?.clone();
    let run = store.runs.get(&id.to_ascii_lowercase()).cloned().unwrap_or(json!({}));
    Some((job, run))
}

async fn details(State(st): State<AppState>, Path(p): Path<RunPath>) -> Response {
    let ws_id = match workspace_of(&st, &p) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let (st, run_id) = (&st, p.run.as_str());
    let Some((job, run)) = find_job(st, &ws_id, run_id) else {
        return not_found(&format!("Run {run_id} was not found."));
    };
    let run_id = job["name"].as_str().unwrap_or(run_id).to_string();
    let prefix = run_prefix(&run_id);
    let mut warnings = run["warnings"].as_array().cloned().unwrap_or_default();
    let mut logs = serde_json::Map::new();
    match st.storage.list_blobs(ARTIFACT_CONTAINER, &prefix).await {
        Ok(blobs) => {
            for b in blobs {
                let rel = &b.name[prefix.len()..];
                let is_log =
                    ["user_logs/", "system_logs/", "azureml-logs/", "logs/"].iter().any(|p| rel.starts_with(p));
                if is_log {
                    logs.insert(rel.to_string(), json!(st.storage.blob_read_url(ARTIFACT_CONTAINER, &b.name)));
                }
            }
        }
        Err(e) => warnings.push(json!({"source": "emulator", "message": e})),
    }
    let p = &job["properties"];
    let target = p["computeId"].as_str().and_then(|c| c.rsplit('/').next()).unwrap_or("serverless");
    axum::Json(json!({
        "runId": run_id, "runUuid": null, "parentRunId": null, "rootRunId": run_id,
        "target": target, "status": p["status"], "experimentName": p["experimentName"], "displayName": p["displayName"],
        "createdTimeUtc": job["systemData"]["createdAt"],
        "startTimeUtc": run["startTimeUtc"], "endTimeUtc": run["endTimeUtc"],
        "error": run["error"], "warnings": warnings,
        "tags": p["tags"], "properties": p["properties"],
        "inputDatasets": [], "outputDatasets": [],
        "logFiles": logs, "runTypeV2": {"orchestrator": null, "traits": [], "attribution": "CommandJob"}
    }))
    .into_response()
}

/// `GET …/runs/{runId}/children` (`Runs_GetChild`): a sweep's trials as RunHistory runs, in
/// `PaginatedRunList` form (one page; `$top` caps it). azure-ai-ml's `jobs.list(parent_job_name=…)`
/// reads this.
async fn children(State(st): State<AppState>, Path(p): Path<RunPath>, Query(q): Query<ChildQuery>) -> Response {
    let ws_id = match workspace_of(&st, &p) {
        Ok(id) => id,
        Err(r) => return r,
    };
    if find_job(&st, &ws_id, &p.run).is_none() {
        return not_found(&format!("Run {} was not found.", p.run));
    }
    let parent_key = crate::mlflow::job_runs::PARENT_PROPERTY;
    let store = st.store.read().unwrap();
    let mut value: Vec<Value> = Store::children(&store.jobs, &format!("{ws_id}/jobs"))
        .into_iter()
        .filter(|j| j["properties"]["properties"][parent_key].as_str() == Some(p.run.as_str()))
        .map(|j| {
            let run = store
                .runs
                .get(&j["id"].as_str().unwrap_or_default().to_ascii_lowercase())
                .cloned()
                .unwrap_or(json!({}));
            let jp = &j["properties"];
            json!({"runId": j["name"], "parentRunId": p.run, "rootRunId": p.run, "experimentId": jp["experimentName"],
                   "displayName": jp["displayName"], "status": jp["status"], "runType": "azureml.scriptrun",
                   "createdUtc": j["systemData"]["createdAt"], "lastModifiedUtc": j["systemData"]["lastModifiedAt"],
                   "createdBy": {"userName": j["systemData"]["createdBy"]},
                   "startTimeUtc": run["startTimeUtc"], "endTimeUtc": run["endTimeUtc"], "error": run["error"],
                   "tags": jp["tags"], "properties": jp["properties"],
                   "compute": {"target": jp["computeId"].as_str().and_then(|c| c.rsplit('/').next())}})
        })
        .collect();
    value.sort_by_key(|r| {
        r["runId"].as_str().and_then(|n| n.rsplit('_').next()?.parse::<u64>().ok()).unwrap_or(u64::MAX)
    });
    if let Some(top) = q.top {
        value.truncate(top);
    }
    axum::Json(json!({"value": value, "continuationToken": null, "nextLink": null})).into_response()
}

#[derive(Deserialize)]
struct ChildQuery {
    #[serde(rename = "$top")]
    top: Option<usize>,
}

async fn artifacts(State(st): State<AppState>, Path(p): Path<RunPath>, Query(q): Query<ArtifactQuery>) -> Response {
    let ws_id = match workspace_of(&st, &p) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let (st, run_id, path) = (&st, p.run.as_str(), q.path.as_deref().unwrap_or(""));
    let job = match job_in_experiment(st, &ws_id, &p) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let run_id = job["name"].as_str().unwrap_or(run_id).to_string();
    let prefix = run_prefix(&run_id);
    let blobs =
        match st.storage.list_blobs(ARTIFACT_CONTAINER, &format!("{prefix}{}", path.trim_start_matches('/'))).await {
            Ok(b) => b,
            Err(e) => return arm_error(StatusCode::SERVICE_UNAVAILABLE, "StorageUnavailable", &e),
        };
    let value: Vec<Value> = blobs
        .iter()
        .map(|b| {
            let rel = &b.name[prefix.len()..];
            json!({"artifactId": format!("ExperimentRun/dcid.{run_id}/{rel}"), "origin": "ExperimentRun",
                   "container": format!("dcid.{run_id}"), "path": rel, "etag": null, "createdTime": null, "dataPath": null})
        })
        .collect();
    axum::Json(json!({"value": value, "continuationToken": null, "nextLink": null})).into_response()
}

async fn content_info(State(st): State<AppState>, Path(p): Path<RunPath>, Query(q): Query<ArtifactQuery>) -> Response {
    let ws_id = match workspace_of(&st, &p) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let (st, run_id, path) = (&st, p.run.as_str(), q.path.as_deref().unwrap_or(""));
    let job = match job_in_experiment(st, &ws_id, &p) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let run_id = job["name"].as_str().unwrap_or(run_id).to_string();
    let rel = path.trim_start_matches('/');
    let blob = format!("{}{rel}", run_prefix(&run_id));
    axum::Json(json!({"contentUri": st.storage.blob_read_url(ARTIFACT_CONTAINER, &blob), "origin": "ExperimentRun",
                      "container": format!("dcid.{run_id}"), "path": rel}))
    .into_response()
}

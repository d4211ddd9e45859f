//! The RunHistory data plane (`/history/v1.0/…`), which the console reaches at its
//! `dataPlaneEndpoint` (the emulator's own URL here, `https://{region}.api.azureml.ms` in Azure):
//!
//! - `GET …/workspaces/{ws}/runs/{runId}/details` → `RunDetails` with `logFiles` (log path →
//!   read-only Azurite SAS URL; readers stream with `Range: bytes=<offset>-`).
//! - `GET …/workspaces/{ws}/[experiments/{exp}/]runs/{runId}/artifacts/path?path=<prefix>` lists
//!   the run's artifacts; `…/artifacts/contentinfo?path=<file>` gives one's SAS URL.
//!
//! Tokens for ARM (`https://management.azure.com/`) and for `https://ml.azure.com` are accepted.

use crate::arm::errors::arm_error;
use crate::arm::token_check;
use crate::state::{workspace_id, AppState, Store};
use crate::storage::{run_prefix, ARTIFACT_CONTAINER};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn not_found(message: &str) -> Response {
    let body = json!({"error": {"code": "UserError", "severity": null, "message": message, "messageFormat": null,
                                "messageParameters": {}, "details": [], "innerError": {"code": "NotFound"}},
                      "correlation": {}, "environment": "local", "location": "local", "time": crate::util::iso(crate::util::now_secs()),
                      "componentName": "run-history"});
    (StatusCode::NOT_FOUND, axum::Json(body)).into_response()
}

pub async fn history(State(st): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    if let Err(r) = token_check::check_for(&st, &headers, &st.config.data_plane_audiences()) {
        return r;
    }
    let path = uri.path().to_string();
    let segs: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(crate::util::percent_decode).collect();
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let query: BTreeMap<String, String> =
        crate::auth::authorize::serde_urlencoded_pairs(uri.query().unwrap_or("").as_bytes()).into_iter().collect();
    // history v1.0 subscriptions {sub} resourceGroups {rg} providers {ns} workspaces {ws} …
    let ok_prefix = s.len() > 10
        && s[2].eq_ignore_ascii_case("subscriptions")
        && s[4].eq_ignore_ascii_case("resourceGroups")
        && s[8].eq_ignore_ascii_case("workspaces");
    if !ok_prefix {
        return arm_error(StatusCode::NOT_FOUND, "NotFound", &format!("The requested path '{path}' was not found."));
    }
    let (sub, rg, ws) = (s[3], s[5], s[9]);
    let Some(ws_json) = st.store.read().unwrap().workspace(sub, rg, ws).cloned() else {
        return not_found(&format!("Workspace '{ws}' was not found."));
    };
    let ws_id = ws_json["id"].as_str().map(str::to_string).unwrap_or_else(|| workspace_id(sub, rg, ws));
    let mut rest = &s[10..];
    if rest.len() >= 2 && rest[0].eq_ignore_ascii_case("experiments") {
        rest = &rest[2..];
    }
    let lower: Vec<String> = rest.iter().map(|x| x.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    match l.as_slice() {
        ["runs", _, "details"] => details(&st, &ws_id, rest[1]).await,
        ["runs", _, "artifacts", "path"] => {
            artifacts(&st, &ws_id, rest[1], query.get("path").map(String::as_str).unwrap_or("")).await
        }
        ["runs", _, "artifacts", "contentinfo"] => {
            content_info(&st, &ws_id, rest[1], query.get("path").map(String::as_str).unwrap_or(""))
        }
        _ => arm_error(StatusCode::NOT_FOUND, "NotFound", &format!("The requested path '{path}' was not found.")),
    }
}

fn find_job(st: &AppState, ws_id: &str, run_id: &str) -> Option<(Value, Value)> {
    let id = format!("{ws_id}/jobs/{run_id}");
    let store = st.store.read().unwrap();
    let job = Store::find(&store.jobs, &id)?.clone();
    let run = store.runs.get(&id.to_ascii_lowercase()).cloned().unwrap_or(json!({}));
    Some((job, run))
}

async fn details(st: &AppState, ws_id: &str, run_id: &str) -> Response {
    let Some((job, run)) = find_job(st, ws_id, run_id) else {
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

async fn artifacts(st: &AppState, ws_id: &str, run_id: &str, path: &str) -> Response {
    let Some((job, _)) = find_job(st, ws_id, run_id) else {
        return not_found(&format!("Run {run_id} was not found."));
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

fn content_info(st: &AppState, ws_id: &str, run_id: &str, path: &str) -> Response {
    let Some((job, _)) = find_job(st, ws_id, run_id) else {
        return not_found(&format!("Run {run_id} was not found."));
    };
    let run_id = job["name"].as_str().unwrap_or(run_id).to_string();
    let rel = path.trim_start_matches('/');
    let blob = format!("{}{rel}", run_prefix(&run_id));
    axum::Json(json!({"contentUri": st.storage.blob_read_url(ARTIFACT_CONTAINER, &blob), "origin": "ExperimentRun",
                      "container": format!("dcid.{run_id}"), "path": rel}))
    .into_response()
}

//! Edits of a job through RunHistory, the way azure-ai-ml 1.35.2 makes them (`jobs.update`,
//! `jobs.archive`/`restore`, and `create_or_update` of a fetched job with only metadata changes;
//! docs/azure-ai-ml-sdk.md §Job-edits):
//!
//! - `PATCH /history/v1.0/…/workspaces/{ws}/[experiments/{exp}/]runs/{runId}` with a `CreateRun`
//!   body. `displayName` and `description` replace, `tags` and `properties` merge (an existing
//!   property keeps its value: a different one is refused), `hidden` is the job's `isArchived`.
//!   Members that are null count as absent. Any other member that would change the run is
//!   refused with 400 (the service's wording for that case is not public; ours).
//! - `DELETE …/runs/{runId}/tags` with a JSON array of tag names removes them.
//!
//! Both answer 200 with the run (`Run`: id, names, status, tags, properties, hidden). The job's
//! ARM resource changes with it: the two are one record.

use crate::arm::case::Routes;
use crate::dataplane::{check_token, find_job, not_found, workspace_of, RunPath, WS};
use crate::state::AppState;
use crate::store::Store;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, patch};
use serde_json::{json, Map, Value};

/// Members of `CreateRun` a client may set on an existing run.
const EDITABLE: &[&str] = &["displayName", "description", "tags", "properties", "hidden"];

pub fn routes(st: &AppState) -> Routes {
    let mut routes = Routes::new();
    for run in ["/runs/{run}", "/experiments/{exp}/runs/{run}"] {
        routes = routes
            .route(&format!("{WS}{run}"), patch(patch_run))
            .route(&format!("{WS}{run}/tags"), delete(delete_tags));
    }
    routes.map_router(|r| r.layer(from_fn_with_state(st.clone(), check_token)))
}

fn user_error(status: StatusCode, message: &str) -> Response {
    let body = json!({"error": {"code": "UserError", "severity": null, "message": message, "messageFormat": null,
                                "messageParameters": {}, "details": [], "innerError": {"code": "BadArgument"}},
                      "correlation": {}, "environment": "local", "location": "local",
                      "time": crate::util::iso(crate::util::now_secs()), "componentName": "run-history"});
    (status, axum::Json(body)).into_response()
}

/// The stored job id of the run, checked against the experiment when the path names one.
fn job_id(st: &AppState, p: &RunPath) -> Result<String, Response> {
    let ws_id = workspace_of(st, p)?;
    let Some((job, _)) = find_job(st, &ws_id, &p.run) else {
        return Err(not_found(&format!("Run {} was not found.", p.run)));
    };
    let exp = job["properties"]["experimentName"].as_str().unwrap_or("Default");
    if p.exp.as_deref().is_some_and(|e| !e.eq_ignore_ascii_case(exp)) {
        return Err(not_found(&format!(
            "Run {} was not found in experiment {}.",
            p.run,
            p.exp.as_deref().unwrap_or("")
        )));
    }
    Ok(job["id"].as_str().unwrap_or_default().to_string())
}

/// The `Run` answer for a stored job.
fn run_json(job: &Value) -> Value {
    let p = &job["properties"];
    json!({
        "runId": job["name"], "rootRunId": job["name"], "parentRunId": null, "experimentId": p["experimentName"],
        "status": p["status"], "displayName": p["displayName"], "description": p["description"],
        "hidden": p["isArchived"].as_bool().unwrap_or(false), "tags": p["tags"], "properties": p["properties"],
        "createdUtc": job["systemData"]["createdAt"], "lastModifiedUtc": job["systemData"]["lastModifiedAt"],
        "target": p["computeId"].as_str().and_then(|c| c.rsplit('/').next()),
    })
}

/// What a PATCH body would change, or the reason it is refused.
fn apply(job: &Value, body: &Map<String, Value>) -> Result<Value, String> {
    let mut out = job.clone();
    let p = &mut out["properties"];
    for (k, v) in body.iter().filter(|(_, v)| !v.is_null()) {
        match k.as_str() {
            "runId" if v.as_str().is_some_and(|r| job["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(r))) => {}
            "displayName" | "description" => match v {
                Value::String(_) => p[k.as_str()] = v.clone(),
                _ => return Err(format!("'{k}' must be a string.")),
            },
            "hidden" => match v.as_bool() {
                Some(h) => p["isArchived"] = json!(h),
                None => return Err("'hidden' must be true or false.".into()),
            },
            "tags" | "properties" => {
                let Some(given) = v.as_object() else { return Err(format!("'{k}' must be an object of strings.")) };
                let target = if k == "tags" { "tags" } else { "properties" };
                let mut merged = p[target].as_object().cloned().unwrap_or_default();
                for (name, value) in given {
                    if !value.is_string() {
                        return Err(format!("The value of {k} '{name}' must be a string."));
                    }
                    if k == "properties" && merged.get(name).is_some_and(|old| old != value) {
                        return Err(format!(
                            "Property '{name}' already exists on the run; properties cannot be overwritten."
                        ));
                    }
                    merged.insert(name.clone(), value.clone());
                }
                p[target] = Value::Object(merged);
            }
            other if EDITABLE.contains(&other) => {}
            other => {
                return Err(format!(
                    "'{other}' of an existing run cannot be modified; editable: {}.",
                    EDITABLE.join(", ")
                ))
            }
        }
    }
    Ok(out)
}

async fn patch_run(State(st): State<AppState>, Path(p): Path<RunPath>, body: Bytes) -> Response {
    let id = match job_id(&st, &p) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let body: Map<String, Value> = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return user_error(StatusCode::BAD_REQUEST, &format!("The request body is not a run object: {e}.")),
    };
    st.mutate(|s| {
        let Some(job) = Store::find_mut(&mut s.jobs, &id) else {
            return not_found(&format!("Run {} was not found.", p.run));
        };
        match apply(job, &body) {
            Ok(updated) => {
                *job = updated;
                (StatusCode::OK, axum::Json(run_json(job))).into_response()
            }
            Err(msg) => user_error(StatusCode::BAD_REQUEST, &msg),
        }
    })
}

async fn delete_tags(State(st): State<AppState>, Path(p): Path<RunPath>, body: Bytes) -> Response {
    let id = match job_id(&st, &p) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let names: Vec<String> = match serde_json::from_slice(&body) {
        Ok(n) => n,
        Err(e) => {
            return user_error(StatusCode::BAD_REQUEST, &format!("The request body must be a list of tag names: {e}."))
        }
    };
    st.mutate(|s| {
        let Some(job) = Store::find_mut(&mut s.jobs, &id) else {
            return not_found(&format!("Run {} was not found.", p.run));
        };
        if let Some(tags) = job["properties"]["tags"].as_object_mut() {
            tags.retain(|k, _| !names.contains(k));
        }
        (StatusCode::OK, axum::Json(run_json(job))).into_response()
    })
}

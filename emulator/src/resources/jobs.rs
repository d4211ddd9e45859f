//! Jobs (`{ws}/jobs`): submit (PUT, synchronous 201; the runner then moves the status), get,
//! cancel (202 + `Location`, an `mfeOperationResults` URL that answers 202 until the job is
//! terminal) and delete (the same kind of operation, until the job is gone). Display name,
//! description, tags and archiving also change through RunHistory's PATCH (`crate::run_edit`),
//! as azure-ai-ml does.
//!
//! The list is `job_list`. A re-PUT of an existing job may only change `tags`, `isArchived` and `notificationSetting`;
//! the same body again is a no-op (200, no second run).

use super::assets::{self, created_or_ok, system_data};
use super::job_build::{build, store_job};
use super::{job_check, ok};
use crate::arm::errors::arm_error;
use crate::arm::request::ArmRequest;
use crate::arm::scope::{MlScope, NamePath, OperationPath};
use crate::runner::{self, is_terminal};
use crate::state::AppState;
use crate::store::{Store, Workspace};
use crate::util::{b64url, b64url_decode};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

const MUTABLE: &[&str] = &["tags", "isArchived", "notificationSetting"];
/// Read-only fields a client may echo back from a GET.
const SERVER: &[&str] = &["status", "services", "parameters"];

/// The spec's job id pattern `^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$` (docs/azure-ml-rest.md
/// §Names).
fn is_job_id(name: &str) -> bool {
    let b = name.as_bytes();
    (1..=255).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
}

pub fn find(st: &AppState, job_id: &str) -> Option<Value> {
    Store::find(&st.store.read().unwrap().jobs, job_id).cloned()
}

/// Whether `new` changes nothing but the mutable fields of `old` (missing keys = unchanged).
fn only_mutable_changes(old: &Value, new: &Map<String, Value>) -> bool {
    new.iter().filter(|(k, _)| !MUTABLE.contains(&k.as_str()) && !SERVER.contains(&k.as_str())).all(|(k, v)| {
        let o = &old["properties"][k];
        o == v
            || (v.is_null() && (o.is_null() || o.as_object().is_some_and(|m| m.is_empty())))
            || (o.is_null() && v.as_object().is_some_and(|m| m.is_empty()))
            || (k == "experimentName" && v.is_null())
    })
}

pub async fn get(State(st): State<AppState>, ws: Workspace, Path(p): Path<NamePath>) -> Response {
    match find(&st, &format!("{}/jobs/{}", ws.id, p.name)).or_else(|| crate::inject::get(&st, "job", &ws.id, &p.name)) {
        Some(j) => ok(j),
        None => assets::not_found(&format!("Job '{}'", p.name), &ws),
    }
}

pub async fn put(
    State(st): State<AppState>,
    ws: Workspace,
    Path(NamePath { name }): Path<NamePath>,
    ctx: ArmRequest,
    body: Bytes,
) -> Response {
    let (st, ws, ctx, name) = (&st, &ws, &ctx, name.as_str());
    if !is_job_id(name) {
        return assets::bad_request(
            &format!(
                "Job id '{name}' is not valid: it must match ^[a-zA-Z0-9][a-zA-Z0-9\\-_]{{0,254}}$ (1 to 255 letters, digits, '-' or '_', starting with a letter or digit)."
            ),
            ws,
        );
    }
    let p = match assets::body_properties(&body, ws) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let id = format!("{}/jobs/{name}", ws.id);
    if let Some(old) = find(st, &id) {
        if !only_mutable_changes(&old, &p) {
            return assets::bad_request(
                &format!("Job '{name}' already exists. Only tags, isArchived and notificationSetting of an existing job can be updated."),
                ws,
            );
        }
        let updated = st.mutate(|s| {
            let j = Store::find_mut(&mut s.jobs, &id).expect("job exists");
            for k in MUTABLE {
                if let Some(v) = p.get(*k) {
                    j["properties"][*k] = v.clone();
                }
            }
            j["systemData"] = system_data(ctx, Some(&j["systemData"]));
            j.clone()
        });
        return created_or_ok(true, updated);
    }
    if let Err(msg) = job_check::validate(st, ws, &p) {
        return assets::bad_request(&msg, ws);
    }
    let job = build(ctx, ws, name, p);
    store_job(st, ctx, ws, &job);
    // Command jobs run and Sweep jobs run their trials; the other types are stored, not run.
    match job["properties"]["jobType"].as_str() {
        Some("Command") => runner::start(st, ws.clone(), id),
        Some("Sweep") => runner::sweep::start(st, ws.clone(), id),
        _ => {}
    }
    created_or_ok(false, job)
}

/// `kind` is `jc` (cancel) or `jd` (delete).
fn operation_path(ws: &Workspace, kind: &str, job_id: &str) -> String {
    format!(
        "/subscriptions/{}/providers/Microsoft.MachineLearningServices/locations/{}/mfeOperationResults/{kind}:{}",
        ws.sub,
        ws.location,
        b64url(job_id.as_bytes())
    )
}

/// `DELETE …/jobs/{name}`: 202 + `Location` (an `mfeOperationResults` URL answering 202 until the
/// job is gone, then 200) + `Retry-After`; the job is canceled at once and removed after the
/// emulator's operation time. An unknown job → 204 (the spec's "no content").
pub async fn delete(State(st): State<AppState>, ws: Workspace, Path(p): Path<NamePath>, ctx: ArmRequest) -> Response {
    let id = format!("{}/jobs/{}", ws.id, p.name);
    if find(&st, &id).is_none() {
        return StatusCode::NO_CONTENT.into_response();
    }
    runner::cancel(&st, &id);
    let (st2, id2) = (st.clone(), id.clone());
    let wait = st.settings().operation_ms;
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
        st2.mutate(|s| Store::remove(&mut s.jobs, &id2));
    });
    accepted(&ctx, &operation_path(&ws, "jd", &id))
}

/// 202 + `Location` (the operation URL) + `Retry-After: 1`.
fn accepted(ctx: &ArmRequest, path: &str) -> Response {
    let mut resp = StatusCode::ACCEPTED.into_response();
    let url = format!("{}{path}?api-version={}", ctx.public_url, ctx.api_version);
    let h = resp.headers_mut();
    h.insert("location", HeaderValue::from_str(&url).unwrap());
    h.insert("retry-after", HeaderValue::from_static("1"));
    resp
}

/// `POST …/jobs/{name}/cancel`.
pub async fn cancel(State(st): State<AppState>, ws: Workspace, Path(p): Path<NamePath>, ctx: ArmRequest) -> Response {
    let id = format!("{}/jobs/{}", ws.id, p.name);
    let Some(job) = find(&st, &id) else {
        return assets::not_found(&format!("Job '{}'", p.name), &ws);
    };
    if !is_terminal(&job) {
        runner::cancel(&st, &id);
    }
    accepted(&ctx, &operation_path(&ws, "jc", &id))
}

/// `GET …/locations/{loc}/mfeOperationResults/{jc|jd}:{token}`: a cancel answers 202 while the
/// job is still stopping, then 200; a delete 202 while the job exists, then 200.
pub async fn operation_result(
    State(st): State<AppState>,
    _checked: MlScope,
    Path(OperationPath { op }): Path<OperationPath>,
) -> Response {
    let op_id = op.as_str();
    let decode = |t: &str| b64url_decode(t).and_then(|b| String::from_utf8(b).ok());
    let still_running = if let Some(id) = op_id.strip_prefix("jd:").and_then(decode) {
        find(&st, &id).is_some()
    } else {
        match op_id.strip_prefix("jc:").and_then(decode).and_then(|id| find(&st, &id)) {
            Some(j) => !is_terminal(&j),
            None => {
                return arm_error(StatusCode::NOT_FOUND, "NotFound", &format!("The operation '{op_id}' was not found."))
            }
        }
    };
    if still_running {
        let mut r = StatusCode::ACCEPTED.into_response();
        r.headers_mut().insert("retry-after", HeaderValue::from_static("1"));
        return r;
    }
    StatusCode::OK.into_response()
}

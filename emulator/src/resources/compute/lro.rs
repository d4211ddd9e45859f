//! Long-running-operation plumbing shared by the compute handlers: the request target, the
//! status/result URLs and the 200/201/202 responses with `Azure-AsyncOperation`, `Location`
//! and `Retry-After`, plus the two polling endpoints.
//!
//! URLs (on the emulator's public URL, ARM-token protected like every ARM path):
//! - `Azure-AsyncOperation`: `/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/
//!   locations/{loc}/computeOperationsStatus/{opId}` — the segment name the spec's stop example
//!   shows. Body `{id, name, status, startTime, endTime?, error?}`.
//! - `Location`: `…/locations/{loc}/computeOperationsResult/{opId}` (the delete example calls it
//!   "pathToOperationResult"; the exact segment name is a best guess). 202 while running, then
//!   200 with the resource (create/update) or 204 (delete/start/stop/restart); a failed
//!   operation answers with its error.

use super::lifecycle;
use super::operation::Op;
use crate::arm::errors::arm_error;
use crate::arm::request::ArmRequest;
use crate::arm::scope::{MlScope, OperationPath};
use crate::resources::ok;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

const NS: &str = "Microsoft.MachineLearningServices";

pub fn status_path(sub: &str, loc: &str, op_id: &str) -> String {
    format!("/subscriptions/{sub}/providers/{NS}/locations/{loc}/computeOperationsStatus/{op_id}")
}

pub fn result_path(sub: &str, loc: &str, op_id: &str) -> String {
    format!("/subscriptions/{sub}/providers/{NS}/locations/{loc}/computeOperationsResult/{op_id}")
}

/// Which polling headers a response carries.
#[derive(Clone, Copy, PartialEq)]
pub enum Poll {
    AsyncOperation,
    Location,
    Both,
}

/// Seconds a client should wait between polls: a third of an operation, at least 1 (the header
/// is whole seconds).
pub fn retry_after(st: &AppState) -> u64 {
    (st.settings().operation_ms / 3000).max(1)
}

pub fn respond(
    st: &AppState,
    ctx: &ArmRequest,
    status: StatusCode,
    body: Option<Value>,
    op: Option<(&Op, Poll)>,
) -> Response {
    let mut resp = match body {
        Some(b) => (status, axum::Json(b)).into_response(),
        None => status.into_response(),
    };
    if let Some((op, poll)) = op {
        let q = format!("?api-version={}", ctx.api_version);
        let h = resp.headers_mut();
        let mut set = |name: &'static str, v: String| {
            if let Ok(v) = HeaderValue::from_str(&v) {
                h.insert(HeaderName::from_static(name), v);
            }
        };
        if poll != Poll::Location {
            set("azure-asyncoperation", format!("{}{}{q}", ctx.public_url, status_path(&op.sub, &op.location, &op.id)));
        }
        if poll != Poll::AsyncOperation {
            set("location", format!("{}{}{q}", ctx.public_url, result_path(&op.sub, &op.location, &op.id)));
        }
        set("retry-after", retry_after(st).to_string());
    }
    resp
}

fn op_not_found(op_id: &str) -> Response {
    arm_error(
        StatusCode::NOT_FOUND,
        "NotFound",
        &format!("The operation '{op_id}' was not found. It may have expired."),
    )
}

fn find(st: &AppState, sub: &str, op_id: &str) -> Option<Op> {
    let store = st.store.read().unwrap();
    store.operations.iter().find(|o| o.id.eq_ignore_ascii_case(op_id) && o.sub.eq_ignore_ascii_case(sub)).cloned()
}

/// `GET …/computeOperationsStatus/{opId}`.
pub async fn status(State(st): State<AppState>, scope: MlScope, Path(p): Path<OperationPath>) -> Response {
    match find(&st, &scope.sub, &p.op) {
        Some(op) if !op.kind.starts_with("resize") => {
            let mut resp = ok(lifecycle::status_json(&op, &status_path(&op.sub, &op.location, &op.id)));
            // Without it clients fall back to their own interval (30 s in the Python SDK).
            if op.status == "InProgress" {
                resp.headers_mut().insert("retry-after", HeaderValue::from(retry_after(&st)));
            }
            resp
        }
        _ => op_not_found(&p.op),
    }
}

/// `GET …/computeOperationsResult/{opId}` (the `Location` URL).
pub async fn result(
    State(st): State<AppState>,
    scope: MlScope,
    Path(p): Path<OperationPath>,
    ctx: ArmRequest,
) -> Response {
    let Some(op) = find(&st, &scope.sub, &p.op).filter(|o| !o.kind.starts_with("resize")) else {
        return op_not_found(&p.op);
    };
    match op.status.as_str() {
        "InProgress" => respond(&st, &ctx, StatusCode::ACCEPTED, None, Some((&op, Poll::Location))),
        "Succeeded" => {
            let compute = st
                .store
                .read()
                .unwrap()
                .computes
                .iter()
                .find(|c| c["id"].as_str().is_some_and(|id| id.eq_ignore_ascii_case(&op.compute_id)))
                .cloned();
            match compute {
                Some(c) if op.kind == "create" || op.kind == "update" => ok(super::secrets::redact(c)),
                _ => StatusCode::NO_CONTENT.into_response(),
            }
        }
        _ => {
            let err = op
                .error
                .clone()
                .unwrap_or_else(|| json!({"code": "Canceled", "message": "The operation was canceled."}));
            let code = if err["code"] == "Canceled" { StatusCode::CONFLICT } else { StatusCode::BAD_REQUEST };
            (code, axum::Json(json!({ "error": err }))).into_response()
        }
    }
}

//! `DELETE …/computes/{name}?underlyingResourceAction=Delete|Detach`, the compute instance actions
//! `POST …/start|stop|restart`, and `POST …/listKeys`.
//!
//! Polling headers follow the spec's examples per operation: delete → `Azure-AsyncOperation` +
//! `Location`; stop → `Azure-AsyncOperation`; start and restart → `Location`. All add `Retry-After`.
//!
//! Errors: `StartComputeInstanceOnlyAllowedInStoppedState` ("Start Azure ML Compute Instance is
//! only allowed when the instance {name} is in 'stopped' state") is the service's own code and
//! text. The stop/restart counterparts are modelled on it (best guess), as is the 409 `Conflict`
//! for an action while another operation runs (clients report a bare 409 Conflict there).

use super::lifecycle::{self, op_mut, running_op};
use super::lro::{respond, Poll};
use super::put::conflict;
use super::validate::bad_request;
use super::{not_found, Target};
use crate::arm::errors::ml_error;
use crate::arm::request::ArmRequest;
use crate::arm::scope::NamePath;
use crate::state::AppState;
use crate::store::Workspace;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
pub struct DeleteQuery {
    #[serde(rename = "underlyingResourceAction")]
    action: Option<String>,
}

pub async fn delete(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<NamePath>,
    Query(q): Query<DeleteQuery>,
    ctx: ArmRequest,
) -> Response {
    let (st, ctx, t) = (&st, &ctx, &Target::new(&ws, &p.name));
    // Required by the spec (enum Delete|Detach). Wording is a best guess.
    let action = q.action.as_deref();
    let Some(_action) = action.filter(|a| a.eq_ignore_ascii_case("Delete") || a.eq_ignore_ascii_case("Detach")) else {
        let msg = match action {
            None => "The query parameter 'underlyingResourceAction' is required. Allowed values: Delete, Detach."
                .to_string(),
            Some(a) => format!(
                "Invalid value '{a}' for query parameter 'underlyingResourceAction'. Allowed values: Delete, Detach."
            ),
        };
        return bad_request("BadArgument", &msg, t.loc);
    };
    let dur = st.settings().operation_ms;
    st.mutate(|s| {
        let id = t.compute_id();
        let Some(existing) = s.compute(t.ws_id, t.name).cloned() else {
            // The spec: "204 No content; The target compute does not exist."
            return StatusCode::NO_CONTENT.into_response();
        };
        if existing["properties"]["provisioningState"] == "Deleting" {
            // Deleting twice is the same delete: answer with the operation already running.
            if let Some(op) = s
                .operations
                .iter()
                .find(|o| o.kind == "delete" && o.status == "InProgress" && o.compute_id.eq_ignore_ascii_case(&id))
                .cloned()
            {
                return respond(st, ctx, StatusCode::ACCEPTED, None, Some((&op, Poll::Both)));
            }
        }
        let now = lifecycle::now();
        lifecycle::cancel(s, &id, now, false);
        // Detach of a compute the workspace created (AmlCompute, ComputeInstance) is accepted by
        // the service and removes it from the workspace just like Delete (public reports: a
        // detached cluster disappears from the workspace), so both actions do the same here.
        if let Some(c) = s.compute_by_id_mut(&id) {
            c["properties"]["provisioningState"] = json!("Deleting");
            if c["properties"]["computeType"] == "ComputeInstance" {
                c["properties"]["properties"]["state"] = json!("Deleting");
                lifecycle::set_last_op(c, "Delete", now, "InProgress");
            }
        }
        let op_id = lifecycle::begin(s, t.sub, t.loc, &id, "delete", now, dur);
        let op = op_mut(s, &op_id).expect("just added").clone();
        respond(st, ctx, StatusCode::ACCEPTED, None, Some((&op, Poll::Both)))
    })
}

pub async fn start(State(st): State<AppState>, ws: Workspace, Path(p): Path<NamePath>, ctx: ArmRequest) -> Response {
    instance_action(&st, &ctx, &Target::new(&ws, &p.name), "start")
}

pub async fn stop(State(st): State<AppState>, ws: Workspace, Path(p): Path<NamePath>, ctx: ArmRequest) -> Response {
    instance_action(&st, &ctx, &Target::new(&ws, &p.name), "stop")
}

pub async fn restart(State(st): State<AppState>, ws: Workspace, Path(p): Path<NamePath>, ctx: ArmRequest) -> Response {
    instance_action(&st, &ctx, &Target::new(&ws, &p.name), "restart")
}

/// `start`, `stop` or `restart` of a compute instance.
fn instance_action(st: &AppState, ctx: &ArmRequest, t: &Target, action: &str) -> Response {
    let dur = st.settings().operation_ms;
    st.mutate(|s| {
        let id = t.compute_id();
        let Some(existing) = s.compute(t.ws_id, t.name).cloned() else {
            return not_found(t.ws, t.name, t.loc);
        };
        let ty = existing["properties"]["computeType"].as_str().unwrap_or("");
        if ty != "ComputeInstance" {
            return bad_request(
                "BadArgument",
                &format!("Compute{}{} is only supported for ComputeInstance, not for computeType {ty}.", &action[..1].to_uppercase(), &action[1..]),
                t.loc,
            );
        }
        let state = existing["properties"]["properties"]["state"].as_str().unwrap_or("Unknown").to_string();
        if running_op(s, &id).is_some() || matches!(state.as_str(), "Creating" | "Starting" | "Stopping" | "Restarting" | "Deleting") {
            return conflict(
                &format!("Compute instance '{}' is in state '{state}' and has an operation in progress. Retry when it has finished.", t.name),
                t.loc,
            );
        }
        let (required, code, text_state) = match action {
            "start" => ("Stopped", "StartComputeInstanceOnlyAllowedInStoppedState", "stopped"),
            "stop" => ("Running", "StopComputeInstanceOnlyAllowedInRunningState", "running"),
            _ => ("Running", "RestartComputeInstanceOnlyAllowedInRunningState", "running"),
        };
        if state != required {
            let verb = format!("{}{}", &action[..1].to_uppercase(), &action[1..]);
            return ml_error(
                StatusCode::BAD_REQUEST,
                code,
                code,
                &format!("{verb} Azure ML Compute Instance is only allowed when the instance {} is in '{text_state}' state", t.name),
                t.loc,
            );
        }
        let (transitional, op_name) = match action {
            "start" => ("Starting", "Start"),
            "stop" => ("Stopping", "Stop"),
            _ => ("Restarting", "Restart"),
        };
        let now = lifecycle::now();
        if let Some(c) = s.compute_by_id_mut(&id) {
            c["properties"]["properties"]["state"] = json!(transitional);
            lifecycle::set_last_op(c, op_name, now, "InProgress");
        }
        let op_id = lifecycle::begin(s, t.sub, t.loc, &id, action, now, dur);
        let op = op_mut(s, &op_id).expect("just added").clone();
        let poll = if action == "stop" { Poll::AsyncOperation } else { Poll::Location };
        respond(st, ctx, StatusCode::ACCEPTED, None, Some((&op, poll)))
    })
}

/// `POST …/computes/{name}/listKeys`.
pub async fn list_keys(State(st): State<AppState>, ws: Workspace, Path(p): Path<NamePath>) -> Response {
    let store = st.store.read().unwrap();
    match store.compute(&ws.id, &p.name) {
        Some(c) => super::secrets::list_keys(&store, c, &ws.location),
        None => not_found(&ws.name, &p.name, &ws.location),
    }
}

//! Computes (machineLearningServices.json): list (paged) and get here; writes, actions, their
//! long-running operations and the compute-capacity resources (VM sizes, usages) in the children.

pub mod actions;
pub mod lifecycle;
pub mod lro;
pub mod nodes;
pub mod put;
pub mod quota;
pub mod secrets;
pub mod usages;
pub mod validate;
pub mod vm_sizes;

use crate::arm::errors::ml_error;
use crate::arm::paging;
use crate::arm::router::Ctx;
use crate::resources::{list_body, ok};
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

pub fn list(st: &AppState, ctx: &Ctx, ws_id: &str) -> Response {
    let mut all: Vec<Value> =
        st.store.read().unwrap().computes_in(ws_id).into_iter().cloned().map(secrets::redact).collect();
    // Hostile-input tests: injected bodies go out verbatim (no redaction: they are test data).
    all.extend(crate::inject::list(st, "compute", ws_id));
    match paging::page(&all, ctx.skip(), st.settings().page_size, |t| ctx.next_link(t)) {
        Ok((items, next)) => ok(list_body(items, next)),
        Err(r) => r,
    }
}

/// The ML RP's answer for a compute name the workspace does not have.
pub fn not_found(ws: &str, name: &str, location: &str) -> Response {
    ml_error(
        StatusCode::NOT_FOUND,
        "UserError",
        "NotFoundError",
        &format!("Compute with name '{name}' was not found in workspace '{ws}'."),
        location,
    )
}

pub fn get(st: &AppState, ws_id: &str, ws: &str, name: &str, location: &str) -> Response {
    match st.store.read().unwrap().compute(ws_id, name) {
        Some(c) => ok(secrets::redact(c.clone())),
        None => match crate::inject::get(st, "compute", ws_id, name) {
            Some(raw) => ok(raw),
            None => not_found(ws, name, location),
        },
    }
}

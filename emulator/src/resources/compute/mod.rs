//! Computes (machineLearningServices.json): list (paged) and get here; writes, actions, their
//! long-running operations and the compute-capacity resources (VM sizes, usages) in the children.

pub mod actions;
pub mod idle;
pub mod lifecycle;
pub mod lro;
pub mod nodes;
pub mod operation;
pub mod put;
pub mod quota;
pub mod secrets;
pub mod usages;
pub mod validate;
pub mod vm_sizes;

use crate::arm::errors::ml_error;
use crate::arm::request::ArmRequest;
use crate::arm::scope::NamePath;
use crate::resources::{ok, paged};
use crate::state::AppState;
use crate::store::Workspace;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

/// The compute a request is about.
pub struct Target<'a> {
    pub sub: &'a str,
    /// The workspace's name.
    pub ws: &'a str,
    pub ws_id: &'a str,
    pub name: &'a str,
    /// The workspace's region (quota, operation URLs, error envelopes).
    pub loc: &'a str,
}

impl<'a> Target<'a> {
    pub fn new(ws: &'a Workspace, name: &'a str) -> Target<'a> {
        Target { sub: &ws.sub, ws: &ws.name, ws_id: &ws.id, name, loc: &ws.location }
    }

    pub fn compute_id(&self) -> String {
        format!("{}/computes/{}", self.ws_id, self.name)
    }
}

pub async fn list(State(st): State<AppState>, ws: Workspace, ctx: ArmRequest) -> Response {
    let mut all: Vec<Value> =
        st.store.read().unwrap().computes_in(&ws.id).into_iter().cloned().map(secrets::redact).collect();
    // Hostile-input tests: injected bodies go out verbatim (no redaction: they are test data).
    all.extend(crate::inject::list(&st, "compute", &ws.id));
    paged(&st, &ctx, &all)
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

pub async fn get(State(st): State<AppState>, ws: Workspace, Path(p): Path<NamePath>) -> Response {
    let found = st.store.read().unwrap().compute(&ws.id, &p.name).cloned();
    match found {
        Some(c) => ok(secrets::redact(c)),
        None => match crate::inject::get(&st, "compute", &ws.id, &p.name) {
            Some(raw) => ok(raw),
            None => not_found(&ws.name, &p.name, &ws.location),
        },
    }
}

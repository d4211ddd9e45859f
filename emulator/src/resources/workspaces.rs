//! Workspaces (workspaceRP.json): list by subscription / resource group (paged) and get.

use super::{ok, paged};
use crate::arm::request::ArmRequest;
use crate::arm::scope::MlScope;
use crate::state::AppState;
use crate::store::Workspace;
use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

/// `…/workspaces` of a subscription or of one resource group, in insertion order.
pub async fn list(State(st): State<AppState>, scope: MlScope, ctx: ArmRequest) -> Response {
    let all: Vec<Value> =
        st.store.read().unwrap().workspaces_in(&scope.sub, scope.rg.as_deref()).into_iter().cloned().collect();
    paged(&st, &ctx, &all)
}

pub async fn get(ws: Workspace) -> Response {
    ok(ws.json)
}

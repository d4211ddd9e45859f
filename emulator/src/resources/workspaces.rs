//! Workspaces (workspaceRP.json): list by subscription / resource group (paged) and get.

use super::{list_body, ok};
use crate::arm::paging;
use crate::arm::router::Ctx;
use crate::state::AppState;
use axum::response::Response;
use serde_json::Value;

pub fn list(st: &AppState, ctx: &Ctx, sub: &str, rg: Option<&str>) -> Response {
    let all: Vec<Value> = st.store.read().unwrap().workspaces_in(sub, rg).into_iter().cloned().collect();
    match paging::page(&all, ctx.skip(), st.settings().page_size, |t| ctx.next_link(t)) {
        Ok((items, next)) => ok(list_body(items, next)),
        Err(r) => r,
    }
}

pub fn get(ws: &Value) -> Response {
    ok(ws.clone())
}

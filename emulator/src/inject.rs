//! `POST /_emulator/inject`: stores a raw resource **verbatim** (any JSON, even one that breaks
//! the spec) so end-to-end tests can show the console hostile data: unknown enums, missing or
//! mistyped fields, huge strings, markup in names. Such resources live apart from the real ones
//! (`Store::injected`) so the emulator's own logic (quota, lifecycle, runner) never reads them;
//! only the list and get of their kind return them. `reset` removes them.

use crate::state::AppState;
use crate::store::{Injected, Store};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// Kinds whose list/get serve injected resources.
pub const KINDS: &[&str] = &["compute", "job"];

fn bad(msg: &str) -> Response {
    (StatusCode::BAD_REQUEST, axum::Json(json!({"error": {"code": "BadRequest", "message": msg}}))).into_response()
}

/// `workspace` may be a full ARM id, `rg/ws`, or a workspace name unique across subscriptions.
fn resolve_workspace(store: &Store, wanted: &str) -> Option<String> {
    let w = wanted.trim_matches('/').to_ascii_lowercase();
    store.workspaces.iter().filter_map(|v| v.get("id").and_then(Value::as_str)).map(str::to_string).find(|id| {
        let l = id.to_ascii_lowercase();
        let parts: Vec<&str> = l.split('/').collect();
        let (rg, name) = (parts.get(4).copied().unwrap_or(""), parts.last().copied().unwrap_or(""));
        l.trim_matches('/') == w || format!("{rg}/{name}") == w || name == w
    })
}

/// `{"kind": "compute"|"job", "workspace": "…", "name"?: "…", "body": <any JSON>}`.
pub fn inject(st: &AppState, req: &Value) -> Response {
    let kind = req.get("kind").and_then(Value::as_str).unwrap_or_default();
    if !KINDS.contains(&kind) {
        return bad(&format!("kind must be one of {KINDS:?}"));
    }
    let Some(body) = req.get("body").cloned() else {
        return bad("body is required (any JSON, stored verbatim)");
    };
    let wanted = req.get("workspace").and_then(Value::as_str).unwrap_or("rg-ml-dev/ws-demo");
    let Some(ws_id) = resolve_workspace(&st.store.read().unwrap(), wanted) else {
        return bad(&format!("unknown workspace '{wanted}'"));
    };
    let name = req
        .get("name")
        .and_then(Value::as_str)
        .or_else(|| body.get("name").and_then(Value::as_str))
        .map(str::to_string)
        .unwrap_or_else(|| format!("injected-{}", &uuid::Uuid::new_v4().to_string()[..8]));
    let entry = Injected { kind: kind.to_string(), parent: ws_id.to_ascii_lowercase(), name: name.clone(), body };
    st.mutate(|s| {
        s.injected.retain(|i| !(i.kind == entry.kind && i.parent == entry.parent && i.name == entry.name));
        s.injected.push(entry);
    });
    (StatusCode::OK, axum::Json(json!({"kind": kind, "workspace": ws_id, "name": name}))).into_response()
}

/// Injected bodies of `kind` under the workspace, in injection order.
pub fn list(st: &AppState, kind: &str, ws_id: &str) -> Vec<Value> {
    let parent = ws_id.to_ascii_lowercase();
    let store = st.store.read().unwrap();
    store.injected.iter().filter(|i| i.kind == kind && i.parent == parent).map(|i| i.body.clone()).collect()
}

/// The injected body of `kind` called `name` (exact, then case-insensitive like ARM names).
pub fn get(st: &AppState, kind: &str, ws_id: &str, name: &str) -> Option<Value> {
    let parent = ws_id.to_ascii_lowercase();
    let store = st.store.read().unwrap();
    let of_ws = || store.injected.iter().filter(|i| i.kind == kind && i.parent == parent);
    of_ws()
        .find(|i| i.name == name)
        .or_else(|| of_ws().find(|i| i.name.eq_ignore_ascii_case(name)))
        .map(|i| i.body.clone())
}

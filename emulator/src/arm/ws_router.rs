//! Routing below a workspace for the asset and job resources (codes, environments, datastores,
//! jobs). `router` resolves subscription, resource group, workspace and api-version first.

use super::errors::arm_error;
use super::router::Ctx;
use crate::resources::assets::Ws;
use crate::resources::{codes, datastores, environments, jobs};
use crate::state::AppState;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::Value;

const CHILDREN: &[&str] = &["codes", "environments", "datastores", "jobs"];
/// Literal segments after a name (ARM matches them case-insensitively).
const LITERALS: &[&str] = &["versions", "startPendingUpload", "listSecrets", "cancel"];

pub fn is_child(seg: &str) -> bool {
    CHILDREN.iter().any(|c| c.eq_ignore_ascii_case(seg))
}

pub fn method_not_allowed(method: &Method) -> Response {
    arm_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
        &format!("The requested resource does not support http method '{method}'."),
    )
}

/// Makes sure a workspace has its system datastores and the curated environments (added lazily
/// so that workspaces injected by tests or loaded from old state files get them too).
pub fn ensure_defaults(st: &AppState, ws: &Ws) {
    let missing = {
        let s = st.store.read().unwrap();
        let probe = format!("{}/datastores/{}", ws.id, datastores::DEFAULT);
        crate::state::Store::find(&s.datastores, &probe).is_none()
    };
    if missing {
        st.mutate(|s| {
            datastores::seed(st, s, ws);
            environments::seed_curated(s, ws);
        });
    }
}

pub async fn dispatch(
    st: &AppState,
    ctx: &Ctx,
    method: &Method,
    ws_json: &Value,
    rest: &[String],
    body: &[u8],
) -> Response {
    let ws = Ws::from_json(ws_json);
    ensure_defaults(st, &ws);
    // rest[0] is the collection; literal segments at odd positions get their canonical casing.
    let segs: Vec<&str> = rest
        .iter()
        .enumerate()
        .map(|(i, s)| match LITERALS.iter().find(|l| i % 2 == 0 && i > 0 && l.eq_ignore_ascii_case(s)) {
            Some(l) => *l,
            None => s.as_str(),
        })
        .collect();
    let coll = segs[0].to_ascii_lowercase();
    let tail = &segs[1..];
    match coll.as_str() {
        "codes" => codes::dispatch(st, ctx, method, &ws, ws_json, tail, body).await,
        "environments" => environments::dispatch(st, ctx, method, &ws, tail, body),
        "datastores" => datastores::dispatch(st, ctx, method, &ws, tail, body),
        _ => jobs::dispatch(st, ctx, method, &ws, tail, body),
    }
}

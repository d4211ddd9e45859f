//! Computes (machineLearningServices.json): list (paged) and get. PUT/PATCH/DELETE and the
//! start/stop/restart actions will live here too.

use super::{list_body, ok};
use crate::arm::errors::ml_error;
use crate::arm::paging;
use crate::arm::router::Ctx;
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

/// Fields the service never returns on GET/list (secrets come only from `listKeys`).
/// Paths are below `properties.properties`.
const SECRET_PATHS: &[&[&str]] = &[
    &["administratorAccount", "password"],
    &["administratorAccount", "publicKeyData"],
    &["administratorAccount", "privateKeyData"],
    &["userAccountCredentials", "adminUserPassword"],
    &["userAccountCredentials", "adminUserSshPublicKey"],
    &["databricksAccessToken"],
    &["relayConnectionString"],
    &["serviceBusConnectionString"],
    &["sslConfiguration", "cert"],
    &["sslConfiguration", "key"],
];

/// Removes secrets so that whatever was stored (later: PUT bodies) is safe to return.
pub fn redact(mut compute: Value) -> Value {
    if let Some(inner) = compute.pointer_mut("/properties/properties").and_then(Value::as_object_mut) {
        for path in SECRET_PATHS {
            let (last, parents) = path.split_last().unwrap();
            let mut obj = Some(&mut *inner);
            for p in parents {
                obj = obj.and_then(|o| o.get_mut(*p)).and_then(Value::as_object_mut);
            }
            if let Some(o) = obj {
                if o.contains_key(*last) {
                    // Kubernetes returns the connection strings as null; others omit secrets.
                    if *last == "relayConnectionString" || *last == "serviceBusConnectionString" {
                        o.insert(last.to_string(), Value::Null);
                    } else {
                        o.remove(*last);
                    }
                }
            }
        }
    }
    compute
}

pub fn list(st: &AppState, ctx: &Ctx, ws_id: &str) -> Response {
    let mut all: Vec<Value> = st.store.read().unwrap().computes_in(ws_id).into_iter().cloned().map(redact).collect();
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
        Some(c) => ok(redact(c.clone())),
        None => match crate::inject::get(st, "compute", ws_id, name) {
            Some(raw) => ok(raw),
            None => not_found(ws, name, location),
        },
    }
}

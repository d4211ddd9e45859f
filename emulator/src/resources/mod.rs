//! One module per ARM resource type served by the emulator.

pub mod assets;
pub mod codes;
pub mod compute;
pub mod datastores;
pub mod environments;
pub mod job_build;
pub mod job_check;
pub mod job_list;
pub mod job_validate;
pub mod jobs;
pub mod registry;
pub mod subscriptions;
pub mod sweep_validate;
pub mod versioned;
pub mod workspaces;

use crate::arm::paging;
use crate::arm::request::ArmRequest;
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// 200 with a JSON body.
pub fn ok(body: Value) -> Response {
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// `{"value":[…],"nextLink":…}`; the service omits nextLink on the last page.
pub fn list_body(items: Vec<Value>, next: Option<String>) -> Value {
    let mut body = json!({ "value": items });
    if let Some(n) = next {
        body["nextLink"] = json!(n);
    }
    body
}

/// One page of `items` at the live page size, its nextLink on the path the request was sent to.
pub fn paged(st: &AppState, ctx: &ArmRequest, items: &[Value]) -> Response {
    match paging::page(items, ctx.skip(), st.settings().page_size, |t| ctx.next_link(t)) {
        Ok((items, next)) => ok(list_body(items, next)),
        Err(r) => r,
    }
}

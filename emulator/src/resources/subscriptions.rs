//! `GET /subscriptions` and `GET /subscriptions/{id}` (Microsoft.Resources). The subscription
//! records themselves are `Store::add_subscription`'s.

use super::ok;
use crate::arm::api_version::check_subscriptions;
use crate::arm::errors::subscription_not_found;
use crate::arm::request::ArmRequest;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::json;

/// Not paged: ARM returns every subscription the caller can see in one response.
pub async fn list(State(st): State<AppState>, ctx: ArmRequest) -> Result<Response, Response> {
    check_subscriptions(&ctx.api_version)?;
    let subs = st.store.read().unwrap().subscriptions.clone();
    let count = subs.len();
    Ok(ok(json!({ "value": subs, "count": {"type": "Total", "value": count} })))
}

/// The subscription must exist before its api-version is looked at (ARM's order).
pub async fn get(State(st): State<AppState>, Path(sub): Path<String>, ctx: ArmRequest) -> Result<Response, Response> {
    let found = st.store.read().unwrap().subscription(&sub).cloned();
    let sub_json = found.ok_or_else(|| subscription_not_found(&sub))?;
    check_subscriptions(&ctx.api_version)?;
    Ok(ok(sub_json))
}

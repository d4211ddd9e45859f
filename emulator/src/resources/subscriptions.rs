//! `GET /subscriptions` and `GET /subscriptions/{id}` (Microsoft.Resources).

use super::ok;
use crate::config::TENANT_ID;
use crate::state::AppState;
use axum::response::Response;
use serde_json::{json, Value};

/// A subscription as the Subscriptions API returns it.
pub fn subscription_json(sub: &str, display_name: &str) -> Value {
    json!({
        "id": format!("/subscriptions/{sub}"),
        "authorizationSource": "RoleBased",
        "managedByTenants": [],
        "subscriptionId": sub,
        "tenantId": TENANT_ID,
        "displayName": display_name,
        "state": "Enabled",
        "subscriptionPolicies": {
            "locationPlacementId": "Public_2014-09-01",
            "quotaId": "PayAsYouGo_2014-09-01",
            "spendingLimit": "Off"
        }
    })
}

/// Not paged: ARM returns every subscription the caller can see in one response.
pub fn list(st: &AppState) -> Response {
    let subs = st.store.read().unwrap().subscriptions.clone();
    let count = subs.len();
    ok(json!({ "value": subs, "count": {"type": "Total", "value": count} }))
}

pub fn get(sub: &Value) -> Response {
    ok(sub.clone())
}

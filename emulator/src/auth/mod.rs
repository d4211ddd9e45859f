//! Entra ID v2 stand-in: `/{tenant}/oauth2/v2.0/{authorize,token,logout}`.

pub mod authorize;
pub mod jwt;
pub mod page;
pub mod sessions;
pub mod token;

use crate::config::TENANT_ID;
use crate::util::{iso_z, now_secs};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use uuid::Uuid;

/// The tenant path segment may be our directory id or one of the multi-tenant aliases.
pub fn tenant_ok(tenant: &str) -> bool {
    tenant.eq_ignore_ascii_case(TENANT_ID)
        || tenant.eq_ignore_ascii_case("organizations")
        || tenant.eq_ignore_ascii_case("common")
}

pub fn tenant_not_found_text(tenant: &str) -> String {
    format!(
        "AADSTS90002: Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are \
         signing into the correct cloud. Check with your subscription administrator, this may happen if there \
         are no active subscriptions for the tenant."
    )
}

/// Entra's JSON error body for the token endpoint. `error_description` starts with `AADSTS<code>:`
/// and ends with the trace/correlation lines, as the real service writes it.
pub fn oauth_error(status: StatusCode, error: &str, code: u32, text: &str) -> Response {
    let trace_id = Uuid::new_v4().to_string();
    let correlation_id = Uuid::new_v4().to_string();
    let ts = iso_z(now_secs()).replace('T', " ");
    let body = json!({
        "error": error,
        "error_description": format!(
            "AADSTS{code}: {text} Trace ID: {trace_id} Correlation ID: {correlation_id} Timestamp: {ts}"
        ),
        "error_codes": [code],
        "timestamp": ts,
        "trace_id": trace_id,
        "correlation_id": correlation_id,
        "error_uri": format!("https://login.microsoftonline.com/error?code={code}"),
    });
    (status, [(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response()
}

/// Value of one cookie from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

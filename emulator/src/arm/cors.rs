//! CORS and request-id headers, applied to every response of the emulator.
//!
//! ARM answers preflights for any path with the caller's origin, and exposes the LRO and
//! tracing headers so a browser app can read them. The token endpoint answers cross-origin as
//! Entra does for SPA redirect URIs. Both are served here from one middleware. The data plane
//! answers CORS too unless switched off (`--no-data-plane-cors`, settings `dataPlaneCors`), which
//! plays a tenant whose data plane does not allow the console's origin.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

pub const ALLOW_METHODS: &str = "GET, PUT, PATCH, POST, DELETE, HEAD, OPTIONS";
pub const ALLOW_HEADERS: &str =
    "Authorization, Content-Type, Accept, x-ms-client-request-id, x-ms-return-client-request-id, x-ms-command-name";
pub const EXPOSE_HEADERS: &str = "Azure-AsyncOperation, Location, Retry-After, x-ms-request-id, \
x-ms-correlation-request-id, x-ms-client-request-id, x-ms-ratelimit-remaining-subscription-reads";

fn set(h: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(HeaderName::from_static(name), v);
    }
}

/// The data plane's paths (RunHistory, MLflow, the discovery document): what a regional
/// `*.api.azureml.ms` host serves, as opposed to ARM's.
pub fn is_data_plane(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    ["/history/", "/mlflow/", "/metric/", "/registrymanagement/", "/mferp/"].iter().any(|pre| p.starts_with(pre))
        || p == "/discovery"
}

pub async fn middleware(State(st): State<AppState>, req: Request, next: Next) -> Response {
    // With the data plane's CORS switched off it answers as a host that does not allow this
    // origin: no Access-Control-* headers at all, so the browser hides every answer from script.
    let cors_off = !st.settings().data_plane_cors && is_data_plane(req.uri().path());
    let origin = req.headers().get(header::ORIGIN).cloned().filter(|_| !cors_off);
    let client_request_id = req.headers().get("x-ms-client-request-id").cloned();
    let correlation =
        req.headers().get("x-ms-correlation-request-id").and_then(|v| v.to_str().ok()).map(str::to_string);
    let is_arm = req.uri().path().to_ascii_lowercase().starts_with("/subscriptions");
    let is_get = req.method() == Method::GET;

    let mut resp = if req.method() == Method::OPTIONS {
        // Preflight: no auth, no api-version, any path.
        let requested = req
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.trim().is_empty())
            .map(str::to_string);
        let mut r = StatusCode::OK.into_response();
        if !cors_off {
            let h = r.headers_mut();
            set(h, "access-control-allow-methods", ALLOW_METHODS);
            set(h, "access-control-allow-headers", requested.as_deref().unwrap_or(ALLOW_HEADERS));
            set(h, "access-control-max-age", "3600");
        }
        r
    } else {
        next.run(req).await
    };

    let h = resp.headers_mut();
    // A fault response already carries the id its body quotes; keep that one.
    let request_id = match h.get("x-ms-request-id").and_then(|v| v.to_str().ok()) {
        Some(id) => id.to_string(),
        None => Uuid::new_v4().to_string(),
    };
    set(h, "x-ms-request-id", &request_id);
    set(h, "x-ms-correlation-request-id", correlation.as_deref().unwrap_or(&request_id));
    if let Some(id) = client_request_id {
        h.insert(HeaderName::from_static("x-ms-client-request-id"), id);
    }
    if is_arm && is_get {
        set(h, "x-ms-ratelimit-remaining-subscription-reads", "11999");
    }
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        set(h, "access-control-expose-headers", EXPOSE_HEADERS);
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    resp
}

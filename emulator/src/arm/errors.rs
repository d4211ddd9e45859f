//! ARM error bodies: the common `{"error":{"code","message"}}` envelope written by ARM itself,
//! and the richer envelope the Machine Learning resource provider returns for its own errors.

use crate::util::{iso, now_secs};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use uuid::Uuid;

/// An error written by ARM's front door (auth, api-version, routing, missing parents).
pub fn arm_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, axum::Json(json!({"error": {"code": code, "message": message}}))).into_response()
}

/// An error written by the ML resource provider ("account-rp"): the same `error` object
/// plus correlation data, the way the service shapes its responses.
pub fn ml_error(status: StatusCode, code: &str, inner_code: &str, message: &str, location: &str) -> Response {
    let body = json!({
        "error": {
            "code": code,
            "severity": null,
            "message": message,
            "messageFormat": null,
            "messageParameters": null,
            "referenceCode": null,
            "detailsUri": null,
            "target": null,
            "details": [],
            "innerError": {"code": inner_code, "innerError": null},
            "debugInfo": null,
            "additionalInfo": null
        },
        "correlation": {"operation": Uuid::new_v4().simple().to_string(), "request": Uuid::new_v4().to_string()[..16].to_string()},
        "environment": location,
        "location": location,
        "time": iso(now_secs()),
        "componentName": "account-rp"
    });
    (status, axum::Json(body)).into_response()
}

pub fn subscription_not_found(sub: &str) -> Response {
    arm_error(StatusCode::NOT_FOUND, "SubscriptionNotFound", &format!("The subscription '{sub}' could not be found."))
}

pub fn resource_group_not_found(rg: &str) -> Response {
    arm_error(StatusCode::NOT_FOUND, "ResourceGroupNotFound", &format!("Resource group '{rg}' could not be found."))
}

/// ARM's wording for a missing tracked resource.
pub fn resource_not_found(resource_type: &str, name: &str, rg: &str) -> Response {
    arm_error(
        StatusCode::NOT_FOUND,
        "ResourceNotFound",
        &format!(
            "The Resource '{resource_type}/{name}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
        ),
    )
}

/// 401 with the `WWW-Authenticate` challenge ARM sends (the authority lets clients re-auth).
pub fn unauthorized(authority: &str, code: &str, message: &str, description: &str) -> Response {
    let challenge = format!(
        "Bearer authorization_uri=\"{authority}\", error=\"invalid_token\", error_description=\"{}\"",
        description.replace('"', "'")
    );
    let mut resp = arm_error(StatusCode::UNAUTHORIZED, code, message);
    resp.headers_mut().insert(header::WWW_AUTHENTICATE, challenge.parse().unwrap());
    resp
}

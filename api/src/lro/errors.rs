//! Turning a failed operation's status document or a failed resource into an [`ApiError`].

use serde_json::Value;

use crate::error::ApiError;
use crate::models::ErrorDetail;
use crate::request::HttpResponse;

/// The `error` of a failed status document as an [`ApiError`] (code/message/details).
pub(super) fn operation_error(resp: &HttpResponse, error: Option<&Value>) -> ApiError {
    let detail: ErrorDetail = error.cloned().and_then(|e| serde_json::from_value(e).ok()).unwrap_or_default();
    let mut err = ApiError::new(
        detail.code.as_deref().filter(|c| !c.is_empty()).unwrap_or("OperationFailed"),
        detail.message.as_deref().filter(|m| !m.is_empty()).unwrap_or("The operation failed."),
    );
    err.status = Some(resp.status);
    err.target = detail.target.clone();
    err.details = detail.details.clone().unwrap_or_default();
    err.request_id = resp.header("x-ms-request-id").map(str::to_string);
    err.correlation_id = resp.header("x-ms-correlation-request-id").map(str::to_string);
    err
}

/// A failed resource: the first `provisioningErrors` entry, else a generic message.
pub(super) fn provisioning_error(resp: &HttpResponse, props: Option<&Value>, state: &str) -> ApiError {
    let first = props
        .and_then(|p| p.get("provisioningErrors"))
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(|e| e.get("error"));
    match first {
        Some(e) => operation_error(resp, Some(e)),
        None => {
            let mut err = ApiError::new("ProvisioningFailed", &format!("The compute's provisioning state is {state}."));
            err.status = Some(resp.status);
            err
        }
    }
}

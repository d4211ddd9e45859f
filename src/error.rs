//! The error the UI shows for a failed call, an operation that failed, or a provisioning error:
//! a plain type with no view code, so the transport (`http`), the operation store (`ops`) and
//! the pages share it without depending on any component. `components::error_box` renders it.

use aml_api::{ApiError, ErrorDetail};

/// One ARM `ErrorDetail` (same shape at every level).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ErrorNode {
    pub code: String,
    pub message: String,
    pub target: Option<String>,
    pub details: Vec<ErrorNode>,
}

/// A failed call as the UI shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UiError {
    /// HTTP status, `None` for network failures (CORS, offline, aborted).
    pub status: Option<u16>,
    pub code: String,
    pub message: String,
    pub details: Vec<ErrorNode>,
    /// `x-ms-client-request-id` we sent (or the service's request id), for support tickets.
    pub request_id: Option<String>,
}

impl UiError {
    pub fn simple(code: &str, message: impl Into<String>) -> Self {
        UiError { code: code.into(), message: message.into(), ..Default::default() }
    }
}

/// An error reported inside a resource (`provisioningErrors`, compute errors): no HTTP status
/// and no request id, as no call failed.
impl From<ErrorNode> for UiError {
    fn from(e: ErrorNode) -> Self {
        UiError { status: None, code: e.code, message: e.message, details: e.details, request_id: None }
    }
}

/// `ApiError` → what the error box shows: code, message, details, and both request ids — the
/// service's `x-ms-request-id` and the `x-ms-client-request-id` we sent (ARM logs both; when
/// CORS hides the service's, ours is the only one the user has).
pub fn ui_error(e: ApiError, client_request_id: Option<String>) -> UiError {
    let request_id = match (e.request_id, client_request_id) {
        (Some(s), Some(c)) if s != c => Some(crate::i18n::tf(
            "error.client_request_id",
            "{id} (client request id {client})",
            &[("id", &s), ("client", &c)],
        )),
        (s, c) => s.or(c),
    };
    UiError {
        status: e.status,
        code: e.code,
        message: e.message,
        details: e.details.iter().map(node_from_detail).collect(),
        request_id,
    }
}

/// One ARM `ErrorDetail`, recursively (also used for `provisioningErrors`).
pub fn node_from_detail(d: &ErrorDetail) -> ErrorNode {
    ErrorNode {
        code: d.code.clone().unwrap_or_default(),
        message: d.message.clone().unwrap_or_default(),
        target: d.target.clone(),
        details: d.details().iter().map(node_from_detail).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_request_ids_are_kept_once() {
        let e = |id: Option<&str>| ApiError { request_id: id.map(str::to_string), ..ApiError::new("Conflict", "m") };
        let id = |e: UiError| e.request_id;
        assert_eq!(id(ui_error(e(Some("s")), Some("c".into()))).as_deref(), Some("s (client request id c)"));
        assert_eq!(id(ui_error(e(Some("same")), Some("same".into()))).as_deref(), Some("same"));
        assert_eq!(id(ui_error(e(None), Some("c".into()))).as_deref(), Some("c"));
        assert_eq!(id(ui_error(e(Some("s")), None)).as_deref(), Some("s"));
        assert_eq!(id(ui_error(e(None), None)), None);
    }
}

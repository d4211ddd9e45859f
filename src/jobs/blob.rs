//! Sends Azure Blob REST calls with a SAS URL (uploads of the code snapshot, ranged reads of
//! log files). They run through the request pipeline's retry policy (`http::send_storage`) but
//! never get a bearer token: the ARM token must not reach a storage host (the SAS is the
//! credential). URLs, block plans and XML are `aml_api::jobs::storage`.

use crate::error::UiError;
use aml_api::jobs::storage::STORAGE_VERSION;
use aml_api::{HttpRequest, Method, RetryOptions};
use wasm_bindgen::JsValue;

/// What a storage call returned.
pub struct BlobResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl BlobResponse {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Why a storage call produced no usable response.
#[derive(Clone, Debug, PartialEq)]
pub enum BlobError {
    /// No answer at all, even after retries: the browser blocked the response (CORS) or the
    /// host is unreachable. Browsers do not say which, on purpose.
    Blocked(String),
    /// The retries ran out on a transient status (or another pipeline verdict); the message
    /// says what was tried and carries the request id.
    Failed(String),
}

impl BlobError {
    pub fn message(&self) -> &str {
        match self {
            BlobError::Blocked(m) | BlobError::Failed(m) => m,
        }
    }
}

/// Sends one request with the given retry limits. `body` is any fetch body (a `File`, a
/// `Blob` slice, a string); any final HTTP status (also 4xx) is an `Ok` for the caller to judge.
pub async fn send(
    method: Method,
    url: &str,
    headers: &[(String, String)],
    body: Option<JsValue>,
    retry: RetryOptions,
) -> Result<BlobResponse, BlobError> {
    let mut req = HttpRequest { method, url: url.to_string(), headers: vec![], body: None };
    req.headers.push(("x-ms-version".into(), STORAGE_VERSION.into()));
    req.headers.extend(headers.iter().cloned());
    match crate::http::send_storage(req, body, retry).await {
        Ok(r) => Ok(BlobResponse { status: r.status, headers: r.headers, body: r.body }),
        Err(e) => Err(blob_error(e)),
    }
}

fn blob_error(e: UiError) -> BlobError {
    let id = e.request_id.map(|i| format!(" (request id {i})")).unwrap_or_default();
    let msg = format!("{}{id}", e.message);
    if e.status.is_none() && e.code == "NetworkError" {
        BlobError::Blocked(msg)
    } else {
        BlobError::Failed(msg)
    }
}

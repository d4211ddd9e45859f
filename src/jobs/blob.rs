//! Azure Blob REST calls with a SAS URL: uploads of the code snapshot and ranged reads of log
//! files. They run through the request pipeline's retry policy (`http::send_storage`) but never
//! get a bearer token: the ARM token must not reach a storage host (the SAS is the credential).

use crate::error::UiError;
use aml_api::{HttpRequest, Method, RetryOptions};
use wasm_bindgen::JsValue;

/// Storage API version sent with every call (SAS requests accept it; Azurite too).
pub const STORAGE_VERSION: &str = "2021-08-06";

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

fn method_of(m: &str) -> Method {
    match m {
        "PUT" => Method::Put,
        "POST" => Method::Post,
        "DELETE" => Method::Delete,
        "PATCH" => Method::Patch,
        _ => Method::Get,
    }
}

/// Sends one request with the given retry limits. `body` is any fetch body; any final HTTP
/// status (also 4xx) is an `Ok` for the caller to judge.
pub async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, String)],
    body: Option<JsValue>,
    retry: RetryOptions,
) -> Result<BlobResponse, BlobError> {
    let mut req = HttpRequest { method: method_of(method), url: url.to_string(), headers: vec![], body: None };
    req.headers.push(("x-ms-version".into(), STORAGE_VERSION.into()));
    for (k, v) in headers {
        req.headers.push((k.to_string(), v.clone()));
    }
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

/// `<base>/<encoded blob path>?<sas>` from a SAS URL of a container or folder.
pub fn blob_url(sas_url: &str, blob_path: &str) -> String {
    let (base, sas) = sas_url.split_once('?').unwrap_or((sas_url, ""));
    let path: Vec<String> = blob_path.split('/').map(aml_api::url::encode_segment).collect();
    let url = format!("{}/{}", base.trim_end_matches('/'), path.join("/"));
    if sas.is_empty() {
        url
    } else {
        format!("{url}?{sas}")
    }
}

/// Adds `k=v` pairs before the SAS query (`comp=block&blockid=…`).
pub fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let q: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", aml_api::url::encode_query_value(v))).collect();
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{}", q.join("&"))
}

/// The storage error code out of an XML error body (`<Code>AuthenticationFailed</Code>`).
pub fn error_code(body: &str) -> Option<String> {
    tag_values(body, "Code").into_iter().next()
}

/// The text of every `<tag>…</tag>` in order (storage XML is flat enough for this).
pub fn tag_values(body: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = vec![];
    let mut rest = body;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        let Some(j) = after.find(&close) else { break };
        out.push(after[..j].to_string());
        rest = &after[j + close.len()..];
    }
    out
}

/// The SAS URL's origin (for the CORS message: "the storage account at …").
pub fn origin_of(url: &str) -> String {
    aml_api::url::origin(url).map_or_else(|| url.to_string(), |o| o.to_string())
}

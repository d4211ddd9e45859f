//! Azure Blob REST calls with a SAS URL: uploads of the code snapshot and ranged reads of log
//! files. Deliberately separate from `http::Api`: the ARM bearer token must never be sent to a
//! storage host (the SAS in the URL is the credential).

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

/// Why a storage call produced no response.
#[derive(Clone, Debug, PartialEq)]
pub enum BlobError {
    /// `fetch` threw (TypeError): the browser blocked the response (CORS) or the host is
    /// unreachable. Browsers do not say which, on purpose.
    Blocked(String),
}

/// Sends one request. `body` is any fetch body (a `Blob` slice of a picked file, a string).
pub async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, String)],
    body: Option<JsValue>,
) -> Result<BlobResponse, BlobError> {
    let m = gloo_net::http::Method::from_bytes(method.as_bytes()).unwrap_or(gloo_net::http::Method::GET);
    let mut b = gloo_net::http::RequestBuilder::new(url).method(m).header("x-ms-version", STORAGE_VERSION);
    for (k, v) in headers {
        b = b.header(k, v);
    }
    let request = match body {
        Some(body) => b.body(body),
        None => b.build(),
    }
    .map_err(|e| BlobError::Blocked(e.to_string()))?;
    let resp = request.send().await.map_err(|e| BlobError::Blocked(e.to_string()))?;
    let status = resp.status();
    let headers = resp.headers().entries().collect();
    // HEAD and 201s have no useful body; errors carry storage's XML, shown shortened.
    let body = if method == "HEAD" { String::new() } else { resp.text().await.unwrap_or_default() };
    Ok(BlobResponse { status, headers, body })
}

/// `<base>/<encoded blob path>?<sas>` from a SAS URL of a container or folder.
pub fn blob_url(sas_url: &str, blob_path: &str) -> String {
    let (base, sas) = sas_url.split_once('?').unwrap_or((sas_url, ""));
    let path: Vec<String> = blob_path.split('/').map(crate::browser::enc).collect();
    let url = format!("{}/{}", base.trim_end_matches('/'), path.join("/"));
    if sas.is_empty() { url } else { format!("{url}?{sas}") }
}

/// Adds `k=v` pairs before the SAS query (`comp=block&blockid=…`).
pub fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let q: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", crate::browser::enc(v))).collect();
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{}", q.join("&"))
}

/// The storage error code out of an XML error body (`<Code>AuthenticationFailed</Code>`).
pub fn error_code(body: &str) -> Option<String> {
    let start = body.find("<Code>")? + 6;
    let end = body[start..].find("</Code>")? + start;
    Some(body[start..end].to_string())
}

/// The SAS URL's origin (for the CORS message: "the storage account at …").
pub fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    format!("{scheme}://{}", rest.split(['/', '?']).next().unwrap_or(""))
}

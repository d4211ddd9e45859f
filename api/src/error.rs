//! One error type for everything that can go wrong with a call: an ARM error body, a non-JSON
//! failure page, an undecodable success body, or a transport failure.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::models::{ErrorDetail, ErrorResponse};
use crate::request::HttpResponse;

/// Codes ARM uses for a missing, malformed, expired or wrong-audience token.
const AUTH_CODES: [&str; 4] = [
    "AuthenticationFailed",
    "InvalidAuthenticationToken",
    "ExpiredAuthenticationToken",
    "InvalidAuthenticationTokenAudience",
];

/// Longest excerpt of a non-JSON body put into a message.
const EXCERPT_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApiError {
    /// HTTP status, `None` for transport and client-side errors.
    pub status: Option<u16>,
    pub code: String,
    pub message: String,
    pub target: Option<String>,
    pub details: Vec<ErrorDetail>,
    /// `x-ms-request-id`, to quote in a support request.
    pub request_id: Option<String>,
    /// `x-ms-correlation-request-id`.
    pub correlation_id: Option<String>,
}

impl ApiError {
    /// A client-side error (no HTTP exchange).
    pub fn new(code: &str, message: &str) -> Self {
        ApiError { code: code.to_string(), message: message.to_string(), ..Default::default() }
    }

    /// The request never got a response (network down, CORS refusal, aborted, …).
    pub fn network(message: impl fmt::Display) -> Self {
        ApiError { code: "NetworkError".to_string(), message: message.to_string(), ..Default::default() }
    }

    /// Builds the error for a non-2xx response.
    pub fn from_response(resp: &HttpResponse) -> Self {
        let mut err = ApiError {
            status: Some(resp.status),
            request_id: resp.header("x-ms-request-id").map(str::to_string),
            correlation_id: resp.header("x-ms-correlation-request-id").map(str::to_string),
            ..Default::default()
        };
        match arm_error(&resp.body) {
            Some(detail) => {
                err.code = detail.code.clone().filter(|c| !c.is_empty()).unwrap_or_else(|| status_code(resp.status));
                err.message = detail.message.clone().unwrap_or_default();
                err.target = detail.target.clone();
                err.details = detail.details.clone().unwrap_or_default();
            }
            None => {
                err.code = status_code(resp.status);
                let excerpt = sanitize_excerpt(&resp.body);
                err.message = match excerpt.is_empty() {
                    true => format!("HTTP {} {}", resp.status, reason(resp.status)).trim_end().to_string(),
                    false => format!("HTTP {} {}: {excerpt}", resp.status, reason(resp.status)),
                };
            }
        }
        if err.message.is_empty() {
            err.message = format!("HTTP {} {}", resp.status, reason(resp.status)).trim_end().to_string();
        }
        err
    }

    /// A 2xx response whose body could not be decoded as the expected model.
    pub fn invalid_response(resp: &HttpResponse, cause: impl fmt::Display) -> Self {
        ApiError {
            status: Some(resp.status),
            code: "InvalidResponse".to_string(),
            message: format!("The service response could not be read: {cause}"),
            request_id: resp.header("x-ms-request-id").map(str::to_string),
            correlation_id: resp.header("x-ms-correlation-request-id").map(str::to_string),
            ..Default::default()
        }
    }

    /// True when signing in again may help (401, or one of ARM's token error codes).
    pub fn is_auth_failure(&self) -> bool {
        self.status == Some(401) || AUTH_CODES.iter().any(|c| c.eq_ignore_ascii_case(&self.code))
    }

    /// True for 404 (e.g. a compute deleted meanwhile).
    pub fn is_not_found(&self) -> bool {
        self.status == Some(404)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Decodes a 2xx body as `T`, or turns the response into an [`ApiError`].
pub fn parse_json<T: DeserializeOwned>(resp: &HttpResponse) -> Result<T, ApiError> {
    if !resp.is_success() {
        return Err(ApiError::from_response(resp));
    }
    serde_json::from_str(&resp.body).map_err(|e| ApiError::invalid_response(resp, e))
}

/// For calls whose success body is not needed (202/204 LROs): 2xx → `Ok`.
pub fn expect_success(resp: &HttpResponse) -> Result<(), ApiError> {
    match resp.is_success() {
        true => Ok(()),
        false => Err(ApiError::from_response(resp)),
    }
}

/// The ARM error in a body: `{"error": {...}}`, or the older bare `{"code", "message"}` form.
fn arm_error(body: &str) -> Option<ErrorDetail> {
    let value: Value = serde_json::from_str(body).ok()?;
    let obj = value.as_object()?;
    let detail = if obj.get("error").is_some_and(Value::is_object) {
        serde_json::from_value::<ErrorResponse>(value).ok()?.error?
    } else {
        serde_json::from_value::<ErrorDetail>(value).ok()?
    };
    let has_text = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.is_empty());
    (has_text(&detail.code) || has_text(&detail.message)).then_some(detail)
}

fn status_code(status: u16) -> String {
    format!("HttpStatus{status}")
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// A short, display-safe excerpt of a non-JSON body: markup tags, scripts/styles and control
/// characters removed, whitespace collapsed, length capped. A gateway's HTML error page then
/// reads as its text instead of raw markup, and nothing from it can be mistaken for markup.
pub(crate) fn sanitize_excerpt(body: &str) -> String {
    let text = strip_markup(body);
    let mut out = String::new();
    let mut count = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        if count >= EXCERPT_CHARS {
            out.push('…');
            break;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// Drops `<…>` tags and the content of `<script>`/`<style>` elements.
fn strip_markup(body: &str) -> String {
    let mut out = String::with_capacity(body.len().min(4096));
    let lower = body.to_ascii_lowercase();
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        if rest.starts_with('<') {
            let lrest = &lower[i..];
            let skip_to = ["script", "style"].iter().find_map(|t| {
                let open = format!("<{t}");
                lrest.starts_with(&open).then(|| {
                    let close = format!("</{t}");
                    lrest.find(&close).map(|p| p + close.len()).unwrap_or(lrest.len())
                })
            });
            let start = i + skip_to.unwrap_or(0);
            // Continue after the closing `>` of the tag at `start`.
            i = match body[start..].find('>') {
                Some(p) => start + p + 1,
                None => body.len(),
            };
            out.push(' ');
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out.replace("&nbsp;", " ").replace("&lt;", "‹").replace("&gt;", "›").replace("&amp;", "&")
}

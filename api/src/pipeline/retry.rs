//! The retry policy's rules: which answers are worth another attempt, which requests may be
//! sent twice, and how long to wait (azure-core's rule: a service hint wins; otherwise
//! exponential backoff with jitter, capped).

use super::http_date::parse_http_date_ms;
use crate::request::{HttpRequest, HttpResponse, Method};
use crate::url::path_of;

/// Whether sending the request twice is harmless. The pipeline never changes the URL, headers
/// (other than `Authorization`) or body between attempts, so "retry a PUT only with the same
/// body" holds by construction: an ARM PUT is a full replace, and replaying the identical body
/// — including a job PUT with the same client-chosen name — cannot create a second resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryClass {
    /// Retried after any retryable failure, including a dropped connection.
    Idempotent,
    /// May already have taken effect once the request left the browser, so it is retried only
    /// when the service says it did not act (408, 429) or rejected the token (401).
    NotIdempotent,
}

impl RetryClass {
    /// The default for a request: GET, PUT and DELETE are idempotent in ARM. PATCH is not
    /// assumed to be (merge-patch replays are harmless for ARM's scale update, but that is the
    /// caller's call). POST is idempotent only for read-only `list*` actions (`listKeys`,
    /// `listNodes`, `listSecrets`, …, read-only by ARM convention) and `cancel` (cancelling
    /// twice is still cancelled). `start`/`stop`/`restart` are not: a replayed restart
    /// restarts twice, and a replayed start during a start answers a confusing 409.
    /// `startPendingUpload` is idempotent when the client names the upload: the
    /// `pendingUploadId` chooses the storage location ("if null, a random guid is used", spec
    /// `PendingUploadRequestDto`), so a resend only hands out the same location again.
    pub fn from_request(request: &HttpRequest) -> Self {
        match request.method {
            Method::Get | Method::Put | Method::Delete => RetryClass::Idempotent,
            Method::Patch => RetryClass::NotIdempotent,
            Method::Post if idempotent_post_action(&request.url) => RetryClass::Idempotent,
            Method::Post if names_its_pending_upload(request) => RetryClass::Idempotent,
            Method::Post => RetryClass::NotIdempotent,
        }
    }
}

/// The last path segment of a POST: `list` or `listX…` (camel case, so a segment such as
/// `listing` is not mistaken for an action), or `cancel`.
fn idempotent_post_action(url: &str) -> bool {
    let action = path_of(url).rsplit('/').next().unwrap_or("");
    let is_list = action == "list"
        || action.strip_prefix("list").is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()));
    is_list || action.eq_ignore_ascii_case("cancel")
}

fn names_its_pending_upload(request: &HttpRequest) -> bool {
    path_of(&request.url).ends_with("/startPendingUpload")
        && request
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
            .is_some_and(|v| v["pendingUploadId"].as_str().is_some_and(|id| !id.trim().is_empty()))
}

/// Limits of the retry policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryOptions {
    /// Retries after the first attempt (a token renewal's resend is not counted).
    pub max_retries: u32,
    /// First backoff; doubled for each further retry.
    pub base_delay_ms: u64,
    /// Cap on a computed backoff (a service hint may be longer, within `budget_ms`).
    pub max_delay_ms: u64,
    /// Total time the call may take, waits included; a retry that would end later is not made.
    pub budget_ms: u64,
}

impl Default for RetryOptions {
    fn default() -> Self {
        RetryOptions {
            max_retries: 4,
            base_delay_ms: 800,
            max_delay_ms: 60_000,
            // Long enough for ARM's usual 429 hints (seconds to a minute), short enough that a
            // user watching a spinner gets an answer within two minutes.
            budget_ms: 120_000,
        }
    }
}

/// 408 Request Timeout, 429 Too Many Requests and the transient 5xx answers.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// Statuses that say the service did not act on the request (RFC 9110 408: the request never
/// arrived completely; 429: refused by throttling before processing), so even a POST may go
/// again.
pub fn service_did_not_act(status: u16) -> bool {
    matches!(status, 408 | 429)
}

/// A service's wait hint in ms and the header it came from. Order as in azure-core:
/// `retry-after-ms`, `x-ms-retry-after-ms` (ms), then `Retry-After` (seconds or an HTTP-date,
/// measured from `now_ms`; a date in the past means "now"). Unparsable values are ignored.
pub fn retry_hint_ms(resp: &HttpResponse, now_ms: u64) -> Option<(u64, &'static str)> {
    for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
        if let Some(ms) = resp.header(name).and_then(|v| scaled_decimal(v, 1)) {
            return Some((ms, name));
        }
    }
    let value = resp.header("retry-after")?.trim();
    if let Some(ms) = scaled_decimal(value, 1000) {
        return Some((ms, "Retry-After"));
    }
    parse_http_date_ms(value).map(|at| (at.saturating_sub(now_ms), "Retry-After"))
}

/// A non-negative decimal (`7`, `1.5`, `.25`) times `scale`, rounded half up; saturates so huge
/// hints cannot overflow (they exceed any budget anyway and make the call give up). Anything
/// else (signs, exponents, `NaN`) is `None`. Integer arithmetic on purpose: parsing an f64
/// would pull core's float parser into the console's first load.
pub fn scaled_decimal(value: &str, scale: u64) -> Option<u64> {
    let (int, frac) = value.trim().split_once('.').unwrap_or((value.trim(), ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    let mut whole: u64 = 0;
    for b in int.bytes() {
        whole = whole.saturating_mul(10).saturating_add(u64::from(b - b'0'));
    }
    // The fraction's first digits, enough for any scale up to 10^18, then one more to round.
    let (mut part, mut unit) = (0u64, 1u64);
    for b in frac.bytes().take(19) {
        part = part * 10 + u64::from(b - b'0');
        unit *= 10;
    }
    let frac_scaled = (u128::from(part) * u128::from(scale) * 2 + u128::from(unit)) / (u128::from(unit) * 2);
    Some(whole.saturating_mul(scale).saturating_add(u64::try_from(frac_scaled).unwrap_or(u64::MAX)))
}

/// Exponential backoff for the `retry`-th retry (1-based): `base · 2^(retry-1)`, capped at
/// `max_delay_ms`, then scaled by a jitter factor in [0.8, 1.2) (as the .NET/C++ Azure SDKs
/// do) and capped again, so concurrent tabs spread out but no wait exceeds the cap.
pub fn backoff_ms(options: &RetryOptions, retry: u32, unit_random: f64) -> u64 {
    let shift = retry.saturating_sub(1).min(40);
    let exp = options.base_delay_ms.saturating_mul(1u64 << shift);
    let capped = exp.min(options.max_delay_ms);
    let factor = 0.8 + 0.4 * unit_random.clamp(0.0, 1.0);
    ((capped as f64 * factor) as u64).min(options.max_delay_ms)
}

/// Reason phrase for the statuses the pipeline reports on.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        401 => "Unauthorized",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// `"503 ServiceUnavailable"` with the service's error code, or the reason phrase when the
/// code is only our `HttpStatusNNN` fallback.
pub fn status_label(status: u16, code: &str) -> String {
    let text = match code.is_empty() || code.starts_with("HttpStatus") {
        true => reason_phrase(status),
        false => code,
    };
    format!("{status} {text}").trim_end().to_string()
}

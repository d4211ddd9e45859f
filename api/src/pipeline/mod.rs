//! Sans-IO request pipeline used by every ARM call, after azure-core's ordered policies
//! (client request id → retry → bearer token → transport), except that the pipeline never
//! sends, sleeps or renews anything itself: it says what to do next and the caller (the
//! console's async fetch + gloo-timers, or a native test) does it and reports back.
//!
//! ```text
//! let mut run = pipeline.start(request, RetryClass::from_request(&request), token, random16, now_ms);
//! loop {
//!     match run.next() {
//!         Action::Send { request, .. } => { let o = transport(request).await; run.on_outcome(o, now_ms()) }
//!         Action::Wait { delay_ms, .. } => sleep(delay_ms).await,
//!         Action::RenewToken => { let t = renew_silently().await; run.on_token(t) }
//!         Action::Done(result) => break result,
//!     }
//! }
//! ```
//!
//! Guarantees:
//! * every attempt carries the same `x-ms-client-request-id` (ARM logs it next to its own
//!   `x-ms-request-id`) and the same URL, headers and body; only `Authorization` changes, after
//!   a renewal. The pipeline never invents a new resource name or body.
//! * a response below 400, or a non-retryable error status, ends the call at once as
//!   `Done(Ok(response))` (an LRO 202 with `Retry-After` is the poller's business, and a 404 is
//!   what a delete poller waits for). `Done(Err)` means the pipeline gave up.
//! * the token never appears in `Debug` output or errors.

mod explain;
mod http_date;
mod ids;
mod retry;
mod run;

use std::fmt;

use crate::error::ApiError;
use crate::request::{HttpRequest, HttpResponse};

pub use http_date::{format_http_date, parse_http_date_ms};
pub use ids::uuid_v4_from_bytes;
pub use retry::{backoff_ms, is_retryable_status, retry_hint_ms, RetryClass, RetryOptions};
pub use run::PipelineRun;

/// Header names the pipeline sets.
pub const CLIENT_REQUEST_ID: &str = "x-ms-client-request-id";
pub const RETURN_CLIENT_REQUEST_ID: &str = "x-ms-return-client-request-id";
pub const AUTHORIZATION: &str = "Authorization";

/// The policy configuration; cheap to clone and shareable (no per-call state lives here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pipeline {
    pub retry: RetryOptions,
}

impl Pipeline {
    pub fn new(retry: RetryOptions) -> Self {
        Pipeline { retry }
    }

    /// Starts one logical call. `random` (16 bytes from a CSPRNG) becomes the client request
    /// id unless the request already carries `x-ms-client-request-id`, and seeds the jitter.
    /// `now_ms` is the caller's clock (Unix epoch ms: `Retry-After` dates are compared with
    /// it). Without a token the run first asks for one ([`Action::RenewToken`]).
    pub fn start(
        &self,
        request: HttpRequest,
        class: RetryClass,
        token: Option<BearerToken>,
        random: [u8; 16],
        now_ms: u64,
    ) -> PipelineRun {
        PipelineRun::new(self.retry, request, class, token, random, now_ms)
    }
}

/// An access token for ARM. Only the pipeline reads it; `Debug` never shows it and there is no
/// `Display`, so it cannot end up in a log or an error message by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken(String);

impl BearerToken {
    pub fn new(token: impl Into<String>) -> Self {
        BearerToken(token.into())
    }

    fn header_value(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

/// What happened to one [`Action::Send`].
#[derive(Debug, Clone, PartialEq)]
pub enum TransportOutcome {
    /// Any HTTP answer, whatever its status.
    Response(HttpResponse),
    /// No answer: connection dropped, DNS, TLS, or a fetch the browser blocked (CORS shows up
    /// as a bare `TypeError`). The request may or may not have reached the service.
    ConnectionFailed(String),
    /// The caller cancelled (page left): the run ends without retrying.
    Aborted,
}

/// Why the pipeline asks to wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryCause {
    Status(u16),
    ConnectionFailed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitReason {
    pub cause: RetryCause,
    /// The delay is the service's `Retry-After`/`retry-after-ms` rather than our backoff.
    pub hinted_by_service: bool,
    /// Which retry follows the wait (1-based) and how many are allowed.
    pub retry: u32,
    pub max_retries: u32,
}

/// For a status line: `503 Service Unavailable; retry 1 of 4 (as the service asked)`.
impl fmt::Display for WaitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cause {
            RetryCause::Status(s) => write!(f, "{}", retry::status_label(*s, ""))?,
            RetryCause::ConnectionFailed(_) => f.write_str("connection failed")?,
        }
        write!(f, "; retry {} of {}", self.retry, self.max_retries)?;
        if self.hinted_by_service {
            f.write_str(" (as the service asked)")?;
        }
        Ok(())
    }
}

/// The next thing the caller must do.
#[derive(Clone, PartialEq)]
pub enum Action {
    /// Send this request (bearer, client request id and `x-ms-return-client-request-id` set),
    /// then call [`PipelineRun::on_outcome`]. `attempt` counts sends from 1.
    Send { request: HttpRequest, attempt: u32 },
    /// Sleep, then call [`PipelineRun::next`] again.
    Wait { delay_ms: u64, reason: WaitReason },
    /// Get a new token silently, then call [`PipelineRun::on_token`].
    RenewToken,
    /// Finished. `Ok` is the service's final answer (any status the pipeline does not retry);
    /// `Err` says why the pipeline gave up. Repeated on every later `next()`.
    Done(Result<HttpResponse, ApiError>),
}

// Hand-written: a derived Debug would print the Authorization header, and bodies (a compute
// PUT may carry an admin password, a listKeys answer carries keys).
impl fmt::Debug for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Send { request, attempt } => {
                f.debug_struct("Send").field("attempt", attempt).field("request", &Redacted(request)).finish()
            }
            Action::Wait { delay_ms, reason } => {
                f.debug_struct("Wait").field("delay_ms", delay_ms).field("reason", reason).finish()
            }
            Action::RenewToken => f.write_str("RenewToken"),
            Action::Done(Ok(r)) => {
                write!(f, "Done(Ok(HttpResponse {{ status: {}, .. }}))", r.status)
            }
            Action::Done(Err(e)) => f.debug_tuple("Done").field(&Err::<(), _>(e)).finish(),
        }
    }
}

/// `Debug` view of a request with the `Authorization` value and the body hidden; use it to log
/// requests coming out of the pipeline (the derived `HttpRequest` Debug shows everything).
pub struct Redacted<'a>(pub &'a HttpRequest);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.0;
        let headers: Vec<(&str, &str)> = r
            .headers
            .iter()
            .map(|(k, v)| match k.eq_ignore_ascii_case(AUTHORIZATION) {
                true => (k.as_str(), "<redacted>"),
                false => (k.as_str(), v.as_str()),
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &r.method)
            .field("url", &r.url)
            .field("headers", &headers)
            .field("body_bytes", &r.body.as_ref().map(String::len))
            .finish()
    }
}

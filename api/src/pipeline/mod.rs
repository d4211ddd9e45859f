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

mod action;
mod explain;
mod headers;
mod http_date;
mod ids;
mod retry;
mod run;
mod token;

use crate::request::HttpRequest;

pub use action::{Action, RetryCause, TransportOutcome, WaitReason};
pub use headers::{AUTHORIZATION, CLIENT_REQUEST_ID, RETURN_CLIENT_REQUEST_ID};
pub use http_date::{format_http_date, parse_http_date_ms};
pub use ids::uuid_v4_from_bytes;
pub use retry::{backoff_ms, is_retryable_status, retry_hint_ms, scaled_decimal, RetryClass, RetryOptions};
pub use run::PipelineRun;
pub use token::{BearerToken, Redacted};

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

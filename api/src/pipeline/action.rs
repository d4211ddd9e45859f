//! What a run asks its caller to do next, and what the caller reports back about a send.

use std::fmt;

use super::retry::status_label;
use super::token::Redacted;
use crate::error::ApiError;
use crate::request::{HttpRequest, HttpResponse};

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
            RetryCause::Status(s) => write!(f, "{}", status_label(*s, ""))?,
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
    /// then call [`PipelineRun::on_outcome`](super::PipelineRun::on_outcome). `attempt`
    /// counts sends from 1.
    Send { request: HttpRequest, attempt: u32 },
    /// Sleep, then call [`PipelineRun::next`](super::PipelineRun::next) again.
    Wait { delay_ms: u64, reason: WaitReason },
    /// Get a new token silently, then call
    /// [`PipelineRun::on_token`](super::PipelineRun::on_token).
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

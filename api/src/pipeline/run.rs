//! One logical call's state machine: the request id and bearer policies shape each attempt,
//! the retry policy decides what follows each outcome.

use std::fmt;

use super::action::{Action, RetryCause, TransportOutcome, WaitReason};
use super::explain::{renewal_failed, secs, with_summary, Failure};
use super::headers::{AUTHORIZATION, CLIENT_REQUEST_ID, RETURN_CLIENT_REQUEST_ID};
use super::ids::{uuid_v4_from_bytes, SplitMix64};
use super::retry::{
    backoff_ms, is_retryable_status, retry_hint_ms, service_did_not_act, status_label, RetryClass, RetryOptions,
};
use super::token::{BearerToken, Redacted};
use crate::error::ApiError;
use crate::request::{HttpRequest, HttpResponse};

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    ReadyToSend,
    Waiting {
        delay_ms: u64,
        reason: WaitReason,
    },
    NeedToken,
    /// A `Send` was handed out; only `on_outcome` moves on.
    InFlight,
    /// A `RenewToken` was handed out; only `on_token` moves on.
    AwaitingToken,
    Done(Result<HttpResponse, ApiError>),
}

/// State of one call; see the module docs for the driving loop.
#[derive(Clone)]
pub struct PipelineRun {
    options: RetryOptions,
    class: RetryClass,
    /// As given by the caller; each attempt is a copy plus our headers.
    request: HttpRequest,
    client_request_id: String,
    token: Option<BearerToken>,
    rng: SplitMix64,
    started_ms: u64,
    attempts: u32,
    retries: u32,
    /// One silent renewal per call: if a fresh token is refused too, renewing again won't help.
    renewed: bool,
    /// The 401 being renewed for, returned if the renewal fails.
    auth_error: Option<ApiError>,
    last_failure: Option<Failure>,
    /// All retryable failures so far were of the same kind (for "kept answering 503").
    uniform_failures: bool,
    phase: Phase,
}

impl PipelineRun {
    pub(super) fn new(
        options: RetryOptions,
        request: HttpRequest,
        class: RetryClass,
        token: Option<BearerToken>,
        random: [u8; 16],
        now_ms: u64,
    ) -> Self {
        let client_request_id = request
            .header(CLIENT_REQUEST_ID)
            .map(str::to_string)
            .filter(|id| !id.trim().is_empty())
            .unwrap_or_else(|| uuid_v4_from_bytes(random));
        let phase = match token {
            Some(_) => Phase::ReadyToSend,
            None => Phase::NeedToken,
        };
        PipelineRun {
            options,
            class,
            request,
            client_request_id,
            renewed: token.is_none(),
            token,
            rng: SplitMix64::from_bytes(&random),
            started_ms: now_ms,
            attempts: 0,
            retries: 0,
            auth_error: None,
            last_failure: None,
            uniform_failures: true,
            phase,
        }
    }

    /// The `x-ms-client-request-id` sent with every attempt (show it next to the service's
    /// `x-ms-request-id`; when CORS hides response headers it is the only id the user has).
    pub fn client_request_id(&self) -> &str {
        &self.client_request_id
    }

    /// Sends handed out so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    pub fn is_done(&self) -> bool {
        matches!(self.phase, Phase::Done(_))
    }

    /// The next thing to do. Calling it again while a `Send` or `RenewToken` is unanswered is a
    /// driver bug; it ends the run rather than risk sending a request twice.
    // Not an Iterator: steps depend on what the caller feeds back, and `Done` repeats forever.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Action {
        match std::mem::replace(&mut self.phase, Phase::InFlight) {
            Phase::ReadyToSend => {
                self.attempts += 1;
                Action::Send { request: self.outgoing(), attempt: self.attempts }
            }
            Phase::Waiting { delay_ms, reason } => {
                self.phase = Phase::ReadyToSend;
                Action::Wait { delay_ms, reason }
            }
            Phase::NeedToken => {
                self.phase = Phase::AwaitingToken;
                Action::RenewToken
            }
            Phase::InFlight | Phase::AwaitingToken => self.finish(Err(ApiError::new(
                "InternalError",
                "The request pipeline was asked for its next step before the previous one was answered.",
            ))),
            Phase::Done(result) => self.finish(result),
        }
    }

    /// Feeds the result of the last `Send`; `now_ms` is the caller's clock when it arrived.
    /// Ignored unless a `Send` is outstanding.
    pub fn on_outcome(&mut self, outcome: TransportOutcome, now_ms: u64) {
        if self.phase != Phase::InFlight {
            return;
        }
        match outcome {
            TransportOutcome::Aborted => {
                self.end(Err(ApiError::new("Aborted", "The request was cancelled.")));
            }
            TransportOutcome::ConnectionFailed(msg) => self.on_failure(Failure::Connection(msg), None, now_ms),
            TransportOutcome::Response(resp) => self.on_response(resp, now_ms),
        }
    }

    /// Feeds the result of a `RenewToken`. A token arriving at another time just replaces the
    /// current one for later attempts.
    pub fn on_token(&mut self, token: Result<BearerToken, ApiError>) {
        match (&self.phase, token) {
            (Phase::Done(_), _) => {}
            (Phase::AwaitingToken, Ok(t)) => {
                self.token = Some(t);
                self.phase = Phase::ReadyToSend;
            }
            (Phase::AwaitingToken, Err(e)) => {
                let err = renewal_failed(self.auth_error.take(), e);
                self.end(Err(err));
            }
            (_, Ok(t)) => self.token = Some(t),
            (_, Err(_)) => {}
        }
    }

    fn on_response(&mut self, resp: HttpResponse, now_ms: u64) {
        if resp.status < 400 {
            return self.finish_response(resp);
        }
        let err = ApiError::from_response(&resp);
        if err.is_auth_failure() {
            if self.renewed {
                // The console reacts to an auth failure with interactive sign-in.
                return self.end(Err(err));
            }
            self.renewed = true;
            self.auth_error = Some(err);
            self.phase = Phase::NeedToken;
            return;
        }
        if !is_retryable_status(resp.status) {
            return self.finish_response(resp);
        }
        let hint = retry_hint_ms(&resp, now_ms);
        self.on_failure(Failure::Status(resp.status, err), hint, now_ms);
    }

    fn on_failure(&mut self, failure: Failure, hint: Option<(u64, &str)>, now_ms: u64) {
        if let Some(prev) = &self.last_failure {
            self.uniform_failures &= prev.same_kind(&failure);
        }
        self.last_failure = Some(failure.clone());
        let may_have_acted = match &failure {
            Failure::Status(s, _) => !service_did_not_act(*s),
            Failure::Connection(_) => true,
        };
        if may_have_acted && self.class == RetryClass::NotIdempotent {
            return self.end(Err(self.not_retried(failure)));
        }
        let elapsed = now_ms.saturating_sub(self.started_ms);
        if self.retries >= self.options.max_retries {
            let why = self.kept_failing(&failure);
            return self.give_up(failure, elapsed, format!("{why}."));
        }
        let (delay_ms, hinted) = match hint {
            Some((ms, _)) => (ms, true),
            None => {
                let r = self.rng.next_f64();
                (backoff_ms(&self.options, self.retries + 1, r), false)
            }
        };
        if elapsed.saturating_add(delay_ms) > self.options.budget_ms {
            let budget = secs(self.options.budget_ms);
            let why = match (hint, &failure) {
                (Some((_, header)), Failure::Status(s, e)) => crate::msg!(
                    "the service answered {} and asked to wait {} ({header}), longer than the {budget} this call may take.",
                    status_label(*s, &e.code),
                    secs(delay_ms)
                ),
                _ => crate::msg!(
                    "{}, and the next retry (in {}) would pass the {budget} this call may take.",
                    self.kept_failing(&failure),
                    secs(delay_ms)
                ),
            };
            return self.give_up(failure, elapsed, why);
        }
        self.retries += 1;
        let cause = match failure {
            Failure::Status(s, _) => RetryCause::Status(s),
            Failure::Connection(m) => RetryCause::ConnectionFailed(m),
        };
        self.phase = Phase::Waiting {
            delay_ms,
            reason: WaitReason {
                cause,
                hinted_by_service: hinted,
                retry: self.retries,
                max_retries: self.options.max_retries,
            },
        };
    }

    /// "the service kept answering 503 ServiceUnavailable" and the like (no final period).
    fn kept_failing(&self, failure: &Failure) -> String {
        let (once, uniform) = (self.attempts == 1, self.uniform_failures);
        match failure {
            Failure::Status(s, e) => {
                let label = status_label(*s, &e.code);
                match (once, uniform) {
                    (true, _) => crate::msg!("the service answered {label}"),
                    (_, true) => crate::msg!("the service kept answering {label}"),
                    (_, false) => crate::msg!("the service kept failing, last with {label}"),
                }
            }
            Failure::Connection(m) if once => crate::msg!("the network connection failed ({m})"),
            Failure::Connection(m) if uniform => crate::msg!("the network connection kept failing ({m})"),
            Failure::Connection(m) => crate::msg!("the service kept failing, last with a dropped connection ({m})"),
        }
    }

    fn give_up(&mut self, failure: Failure, elapsed_ms: u64, why: String) {
        let tries = match self.attempts {
            1 => crate::msg!("1 attempt"),
            n => crate::msg!("{n} attempts"),
        };
        let summary = crate::msg!("Gave up after {tries} over {}: {why}", secs(elapsed_ms));
        self.end(Err(with_summary(failure, summary)))
    }

    fn not_retried(&self, failure: Failure) -> ApiError {
        let what = match &failure {
            Failure::Status(s, e) => crate::msg!("The service answered {}.", status_label(*s, &e.code)),
            Failure::Connection(m) => {
                crate::msg!("The connection failed before an answer arrived ({m}).")
            }
        };
        let summary = crate::msg!(
            "{what} This {} is not retried automatically because the service may already have \
             carried it out; check the result before trying again.",
            self.request.method
        );
        with_summary(failure, summary)
    }

    /// The caller's request plus the request-id and bearer policies' headers.
    fn outgoing(&self) -> HttpRequest {
        let mut req = self.request.clone();
        set_header(&mut req, CLIENT_REQUEST_ID, &self.client_request_id);
        set_header(&mut req, RETURN_CLIENT_REQUEST_ID, "true");
        if let Some(token) = &self.token {
            set_header(&mut req, AUTHORIZATION, &token.header_value());
        }
        req
    }

    /// Successful (or non-retryable) answer: make sure it names our client request id even when
    /// CORS hid the echoed header, so error boxes can quote it.
    fn finish_response(&mut self, mut resp: HttpResponse) {
        if resp.header(CLIENT_REQUEST_ID).is_none() {
            resp.headers.push((CLIENT_REQUEST_ID.to_string(), self.client_request_id.clone()));
        }
        self.end(Ok(resp));
    }

    fn finish(&mut self, result: Result<HttpResponse, ApiError>) -> Action {
        self.end(result.clone());
        Action::Done(result)
    }

    fn end(&mut self, result: Result<HttpResponse, ApiError>) {
        self.phase = Phase::Done(result);
    }
}

// Hand-written so the token (and bodies) never reach a log.
impl fmt::Debug for PipelineRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let phase = match &self.phase {
            Phase::ReadyToSend => "ReadyToSend",
            Phase::Waiting { .. } => "Waiting",
            Phase::NeedToken => "NeedToken",
            Phase::InFlight => "InFlight",
            Phase::AwaitingToken => "AwaitingToken",
            Phase::Done(_) => "Done",
        };
        f.debug_struct("PipelineRun")
            .field("request", &Redacted(&self.request))
            .field("class", &self.class)
            .field("client_request_id", &self.client_request_id)
            .field("token", &self.token)
            .field("attempts", &self.attempts)
            .field("retries", &self.retries)
            .field("renewed", &self.renewed)
            .field("phase", &phase)
            .finish()
    }
}

fn set_header(req: &mut HttpRequest, name: &str, value: &str) {
    req.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    req.headers.push((name.to_string(), value.to_string()));
}

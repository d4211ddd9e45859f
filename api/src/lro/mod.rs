//! Sans-IO poller for ARM long-running operations (docs/azure-ml-rest.md §2.4).
//!
//! ```text
//! let mut p = LroPoller::start(&client, LroKind::Create, &compute_url, &initial, LroConfig::default())?;
//! loop {
//!     match p.next() {
//!         LroStep::Poll { request, delay_ms } => { sleep(delay_ms); let r = send(request); p.on_response(&r) }
//!         LroStep::Done(outcome) => break outcome,
//!     }
//! }
//! ```
//! The strategy is fixed by the initial response: `Azure-AsyncOperation` wins over `Location`;
//! with neither (e.g. a browser that cannot read the headers because ARM does not expose them to
//! CORS) the compute itself is polled until its state settles (for a delete: until 404). The
//! poller never sleeps; it says how long to wait.

use serde_json::Value;

use crate::arm::ArmClient;
use crate::error::ApiError;
use crate::models::provisioning_state;

mod config;
mod errors;

pub use config::{LroConfig, LroKind};

use crate::request::{HttpRequest, HttpResponse};
use errors::{operation_error, provisioning_error};

/// How the operation is followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LroStrategy {
    AsyncOperation(String),
    Location(String),
    Resource(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum LroOutcome {
    Succeeded,
    Failed(ApiError),
    Canceled,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LroStep {
    /// Wait `delay_ms`, send `request`, then call [`LroPoller::on_response`].
    Poll {
        request: HttpRequest,
        delay_ms: u64,
    },
    Done(LroOutcome),
}

/// Progress for the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LroStatus {
    pub verb: &'static str,
    /// Last status seen (`InProgress`, `Creating`, `202`, …), empty before the first poll.
    pub status: String,
    pub polls: u32,
    pub done: bool,
}

impl LroStatus {
    /// e.g. `Creating… (InProgress, 3 polls)`.
    pub fn text(&self) -> String {
        let polls = match self.polls {
            1 => crate::msg!("1 poll"),
            n => crate::msg!("{n} polls"),
        };
        match self.status.is_empty() {
            true => crate::msg!("{}… ({polls})", self.verb),
            false => crate::msg!("{}… ({}, {polls})", self.verb, self.status),
        }
    }
}

#[derive(Debug, Clone)]
pub struct LroPoller {
    kind: LroKind,
    config: LroConfig,
    strategy: LroStrategy,
    /// The prepared GET for the strategy's URL (origin already checked).
    poll_request: HttpRequest,
    /// GET of the resource, for the caller's final refresh.
    resource_request: Option<HttpRequest>,
    polls: u32,
    next_delay_ms: u64,
    status: String,
    outcome: Option<LroOutcome>,
}

impl LroPoller {
    /// Starts from the initial response. A non-2xx initial response is returned as `Err` (the
    /// operation was refused); a polling URL on a foreign host is refused as `Err` too.
    /// `resource_url` is the compute's absolute URL (the initial request's URL works).
    pub fn start(
        client: &ArmClient,
        kind: LroKind,
        resource_url: &str,
        initial: &HttpResponse,
        config: LroConfig,
    ) -> Result<LroPoller, ApiError> {
        if !initial.is_success() {
            return Err(ApiError::from_response(initial));
        }
        let header = |n: &str| initial.header(n).map(str::trim).filter(|v| !v.is_empty());
        let resource_request = client.get_resource(resource_url).ok();
        let (strategy, poll_request) = if let Some(url) = header("Azure-AsyncOperation") {
            (LroStrategy::AsyncOperation(url.to_string()), client.get_resource(url)?)
        } else if let Some(url) = header("Location") {
            (LroStrategy::Location(url.to_string()), client.get_resource(url)?)
        } else {
            (LroStrategy::Resource(resource_url.to_string()), client.get_resource(resource_url)?)
        };
        let mut p = LroPoller {
            kind,
            config,
            strategy,
            poll_request,
            resource_request: if kind.removes() { None } else { resource_request },
            polls: 0,
            next_delay_ms: config.min_delay_ms,
            status: String::new(),
            outcome: None,
        };
        p.schedule(initial);
        if matches!(p.strategy, LroStrategy::Resource(_)) {
            p.settle_synchronously(initial);
        }
        Ok(p)
    }

    /// Without LRO headers the initial answer may already be final: a 200/201 PUT/PATCH whose
    /// body has a terminal `provisioningState`, or a 200/204 DELETE.
    fn settle_synchronously(&mut self, initial: &HttpResponse) {
        // A cancel answered 200/204 without a status URL has been done (the spec's 200).
        if self.kind.removes() || self.kind == LroKind::Cancel {
            if matches!(initial.status, 200 | 204) {
                self.outcome = Some(LroOutcome::Succeeded);
            }
            return;
        }
        if matches!(self.kind, LroKind::Create | LroKind::Update) && initial.status != 202 {
            if let Some(outcome) = self.resource_outcome(initial) {
                self.outcome = Some(outcome);
            }
        }
    }

    pub fn strategy(&self) -> &LroStrategy {
        &self.strategy
    }

    /// The next thing to do.
    pub fn next(&self) -> LroStep {
        if let Some(o) = &self.outcome {
            return LroStep::Done(o.clone());
        }
        LroStep::Poll { request: self.poll_request.clone(), delay_ms: self.next_delay_ms }
    }

    /// Progress for the UI.
    pub fn status(&self) -> LroStatus {
        LroStatus {
            verb: self.kind.verb(),
            status: self.status.clone(),
            polls: self.polls,
            done: self.outcome.is_some(),
        }
    }

    /// GET of the compute to show its final state (`None` after a delete/detach).
    pub fn final_request(&self) -> Option<HttpRequest> {
        self.resource_request.clone()
    }

    /// Feeds the answer to the last [`LroStep::Poll`] request.
    pub fn on_response(&mut self, resp: &HttpResponse) {
        if self.outcome.is_some() {
            return;
        }
        self.polls += 1;
        let outcome = match self.strategy {
            LroStrategy::AsyncOperation(_) => self.async_outcome(resp),
            LroStrategy::Location(_) => self.location_outcome(resp),
            LroStrategy::Resource(_) => self.resource_outcome(resp),
        };
        if outcome.is_none() && self.polls >= self.config.max_polls {
            let msg = crate::msg!(
                "Stopped waiting after {} status checks; the operation may still finish. Refresh later.",
                self.polls
            );
            self.outcome = Some(LroOutcome::Failed(ApiError::new("LroTimeout", &msg)));
            return;
        }
        self.outcome = outcome;
        self.schedule(resp);
    }

    /// Picks the next delay: `Retry-After` (seconds) when present, else exponential backoff.
    fn schedule(&mut self, resp: &HttpResponse) {
        let backoff = if self.polls == 0 {
            self.config.min_delay_ms
        } else {
            let shift = (self.polls).min(20);
            self.config.min_delay_ms.saturating_mul(1u64 << shift).min(self.config.max_delay_ms)
        };
        // An HTTP-date Retry-After is allowed by RFC 9110 but unused by ARM; it falls back to
        // the backoff rather than needing a clock here.
        let retry_after = resp
            .header("Retry-After")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| s.saturating_mul(1000).min(self.config.max_retry_after_ms));
        self.next_delay_ms = retry_after.unwrap_or(backoff);
    }

    /// 429 and 5xx on a status poll are treated as transient: keep polling (bounded by
    /// `max_polls`) instead of declaring the operation failed.
    fn transient(&mut self, resp: &HttpResponse) -> bool {
        if resp.status == 429 || resp.status >= 500 {
            self.status = format!("HTTP {}", resp.status);
            return true;
        }
        false
    }

    fn async_outcome(&mut self, resp: &HttpResponse) -> Option<LroOutcome> {
        if self.transient(resp) {
            return None;
        }
        if !resp.is_success() {
            return Some(LroOutcome::Failed(ApiError::from_response(resp)));
        }
        let body: Value = match serde_json::from_str(&resp.body) {
            Ok(v) => v,
            Err(e) => return Some(LroOutcome::Failed(ApiError::invalid_response(resp, e))),
        };
        let status = body.get("status").and_then(Value::as_str).unwrap_or("");
        self.status = status.to_string();
        match status.to_ascii_lowercase().as_str() {
            "succeeded" => Some(LroOutcome::Succeeded),
            "canceled" | "cancelled" => Some(LroOutcome::Canceled),
            "failed" => Some(LroOutcome::Failed(operation_error(resp, body.get("error")))),
            _ => None,
        }
    }

    fn location_outcome(&mut self, resp: &HttpResponse) -> Option<LroOutcome> {
        if self.transient(resp) {
            return None;
        }
        self.status = format!("HTTP {}", resp.status);
        match resp.status {
            202 => None,
            s if (200..300).contains(&s) => Some(LroOutcome::Succeeded),
            _ => Some(LroOutcome::Failed(ApiError::from_response(resp))),
        }
    }

    fn resource_outcome(&mut self, resp: &HttpResponse) -> Option<LroOutcome> {
        if resp.status == 404 && self.kind.removes() {
            self.status = "Deleted".to_string();
            return Some(LroOutcome::Succeeded);
        }
        if self.transient(resp) {
            return None;
        }
        if !resp.is_success() {
            return Some(LroOutcome::Failed(ApiError::from_response(resp)));
        }
        let body: Value = serde_json::from_str(&resp.body).unwrap_or(Value::Null);
        if self.kind == LroKind::Cancel {
            return self.job_outcome(&body);
        }
        let props = body.get("properties");
        let state = props.and_then(|p| p.get("provisioningState")).and_then(Value::as_str).unwrap_or("");
        let instance_state =
            props.and_then(|p| p.get("properties")).and_then(|p| p.get("state")).and_then(Value::as_str).unwrap_or("");
        self.status = match instance_state.is_empty() {
            true => state.to_string(),
            false => instance_state.to_string(),
        };
        if self.kind.removes() {
            // Still there: the delete has not completed, whatever the state says.
            return (state.eq_ignore_ascii_case(provisioning_state::FAILED))
                .then(|| LroOutcome::Failed(provisioning_error(resp, props, state)));
        }
        if state.eq_ignore_ascii_case(provisioning_state::FAILED) {
            return Some(LroOutcome::Failed(provisioning_error(resp, props, state)));
        }
        if state.eq_ignore_ascii_case(provisioning_state::CANCELED) {
            return Some(LroOutcome::Canceled);
        }
        if !provisioning_state::is_terminal(state) {
            return None;
        }
        // Power actions do not change provisioningState; wait for the instance state instead.
        let want = match self.kind {
            LroKind::Start | LroKind::Restart => "Running",
            LroKind::Stop => "Stopped",
            _ => return Some(LroOutcome::Succeeded),
        };
        let failed = ["CreateFailed", "SetupFailed", "UserSetupFailed", "Unusable"];
        if failed.iter().any(|f| f.eq_ignore_ascii_case(instance_state)) {
            let msg = crate::msg!("The compute instance is in state {instance_state}.");
            return Some(LroOutcome::Failed(ApiError::new(instance_state, &msg)));
        }
        instance_state.eq_ignore_ascii_case(want).then_some(LroOutcome::Succeeded)
    }

    /// A job being canceled: jobs have no `provisioningState`; the cancel is over once the
    /// job's `status` is terminal (`Canceled`, or `Completed`/`Failed` if it ended first).
    fn job_outcome(&mut self, body: &Value) -> Option<LroOutcome> {
        let status = body.pointer("/properties/status").and_then(Value::as_str).unwrap_or("");
        self.status = status.to_string();
        ["Completed", "Failed", "Canceled"].contains(&status).then_some(LroOutcome::Succeeded)
    }
}

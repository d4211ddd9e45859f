//! Shared driver for the pipeline tests: a fake clock (each send takes 100 ms), scripted
//! outcomes and tokens.
#![allow(dead_code)]

use aml_api::pipeline::{Action, WaitReason};
use aml_api::*;

pub const NOW: u64 = 1_700_000_000_000; // Tue, 14 Nov 2023 22:13:20 GMT
pub const LATENCY: u64 = 100;
pub const SECRET: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOi.secret-token-value";
pub const URL: &str = "https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/c1";

pub fn req(method: Method, suffix: &str, body: Option<&str>) -> HttpRequest {
    HttpRequest {
        method,
        url: format!("{URL}{suffix}?api-version=2025-12-01"),
        headers: vec![("Accept".into(), "application/json".into())],
        body: body.map(str::to_string),
    }
}

pub fn get() -> HttpRequest {
    req(Method::Get, "", None)
}

pub fn start_with(opts: RetryOptions, request: HttpRequest, seed: u8) -> PipelineRun {
    let class = RetryClass::from_request(&request);
    Pipeline::new(opts).start(request, class, Some(BearerToken::new(SECRET)), [seed; 16], NOW)
}

pub fn start(request: HttpRequest) -> PipelineRun {
    start_with(RetryOptions::default(), request, 7)
}

pub fn resp(status: u16) -> TransportOutcome {
    let code = match status {
        503 => "ServiceUnavailable",
        429 => "TooManyRequests",
        401 => "InvalidAuthenticationToken",
        _ => "SomethingFailed",
    };
    let body = format!(r#"{{"error":{{"code":"{code}","message":"Busy."}}}}"#);
    TransportOutcome::Response(HttpResponse::new(status, body).with_header("x-ms-request-id", "srv-1"))
}

pub fn with_header(o: TransportOutcome, name: &str, value: &str) -> TransportOutcome {
    match o {
        TransportOutcome::Response(r) => TransportOutcome::Response(r.with_header(name, value)),
        other => other,
    }
}

pub fn dropped() -> TransportOutcome {
    TransportOutcome::ConnectionFailed("TypeError: Failed to fetch".into())
}

#[derive(Default, Debug)]
pub struct Trace {
    pub sends: Vec<HttpRequest>,
    pub waits: Vec<(u64, WaitReason)>,
    pub renewals: usize,
}

/// Drives a run: scripted outcomes for sends, scripted tokens for renewals.
pub fn drive(
    run: &mut PipelineRun,
    outcomes: Vec<TransportOutcome>,
    tokens: Vec<Result<BearerToken, ApiError>>,
) -> (Result<HttpResponse, ApiError>, Trace) {
    let (mut outcomes, mut tokens) = (outcomes.into_iter(), tokens.into_iter());
    let (mut t, mut clock) = (Trace::default(), NOW);
    for _ in 0..100 {
        match run.next() {
            Action::Send { request, attempt } => {
                assert_eq!(attempt as usize, t.sends.len() + 1);
                t.sends.push(request);
                clock += LATENCY;
                run.on_outcome(outcomes.next().expect("more sends than scripted"), clock);
            }
            Action::Wait { delay_ms, reason } => {
                clock += delay_ms;
                t.waits.push((delay_ms, reason));
            }
            Action::RenewToken => {
                t.renewals += 1;
                run.on_token(tokens.next().expect("unexpected renewal"));
            }
            Action::Done(result) => return (result, t),
        }
    }
    panic!("run did not finish")
}

pub fn auth(r: &HttpRequest) -> &str {
    r.header("Authorization").unwrap()
}

//! Job cancel through the LRO poller the compute operations use: the spec's 200 and 202 +
//! `Location` answers, a cancel answered without a status URL (the job itself is polled), and
//! refusals.

// `ApiError` is large by design (see the crate root); tests return it as the crate does.
#![allow(clippy::result_large_err)]

mod jobs_support;

use aml_api::jobs::cancel::{can_cancel, cancel_operation};
use aml_api::{HttpResponse, LroConfig, LroKind, LroOutcome, LroPoller, LroStep, LroStrategy, Method};
use jobs_support::{arm, ws, ARM, WS_PATH};
use serde_json::json;

const JOB: &str = "quiet_lemon_1";

fn cfg() -> LroConfig {
    LroConfig { min_delay_ms: 1000, max_delay_ms: 10_000, max_retry_after_ms: 300_000, max_polls: 5 }
}

fn with_headers(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.to_string(),
    }
}

fn job(status: &str) -> HttpResponse {
    with_headers(200, &[], &json!({"name": JOB, "properties": {"jobType": "Command", "status": status}}).to_string())
}

fn start(initial: &HttpResponse) -> Result<LroPoller, aml_api::ApiError> {
    let op = cancel_operation(&arm(), &ws(), JOB);
    LroPoller::start(&arm(), op.kind, &op.resource_url, initial, cfg())
}

/// Feeds scripted answers; returns the outcome and the URLs polled.
fn run(p: &mut LroPoller, script: &[HttpResponse]) -> (LroOutcome, Vec<String>) {
    let mut urls = vec![];
    let mut it = script.iter();
    loop {
        match p.next() {
            LroStep::Poll { request, .. } => {
                assert_eq!(request.method, Method::Get);
                urls.push(request.url);
                p.on_response(it.next().expect("more polls than scripted"));
            }
            LroStep::Done(o) => return (o, urls),
        }
    }
}

const LOCATION: &str = "https://management.azure.com/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/eastus/mfeOperationResults/jc:abc?api-version=2025-12-01";

#[test]
fn the_operation_to_start() {
    let op = cancel_operation(&arm(), &ws(), JOB);
    assert_eq!(op.kind, LroKind::Cancel);
    assert_eq!(op.request.method, Method::Post);
    assert_eq!(op.request.url, format!("{ARM}{WS_PATH}/jobs/{JOB}/cancel?api-version=2025-12-01"));
    assert_eq!(op.resource_url, format!("{ARM}{WS_PATH}/jobs/{JOB}?api-version=2025-12-01"));
    assert_eq!(LroKind::Cancel.verb(), "Canceling");
}

#[test]
fn accepted_then_followed_at_its_location() {
    let initial = with_headers(202, &[("Location", LOCATION), ("Retry-After", "1")], "");
    let mut p = start(&initial).unwrap();
    assert_eq!(p.strategy(), &LroStrategy::Location(LOCATION.into()));
    assert_eq!(p.next(), LroStep::Poll { request: arm().get_resource(LOCATION).unwrap(), delay_ms: 1000 });
    let (outcome, urls) = run(&mut p, &[with_headers(202, &[("Retry-After", "1")], ""), with_headers(200, &[], "")]);
    assert_eq!(outcome, LroOutcome::Succeeded);
    assert_eq!(urls, [LOCATION, LOCATION]);
    assert_eq!(p.status().text(), "Canceling… (HTTP 200, 2 polls)");
}

#[test]
fn the_official_example_headers() {
    // The example answers 200 or 202, both with a Location (a placeholder URL there); on our
    // ARM host the 200's Location is followed once to confirm.
    let loc = format!("{ARM}{WS_PATH}/jobs/{JOB}");
    let mut p = start(&with_headers(200, &[("location", &loc)], "")).unwrap();
    let (outcome, urls) = run(&mut p, &[job("Canceled")]);
    assert_eq!((outcome, urls.len()), (LroOutcome::Succeeded, 1));
}

#[test]
fn a_plain_200_is_done_at_once() {
    let p = start(&with_headers(200, &[], "")).unwrap();
    assert_eq!(p.next(), LroStep::Done(LroOutcome::Succeeded));
    let p = start(&with_headers(204, &[], "")).unwrap();
    assert_eq!(p.next(), LroStep::Done(LroOutcome::Succeeded));
}

#[test]
fn without_a_status_url_the_job_is_polled_until_it_ends() {
    let mut p = start(&with_headers(202, &[], "")).unwrap();
    assert_eq!(p.strategy(), &LroStrategy::Resource(format!("{ARM}{WS_PATH}/jobs/{JOB}?api-version=2025-12-01")));
    let (outcome, urls) =
        run(&mut p, &[job("Running"), with_headers(503, &[], "busy"), job("CancelRequested"), job("Canceled")]);
    assert_eq!(outcome, LroOutcome::Succeeded);
    assert_eq!(urls.len(), 4, "a 503 while polling is transient");
    assert_eq!(p.status().status, "Canceled");
    // A job that finished on its own before the cancel took effect: nothing left to cancel.
    let mut p = start(&with_headers(202, &[], "")).unwrap();
    assert_eq!(run(&mut p, &[job("Completed")]).0, LroOutcome::Succeeded);
}

#[test]
fn a_job_that_never_stops_times_out() {
    let mut p = start(&with_headers(202, &[], "")).unwrap();
    let (outcome, urls) =
        run(&mut p, &[job("Running"), job("Running"), job("Running"), job("Running"), job("Running")]);
    let LroOutcome::Failed(e) = outcome else { panic!("{outcome:?}") };
    assert_eq!((e.code.as_str(), urls.len()), ("LroTimeout", 5));
}

#[test]
fn refusals_and_failures_carry_the_service_error() {
    let refused = with_headers(
        409,
        &[("x-ms-request-id", "req-9")],
        r#"{"error":{"code":"Conflict","message":"The job is already in a terminal state."}}"#,
    );
    let e = start(&refused).unwrap_err();
    assert_eq!((e.status, e.code.as_str(), e.request_id.as_deref()), (Some(409), "Conflict", Some("req-9")));
    assert_eq!(e.message, "The job is already in a terminal state.");

    let mut p = start(&with_headers(202, &[("Location", LOCATION)], "")).unwrap();
    let gone = with_headers(404, &[], r#"{"error":{"code":"NotFound","message":"no such job"}}"#);
    let (outcome, _) = run(&mut p, &[gone]);
    let LroOutcome::Failed(e) = outcome else { panic!("{outcome:?}") };
    assert_eq!((e.code.as_str(), e.message.as_str()), ("NotFound", "no such job"));
}

#[test]
fn a_status_url_on_another_host_is_refused() {
    let e = start(&with_headers(202, &[("Location", "https://evil.example/op")], "")).unwrap_err();
    assert_eq!(e.code, "UntrustedPollingUrl");
}

#[test]
fn when_cancel_applies() {
    for (status, allowed) in [
        ("", false),
        ("Running", true),
        ("Queued", true),
        ("NotStarted", true),
        ("CancelRequested", false),
        ("Completed", false),
        ("Failed", false),
        ("Canceled", false),
        ("Paused", true),
    ] {
        assert_eq!(can_cancel(status), allowed, "{status:?}");
    }
}

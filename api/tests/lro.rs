//! LRO poller sequences (fixture headers and hand-made exchanges).

use aml_api::*;
use serde_json::json;

const BASE: &str = "https://management.azure.com";

fn client() -> ArmClient {
    ArmClient::new(BASE, "2025-12-01")
}

fn res_url() -> String {
    format!("{BASE}/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/c1?api-version=2025-12-01")
}

fn cfg() -> LroConfig {
    LroConfig { min_delay_ms: 1000, max_delay_ms: 10_000, max_retry_after_ms: 300_000, max_polls: 20 }
}

fn start(kind: LroKind, initial: &HttpResponse) -> LroPoller {
    LroPoller::start(&client(), kind, &res_url(), initial, cfg()).unwrap()
}

/// Drives the poller with scripted responses; returns (outcome, requested URLs, delays).
fn run(p: &mut LroPoller, script: &[HttpResponse]) -> (LroOutcome, Vec<String>, Vec<u64>) {
    let (mut urls, mut delays) = (vec![], vec![]);
    let mut it = script.iter();
    loop {
        match p.next() {
            LroStep::Poll { request, delay_ms } => {
                assert_eq!(request.method, Method::Get);
                urls.push(request.url);
                delays.push(delay_ms);
                p.on_response(it.next().expect("poller asked for more responses than scripted"));
            }
            LroStep::Done(o) => return (o, urls, delays),
        }
    }
}

fn status(s: &str) -> HttpResponse {
    HttpResponse::new(200, json!({"status": s}).to_string())
}

const OP: &str = "https://management.azure.com/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/op1?api-version=2025-12-01";
const LOC: &str = "https://management.azure.com/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsResult/op1?api-version=2025-12-01";

#[test]
fn async_operation_success_with_retry_after() {
    let initial =
        HttpResponse::new(201, r#"{"properties":{"computeType":"AmlCompute","provisioningState":"Creating"}}"#)
            .with_header("Azure-AsyncOperation", OP)
            .with_header("Location", LOC)
            .with_header("Retry-After", "3");
    let mut p = start(LroKind::Create, &initial);
    assert_eq!(p.strategy(), &LroStrategy::AsyncOperation(OP.into()));
    let (o, urls, delays) =
        run(&mut p, &[status("InProgress").with_header("Retry-After", "7"), status("InProgress"), status("Succeeded")]);
    assert_eq!(o, LroOutcome::Succeeded);
    assert_eq!(urls, vec![OP; 3]);
    // Retry-After honoured (3 s, 7 s), then backoff resumes (1 s doubled per poll).
    assert_eq!(delays, vec![3000, 7000, 4000]);
    assert_eq!(p.status().text(), "Creating… (Succeeded, 3 polls)");
    assert_eq!(p.final_request().unwrap().url, res_url());
}

#[test]
fn async_operation_failure_carries_the_error() {
    let mut p = start(LroKind::Create, &HttpResponse::new(201, "{}").with_header("azure-asyncoperation", OP));
    let failed = HttpResponse::new(200, json!({"status":"Failed","error":{"code":"QuotaExceeded","message":"No quota","details":[{"code":"Inner","message":"dedicated cores"}]}}).to_string())
        .with_header("x-ms-request-id", "rid-1");
    let (o, _, _) = run(&mut p, &[status("InProgress"), failed]);
    let LroOutcome::Failed(e) = o else { panic!("{o:?}") };
    assert_eq!((e.code.as_str(), e.message.as_str()), ("QuotaExceeded", "No quota"));
    assert_eq!(e.details[0].code.as_deref(), Some("Inner"));
    assert_eq!(e.request_id.as_deref(), Some("rid-1"));
}

#[test]
fn async_operation_canceled_and_failed_without_error() {
    let mut p = start(LroKind::Update, &HttpResponse::new(200, "{}").with_header("Azure-AsyncOperation", OP));
    assert_eq!(run(&mut p, &[status("Canceled")]).0, LroOutcome::Canceled);
    let mut p = start(LroKind::Update, &HttpResponse::new(200, "{}").with_header("Azure-AsyncOperation", OP));
    let LroOutcome::Failed(e) = run(&mut p, &[status("Failed")]).0 else { panic!() };
    assert_eq!(e.code, "OperationFailed");
}

#[test]
fn transient_errors_keep_polling_other_errors_fail() {
    let mut p = start(LroKind::Create, &HttpResponse::new(201, "{}").with_header("Azure-AsyncOperation", OP));
    let (o, urls, _) = run(&mut p, &[HttpResponse::new(503, ""), HttpResponse::new(429, ""), status("Succeeded")]);
    assert_eq!((o, urls.len()), (LroOutcome::Succeeded, 3));
    let mut p = start(LroKind::Create, &HttpResponse::new(201, "{}").with_header("Azure-AsyncOperation", OP));
    let LroOutcome::Failed(e) =
        run(&mut p, &[HttpResponse::new(403, r#"{"error":{"code":"AuthorizationFailed","message":"no"}}"#)]).0
    else {
        panic!()
    };
    assert_eq!(e.code, "AuthorizationFailed");
}

#[test]
fn location_202_then_200_or_204() {
    // restart.json / stop-style: 202 + Location only.
    for done in [200u16, 204] {
        let mut p = start(
            LroKind::Restart,
            &HttpResponse::new(202, "").with_header("Location", LOC).with_header("Retry-After", "10"),
        );
        assert_eq!(p.strategy(), &LroStrategy::Location(LOC.into()));
        let (o, urls, delays) =
            run(&mut p, &[HttpResponse::new(202, ""), HttpResponse::new(202, ""), HttpResponse::new(done, "")]);
        assert_eq!(o, LroOutcome::Succeeded);
        assert_eq!(urls.len(), 3);
        assert_eq!(delays, vec![10_000, 2000, 4000]);
        assert_eq!(p.status().text(), format!("Restarting… (HTTP {done}, 3 polls)"));
    }
    let mut p = start(LroKind::Delete, &HttpResponse::new(202, "").with_header("Location", LOC));
    let LroOutcome::Failed(e) =
        run(&mut p, &[HttpResponse::new(409, r#"{"error":{"code":"Conflict","message":"busy"}}"#)]).0
    else {
        panic!()
    };
    assert_eq!(e.status, Some(409));
}

#[test]
fn delete_fixture_headers_prefer_async_operation() {
    // delete.json 202: both headers; the fixture URLs are placeholders on management.azure.com.
    let initial = HttpResponse::new(202, "")
        .with_header("Azure-AsyncOperation", "https://management.azure.com/subscriptions/...pathToOperationStatus...")
        .with_header("Location", "https://management.azure.com/subscriptions/...pathToOperationResult...");
    let p = start(LroKind::Delete, &initial);
    assert!(matches!(p.strategy(), LroStrategy::AsyncOperation(u) if u.contains("pathToOperationStatus")));
    assert!(p.final_request().is_none(), "nothing to refresh after a delete");
    // delete.json 200 / 204 without headers: done at once.
    for s in [200, 204] {
        let p = start(LroKind::Delete, &HttpResponse::new(s, ""));
        assert_eq!(p.next(), LroStep::Done(LroOutcome::Succeeded));
    }
}

#[test]
fn restart_fixture_relative_location_is_refused() {
    // restart.json's Location is "example_location": not a URL on ARM's origin → not polled.
    let e = LroPoller::start(
        &client(),
        LroKind::Restart,
        &res_url(),
        &HttpResponse::new(202, "").with_header("Location", "example_location"),
        cfg(),
    )
    .unwrap_err();
    assert_eq!(e.code, "UntrustedPollingUrl");
    let e = LroPoller::start(
        &client(),
        LroKind::Create,
        &res_url(),
        &HttpResponse::new(201, "").with_header("Azure-AsyncOperation", "https://evil.example/op"),
        cfg(),
    )
    .unwrap_err();
    assert_eq!(e.code, "UntrustedPollingUrl");
}

fn compute(state: &str) -> HttpResponse {
    HttpResponse::new(200, json!({"properties":{"computeType":"AmlCompute","provisioningState":state}}).to_string())
}

#[test]
fn no_headers_polls_the_resource_until_terminal() {
    let mut p = start(LroKind::Create, &compute("Creating"));
    assert_eq!(p.strategy(), &LroStrategy::Resource(res_url()));
    let (o, urls, _) = run(&mut p, &[compute("Creating"), compute("Creating"), compute("Succeeded")]);
    assert_eq!(o, LroOutcome::Succeeded);
    assert_eq!(urls, vec![res_url(); 3]);

    let mut p = start(LroKind::Create, &compute("Creating"));
    let failed = HttpResponse::new(200, json!({"properties":{"provisioningState":"Failed","provisioningErrors":[{"error":{"code":"BadSubnet","message":"subnet full"}}]}}).to_string());
    let LroOutcome::Failed(e) = run(&mut p, &[failed]).0 else { panic!() };
    assert_eq!((e.code.as_str(), e.message.as_str()), ("BadSubnet", "subnet full"));
    let mut p = start(LroKind::Create, &compute("Creating"));
    assert_eq!(run(&mut p, &[compute("Canceled")]).0, LroOutcome::Canceled);
}

#[test]
fn synchronous_success_finishes_immediately() {
    let p = start(LroKind::Create, &compute("Succeeded"));
    assert_eq!(p.next(), LroStep::Done(LroOutcome::Succeeded));
    assert!(p.status().done);
    // A synchronous 200 that already says Failed.
    assert!(matches!(start(LroKind::Update, &compute("Failed")).next(), LroStep::Done(LroOutcome::Failed(_))));
}

#[test]
fn delete_without_headers_waits_for_404() {
    let mut p = start(LroKind::Delete, &HttpResponse::new(202, ""));
    let (o, urls, _) = run(
        &mut p,
        &[
            compute("Deleting"),
            compute("Succeeded"),
            HttpResponse::new(404, r#"{"error":{"code":"NotFound","message":"gone"}}"#),
        ],
    );
    assert_eq!((o, urls.len()), (LroOutcome::Succeeded, 3));
    assert_eq!(p.status().text(), "Deleting… (Deleted, 3 polls)");
    // For a create, 404 is a failure.
    let mut p = start(LroKind::Create, &compute("Creating"));
    assert!(matches!(run(&mut p, &[HttpResponse::new(404, "")]).0, LroOutcome::Failed(_)));
}

#[test]
fn power_actions_without_headers_wait_for_the_instance_state() {
    let ci = |state: &str| {
        HttpResponse::new(200, json!({"properties":{"computeType":"ComputeInstance","provisioningState":"Succeeded","properties":{"state":state}}}).to_string())
    };
    let mut p = start(LroKind::Stop, &HttpResponse::new(202, ""));
    let (o, urls, _) = run(&mut p, &[ci("Running"), ci("Stopping"), ci("Stopped")]);
    assert_eq!((o, urls.len()), (LroOutcome::Succeeded, 3));
    let mut p = start(LroKind::Start, &HttpResponse::new(202, ""));
    assert_eq!(run(&mut p, &[ci("Starting"), ci("Running")]).0, LroOutcome::Succeeded);
    let mut p = start(LroKind::Start, &HttpResponse::new(202, ""));
    assert!(matches!(run(&mut p, &[ci("Unusable")]).0, LroOutcome::Failed(_)));
}

#[test]
fn backoff_is_capped_and_polls_are_limited() {
    let mut p = LroPoller::start(
        &client(),
        LroKind::Create,
        &res_url(),
        &HttpResponse::new(201, "").with_header("Azure-AsyncOperation", OP),
        LroConfig { max_polls: 6, ..cfg() },
    )
    .unwrap();
    let script: Vec<HttpResponse> = (0..6).map(|_| status("InProgress")).collect();
    let (o, urls, delays) = run(&mut p, &script);
    let LroOutcome::Failed(e) = o else { panic!() };
    assert_eq!(e.code, "LroTimeout");
    assert_eq!(urls.len(), 6);
    assert_eq!(delays, vec![1000, 2000, 4000, 8000, 10_000, 10_000]);
    // HTTP-date Retry-After falls back to backoff; huge values are capped.
    let mut p = start(
        LroKind::Create,
        &HttpResponse::new(201, "")
            .with_header("Azure-AsyncOperation", OP)
            .with_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
    );
    let (_, _, d) = run(&mut p, &[status("InProgress").with_header("Retry-After", "999999"), status("Succeeded")]);
    assert_eq!(d, vec![1000, 300_000]);
    assert_eq!(LroConfig::default().min_delay_ms, 5000);
    assert_eq!(LroConfig::fast().max_delay_ms, 10_000);
}

#[test]
fn refused_initial_response_is_an_error() {
    let e = LroPoller::start(
        &client(),
        LroKind::Create,
        &res_url(),
        &HttpResponse::new(400, r#"{"error":{"code":"BadRequest","message":"bad name"}}"#),
        cfg(),
    )
    .unwrap_err();
    assert_eq!(e.code, "BadRequest");
}

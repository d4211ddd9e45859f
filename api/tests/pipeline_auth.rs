//! Pipeline: token renewal, client request ids, redaction, pass-through answers and driver
//! misuse.

use aml_api::pipeline::{self, Action, RetryCause, WaitReason, CLIENT_REQUEST_ID};
use aml_api::*;

mod pipeline_support;
use pipeline_support::*;

fn denied() -> ApiError {
    ApiError::new("interaction_required", "AADSTS50058: no signed-in user")
}

#[test]
fn a_401_renews_the_token_once_and_resends_with_it() {
    let mut run = start(req(Method::Post, "/restart", None));
    let (result, t) = drive(&mut run, vec![resp(401), resp(202)], vec![Ok(BearerToken::new("fresh"))]);
    assert_eq!(result.unwrap().status, 202);
    assert_eq!(t.renewals, 1);
    assert!(t.waits.is_empty(), "a renewal resends at once");
    assert_eq!(auth(&t.sends[0]), format!("Bearer {SECRET}"));
    assert_eq!(auth(&t.sends[1]), "Bearer fresh");
    let n = |r: &HttpRequest| r.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("authorization")).count();
    assert_eq!((n(&t.sends[0]), n(&t.sends[1])), (1, 1));
}

#[test]
fn a_second_401_is_the_final_answer() {
    let mut run = start(get());
    let (result, t) = drive(&mut run, vec![resp(401), resp(401)], vec![Ok(BearerToken::new("fresh"))]);
    let err = result.unwrap_err();
    assert!(err.is_auth_failure());
    assert_eq!((err.status, err.code.as_str()), (Some(401), "InvalidAuthenticationToken"));
    assert_eq!(err.request_id.as_deref(), Some("srv-1"));
    assert_eq!((t.sends.len(), t.renewals), (2, 1));
}

#[test]
fn a_failed_renewal_keeps_the_auth_error() {
    let mut run = start(get());
    let (result, t) = drive(&mut run, vec![resp(401)], vec![Err(denied())]);
    let err = result.unwrap_err();
    assert!(err.is_auth_failure(), "the console must fall back to interactive sign-in");
    assert_eq!(err.status, Some(401));
    assert_eq!(err.message, "Busy. Renewing the sign-in silently failed: AADSTS50058: no signed-in user");
    assert_eq!(t.sends.len(), 1);
}

#[test]
fn renewal_does_not_use_up_retries() {
    let opts = RetryOptions { max_retries: 0, ..Default::default() };
    let mut run = start_with(opts, get(), 1);
    let (result, t) = drive(&mut run, vec![resp(401), resp(200)], vec![Ok(BearerToken::new("b"))]);
    assert!(result.is_ok());
    assert_eq!(t.sends.len(), 2);
}

#[test]
fn without_a_token_the_run_asks_for_one_first() {
    let mut run = Pipeline::default().start(get(), RetryClass::Idempotent, None, [5; 16], NOW);
    assert_eq!(run.next(), Action::RenewToken);
    run.on_token(Ok(BearerToken::new("new")));
    match run.next() {
        Action::Send { request, attempt: 1 } => assert_eq!(auth(&request), "Bearer new"),
        other => panic!("{other:?}"),
    }
    // That was the call's one renewal: a 401 now ends it.
    run.on_outcome(resp(401), NOW);
    assert!(matches!(run.next(), Action::Done(Err(e)) if e.status == Some(401)));

    let mut run = Pipeline::default().start(get(), RetryClass::Idempotent, None, [5; 16], NOW);
    let (result, _) = drive(&mut run, vec![], vec![Err(denied())]);
    let err = result.unwrap_err();
    assert!(err.is_auth_failure());
    assert!(err.message.contains("AADSTS50058"));
}

#[test]
fn the_client_request_id_is_one_uuid_v4_for_all_attempts() {
    let mut run = start(get());
    let id = run.client_request_id().to_string();
    let (result, t) =
        drive(&mut run, vec![resp(503), dropped(), resp(401), resp(200)], vec![Ok(BearerToken::new("n"))]);
    assert_eq!(t.sends.len(), 4);
    for s in &t.sends {
        assert_eq!(s.header("x-ms-client-request-id"), Some(id.as_str()));
        assert_eq!(s.header("x-ms-return-client-request-id"), Some("true"));
        assert_eq!(s.header("Accept"), Some("application/json"), "caller headers kept");
    }
    // Not echoed (CORS hid it) → the pipeline adds it so error boxes can quote it.
    assert_eq!(result.unwrap().header(CLIENT_REQUEST_ID), Some(id.as_str()));
    assert_eq!(id, pipeline::uuid_v4_from_bytes([7; 16]));
    assert_eq!(id, "07070707-0707-4707-8707-070707070707");
    let v4 = pipeline::uuid_v4_from_bytes([0xff; 16]);
    assert_eq!(v4, "ffffffff-ffff-4fff-bfff-ffffffffffff");
}

#[test]
fn a_caller_supplied_client_request_id_is_kept() {
    let mut request = get();
    request.headers.push(("X-MS-Client-Request-Id".into(), "my-id".into()));
    let mut run = start(request);
    assert_eq!(run.client_request_id(), "my-id");
    let (_, t) = drive(&mut run, vec![resp(200)], vec![]);
    let ids: Vec<_> = t.sends[0].headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(CLIENT_REQUEST_ID)).collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(ids[0].1, "my-id");
}

#[test]
fn the_token_never_shows_in_debug_output_or_errors() {
    let mut run = start(req(Method::Put, "", Some(r#"{"adminUserPassword":"hunter2"}"#)));
    let token = BearerToken::new(SECRET);
    assert_eq!(format!("{token:?}"), "BearerToken(<redacted>)");
    let dbg = format!("{run:?}");
    assert!(!dbg.contains("secret-token") && !dbg.contains("hunter2"), "{dbg}");
    let send = run.next();
    let dbg = format!("{send:?} {run:?}");
    assert!(!dbg.contains("secret-token") && !dbg.contains("hunter2"), "{dbg}");
    assert!(dbg.contains("<redacted>"));
    if let Action::Send { request, .. } = &send {
        assert!(!format!("{:?}", pipeline::Redacted(request)).contains("secret-token"));
    }
    let mut run = start(get());
    let (result, _) = drive(&mut run, (0..5).map(|_| resp(503)).collect(), vec![]);
    let err = result.unwrap_err();
    let all = format!("{err} {err:?} {:?}", Action::Done(Err(err.clone())));
    assert!(!all.contains("secret-token"), "{all}");
}

#[test]
fn lro_202_with_retry_after_is_success_not_a_retry() {
    let mut run = start(req(Method::Delete, "", None));
    let accepted = HttpResponse::new(202, "")
        .with_header("Retry-After", "10")
        .with_header("Location", "https://management.azure.com/op/1");
    let (result, t) = drive(&mut run, vec![TransportOutcome::Response(accepted)], vec![]);
    let r = result.unwrap();
    assert_eq!((r.status, r.header("Retry-After")), (202, Some("10")));
    assert_eq!((t.sends.len(), t.waits.len()), (1, 0));
}

#[test]
fn non_retryable_answers_pass_through_at_once() {
    for status in [400, 403, 404, 409, 412, 501, 505, 304, 204] {
        let mut run = start(get());
        let (result, t) = drive(&mut run, vec![with_header(resp(status), "Retry-After", "1")], vec![]);
        let r = result.unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(r.status, status);
        assert_eq!((t.sends.len(), t.renewals), (1, 0), "{status}");
    }
    // An RBAC denial is not a token problem: no renewal.
    let forbidden = TransportOutcome::Response(HttpResponse::new(
        403,
        r#"{"error":{"code":"AuthorizationFailed","message":"no"}}"#,
    ));
    let mut run = start(get());
    let (result, t) = drive(&mut run, vec![forbidden], vec![]);
    assert_eq!((result.unwrap().status, t.renewals), (403, 0));
}

#[test]
fn aborted_ends_without_retry() {
    let mut run = start(get());
    let (result, t) = drive(&mut run, vec![TransportOutcome::Aborted], vec![]);
    assert_eq!(result.unwrap_err().code, "Aborted");
    assert_eq!(t.sends.len(), 1);
}

#[test]
fn driver_misuse_never_sends_twice_and_done_repeats() {
    let mut run = start(get());
    assert!(matches!(run.next(), Action::Send { .. }));
    assert!(matches!(run.next(), Action::Done(Err(e)) if e.code == "InternalError"));
    run.on_outcome(resp(200), NOW); // too late: ignored
    for _ in 0..3 {
        assert!(matches!(run.next(), Action::Done(Err(_))));
    }
    let mut run = start(get());
    run.on_outcome(resp(200), NOW); // nothing outstanding: ignored
    assert!(matches!(run.next(), Action::Send { attempt: 1, .. }));
    run.on_outcome(resp(204), NOW);
    assert!(run.next() == run.next() && run.is_done());
    assert_eq!(run.attempts(), 1);
}

#[test]
fn wait_reason_reads_as_a_status_line() {
    let r = WaitReason { cause: RetryCause::Status(503), hinted_by_service: true, retry: 1, max_retries: 4 };
    assert_eq!(r.to_string(), "503 Service Unavailable; retry 1 of 4 (as the service asked)");
    let r = WaitReason {
        cause: RetryCause::ConnectionFailed("x".into()),
        hinted_by_service: false,
        retry: 2,
        max_retries: 4,
    };
    assert_eq!(r.to_string(), "connection failed; retry 2 of 4");
}

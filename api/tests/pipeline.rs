//! Request pipeline scenarios: retries, hints, safety of replays, token renewal, request ids,
//! redaction and give-up messages. Time is a fake clock: each send takes 100 ms.

use aml_api::pipeline::RetryCause;
use aml_api::*;

mod pipeline_support;
use pipeline_support::*;

#[test]
fn every_retryable_status_is_retried_with_backoff() {
    for status in [408, 429, 500, 502, 503, 504] {
        let mut run = start(get());
        let (result, t) = drive(&mut run, vec![resp(status), resp(200)], vec![]);
        assert_eq!(result.unwrap().status, 200, "status {status}");
        assert_eq!(t.sends.len(), 2);
        let (delay, reason) = &t.waits[0];
        assert!((640..960).contains(delay), "{status}: {delay}");
        assert_eq!(reason.cause, RetryCause::Status(status));
        assert!(!reason.hinted_by_service);
    }
}

#[test]
fn dropped_connection_is_retried_for_get() {
    let mut run = start(get());
    let (result, t) = drive(&mut run, vec![dropped(), dropped(), resp(200)], vec![]);
    assert!(result.is_ok());
    assert_eq!(t.sends.len(), 3);
    assert!(matches!(t.waits[1].1.cause, RetryCause::ConnectionFailed(ref m) if m.contains("Failed to fetch")));
    assert!((1280..1920).contains(&t.waits[1].0));
}

#[test]
fn retry_after_seconds_date_and_ms_headers_are_honored() {
    let cases = [
        (with_header(resp(503), "Retry-After", "7"), 7_000),
        (with_header(resp(429), "retry-after", " 2 "), 2_000),
        // 30 s after NOW's answer arrives (NOW + 100 ms latency) → 29.9 s.
        (with_header(resp(503), "Retry-After", "Tue, 14 Nov 2023 22:13:50 GMT"), 29_900),
        // A date in the past means "now".
        (with_header(resp(503), "Retry-After", "Tue, 14 Nov 2023 22:00:00 GMT"), 0),
        (with_header(resp(503), "x-ms-retry-after-ms", "1500"), 1_500),
        (with_header(resp(503), "retry-after-ms", "250"), 250),
    ];
    for (outcome, expected) in cases {
        let mut run = start(get());
        let (result, t) = drive(&mut run, vec![outcome, resp(200)], vec![]);
        assert!(result.is_ok());
        assert_eq!(t.waits[0].0, expected);
        assert!(t.waits[0].1.hinted_by_service);
    }
}

#[test]
fn ms_headers_win_over_retry_after_and_garbage_falls_back_to_backoff() {
    let both = with_header(with_header(resp(503), "Retry-After", "9"), "x-ms-retry-after-ms", "400");
    let all = with_header(both.clone(), "retry-after-ms", "300");
    for (outcome, expected) in [(both, 400), (all, 300)] {
        let mut run = start(get());
        let (_, t) = drive(&mut run, vec![outcome, resp(200)], vec![]);
        assert_eq!(t.waits[0].0, expected);
    }
    let mut run = start(get());
    let bad = with_header(resp(503), "Retry-After", "soon");
    let (_, t) = drive(&mut run, vec![bad, resp(200)], vec![]);
    assert!(!t.waits[0].1.hinted_by_service);
    assert!((640..960).contains(&t.waits[0].0));
}

#[test]
fn jitter_stays_in_bounds_and_varies_by_seed() {
    let mut firsts = std::collections::BTreeSet::new();
    for seed in 0..=255u8 {
        let opts = RetryOptions { max_retries: 8, ..Default::default() };
        let mut run = start_with(opts, get(), seed);
        let (_, t) = drive(&mut run, (0..9).map(|_| resp(503)).collect(), vec![]);
        for (i, (delay, _)) in t.waits.iter().enumerate() {
            let nominal = (800u64 << i).min(60_000);
            let (lo, hi) = (nominal * 8 / 10, (nominal * 12 / 10).min(60_000));
            assert!((lo..=hi).contains(delay), "seed {seed} retry {i}: {delay}");
        }
        firsts.insert(t.waits[0].0);
    }
    assert!(firsts.len() > 100, "jitter should spread retries: {}", firsts.len());
    assert_eq!(pipeline::backoff_ms(&RetryOptions::default(), 60, 0.999), 60_000);
}

#[test]
fn hint_longer_than_max_delay_is_honored_within_budget() {
    let mut run = start(get());
    let slow = with_header(resp(429), "Retry-After", "90");
    let (result, t) = drive(&mut run, vec![slow, resp(200)], vec![]);
    assert!(result.is_ok());
    assert_eq!(t.waits[0].0, 90_000);
}

#[test]
fn max_retries_then_a_clear_message() {
    let opts = RetryOptions { max_retries: 2, ..Default::default() };
    let mut run = start_with(opts, get(), 1);
    let busy = || with_header(resp(503), "Retry-After", "1");
    let (result, t) = drive(&mut run, vec![busy(), busy(), busy()], vec![]);
    assert_eq!(t.sends.len(), 3);
    let err = result.unwrap_err();
    assert_eq!(err.status, Some(503));
    assert_eq!(err.code, "ServiceUnavailable");
    assert_eq!(err.request_id.as_deref(), Some("srv-1"));
    assert_eq!(
        err.message,
        "Gave up after 3 attempts over 2.3 s: the service kept answering 503 ServiceUnavailable. Last answer: Busy."
    );
}

#[test]
fn default_options_allow_five_attempts() {
    let mut run = start(get());
    let (result, t) = drive(&mut run, (0..5).map(|_| resp(502)).collect(), vec![]);
    assert_eq!(t.sends.len(), 5);
    let msg = result.unwrap_err().message;
    assert!(msg.starts_with("Gave up after 5 attempts over "), "{msg}");
    assert!(msg.contains("kept answering 502 SomethingFailed."), "{msg}");
}

#[test]
fn network_give_up_and_mixed_failures_read_well() {
    let opts = RetryOptions { max_retries: 1, ..Default::default() };
    let mut run = start_with(opts, get(), 3);
    let (result, _) = drive(&mut run, vec![dropped(), dropped()], vec![]);
    let err = result.unwrap_err();
    assert_eq!(err.code, "NetworkError");
    assert!(
        err.message.ends_with(": the network connection kept failing (TypeError: Failed to fetch)."),
        "{}",
        err.message
    );

    let mut run = start_with(opts, get(), 3);
    let (result, _) = drive(&mut run, vec![dropped(), resp(504)], vec![]);
    let msg = result.unwrap_err().message;
    assert!(msg.contains(": the service kept failing, last with 504 SomethingFailed. Last answer: Busy."), "{msg}");
}

#[test]
fn budget_limits_backoff_and_long_hints_give_up_early() {
    let opts = RetryOptions { max_retries: 10, budget_ms: 5_000, ..Default::default() };
    let mut run = start_with(opts, get(), 9);
    let (result, t) = drive(&mut run, (0..11).map(|_| resp(500)).collect(), vec![]);
    let msg = result.unwrap_err().message;
    assert!(msg.contains("would pass the 5.0 s this call may take"), "{msg}");
    let total: u64 = t.waits.iter().map(|w| w.0).sum::<u64>() + LATENCY * t.sends.len() as u64;
    assert!(total <= 5_000 + LATENCY, "{total}");

    let mut run = start(get());
    let long = with_header(resp(429), "Retry-After", "600");
    let (result, t) = drive(&mut run, vec![long], vec![]);
    assert_eq!(t.sends.len(), 1);
    assert!(t.waits.is_empty());
    let err = result.unwrap_err();
    assert_eq!(err.status, Some(429));
    assert_eq!(
        err.message,
        "Gave up after 1 attempt over 0.1 s: the service answered 429 TooManyRequests and asked to wait 600.0 s (Retry-After), longer than the 120.0 s this call may take. Last answer: Busy."
    );
}

#[test]
fn unsafe_post_is_not_replayed_after_it_may_have_acted() {
    for outcome in [resp(503), resp(500), dropped()] {
        let mut run = start(req(Method::Post, "/restart", None));
        let (result, t) = drive(&mut run, vec![outcome], vec![]);
        assert_eq!(t.sends.len(), 1);
        let msg = result.unwrap_err().message;
        assert!(msg.contains("This POST is not retried automatically"), "{msg}");
    }
    // 429/408: the service says it did not act, so even a restart may go again.
    let mut run = start(req(Method::Post, "/restart", None));
    let (result, t) = drive(&mut run, vec![resp(429), resp(408), resp(202)], vec![]);
    assert_eq!(result.unwrap().status, 202);
    assert_eq!(t.sends.len(), 3);
    // PATCH is not assumed idempotent either.
    let mut run = start(req(Method::Patch, "", Some("{}")));
    let (result, t) = drive(&mut run, vec![resp(502)], vec![]);
    assert!(result.is_err() && t.sends.len() == 1);
}

#[test]
fn idempotent_posts_and_explicit_class() {
    for action in ["/listKeys", "/listNodes", "/cancel"] {
        let request = req(Method::Post, action, None);
        assert_eq!(RetryClass::from_request(&request), RetryClass::Idempotent, "{action}");
        let mut run = start(request);
        let (result, _) = drive(&mut run, vec![dropped(), resp(200)], vec![]);
        assert!(result.is_ok(), "{action}");
    }
    for action in ["/start", "/stop", "/restart", "/listing"] {
        let request = req(Method::Post, action, None);
        assert_eq!(RetryClass::from_request(&request), RetryClass::NotIdempotent, "{action}");
    }
    // startPendingUpload is safe to resend only when the client named the upload location.
    let upload = "/codes/c/versions/1/startPendingUpload";
    let named = r#"{"pendingUploadId":"4b9e","pendingUploadType":"TemporaryBlobReference"}"#;
    assert_eq!(RetryClass::from_request(&req(Method::Post, upload, Some(named))), RetryClass::Idempotent);
    for body in [None, Some("{}"), Some(r#"{"pendingUploadId":""}"#), Some("not json")] {
        assert_eq!(RetryClass::from_request(&req(Method::Post, upload, body)), RetryClass::NotIdempotent, "{body:?}");
    }
    for m in [Method::Get, Method::Put, Method::Delete] {
        assert_eq!(RetryClass::from_request(&req(m, "", None)), RetryClass::Idempotent);
    }
    // The caller may mark a POST idempotent explicitly.
    let request = req(Method::Post, "/stop", None);
    let mut run = Pipeline::default().start(request, RetryClass::Idempotent, Some(BearerToken::new("t")), [0; 16], NOW);
    let (result, t) = drive(&mut run, vec![resp(503), resp(200)], vec![]);
    assert!(result.is_ok() && t.sends.len() == 2);
}

#[test]
fn put_is_replayed_with_the_identical_url_and_body() {
    let body = r#"{"properties":{"computeType":"AmlCompute"}}"#;
    let original = req(Method::Put, "", Some(body));
    let mut run = start(original.clone());
    let (result, t) = drive(&mut run, vec![dropped(), resp(503), resp(201)], vec![]);
    assert_eq!(result.unwrap().status, 201);
    assert_eq!(t.sends.len(), 3);
    for s in &t.sends {
        assert_eq!(s, &t.sends[0]);
        assert_eq!((s.method, &s.url, &s.body), (original.method, &original.url, &original.body));
    }
}

#[test]
fn wait_hints_are_read_as_decimals_without_floats() {
    use aml_api::pipeline::scaled_decimal;
    for (text, scale, expected) in [
        ("7", 1000, Some(7_000)),
        (" 2 ", 1000, Some(2_000)),
        ("1.5", 1000, Some(1_500)),
        (".25", 1000, Some(250)),
        ("3.", 1000, Some(3_000)),
        ("0.0004", 1000, Some(0)),
        ("0.0005", 1000, Some(1)),
        ("250", 1, Some(250)),
        ("249.5", 1, Some(250)),
        ("99999999999999999999999", 1000, Some(u64::MAX)),
        ("", 1000, None),
        (".", 1000, None),
        ("-1", 1000, None),
        ("+1", 1000, None),
        ("1e3", 1000, None),
        ("NaN", 1000, None),
        ("inf", 1000, None),
        ("1.2.3", 1000, None),
    ] {
        assert_eq!(scaled_decimal(text, scale), expected, "{text:?}");
    }
}

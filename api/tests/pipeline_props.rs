//! Pipeline invariants over thousands of random outcome sequences (a hand-rolled seeded PRNG,
//! so failures reproduce), plus the HTTP-date parser.

use aml_api::pipeline::{parse_http_date_ms, Action};
use aml_api::*;

mod pipeline_support;
use pipeline_support::{req, NOW};

/// xorshift64*: the test's own randomness, independent of the pipeline's generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn random_outcome(rng: &mut Rng, now_ms: u64) -> TransportOutcome {
    let status = *rng.pick(&[200, 201, 202, 204, 400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504, 0, 0, 1]);
    match status {
        0 => return TransportOutcome::ConnectionFailed("TypeError: Failed to fetch".into()),
        1 if rng.below(4) == 0 => return TransportOutcome::Aborted,
        1 => return TransportOutcome::ConnectionFailed("reset".into()),
        _ => {}
    }
    let mut r = HttpResponse::new(status, r#"{"error":{"code":"X","message":"m"}}"#);
    let date = |ms: u64| {
        // Format an IMF-fixdate for `ms` by searching the parser (keeps the test free of a
        // date formatter): only whole seconds within a day of NOW are used.
        let secs = ms / 1000;
        let base = NOW / 1000; // 2023-11-14 22:13:20
        let d = secs as i64 - base as i64 + 22 * 3600 + 13 * 60 + 20;
        let (day, rem) = (14 + d.div_euclid(86_400), d.rem_euclid(86_400));
        format!("Tue, {day:02} Nov 2023 {:02}:{:02}:{:02} GMT", rem / 3600, rem / 60 % 60, rem % 60)
    };
    match rng.below(6) {
        0 => r = r.with_header("Retry-After", &rng.below(400).to_string()),
        1 => r = r.with_header("retry-after-ms", &rng.below(90_000).to_string()),
        2 => r = r.with_header("x-ms-retry-after-ms", &rng.below(5_000).to_string()),
        3 => r = r.with_header("Retry-After", &date(now_ms + rng.below(200_000))),
        4 => r = r.with_header("Retry-After", "garbage"),
        _ => {}
    }
    TransportOutcome::Response(r)
}

fn maybe_acted(o: &TransportOutcome) -> bool {
    match o {
        TransportOutcome::Response(r) => matches!(r.status, 500 | 502 | 503 | 504),
        TransportOutcome::ConnectionFailed(_) => true,
        TransportOutcome::Aborted => false,
    }
}

#[test]
fn invariants_hold_for_random_outcome_sequences() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let (mut total_sends, mut total_waits, mut renewals_seen, mut errors) = (0, 0, 0, 0);
    for case in 0..4000 {
        let opts = RetryOptions {
            max_retries: rng.below(7) as u32,
            base_delay_ms: 1 + rng.below(2000),
            max_delay_ms: 500 + rng.below(60_000),
            budget_ms: rng.below(200_000),
        };
        let method = *rng.pick(&[Method::Get, Method::Put, Method::Delete, Method::Post, Method::Patch]);
        let suffix = *rng.pick(&["", "/listKeys", "/restart"]);
        let original = req(method, suffix, (method == Method::Put).then_some(r#"{"p":1}"#));
        let class = match rng.below(3) {
            0 => RetryClass::Idempotent,
            1 => RetryClass::NotIdempotent,
            _ => RetryClass::from_request(&original),
        };
        let token = (rng.below(5) > 0).then(|| BearerToken::new("SECRET-0"));
        let mut current = token.as_ref().map(|_| "Bearer SECRET-0".to_string());
        let mut seed = [0u8; 16];
        seed.iter_mut().for_each(|b| *b = rng.below(256) as u8);
        let mut run = Pipeline::new(opts).start(original.clone(), class, token, seed, NOW);
        let id = run.client_request_id().to_string();

        let ctx = format!("case {case}: {opts:?} {method:?}{suffix} {class:?}");
        let (mut clock, mut decided_at) = (NOW, NOW);
        let (mut sends, mut waits, mut renewals) = (0u32, 0u32, 0u32);
        let mut last: Option<TransportOutcome> = None;
        let mut stop_sending = false;
        let result = loop {
            match run.next() {
                Action::Send { request, attempt } => {
                    sends += 1;
                    assert_eq!(attempt, sends, "{ctx}");
                    assert!(!stop_sending, "{ctx}: unsafe request replayed after it may have acted");
                    assert!(sends <= opts.max_retries + 1 + renewals, "{ctx}: too many sends");
                    assert_eq!(request.header("Authorization").map(str::to_string), current, "{ctx}");
                    assert_eq!(request.header("x-ms-client-request-id"), Some(id.as_str()), "{ctx}");
                    let strip = |r: &HttpRequest| {
                        let mut r = r.clone();
                        r.headers.retain(|(k, _)| k.starts_with("Accept"));
                        r
                    };
                    assert_eq!(strip(&request), original, "{ctx}: request changed between attempts");
                    clock += rng.below(3_000);
                    let o = random_outcome(&mut rng, clock);
                    if class == RetryClass::NotIdempotent && maybe_acted(&o) {
                        stop_sending = true;
                    }
                    decided_at = clock;
                    last = Some(o.clone());
                    run.on_outcome(o, clock);
                }
                Action::Wait { delay_ms, reason } => {
                    waits += 1;
                    assert!(waits <= opts.max_retries, "{ctx}");
                    assert_eq!(reason.retry, waits, "{ctx}");
                    let elapsed = decided_at - NOW;
                    if reason.hinted_by_service {
                        assert!(elapsed + delay_ms <= opts.budget_ms, "{ctx}: hint past budget");
                    } else {
                        assert!(delay_ms <= opts.max_delay_ms, "{ctx}: backoff {delay_ms} over cap");
                        assert!(elapsed + delay_ms <= opts.budget_ms, "{ctx}: backoff past budget");
                    }
                    clock += delay_ms;
                }
                Action::RenewToken => {
                    renewals += 1;
                    assert!(renewals <= 1, "{ctx}: renewed twice");
                    let t = match rng.below(5) {
                        0 => Err(ApiError::new("interaction_required", "no user")),
                        _ => Ok(BearerToken::new("SECRET-1")),
                    };
                    if t.is_ok() {
                        current = Some("Bearer SECRET-1".into());
                    }
                    run.on_token(t);
                }
                Action::Done(result) => break result,
            }
            assert!(sends < 100, "{ctx}: runaway");
        };
        // Done is final: it repeats and nothing else comes out.
        for _ in 0..3 {
            assert_eq!(run.next(), Action::Done(result.clone()), "{ctx}");
        }
        run.on_outcome(TransportOutcome::Response(HttpResponse::new(200, "")), clock);
        assert_eq!(run.next(), Action::Done(result.clone()), "{ctx}");
        match (&result, &last) {
            (Ok(r), Some(TransportOutcome::Response(l))) => {
                assert_eq!(r.status, l.status, "{ctx}");
                assert!(r.status < 400 || !matches!(r.status, 401 | 408 | 429 | 500 | 502 | 503 | 504), "{ctx}");
            }
            (Ok(_), _) => panic!("{ctx}: Ok without a response"),
            (Err(e), _) => {
                errors += 1;
                let text = format!("{e} {e:?} {run:?}");
                assert!(!text.contains("SECRET"), "{ctx}: token leaked: {text}");
                assert!(!e.message.is_empty(), "{ctx}");
            }
        }
        total_sends += sends;
        total_waits += waits;
        renewals_seen += renewals;
    }
    // The generator really exercised retries, renewals and failures.
    assert!(
        total_waits > 1000 && renewals_seen > 500 && errors > 500,
        "{total_sends} {total_waits} {renewals_seen} {errors}"
    );
}

#[test]
fn http_dates_in_all_three_formats() {
    let t = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
    assert_eq!(parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"), Some(t));
    assert_eq!(parse_http_date_ms("Sunday, 06-Nov-94 08:49:37 GMT"), Some(t));
    assert_eq!(parse_http_date_ms("Sun Nov  6 08:49:37 1994"), Some(t));
    assert_eq!(parse_http_date_ms("Tue, 14 Nov 2023 22:13:20 GMT"), Some(NOW));
    assert_eq!(parse_http_date_ms("Thu, 29 Feb 2024 00:00:00 GMT"), Some(1_709_164_800_000));
    assert_eq!(parse_http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
    for bad in [
        "",
        "120",
        "soon",
        "Sun, 06 Nov 1994 08:49:37 CET",
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
    ] {
        assert_eq!(parse_http_date_ms(bad), None, "{bad:?}");
    }
}

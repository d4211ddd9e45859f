//! MLflow reads: request URLs, tolerant models, MLflow's error body, get-history paged to the
//! end and re-read from its last page while the run grows, and which histories a refresh round
//! reads.
// The crate's `ApiError` is large on purpose (see lib.rs).
#![allow(clippy::result_large_err)]

use aml_api::jobs::DataPlane;
use aml_api::metrics::Point;
use aml_api::mlflow::{self, HistoryPage, HistoryReader, RunMetrics, RunResponse, Tracking};
use aml_api::url::percent_decode;
use aml_api::{HttpRequest, HttpResponse, Method, WorkspaceRef};
use serde_json::json;

const SUB: &str = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

fn tracking() -> Tracking {
    let ws = WorkspaceRef::new(SUB, "rg-ml-dev", "ws-demo");
    Tracking::new(&DataPlane::new("https://{region}.api.azureml.ms/", "East US"), &ws)
}

fn query(req: &HttpRequest, key: &str) -> Option<String> {
    let q = req.url.split_once('?')?.1;
    q.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| percent_decode(v).expect("valid escapes"))
    })
}

/// A get-history server over `points` with MLflow's paging: a page token names the offset
/// the page starts at. `refuse_tokens` answers every token with 400 (an expired token).
struct FakeHistory {
    points: Vec<Point>,
    refuse_tokens: bool,
    requests: Vec<HttpRequest>,
}

impl FakeHistory {
    fn new(n: usize) -> FakeHistory {
        FakeHistory { points: (0..n).map(pt).collect(), refuse_tokens: false, requests: vec![] }
    }

    fn answer(&mut self, req: &HttpRequest) -> HttpResponse {
        self.requests.push(req.clone());
        assert_eq!(req.method, Method::Get);
        assert!(req.url.contains("/api/2.0/mlflow/metrics/get-history?"), "{}", req.url);
        let max: usize = query(req, "max_results").expect("max_results").parse().unwrap();
        let offset = match query(req, "page_token") {
            Some(_) if self.refuse_tokens => {
                let body = json!({"error_code": "INVALID_PARAMETER_VALUE", "message": "Invalid page token"});
                return HttpResponse::new(400, body.to_string());
            }
            Some(t) => t.strip_prefix("off-").unwrap().parse().unwrap(),
            None => 0,
        };
        let end = (offset + max).min(self.points.len());
        let metrics: Vec<_> = self.points[offset..end]
            .iter()
            .map(|p| json!({"key": "loss", "value": p.value, "timestamp": p.timestamp.to_string(), "step": p.step}))
            .collect();
        let mut body = json!({"metrics": metrics});
        if end < self.points.len() {
            body["next_page_token"] = json!(format!("off-{end}"));
        }
        HttpResponse::new(200, body.to_string())
    }
}

fn pt(i: usize) -> Point {
    // 17 significant digits, where a float parser that is not exact goes wrong.
    Point::new(i as i64, 1_700_000_000_000 + i as i64 * 1000, 1.0 / (i as f64 + 1.0))
}

/// Runs a read of `reader` to its end against `server`; returns how many pages it asked for.
fn read_all(reader: &mut HistoryReader, server: &mut FakeHistory) -> Result<usize, aml_api::ApiError> {
    let t = tracking();
    let mut pages = 0;
    while let Some(req) = reader.request(&t, "job-1") {
        pages += 1;
        let resp = server.answer(&req);
        match mlflow::parse::<HistoryPage>(&resp) {
            Ok(p) => reader.on_page(p),
            Err(e) => reader.on_error(e)?,
        }
    }
    Ok(pages)
}

#[test]
fn requests_go_to_the_workspace_tracking_base() {
    let t = tracking();
    let base = format!(
        "https://eastus.api.azureml.ms/mlflow/v1.0/subscriptions/{SUB}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo"
    );
    assert_eq!(t.base(), base);
    let r = t.get_run("job_1");
    assert_eq!(r.method, Method::Get);
    assert_eq!(r.url, format!("{base}/api/2.0/mlflow/runs/get?run_id=job_1"));
    let h = t.metric_history("job_1", "val/loss rate", 100_000, Some("a+b/="));
    assert!(h.url.starts_with(&format!("{base}/api/2.0/mlflow/metrics/get-history?")), "{}", h.url);
    assert_eq!(query(&h, "metric_key").as_deref(), Some("val/loss rate"));
    // Capped at MLflow's page limit; the token travels intact.
    assert_eq!(query(&h, "max_results").as_deref(), Some("25000"));
    assert_eq!(query(&h, "page_token").as_deref(), Some("a+b/="));
    assert!(!h.url.contains(' ') && !h.url.contains("a+b/="), "{}", h.url);
}

#[test]
fn runs_read_tolerantly() {
    let body = json!({"run": {
        "info": {"run_id": "job-1", "run_name": "", "experiment_id": 7, "status": "RUNNING",
                 "start_time": "1700000000000", "end_time": null, "some_new_field": {"x": 1}},
        "data": {
            "metrics": [
                {"key": "loss", "value": "NaN", "timestamp": "1700000001000", "step": "3"},
                {"key": "acc", "value": 0.5, "timestamp": 1_700_000_002_000_i64, "step": 4},
                {"key": "inf", "value": "-Infinity", "timestamp": 1, "step": 0},
                "garbage",
                {"value": 1.0}
            ],
            "params": [{"key": "lr", "value": "0.1"}, {"key": "batch", "value": 32}],
            "tags": [{"key": "mlflow.runName", "value": "nice name"}, {"key": "team", "value": "vision"}]
        }
    }});
    let run = mlflow::parse::<RunResponse>(&HttpResponse::new(200, body.to_string())).unwrap().run.unwrap();
    assert_eq!(run.info.experiment_id, "7");
    assert_eq!(run.info.start_time, Some(1_700_000_000_000));
    assert_eq!(run.info.end_time, None);
    assert!(!run.is_terminal());
    assert_eq!(run.display_name(), "nice name");
    assert_eq!(run.metric_keys(), ["acc", "inf", "loss"]);
    let loss = run.latest("loss").unwrap();
    assert!(loss.value.is_nan() && loss.step == 3 && loss.timestamp == 1_700_000_001_000);
    assert_eq!(run.latest("inf").unwrap().value, f64::NEG_INFINITY);
    assert_eq!(
        run.params().iter().map(|p| (p.key.as_str(), p.value.as_str())).collect::<Vec<_>>(),
        [("batch", "32"), ("lr", "0.1")]
    );
    assert_eq!(run.tags()[0].key, "team", "MLflow's own tags come last");

    let empty = mlflow::parse::<RunResponse>(&HttpResponse::new(
        200,
        r#"{"run":{"info":{"run_id":"x","status":"FINISHED"},"data":{}}}"#,
    ))
    .unwrap();
    let run = empty.run.unwrap();
    assert!(run.is_terminal() && run.metric_keys().is_empty() && run.display_name() == "x");
}

#[test]
fn mlflow_errors_keep_their_code_and_message() {
    let resp = HttpResponse::new(404, r#"{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run 'nope' not found."}"#)
        .with_header("x-ms-request-id", "req-1");
    let e = mlflow::parse::<RunResponse>(&resp).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str(), e.status),
        ("RESOURCE_DOES_NOT_EXIST", "Run 'nope' not found.", Some(404))
    );
    assert_eq!(e.request_id.as_deref(), Some("req-1"));
    assert!(mlflow::is_missing(&e));
    // An ARM-style body (a gateway's 401) reads as before.
    let arm = HttpResponse::new(401, r#"{"error":{"code":"InvalidAuthenticationToken","message":"bad"}}"#);
    let e = mlflow::parse::<RunResponse>(&arm).unwrap_err();
    assert_eq!(e.code, "InvalidAuthenticationToken");
    assert!(e.is_auth_failure() && !mlflow::is_missing(&e));
    let e =
        mlflow::parse::<RunResponse>(&HttpResponse::new(500, r#"{"error_code":"INTERNAL_ERROR","message":"boom"}"#))
            .unwrap_err();
    assert!(!mlflow::is_missing(&e) && e.code == "INTERNAL_ERROR");
}

#[test]
fn history_is_read_to_its_last_page() {
    let mut server = FakeHistory::new(60);
    let mut r = HistoryReader::new("loss", 25);
    assert!(r.request(&tracking(), "job-1").is_none(), "no read before start");
    r.start();
    assert_eq!(read_all(&mut r, &mut server).unwrap(), 3);
    assert_eq!(r.points(), &server.points[..]);
    assert_eq!(r.reads_done(), 1);
    assert!(!r.is_reading());
}

#[test]
fn a_growing_history_is_reread_from_its_last_page_only() {
    let mut server = FakeHistory::new(60);
    let mut r = HistoryReader::new("loss", 25);
    r.start();
    read_all(&mut r, &mut server).unwrap();
    server.points.extend((60..67).map(pt));
    server.requests.clear();
    r.start();
    assert_eq!(read_all(&mut r, &mut server).unwrap(), 1);
    assert_eq!(query(&server.requests[0], "page_token").as_deref(), Some("off-50"));
    assert_eq!(r.points(), &server.points[..], "the last page is replaced, not appended twice");
    // Crossing a page boundary: the re-read continues onto the next page.
    server.points.extend((67..80).map(pt));
    r.start();
    assert_eq!(read_all(&mut r, &mut server).unwrap(), 2);
    assert_eq!(r.points(), &server.points[..]);
    // Nothing new: one request, the same points.
    r.start();
    assert_eq!(read_all(&mut r, &mut server).unwrap(), 1);
    assert_eq!(r.points().len(), 80);
}

#[test]
fn a_refused_page_token_restarts_from_the_first_point() {
    let mut server = FakeHistory::new(60);
    let mut r = HistoryReader::new("loss", 25);
    r.start();
    read_all(&mut r, &mut server).unwrap();
    server.points.extend((60..70).map(pt));
    server.refuse_tokens = true;
    r.start();
    // The resumed page is refused; the read starts over, and its own second page is refused too
    // (a service that never accepts tokens): that one is an error, the points read stay.
    let e = read_all(&mut r, &mut server).unwrap_err();
    assert_eq!(e.code, "INVALID_PARAMETER_VALUE");
    assert_eq!(r.points(), &server.points[..25]);
    server.refuse_tokens = false;
    r.start();
    read_all(&mut r, &mut server).unwrap();
    assert_eq!(r.points(), &server.points[..]);
}

#[test]
fn a_service_that_never_stops_paging_is_cut_off() {
    let mut r = HistoryReader::new("loss", 1);
    r.start();
    let mut pages = 0;
    while r.request(&tracking(), "job-1").is_some() {
        pages += 1;
        r.on_page(HistoryPage { metrics: vec![pt(pages)], next_page_token: Some("again".into()) });
    }
    assert_eq!(pages, 2_000);
    // An empty page with a token ends the read too.
    let mut r = HistoryReader::new("loss", 10);
    r.start();
    r.on_page(HistoryPage { metrics: vec![], next_page_token: Some("again".into()) });
    assert!(!r.is_reading());
}

fn run_with(latest: &[(&str, i64, f64)], status: &str) -> mlflow::Run {
    let metrics: Vec<_> =
        latest.iter().map(|(k, s, v)| json!({"key": k, "value": v, "step": s, "timestamp": 1000 + s})).collect();
    let body = json!({"run": {"info": {"run_id": "job-1", "status": status}, "data": {"metrics": metrics}}});
    serde_json::from_str::<RunResponse>(&body.to_string()).unwrap().run.unwrap()
}

#[test]
fn a_round_reads_only_the_histories_that_changed() {
    let t = tracking();
    let mut m = RunMetrics::with_page_size("job-1", 100);
    assert!(m.run_request(&t).url.contains("runs/get?run_id=job-1"));
    assert_eq!(m.on_run(run_with(&[("loss", 3, 0.5), ("acc", 3, 0.7)], "RUNNING"), false), ["acc", "loss"]);
    let mut asked = vec![];
    while let Some((key, req)) = m.next_request(&t) {
        asked.push(key.clone());
        let body = json!({"metrics": [{"key": key, "value": 0.5, "step": 3, "timestamp": 1003}]});
        m.on_history(&key, &HttpResponse::new(200, body.to_string())).unwrap();
        assert_eq!(query(&req, "metric_key").as_deref(), Some(key.as_str()));
    }
    assert_eq!(asked, ["acc", "loss"]);
    assert_eq!(m.history("loss").len(), 1);
    // Same latest values: nothing to read. One changed: only that one.
    assert!(m.on_run(run_with(&[("loss", 3, 0.5), ("acc", 3, 0.7)], "RUNNING"), false).is_empty());
    assert!(m.next_request(&t).is_none());
    assert_eq!(m.on_run(run_with(&[("loss", 4, 0.4), ("acc", 3, 0.7)], "RUNNING"), false), ["loss"]);
    // A failed read is read again next round even when nothing changed.
    let (key, _) = m.next_request(&t).unwrap();
    let err =
        m.on_history(&key, &HttpResponse::new(503, r#"{"error_code":"TEMPORARILY_UNAVAILABLE","message":"busy"}"#));
    assert_eq!(err.unwrap_err().code, "TEMPORARILY_UNAVAILABLE");
    assert!(m.next_request(&t).is_none());
    assert_eq!(m.on_run(run_with(&[("loss", 4, 0.4), ("acc", 3, 0.7)], "RUNNING"), false), ["loss"]);
    let drain = |m: &mut RunMetrics| {
        while let Some((key, _)) = m.next_request(&t) {
            m.on_history(&key, &HttpResponse::new(200, "{}")).unwrap();
        }
    };
    drain(&mut m);
    // A read that got no answer at all is given up and read again next round.
    assert_eq!(m.on_run(run_with(&[("loss", 4, 0.4), ("acc", 5, 0.8)], "RUNNING"), false), ["acc"]);
    let (key, _) = m.next_request(&t).unwrap();
    assert_eq!(key, "acc");
    m.abandon(&key);
    assert!(m.next_request(&t).is_none());
    assert_eq!(m.on_run(run_with(&[("loss", 4, 0.4), ("acc", 5, 0.8)], "RUNNING"), false), ["acc"]);
    drain(&mut m);
    // After the run ends, one round reads everything.
    assert_eq!(m.on_run(run_with(&[("loss", 4, 0.4), ("acc", 3, 0.7)], "FINISHED"), true), ["acc", "loss"]);
    assert!(m.run().unwrap().is_terminal());
    assert_eq!(m.keys(), ["acc", "loss"]);
}

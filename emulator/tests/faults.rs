//! Fault injection (`/_emulator/faults`, `--faults`) and raw resource injection
//! (`/_emulator/inject`): determinism, every kind, per-route matching, before/after semantics.

mod common;
use aml_emulator::faults::{glob, FaultConfig};
use common::*;
use serde_json::{json, Value};
use std::time::Instant;

fn compute(emu: &Emu, name: &str) -> String {
    format!("{}/computes/{name}?api-version={V}", emu.ws_path(DEV, "rg-ml-dev", "ws-demo"))
}

fn cluster() -> Value {
    json!({"location": "eastus", "properties": {"computeType": "AmlCompute", "properties": {
        "vmSize": "STANDARD_DS3_V2", "scaleSettings": {"minNodeCount": 0, "maxNodeCount": 2}}}})
}

async fn hook(emu: &Emu, method: &str, name: &str, body: Value) -> (u16, Value) {
    let r = emu
        .http
        .request(method.parse().unwrap(), format!("{}/_emulator/{name}", emu.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn faults(emu: &Emu, config: Value) {
    let (s, body) = hook(emu, "POST", "faults", config).await;
    assert_eq!(s, 200, "{body}");
}

/// Status of each request of a fixed mixed sequence (0 = connection dropped).
async fn run_sequence(emu: &Emu) -> Vec<u16> {
    let paths: Vec<String> = ["cpu-cluster", "gpu-cluster", "ci-ada", "nope"].iter().map(|n| compute(emu, n)).collect();
    let mut out = Vec::new();
    for i in 0..40 {
        let r = emu.http.get(format!("{}{}", emu.base, paths[i % 4])).bearer_auth(emu.token()).send().await;
        out.push(r.map(|r| r.status().as_u16()).unwrap_or(0));
    }
    out
}

#[tokio::test]
async fn same_seed_same_sequence_same_faults() {
    let emu = start().await;
    let config = json!({"seed": 7, "rules": [{"match": {"path": "*/computes/*"}, "rate": 0.5, "kinds": ["429", "500", "503", "drop"]}]});
    faults(&emu, config.clone()).await;
    let first = run_sequence(&emu).await;
    faults(&emu, config.clone()).await; // re-installing restarts the sequences
    assert_eq!(run_sequence(&emu).await, first);
    // Roughly half are faulted, with every kind showing up.
    let faulted = first.iter().filter(|s| ![200, 404].contains(*s)).count();
    assert!((10..=30).contains(&faulted), "{first:?}");
    for s in [429, 500, 503, 0] {
        assert!(first.contains(&s), "kind {s} never drawn: {first:?}");
    }
    let mut other = config;
    other["seed"] = json!(8);
    faults(&emu, other).await;
    assert_ne!(run_sequence(&emu).await, first, "another seed, other faults");
}

#[tokio::test]
async fn error_kinds_carry_arm_bodies_and_request_ids() {
    let emu = start().await;
    for (kind, status, code) in [
        ("429", 429, "SubscriptionRequestsThrottled"),
        ("500", 500, "InternalServerError"),
        ("503", 503, "ServiceUnavailable"),
    ] {
        faults(&emu, json!({"seed": 1, "rules": [{"kinds": [kind], "retryAfter": 3}]})).await;
        let (s, h, body) = emu.call("GET", &compute(&emu, "cpu-cluster"), None).await;
        assert_eq!(s, status);
        assert_eq!(body["error"]["code"], code);
        let id = h.get("x-ms-request-id").unwrap().to_str().unwrap();
        assert!(body["error"]["message"].as_str().unwrap().contains(id), "the body quotes the request id");
        assert_eq!(h.get("x-ms-emulator-fault").unwrap(), kind);
        if status == 429 {
            assert_eq!(h.get("retry-after").unwrap(), "3");
        }
    }
    // A custom answer (hostile error text for the console's error box).
    let hostile = json!({"error": {"code": "<b>Bad</b>", "message": "<img src=x onerror=alert(1)>", "details": [{"code": "x", "message": "<script>alert(2)</script>"}]}});
    faults(&emu, json!({"rules": [{"match": {"path": "*/computes/cpu-cluster"}, "kinds": ["custom"], "status": 418, "body": hostile, "headers": {"x-extra": "1"}}]})).await;
    let (s, h, body) = emu.call("GET", &compute(&emu, "cpu-cluster"), None).await;
    assert_eq!((s, body), (418, hostile));
    assert_eq!(h.get("x-extra").unwrap(), "1");
}

#[tokio::test]
async fn drop_closes_the_connection_without_a_response() {
    let emu = start().await;
    faults(&emu, json!({"rules": [{"kinds": ["drop"]}]})).await;
    let err =
        emu.http.get(format!("{}{}", emu.base, compute(&emu, "cpu-cluster"))).bearer_auth(emu.token()).send().await;
    assert!(err.is_err(), "no response at all: {err:?}");
    // Raw socket: the server closes without writing a status line.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut sock = tokio::net::TcpStream::connect(emu.addr).await.unwrap();
    sock.write_all(b"GET /subscriptions?api-version=2022-12-01 HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    let mut buf = Vec::new();
    let _ = sock.read_to_end(&mut buf).await;
    assert!(buf.is_empty(), "got {:?}", String::from_utf8_lossy(&buf));
}

#[tokio::test]
async fn latency_fixed_and_range() {
    let emu = start().await;
    faults(&emu, json!({"rules": [{"kinds": ["latency"], "latencyMs": 300}]})).await;
    let t = Instant::now();
    let (s, _) = emu.get_json(&compute(&emu, "cpu-cluster")).await;
    assert_eq!(s, 200, "latency only delays");
    assert!(t.elapsed().as_millis() >= 300);
    faults(&emu, json!({"rules": [{"kinds": ["latency"], "latencyMs": [100, 150], "when": "after"}]})).await;
    let t = Instant::now();
    assert_eq!(emu.get_json(&compute(&emu, "cpu-cluster")).await.0, 200);
    let ms = t.elapsed().as_millis();
    assert!((100..1000).contains(&ms), "{ms}");
}

#[tokio::test]
async fn expired_token_for_the_next_n_calls() {
    let emu = start().await;
    faults(&emu, json!({"rules": [{"match": {"path": "/subscriptions*"}, "kinds": ["expired"], "count": 2}]})).await;
    for _ in 0..2 {
        let (s, h, body) = emu.call("GET", &compute(&emu, "cpu-cluster"), None).await;
        assert_eq!(s, 401);
        assert_eq!(body["error"]["code"], "ExpiredAuthenticationToken");
        assert!(h.get("www-authenticate").unwrap().to_str().unwrap().contains("invalid_token"));
    }
    assert_eq!(emu.get_json(&compute(&emu, "cpu-cluster")).await.0, 200, "the third call goes through");
}

#[tokio::test]
async fn rules_match_per_route_and_spare_hooks_sign_in_and_token() {
    let emu = start().await;
    faults(&emu, json!({"rules": [{"match": {"method": "PUT", "path": "*/computes/*"}, "kinds": ["500"]}]})).await;
    assert_eq!(emu.get_json(&compute(&emu, "cpu-cluster")).await.0, 200, "GET is not PUT");
    assert_eq!(emu.call("PUT", &compute(&emu, "x1"), Some(&cluster())).await.0, 500);

    // A catch-all rule still spares the hooks, the authorize page and (by default) the token endpoint.
    faults(&emu, json!({"rules": [{"kinds": ["503"]}]})).await;
    assert_eq!(emu.http.get(format!("{}/_emulator/health", emu.base)).send().await.unwrap().status(), 200);
    let authorize = format!("{}/common/oauth2/v2.0/authorize", emu.base);
    assert_ne!(emu.http.get(&authorize).send().await.unwrap().status(), 503);
    let token = format!("{}/common/oauth2/v2.0/token", emu.base);
    let form = [("grant_type", "refresh_token"), ("refresh_token", "nope")];
    assert_eq!(emu.http.post(&token).form(&form).send().await.unwrap().status(), 400, "Entra's own answer");
    // Preflights are spared unless a rule names OPTIONS.
    let pre =
        emu.http.request(reqwest::Method::OPTIONS, format!("{}{}", emu.base, compute(&emu, "a"))).send().await.unwrap();
    assert_eq!(pre.status(), 200);
    faults(&emu, json!({"rules": [{"kinds": ["503"], "includeToken": true}]})).await;
    assert_eq!(emu.http.post(&token).form(&form).send().await.unwrap().status(), 503);

    // Globs.
    assert!(glob("*/computes/*", "/subscriptions/s/x/computes/a/listnodes"));
    assert!(glob("/subscriptions", "/subscriptions"));
    assert!(!glob("*/computes/*", "/subscriptions/s/computeoperationsstatus/1"));
    assert!(glob("*/jobs/*/cancel", "/a/jobs/j1/cancel") && !glob("*/jobs/*/cancel", "/a/jobs/j1"));
}

#[tokio::test]
async fn before_drops_the_request_after_applies_it_and_loses_the_answer() {
    let emu = start().await;
    emu.set_operation_ms(0);
    faults(&emu, json!({"rules": [{"match": {"method": "PUT"}, "kinds": ["503"], "when": "before"}]})).await;
    assert_eq!(emu.call("PUT", &compute(&emu, "beforex"), Some(&cluster())).await.0, 503);
    assert_eq!(emu.get_json(&compute(&emu, "beforex")).await.0, 404, "not applied");

    faults(&emu, json!({"rules": [{"match": {"method": "PUT"}, "kinds": ["503", "drop"], "when": "after"}]})).await;
    let r = emu
        .http
        .put(format!("{}{}", emu.base, compute(&emu, "afterx")))
        .bearer_auth(emu.token())
        .json(&cluster())
        .send()
        .await;
    assert!(r.map(|r| r.status().as_u16() != 201).unwrap_or(true), "the answer is lost");
    assert_eq!(emu.get_json(&compute(&emu, "afterx")).await.0, 200, "but the compute was created");
    // A retried PUT of the same body is an update, not a second compute.
    hook(&emu, "DELETE", "faults", json!({})).await;
    assert_eq!(emu.call("PUT", &compute(&emu, "afterx"), Some(&cluster())).await.0, 200);
}

#[tokio::test]
async fn reset_and_delete_clear_faults_and_bad_configs_are_refused() {
    let emu = start().await;
    faults(&emu, json!({"rules": [{"kinds": ["500"]}]})).await;
    hook(&emu, "POST", "reset", json!({})).await;
    assert_eq!(emu.get_json(&compute(&emu, "cpu-cluster")).await.0, 200);
    faults(&emu, json!({"rules": [{"kinds": ["500"]}]})).await;
    assert_eq!(hook(&emu, "DELETE", "faults", json!({})).await.0, 200);
    assert_eq!(emu.get_json(&compute(&emu, "cpu-cluster")).await.0, 200);
    for bad in [
        json!({"rules": [{"kinds": ["oops"]}]}),
        json!({"rules": [{"kinds": []}]}),
        json!({"rules": [{"kinds": ["500"], "rate": 2}]}),
        json!({"rulez": []}),
    ] {
        assert_eq!(hook(&emu, "POST", "faults", bad.clone()).await.0, 400, "{bad}");
    }
    // The log lists what was injected.
    faults(&emu, json!({"rules": [{"kinds": ["429"], "count": 1}]})).await;
    emu.get_json(&compute(&emu, "cpu-cluster")).await;
    let (_, log) = emu.get_json("/_emulator/faults").await;
    assert_eq!(log["injected"][0]["kind"], "429");
}

#[tokio::test]
async fn start_up_faults_come_back_on_reset() {
    let cfg = FaultConfig::parse(
        br#"{"seed": 3, "rules": [{"match": {"path": "*/computes/gpu-cluster"}, "kinds": ["503"]}]}"#,
    )
    .unwrap();
    let emu = start_with(|c| c.faults = cfg).await;
    assert_eq!(emu.get_json(&compute(&emu, "gpu-cluster")).await.0, 503);
    hook(&emu, "DELETE", "faults", json!({})).await;
    assert_eq!(emu.get_json(&compute(&emu, "gpu-cluster")).await.0, 200);
    hook(&emu, "POST", "reset", json!({})).await;
    assert_eq!(emu.get_json(&compute(&emu, "gpu-cluster")).await.0, 503);
}

#[tokio::test]
async fn injected_resources_are_served_verbatim_until_reset() {
    let emu = start().await;
    let ws = emu.ws_path(DEV, "rg-ml-dev", "ws-demo");
    let raw = json!({"name": "<img src=x onerror=alert(1)>", "properties": {"computeType": "QuantumAnnealer",
        "provisioningState": "Teleporting", "properties": {"scaleSettings": {"maxNodeCount": "four"}}}, "extra": [1, {"a": null}]});
    let (s, out) = hook(&emu, "POST", "inject", json!({"kind": "compute", "workspace": "ws-demo", "body": raw})).await;
    assert_eq!(s, 200, "{out}");
    let nameless = json!({"properties": null, "description": "x".repeat(100_000)});
    hook(
        &emu,
        "POST",
        "inject",
        json!({"kind": "compute", "workspace": "rg-ml-dev/ws-demo", "name": "nameless", "body": nameless}),
    )
    .await;
    let pages = emu.all_pages(&format!("{ws}/computes?api-version={V}"), false).await;
    let all: Vec<Value> = pages.iter().flat_map(|p| p["value"].as_array().unwrap().clone()).collect();
    assert!(all.contains(&raw) && all.contains(&nameless));
    assert_eq!(emu.get_json(&format!("{ws}/computes/nameless?api-version={V}")).await.1, nameless);
    let (s, got) =
        emu.get_json(&format!("{ws}/computes/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E?api-version={V}")).await;
    assert_eq!((s, got), (200, raw));

    let job = json!({"name": "weird-job", "properties": {"jobType": "Command", "status": "Levitating"}});
    hook(&emu, "POST", "inject", json!({"kind": "job", "workspace": ws, "body": job})).await;
    assert_eq!(emu.get_json(&format!("{ws}/jobs/weird-job?api-version={V}")).await.1, job);
    let (_, list) = emu.get_json(&format!("{ws}/jobs?api-version={V}")).await;
    assert!(list["value"].as_array().unwrap().contains(&job));

    assert_eq!(hook(&emu, "POST", "inject", json!({"kind": "robot", "body": {}})).await.0, 400);
    assert_eq!(hook(&emu, "POST", "inject", json!({"kind": "job", "workspace": "nope", "body": {}})).await.0, 400);
    hook(&emu, "POST", "reset", json!({})).await;
    assert_eq!(emu.get_json(&format!("{ws}/computes/nameless?api-version={V}")).await.0, 404);
}

//! Property test of every response parser over mutated fixtures: whatever ARM (or something in
//! between) sends, the parsers and view helpers must never panic, and JSON that parses must
//! serialize back to exactly the same JSON (the models are lossless by design).
//!
//! Deterministic: a fixed-seed xorshift PRNG drives the mutations, so a failure names the seed
//! and iteration that reproduce it (`AML_FUZZ_SEED`, `AML_FUZZ_ITERS` override the defaults).

use aml_api::pipeline::{parse_http_date_ms, retry_hint_ms};
use aml_api::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod fuzz_support;
use fuzz_support::{damage_text, mutate, Rng};

/// Every response body (and PUT request body) of the fixtures, plus hand-made LRO status docs,
/// error bodies and a nodes page (no fixture has those shapes with every field).
fn seeds() -> Vec<Value> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out)
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p)
            }
        }
    }
    let mut files = vec![];
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures"), &mut files);
    files.sort();
    let mut out = vec![];
    for f in files {
        let doc: Value = serde_json::from_str(&fs::read_to_string(&f).unwrap()).unwrap();
        for resp in doc["responses"].as_object().into_iter().flat_map(|m| m.values()) {
            if let Some(b) = resp.get("body") {
                out.push(b.clone());
            }
        }
        if let Some(b) = doc["parameters"].get("parameters").or_else(|| doc["parameters"].get("body")) {
            out.push(b.clone());
        }
    }
    assert!(out.len() >= 40, "fixture walk found {} bodies", out.len());
    out.extend([
        json!({"id": "x", "name": "op", "status": "InProgress", "startTime": "2024-01-01T00:00:00Z"}),
        json!({"status": "Failed", "error": {"code": "BadRequest", "message": "m", "details": [{"code": "c", "message": "d", "target": "t"}],
               "additionalInfo": [{"type": "t", "info": {"a": 1}}]}}),
        json!({"error": {"code": "ResourceNotFound", "message": "gone", "target": null, "details": [], "innerError": {"code": "x"}},
               "correlation": {"operation": "o", "request": "r"}, "componentName": "account-rp"}),
        json!({"nodes": [{"nodeId": "n1", "privateIpAddress": "10.0.0.1", "publicIpAddress": "1.2.3.4", "port": 50000,
               "nodeState": "idle", "runId": null}], "nextLink": "https://management.azure.com/x?$skip=1"}),
        json!({"value": [{"id": "u", "aml_workspace_location": "eastus", "type": "t", "unit": "Count", "currentValue": 8,
               "limit": 24, "name": {"value": "standardDSv2Family", "localizedValue": "Standard DSv2 Family vCPUs"}}]}),
        json!({"computeType": "VirtualMachine", "administratorAccount": {"username": "u", "password": "p"}}),
        json!({"computeType": "AKS", "userKubeConfig": "k", "adminKubeConfig": "a", "imagePullSecretName": null}),
        json!({"computeType": "Databricks", "databricksAccessToken": "t"}),
    ]);
    out
}

/// Parses `v` as `T`; when it parses, the JSON must come back unchanged. Returns the model.
fn check<T: DeserializeOwned + Serialize>(what: &str, v: &Value, failures: &mut Vec<String>) -> Option<T> {
    let parsed: T = serde_json::from_value(v.clone()).ok()?;
    // Documented exception: a page always writes `value` back (ARM always sends it).
    let mut expected = v.clone();
    if let (true, Value::Object(m)) = (what.starts_with("Page<"), &mut expected) {
        m.entry("value").or_insert(json!([]));
    }
    match serde_json::to_value(&parsed) {
        Ok(back) if back == expected => {}
        Ok(back) => failures.push(format!("{what}: round trip changed {v} into {back}")),
        Err(e) => failures.push(format!("{what}: parsed but does not serialize: {e}")),
    }
    Some(parsed)
}

fn view(c: &ComputeResource) {
    let _ = (c.name(), c.compute_type(), c.is_known_type(), c.type_label(), c.provisioning_state(), c.location());
    let _ = (c.created_on(), c.modified_on(), c.description(), c.state_label(), c.vm_size(), c.node_summary());
    let _ = (c.provisioning_errors(), c.compute_errors(), c.property_groups());
}

/// Every parser on one JSON value.
fn exercise_value(v: &Value, failures: &mut Vec<String>) {
    if let Some(c) = check::<ComputeResource>("ComputeResource", v, failures) {
        view(&c);
    }
    if let Some(p) = check::<Page<ComputeResource>>("Page<ComputeResource>", v, failures) {
        p.value.iter().for_each(view);
        let _ = p.next_link();
    }
    if let Some(w) = check::<Workspace>("Workspace", v, failures) {
        let _ = (w.display_name(), w.resource_group(), w.subscription_id());
    }
    check::<Page<Workspace>>("Page<Workspace>", v, failures);
    check::<Page<Subscription>>("Page<Subscription>", v, failures);
    check::<ErrorResponse>("ErrorResponse", v, failures);
    if let Some(n) = check::<NodesPage>("NodesPage", v, failures) {
        let _ = (n.nodes().len(), n.next_link());
    }
    check::<VirtualMachineSizeList>("VirtualMachineSizeList", v, failures);
    check::<VirtualMachineSize>("VirtualMachineSize", v, failures).map(|s| s.supports("AmlCompute"));
    check::<Page<Usage>>("Page<Usage>", v, failures);
    check::<Usage>("Usage", v, failures);
    check::<ComputeSecrets>("ComputeSecrets", v, failures).map(|s| s.compute_type().len());
}

/// The parsers that take raw text (an HTTP response), including non-JSON.
fn exercise_text(status: u16, body: &[u8]) {
    let text = String::from_utf8_lossy(body).into_owned();
    let resp = HttpResponse::new(status, text.clone())
        .with_header("Retry-After", &text.chars().take(40).collect::<String>())
        .with_header("x-ms-request-id", "r");
    let e = ApiError::from_response(&resp);
    let _ = (e.to_string(), e.is_auth_failure(), e.is_not_found());
    let _ = parse_json::<ComputeResource>(&resp);
    let _ = parse_json::<Page<ComputeResource>>(&resp);
    let _ = parse_json::<NodesPage>(&resp);
    let _ = expect_success(&resp);
    let _ = retry_hint_ms(&resp, 1_700_000_000_000);
    let _ = parse_http_date_ms(&text);
    // The shared text helpers see URLs and tokens from responses and the address bar.
    let _ = (aml_api::url::origin(&text).map(|o| o.to_string()), aml_api::url::percent_decode(&text));
    let _ = (aml_api::base64::decode(&text), aml_api::base64::decode_url(&text), aml_api::jwt::decode(&text));
    let _ = aml_api::console_paths::parse_ws_path(&text).map(|l| l.leaf());
    let _ =
        aml_api::cloud::token_audience("https://management.azure.com", Some("https://{region}.api.azureml.ms"), &text);
    let _ = serde_json::from_slice::<Workspace>(body);
    let _ = serde_json::from_slice::<ErrorResponse>(body);
    let _ = serde_json::from_slice::<ComputeSecrets>(body);
    // LRO status documents: fed to pollers of each strategy.
    let client = ArmClient::new("https://management.azure.com", "2025-12-01");
    let res = "https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/computes/c?api-version=2025-12-01";
    let op = "https://management.azure.com/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/1?api-version=2025-12-01";
    let initials = [
        HttpResponse::new(201, "{}").with_header("Azure-AsyncOperation", op),
        HttpResponse::new(202, "").with_header("Location", op),
        HttpResponse::new(200, text.clone()),
    ];
    for (i, initial) in initials.iter().enumerate() {
        let kind = [LroKind::Create, LroKind::Delete, LroKind::Update][i];
        if let Ok(mut p) = LroPoller::start(&client, kind, res, initial, LroConfig::default()) {
            p.on_response(&resp);
            let _ = (p.next(), p.status().text(), p.final_request());
        }
    }
}

#[test]
fn parsers_survive_mutated_fixtures() {
    let seed: u64 = std::env::var("AML_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_f00d);
    let iters: usize = std::env::var("AML_FUZZ_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(4000);
    let budget = Duration::from_secs(12);
    let seeds = seeds();
    let mut rng = Rng(seed | 1);
    let mut failures = vec![];
    let started = Instant::now();
    let mut done = 0;
    let mut mutations = 0;
    // The unmutated seeds first: they must all survive too.
    for v in &seeds {
        exercise_value(v, &mut failures);
    }
    for i in 0..iters {
        if started.elapsed() > budget {
            break; // time-bounded on slow machines; the count below shows how far it got
        }
        let mut v = seeds[rng.below(seeds.len())].clone();
        let n = rng.below(4) + 1;
        for _ in 0..n {
            mutate(&mut v, &mut rng, 0);
        }
        mutations += n + 1; // + the text damage
        let text = serde_json::to_string(&v).unwrap();
        let damaged = damage_text(&text, &mut rng);
        let status = [200, 201, 202, 204, 400, 401, 404, 409, 429, 500, 503, 0, 999][rng.below(13)];
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let mut f = vec![];
            exercise_value(&v, &mut f);
            exercise_text(status, text.as_bytes());
            exercise_text(status, &damaged);
            if let Ok(reparsed) = serde_json::from_slice::<Value>(&damaged) {
                exercise_value(&reparsed, &mut f);
            }
            f
        }));
        match outcome {
            Ok(f) => failures.extend(f.into_iter().map(|m| format!("seed {seed} iteration {i}: {}", trunc(&m)))),
            Err(_) => failures.push(format!("seed {seed} iteration {i}: PANIC on {}", trunc(&text))),
        }
        done += 1;
        if failures.len() > 20 {
            break;
        }
    }
    eprintln!("fuzz: {done} documents, {mutations} mutations, {} seeds, {:?}", seeds.len(), started.elapsed());
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(done >= 200 || iters < 200, "only {done} iterations fit in the time budget");
}

fn trunc(s: &str) -> String {
    if s.len() <= 600 {
        return s.to_string();
    }
    let mut end = 600;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &s[..end], s.len())
}

#[test]
fn hostile_shapes_parse_losslessly_and_render_as_data() {
    // The exact documents the hostile e2e spec injects: they must parse (lossless) and the view
    // helpers must give plain strings back.
    let mut failures = vec![];
    let docs = [
        json!({"name": "<img src=x onerror=alert(1)>", "properties": {"computeType": "QuantumAnnealer", "provisioningState": "Teleporting"}}),
        json!({"id": "/x/computes/no-props", "name": "no-props"}),
        json!({"properties": {"computeType": "AmlCompute", "properties": {"scaleSettings": {"maxNodeCount": "four"}, "allocationState": "Wobbling"}}}),
        json!({"name": "big", "properties": {"computeType": "AmlCompute", "description": "d".repeat(1 << 20)}}),
        json!({"name": "n".repeat(10_000), "location": 7, "properties": {"computeType": 42}}),
    ];
    for d in &docs {
        let c: ComputeResource = check("hostile", d, &mut failures).expect("hostile compute parses");
        view(&c);
    }
    let mut m = Map::new();
    m.insert("value".into(), Value::Array(docs.to_vec()));
    check::<Page<ComputeResource>>("hostile page", &Value::Object(m), &mut failures).expect("page parses");
    assert!(failures.is_empty(), "{failures:?}");
}

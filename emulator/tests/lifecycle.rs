//! Replays the spec's compute lifecycle examples (`tests/fixtures/2025-12-01/Compute/`):
//! createOrUpdate (all 9), patch, delete (Delete and Detach), restart, stop and listKeys. Each
//! response must have one of the example's status codes, carry the headers the example shows for
//! that code, and contain the example body's shape (key paths, JSON types, ids and names).

mod common;
use common::*;
use serde_json::{json, Value};

fn fixture(rel: &str) -> Value {
    let path = format!("{}/../tests/fixtures/2025-12-01/Compute/{rel}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap()
}

fn p<'a>(fx: &'a Value, k: &str) -> &'a str {
    fx["parameters"][k].as_str().unwrap_or_else(|| panic!("parameter {k}"))
}

/// Workspace of the example (subscription, resource group, eastus) so routes resolve.
fn inject_workspace(emu: &Emu, fx: &Value) {
    use aml_emulator::seed::workspaces::{workspace_json, WorkspaceSeed};
    let (sub, rg, ws) = (p(fx, "subscriptionId"), p(fx, "resourceGroupName"), p(fx, "workspaceName"));
    emu.state.mutate(|s| {
        s.add_subscription(sub, "Example subscription");
        s.add_resource_group(sub, rg, "eastus");
        s.add_workspace(workspace_json(&WorkspaceSeed {
            sub,
            rg,
            name: ws,
            location: "eastus",
            friendly_name: ws,
            description: "",
            created: "2024-01-01T00:00:00Z",
            workspace_guid: "00000000-0000-4000-8000-000000000001",
        }));
    });
}

fn compute_path(emu: &Emu, fx: &Value) -> String {
    format!(
        "{}/computes/{}",
        emu.ws_path(p(fx, "subscriptionId"), p(fx, "resourceGroupName"), p(fx, "workspaceName")),
        p(fx, "computeName")
    )
}

/// An existing compute of the example's workspace, stored directly.
fn inject_compute(emu: &Emu, fx: &Value, ty: &str, inner: Value, extra: Value) {
    let id = compute_path(emu, fx);
    let mut c = json!({
        "id": id, "name": p(fx, "computeName"), "type": "Microsoft.MachineLearningServices/workspaces/computes",
        "location": "eastus",
        "properties": {"computeType": ty, "provisioningState": "Succeeded", "properties": inner},
    });
    if let (Some(c), Some(e)) = (c["properties"].as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    emu.state.mutate(|s| s.add_compute(c));
}

/// Checks status ∈ example codes, the example's headers for that code, and the body shape.
fn check(fx: &Value, label: &str, status: u16, headers: &reqwest::header::HeaderMap, body: &Value) {
    let resp = fx["responses"].get(status.to_string()).unwrap_or_else(|| {
        panic!("{label}: status {status} not among {:?}; body {body}", fx["responses"].as_object().unwrap().keys())
    });
    for (h, _) in resp["headers"].as_object().into_iter().flatten() {
        assert!(headers.get(h.as_str()).is_some(), "{label}: header {h} missing");
    }
    if let Some(example) = resp.get("body") {
        let mut example = example.clone();
        // One example writes its id without the leading '/'; ARM ids always start with one.
        if let Some(id) = example["id"].as_str().filter(|i| !i.starts_with('/')) {
            example["id"] = json!(format!("/{id}"));
        }
        assert_shape(&example, body, label);
    }
    assert!(headers.get("x-ms-request-id").is_some(), "{label}: x-ms-request-id");
}

// Fixtures: Compute/createOrUpdate/*.json (7 creates/attaches, 2 updates of existing computes).
#[tokio::test]
async fn create_or_update_examples() {
    for name in [
        "AKSCompute",
        "AmlCompute",
        "BasicAKSCompute",
        "BasicAmlCompute",
        "BasicDataFactoryCompute",
        "ComputeInstance",
        "ComputeInstanceMinimal",
        "ComputeInstanceWithSchedules",
        "KubernetesCompute",
    ] {
        let fx = fixture(&format!("createOrUpdate/{name}.json"));
        let emu = start().await;
        inject_workspace(&emu, &fx);
        match name {
            // "Update a AML Compute": the example's 200 body is the compute being updated.
            "AmlCompute" => emu.state.mutate(|s| s.add_compute(fx["responses"]["200"]["body"].clone())),
            // "Update an AKS Compute": an attached AKS cluster with fewer agents.
            "AKSCompute" => inject_compute(
                &emu,
                &fx,
                "AKS",
                json!({"agentCount": 3}),
                json!({"resourceId": fx["parameters"]["parameters"]["properties"]["resourceId"]}),
            ),
            _ => {}
        }
        let path = format!("{}?api-version={}", compute_path(&emu, &fx), p(&fx, "api-version"));
        let (status, headers, body) = emu.call("PUT", &path, Some(&fx["parameters"]["parameters"])).await;
        check(&fx, name, status, &headers, &body);
        let expect_create = !matches!(name, "AmlCompute" | "AKSCompute");
        assert_eq!(status, if expect_create { 201 } else { 200 }, "{name}: {body}");
        assert!(headers.get("azure-asyncoperation").is_some() && headers.get("retry-after").is_some(), "{name}");
    }
}

// Fixture: Compute/patch.json ("Update a AmlCompute Compute").
#[tokio::test]
async fn patch_example() {
    let fx = fixture("patch.json");
    let emu = start().await;
    inject_workspace(&emu, &fx);
    inject_compute(
        &emu,
        &fx,
        "AmlCompute",
        json!({"vmSize": "STANDARD_DS3_V2", "scaleSettings": {"maxNodeCount": 2, "minNodeCount": 0},
               "currentNodeCount": 0, "targetNodeCount": 0, "allocationState": "Steady", "nodeStateCounts": {}}),
        json!({"description": "some compute"}),
    );
    let path = format!("{}?api-version={}", compute_path(&emu, &fx), p(&fx, "api-version"));
    let (status, headers, body) = emu.call("PATCH", &path, Some(&fx["parameters"]["parameters"])).await;
    check(&fx, "patch", status, &headers, &body);
    assert_eq!(body["properties"]["properties"]["scaleSettings"]["minNodeCount"], 4);
}

// Fixture: Compute/delete.json, with underlyingResourceAction Delete and Detach.
#[tokio::test]
async fn delete_example_delete_and_detach() {
    let fx = fixture("delete.json");
    for action in ["Delete", "Detach"] {
        let emu = start().await;
        emu.set_operation_ms(100);
        inject_workspace(&emu, &fx);
        inject_compute(
            &emu,
            &fx,
            "AmlCompute",
            json!({"vmSize": "STANDARD_DS3_V2", "scaleSettings": {"maxNodeCount": 1}}),
            json!({}),
        );
        let path = format!(
            "{}?api-version={}&underlyingResourceAction={action}",
            compute_path(&emu, &fx),
            p(&fx, "api-version")
        );
        let (status, headers, body) = emu.call("DELETE", &path, None).await;
        check(&fx, action, status, &headers, &body);
        assert_eq!(status, 202);
        let get = format!("{}?api-version={}", compute_path(&emu, &fx), p(&fx, "api-version"));
        let (_, _, during) = emu.call("GET", &get, None).await;
        assert_eq!(during["properties"]["provisioningState"], "Deleting");
        emu.wait_for(&get, |b| b["error"]["innerError"]["code"] == "NotFoundError").await;
    }
}

/// A compute instance in `state` for the action examples.
fn inject_instance(emu: &Emu, fx: &Value, state: &str) {
    inject_compute(emu, fx, "ComputeInstance", json!({"vmSize": "STANDARD_DS3_V2", "state": state}), json!({}));
}

// Fixtures: Compute/restart.json (202 + Location) and Compute/stop.json (202 + Azure-AsyncOperation).
#[tokio::test]
async fn restart_and_stop_examples() {
    for (file, action) in [("restart.json", "restart"), ("stop.json", "stop")] {
        let fx = fixture(file);
        let emu = start().await;
        inject_workspace(&emu, &fx);
        inject_instance(&emu, &fx, "Running");
        let path = format!("{}/{action}?api-version={}", compute_path(&emu, &fx), p(&fx, "api-version"));
        let (status, headers, body) = emu.call("POST", &path, None).await;
        check(&fx, file, status, &headers, &body);
        assert!(headers.get("retry-after").is_some());
    }
}

// Fixture: Compute/listKeys.json (AKS kube configs). The compute is created with PUT first.
#[tokio::test]
async fn list_keys_example() {
    let fx = fixture("listKeys.json");
    let emu = start().await;
    inject_workspace(&emu, &fx);
    let path = format!("{}?api-version={}", compute_path(&emu, &fx), p(&fx, "api-version"));
    let (status, _, _) =
        emu.call("PUT", &path, Some(&json!({"location": "eastus", "properties": {"computeType": "AKS"}}))).await;
    assert_eq!(status, 201);
    let keys = format!("{}/listKeys?api-version={}", compute_path(&emu, &fx), p(&fx, "api-version"));
    let (status, headers, body) = emu.call("POST", &keys, None).await;
    check(&fx, "listKeys", status, &headers, &body);
    assert_eq!(body["computeType"], "AKS");
}

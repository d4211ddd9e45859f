//! Replays the official examples copied in `tests/fixtures/2025-12-01/` (the spec's
//! `examples/` folder): each example's resource is injected into the emulator's state, the
//! request the example describes is sent, and the response must carry one of the example's
//! status codes and the example body's shape (every key path, same JSON types, same ids/names).

mod common;
use common::*;
use serde_json::{json, Value};

fn fixture(rel: &str) -> Value {
    let path = format!("{}/../tests/fixtures/2025-12-01/{rel}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap()
}

fn param<'a>(fx: &'a Value, k: &str) -> &'a str {
    fx["parameters"][k].as_str().unwrap_or_else(|| panic!("parameter {k}"))
}

/// Creates subscription + resource group + an empty workspace so routes resolve.
fn inject_workspace(emu: &Emu, sub: &str, rg: &str, ws: &str, location: &str) {
    use aml_emulator::seed::workspaces::{workspace_json, WorkspaceSeed};
    emu.state.mutate(|s| {
        s.add_subscription(sub, "Example subscription");
        s.add_resource_group(sub, rg, location);
        s.add_workspace(workspace_json(&WorkspaceSeed {
            sub,
            rg,
            name: ws,
            location,
            friendly_name: ws,
            description: "",
            created: "2024-01-01T00:00:00Z",
            workspace_guid: "00000000-0000-4000-8000-000000000001",
        }));
    });
}

fn expect_status(fx: &Value, status: u16) {
    let ok = fx["responses"].as_object().unwrap().keys().any(|k| k == &status.to_string());
    assert!(ok, "status {status} not among the example's responses {:?}", fx["responses"].as_object().unwrap().keys());
}

/// Merges pages into one body: first page's keys (incl. nextLink) with every page's items.
fn merged(pages: &[Value], items_key: &str) -> Value {
    let mut body = pages[0].clone();
    body[items_key] = Value::Array(pages.iter().flat_map(|p| p[items_key].as_array().unwrap().clone()).collect());
    body
}

// Fixture: Compute/get/{AKSCompute,AmlCompute,ComputeInstance,KubernetesCompute}.json
#[tokio::test]
async fn compute_get_examples() {
    for name in ["AKSCompute", "AmlCompute", "ComputeInstance", "KubernetesCompute"] {
        let fx = fixture(&format!("Compute/get/{name}.json"));
        let emu = start().await;
        let (sub, rg, ws) =
            (param(&fx, "subscriptionId"), param(&fx, "resourceGroupName"), param(&fx, "workspaceName"));
        let example = &fx["responses"]["200"]["body"];
        inject_workspace(&emu, sub, rg, ws, example["location"].as_str().unwrap());
        emu.state.mutate(|s| s.add_compute(example.clone()));
        let path = format!(
            "{}/computes/{}?api-version={}",
            emu.ws_path(sub, rg, ws),
            param(&fx, "computeName"),
            param(&fx, "api-version")
        );
        let (status, body) = emu.get_json(&path).await;
        expect_status(&fx, status);
        assert_shape(example, &body, name);
    }
}

// Fixture: Compute/list.json (two AKS computes, response with nextLink).
#[tokio::test]
async fn compute_list_example() {
    let fx = fixture("Compute/list.json");
    let emu = start().await;
    let (sub, rg, ws) = (param(&fx, "subscriptionId"), param(&fx, "resourceGroupName"), param(&fx, "workspaceName"));
    let example = &fx["responses"]["200"]["body"];
    inject_workspace(&emu, sub, rg, ws, "eastus");
    for c in example["value"].as_array().unwrap() {
        emu.state.mutate(|s| s.add_compute(c.clone()));
    }
    emu.set_page_size(1).await; // the example shows a nextLink, so page below the item count
    let pages = emu
        .all_pages(&format!("{}/computes?api-version={}", emu.ws_path(sub, rg, ws), param(&fx, "api-version")), false)
        .await;
    expect_status(&fx, 200);
    assert_eq!(pages.len(), 2);
    assert_shape(example, &merged(&pages, "value"), "Compute_List");
}

// Fixture: Compute/listNodes.json (a running node with runId, an idle node, nextLink).
#[tokio::test]
async fn compute_list_nodes_example() {
    let fx = fixture("Compute/listNodes.json");
    let emu = start().await;
    let (sub, rg, ws, name) = (
        param(&fx, "subscriptionId"),
        param(&fx, "resourceGroupName"),
        param(&fx, "workspaceName"),
        param(&fx, "computeName"),
    );
    inject_workspace(&emu, sub, rg, ws, "eastus");
    let ws_id = emu.ws_path(sub, rg, ws);
    emu.state.mutate(|s| {
        s.add_compute(json!({
            "id": format!("{ws_id}/computes/{name}"), "name": name, "location": "eastus",
            "type": "Microsoft.MachineLearningServices/workspaces/computes",
            "properties": {"computeType": "AmlCompute", "provisioningState": "Succeeded", "properties": {
                "vmSize": "STANDARD_DS3_V2", "currentNodeCount": 2, "targetNodeCount": 2, "enableNodePublicIp": true,
                "nodeStateCounts": {"runningNodeCount": 1, "idleNodeCount": 1}}}
        }))
    });
    emu.set_page_size(1).await;
    let pages = emu
        .all_pages(&format!("{ws_id}/computes/{name}/listNodes?api-version={}", param(&fx, "api-version")), true)
        .await;
    expect_status(&fx, 200);
    assert_eq!(pages.len(), 2);
    assert_shape(&fx["responses"]["200"]["body"], &merged(&pages, "nodes"), "Compute_ListNodes");
}

// Fixture: Workspace/get.json
#[tokio::test]
async fn workspace_get_example() {
    let fx = fixture("Workspace/get.json");
    let emu = start().await;
    let (sub, rg, ws) = (param(&fx, "subscriptionId"), param(&fx, "resourceGroupName"), param(&fx, "workspaceName"));
    let example = &fx["responses"]["200"]["body"];
    emu.state.mutate(|s| {
        s.add_subscription(sub, "Example");
        s.add_resource_group(sub, rg, "eastus2euap");
        s.add_workspace(example.clone());
    });
    let (status, body) =
        emu.get_json(&format!("{}?api-version={}", emu.ws_path(sub, rg, ws), param(&fx, "api-version"))).await;
    expect_status(&fx, status);
    assert_shape(example, &body, "Workspaces_Get");
}

/// Injects the example's workspaces (and their resource groups) for the list examples.
fn inject_listed_workspaces(emu: &Emu, sub: &str, example: &Value) {
    emu.state.mutate(|s| {
        s.add_subscription(sub, "Example");
        for w in example["value"].as_array().unwrap() {
            let id = w["id"].as_str().unwrap();
            let rg = id.split('/').nth(4).unwrap();
            s.add_resource_group(sub, rg, w["location"].as_str().unwrap());
            s.add_workspace(w.clone());
        }
    });
}

// Fixtures: Workspace/listByResourceGroup.json and Workspace/listBySubscription.json
#[tokio::test]
async fn workspace_list_examples() {
    for (file, by_rg) in [("Workspace/listByResourceGroup.json", true), ("Workspace/listBySubscription.json", false)] {
        let fx = fixture(file);
        let emu = start().await;
        let sub = param(&fx, "subscriptionId");
        let example = &fx["responses"]["200"]["body"];
        inject_listed_workspaces(&emu, sub, example);
        emu.set_page_size(1).await;
        let path = if by_rg {
            format!("/subscriptions/{sub}/resourceGroups/{}/providers/Microsoft.MachineLearningServices/workspaces?api-version={V}", param(&fx, "resourceGroupName"))
        } else {
            format!("/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/workspaces?api-version={V}")
        };
        let pages = emu.all_pages(&path, false).await;
        expect_status(&fx, 200);
        assert_eq!(pages.len(), 2, "{file}");
        // Both examples have two workspaces with the same "name" in listBySubscription, so
        // match by position there (the shape helper matches by name first).
        let ours = merged(&pages, "value");
        for (i, w) in example["value"].as_array().unwrap().iter().enumerate() {
            assert_eq!(w["id"], ours["value"][i]["id"], "{file}");
            assert_shape(w, &ours["value"][i], file);
        }
        assert!(ours.get("nextLink").is_some());
    }
}

// Fixture: VirtualMachineSize/list.json (the catalogue contains every example size).
#[tokio::test]
async fn vm_sizes_example() {
    let fx = fixture("VirtualMachineSize/list.json");
    let emu = start().await;
    let sub = param(&fx, "subscriptionId");
    emu.state.mutate(|s| s.add_subscription(sub, "Example"));
    let path = format!(
        "/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{}/vmSizes?api-version={}",
        param(&fx, "location"),
        param(&fx, "api-version")
    );
    let (status, body) = emu.get_json(&path).await;
    expect_status(&fx, status);
    let example = &fx["responses"]["200"]["body"];
    assert_shape(example, &body, "VirtualMachineSizes_List");
    // Same facts, not only same shape, for the example's sizes.
    for e in example["value"].as_array().unwrap() {
        let o = body["value"].as_array().unwrap().iter().find(|o| o["name"] == e["name"]).unwrap();
        for k in ["family", "vCPUs", "gpus", "memoryGB", "maxResourceVolumeMB", "lowPriorityCapable"] {
            assert_eq!(e[k], o[k], "{} {k}", e["name"]);
        }
    }
}

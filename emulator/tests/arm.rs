//! ARM front door (CORS, api-version, paging, request ids, errors) and the seeded resources.

mod common;
use common::*;
use serde_json::{json, Value};

fn demo(emu: &Emu) -> String {
    emu.ws_path(DEV, "rg-ml-dev", "ws-demo")
}

#[tokio::test]
async fn binds_loopback_and_health_is_always_on() {
    let emu = start_with(|c| c.test_hooks = false).await;
    assert!(emu.addr.ip().is_loopback());
    let r = emu.http.get(format!("{}/_emulator/health", emu.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("x-ms-request-id").is_some());
    assert_eq!(r.text().await.unwrap(), "ok");
    let r = emu.http.post(format!("{}/_emulator/reset", emu.base)).send().await.unwrap();
    assert_eq!(r.status(), 404, "hooks are off without --test-hooks");
}

#[tokio::test]
async fn cors_preflight_and_exposed_headers() {
    let emu = start().await;
    let url = format!("{}{}/computes?api-version={V}", emu.base, demo(&emu));
    let r = emu
        .http
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "http://localhost:8080")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization,x-ms-client-request-id")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let h = r.headers();
    assert_eq!(h.get("access-control-allow-origin").unwrap(), "http://localhost:8080");
    assert_eq!(h.get("access-control-allow-methods").unwrap(), "GET, PUT, PATCH, POST, DELETE, HEAD, OPTIONS");
    assert!(h.get("access-control-allow-headers").unwrap().to_str().unwrap().to_lowercase().contains("authorization"));
    assert_eq!(h.get("access-control-max-age").unwrap(), "3600");
    assert_eq!(h.get("vary").unwrap(), "Origin");
    let r = emu
        .http
        .get(&url)
        .bearer_auth(emu.token())
        .header("origin", "http://localhost:8080")
        .header("x-ms-client-request-id", "client-42")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers();
    assert_eq!(h.get("access-control-allow-origin").unwrap(), "http://localhost:8080");
    let exposed = h.get("access-control-expose-headers").unwrap().to_str().unwrap();
    for name in [
        "Azure-AsyncOperation",
        "Location",
        "Retry-After",
        "x-ms-request-id",
        "x-ms-correlation-request-id",
        "x-ms-client-request-id",
    ] {
        assert!(exposed.contains(name), "{name}");
    }
    assert_eq!(h.get("x-ms-client-request-id").unwrap(), "client-42");
    assert!(h.get("content-type").unwrap().to_str().unwrap().starts_with("application/json"));
}

#[tokio::test]
async fn api_version_errors() {
    let emu = start().await;
    let (s, b) = emu.get_json(&demo(&emu)).await;
    assert_eq!((s, b["error"]["code"].as_str().unwrap()), (400, "MissingApiVersionParameter"));
    assert_eq!(b["error"]["message"], "The api-version query parameter (?api-version=) is required for all requests.");
    let (s, b) = emu.get_json(&format!("{}?api-version=2019-01-01", demo(&emu))).await;
    assert_eq!((s, b["error"]["code"].as_str().unwrap()), (400, "NoRegisteredProviderFound"));
    let msg = b["error"]["message"].as_str().unwrap();
    assert!(msg.starts_with("No registered resource provider found for location 'eastus' and API version '2019-01-01' for type 'workspaces'."), "{msg}");
    assert!(msg.contains("The supported api-versions are '2023-08-01-preview, 2025-12-01, 2026-07-01'."));
    let (s, _) = emu.get_json(&format!("{}?api-version=2026-07-01", demo(&emu))).await;
    assert_eq!(s, 200);
    let (s, b) = emu.get_json("/subscriptions?api-version=2025-12-01").await;
    assert_eq!((s, b["error"]["code"].as_str().unwrap()), (400, "InvalidApiVersionParameter"));
    for v in ["2016-06-01", "2020-01-01", "2022-12-01"] {
        assert_eq!(emu.get_json(&format!("/subscriptions?api-version={v}")).await.0, 200);
    }
}

#[tokio::test]
async fn paging_follows_next_links_through_all_computes() {
    let emu = start().await;
    let pages = emu.all_pages(&format!("{}/computes?api-version={V}", demo(&emu)), false).await;
    assert_eq!(pages.len(), 3, "14 computes at page size 5");
    let names: Vec<String> = pages
        .iter()
        .flat_map(|p| p["value"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(names.len(), 14);
    for n in [
        "cpu-cluster",
        "gpu-cluster",
        "ci-ada",
        "ci-grace",
        "dsvm-ubuntu",
        "hdi-spark",
        "dbx-prod",
        "adla-logs",
        "k8s-arc",
        "synapse-pool",
        "aks-inference",
        "adf-pipelines",
        "broken-cluster",
        "legacy-batch",
    ] {
        assert!(names.contains(&n.to_string()), "{n}");
    }
    let next = pages[0]["nextLink"].as_str().unwrap();
    assert!(
        next.starts_with(&format!("{}/subscriptions/", emu.base))
            && next.contains("api-version=2025-12-01")
            && next.contains("$skip=")
    );
    assert!(pages[2].get("nextLink").is_none());
    for bad in ["5", "bm90LWEtdG9rZW4", "%%%"] {
        let (s, b) = emu.get_json(&format!("{}/computes?api-version={V}&$skip={bad}", demo(&emu))).await;
        assert_eq!(s, 400, "{bad}: {b}");
    }
}

#[tokio::test]
async fn not_found_errors_follow_arm_and_the_ml_rp() {
    let emu = start().await;
    let (s, b) = emu.get_json(&format!("/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.MachineLearningServices/workspaces?api-version={V}")).await;
    assert_eq!((s, b["error"]["code"].as_str().unwrap()), (404, "SubscriptionNotFound"));
    let (s, b) = emu.get_json(&format!("{}?api-version={V}", emu.ws_path(DEV, "rg-nope", "ws-demo"))).await;
    assert_eq!((s, b["error"]["code"].as_str().unwrap()), (404, "ResourceGroupNotFound"));
    let (s, b) = emu.get_json(&format!("{}?api-version={V}", emu.ws_path(DEV, "rg-ml-dev", "ws-nope"))).await;
    assert_eq!((s, b["error"]["code"].as_str().unwrap()), (404, "ResourceNotFound"));
    assert!(b["error"]["message"]
        .as_str()
        .unwrap()
        .contains("'Microsoft.MachineLearningServices/workspaces/ws-nope' under resource group 'rg-ml-dev'"));
    let (s, b) = emu.get_json(&format!("{}/computes/nope?api-version={V}", demo(&emu))).await;
    assert_eq!(s, 404);
    assert!(b["error"]["message"].as_str().unwrap().contains("nope"));
    assert_eq!(b["componentName"], "account-rp");
    let (s, b) = emu.get_json(&format!("{}/widgets?api-version={V}", demo(&emu))).await;
    assert_eq!((s, b["error"]["code"].as_str().unwrap()), (404, "InvalidResourceType"));
    let r = emu.get(&format!("/nothing/here?api-version={V}")).await;
    assert_eq!(r.status(), 404);
    assert!(r.headers().get("x-ms-request-id").is_some() && r.headers().get("x-ms-correlation-request-id").is_some());
}

#[tokio::test]
async fn path_segments_are_case_insensitive() {
    let emu = start().await;
    let path = format!("/SUBSCRIPTIONS/{DEV}/resourcegroups/RG-ML-DEV/PROVIDERS/microsoft.machinelearningservices/WORKSPACES/WS-DEMO/Computes/CPU-CLUSTER?api-version={V}");
    let (s, b) = emu.get_json(&path).await;
    assert_eq!(s, 200);
    assert_eq!(b["name"], "cpu-cluster");
}

#[tokio::test]
async fn seeded_workspaces() {
    let emu = start().await;
    let (_, subs) = emu.get_json("/subscriptions?api-version=2022-12-01").await;
    assert_eq!(subs["count"], json!({"type": "Total", "value": 2}));
    assert_eq!(subs["value"][0]["displayName"], "Contoso ML Dev");
    let (_, b) = emu
        .get_json(&format!(
            "/subscriptions/{DEV}/providers/Microsoft.MachineLearningServices/workspaces?api-version={V}"
        ))
        .await;
    let names: Vec<&str> = b["value"].as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ws-demo", "ws-vision"]);
    let (_, ws) = emu.get_json(&format!("{}?api-version={V}", demo(&emu))).await;
    assert_eq!(ws["location"], "eastus");
    assert_eq!(ws["id"], demo(&emu));
    let p = &ws["properties"];
    assert!(p["storageAccount"].as_str().unwrap().contains("/providers/Microsoft.Storage/storageAccounts/"));
    assert_eq!(p["discoveryUrl"].as_str().unwrap(), format!("{}/discovery", emu.base));
    assert_eq!(p["workspaceId"].as_str().unwrap().len(), 36);
    assert_eq!(p["provisioningState"], "Succeeded");
    let (_, b) =
        emu.get_json(&format!("{}/computes?api-version={V}", emu.ws_path(DEV, "rg-ml-dev", "ws-vision"))).await;
    assert_eq!(b["value"].as_array().unwrap().len(), 2);
    let (s, b) =
        emu.get_json(&format!("{}/computes?api-version={V}", emu.ws_path(PROD, "rg-ml-prod", "ws-prod"))).await;
    assert_eq!((s, b["value"].as_array().unwrap().len()), (200, 0));
}

#[tokio::test]
async fn seeded_computes_have_per_type_properties() {
    let emu = start().await;
    let get = |n: &str| format!("{}/computes/{n}?api-version={V}", demo(&emu));
    let (_, gpu) = emu.get_json(&get("gpu-cluster")).await;
    let p = &gpu["properties"]["properties"];
    assert_eq!(
        (p["allocationState"].as_str(), p["currentNodeCount"].as_u64(), p["targetNodeCount"].as_u64()),
        (Some("Resizing"), Some(1), Some(2))
    );
    assert_eq!(gpu["properties"]["isAttachedCompute"], false);
    let (_, ci) = emu.get_json(&get("ci-ada")).await;
    assert_eq!(ci["properties"]["properties"]["state"], "Running");
    assert_eq!(
        ci["properties"]["properties"]["personalComputeInstanceSettings"]["assignedUser"]["objectId"],
        aml_emulator::config::USERS[0].oid
    );
    let (_, ci) = emu.get_json(&get("ci-grace")).await;
    assert_eq!(ci["properties"]["properties"]["state"], "Stopped");
    let (_, vm) = emu.get_json(&get("dsvm-ubuntu")).await;
    assert_eq!(vm["properties"]["isAttachedCompute"], true);
    assert_eq!(vm["properties"]["properties"]["administratorAccount"], json!({"username": "azureuser"}));
    let (_, dbx) = emu.get_json(&get("dbx-prod")).await;
    assert!(dbx["properties"]["properties"]["workspaceUrl"].is_string());
    let (_, broken) = emu.get_json(&get("broken-cluster")).await;
    assert_eq!(broken["properties"]["provisioningState"], "Failed");
    assert_eq!(broken["properties"]["provisioningErrors"][0]["error"]["code"], "QuotaExceeded");
    let (_, legacy) = emu.get_json(&get("legacy-batch")).await;
    assert_eq!(legacy["properties"]["computeType"], "Batch");
    let types = [
        "AmlCompute",
        "ComputeInstance",
        "VirtualMachine",
        "HDInsight",
        "Databricks",
        "DataLakeAnalytics",
        "Kubernetes",
        "SynapseSpark",
        "AKS",
        "DataFactory",
        "Batch",
    ];
    let pages = emu.all_pages(&format!("{}/computes?api-version={V}", demo(&emu)), false).await;
    for c in pages.iter().flat_map(|p| p["value"].as_array().unwrap().clone()) {
        let ty = c["properties"]["computeType"].as_str().unwrap();
        assert!(types.contains(&ty));
        assert_eq!(c["id"], format!("{}/computes/{}", demo(&emu), c["name"].as_str().unwrap()));
        assert_eq!(c["type"], "Microsoft.MachineLearningServices/workspaces/computes");
        let attached = !matches!(ty, "AmlCompute" | "ComputeInstance");
        assert_eq!(c["properties"]["isAttachedCompute"], attached, "{}", c["name"]);
        assert_eq!(c["properties"]["resourceId"].is_string(), attached, "{}", c["name"]);
        assert!(c["properties"]["createdOn"].is_string());
    }
}

#[tokio::test]
async fn secrets_never_come_back() {
    let emu = start().await;
    let id = format!("{}/computes/vm-secret", demo(&emu));
    emu.state.mutate(|s| {
        s.add_compute(
            json!({"id": id, "name": "vm-secret", "type": "Microsoft.MachineLearningServices/workspaces/computes",
        "location": "eastus", "properties": {"computeType": "VirtualMachine", "properties": {
            "administratorAccount": {"username": "u", "password": "hunter2", "privateKeyData": "k"}}}}),
        )
    });
    let (_, b) = emu.get_json(&format!("{id}?api-version={V}")).await;
    assert_eq!(b["properties"]["properties"]["administratorAccount"], json!({"username": "u"}));
}

#[tokio::test]
async fn list_nodes_matches_node_counts() {
    let emu = start().await;
    let r = emu.post(&format!("{}/computes/cpu-cluster/listNodes?api-version={V}", demo(&emu))).await;
    assert_eq!(r.status(), 200);
    let b: Value = r.json().await.unwrap();
    let nodes = b["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 2);
    assert_eq!(nodes.iter().filter(|n| n["nodeState"] == "running").count(), 1);
    assert!(nodes[0]["runId"].is_string());
    let r = emu.post(&format!("{}/computes/ci-ada/listNodes?api-version={V}", demo(&emu))).await;
    assert_eq!(r.status(), 400);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["error"]["message"], "ComputeListNodes with computeType ComputeInstance is not supported.");
    emu.set_page_size(1).await;
    let pages = emu.all_pages(&format!("{}/computes/cpu-cluster/listNodes?api-version={V}", demo(&emu)), true).await;
    assert_eq!(pages.len(), 2);
    let r = emu.get(&format!("{}/computes/cpu-cluster/listNodes?api-version={V}", demo(&emu))).await;
    assert_eq!(r.status(), 405);
}

#[tokio::test]
async fn vm_sizes_and_usages() {
    let emu = start().await;
    let loc = |l: &str, what: &str| {
        format!("/subscriptions/{DEV}/providers/Microsoft.MachineLearningServices/locations/{l}/{what}?api-version={V}")
    };
    let (s, b) = emu.get_json(&loc("eastus", "vmSizes")).await;
    assert_eq!(s, 200);
    let sizes = b["value"].as_array().unwrap();
    assert!(sizes.len() > 20 && b.get("nextLink").is_none());
    assert!(sizes.iter().any(|v| v["gpus"].as_u64().unwrap() > 0 && v["supportedComputeTypes"].is_array()));
    assert_eq!(emu.get_json(&loc("atlantis", "vmSizes")).await.0, 400);
    let mut rows = Vec::new();
    for p in emu.all_pages(&loc("eastus", "usages"), false).await {
        rows.extend(p["value"].as_array().unwrap().clone());
    }
    let find = |value: &str| rows.iter().find(|r| r["name"]["value"] == value).cloned().unwrap();
    // cpu-cluster 2×4 (DS3_v2) + ci-ada 1×2 (DS11_v2) + gpu-cluster 1×6 (NC6s_v3).
    let total = find("Total Cluster Dedicated Regional vCPUs");
    assert_eq!(total["currentValue"], 16);
    assert_eq!(total["type"], "Microsoft.MachineLearningServices/totalCores/usages");
    assert_eq!(total["unit"], "Count");
    let dsv2 = find("standardDSv2Family");
    assert_eq!(dsv2["currentValue"], 10);
    assert_eq!(dsv2["name"]["localizedValue"], "Standard DSv2 Family Cluster Dedicated vCPUs");
    assert_eq!(dsv2["type"], "Microsoft.MachineLearningServices/vmFamily/usages");
    assert_eq!(find("standardNCSv3Family")["currentValue"], 6);
    // westeurope: ci-vision runs (DS3_v2, 4 vCPUs), vision-gpu has no nodes.
    let mut west = Vec::new();
    for p in emu.all_pages(&loc("westeurope", "usages"), false).await {
        west.extend(p["value"].as_array().unwrap().clone());
    }
    assert_eq!(west[0]["currentValue"], 4);
}

#[tokio::test]
async fn test_hooks_change_settings_and_reset() {
    let emu = start().await;
    let r = emu
        .http
        .post(format!("{}/_emulator/settings", emu.base))
        .json(&json!({"computePageSize": 20, "tokenLifetimeSeconds": 120}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let pages = emu.all_pages(&format!("{}/computes?api-version={V}", demo(&emu)), false).await;
    assert_eq!(pages.len(), 1);
    assert_eq!(emu.state.settings().token_lifetime, 120);
    emu.state.mutate(|s| s.computes.clear());
    assert_eq!(emu.get_json(&format!("{}/computes/cpu-cluster?api-version={V}", demo(&emu))).await.0, 404);
    let r = emu.http.post(format!("{}/_emulator/reset", emu.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(emu.get_json(&format!("{}/computes/cpu-cluster?api-version={V}", demo(&emu))).await.0, 200);
    // Reset also restores the start-up settings, so one test's settings never leak into the next.
    assert_eq!(emu.state.settings().token_lifetime, 3600);
    assert_eq!(emu.state.settings().page_size, 5);
}

#[tokio::test]
async fn bench_computes_add_a_workspace() {
    let emu = start_with(|c| c.bench_computes = 12).await;
    let pages =
        emu.all_pages(&format!("{}/computes?api-version={V}", emu.ws_path(DEV, "rg-ml-dev", "ws-bench")), false).await;
    let names: Vec<String> = pages
        .iter()
        .flat_map(|p| p["value"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(names.len(), 12);
    assert_eq!(names[0], "bench-001");
    assert_eq!(names[11], "bench-012");
}

#[tokio::test]
async fn state_file_is_written_and_reloaded() {
    let path = std::env::temp_dir().join(format!("aml-emu-state-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    {
        let p = path.clone();
        let emu = start_with(move |c| c.state_file = Some(p)).await;
        assert!(path.exists());
        emu.state.mutate(|s| s.computes.retain(|c| c["name"] != "legacy-batch"));
    }
    let p = path.clone();
    let emu = start_with(move |c| c.state_file = Some(p)).await;
    assert_eq!(emu.get_json(&format!("{}/computes/legacy-batch?api-version={V}", demo(&emu))).await.0, 404);
    assert_eq!(emu.get_json(&format!("{}/computes/cpu-cluster?api-version={V}", demo(&emu))).await.0, 200);
    let _ = std::fs::remove_file(&path);
}

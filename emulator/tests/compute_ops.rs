//! Compute lifecycle behaviour on the seeded `ws-demo`: LRO polling, state machines over time,
//! quota, validation, type conflicts, secrets, delete, usages and idempotent PUTs.

mod common;
use common::*;
use serde_json::{json, Value};

fn c(emu: &Emu, name: &str) -> String {
    format!("{}/computes/{name}?api-version={V}", emu.ws_path(DEV, "rg-ml-dev", "ws-demo"))
}

fn action(emu: &Emu, name: &str, a: &str) -> String {
    format!("{}/computes/{name}/{a}?api-version={V}", emu.ws_path(DEV, "rg-ml-dev", "ws-demo"))
}

fn cluster(size: &str, min: u64, max: u64) -> Value {
    json!({"location": "eastus", "properties": {"computeType": "AmlCompute", "properties": {
        "vmSize": size, "scaleSettings": {"minNodeCount": min, "maxNodeCount": max}}}})
}

fn hdr(h: &reqwest::header::HeaderMap, k: &str) -> String {
    h.get(k).unwrap_or_else(|| panic!("header {k}")).to_str().unwrap().to_string()
}

async fn total_dedicated(emu: &Emu) -> u64 {
    let path = format!(
        "/subscriptions/{DEV}/providers/Microsoft.MachineLearningServices/locations/eastus/usages?api-version={V}"
    );
    let pages = emu.all_pages(&path, false).await;
    let row = pages
        .iter()
        .flat_map(|p| p["value"].as_array().unwrap().clone())
        .find(|u| u["name"]["value"] == "Total Cluster Dedicated Regional vCPUs")
        .unwrap();
    row["currentValue"].as_u64().unwrap()
}

#[tokio::test]
async fn create_polls_to_succeeded_via_azure_async_operation_and_cluster_resizes() {
    let emu = start().await;
    emu.set_operation_ms(200);
    let (s, h, body) = emu.call("PUT", &c(&emu, "train-01x"), Some(&cluster("STANDARD_DS3_V2", 1, 2))).await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["properties"]["provisioningState"], "Creating");
    assert!(h.get("retry-after").is_some());
    let aao = hdr(&h, "azure-asyncoperation");
    assert!(
        aao.contains("/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/"),
        "{aao}"
    );
    let (s, h2, first) = emu.call("GET", &aao, None).await;
    assert_eq!((s, first["status"].as_str()), (200, Some("InProgress")));
    assert!(h2.get("retry-after").is_some() && first["startTime"].is_string() && first["name"].is_string());
    let done = emu.wait_for(&aao, |b| b["status"] != "InProgress").await;
    assert_eq!(done["status"], "Succeeded");
    assert!(done["endTime"].is_string());
    let steady = emu
        .wait_for(&c(&emu, "train-01x"), |b| {
            b["properties"]["properties"]["allocationState"] == "Steady"
                && b["properties"]["properties"]["currentNodeCount"] == 1
        })
        .await;
    assert_eq!(steady["properties"]["provisioningState"], "Succeeded");
    assert_eq!(steady["properties"]["properties"]["nodeStateCounts"]["idleNodeCount"], 1);
    let (_, _, nodes) = emu.call("POST", &action(&emu, "train-01x", "listNodes"), None).await;
    assert_eq!(nodes["nodes"][0]["nodeState"], "idle");
}

#[tokio::test]
async fn cluster_passes_through_resizing_with_preparing_nodes() {
    let emu = start().await;
    emu.set_operation_ms(400);
    let (s, _, _) = emu
        .call(
            "PATCH",
            &c(&emu, "cpu-cluster"),
            Some(&json!({"properties": {"properties": {"scaleSettings": {"minNodeCount": 3, "maxNodeCount": 4}}}})),
        )
        .await;
    assert_eq!(s, 200);
    let mid = emu
        .wait_for(&c(&emu, "cpu-cluster"), |b| {
            b["properties"]["properties"]["nodeStateCounts"]["preparingNodeCount"] == 1
        })
        .await;
    assert_eq!(mid["properties"]["properties"]["allocationState"], "Resizing");
    assert_eq!(mid["properties"]["properties"]["targetNodeCount"], 3);
    let (_, _, nodes) = emu.call("POST", &action(&emu, "cpu-cluster", "listNodes"), None).await;
    let _ = nodes; // paged; the counts above are what listNodes derives its states from
    emu.wait_for(&c(&emu, "cpu-cluster"), |b| {
        b["properties"]["properties"]["allocationState"] == "Steady"
            && b["properties"]["properties"]["currentNodeCount"] == 3
    })
    .await;
}

#[tokio::test]
async fn start_polls_via_location_and_invalid_transitions_fail() {
    let emu = start().await;
    emu.set_operation_ms(200);
    // ci-ada is Running: start is refused with the service's code.
    let (s, _, b) = emu.call("POST", &action(&emu, "ci-ada", "start"), None).await;
    assert_eq!((s, b["error"]["code"].as_str()), (400, Some("StartComputeInstanceOnlyAllowedInStoppedState")));
    assert_eq!(
        b["error"]["message"],
        "Start Azure ML Compute Instance is only allowed when the instance ci-ada is in 'stopped' state"
    );
    // ci-grace is Stopped: stop and restart are refused, start is accepted with a Location.
    let (s, _, b) = emu.call("POST", &action(&emu, "ci-grace", "stop"), None).await;
    assert_eq!((s, b["error"]["code"].as_str()), (400, Some("StopComputeInstanceOnlyAllowedInRunningState")));
    let (s, _, _) = emu.call("POST", &action(&emu, "ci-grace", "restart"), None).await;
    assert_eq!(s, 400);
    let (s, h, _) = emu.call("POST", &action(&emu, "ci-grace", "start"), None).await;
    assert_eq!(s, 202);
    assert!(h.get("azure-asyncoperation").is_none() && h.get("retry-after").is_some());
    let loc = hdr(&h, "location");
    let (_, _, now) = emu.call("GET", &c(&emu, "ci-grace"), None).await;
    assert_eq!(now["properties"]["properties"]["state"], "Starting");
    let (s, _, _) = emu.call("POST", &action(&emu, "ci-grace", "start"), None).await;
    assert_eq!(s, 409, "an action while another runs");
    let (s, h, _) = emu.call("GET", &loc, None).await;
    assert_eq!(s, 202);
    assert!(h.get("location").is_some());
    let mut status = 202;
    for _ in 0..100 {
        status = emu.call("GET", &loc, None).await.0;
        if status != 202 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(status == 200 || status == 204, "{status}");
    let (_, _, done) = emu.call("GET", &c(&emu, "ci-grace"), None).await;
    assert_eq!(done["properties"]["properties"]["state"], "Running");
    assert!(done["properties"]["properties"]["connectivityEndpoints"]["publicIpAddress"].is_string());
}

#[tokio::test]
async fn stop_and_restart_state_machines() {
    let emu = start().await;
    emu.set_operation_ms(150);
    let (s, h, _) = emu.call("POST", &action(&emu, "ci-ada", "stop"), None).await;
    assert_eq!(s, 202);
    assert!(h.get("azure-asyncoperation").is_some());
    let (_, _, b) = emu.call("GET", &c(&emu, "ci-ada"), None).await;
    assert_eq!(b["properties"]["properties"]["state"], "Stopping");
    emu.wait_for(&c(&emu, "ci-ada"), |b| b["properties"]["properties"]["state"] == "Stopped").await;
    let (s, _, _) = emu.call("POST", &action(&emu, "ci-ada", "start"), None).await;
    assert_eq!(s, 202);
    emu.wait_for(&c(&emu, "ci-ada"), |b| b["properties"]["properties"]["state"] == "Running").await;
    let (s, _, _) = emu.call("POST", &action(&emu, "ci-ada", "restart"), None).await;
    assert_eq!(s, 202);
    let (_, _, b) = emu.call("GET", &c(&emu, "ci-ada"), None).await;
    assert_eq!(b["properties"]["properties"]["state"], "Restarting");
    let b = emu.wait_for(&c(&emu, "ci-ada"), |b| b["properties"]["properties"]["state"] == "Running").await;
    assert_eq!(b["properties"]["properties"]["lastOperation"]["operationName"], "Restart");
    let (s, _, _) = emu.call("POST", &action(&emu, "cpu-cluster", "stop"), None).await;
    assert_eq!(s, 400, "only compute instances stop");
    let (s, _, _) = emu.call("POST", &action(&emu, "nope-nope", "stop"), None).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn quota_exceeded_fails_the_operation_and_leaves_a_failed_compute() {
    let emu = start().await;
    emu.set_operation_ms(50);
    // NCSv3 family: limit 24, gpu-cluster holds 6; one Standard_NC24s_v3 node needs 24.
    let (s, h, _) = emu.call("PUT", &c(&emu, "big-gpu"), Some(&cluster("Standard_NC24s_v3", 0, 2))).await;
    assert_eq!(s, 201);
    let done = emu.wait_for(&hdr(&h, "azure-asyncoperation"), |b| b["status"] != "InProgress").await;
    assert_eq!(done["status"], "Failed");
    assert_eq!(done["error"]["code"], "BadRequest");
    let msg = done["error"]["message"].as_str().unwrap();
    assert!(msg.contains("quota"), "{msg}");
    let (_, _, b) = emu.call("GET", &c(&emu, "big-gpu"), None).await;
    assert_eq!(b["properties"]["provisioningState"], "Failed");
    assert_eq!(b["properties"]["provisioningErrors"][0]["error"]["code"], "BadRequest");
    // A family with no usage: the service's original wording.
    let (_, h, _) = emu.call("PUT", &c(&emu, "huge-a100"), Some(&cluster("Standard_ND96asr_v4", 0, 1))).await;
    let done = emu.wait_for(&hdr(&h, "azure-asyncoperation"), |b| b["status"] != "InProgress").await;
    assert!(done["error"]["message"].as_str().unwrap().starts_with("The specified subscription has a Standard NDASv4_A100 family vCPU quota of 24 and cannot accomodate for at least 1 requested managed compute node which maps to 96 vCPUs."), "{done}");
}

#[tokio::test]
async fn name_and_body_validation() {
    let emu = start().await;
    for bad in ["ab", "1abc", "cpu-cluster-1", "a_bc", "abcdefghijklmnopqrstuvwxy"] {
        let (s, _, b) = emu.call("PUT", &c(&emu, bad), Some(&cluster("STANDARD_DS3_V2", 0, 1))).await;
        assert_eq!(s, 400, "{bad}: {b}");
        assert!(b["error"]["message"].as_str().unwrap().starts_with("Compute name"), "{bad}");
    }
    let (s, _, _) = emu.call("PUT", &c(&emu, "abc-1x"), Some(&cluster("STANDARD_DS3_V2", 0, 1))).await;
    assert_eq!(s, 201);
    let vm = |props: Value| json!({"properties": {"computeType": "VirtualMachine", "resourceId": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa", "properties": props}});
    let cases = [
        json!({"properties": {}}),
        json!({"properties": {"computeType": "Batch"}}),
        json!({"properties": {"computeType": "AmlCompute", "properties": {"vmSize": "STANDARD_DS3_V2"}}}),
        cluster("STANDARD_DS3_V2", 3, 2),
        cluster("Standard_Imaginary_v9", 0, 2),
        json!({"properties": {"computeType": "ComputeInstance", "properties": {}}}),
        vm(json!({"administratorAccount": {"username": "u", "password": "p"}})),
        json!({"properties": {"computeType": "Databricks", "resourceId": format!("/subscriptions/{DEV}/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/d"), "properties": {"workspaceUrl": "x"}}}),
        json!({"properties": {"computeType": "HDInsight", "resourceId": format!("/subscriptions/{DEV}/resourceGroups/rg/providers/Microsoft.HDInsight/clusters/h"), "properties": {"administratorAccount": {"username": "u"}}}}),
        json!({"properties": {"computeType": "Kubernetes"}}),
    ];
    for (i, body) in cases.iter().enumerate() {
        let (s, _, b) = emu.call("PUT", &c(&emu, "valid-name"), Some(body)).await;
        assert_eq!(s, 400, "case {i}: {b}");
        assert_eq!(b["error"]["code"], "BadRequest", "case {i}");
    }
    let r = emu
        .http
        .put(format!("{}{}", emu.base, c(&emu, "valid-name")))
        .bearer_auth(emu.token())
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn type_conflict_and_update_rules() {
    let emu = start().await;
    let ci = json!({"properties": {"computeType": "ComputeInstance", "properties": {"vmSize": "STANDARD_DS3_V2"}}});
    let (s, _, b) = emu.call("PUT", &c(&emu, "cpu-cluster"), Some(&ci)).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("Conflict")));
    let (s, _, _) = emu.call("PUT", &c(&emu, "cpu-cluster"), Some(&cluster("STANDARD_NC6S_V3", 0, 4))).await;
    assert_eq!(s, 400, "vmSize cannot change");
    let (s, h, b) = emu.call("PUT", &c(&emu, "cpu-cluster"), Some(&cluster("standard_ds3_v2", 0, 6))).await;
    assert_eq!((s, b["properties"]["provisioningState"].as_str()), (200, Some("Updating")));
    assert!(h.get("azure-asyncoperation").is_some());
    let (s, _, _) = emu
        .call(
            "PATCH",
            &c(&emu, "ci-ada"),
            Some(&json!({"properties": {"properties": {"scaleSettings": {"maxNodeCount": 1}}}})),
        )
        .await;
    assert_eq!(s, 400, "PATCH is AmlCompute only");
    let (s, _, _) = emu.call("PATCH", &c(&emu, "nope-nope"), Some(&json!({}))).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn secrets_are_write_only() {
    let emu = start().await;
    let vm = json!({"properties": {"computeType": "VirtualMachine",
        "resourceId": format!("/subscriptions/{DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.Compute/virtualMachines/vm1"),
        "properties": {"address": "10.1.2.3", "sshPort": 22, "administratorAccount": {"username": "azureuser", "password": "S3cret!pw", "privateKeyData": "-----BEGIN KEY-----"}}}});
    let (s, _, put) = emu.call("PUT", &c(&emu, "my-vm"), Some(&vm)).await;
    assert_eq!(s, 201);
    let (_, _, get) = emu.call("GET", &c(&emu, "my-vm"), None).await;
    let list =
        emu.all_pages(&format!("{}/computes?api-version={V}", emu.ws_path(DEV, "rg-ml-dev", "ws-demo")), false).await;
    for text in [put.to_string(), get.to_string(), serde_json::to_string(&list).unwrap()] {
        assert!(!text.contains("S3cret!pw") && !text.contains("BEGIN KEY"), "secret leaked");
    }
    assert_eq!(get["properties"]["properties"]["administratorAccount"]["username"], "azureuser");
    let (s, _, keys) = emu.call("POST", &action(&emu, "my-vm", "listKeys"), None).await;
    assert_eq!(s, 200);
    assert_eq!(
        keys,
        json!({"computeType": "VirtualMachine", "administratorAccount": {"username": "azureuser", "password": "S3cret!pw", "publicKeyData": null, "privateKeyData": "-----BEGIN KEY-----"}})
    );
    let (_, _, keys) = emu.call("POST", &action(&emu, "dbx-prod", "listKeys"), None).await;
    assert!(keys["databricksAccessToken"].as_str().unwrap().starts_with("dapi"));
    let (s, _, _) = emu.call("POST", &action(&emu, "hdi-spark", "listKeys"), None).await;
    assert_eq!(s, 400, "ComputeSecrets has no HDInsight variant");
}

#[tokio::test]
async fn delete_rules_and_usages_move_with_clusters() {
    let emu = start().await;
    emu.set_operation_ms(60);
    let base = format!("{}/computes/cpu-cluster?api-version={V}", emu.ws_path(DEV, "rg-ml-dev", "ws-demo"));
    let (s, _, b) = emu.call("DELETE", &base, None).await;
    assert_eq!(s, 400, "{b}");
    let (s, _, _) = emu.call("DELETE", &format!("{base}&underlyingResourceAction=Remove"), None).await;
    assert_eq!(s, 400);
    let (s, _, _) =
        emu.call("DELETE", &format!("{}&underlyingResourceAction=Delete", c(&emu, "nope-nope")), None).await;
    assert_eq!(s, 204, "the spec: 204 when the compute does not exist");

    assert_eq!(total_dedicated(&emu).await, 16);
    let body = cluster("STANDARD_DS3_V2", 2, 4);
    let (s1, h1, _) = emu.call("PUT", &c(&emu, "usage-test"), Some(&body)).await;
    let (s2, h2, _) = emu.call("PUT", &c(&emu, "usage-test"), Some(&body)).await;
    assert_eq!((s1, s2), (201, 200), "the same PUT twice is one create");
    assert_eq!(hdr(&h1, "azure-asyncoperation"), hdr(&h2, "azure-asyncoperation"));
    emu.wait_for(&c(&emu, "usage-test"), |b| {
        b["properties"]["properties"]["allocationState"] == "Steady"
            && b["properties"]["properties"]["currentNodeCount"] == 2
    })
    .await;
    let (s3, h3, _) = emu.call("PUT", &c(&emu, "usage-test"), Some(&body)).await;
    assert_eq!(s3, 200);
    assert!(h3.get("azure-asyncoperation").is_none(), "nothing to do, no new operation");
    assert_eq!(total_dedicated(&emu).await, 16 + 2 * 4);

    let (s, h, _) =
        emu.call("DELETE", &format!("{}&underlyingResourceAction=Delete", c(&emu, "usage-test")), None).await;
    assert_eq!(s, 202);
    assert!(h.get("location").is_some() && h.get("azure-asyncoperation").is_some());
    let (s, _, _) =
        emu.call("DELETE", &format!("{}&underlyingResourceAction=Delete", c(&emu, "usage-test")), None).await;
    assert_eq!(s, 202, "deleting twice answers with the running delete");
    emu.wait_for(&c(&emu, "usage-test"), |b| b["error"]["innerError"]["code"] == "NotFoundError").await;
    assert_eq!(total_dedicated(&emu).await, 16);
}

#[tokio::test]
async fn lro_headers_are_exposed_to_browsers() {
    let emu = start().await;
    let r = emu
        .http
        .put(format!("{}{}", emu.base, c(&emu, "cors-test")))
        .bearer_auth(emu.token())
        .header("origin", "http://localhost:8080")
        .json(&cluster("STANDARD_DS3_V2", 0, 1))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let h = r.headers();
    assert!(h.get("x-ms-request-id").is_some());
    assert_eq!(h.get("access-control-allow-origin").unwrap(), "http://localhost:8080");
    assert!(hdr(h, "access-control-expose-headers").contains("Azure-AsyncOperation"));
    // The status URL needs the ARM token like any ARM path.
    let r = emu.http.get(hdr(h, "azure-asyncoperation")).send().await.unwrap();
    assert_eq!(r.status(), 401);
}

//! Lifecycle request builders, listKeys model, durations.

use aml_api::*;
use serde_json::{json, Value};

const WS: &str = "https://management.azure.com/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ws1";

fn c() -> ArmClient {
    ArmClient::new("https://management.azure.com", "2025-12-01")
}

fn ws() -> WorkspaceRef {
    WorkspaceRef::new("sub1", "rg1", "ws1")
}

fn fixture(rel: &str) -> Value {
    let p = format!("{}/../tests/fixtures/2025-12-01/Compute/{rel}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn put_patch_delete_and_actions() {
    let r: ComputeResource =
        serde_json::from_value(json!({"location":"eastus","properties":{"computeType":"AmlCompute"}})).unwrap();
    let put = c().create_or_update_compute(&ws(), "cpu cluster", &r);
    assert_eq!(put.method, Method::Put);
    assert_eq!(put.url, format!("{WS}/computes/cpu%20cluster?api-version=2025-12-01"));
    assert_eq!(put.header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_str::<Value>(put.body.as_deref().unwrap()).unwrap(),
        json!({"location":"eastus","properties":{"computeType":"AmlCompute"}})
    );

    // PATCH body = the spec example's request parameters exactly.
    let fx = fixture("patch.json");
    let scale = ScaleSettings {
        max_node_count: Some(4),
        min_node_count: Some(4),
        node_idle_time_before_scale_down: Some("PT5M".into()),
        ..Default::default()
    };
    let patch = c().update_compute_scale(&ws(), "compute123", &scale);
    assert_eq!(patch.method, Method::Patch);
    assert_eq!(patch.header("Content-Type"), Some("application/json"));
    assert_eq!(serde_json::from_str::<Value>(patch.body.as_deref().unwrap()).unwrap(), fx["parameters"]["parameters"]);

    let del = c().delete_compute(&ws(), "c1", UnderlyingResourceAction::Detach);
    assert_eq!(
        (del.method, del.url.as_str()),
        (Method::Delete, format!("{WS}/computes/c1?api-version=2025-12-01&underlyingResourceAction=Detach").as_str())
    );
    assert!(c()
        .delete_compute(&ws(), "c1", UnderlyingResourceAction::Delete)
        .url
        .ends_with("&underlyingResourceAction=Delete"));
    assert_eq!(fixture("delete.json")["parameters"]["underlyingResourceAction"], "Delete");

    for (req, action) in [
        (c().start_compute(&ws(), "ci"), "start"),
        (c().stop_compute(&ws(), "ci"), "stop"),
        (c().restart_compute(&ws(), "ci"), "restart"),
        (c().list_compute_keys(&ws(), "ci"), "listKeys"),
    ] {
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.url, format!("{WS}/computes/ci/{action}?api-version=2025-12-01"));
        assert_eq!(req.body, None);
    }
}

#[test]
fn get_resource_refuses_foreign_hosts_and_keeps_or_adds_api_version() {
    let op = "https://management.azure.com/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/abc?api-version=2025-12-01&service=new";
    assert_eq!(c().get_resource(op).unwrap().url, op);
    assert_eq!(
        c().get_resource("https://management.azure.com/x").unwrap().url,
        "https://management.azure.com/x?api-version=2025-12-01"
    );
    assert_eq!(c().get_resource("/x?a=1").unwrap().url, "https://management.azure.com/x?a=1&api-version=2025-12-01");
    for bad in [
        "https://evil.example/x",
        "http://management.azure.com/x",
        "https://management.azure.com.evil.example/x",
        "https://management.azure.com@evil.example/x",
        "//evil.example/x",
        "example_location",
    ] {
        let e = c().get_resource(bad).unwrap_err();
        assert_eq!(e.code, "UntrustedPollingUrl", "{bad}");
    }
    let long = format!("https://management.azure.com/op/{}", "a".repeat(5000));
    assert!(c().get_resource(&long).is_ok(), "polling URLs over 4 KB are accepted");
}

#[test]
fn compute_secrets_by_type_round_trip() {
    let aks = fixture("listKeys.json")["responses"]["200"]["body"].clone();
    let s: ComputeSecrets = serde_json::from_value(aks.clone()).unwrap();
    match &s {
        ComputeSecrets::Aks(a) => {
            assert_eq!(a.admin_kube_config.as_deref(), Some("admin kube config..."))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(serde_json::to_value(&s).unwrap(), aks);
    for v in [
        json!({"computeType":"VirtualMachine","administratorAccount":{"username":"u","password":"p","extra":1}}),
        json!({"computeType":"Databricks","databricksAccessToken":"dapi","newField":null}),
        json!({"computeType":"Batch","key":"k"}),
        json!({"key":"k"}),
    ] {
        let s: ComputeSecrets = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&s).unwrap(), v);
    }
    let vm: ComputeSecrets =
        serde_json::from_value(json!({"computeType":"VirtualMachine","administratorAccount":{"username":"u"}}))
            .unwrap();
    assert_eq!(vm.compute_type(), "VirtualMachine");
    assert!(matches!(
        serde_json::from_value::<ComputeSecrets>(json!({"computeType":"Databricks"})).unwrap(),
        ComputeSecrets::Databricks(_)
    ));
}

/// Expected values printed by azure-ai-ml 1.35.2's `to_iso_duration_format` (isodate).
#[test]
fn durations_match_the_sdk() {
    let sdk = [
        (1, "PT1S"),
        (59, "PT59S"),
        (60, "PT1M"),
        (61, "PT1M1S"),
        (119, "PT1M59S"),
        (120, "PT2M"),
        (121, "PT2M1S"),
        (180, "PT3M"),
        (300, "PT5M"),
        (3599, "PT59M59S"),
        (3600, "PT1H"),
        (3601, "PT1H1S"),
        (3660, "PT1H1M"),
        (7200, "PT2H"),
        (86400, "P1D"),
        (90061, "P1DT1H1M1S"),
        (1_000_000, "P11DT13H46M40S"),
        (0, "P0D"),
    ];
    for (secs, text) in sdk {
        assert_eq!(seconds_to_iso8601(secs), text, "{secs}");
        assert_eq!(iso8601_to_seconds(text), Ok(secs), "{text}");
    }
    for (text, secs) in
        [("PT120S", 120), ("pt5m", 300), ("P1W", 604_800), ("PT0S", 0), ("PT1.0S", 1), ("P1DT0H", 86_400)]
    {
        assert_eq!(iso8601_to_seconds(text), Ok(secs), "{text}");
    }
    for bad in
        ["", "P", "PT", "5M", "PT5", "P1M", "P1Y", "PT1.5S", "PTM", "PT5M2H", "P1H", "PT-1S", "PT99999999999999999999S"]
    {
        assert!(iso8601_to_seconds(bad).is_err(), "{bad}");
    }
}

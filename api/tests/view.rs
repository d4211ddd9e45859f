//! Display helpers used by the console's compute pages.

use std::fs;
use std::path::Path;

use aml_api::view::{humanize, HIDDEN};
use aml_api::{type_label_for, ComputeResource, NodeSummary, PropertyGroup};
use serde_json::{json, Value};

fn fixture_body(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(rel);
    let doc: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    doc["responses"]["200"]["body"].clone()
}

fn compute(v: Value) -> ComputeResource {
    serde_json::from_value(v).unwrap()
}

/// Every non-null scalar leaf of a JSON value, as the string the details page should show.
fn leaves(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.values().for_each(|x| leaves(x, out)),
        Value::Array(a) => a.iter().for_each(|x| leaves(x, out)),
        Value::Null => {}
        Value::String(s) => out.push(s.clone()),
        other => out.push(other.to_string()),
    }
}

fn all_text(groups: &[PropertyGroup]) -> String {
    groups.iter().flat_map(|g| g.rows.iter().map(move |(l, v)| format!("{} | {l} | {v}\n", g.title))).collect()
}

fn row<'a>(groups: &'a [PropertyGroup], title: &str, label: &str) -> Option<&'a str> {
    groups.iter().find(|g| g.title == title)?.rows.iter().find(|(l, _)| l == label).map(|(_, v)| v.as_str())
}

#[test]
fn property_groups_show_every_leaf_of_the_aml_fixture() {
    let body = fixture_body("2025-12-01/Compute/get/AmlCompute.json");
    let groups = compute(body.clone()).property_groups();
    let values: Vec<&str> = groups.iter().flat_map(|g| g.rows.iter().map(|(_, v)| v.as_str())).collect();
    let mut expected = Vec::new();
    leaves(&body, &mut expected);
    assert!(expected.len() > 25, "fixture walk found too little: {}", expected.len());
    for leaf in &expected {
        assert!(values.iter().any(|v| v == leaf), "leaf {leaf:?} missing from:\n{}", all_text(&groups));
    }
    assert_eq!(row(&groups, "Scale settings", "Node idle time before scale down"), Some("PT5M"));
    assert_eq!(row(&groups, "Scale settings", "Max node count"), Some("1"));
    assert_eq!(row(&groups, "Status", "Allocation state"), Some("Resizing"));
    assert_eq!(row(&groups, "Status", "Node state counts › Idle node count"), Some("0"));
    assert_eq!(row(&groups, "Configuration", "VM size"), Some("STANDARD_NC6"));
    assert_eq!(row(&groups, "Network", "Subnet › ID"), Some("test-subnet-resource-id"));
    assert_eq!(row(&groups, "General", "Provisioning state"), Some("Succeeded"));
    // Explicit nulls are shown, not dropped.
    assert_eq!(row(&groups, "Status", "Errors"), Some("—"));
    let titles: Vec<&str> = groups.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(titles, ["General", "Status", "Scale settings", "Configuration", "Network"]);
}

#[test]
fn secrets_never_appear() {
    let v = json!({"name": "vm", "properties": {"computeType": "VirtualMachine",
        "properties": {"address": "10.0.0.4", "sshPort": 22, "virtualMachineSize": "Standard_D2",
            "administratorAccount": {"username": "azureuser", "password": "Pa55-word!",
                "publicKeyData": "ssh-rsa AAAApub", "privateKeyData": "-----BEGIN PRIVATE-----xyz"}},
        "futureThing": {"clientSecret": "s3cr3t-value"}}});
    let groups = compute(v).property_groups();
    let text = all_text(&groups);
    for secret in ["Pa55-word!", "BEGIN PRIVATE", "s3cr3t-value"] {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
    assert_eq!(row(&groups, "Access", "Administrator account › Password"), Some(HIDDEN));
    assert_eq!(row(&groups, "Access", "Administrator account › Private key data"), Some(HIDDEN));
    assert_eq!(row(&groups, "Access", "Administrator account › Username"), Some("azureuser"));
    assert_eq!(row(&groups, "Access", "Administrator account › Public key data"), Some("ssh-rsa AAAApub"));
    assert_eq!(row(&groups, "Other", "Future thing › Client secret"), Some(HIDDEN));

    for (ty, nested) in [
        ("Databricks", json!({"databricksAccessToken": "dapiTOKEN", "workspaceUrl": "https://adb"})),
        ("AmlCompute", json!({"userAccountCredentials": {"adminUserName": "u", "adminUserPassword": "CLUSTERPW"}})),
        ("Kubernetes", json!({"relayConnectionString": "Endpoint=sb://RELAYCS", "serviceBusConnectionString": "SBCS"})),
        ("AKS", json!({"sslConfiguration": {"status": "Enabled", "cert": "CERT", "key": "TLSKEY"}})),
    ] {
        let text =
            all_text(&compute(json!({"properties": {"computeType": ty, "properties": nested}})).property_groups());
        for secret in ["dapiTOKEN", "CLUSTERPW", "RELAYCS", "SBCS", "TLSKEY"] {
            assert!(!text.contains(secret), "{ty}: {secret} leaked:\n{text}");
        }
        assert!(text.contains(HIDDEN), "{ty}: nothing hidden:\n{text}");
    }
}

#[test]
fn unknown_type_raw_json_is_shown() {
    let v = json!({"name": "legacy-batch", "properties": {"computeType": "Batch", "provisioningState": "Succeeded",
        "properties": {"vmSize": "STANDARD_D2", "poolSettings": {"nodeAgentSku": "batch.node.ubuntu 20.04"}, "nodes": [3, 4]},
        "weird": [{"x": "deep-value"}]}});
    let c = compute(v.clone());
    let groups = c.property_groups();
    let text = all_text(&groups);
    let mut expected = Vec::new();
    leaves(&v, &mut expected);
    for leaf in expected {
        assert!(text.contains(&leaf), "{leaf} missing:\n{text}");
    }
    assert_eq!(row(&groups, "Other", "Pool settings › Node agent sku"), Some("batch.node.ubuntu 20.04"));
    assert_eq!(row(&groups, "Other", "Weird › #1 › X"), Some("deep-value"));
    assert_eq!(row(&groups, "Other", "Nodes"), Some("3, 4"));
    assert_eq!(c.type_label(), "Batch (unsupported)");
    assert_eq!(c.vm_size().as_deref(), Some("STANDARD_D2"));
    assert!(!c.is_known_type());
}

#[test]
fn map_keys_and_tags_are_not_humanized() {
    let groups = compute(fixture_body("2025-12-01/Compute/get/KubernetesCompute.json")).property_groups();
    let text = all_text(&groups);
    assert!(
        text.contains("Instance types › defaultInstanceType › Resources › Requests › nvidia.com/gpu | —"),
        "{text}"
    );
    let groups = compute(json!({"name": "t", "tags": {"costCenter": "42"}})).property_groups();
    assert_eq!(row(&groups, "General", "Tags › costCenter"), Some("42"));
}

#[test]
fn instance_fixture_helpers_and_leaves() {
    let body = fixture_body("2025-12-01/Compute/get/ComputeInstance.json");
    let c = compute(body.clone());
    assert_eq!(c.state_label(), "Running");
    assert_eq!(c.type_label(), "Compute instance");
    assert_eq!(c.vm_size().as_deref(), Some("STANDARD_NC6"));
    assert_eq!(c.node_summary(), None);
    let text = all_text(&c.property_groups());
    let mut expected = Vec::new();
    leaves(&body, &mut expected);
    for leaf in expected {
        assert!(text.contains(&leaf), "{leaf} missing:\n{text}");
    }
    assert!(text.contains("Access | SSH settings › SSH public access | Enabled"), "{text}");
}

#[test]
fn list_helpers_for_a_cluster() {
    let c = compute(fixture_body("2025-12-01/Compute/get/AmlCompute.json"));
    assert_eq!(c.name(), "compute123");
    assert_eq!(c.compute_type(), "AmlCompute");
    assert!(c.is_known_type());
    assert_eq!(c.type_label(), "Compute cluster");
    assert_eq!(c.provisioning_state(), Some("Succeeded"));
    assert_eq!(c.state_label(), "Succeeded · Resizing");
    assert_eq!(c.vm_size().as_deref(), Some("STANDARD_NC6"));
    assert_eq!(c.location(), Some("eastus2"));
    assert_eq!(c.created_on(), Some("2021-04-01T22:00:00.0000000+00:00"));
    assert_eq!(c.node_summary(), Some(NodeSummary { current: Some(0), target: Some(1), min: Some(0), max: Some(1) }));
    assert!(c.provisioning_errors().is_empty());
}

#[test]
fn state_and_size_for_other_types() {
    let aks = compute(
        json!({"properties": {"computeType": "AKS", "provisioningState": "Creating", "properties": {"agentVmSize": "Standard_D3_v2"}}}),
    );
    assert_eq!((aks.state_label(), aks.vm_size()), ("Creating".to_string(), Some("Standard_D3_v2".to_string())));
    assert_eq!(aks.type_label(), "Azure Kubernetes Service");
    let syn = compute(json!({"properties": {"computeType": "SynapseSpark", "properties": {"nodeSize": "Medium"}}}));
    assert_eq!((syn.state_label(), syn.vm_size()), ("Unknown".to_string(), Some("Medium".to_string())));
    let vm = compute(
        json!({"properties": {"computeType": "VirtualMachine", "properties": {"virtualMachineSize": "Standard_NC6"}}}),
    );
    assert_eq!(vm.vm_size().as_deref(), Some("Standard_NC6"));
    let ci = compute(
        json!({"properties": {"computeType": "ComputeInstance", "provisioningState": "Succeeded", "properties": {"state": "Stopped"}}}),
    );
    assert_eq!(ci.state_label(), "Stopped");
    let dla = compute(json!({"id": "/a/b/computes/adla-logs", "properties": {"computeType": "DataLakeAnalytics"}}));
    assert_eq!((dla.name(), dla.vm_size()), ("adla-logs", None));
    let labels: Vec<String> = aml_api::compute_type::ALL.iter().map(|t| type_label_for(t).into_owned()).collect();
    assert!(labels.iter().all(|l| !l.contains("unsupported")), "{labels:?}");
}

#[test]
fn provisioning_errors_are_listed() {
    let c = compute(
        json!({"name": "broken-cluster", "properties": {"computeType": "AmlCompute", "provisioningState": "Failed",
        "provisioningErrors": [{"error": {"code": "QuotaExceeded", "message": "Not enough cores",
            "details": [{"code": "Family", "message": "standardNCFamily"}]}}]}}),
    );
    let errs = c.provisioning_errors();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].code.as_deref(), Some("QuotaExceeded"));
    let groups = c.property_groups();
    assert_eq!(row(&groups, "Provisioning errors", "#1 › Error › Details › #1 › Message"), Some("standardNCFamily"));
    assert_eq!(c.state_label(), "Failed");
}

#[test]
fn humanize_labels() {
    for (k, want) in [
        ("nodeIdleTimeBeforeScaleDown", "Node idle time before scale down"),
        ("vmSize", "VM size"),
        ("dnsServiceIP", "DNS service IP"),
        ("privateIpAddress", "Private IP address"),
        ("vCPUs", "V CPUs"),
        ("osType", "OS type"),
        ("enableNodePublicIp", "Enable node public IP"),
        ("osVhdSizeMB", "OS vhd size MB"),
        ("nvidia.com/gpu", "nvidia.com/gpu"),
        ("state", "State"),
    ] {
        assert_eq!(humanize(k), want, "{k}");
    }
}

//! Forms → PUT bodies (vs the spec examples and the SDK's body), form validation, drafts.

mod common;

use aml_api::forms::*;
use aml_api::{ArmClient, ScaleSettings, WorkspaceRef};
use common::*;
use serde_json::{json, Value};

fn fixture_request(name: &str) -> Value {
    let p = format!("{}/../tests/fixtures/2025-12-01/Compute/createOrUpdate/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    v["parameters"]["parameters"].clone()
}

/// Leaf paths (`a.b.c`) of a JSON value; arrays index as `[i]`.
fn leaves(v: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) if !m.is_empty() => m.iter().for_each(|(k, x)| leaves(x, format!("{path}.{k}"), out)),
        Value::Array(a) if !a.is_empty() => {
            a.iter().enumerate().for_each(|(i, x)| leaves(x, format!("{path}[{i}]"), out))
        }
        other => out.push((path, other.clone())),
    }
}

/// Ours must equal the example, except: example paths under `missing` (settings the form does
/// not offer) and our paths under `extra` (defaults the SDK always sends). Both lists must be
/// exact, so a new difference fails the test.
fn compare(example: &Value, ours: &Value, missing: &[&str], extra: &[&str]) {
    let (mut a, mut b) = (vec![], vec![]);
    leaves(example, String::new(), &mut a);
    leaves(ours, String::new(), &mut b);
    let under = |p: &str, list: &[&str]| {
        list.iter()
            .any(|m| p == format!(".{m}") || p.starts_with(&format!(".{m}.")) || p.starts_with(&format!(".{m}[")))
    };
    let mut seen_missing = vec![];
    for (p, v) in &a {
        match b.iter().find(|(q, _)| q == p) {
            Some((_, w)) => assert_eq!(v, w, "value differs at {p}"),
            None => {
                assert!(under(p, missing), "example has {p} = {v}, ours does not");
                seen_missing.push(p.clone());
            }
        }
    }
    let mut seen_extra = vec![];
    for (p, v) in &b {
        if !a.iter().any(|(q, _)| q == p) {
            assert!(under(p, extra), "ours has {p} = {v}, the example does not");
            seen_extra.push(p.clone());
        }
    }
    for m in extra {
        assert!(
            seen_extra.iter().any(|p| p == &format!(".{m}") || p.starts_with(&format!(".{m}"))),
            "documented extra {m} not produced"
        );
    }
    for m in missing {
        assert!(seen_missing.iter().any(|p| p.starts_with(&format!(".{m}"))), "documented missing {m} not in example");
    }
}

fn body(draft: &ComputeDraft, loc: &str) -> Value {
    serde_json::to_value(draft.to_resource(loc)).unwrap()
}

#[test]
fn aml_compute_matches_the_sdk_body_exactly() {
    // docs/azure-ai-ml-sdk.md §4: AmlCompute(name, size="STANDARD_D2_V2", tier="dedicated") in eastus.
    let f = AmlComputeForm { name: "cpu".into(), vm_size: "STANDARD_D2_V2".into(), ..Default::default() };
    let sdk = json!({"location":"eastus","properties":{"computeType":"AmlCompute","properties":{"vmSize":"STANDARD_D2_V2",
        "vmPriority":"Dedicated","scaleSettings":{"maxNodeCount":4,"minNodeCount":0,
        "nodeIdleTimeBeforeScaleDown":"PT2M"},"remoteLoginPortPublicAccess":"NotSpecified",
        "enableNodePublicIp":true,"osType":"Linux"},"disableLocalAuth":true}});
    assert_eq!(serde_json::to_value(f.to_resource("eastus")).unwrap(), sdk);
}

#[test]
fn aml_compute_vs_spec_examples() {
    let basic = AmlComputeForm {
        name: "compute123".into(),
        vm_size: "STANDARD_NC6".into(),
        max_nodes: "1".into(),
        idle_seconds: "300".into(),
        os_type: "Windows".into(),
        vm_image_id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myResourceGroup/providers/Microsoft.Compute/galleries/myImageGallery/images/myImageDefinition/versions/0.0.1".into(),
        ..Default::default()
    };
    assert_eq!(basic.validate(&[]), vec![]);
    compare(
        &fixture_request("BasicAmlCompute"),
        &body(&ComputeDraft::AmlCompute(basic), "eastus"),
        &["properties.properties.isolatedNetwork"],
        &["properties.disableLocalAuth"],
    );

    let with_desc = AmlComputeForm {
        name: "compute123".into(),
        min_nodes: "4".into(),
        max_nodes: "4".into(),
        idle_seconds: "300".into(),
        description: "some compute".into(),
        ..Default::default()
    };
    compare(
        &fixture_request("AmlCompute"),
        &body(&ComputeDraft::AmlCompute(with_desc), "eastus"),
        &[],
        &[
            "properties.disableLocalAuth",
            "properties.properties.vmSize",
            "properties.properties.vmPriority",
            "properties.properties.osType",
            "properties.properties.remoteLoginPortPublicAccess",
            "properties.properties.enableNodePublicIp",
        ],
    );
}

#[test]
fn compute_instance_vs_spec_examples() {
    let minimal =
        ComputeInstanceForm { name: "compute123".into(), vm_size: "STANDARD_NC6".into(), ..Default::default() };
    compare(
        &fixture_request("ComputeInstanceMinimal"),
        &body(&ComputeDraft::ComputeInstance(minimal), "eastus"),
        &[],
        &[
            "properties.disableLocalAuth",
            "properties.properties.applicationSharingPolicy",
            "properties.properties.computeInstanceAuthorizationType",
            "properties.properties.sshSettings",
            "properties.properties.enableNodePublicIp",
        ],
    );
    let zero = "00000000-0000-0000-0000-000000000000";
    let personal = ComputeInstanceForm {
        name: "compute123".into(),
        vm_size: "STANDARD_NC6".into(),
        subnet_id: "test-subnet-resource-id".into(),
        application_sharing_policy: "Personal".into(),
        assigned_user_object_id: zero.into(),
        assigned_user_tenant_id: zero.into(),
        ..Default::default()
    };
    compare(
        &fixture_request("ComputeInstance"),
        &body(&ComputeDraft::ComputeInstance(personal.clone()), "eastus"),
        &["properties.properties.customServices"],
        &["properties.disableLocalAuth", "properties.properties.enableNodePublicIp"],
    );
    let sched = ComputeInstanceForm {
        subnet_id: String::new(),
        schedules: vec![ScheduleForm {
            action: "Stop".into(),
            cron_expression: "0 18 * * *".into(),
            start_time: "2021-04-23T01:30:00".into(),
            time_zone: "Pacific Standard Time".into(),
            ..Default::default()
        }],
        ..personal
    };
    assert_eq!(sched.validate(&[]), vec![]);
    compare(
        &fixture_request("ComputeInstanceWithSchedules"),
        &body(&ComputeDraft::ComputeInstance(sched), "eastus"),
        &[],
        &["properties.disableLocalAuth", "properties.properties.enableNodePublicIp"],
    );
}

#[test]
fn kubernetes_vs_spec_example() {
    let ex = fixture_request("KubernetesCompute");
    let k = KubernetesForm {
        name: "compute123".into(),
        resource_id: ex["properties"]["resourceId"].as_str().unwrap().into(),
        namespace: "default".into(),
        default_instance_type: "defaultInstanceType".into(),
        instance_types_json: ex["properties"]["properties"]["instanceTypes"].to_string(),
        description: "some compute".into(),
        ..Default::default()
    };
    assert_eq!(k.validate(&[]), vec![]);
    compare(&ex, &body(&ComputeDraft::Kubernetes(k), "eastus"), &[], &["properties.computeLocation"]);
}

#[test]
fn attach_bodies() {
    let vm = SshAttachForm {
        name: "dsvm".into(),
        resource_id: id("Microsoft.Compute/virtualMachines/vm1"),
        address: "10.0.0.4".into(),
        username: "azureuser".into(),
        private_key: OPENSSH_PRIVATE.into(),
        public_key: ED25519_PUB.into(),
        ..Default::default()
    };
    assert_eq!(vm.validate(&[]), vec![]);
    assert_eq!(
        body(&ComputeDraft::SshAttach(vm), "eastus"),
        json!({"location":"eastus","properties":{"computeType":"VirtualMachine","resourceId":id("Microsoft.Compute/virtualMachines/vm1"),
        "properties":{"sshPort":22,"address":"10.0.0.4","administratorAccount":{"username":"azureuser","publicKeyData":ED25519_PUB,"privateKeyData":OPENSSH_PRIVATE}}}})
    );
    let hdi = SshAttachForm {
        target: SshAttachTarget::HdInsight,
        name: "hdi".into(),
        resource_id: id("Microsoft.HDInsight/clusters/c"),
        address: "c-ssh.azurehdinsight.net".into(),
        username: "sshuser".into(),
        password: "pw".into(),
        ..Default::default()
    };
    assert_eq!(hdi.validate(&[]), vec![]);
    assert_eq!(
        body(&ComputeDraft::SshAttach(hdi), "westeurope")["properties"],
        json!({"computeType":"HDInsight","resourceId":id("Microsoft.HDInsight/clusters/c"),"properties":{"sshPort":22,"address":"c-ssh.azurehdinsight.net","administratorAccount":{"username":"sshuser","password":"pw"}}})
    );
    let dbx = DatabricksForm {
        name: "dbx".into(),
        resource_id: id("Microsoft.Databricks/workspaces/d"),
        workspace_url: "https://adb-1.2.azuredatabricks.net".into(),
        access_token: "dapi1".into(),
        description: String::new(),
    };
    assert_eq!(
        body(&ComputeDraft::Databricks(dbx), "eastus")["properties"],
        json!({"computeType":"Databricks","resourceId":id("Microsoft.Databricks/workspaces/d"),"properties":{"databricksAccessToken":"dapi1","workspaceUrl":"https://adb-1.2.azuredatabricks.net"}})
    );
    let adla = DataLakeAnalyticsForm {
        name: "adla".into(),
        resource_id: id("Microsoft.DataLakeAnalytics/accounts/a"),
        data_lake_store_account_name: "store1".into(),
        description: String::new(),
    };
    // The ADLA id goes in the base resourceId, not in properties.properties.
    assert_eq!(
        body(&ComputeDraft::DataLakeAnalytics(adla), "eastus")["properties"],
        json!({"computeType":"DataLakeAnalytics","resourceId":id("Microsoft.DataLakeAnalytics/accounts/a"),"properties":{"dataLakeStoreAccountName":"store1"}})
    );
    let syn = SynapseSparkForm {
        name: "syn".into(),
        resource_id: id("Microsoft.Synapse/workspaces/w/bigDataPools/p"),
        identity: IdentityForm { kind: IdentityKind::SystemAssigned, user_assigned_ids: vec![] },
        description: String::new(),
    };
    assert_eq!(
        body(&ComputeDraft::SynapseSpark(syn), "eastus"),
        json!({"location":"eastus","identity":{"type":"SystemAssigned"},"properties":{"computeType":"SynapseSpark","resourceId":id("Microsoft.Synapse/workspaces/w/bigDataPools/p")}})
    );
}

#[test]
fn inline_scripts_are_base64_and_idle_shutdown_is_minutes() {
    let f = ComputeInstanceForm {
        name: "ci1".into(),
        idle_shutdown_minutes: "30".into(),
        startup_script: ScriptForm {
            source: "inline".into(),
            data: "echo hi\n".into(),
            arguments: String::new(),
            timeout_minutes: "5".into(),
        },
        ..Default::default()
    };
    assert_eq!(f.validate(&[]), vec![]);
    let b = body(&ComputeDraft::ComputeInstance(f), "eastus");
    let p = &b["properties"]["properties"];
    assert_eq!(p["idleTimeBeforeShutdown"], "PT30M");
    assert_eq!(
        p["setupScripts"],
        json!({"scripts":{"startupScript":{"scriptSource":"inline","scriptData":"ZWNobyBoaQo=","timeout":"5m"}}})
    );
}

#[test]
fn scale_form_builds_the_patch() {
    let s = ScaleForm { min_nodes: "1".into(), max_nodes: "10".into(), idle_seconds: "1800".into() };
    assert!(s.validate().is_empty());
    let st = s.to_scale_settings();
    assert_eq!(
        serde_json::to_value(&st).unwrap(),
        json!({"maxNodeCount":10,"minNodeCount":1,"nodeIdleTimeBeforeScaleDown":"PT30M"})
    );
    let req = ArmClient::new("https://management.azure.com", "2025-12-01").update_compute_scale(
        &WorkspaceRef::new("s", "r", "w"),
        "c",
        &st,
    );
    assert_eq!(
        serde_json::from_str::<Value>(req.body.as_deref().unwrap()).unwrap(),
        json!({"properties":{"properties":{"scaleSettings":{"maxNodeCount":10,"minNodeCount":1,"nodeIdleTimeBeforeScaleDown":"PT30M"}}}})
    );
    let back = ScaleForm::from_settings(&ScaleSettings {
        max_node_count: Some(3),
        min_node_count: None,
        node_idle_time_before_scale_down: Some("PT120S".into()),
        ..Default::default()
    });
    assert_eq!(back, ScaleForm { min_nodes: "0".into(), max_nodes: "3".into(), idle_seconds: "120".into() });
    assert_eq!(
        ScaleForm { min_nodes: "3".into(), max_nodes: "0".into(), idle_seconds: "x".into() }.validate().len(),
        2
    );
}

#[test]
fn drafts_round_trip_as_json() {
    let d =
        ComputeDraft::AmlCompute(AmlComputeForm { name: "née".into(), min_nodes: "abc".into(), ..Default::default() });
    let text = serde_json::to_string(&d).unwrap();
    assert!(text.contains("\"formType\":\"AmlCompute\""));
    assert_eq!(serde_json::from_str::<ComputeDraft>(&text).unwrap(), d);
    // Older drafts missing newer fields still load (serde(default)).
    let old: ComputeDraft = serde_json::from_str(r#"{"formType":"ComputeInstance","name":"ci"}"#).unwrap();
    assert_eq!(old.name(), "ci");
}

//! Opening a compute instance: application links, the SSH command and idle shutdown, from the
//! official example and from hostile or unknown shapes; the idle-shutdown requests.

use aml_api::forms::{ComputeDraft, ComputeInstanceForm};
use aml_api::view::instance::{apps_unavailable, idle_shutdown_minutes, instance_apps, ssh_access, AppKind, SshAccess};
use aml_api::{ArmClient, ComputeResource, Method, WorkspaceRef};
use serde_json::{json, Value};
use std::path::PathBuf;

fn official_instance() -> ComputeResource {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/2025-12-01/Compute/get/ComputeInstance.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    serde_json::from_value(doc["responses"]["200"]["body"].clone()).unwrap()
}

fn instance(inner: Value) -> ComputeResource {
    serde_json::from_value(json!({"name": "ci", "properties": {"computeType": "ComputeInstance", "properties": inner}}))
        .unwrap()
}

#[test]
fn the_official_example_has_jupyter_and_ssh() {
    let c = official_instance();
    let apps = instance_apps(&c);
    assert_eq!(apps.len(), 1);
    assert_eq!((apps[0].kind, apps[0].label.as_str()), (AppKind::Jupyter, "Jupyter"));
    assert_eq!(apps[0].url.as_deref(), Some("https://compute123.eastus2.azureml.net/jupyter"));
    assert_eq!(apps_unavailable(&c), None, "Running");
    assert_eq!(
        ssh_access(&c),
        SshAccess::Command {
            command: "ssh azureuser@10.0.0.1 -p 22".into(),
            user: "azureuser".into(),
            address: "10.0.0.1".into(),
            port: 22
        }
    );
    assert_eq!(idle_shutdown_minutes(&c), None, "the stable example reports none");
}

#[test]
fn every_known_kind_is_named_and_ordered() {
    let c = instance(json!({"state": "Stopped", "applications": [
        {"displayName": "Terminal", "endpointUri": "https://h/terminals/1"},
        {"displayName": "VS Code", "endpointUri": "vscode://ms-toolsai.vscode-ai-remote/open?x=1"},
        {"displayName": "RStudio", "endpointUri": "https://h/rstudio"},
        {"displayName": "VS Code (Web)", "endpointUri": "https://h/vscode/"},
        {"displayName": "Jupyter Lab", "endpointUri": "https://h/lab"},
        {"displayName": "Jupyter", "endpointUri": "https://h/tree/"}
    ]}));
    let kinds: Vec<(AppKind, String)> = instance_apps(&c).into_iter().map(|a| (a.kind, a.label)).collect();
    assert_eq!(
        kinds,
        vec![
            (AppKind::JupyterLab, "JupyterLab".into()),
            (AppKind::Jupyter, "Jupyter".into()),
            (AppKind::VsCodeWeb, "VS Code (web)".into()),
            (AppKind::VsCodeDesktop, "VS Code (desktop)".into()),
            (AppKind::Terminal, "Terminal".into()),
            (AppKind::Other, "RStudio".into()),
        ]
    );
    assert_eq!(
        apps_unavailable(&c).as_deref(),
        Some("The instance is Stopped; applications open only while it is Running.")
    );
}

#[test]
fn hostile_endpoints_are_never_links() {
    let c = instance(json!({"state": "Running", "applications": [
        {"displayName": "Jupyter", "endpointUri": "javascript:alert(1)"},
        {"displayName": null, "endpointUri": "data:text/html,x"},
        {"displayName": "Odd", "endpointUri": 42}
    ]}));
    let apps = instance_apps(&c);
    assert!(apps.iter().all(|a| a.url.is_none()), "{apps:?}");
    assert!(apps.iter().any(|a| a.label == "Application"));
    // Not an instance at all: nothing to open.
    let cluster: ComputeResource =
        serde_json::from_value(json!({"properties": {"computeType": "AmlCompute"}})).unwrap();
    assert!(instance_apps(&cluster).is_empty());
}

#[test]
fn ssh_needs_access_an_address_and_sane_values() {
    let with =
        |ssh: Value, ip: Value| instance(json!({"sshSettings": ssh, "connectivityEndpoints": {"publicIpAddress": ip}}));
    let disabled = with(json!({"sshPublicAccess": "Disabled", "sshPort": 50000}), json!("20.1.2.3"));
    assert!(matches!(ssh_access(&disabled), SshAccess::Unavailable(m) if m.contains("disabled")));
    let stopped = with(json!({"sshPublicAccess": "Enabled", "sshPort": 50000}), Value::Null);
    assert!(matches!(ssh_access(&stopped), SshAccess::Unavailable(m) if m.contains("no public IP")));
    let defaults = with(json!({"sshPublicAccess": "Enabled"}), json!("20.1.2.3"));
    assert!(
        matches!(ssh_access(&defaults), SshAccess::Command { command, .. } if command == "ssh azureuser@20.1.2.3 -p 50000")
    );
    let hostile = with(json!({"sshPublicAccess": "Enabled", "adminUserName": "x; rm -rf ~"}), json!("20.1.2.3"));
    assert!(matches!(ssh_access(&hostile), SshAccess::Unavailable(_)));
}

#[test]
fn idle_shutdown_is_read_in_minutes() {
    assert_eq!(idle_shutdown_minutes(&instance(json!({"idleTimeBeforeShutdown": "PT90M"}))), Some(90));
    assert_eq!(idle_shutdown_minutes(&instance(json!({"idleTimeBeforeShutdown": "P1D"}))), Some(1440));
    assert_eq!(idle_shutdown_minutes(&instance(json!({"idleTimeBeforeShutdown": "soon"}))), None);
}

#[test]
fn idle_shutdown_is_sent_with_the_sdk_api_version() {
    let f = ComputeInstanceForm { name: "ci-1".into(), idle_shutdown_minutes: "30".into(), ..Default::default() };
    assert_eq!(ComputeDraft::ComputeInstance(f.clone()).api_version(), Some("2023-08-01-preview"));
    let none = ComputeInstanceForm { idle_shutdown_minutes: " ".into(), ..f };
    assert_eq!(ComputeDraft::ComputeInstance(none).api_version(), None, "no idle shutdown: the stable version");

    let arm = ArmClient::new("http://arm.example", "2025-12-01");
    let ws = WorkspaceRef::new("s", "rg", "w");
    let r = arm.update_idle_shutdown(&ws, "ci-1", 45);
    assert_eq!(r.method, Method::Post);
    assert!(
        r.url.ends_with("/workspaces/w/computes/ci-1/updateIdleShutdownSetting?api-version=2023-08-01-preview"),
        "{}",
        r.url
    );
    let body: Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
    assert_eq!(body, json!({"idleTimeBeforeShutdown": "PT45M"}));
    let create = aml_api::lifecycle::with_api_version(arm.get_compute(&ws, "ci-1"), "2023-08-01-preview");
    assert!(create.url.ends_with("/computes/ci-1?api-version=2023-08-01-preview"), "{}", create.url);
}

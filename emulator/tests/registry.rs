//! The `azureml` registry: workspaces hold no curated environments; a job's registry id resolves
//! by label or version, an unknown one is a 400 from the job PUT; discovery and the registry's
//! environment list on its resource provider host, with the data plane's token check.

mod common;
use common::*;
use serde_json::{json, Value};

const ENVS: &str = "azureml://registries/azureml/environments";

fn job(emu: &Emu, env: &str) -> Value {
    let mut b = emu.command_job("echo hi", None);
    b["properties"]["environmentId"] = json!(env);
    b
}

#[tokio::test]
async fn registry_ids_resolve_by_label_and_version() {
    let emu = start().await;
    for (i, env) in [
        format!("{ENVS}/AzureML-sklearn-1.5/labels/latest"),
        format!("{ENVS}/AzureML-sklearn-1.5/versions/19"),
        format!("{ENVS}/AzureML-lightgbm-3.3/versions/41"),
        // Registry and name compare without regard to case, like the service's names.
        "azureml://registries/AzureML/environments/azureml-acpt-pytorch-2.2-cuda12.1/labels/latest".to_string(),
    ]
    .iter()
    .enumerate()
    {
        let (s, b) = emu.submit(&format!("reg-ok-{i}"), &job(&emu, env)).await;
        assert_eq!(s, 201, "{env}: {b}");
        // The id is kept as sent (the service echoes environmentId).
        assert_eq!(b["properties"]["environmentId"], json!(env));
    }
}

#[tokio::test]
async fn unknown_registry_ids_fail_with_400() {
    let emu = start().await;
    let cases = [
        (
            format!("{ENVS}/AzureML-nope-0.1/labels/latest"),
            "Environment 'AzureML-nope-0.1' was not found in registry 'azureml'",
        ),
        (format!("{ENVS}/AzureML-sklearn-1.5/versions/999"), "Version '999' of environment 'AzureML-sklearn-1.5'"),
        (format!("{ENVS}/AzureML-sklearn-1.5/labels/stable"), "Label 'stable'"),
        (
            "azureml://registries/contoso/environments/AzureML-sklearn-1.5/labels/latest".into(),
            "Registry 'contoso' was not found",
        ),
        (format!("{ENVS}/AzureML-sklearn-1.5"), "Invalid environment reference"),
        // The old workspace-scoped spelling no longer names anything: workspaces have no curated copies.
        ("azureml:AzureML-sklearn-1.5@latest".into(), "was not found in workspace 'ws-demo'"),
    ];
    for (i, (env, said)) in cases.iter().enumerate() {
        let (s, b) = emu.submit(&format!("reg-bad-{i}"), &job(&emu, env)).await;
        assert_eq!(s, 400, "{env}: {b}");
        assert_eq!(b["error"]["code"], "UserError", "{b}");
        assert_eq!(b["error"]["innerError"]["code"], "BadArgument", "{b}");
        let msg = b["error"]["message"].as_str().unwrap_or_default();
        assert!(msg.contains(said), "{env}: {msg}");
        // Nothing was created.
        let (s, _, _) = emu.call("GET", &format!("{}/jobs/reg-bad-{i}?api-version={V}", emu.demo()), None).await;
        assert_eq!(s, 404);
    }
}

#[tokio::test]
async fn discovery_then_list_on_the_registry_host() {
    let emu = start().await;
    let (s, d) = emu.get_json("/registrymanagement/v1.0/registries/azureml/discovery?api-version=v1.0").await;
    assert_eq!(s, 200, "{d}");
    let host = d["primaryRegionResourceProviderUri"].as_str().unwrap().to_string();
    assert_eq!(host, format!("{}/", emu.base));
    let (sub, rg) = (d["subscriptionId"].as_str().unwrap(), d["resourceGroup"].as_str().unwrap());
    let reg = format!(
        "/mferp/managementfrontend/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/registries/azureml"
    );
    let (s, list) = emu.get_json(&format!("{reg}/environments?api-version={V}")).await;
    assert_eq!(s, 200, "{list}");
    let names: Vec<&str> = list["value"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    for n in [
        "AzureML-sklearn-1.5",
        "AzureML-pytorch-2.2-cuda12.1",
        "AzureML-lightgbm-3.3",
        "AzureML-ACPT-pytorch-2.2-cuda12.1",
    ] {
        assert!(names.contains(&n), "{names:?}");
    }
    let sk = list["value"].as_array().unwrap().iter().find(|e| e["name"] == "AzureML-sklearn-1.5").unwrap();
    assert_eq!(sk["properties"]["latestVersion"], "21");
    let (s, v) = emu.get_json(&format!("{reg}/environments/AzureML-sklearn-1.5/versions?api-version={V}")).await;
    assert_eq!(s, 200);
    assert_eq!(v["value"][0]["name"], "21", "newest first: {v}");
    assert_eq!(v["value"][0]["properties"]["environmentType"], "Curated");
    let (s, _) = emu.get_json(&format!("{reg}/environments/AzureML-sklearn-1.5/versions/20?api-version={V}")).await;
    assert_eq!(s, 200);
    let (s, e) = emu.get_json(&format!("{reg}/environments/AzureML-nope?api-version={V}")).await;
    assert_eq!((s, e["error"]["code"].as_str()), (404, Some("NotFound")));
    let (s, _) = emu.get_json("/registrymanagement/v1.0/registries/contoso/discovery").await;
    assert_eq!(s, 404);
    // Another subscription's registry of the same name is not this one.
    let other = reg.replace(sub, "00000000-0000-0000-0000-000000000000");
    let (s, _) = emu.get_json(&format!("{other}/environments?api-version={V}")).await;
    assert_eq!(s, 404);
    // A token is required, as on the data plane.
    let r = emu.http.get(format!("{}{reg}/environments?api-version={V}", emu.base)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
}

//! The route table on ARM's terms: literal segments in any case, names as sent, and ARM's answers
//! for paths, resource types and methods no route serves.

mod common;
use common::*;
use serde_json::{json, Value};

fn demo(emu: &Emu) -> String {
    emu.ws_path(DEV, "rg-ml-dev", "ws-demo")
}

/// `demo` with every literal segment in another case.
fn demo_mangled() -> String {
    format!(
        "/SUBSCRIPTIONS/{DEV}/resourcegroups/rg-ml-dev/PROVIDERS/microsoft.machinelearningservices/Workspaces/ws-demo"
    )
}

#[tokio::test]
async fn literal_segments_match_in_any_case_on_every_kind_of_route() {
    let emu = start().await;
    let sub_level = format!(
        "/Subscriptions/{DEV}/Providers/MICROSOFT.MACHINELEARNINGSERVICES/LOCATIONS/eastus/VMSIZES?api-version={V}"
    );
    assert_eq!(emu.get_json(&sub_level).await.0, 200);
    let r = emu.post(&format!("{}/COMPUTES/cpu-cluster/LISTNODES?api-version={V}", demo_mangled())).await;
    assert_eq!(r.status(), 200);
    let (s, b) = emu.get_json(&format!("{}/Datastores/workspaceblobstore?api-version={V}", demo_mangled())).await;
    assert_eq!((s, b["name"].as_str()), (200, Some("workspaceblobstore")));
    let (s, b) = emu.get_json(&format!("{}/CODES/nope/VERSIONS?api-version={V}", demo_mangled())).await;
    assert_eq!((s, b["value"].as_array().map(Vec::len)), (200, Some(0)));
    // The data plane too (an unknown run: the run-history 404, not a routing 404).
    let r = emu
        .get(&format!(
            "/history/v1.0/SUBSCRIPTIONS/{DEV}/resourcegroups/rg-ml-dev/providers/microsoft.machinelearningservices/\
             WORKSPACES/ws-demo/RUNS/nope/DETAILS"
        ))
        .await;
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["componentName"], "run-history");
}

#[tokio::test]
async fn names_keep_their_case_and_next_links_echo_the_path_as_sent() {
    let emu = start().await;
    emu.set_page_size(2).await;
    let first = format!("{}/Computes?api-version={V}", demo_mangled());
    let (s, b) = emu.get_json(&first).await;
    assert_eq!(s, 200);
    let next = b["nextLink"].as_str().unwrap();
    assert!(next.starts_with(&format!("{}{}/Computes?api-version={V}&$skip=", emu.base, demo_mangled())), "{next}");
    assert_eq!(emu.all_pages(&first, false).await.len(), 7);

    // A compute named like an action keeps its name: only literal positions are rewritten.
    emu.set_operation_ms(10);
    let body = json!({"properties": {"computeType": "AmlCompute", "properties": {
        "vmSize": "STANDARD_DS3_V2", "scaleSettings": {"minNodeCount": 0, "maxNodeCount": 1}}}});
    let (s, _, b) = emu.call("PUT", &format!("{}/COMPUTES/Start?api-version={V}", demo_mangled()), Some(&body)).await;
    assert_eq!((s, b["name"].as_str()), (201, Some("Start")), "{b}");
    assert!(b["id"].as_str().unwrap().ends_with("/workspaces/ws-demo/computes/Start"), "{b}");
}

#[tokio::test]
async fn unknown_paths_types_and_methods_get_arm_answers() {
    let emu = start().await;
    let code = |b: &Value| b["error"]["code"].as_str().unwrap_or_default().to_string();

    // An action no route has falls back to the resource-type answer.
    let (s, _, b) =
        emu.call("POST", &format!("{}/computes/cpu-cluster/explode?api-version={V}", demo(&emu)), None).await;
    assert_eq!((s, code(&b)), (404, "InvalidResourceType".to_string()));
    assert!(b["error"]["message"].as_str().unwrap().contains("'workspaces/computes/explode'"), "{b}");
    let sub_type = format!("/subscriptions/{DEV}/providers/Microsoft.MachineLearningServices/widgets?api-version={V}");
    let (s, b) = emu.get_json(&sub_type).await;
    assert_eq!((s, code(&b)), (404, "InvalidResourceType".to_string()));

    // A path outside every route: NotFound quoting the path as sent.
    let sent = format!("/SUBSCRIPTIONS/{DEV}/resourceGroups/rg-ml-dev");
    let (s, b) = emu.get_json(&format!("{sent}?api-version={V}")).await;
    assert_eq!((s, code(&b)), (404, "NotFound".to_string()));
    assert_eq!(b["error"]["message"], format!("The requested path '{sent}' was not found."));

    // A route without that method.
    let (s, _, b) = emu.call("DELETE", &format!("{}/codes?api-version={V}", demo(&emu)), None).await;
    assert_eq!((s, code(&b)), (405, "MethodNotAllowed".to_string()));
    assert_eq!(b["error"]["message"], "The requested resource does not support http method 'DELETE'.");

    // The front door comes first, for unknown paths too.
    assert_eq!(emu.http.get(format!("{}{sent}?api-version={V}", emu.base)).send().await.unwrap().status(), 401);
    let (s, b) = emu.get_json(&sent).await;
    assert_eq!((s, code(&b)), (400, "MissingApiVersionParameter".to_string()));

    // The api-version is checked for the path's resource type, at the workspace's region.
    let (s, b) = emu.get_json(&format!("{}/codes/a/versions?api-version=2019-01-01", demo(&emu))).await;
    assert_eq!((s, code(&b)), (400, "NoRegisteredProviderFound".to_string()));
    let msg = b["error"]["message"].as_str().unwrap();
    assert!(msg.contains("location 'eastus'") && msg.contains("type 'workspaces/codes'"), "{msg}");
}

//! Every official example under `tests/fixtures` must parse with the right model and serialize
//! back to exactly the same JSON.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use aml_api::{ComputeResource, NodesPage, Page, VirtualMachineSizeList, Workspace};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Compute,
    ComputeList,
    Nodes,
    Workspace,
    WorkspaceList,
    VmSizes,
}

/// Decides the model from the fixture's path. Folders outside this crate's scope are listed
/// explicitly, so a newly added compute/workspace fixture cannot be skipped by accident.
fn classify(rel: &str) -> Result<Option<Kind>, String> {
    let rel = rel.replace('\\', "/");
    let kind = match rel.as_str() {
        r if r.starts_with("2018-12-01/") && r.ends_with("Compute.json") => Some(Kind::Compute),
        "2025-12-01/Compute/list.json" => Some(Kind::ComputeList),
        "2025-12-01/Compute/listNodes.json" => Some(Kind::Nodes),
        "2025-12-01/Compute/patch.json" => Some(Kind::Compute),
        r if r.starts_with("2025-12-01/Compute/get/") || r.starts_with("2025-12-01/Compute/createOrUpdate/") => {
            Some(Kind::Compute)
        }
        // No bodies (LRO acknowledgements only).
        "2025-12-01/Compute/delete.json" | "2025-12-01/Compute/restart.json" | "2025-12-01/Compute/stop.json" => None,
        // ComputeSecrets (listKeys) round-trips in tests/lifecycle.rs.
        "2025-12-01/Compute/listKeys.json" => None,
        "2025-12-01/Workspace/get.json" => Some(Kind::Workspace),
        "2025-12-01/Workspace/listByResourceGroup.json" | "2025-12-01/Workspace/listBySubscription.json" => {
            Some(Kind::WorkspaceList)
        }
        "2025-12-01/VirtualMachineSize/list.json" => Some(Kind::VmSizes),
        // Jobs, code, environments, datastores and quotas belong to later milestones.
        r if [
            "Job/",
            "Datastore/",
            "Quota/",
            "Workspace/CodeContainer/",
            "Workspace/CodeVersion/",
            "Workspace/EnvironmentVersion/",
        ]
        .iter()
        .any(|p| r.starts_with(&format!("2025-12-01/{p}"))) =>
        {
            None
        }
        // Built-in role definitions (not a REST example): read by tests/rbac.rs.
        r if r.starts_with("rbac/") => None,
        other => return Err(format!("unclassified fixture {other}: add it to classify()")),
    };
    Ok(kind)
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read fixtures dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Parses `body` as `T`, serializes it back and compares as JSON values.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(what: &str, body: &Value) -> T {
    let parsed: T = serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{what}: parse: {e}"));
    let back = serde_json::to_value(&parsed).unwrap_or_else(|e| panic!("{what}: serialize: {e}"));
    assert_eq!(&back, body, "{what}: round trip changed the JSON");
    // Through text as well: that is how the console receives and sends it.
    let text = serde_json::to_string(&parsed).unwrap();
    let again: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: reparse: {e}"));
    assert_eq!(again, parsed, "{what}: text round trip changed the model");
    parsed
}

/// Known compute types must land in their typed variant, not in `extra`.
fn check_typed(what: &str, c: &ComputeResource) {
    let compute = c.properties.as_ref().unwrap_or_else(|| panic!("{what}: no properties"));
    assert!(!compute.extra.contains_key("computeType"), "{what}: computeType left untyped");
    if c.is_known_type() {
        assert!(!compute.extra.contains_key("properties"), "{what}: nested properties left untyped");
    }
}

#[test]
fn every_fixture_round_trips_losslessly() {
    let mut files = Vec::new();
    walk(&fixtures_root(), &mut files);
    files.sort();
    assert!(files.len() >= 40, "expected the fixture set, found {} files", files.len());

    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut unknown_types = 0;
    for path in &files {
        let rel = path.strip_prefix(fixtures_root()).unwrap().to_string_lossy().to_string();
        let Some(kind) = classify(&rel).unwrap() else {
            continue;
        };
        let doc: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        let mut bodies: Vec<(String, &Value)> = Vec::new();
        for (status, resp) in doc["responses"].as_object().expect("responses") {
            if let Some(body) = resp.get("body") {
                bodies.push((format!("{rel} [{status}]"), body));
            }
        }
        // PUT bodies carry write-only fields (passwords, keys); they must survive too.
        if rel.contains("createOrUpdate") {
            if let Some(body) = doc["parameters"].get("parameters") {
                bodies.push((format!("{rel} [request]"), body));
            }
        }
        assert!(!bodies.is_empty(), "{rel}: no body to check");
        for (what, body) in bodies {
            match kind {
                Kind::Compute => {
                    let c: ComputeResource = round_trip(&what, body);
                    check_typed(&what, &c);
                    unknown_types += usize::from(!c.is_known_type());
                }
                Kind::ComputeList => {
                    let page: Page<ComputeResource> = round_trip(&what, body);
                    assert!(!page.value.is_empty() && page.next_link().is_some(), "{what}");
                    page.value.iter().for_each(|c| check_typed(&what, c));
                }
                Kind::Nodes => {
                    let page: NodesPage = round_trip(&what, body);
                    assert_eq!(page.nodes().len(), 2, "{what}");
                }
                Kind::Workspace => {
                    let ws: Workspace = round_trip(&what, body);
                    assert!(ws.properties.as_ref().and_then(|p| p.storage_account.as_ref()).is_some());
                }
                Kind::WorkspaceList => {
                    let page: Page<Workspace> = round_trip(&what, body);
                    assert!(!page.value.is_empty(), "{what}");
                }
                Kind::VmSizes => {
                    let list: VirtualMachineSizeList = round_trip(&what, body);
                    assert!(list.value.as_ref().is_some_and(|v| v.len() > 3), "{what}");
                }
            }
            *counts.entry(kind).or_default() += 1;
        }
    }
    // Guards against the walk silently matching nothing.
    assert!(counts[&Kind::Compute] >= 20, "{counts:?}");
    for kind in [Kind::ComputeList, Kind::Nodes, Kind::Workspace, Kind::WorkspaceList, Kind::VmSizes] {
        assert!(counts.get(&kind).copied().unwrap_or(0) >= 1, "no {kind:?} fixture checked: {counts:?}");
    }
    assert!(unknown_types >= 2, "the BatchAI example should parse as an unknown type");
}

#[test]
fn fixture_fields_land_in_typed_fields() {
    let doc: Value = serde_json::from_str(
        &fs::read_to_string(fixtures_root().join("2025-12-01/Compute/get/AmlCompute.json")).unwrap(),
    )
    .unwrap();
    let c: ComputeResource = serde_json::from_value(doc["responses"]["200"]["body"].clone()).unwrap();
    let p = c.properties.as_ref().unwrap().kind.aml_compute().expect("AmlCompute properties");
    assert_eq!(p.vm_size.as_deref(), Some("STANDARD_NC6"));
    let scale = p.scale_settings.as_ref().unwrap();
    assert_eq!((scale.min_node_count, scale.max_node_count), (Some(0), Some(1)));
    assert_eq!(scale.node_idle_time_before_scale_down.as_deref(), Some("PT5M"));
    assert_eq!(p.node_state_counts.as_ref().unwrap().idle_node_count, Some(0));
    assert_eq!(p.subnet.as_ref().unwrap().id.as_deref(), Some("test-subnet-resource-id"));
    // Explicit nulls are kept as nulls in `extra`, not as typed values.
    assert_eq!(p.errors, None);
    assert_eq!(p.extra.get("errors"), Some(&Value::Null));
    assert_eq!(p.extra.get("virtualMachineImage"), Some(&Value::Null));
    assert_eq!(p.extra.len(), 2, "only the two nulls should be untyped: {:?}", p.extra);
}

//! The compute list's row read from list items' JSON: the spec's examples, and shapes a
//! broken proxy or a newer service could send (every object still gets a row).

use std::fs;
use std::path::Path;

use aml_api::view::ComputeRow;
use aml_api::{ComputeResource, NodeSummary};
use serde_json::{json, Value};

fn fixture_body(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(rel);
    let doc: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    doc["responses"]["200"]["body"].clone()
}

#[test]
fn rows_of_the_spec_list_example() {
    let list = fixture_body("2025-12-01/Compute/list.json");
    let rows: Vec<ComputeRow> = list["value"].as_array().unwrap().iter().map(ComputeRow::from_value).collect();
    assert!(!rows.is_empty());
    for (row, item) in rows.iter().zip(list["value"].as_array().unwrap()) {
        assert_eq!(row.name, item["name"].as_str().unwrap());
        assert_eq!(row.compute_type, item["properties"]["computeType"].as_str().unwrap());
        // The typed model, written back to JSON, reads the same.
        let typed: ComputeResource = serde_json::from_value(item.clone()).unwrap();
        assert_eq!(&typed.row(), row);
    }
}

#[test]
fn a_cluster_row_has_state_size_and_nodes() {
    let row = ComputeRow::from_value(&json!({
        "name": "cpu", "location": "eastus",
        "properties": {
            "computeType": "AmlCompute", "provisioningState": "Succeeded", "createdOn": "2024-05-01T12:00:00Z",
            "properties": {
                "vmSize": "STANDARD_DS3_V2", "allocationState": "Resizing",
                "currentNodeCount": 1, "targetNodeCount": 3,
                "scaleSettings": { "minNodeCount": 0, "maxNodeCount": 4 }
            }
        }
    }));
    assert_eq!(row.state, "Succeeded · Resizing");
    assert_eq!(row.vm_size.as_deref(), Some("STANDARD_DS3_V2"));
    assert_eq!(row.nodes, Some(NodeSummary { current: Some(1), target: Some(3), min: Some(0), max: Some(4) }));
    assert_eq!((row.type_label.as_str(), row.known), ("Compute cluster", true));
    assert_eq!(row.location.as_deref(), Some("eastus"));
    assert_eq!(row.created_on.as_deref(), Some("2024-05-01T12:00:00Z"));
}

#[test]
fn an_instance_shows_its_power_state_else_its_provisioning_state() {
    let item = |state: Value| {
        json!({ "name": "ci", "properties": { "computeType": "ComputeInstance", "provisioningState": "Succeeded",
            "properties": { "state": state, "vmSize": "STANDARD_NC6" } } })
    };
    assert_eq!(ComputeRow::from_value(&item(json!("Stopped"))).state, "Stopped");
    assert_eq!(ComputeRow::from_value(&item(json!(""))).state, "Succeeded");
    assert_eq!(ComputeRow::from_value(&item(json!(7))).state, "Succeeded");
    assert_eq!(ComputeRow::from_value(&item(json!("Stopped"))).vm_size.as_deref(), Some("STANDARD_NC6"));
}

#[test]
fn members_of_the_wrong_shape_read_as_absent() {
    // Counts that are not integers, scale settings that are not an object, a size that is a number.
    let row = ComputeRow::from_value(&json!({
        "id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes/from-id",
        "name": "",
        "properties": { "computeType": "AmlCompute",
            "properties": { "vmSize": 4, "currentNodeCount": 2.0, "targetNodeCount": "3", "scaleSettings": [1, 2] } }
    }));
    assert_eq!(row.name, "from-id");
    assert_eq!(row.vm_size, None);
    assert_eq!(row.nodes, None);
    assert_eq!(row.state, "Unknown");
    // Properties that are not an object: no type, read-only.
    let row = ComputeRow::from_value(&json!({ "name": "odd", "properties": "AmlCompute" }));
    assert_eq!((row.compute_type.as_str(), row.known, row.type_label.as_str()), ("", false, "Unknown (unsupported)"));
    // A computeType that is not a string.
    let row = ComputeRow::from_value(&json!({ "name": "n", "properties": { "computeType": 42 } }));
    assert_eq!((row.compute_type.as_str(), row.known), ("", false));
}

#[test]
fn an_unknown_type_is_read_only_and_keeps_its_raw_vm_size() {
    let row = ComputeRow::from_value(&json!({ "name": "legacy", "properties": {
        "computeType": "Batch", "provisioningState": "Succeeded", "properties": { "vmSize": "STANDARD_A1" } } }));
    assert_eq!((row.known, row.type_label.as_str()), (false, "Batch (unsupported)"));
    assert_eq!(row.vm_size.as_deref(), Some("STANDARD_A1"));
    assert_eq!(row.state, "Succeeded");
    // The typed model agrees on every one of these shapes.
    for item in [
        json!({ "name": "legacy", "properties": { "computeType": "Batch", "properties": { "vmSize": "STANDARD_A1" } } }),
        json!({ "name": "odd", "properties": "AmlCompute" }),
        json!({ "name": "n", "properties": { "computeType": 42, "properties": { "vmSize": "X" } } }),
        json!({ "name": "c", "properties": { "computeType": "AmlCompute", "properties": { "currentNodeCount": 2.0 } } }),
    ] {
        let typed: ComputeResource = serde_json::from_value(item.clone()).unwrap();
        assert_eq!(typed.row(), ComputeRow::from_value(&item), "{item}");
    }
}

#[test]
fn known_types_are_those_the_typed_model_knows() {
    use aml_api::models::ComputeKind;
    for t in aml_api::compute_type::ALL.iter().copied().chain(["Batch", "", "amlcompute", "Future"]) {
        let row = ComputeRow::from_value(&serde_json::json!({"name": "c", "properties": {"computeType": t}}));
        assert_eq!(row.known, !t.is_empty() && ComputeKind::from_type(t).is_known(), "{t:?}");
    }
}

//! Tolerance of the models: unknown types, states and members must parse and round-trip.

use aml_api::{Compute, ComputeKind, ComputeResource, ErrorResponse, Page, ScaleSettings, Subscription, Usage};
use serde_json::{json, Value};

fn round_trip(v: &Value) -> ComputeResource {
    let c: ComputeResource = serde_json::from_value(v.clone()).expect("parse");
    assert_eq!(&serde_json::to_value(&c).unwrap(), v, "round trip changed the JSON");
    c
}

#[test]
fn unknown_compute_type_round_trips_exactly() {
    let v = json!({
        "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/computes/legacy-batch",
        "name": "legacy-batch",
        "location": "eastus",
        "properties": {
            "computeType": "Batch",
            "provisioningState": "Succeeded",
            "description": "SDK v1 BatchCompute",
            "resourceId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct",
            "batchPoolId": 7,
            "properties": {
                "vmSize": "STANDARD_D2_V2",
                "poolSettings": {"nodes": [1, 2.5, null, {"deep": [true]}], "": ""},
                "errors": null
            }
        }
    });
    let c = round_trip(&v);
    assert_eq!(c.compute_type(), "Batch");
    assert!(!c.is_known_type());
    let compute = c.properties.as_ref().unwrap();
    match &compute.kind {
        ComputeKind::Unknown { compute_type, raw } => {
            assert_eq!(compute_type, "Batch");
            assert_eq!(raw.as_ref(), Some(&v["properties"]["properties"]));
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    // Base fields are still typed for an unknown type.
    assert_eq!(compute.provisioning_state.as_deref(), Some("Succeeded"));
    assert_eq!(compute.extra.get("batchPoolId"), Some(&json!(7)));
}

#[test]
fn unknown_type_with_null_or_missing_properties() {
    round_trip(&json!({"name": "a", "properties": {"computeType": "BatchAI", "properties": null}}));
    round_trip(&json!({"name": "b", "properties": {"computeType": "BatchAI"}}));
    // A missing or non-string computeType is kept as it was.
    let c = round_trip(&json!({"name": "c", "properties": {"provisioningState": "Succeeded"}}));
    assert_eq!(c.compute_type(), "");
    round_trip(&json!({"name": "d", "properties": {"computeType": 42, "properties": {"x": 1}}}));
    round_trip(&json!({"name": "e", "properties": {"computeType": ""}}));
    round_trip(&json!({"name": "f", "properties": null}));
}

#[test]
fn known_type_with_odd_nested_properties() {
    // Null, missing, or non-object nested properties of a known type stay as they were.
    for nested in [json!(null), json!("weird"), json!([1, 2])] {
        let c = round_trip(&json!({"properties": {"computeType": "AmlCompute", "properties": nested}}));
        assert!(c.is_known_type());
        assert_eq!(c.properties.unwrap().kind, ComputeKind::AmlCompute(None));
    }
    round_trip(&json!({"properties": {"computeType": "DataFactory", "properties": {"surprise": true}}}));
}

#[test]
fn unknown_provisioning_state_and_enum_values_pass_through() {
    let c = round_trip(&json!({
        "name": "x",
        "properties": {
            "computeType": "AmlCompute",
            "provisioningState": "Migrating",
            "properties": {"allocationState": "Hibernating", "vmPriority": "Spot", "osType": "Plan9"}
        }
    }));
    assert_eq!(c.provisioning_state(), Some("Migrating"));
    assert_eq!(c.state_label(), "Migrating · Hibernating");
}

#[test]
fn unknown_members_survive_at_every_level() {
    let v = json!({
        "name": "cpu", "futureTop": {"a": 1}, "tags": {"team": "vision", "n": 3},
        "systemData": {"createdBy": "ada", "new": null},
        "properties": {
            "computeType": "AmlCompute", "futureCompute": [1, "two"],
            "provisioningErrors": [{"error": {"code": "C", "message": "M", "futureErr": 1,
                "details": [{"code": "D", "x": {"y": 2}}],
                "additionalInfo": [{"type": "T", "info": {"k": "v"}, "more": 0}]}, "futureResp": true}],
            "properties": {
                "vmSize": "Standard_DS3_v2", "futureNested": "yes",
                "scaleSettings": {"maxNodeCount": 4, "futureScale": "PT1S"},
                "nodeStateCounts": {"idleNodeCount": 1, "hibernatingNodeCount": 2},
                "subnet": {"id": "sn", "futureSubnet": false},
                "userAccountCredentials": {"adminUserName": "u", "futureCred": 1},
                "errors": [{"error": {"code": "E"}, "futureE": 1}],
                "propertyBag": {"anything": {"goes": [1]}}
            }
        }
    });
    let c = round_trip(&v);
    let p = c.properties.as_ref().unwrap().kind.aml_compute().unwrap();
    assert_eq!(p.scale_settings.as_ref().unwrap().extra.get("futureScale"), Some(&json!("PT1S")));
    assert_eq!(p.extra.get("futureNested"), Some(&json!("yes")));
    assert_eq!(c.extra.get("futureTop"), Some(&json!({"a": 1})));
}

#[test]
fn mistyped_values_are_kept_instead_of_failing() {
    // One wrong shape must not fail a whole list page: the raw value stays in `extra`.
    let v = json!({"properties": {"computeType": "AmlCompute", "isAttachedCompute": "yes",
        "properties": {"scaleSettings": {"maxNodeCount": "four"}, "currentNodeCount": 1.5}}});
    let c = round_trip(&v);
    let compute = c.properties.as_ref().unwrap();
    assert_eq!(compute.is_attached_compute, None);
    assert_eq!(compute.extra.get("isAttachedCompute"), Some(&json!("yes")));
    let p = compute.kind.aml_compute().unwrap();
    assert_eq!(p.current_node_count, None);
    assert_eq!(p.scale_settings.as_ref().unwrap().max_node_count, None);
}

#[test]
fn setting_a_field_that_was_null_writes_the_key_once() {
    let mut s: ScaleSettings = serde_json::from_value(json!({"maxNodeCount": null})).unwrap();
    assert_eq!(s.extra.get("maxNodeCount"), Some(&Value::Null));
    s.max_node_count = Some(3);
    let text = serde_json::to_string(&s).unwrap();
    assert_eq!(text, r#"{"maxNodeCount":3}"#);

    let mut c: Compute =
        serde_json::from_value(json!({"computeType": "AmlCompute", "description": null, "properties": null})).unwrap();
    c.description = Some("d".into());
    c.kind = ComputeKind::AmlCompute(Some(Default::default()));
    let text = serde_json::to_string(&c).unwrap();
    assert_eq!(text, r#"{"computeType":"AmlCompute","description":"d","properties":{}}"#);
}

#[test]
fn put_body_from_scratch() {
    let scale = ScaleSettings { max_node_count: Some(2), ..Default::default() };
    let props = aml_api::AmlComputeProperties {
        vm_size: Some("STANDARD_DS3_V2".into()),
        scale_settings: Some(scale),
        ..Default::default()
    };
    let res = ComputeResource {
        location: Some("eastus".into()),
        properties: Some(Compute::new(ComputeKind::AmlCompute(Some(props)))),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&res).unwrap(),
        json!({"location": "eastus", "properties": {"computeType": "AmlCompute",
            "properties": {"vmSize": "STANDARD_DS3_V2", "scaleSettings": {"maxNodeCount": 2}}}})
    );
}

#[test]
fn pages_keep_null_links_and_unknown_members() {
    for v in [
        json!({"value": [], "nextLink": null}),
        json!({"value": [{"subscriptionId": "s", "state": "Warned", "future": 1}], "count": {"type": "total", "value": 1}}),
        json!({"value": null}),
        json!({"value": [], "nextLink": ""}),
    ] {
        let page: Page<Subscription> = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&page).unwrap(), v);
        assert_eq!(page.next_link(), None);
    }
    // Items that are not objects fail the page: there is nothing sensible to show.
    assert!(serde_json::from_value::<Page<Usage>>(json!({"value": [1]})).is_err());
}

#[test]
fn error_response_round_trips() {
    let v = json!({"error": {"code": "A", "message": "m", "target": "t",
        "details": [{"code": "B", "details": [{"code": "C"}]}],
        "additionalInfo": [{"type": "PolicyViolation", "info": {"policy": "p"}}]}});
    let e: ErrorResponse = serde_json::from_value(v.clone()).unwrap();
    let d = e.error.as_ref().unwrap();
    assert_eq!(d.details()[0].details()[0].code.as_deref(), Some("C"));
    assert_eq!(d.additional_info.as_ref().unwrap()[0].kind.as_deref(), Some("PolicyViolation"));
    assert_eq!(serde_json::to_value(&e).unwrap(), v);
}

#[test]
fn subscription_label_falls_back_to_id() {
    let s: Subscription = serde_json::from_value(json!({"subscriptionId": "abc", "displayName": ""})).unwrap();
    assert_eq!(s.label(), "abc");
    let s: Subscription = serde_json::from_value(json!({"subscriptionId": "abc", "displayName": "Dev"})).unwrap();
    assert_eq!(s.label(), "Dev");
}

#[test]
fn workspace_helpers() {
    let ws: aml_api::Workspace = serde_json::from_value(json!({
        "id": "/subscriptions/sub1/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo",
        "name": "ws-demo", "location": "eastus",
        "properties": {"friendlyName": "", "storageAccount": "/subscriptions/sub1/x", "futureFlag": true}
    }))
    .unwrap();
    assert_eq!(ws.display_name(), "ws-demo");
    assert_eq!(ws.resource_group(), Some("rg-ml-dev"));
    assert_eq!(ws.subscription_id(), Some("sub1"));
    assert_eq!(ws.properties.as_ref().unwrap().extra.get("futureFlag"), Some(&json!(true)));
}

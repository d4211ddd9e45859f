//! `PUT …/computes/{name}` (create, attach, replace) and `PATCH …/computes/{name}` (AmlCompute
//! scale settings only).
//!
//! - Create: validated synchronously (name, body shape, type, per-type settings), stored with
//!   `provisioningState: Creating`, answered 201 + `Azure-AsyncOperation` + `Retry-After`.
//!   A quota shortfall does not fail the PUT: the operation fails later (see `compute_quota`).
//! - Same-type PUT: an update. Only what the service can change is accepted (scale settings,
//!   description, tags, credentials); immutable settings → 400. 200 + the operation. A compute
//!   instance cannot be updated at all (400), except by the same body again.
//!   A PUT that changes nothing starts nothing: it answers 200 with the stored compute (and the
//!   operation still running, if any), so retried PUTs have no second side effect.
//! - Other type under the same name: refused with 409 (code and wording are a best guess; the
//!   service's text for this case was not found in public sources).

use super::lifecycle::{self, op_mut, running_op};
use super::lro::{respond, Poll};
use super::secrets::redact;
use super::validate::{self as v, bad_request};
use super::{not_found, quota, secrets, Target};
use crate::arm::errors::ml_error;
use crate::arm::request::ArmRequest;
use crate::arm::scope::NamePath;
use crate::state::AppState;
use crate::store::{Store, Workspace};
use crate::util::{iso, iso_z_ms};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

pub fn conflict(message: &str, loc: &str) -> Response {
    ml_error(StatusCode::CONFLICT, "Conflict", "Conflict", message, loc)
}

fn parse(raw: &[u8], loc: &str) -> Result<Value, Response> {
    serde_json::from_slice(raw).map_err(|e| {
        bad_request(
            "InvalidRequestContent",
            &format!("The request content was invalid and could not be deserialized: {e}."),
            loc,
        )
    })
}

pub async fn put(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<NamePath>,
    ctx: ArmRequest,
    body: Bytes,
) -> Response {
    create_or_update(&st, &ctx, &Target::new(&ws, &p.name), &body)
}

/// `PATCH …/computes/{name}` with `{"properties":{"properties":{"scaleSettings":{…}}}}`.
pub async fn patch(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<NamePath>,
    ctx: ArmRequest,
    body: Bytes,
) -> Response {
    scale(&st, &ctx, &Target::new(&ws, &p.name), &body)
}

fn create_or_update(st: &AppState, ctx: &ArmRequest, t: &Target, raw: &[u8]) -> Response {
    if let Err(r) = v::name(t.name, t.loc) {
        return r;
    }
    let body = match parse(raw, t.loc) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let ty = match v::shape(&body, t.loc) {
        Ok(ty) => ty,
        Err(r) => return r,
    };
    let dur = st.settings().operation_ms;
    st.mutate(|s| {
        let result = match s.compute(t.ws_id, t.name).cloned() {
            Some(existing) => update(st, ctx, s, t, &ty, &body, existing, dur),
            None => create(st, ctx, s, t, &ty, &body, dur),
        };
        result.unwrap_or_else(|r| r)
    })
}

/// Shallow merge: `given`'s keys over `defaults`.
fn merge(mut defaults: Value, given: &Value) -> Value {
    if let (Some(d), Some(g)) = (defaults.as_object_mut(), given.as_object()) {
        for (k, v) in g {
            d.insert(k.clone(), v.clone());
        }
    }
    defaults
}

/// The read-only and defaulted settings the service fills in on create, per type.
fn inner_defaults(ty: &str, given: &Value, ctx: &ArmRequest, now_ms: u64) -> Option<Value> {
    Some(match ty {
        "AmlCompute" => {
            let mut inner = merge(
                json!({
                    "osType": "Linux", "vmPriority": "Dedicated", "virtualMachineImage": null, "isolatedNetwork": false,
                    "subnet": null, "remoteLoginPortPublicAccess": "NotSpecified", "enableNodePublicIp": true,
                    "propertyBag": {},
                }),
                given,
            );
            inner["scaleSettings"] =
                merge(json!({"minNodeCount": 0, "nodeIdleTimeBeforeScaleDown": "PT120S"}), &given["scaleSettings"]);
            let status = json!({
                "allocationState": "Steady", "allocationStateTransitionTime": iso_z_ms(now_ms), "errors": null,
                "currentNodeCount": 0, "targetNodeCount": 0,
                "nodeStateCounts": {"idleNodeCount": 0, "runningNodeCount": 0, "preparingNodeCount": 0,
                    "unusableNodeCount": 0, "leavingNodeCount": 0, "preemptedNodeCount": 0},
            });
            merge(inner, &status)
        }
        "ComputeInstance" => {
            let oid = ctx.caller["oid"].as_str().unwrap_or("");
            let user = crate::config::user_by_oid(oid);
            let inner = merge(
                json!({
                    "subnet": null, "applicationSharingPolicy": "Shared",
                    "sshSettings": {"sshPublicAccess": "Disabled", "adminUserName": "azureuser", "sshPort": 50000},
                    "computeInstanceAuthorizationType": "personal", "setupScripts": null,
                    "schedules": {"computeStartStop": []}, "enableNodePublicIp": true,
                    "customServices": null, "containers": null, "dataDisks": null, "dataMounts": [],
                }),
                given,
            );
            merge(
                inner,
                &json!({
                    "state": "Creating", "errors": null, "applications": [],
                    "connectivityEndpoints": {"publicIpAddress": null, "privateIpAddress": null},
                    "osImageMetadata": {"currentImageVersion": "24.10.02", "latestImageVersion": "24.10.02", "isLatestOsImageVersion": true},
                    "createdBy": {"userName": user.map(|u| u.name).unwrap_or("Unknown"), "userOrgId": crate::config::TENANT_ID, "userId": oid},
                    "lastOperation": {"operationName": "Create", "operationTime": iso_z_ms(now_ms), "operationStatus": "InProgress", "operationTrigger": "User"},
                    "versions": {"runtime": "0.2.9"},
                }),
            )
        }
        "Kubernetes" => merge(
            json!({"relayConnectionString": null, "serviceBusConnectionString": null, "extensionPrincipalId": null,
                   "extensionInstanceReleaseTrain": "stable", "vcName": null, "namespace": "default"}),
            given,
        ),
        _ if given.as_object().is_some_and(|o| !o.is_empty()) => given.clone(),
        _ => return None,
    })
}

fn create(
    st: &AppState,
    ctx: &ArmRequest,
    s: &mut Store,
    t: &Target,
    ty: &str,
    body: &Value,
    dur: u64,
) -> Result<Response, Response> {
    let props_in = &body["properties"];
    v::create(ty, props_in, t.loc)?;
    let inner_in = props_in.get("properties").filter(|p| p.is_object()).cloned().unwrap_or_else(|| json!({}));
    let fail_with = match ty {
        "AmlCompute" | "ComputeInstance" => quota::check(s, t.sub, t.loc, ty, &inner_in),
        _ => None,
    };
    let now = lifecycle::now();
    let id = t.compute_id();
    let location = body["location"].as_str().filter(|l| !l.is_empty()).unwrap_or(t.loc).to_string();
    let resource_id = props_in["resourceId"].as_str().filter(|r| !r.is_empty()).map(str::to_string);

    let mut props =
        merge(json!({"description": null, "computeLocation": location, "disableLocalAuth": false}), props_in);
    let created = iso(now / 1000);
    let status = json!({
        "computeType": ty, "provisioningState": "Creating", "createdOn": created, "modifiedOn": created,
        "resourceId": resource_id, "provisioningErrors": null,
        "isAttachedCompute": resource_id.is_some() && ty != "AmlCompute" && ty != "ComputeInstance",
    });
    props = merge(props, &status);
    match inner_defaults(ty, &inner_in, ctx, now) {
        Some(inner) => props["properties"] = inner,
        None => {
            props.as_object_mut().map(|o| o.remove("properties"));
        }
    }
    let mut compute = json!({
        "id": id, "name": t.name, "type": "Microsoft.MachineLearningServices/workspaces/computes",
        "location": location, "tags": body.get("tags").cloned().unwrap_or_else(|| json!({})), "properties": props,
    });
    for k in ["identity", "sku"] {
        if let Some(x) = body.get(k).filter(|x| !x.is_null()) {
            compute[k] = x.clone();
        }
    }
    secrets::capture(s, &id, &inner_in);
    if ty == "AKS" {
        secrets::aks_kube_configs(s, &id, t.name);
    }
    let compute = redact(compute);
    s.add_compute(compute.clone());
    let op_id = lifecycle::begin(s, t.sub, t.loc, &id, "create", now, dur);
    let op = op_mut(s, &op_id).expect("just added");
    op.fail_with = fail_with;
    let op = op.clone();
    Ok(respond(st, ctx, StatusCode::CREATED, Some(compute), Some((&op, Poll::AsyncOperation))))
}

/// The node count a cluster heads for after its scale settings change: the new minimum, but
/// running nodes stay (they scale down only when idle) and nothing exceeds the maximum.
fn scale_target(inner: &Value) -> u64 {
    let min = inner["scaleSettings"]["minNodeCount"].as_u64().unwrap_or(0);
    let max = inner["scaleSettings"]["maxNodeCount"].as_u64().unwrap_or(0);
    let running = inner["nodeStateCounts"]["runningNodeCount"].as_u64().unwrap_or(0);
    min.max(running).min(max)
}

/// Replaces a cluster's scale settings (`minNodeCount` defaults to 0, the idle time is kept).
fn set_scale(compute: &mut Value, given: &Value) {
    let old_idle = compute["properties"]["properties"]["scaleSettings"]["nodeIdleTimeBeforeScaleDown"].clone();
    let mut s = merge(json!({"minNodeCount": 0, "nodeIdleTimeBeforeScaleDown": old_idle}), given);
    if s["nodeIdleTimeBeforeScaleDown"].is_null() {
        s["nodeIdleTimeBeforeScaleDown"] = old_idle;
    }
    compute["properties"]["properties"]["scaleSettings"] = s;
}

/// Read-only fields that do not count as a change when comparing an update with the stored compute.
fn comparable(c: &Value) -> Value {
    let mut c = c.clone();
    if let Some(p) = c["properties"].as_object_mut() {
        p.remove("modifiedOn");
    }
    c
}

/// Starts an update op on `merged` (already stored) and answers 200 + `Azure-AsyncOperation`.
fn begin_update(st: &AppState, ctx: &ArmRequest, s: &mut Store, t: &Target, mut merged: Value, dur: u64) -> Response {
    let now = lifecycle::now();
    let id = t.compute_id();
    merged["properties"]["provisioningState"] = json!("Updating");
    merged["properties"]["modifiedOn"] = json!(iso(now / 1000));
    let target = (merged["properties"]["computeType"] == "AmlCompute")
        .then(|| scale_target(&merged["properties"]["properties"]));
    s.add_compute(merged.clone());
    let op_id = lifecycle::begin(s, t.sub, t.loc, &id, "update", now, dur);
    let op = op_mut(s, &op_id).expect("just added");
    op.target = target;
    let op = op.clone();
    respond(st, ctx, StatusCode::OK, Some(redact(merged)), Some((&op, Poll::AsyncOperation)))
}

fn update(
    st: &AppState,
    ctx: &ArmRequest,
    s: &mut Store,
    t: &Target,
    ty: &str,
    body: &Value,
    existing: Value,
    dur: u64,
) -> Result<Response, Response> {
    let ex_ty = existing["properties"]["computeType"].as_str().unwrap_or("").to_string();
    if ex_ty != ty {
        return Err(conflict(
            &format!(
                "Compute with name '{}' already exists in workspace '{}' with compute type '{ex_ty}'. The type of a compute \
                 cannot be changed to '{ty}': delete the compute first or choose another name.",
                t.name, t.ws
            ),
            t.loc,
        ));
    }
    if existing["properties"]["provisioningState"] == "Deleting" {
        return Err(conflict(&format!("Compute '{}' is being deleted.", t.name), t.loc));
    }
    v::update(ty, &existing, body, t.loc)?;
    let id = t.compute_id();
    let mut merged = existing.clone();
    if let Some(tags) = body.get("tags").filter(|x| x.is_object()) {
        merged["tags"] = tags.clone();
    }
    if let Some(d) = body["properties"].get("description") {
        merged["properties"]["description"] = d.clone();
    }
    let inner_in = body["properties"].get("properties").filter(|p| p.is_object()).cloned().unwrap_or_else(|| json!({}));
    match ty {
        "AmlCompute" => {
            if let Some(sc) = inner_in.get("scaleSettings").filter(|x| x.is_object()) {
                set_scale(&mut merged, sc);
            }
        }
        "ComputeInstance" => {
            for k in ["schedules", "setupScripts", "customServices", "idleTimeBeforeShutdown"] {
                if let Some(x) = inner_in.get(k) {
                    merged["properties"]["properties"][k] = x.clone();
                }
            }
        }
        _ => {
            let base = merged["properties"].get("properties").cloned().unwrap_or_else(|| json!({}));
            let mut inner: Map<String, Value> = base.as_object().cloned().unwrap_or_default();
            for (k, x) in inner_in.as_object().into_iter().flatten() {
                inner.insert(k.clone(), x.clone());
            }
            if !inner.is_empty() {
                merged["properties"]["properties"] = Value::Object(inner);
            }
        }
    }
    secrets::capture(s, &id, &inner_in);
    let merged = redact(merged);
    if comparable(&merged) == comparable(&existing) {
        // Nothing to do: same answer as before, same operation (if one still runs).
        let op = running_op(s, &id).cloned();
        return Ok(respond(st, ctx, StatusCode::OK, Some(existing), op.as_ref().map(|o| (o, Poll::AsyncOperation))));
    }
    if ty == "ComputeInstance" {
        // The service has no update for an existing instance: a second PUT that changes its
        // schedules (or anything else) fails, and Microsoft points to a separate schedules API
        // that the public spec does not have (docs/azure-ml-rest.md §Instance-access). Wording is ours.
        return Err(bad_request(
            "BadArgument",
            &format!(
                "Compute instance '{}' already exists and cannot be updated with a PUT: schedules, setup scripts and \
                 other settings are set at creation. Use start/stop/restart, or delete the instance and create it again.",
                t.name
            ),
            t.loc,
        ));
    }
    if let Some(op) = running_op(s, &id) {
        return Err(conflict(
            &format!("Compute '{}' has an operation in progress ({}). Retry when it has finished.", t.name, op.kind),
            t.loc,
        ));
    }
    Ok(begin_update(st, ctx, s, t, merged, dur))
}

fn scale(st: &AppState, ctx: &ArmRequest, t: &Target, raw: &[u8]) -> Response {
    let body = match parse(raw, t.loc) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let dur = st.settings().operation_ms;
    st.mutate(|s| {
        let Some(existing) = s.compute(t.ws_id, t.name).cloned() else {
            return not_found(t.ws, t.name, t.loc);
        };
        let ty = existing["properties"]["computeType"].as_str().unwrap_or("");
        if ty != "AmlCompute" {
            // Best guess at the wording; the spec says only AmlCompute scale settings can change.
            return bad_request(
                "BadArgument",
                &format!(
                    "Compute update is only supported for AmlCompute scale settings; compute '{}' is of type {ty}.",
                    t.name
                ),
                t.loc,
            );
        }
        let Some(scale) = body.pointer("/properties/properties/scaleSettings").filter(|x| x.is_object()) else {
            return bad_request("BadArgument", "The update must contain properties.properties.scaleSettings.", t.loc);
        };
        if let Err(r) = v::scale_settings(scale, t.loc) {
            return r;
        }
        let state = existing["properties"]["provisioningState"].as_str().unwrap_or("");
        if matches!(state, "Creating" | "Deleting") || running_op(s, &t.compute_id()).is_some() {
            return conflict(
                &format!("Compute '{}' has an operation in progress. Retry when it has finished.", t.name),
                t.loc,
            );
        }
        let mut merged = existing.clone();
        set_scale(&mut merged, scale);
        begin_update(st, ctx, s, t, merged, dur)
    })
}

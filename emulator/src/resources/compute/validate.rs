//! Request validation for `PUT …/computes/{name}` and `PATCH`, the way the ML resource provider
//! answers synchronously (400 before anything is created).
//!
//! Wording: the two name messages are the service's own (seen in public error reports: the
//! studio/SDK "Compute name is invalid. It can include letters…" text and "Compute name must not
//! end with '-' or contain '-' followed by numbers…"). The codes and every other message are a
//! best guess in the service's style; the envelope is the RP's (`componentName: account-rp`).

use super::vm_sizes;
use crate::arm::errors::ml_error;
use crate::resources::job_validate::parse_duration;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

/// `computeType` values of the stable API (Compute discriminator).
pub const KNOWN_TYPES: &[&str] = &[
    "AKS",
    "Kubernetes",
    "AmlCompute",
    "ComputeInstance",
    "DataFactory",
    "VirtualMachine",
    "HDInsight",
    "Databricks",
    "DataLakeAnalytics",
    "SynapseSpark",
];

pub fn bad_request(inner: &str, message: &str, loc: &str) -> Response {
    ml_error(StatusCode::BAD_REQUEST, "BadRequest", inner, message, loc)
}

/// Hand-written `^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9\-]{2,23}$` (the TypeSpec pattern):
/// 3–24 letters, digits or '-', starting with a letter, not ending in '-<digits>'.
pub fn name(name: &str, loc: &str) -> Result<(), Response> {
    let b = name.as_bytes();
    let charset_ok = b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-');
    if !(3..=24).contains(&b.len()) || !b[0].is_ascii_alphabetic() || !charset_ok {
        return Err(bad_request(
            "InvalidComputeName",
            "Compute name is invalid. It can include letters, digits and dashes. It must start with a letter, \
             end with a letter or digit, and be between 3 and 24 characters in length.",
            loc,
        ));
    }
    let digits = b.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < b.len() && b[b.len() - digits - 1] == b'-' {
        return Err(bad_request(
            "InvalidComputeName",
            "Compute name must not end with '-' or contain '-' followed by numbers. '-' needs to be followed by \
             at least one letter.",
            loc,
        ));
    }
    Ok(())
}

/// The body must be a JSON object with `properties.computeType` of a known type. Returns the type.
pub fn shape(body: &Value, loc: &str) -> Result<String, Response> {
    if !body.is_object() {
        return Err(bad_request(
            "InvalidRequestContent",
            "The request content was invalid and could not be deserialized: expected a JSON object.",
            loc,
        ));
    }
    let Some(props) = body.get("properties").filter(|p| p.is_object()) else {
        return Err(bad_request("BadArgument", "Compute properties are required: 'properties' is missing.", loc));
    };
    let Some(ty) = props.get("computeType").and_then(Value::as_str) else {
        return Err(bad_request(
            "BadArgument",
            "The compute type is required: 'properties.computeType' is missing.",
            loc,
        ));
    };
    if !KNOWN_TYPES.contains(&ty) {
        return Err(bad_request(
            "BadArgument",
            &format!("Compute type '{ty}' is not supported. Supported compute types are: {}.", KNOWN_TYPES.join(", ")),
            loc,
        ));
    }
    if let Some(inner) = props.get("properties") {
        if !inner.is_object() && !inner.is_null() {
            return Err(bad_request("BadArgument", "'properties.properties' must be an object.", loc));
        }
    }
    Ok(ty.to_string())
}

/// Provider/type an attached compute's `resourceId` must point at; `None` when no id is needed.
fn expected_resource(ty: &str) -> Option<(&'static [&'static str], bool)> {
    // (accepted "Namespace/type[/childType]" forms, required?)
    Some(match ty {
        "VirtualMachine" => (&["Microsoft.Compute/virtualMachines"], true),
        "HDInsight" => (&["Microsoft.HDInsight/clusters"], true),
        "Databricks" => (&["Microsoft.Databricks/workspaces"], true),
        "DataLakeAnalytics" => (&["Microsoft.DataLakeAnalytics/accounts"], true),
        "Kubernetes" => {
            (&["Microsoft.Kubernetes/connectedClusters", "Microsoft.ContainerService/managedClusters"], true)
        }
        "SynapseSpark" => (&["Microsoft.Synapse/workspaces/bigDataPools"], true),
        // The spec's "Create an AKS Compute" and "Create a DataFactory Compute" examples send no
        // resourceId (the service creates the resource), so it is optional for these two.
        "AKS" => (&["Microsoft.ContainerService/managedClusters"], false),
        "DataFactory" => (&["Microsoft.DataFactory/factories"], false),
        _ => return None,
    })
}

/// `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{child}/{name}]` →
/// `{ns}/{type}[/{child}]`, or None when the id is not a well-formed ARM id.
fn resource_type_of(id: &str) -> Option<String> {
    let segs: Vec<&str> = id.trim_start_matches('/').split('/').collect();
    let ok = segs.len() >= 8
        && segs.len().is_multiple_of(2)
        && segs[0].eq_ignore_ascii_case("subscriptions")
        && segs[2].eq_ignore_ascii_case("resourceGroups")
        && segs[4].eq_ignore_ascii_case("providers")
        && segs.iter().all(|s| !s.is_empty());
    if !ok {
        return None;
    }
    let mut t = vec![segs[5]];
    t.extend(segs[6..].iter().step_by(2));
    Some(t.join("/"))
}

pub fn resource_id(ty: &str, props: &Value, loc: &str) -> Result<(), Response> {
    let Some((accepted, required)) = expected_resource(ty) else { return Ok(()) };
    let Some(id) = props.get("resourceId").and_then(Value::as_str).filter(|s| !s.is_empty()) else {
        if required {
            return Err(bad_request(
                "BadArgument",
                &format!(
                    "Attaching a {ty} compute requires 'properties.resourceId', the ARM id of the {} to attach.",
                    accepted[0]
                ),
                loc,
            ));
        }
        return Ok(());
    };
    match resource_type_of(id) {
        Some(t) if accepted.iter().any(|a| a.eq_ignore_ascii_case(&t)) => Ok(()),
        _ => Err(bad_request(
            "BadArgument",
            &format!(
                "Invalid resourceId '{id}' for compute type {ty}: expected the ARM id of a {}.",
                accepted.join(" or ")
            ),
            loc,
        )),
    }
}

/// Everything a create needs beyond the shape: per-type required settings.
pub fn create(ty: &str, props: &Value, loc: &str) -> Result<(), Response> {
    resource_id(ty, props, loc)?;
    let inner = props.get("properties").cloned().unwrap_or(Value::Null);
    match ty {
        "AmlCompute" => {
            vm_size(ty, &inner, loc)?;
            if let Some(p) = inner.get("vmPriority").and_then(Value::as_str) {
                if p != "Dedicated" && p != "LowPriority" {
                    return Err(bad_request(
                        "BadArgument",
                        &format!("Invalid vmPriority '{p}'. Allowed values: Dedicated, LowPriority."),
                        loc,
                    ));
                }
            }
            match inner.get("scaleSettings") {
                Some(s) if s.is_object() => scale_settings(s, loc),
                _ => Err(bad_request("BadArgument", "AmlCompute requires 'scaleSettings' with 'maxNodeCount'.", loc)),
            }
        }
        "ComputeInstance" => {
            if let Some(idle) = inner.get("idleTimeBeforeShutdown").filter(|v| !v.is_null()) {
                check_idle(idle, loc)?;
            }
            vm_size(ty, &inner, loc)
        }
        "VirtualMachine" | "HDInsight" => credentials(ty, &inner, loc),
        "Databricks" => {
            for key in ["databricksAccessToken", "workspaceUrl"] {
                if inner.get(key).and_then(Value::as_str).is_none_or(str::is_empty) {
                    return Err(bad_request(
                        "BadArgument",
                        &format!("Attaching a Databricks compute requires 'properties.properties.{key}'."),
                        loc,
                    ));
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The size must be in the region's catalogue and support the compute type.
fn vm_size(ty: &str, inner: &Value, loc: &str) -> Result<(), Response> {
    let Some(name) = inner.get("vmSize").and_then(Value::as_str).filter(|s| !s.is_empty()) else {
        return Err(bad_request("BadArgument", &format!("{ty} requires 'properties.properties.vmSize'."), loc));
    };
    if vm_sizes::find(name).is_none() {
        return Err(bad_request(
            "InvalidVmSize",
            &format!("The specified vmSize '{name}' is not supported for {ty} in region '{loc}'. Use the vmSizes API to list the supported sizes."),
            loc,
        ));
    }
    if inner.get("vmPriority").and_then(Value::as_str) == Some("LowPriority")
        && !vm_sizes::find(name).is_some_and(|s| s.low_priority)
    {
        return Err(bad_request(
            "InvalidVmSize",
            &format!("The vmSize '{name}' does not support low priority VMs."),
            loc,
        ));
    }
    Ok(())
}

/// `ScaleSettings`: `maxNodeCount` is required; `minNodeCount` (default 0) must not exceed it.
pub fn scale_settings(s: &Value, loc: &str) -> Result<(), Response> {
    let Some(max) = s.get("maxNodeCount").and_then(Value::as_i64) else {
        return Err(bad_request("BadArgument", "scaleSettings.maxNodeCount is required.", loc));
    };
    let min = match s.get("minNodeCount") {
        None | Some(Value::Null) => 0,
        Some(v) => v
            .as_i64()
            .ok_or_else(|| bad_request("BadArgument", "scaleSettings.minNodeCount must be an integer.", loc))?,
    };
    if min < 0 || max < 0 {
        return Err(bad_request("BadArgument", "Node counts must not be negative.", loc));
    }
    if min > max {
        return Err(bad_request(
            "BadArgument",
            &format!(
                "scaleSettings.minNodeCount ({min}) must be less than or equal to scaleSettings.maxNodeCount ({max})."
            ),
            loc,
        ));
    }
    if let Some(t) = s.get("nodeIdleTimeBeforeScaleDown").filter(|v| !v.is_null()) {
        if !t.as_str().is_some_and(|t| t.starts_with('P') && t.len() > 2) {
            return Err(bad_request(
                "BadArgument",
                "scaleSettings.nodeIdleTimeBeforeScaleDown must be an ISO 8601 duration such as PT120S.",
                loc,
            ));
        }
    }
    Ok(())
}

/// VM and HDInsight attach: `administratorAccount.username` plus a password or a key.
fn credentials(ty: &str, inner: &Value, loc: &str) -> Result<(), Response> {
    let acct = inner.get("administratorAccount").cloned().unwrap_or(Value::Null);
    let has = |k: &str| acct.get(k).and_then(Value::as_str).is_some_and(|s| !s.is_empty());
    if !has("username") {
        return Err(bad_request(
            "BadArgument",
            &format!("Attaching a {ty} compute requires administratorAccount.username."),
            loc,
        ));
    }
    if !has("password") && !has("privateKeyData") && !has("publicKeyData") {
        return Err(bad_request(
            "BadArgument",
            &format!("Attaching a {ty} compute requires administratorAccount.password or an SSH key (privateKeyData/publicKeyData)."),
            loc,
        ));
    }
    Ok(())
}

/// Settings a same-type PUT may not change (`(path below properties.properties, label)`).
pub const IMMUTABLE: &[(&str, &[&str])] =
    &[("AmlCompute", &["vmSize", "vmPriority", "osType"]), ("ComputeInstance", &["vmSize"])];

/// A PUT over an existing compute of the same type: refuses changes the service cannot make.
pub fn update(ty: &str, existing: &Value, body: &Value, loc: &str) -> Result<(), Response> {
    let new_props = &body["properties"];
    if ty == "Kubernetes" {
        // The service has no update for Kubernetes computes: detach and attach again.
        return Err(bad_request(
            "BadArgument",
            "Updating a Kubernetes compute is not supported. Detach it and attach it again.",
            loc,
        ));
    }
    if let Some(id) = new_props.get("resourceId").and_then(Value::as_str) {
        let old = existing["properties"]["resourceId"].as_str().unwrap_or("");
        if !old.is_empty() && !old.eq_ignore_ascii_case(id) {
            return Err(bad_request("BadArgument", "The resourceId of an attached compute cannot be changed.", loc));
        }
    }
    for (t, fields) in IMMUTABLE {
        if *t != ty {
            continue;
        }
        for f in *fields {
            let new = new_props["properties"].get(*f).and_then(Value::as_str);
            let old = existing["properties"]["properties"].get(*f).and_then(Value::as_str);
            if let (Some(n), Some(o)) = (new, old) {
                if !n.eq_ignore_ascii_case(o) {
                    return Err(bad_request(
                        "BadArgument",
                        &format!("Updating '{f}' of an existing {ty} compute is not supported (current '{o}', requested '{n}'). Delete the compute and create it again."),
                        loc,
                    ));
                }
            }
        }
    }
    if ty == "AmlCompute" {
        if let Some(s) = new_props["properties"].get("scaleSettings").filter(|s| !s.is_null()) {
            scale_settings(s, loc)?;
        }
    }
    Ok(())
}

const MIN_MS: u64 = 15 * 60_000;

const MAX_MS: u64 = 3 * 86_400_000;

/// Checks an `idleTimeBeforeShutdown` value: an ISO-8601 duration from 15 minutes to 3 days.
pub fn check_idle(value: &Value, loc: &str) -> Result<(), Response> {
    let text = value.as_str().unwrap_or_default();
    match parse_duration(text) {
        Some(ms) if (MIN_MS..=MAX_MS).contains(&ms) => Ok(()),
        Some(_) => Err(bad_request(
            "BadArgument",
            &format!("idleTimeBeforeShutdown '{text}' is out of range: it must be between 15 minutes (PT15M) and 3 days (P3D)."),
            loc,
        )),
        None => Err(bad_request(
            "BadArgument",
            &format!("idleTimeBeforeShutdown '{value}' is not an ISO 8601 duration such as PT30M."),
            loc,
        )),
    }
}

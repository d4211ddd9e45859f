//! Checks a Command job the way the service does before accepting it: required fields, that the
//! code version, environment and compute exist, input/output shapes and `${{…}}` references.
//! The service's exact messages are not published; these name the rule that failed.

use super::{codes, environments, versioned};
use crate::state::AppState;
use crate::store::Workspace;
use serde_json::{Map, Value};

const INPUT_TYPES: &[&str] =
    &["literal", "uri_file", "uri_folder", "mltable", "custom_model", "mlflow_model", "triton_model"];
const OUTPUT_TYPES: &[&str] = &["uri_file", "uri_folder", "mltable", "custom_model", "mlflow_model", "triton_model"];
const INPUT_MODES: &[&str] = &["ReadOnlyMount", "ReadWriteMount", "Download", "Direct", "EvalMount", "EvalDownload"];
const OUTPUT_MODES: &[&str] = &["ReadWriteMount", "Upload", "Direct"];
/// Compute types a command job can target.
const RUNNABLE: &[&str] = &["AmlCompute", "ComputeInstance", "Kubernetes", "VirtualMachine"];

/// ISO-8601 duration (`PT5M`, `P1DT2H`, `PT0.5S`) in milliseconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    let rest = s.strip_prefix('P').or_else(|| s.strip_prefix('p'))?;
    let (mut ms, mut in_time, mut num) = (0f64, false, String::new());
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            'T' => in_time = true,
            d if d.is_ascii_digit() || d == '.' => num.push(d),
            unit => {
                let n: f64 = num.parse().ok()?;
                num.clear();
                ms += n * match (unit, in_time) {
                    ('W', false) => 604_800_000.0,
                    ('D', false) => 86_400_000.0,
                    ('H', true) => 3_600_000.0,
                    ('M', true) => 60_000.0,
                    ('S', true) => 1000.0,
                    _ => return None,
                };
            }
        }
    }
    num.is_empty().then_some(ms as u64)
}

/// `${{inputs.x}}` / `${{outputs.y}}` names used in a command.
pub fn references(command: &str, kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = command;
    while let Some(i) = rest.find("${{") {
        let after = &rest[i + 3..];
        let Some(end) = after.find("}}") else { break };
        let inner = after[..end].trim();
        if let Some(name) = inner.strip_prefix(&format!("{kind}.")) {
            out.push(name.trim().to_string());
        }
        rest = &after[end + 2..];
    }
    out
}

/// The code version a `codeId` names: an ARM id in this workspace (optionally `azureml:`-prefixed)
/// or `azureml:{name}:{version}`.
pub fn resolve_code(st: &AppState, ws: &Workspace, code_id: &str) -> Option<Value> {
    let s = code_id.trim().strip_prefix("azureml:").unwrap_or(code_id.trim());
    let (name, version) = if s.starts_with('/') {
        let prefix = format!("{}/codes/", ws.id).to_ascii_lowercase();
        if !s.to_ascii_lowercase().starts_with(&prefix) {
            return None;
        }
        let parts: Vec<&str> = s[prefix.len()..].split('/').collect();
        match parts.as_slice() {
            [n, v, ver] if v.eq_ignore_ascii_case("versions") => (n.to_string(), ver.to_string()),
            _ => return None,
        }
    } else {
        let (n, v) = s.split_once(':')?;
        (n.to_string(), v.to_string())
    };
    versioned::find_version(st, ws, &codes::KIND, &name, &version)
}

/// The compute a `computeId` names (ARM id or bare name) in this workspace.
pub fn resolve_compute(st: &AppState, ws: &Workspace, compute_id: &str) -> Option<Value> {
    let name = compute_id.trim().strip_prefix("azureml:").unwrap_or(compute_id.trim());
    let name = match name.to_ascii_lowercase().strip_prefix(&format!("{}/computes/", ws.id).to_ascii_lowercase()) {
        Some(_) => &name[ws.id.len() + "/computes/".len()..],
        None if name.starts_with('/') => return None,
        None => name,
    };
    st.store.read().unwrap().compute(&ws.id, name).cloned()
}

fn obj<'a>(p: &'a Map<String, Value>, k: &str) -> Option<&'a Map<String, Value>> {
    p.get(k).and_then(Value::as_object)
}

/// A Command job, or a sweep's trial (`command` is then the trial's, with the sweep's other fields).
pub fn validate_command(st: &AppState, ws: &Workspace, p: &Map<String, Value>, command: &str) -> Result<(), String> {
    if command.trim().is_empty() {
        return Err("Command is required and cannot be empty.".into());
    }
    let env_id = p.get("environmentId").and_then(Value::as_str).unwrap_or_default();
    if env_id.trim().is_empty() {
        return Err("EnvironmentId is required and cannot be empty.".into());
    }
    environments::resolve(st, ws, env_id)?;
    if let Some(code) = p.get("codeId").filter(|c| !c.is_null()) {
        let code = code.as_str().unwrap_or_default();
        if resolve_code(st, ws, code).is_none() {
            return Err(format!("Code '{code}' was not found in workspace '{}'.", ws.name));
        }
    }
    let resources = obj(p, "resources");
    match p.get("computeId").and_then(Value::as_str).filter(|c| !c.is_empty()) {
        Some(cid) => {
            let c = resolve_compute(st, ws, cid)
                .ok_or_else(|| format!("Compute '{cid}' was not found in workspace '{}'.", ws.name))?;
            let ty = c["properties"]["computeType"].as_str().unwrap_or_default();
            if !RUNNABLE.contains(&ty) {
                return Err(format!(
                    "Compute '{}' of type '{ty}' cannot run command jobs.",
                    c["name"].as_str().unwrap_or(cid)
                ));
            }
            if c["properties"]["provisioningState"] == "Failed" {
                return Err(format!(
                    "Compute '{}' is in a failed state and cannot run jobs.",
                    c["name"].as_str().unwrap_or(cid)
                ));
            }
        }
        None => {
            let it = resources.and_then(|r| r.get("instanceType")).and_then(Value::as_str).unwrap_or_default();
            if it.is_empty() {
                return Err("Either computeId or resources.instanceType (serverless compute) must be given.".into());
            }
            if super::compute::vm_sizes::find(it).is_none() {
                return Err(format!("Instance type '{it}' is not a supported VM size for serverless compute."));
            }
        }
    }
    if let Some(n) = resources.and_then(|r| r.get("instanceCount")) {
        if !n.as_u64().is_some_and(|n| (1..=100).contains(&n)) {
            return Err(format!("resources.instanceCount must be a positive integer, got {n}."));
        }
    }
    let inputs = obj(p, "inputs").cloned().unwrap_or_default();
    for (name, i) in &inputs {
        let ty = i["jobInputType"].as_str().unwrap_or_default();
        if !INPUT_TYPES.contains(&ty) {
            return Err(format!("Input '{name}' has an unknown jobInputType '{ty}'."));
        }
        if ty == "literal" {
            if !i["value"].is_string() {
                return Err(format!("Literal input '{name}' needs a string 'value'."));
            }
        } else if i["uri"].as_str().is_none_or(|u| u.is_empty()) {
            return Err(format!("Input '{name}' of type '{ty}' needs a 'uri'."));
        }
        if let Some(m) = i["mode"].as_str() {
            if !INPUT_MODES.contains(&m) {
                return Err(format!("Input '{name}' has an unknown mode '{m}'."));
            }
        }
    }
    let outputs = obj(p, "outputs").cloned().unwrap_or_default();
    for (name, o) in &outputs {
        let ty = o["jobOutputType"].as_str().unwrap_or_default();
        if !OUTPUT_TYPES.contains(&ty) {
            return Err(format!("Output '{name}' has an unknown jobOutputType '{ty}'."));
        }
        if let Some(m) = o["mode"].as_str() {
            if !OUTPUT_MODES.contains(&m) {
                return Err(format!("Output '{name}' has an unknown mode '{m}'."));
            }
        }
    }
    for r in references(command, "inputs") {
        if !inputs.contains_key(&r) {
            return Err(format!("The command refers to input '{r}', which is not defined in inputs."));
        }
    }
    for r in references(command, "outputs") {
        if !outputs.contains_key(&r) {
            return Err(format!("The command refers to output '{r}', which is not defined in outputs."));
        }
    }
    if let Some(d) = obj(p, "distribution") {
        let positive = |k: &str| d.get(k).is_none_or(|v| v.is_null() || v.as_u64().is_some_and(|n| n >= 1));
        match d.get("distributionType").and_then(Value::as_str).unwrap_or_default() {
            "PyTorch" | "Mpi" if positive("processCountPerInstance") => {}
            "TensorFlow"
                if positive("workerCount")
                    && d.get("parameterServerCount").is_none_or(|v| v.is_null() || v.is_u64()) => {}
            "PyTorch" | "Mpi" | "TensorFlow" => return Err("Distribution counts must be positive integers.".into()),
            other => return Err(format!("Distribution type '{other}' is not supported (PyTorch, Mpi, TensorFlow).")),
        }
    }
    if let Some(t) = obj(p, "limits").and_then(|l| l.get("timeout")).filter(|t| !t.is_null()) {
        if t.as_str().and_then(parse_duration).is_none_or(|ms| ms == 0) {
            return Err(format!("limits.timeout '{t}' is not a positive ISO-8601 duration."));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn durations_and_refs() {
        assert_eq!(parse_duration("PT5M"), Some(300_000));
        assert_eq!(parse_duration("P1DT1H"), Some(90_000_000));
        assert_eq!(parse_duration("PT0.5S"), Some(500));
        assert_eq!(parse_duration("5M"), None);
        assert_eq!(references("python a.py --x ${{inputs.lr}} --o ${{ outputs.model }}", "outputs"), vec!["model"]);
    }
}

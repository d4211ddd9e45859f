//! Environments (`{ws}/environments`): user-created versions (image, optional conda file). The
//! curated environments are not in workspaces: they are the `azureml` registry's
//! (`super::registry`), referred to by registry id.
//!
//! How the job runner uses them: an image alone is "user-managed" (the machine's `python3`), an
//! image with a `condaFile` is "system-managed" (a cached venv with the file's pip packages),
//! curated environments use the machine's python.

use super::versioned::{self, Kind, Versioned};
use crate::state::AppState;
use crate::store::{Store, Workspace};
use serde_json::{json, Map, Value};

fn normalize(mut p: Map<String, Value>) -> Result<Map<String, Value>, String> {
    let has = |p: &Map<String, Value>, k: &str| p.get(k).is_some_and(|v| !v.is_null());
    if !has(&p, "image") && !has(&p, "build") {
        return Err("Either 'image' or 'build' must be specified for an environment version.".into());
    }
    if let Some(c) = p.get("condaFile").filter(|c| !c.is_null() && !c.is_string()) {
        return Err(format!("condaFile must be the conda YAML as a string, got {c}."));
    }
    for (k, v) in [("osType", "Linux"), ("autoRebuild", "Disabled")] {
        if !has(&p, k) {
            p.insert(k.into(), json!(v));
        }
    }
    if let Some(b) = p.get_mut("build").and_then(Value::as_object_mut) {
        b.entry("dockerfilePath").or_insert(json!("Dockerfile"));
    }
    p.insert("environmentType".into(), json!("UserCreated"));
    Ok(versioned::base_defaults(p))
}

pub const KIND: Kind = Kind {
    coll: "environments",
    label: "Environment",
    list: |s: &Store| &s.environments,
    list_mut: |s: &mut Store| &mut s.environments,
    normalize,
    // Nothing read-only lives in a workspace: curated environments are the registry's.
    read_only: |_| None,
};

/// Environments for the generic container/version handlers.
pub struct Environments;

impl Versioned for Environments {
    const KIND: Kind = KIND;
}

/// The environment version a job's `environmentId` names, in the forms the SDK and the service
/// use: a workspace ARM id (optionally `azureml:`-prefixed), `azureml:{name}:{version}`,
/// `azureml:{name}@latest`, and registry ids `azureml://registries/azureml/environments/{name}/
/// versions/{v}` or `…/labels/latest` (resolved by the registry, `super::registry::resolve`).
pub fn resolve(st: &AppState, ws: &Workspace, env_id: &str) -> Result<Value, String> {
    let raw = env_id.trim();
    let not_found = || format!("Environment '{raw}' was not found in workspace '{}'.", ws.name);
    if super::registry::is_registry_id(raw) {
        return super::registry::resolve(raw);
    }
    let (name, version): (String, Option<String>) = {
        let s = raw.strip_prefix("azureml:").unwrap_or(raw);
        if s.starts_with('/') {
            let lower = s.to_ascii_lowercase();
            let ws_prefix = format!("{}/environments/", ws.id).to_ascii_lowercase();
            if !lower.starts_with(&ws_prefix) {
                return Err(not_found());
            }
            let parts: Vec<&str> = s[ws_prefix.len()..].split('/').collect();
            match parts.as_slice() {
                [n, v, ver] if v.eq_ignore_ascii_case("versions") => (n.to_string(), Some(ver.to_string())),
                [n] => (n.to_string(), None),
                _ => return Err(not_found()),
            }
        } else if let Some((n, label)) = s.split_once('@') {
            if label != "latest" {
                return Err(format!("Unsupported environment label '{label}' in '{raw}' (only @latest)."));
            }
            (n.to_string(), None)
        } else if let Some((n, v)) = s.split_once(':') {
            (n.to_string(), Some(v.to_string()))
        } else {
            return Err(format!("'{raw}' is not an environment reference (expected an ARM id, azureml:name:version or azureml:name@latest)."));
        }
    };
    let all = versioned::versions(st, ws, &KIND, &name, false);
    let found = match version {
        Some(v) => all.into_iter().find(|e| e["name"].as_str() == Some(v.as_str())),
        None => all.into_iter().max_by_key(|e| e["systemData"]["createdAt"].as_str().unwrap_or_default().to_string()),
    };
    found.ok_or_else(not_found)
}

//! Write-only compute secrets and `POST …/computes/{name}/listKeys` (`ComputeSecrets`).
//!
//! A PUT body's secrets are moved into `Store::secrets` before the compute is stored, so GET,
//! list and the PUT response can never return them (`redact` is the second line of defence for
//! hand-written state). Only listKeys reads them, shaped per `computeType` as the
//! spec's `ComputeSecrets` discriminator defines: AKS, VirtualMachine and Databricks.

use super::validate::bad_request;
use crate::resources::ok;
use crate::store::Store;
use axum::response::Response;
use serde_json::{json, Map, Value};

/// Secret fields below `properties.properties`, by path: never returned by GET/list (only
/// `listKeys` reads them).
const SECRET_FIELDS: &[&[&str]] = &[
    &["administratorAccount", "password"],
    &["administratorAccount", "publicKeyData"],
    &["administratorAccount", "privateKeyData"],
    &["userAccountCredentials", "adminUserPassword"],
    &["userAccountCredentials", "adminUserSshPublicKey"],
    &["databricksAccessToken"],
    &["relayConnectionString"],
    &["serviceBusConnectionString"],
    &["sslConfiguration", "cert"],
    &["sslConfiguration", "key"],
];

/// Removes secrets so that whatever was stored (later: PUT bodies) is safe to return.
pub fn redact(mut compute: Value) -> Value {
    if let Some(inner) = compute.pointer_mut("/properties/properties").and_then(Value::as_object_mut) {
        for path in SECRET_FIELDS {
            let (last, parents) = path.split_last().unwrap();
            let mut obj = Some(&mut *inner);
            for p in parents {
                obj = obj.and_then(|o| o.get_mut(*p)).and_then(Value::as_object_mut);
            }
            if let Some(o) = obj {
                if o.contains_key(*last) {
                    // Kubernetes returns the connection strings as null; others omit secrets.
                    if *last == "relayConnectionString" || *last == "serviceBusConnectionString" {
                        o.insert(last.to_string(), Value::Null);
                    } else {
                        o.remove(*last);
                    }
                }
            }
        }
    }
    compute
}

/// Copies the secrets found in `inner` (a PUT's `properties.properties`) into a flat map
/// `"a.b" → value`, merged over what was stored before (a re-PUT may rotate one secret).
pub fn capture(store: &mut Store, compute_id: &str, inner: &Value) {
    let key = compute_id.to_ascii_lowercase();
    let mut saved: Map<String, Value> = store.secrets.get(&key).and_then(Value::as_object).cloned().unwrap_or_default();
    for path in SECRET_FIELDS {
        let mut v = inner;
        for p in *path {
            v = v.get(*p).unwrap_or(&Value::Null);
        }
        if !v.is_null() {
            saved.insert(path.join("."), v.clone());
        }
    }
    // The username is not secret (GET shows it) but listKeys returns it with the credentials.
    if let Some(u) = inner.pointer("/administratorAccount/username") {
        saved.insert("administratorAccount.username".into(), u.clone());
    }
    if !saved.is_empty() {
        store.secrets.insert(key, Value::Object(saved));
    }
}

/// Kube configs an AKS compute hands out: generated, since the emulator creates no cluster.
pub fn aks_kube_configs(store: &mut Store, compute_id: &str, name: &str) {
    let key = compute_id.to_ascii_lowercase();
    let entry = store.secrets.entry(key).or_insert_with(|| json!({}));
    let server = format!("https://{name}-dns.hcp.eastus.azmk8s.io:443");
    for (k, user) in [("userKubeConfig", "clusterUser"), ("adminKubeConfig", "clusterAdmin")] {
        entry[k] = json!(format!(
            "apiVersion: v1\nclusters:\n- cluster:\n    server: {server}\n  name: {name}\ncontexts:\n- context:\n    cluster: {name}\n    user: {user}_{name}\n  name: {name}\ncurrent-context: {name}\nkind: Config\nusers:\n- name: {user}_{name}\n  user:\n    token: emulator-{user}-token-not-a-secret\n"
        ));
    }
    entry["imagePullSecretName"] = json!(format!("{name}-acr-pull"));
}

fn get<'a>(saved: &'a Value, k: &str) -> &'a Value {
    saved.get(k).unwrap_or(&Value::Null)
}

/// `ComputeSecrets` for a stored compute. Other compute types have no secrets to list.
pub fn list_keys(store: &Store, compute: &Value, loc: &str) -> Response {
    let id = compute["id"].as_str().unwrap_or("").to_ascii_lowercase();
    let ty = compute["properties"]["computeType"].as_str().unwrap_or("");
    let empty = json!({});
    let saved = store.secrets.get(&id).unwrap_or(&empty);
    match ty {
        "VirtualMachine" => ok(json!({
            "computeType": ty,
            "administratorAccount": {
                "username": compute.pointer("/properties/properties/administratorAccount/username")
                    .cloned().unwrap_or_else(|| get(saved, "administratorAccount.username").clone()),
                "password": get(saved, "administratorAccount.password"),
                "publicKeyData": get(saved, "administratorAccount.publicKeyData"),
                "privateKeyData": get(saved, "administratorAccount.privateKeyData"),
            }
        })),
        "Databricks" => ok(json!({"computeType": ty, "databricksAccessToken": get(saved, "databricksAccessToken")})),
        "AKS" => ok(json!({
            "computeType": ty,
            "userKubeConfig": get(saved, "userKubeConfig"),
            "adminKubeConfig": get(saved, "adminKubeConfig"),
            "imagePullSecretName": get(saved, "imagePullSecretName"),
        })),
        // Best guess at the service's wording: ComputeSecrets has no variant for other types.
        _ => bad_request("BadArgument", &format!("ListKeys with computeType {ty} is not supported."), loc),
    }
}

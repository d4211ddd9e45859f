//! Datastores (`{ws}/datastores`). Every workspace gets the service's two blob datastores,
//! both in Azurite: `workspaceblobstore` (default, container `azureml-blobstore-{workspaceId}`)
//! and `workspaceartifactstore` (container `azureml`, run logs and artifacts).
//!
//! Azurite URLs are path-style, so the datastore says `protocol: "http"`, `endpoint:
//! "127.0.0.1:{port}"` and `accountName: "devstoreaccount1"`, and a client builds
//! `{protocol}://{endpoint}/{accountName}/{containerName}/{path}` when the endpoint is an IP or
//! `localhost` (as the Azure Storage SDKs do), else `{protocol}://{accountName}.blob.{endpoint}/…`.
//! Secrets never appear on GET/list; `listSecrets` returns them.

use super::assets::{self, created_or_ok, system_data, Ws, NS_TYPE};
use super::ok;
use crate::arm::router::Ctx;
use crate::state::{AppState, Store};
use crate::storage::{blobstore_container, ARTIFACT_CONTAINER};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

pub const DEFAULT: &str = "workspaceblobstore";
pub const ARTIFACTS: &str = "workspaceartifactstore";
const TYPES: &[&str] = &["AzureBlob", "AzureDataLakeGen1", "AzureDataLakeGen2", "AzureFile", "OneLake"];

/// `(scheme, authority)` of the Azurite URL, e.g. `("http", "127.0.0.1:10000")`.
fn azurite_parts(st: &AppState) -> (String, String) {
    let url = &st.storage.url;
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    (scheme.to_string(), rest.split('/').next().unwrap_or_default().to_string())
}

fn system_datastore(st: &AppState, ws: &Ws, name: &str, container: &str, is_default: bool) -> Value {
    let (protocol, endpoint) = azurite_parts(st);
    json!({
        "id": format!("{}/datastores/{name}", ws.id), "name": name, "type": format!("{NS_TYPE}/datastores"),
        "properties": {
            "description": null, "tags": {}, "properties": {}, "isDefault": is_default,
            "credentials": {"credentialsType": "AccountKey", "secrets": {"secretsType": "AccountKey"}},
            "datastoreType": "AzureBlob", "accountName": st.storage.account, "containerName": container,
            "endpoint": endpoint, "protocol": protocol,
            "serviceDataAccessAuthIdentity": "WorkspaceSystemAssignedIdentity",
            "subscriptionId": ws.sub, "resourceGroup": ws.rg
        },
        "systemData": {"createdAt": "2024-01-10T08:00:00.0000000+00:00", "createdBy": "Azure ML", "createdByType": "Application",
                       "lastModifiedAt": "2024-01-10T08:00:00.0000000+00:00", "lastModifiedBy": "Azure ML", "lastModifiedByType": "Application"}
    })
}

/// Adds the two system datastores to a workspace unless it has them.
pub fn seed(st: &AppState, store: &mut Store, ws: &Ws) {
    for (name, container, default) in
        [(DEFAULT, blobstore_container(&ws.guid), true), (ARTIFACTS, ARTIFACT_CONTAINER.to_string(), false)]
    {
        let id = format!("{}/datastores/{name}", ws.id);
        if Store::find(&store.datastores, &id).is_none() {
            store.datastores.push(system_datastore(st, ws, name, &container, default));
        }
    }
}

pub fn find(st: &AppState, ws: &Ws, name: &str) -> Option<Value> {
    Store::find(&st.store.read().unwrap().datastores, &format!("{}/datastores/{name}", ws.id)).cloned()
}

fn list(st: &AppState, ctx: &Ctx, ws: &Ws) -> Response {
    let q = |k: &str| ctx.query.get(k).map(String::as_str);
    let mut items: Vec<Value> = {
        let store = st.store.read().unwrap();
        Store::children(&store.datastores, &format!("{}/datastores", ws.id)).into_iter().cloned().collect()
    };
    if let Some(d) = q("isDefault").and_then(|v| v.parse::<bool>().ok()) {
        // The service treats isDefault=false as "no filter" (the SDK sends it that way).
        if d {
            items.retain(|v| v["properties"]["isDefault"] == json!(true));
        }
    }
    if let Some(names) = q("names").filter(|n| !n.is_empty()) {
        let wanted: Vec<String> = names.split(',').map(|n| n.trim().to_ascii_lowercase()).collect();
        items.retain(|v| wanted.contains(&v["name"].as_str().unwrap_or_default().to_ascii_lowercase()));
    }
    if let Some(t) = q("searchText").filter(|t| !t.is_empty()) {
        let t = t.to_ascii_lowercase();
        items.retain(|v| v["name"].as_str().unwrap_or_default().to_ascii_lowercase().contains(&t));
    }
    let asc = q("orderByAsc").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    match q("orderBy").map(str::to_ascii_lowercase).as_deref() {
        Some("createdtime") => {
            items.sort_by_key(|v| v["systemData"]["createdAt"].as_str().unwrap_or_default().to_string())
        }
        Some("modifiedtime") => {
            items.sort_by_key(|v| v["systemData"]["lastModifiedAt"].as_str().unwrap_or_default().to_string())
        }
        _ => items.sort_by_key(|v| v["name"].as_str().unwrap_or_default().to_string()),
    }
    if q("orderBy").is_some() && !asc {
        items.reverse();
    }
    let count = q("count").and_then(|c| c.parse::<usize>().ok()).unwrap_or(30).max(1);
    assets::page(st, ctx, items, Some(count))
}

fn put(st: &AppState, ctx: &Ctx, ws: &Ws, name: &str, body: &[u8]) -> Response {
    let mut p = match assets::body_properties(body, ws) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let ty = p.get("datastoreType").and_then(Value::as_str).unwrap_or_default().to_string();
    if !TYPES.contains(&ty.as_str()) {
        return assets::bad_request(&format!("Unknown datastoreType '{ty}'. Valid types: {}.", TYPES.join(", ")), ws);
    }
    if ty == "AzureBlob" {
        for f in ["accountName", "containerName"] {
            if p.get(f).and_then(Value::as_str).is_none_or(|s| s.is_empty()) {
                return assets::bad_request(&format!("'{f}' is required for an AzureBlob datastore."), ws);
            }
        }
    }
    let Some(creds) = p.get("credentials").filter(|c| c.is_object()).cloned() else {
        return assets::bad_request("'credentials' is required.", ws);
    };
    // Keep the secrets apart; the resource shows only their type.
    let secrets = creds.get("secrets").cloned().unwrap_or(Value::Null);
    let mut shown = creds.clone();
    if let Some(t) = secrets.get("secretsType") {
        shown["secrets"] = json!({"secretsType": t});
    }
    p.insert("credentials".into(), shown);
    let id = format!("{}/datastores/{name}", ws.id);
    let old = find(st, ws, name);
    let is_default = old.as_ref().and_then(|o| o["properties"]["isDefault"].as_bool()).unwrap_or(false);
    p.insert("isDefault".into(), json!(is_default));
    for (k, v) in [("tags", json!({})), ("properties", json!(null))] {
        p.entry(k).or_insert(v);
    }
    if ty == "AzureBlob" {
        p.entry("endpoint").or_insert(json!("core.windows.net"));
        p.entry("protocol").or_insert(json!("https"));
    }
    let v = json!({"id": id, "name": name, "type": format!("{NS_TYPE}/datastores"), "properties": Value::Object(p),
                   "systemData": system_data(ctx, old.as_ref().map(|o| &o["systemData"]))});
    st.mutate(|s| {
        Store::upsert(&mut s.datastores, v.clone());
        if secrets.is_object() {
            s.secrets.insert(id.to_ascii_lowercase(), secrets);
        }
    });
    created_or_ok(old.is_some(), v)
}

/// `POST …/datastores/{name}/listSecrets` (`DatastoreSecrets`, by `secretsType`).
fn list_secrets(st: &AppState, ws: &Ws, name: &str) -> Response {
    let Some(ds) = find(st, ws, name) else {
        return assets::not_found(&format!("Datastore '{name}'"), ws);
    };
    let id = ds["id"].as_str().unwrap_or_default().to_ascii_lowercase();
    if let Some(s) = st.store.read().unwrap().secrets.get(&id) {
        return ok(s.clone());
    }
    match ds["properties"]["credentials"]["credentialsType"].as_str() {
        Some("AccountKey") => ok(json!({"secretsType": "AccountKey", "key": st.config.azurite_key})),
        _ => assets::bad_request(&format!("Datastore '{name}' has no secrets (identity-based access)."), ws),
    }
}

pub fn dispatch(st: &AppState, ctx: &Ctx, method: &Method, ws: &Ws, rest: &[&str], body: &[u8]) -> Response {
    match (rest, method.as_str()) {
        ([], "GET") => list(st, ctx, ws),
        ([n], "GET") => match find(st, ws, n) {
            Some(d) => ok(d),
            None => assets::not_found(&format!("Datastore '{n}'"), ws),
        },
        ([n], "PUT") => put(st, ctx, ws, n, body),
        ([n], "DELETE") => {
            let id = format!("{}/datastores/{n}", ws.id);
            let existed = st.mutate(|s| {
                let e = Store::find(&s.datastores, &id).is_some();
                Store::remove(&mut s.datastores, &id);
                s.secrets.remove(&id.to_ascii_lowercase());
                e
            });
            if existed { StatusCode::OK } else { StatusCode::NO_CONTENT }.into_response()
        }
        ([n, "listSecrets"], "POST") => list_secrets(st, ws, n),
        _ => crate::arm::ws_router::method_not_allowed(method),
    }
}

/// `azureml://datastores/{name}/paths/{path}` → (container, blob prefix) in Azurite.
pub fn resolve_uri(st: &AppState, ws: &Ws, uri: &str) -> Result<(String, String), String> {
    let rest = uri
        .strip_prefix("azureml://datastores/")
        .ok_or_else(|| format!("'{uri}' is not an azureml://datastores/<name>/paths/<path> URI."))?;
    let (name, path) = rest.split_once("/paths/").unwrap_or((rest.trim_end_matches('/'), ""));
    let ds =
        find(st, ws, name).ok_or_else(|| format!("Datastore '{name}' was not found in workspace '{}'.", ws.name))?;
    let p = &ds["properties"];
    if p["datastoreType"] != "AzureBlob" || p["accountName"].as_str() != Some(st.storage.account.as_str()) {
        return Err(format!("Datastore '{name}' is not in the emulator's storage (Azurite); only those can be read."));
    }
    Ok((p["containerName"].as_str().unwrap_or_default().to_string(), path.to_string()))
}

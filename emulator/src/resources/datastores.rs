//! Datastores (`{ws}/datastores`). Every workspace has the service's two blob datastores in
//! Azurite (see `seed::workspace_defaults`) and may add its own.
//!
//! Azurite URLs are path-style, so the datastore says `protocol: "http"`, `endpoint:
//! "127.0.0.1:{port}"` and `accountName: "devstoreaccount1"`, and a client builds
//! `{protocol}://{endpoint}/{accountName}/{containerName}/{path}` when the endpoint is an IP or
//! `localhost` (as the Azure Storage SDKs do), else `{protocol}://{accountName}.blob.{endpoint}/…`.
//! Secrets never appear on GET/list; `listSecrets` returns them.

use super::assets::{self, created_or_ok, system_data, NS_TYPE};
use super::ok;
use crate::arm::request::ArmRequest;
use crate::arm::scope::NamePath;
use crate::state::AppState;
use crate::store::{Store, Workspace};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

const TYPES: &[&str] = &["AzureBlob", "AzureDataLakeGen1", "AzureDataLakeGen2", "AzureFile", "OneLake"];

pub fn find(st: &AppState, ws: &Workspace, name: &str) -> Option<Value> {
    Store::find(&st.store.read().unwrap().datastores, &format!("{}/datastores/{name}", ws.id)).cloned()
}

/// The list's filters (`Datastores_List`); unparsable values count as absent, like the service.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    is_default: Option<String>,
    names: Option<String>,
    search_text: Option<String>,
    order_by: Option<String>,
    order_by_asc: Option<String>,
    count: Option<String>,
}

pub async fn list(State(st): State<AppState>, ws: Workspace, Query(q): Query<ListQuery>, ctx: ArmRequest) -> Response {
    let mut items: Vec<Value> = {
        let store = st.store.read().unwrap();
        Store::children(&store.datastores, &format!("{}/datastores", ws.id)).into_iter().cloned().collect()
    };
    if let Some(d) = q.is_default.as_deref().and_then(|v| v.parse::<bool>().ok()) {
        // The service treats isDefault=false as "no filter" (the SDK sends it that way).
        if d {
            items.retain(|v| v["properties"]["isDefault"] == json!(true));
        }
    }
    if let Some(names) = q.names.as_deref().filter(|n| !n.is_empty()) {
        let wanted: Vec<String> = names.split(',').map(|n| n.trim().to_ascii_lowercase()).collect();
        items.retain(|v| wanted.contains(&v["name"].as_str().unwrap_or_default().to_ascii_lowercase()));
    }
    if let Some(t) = q.search_text.as_deref().filter(|t| !t.is_empty()) {
        let t = t.to_ascii_lowercase();
        items.retain(|v| v["name"].as_str().unwrap_or_default().to_ascii_lowercase().contains(&t));
    }
    let asc = q.order_by_asc.as_deref().is_some_and(|v| v.eq_ignore_ascii_case("true"));
    match q.order_by.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("createdtime") => {
            items.sort_by_key(|v| v["systemData"]["createdAt"].as_str().unwrap_or_default().to_string())
        }
        Some("modifiedtime") => {
            items.sort_by_key(|v| v["systemData"]["lastModifiedAt"].as_str().unwrap_or_default().to_string())
        }
        _ => items.sort_by_key(|v| v["name"].as_str().unwrap_or_default().to_string()),
    }
    if q.order_by.is_some() && !asc {
        items.reverse();
    }
    let count = q.count.as_deref().and_then(|c| c.parse::<usize>().ok()).unwrap_or(30).max(1);
    assets::page(&st, &ctx, items, Some(count))
}

pub async fn get(State(st): State<AppState>, ws: Workspace, Path(p): Path<NamePath>) -> Response {
    match find(&st, &ws, &p.name) {
        Some(d) => ok(d),
        None => assets::not_found(&format!("Datastore '{}'", p.name), &ws),
    }
}

pub async fn put(
    State(st): State<AppState>,
    ws: Workspace,
    Path(NamePath { name }): Path<NamePath>,
    ctx: ArmRequest,
    body: Bytes,
) -> Response {
    let (st, ws, ctx, name) = (&st, &ws, &ctx, name.as_str());
    let mut p = match assets::body_properties(&body, ws) {
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

pub async fn delete(State(st): State<AppState>, ws: Workspace, Path(p): Path<NamePath>) -> Response {
    let id = format!("{}/datastores/{}", ws.id, p.name);
    let existed = st.mutate(|s| {
        let e = Store::find(&s.datastores, &id).is_some();
        Store::remove(&mut s.datastores, &id);
        s.secrets.remove(&id.to_ascii_lowercase());
        e
    });
    if existed { StatusCode::OK } else { StatusCode::NO_CONTENT }.into_response()
}

/// `POST …/datastores/{name}/listSecrets` (`DatastoreSecrets`, by `secretsType`).
pub async fn list_secrets(
    State(st): State<AppState>,
    ws: Workspace,
    Path(NamePath { name }): Path<NamePath>,
) -> Response {
    let (st, ws, name) = (&st, &ws, name.as_str());
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

/// `azureml://datastores/{name}/paths/{path}` → (container, blob prefix) in Azurite.
pub fn resolve_uri(st: &AppState, ws: &Workspace, uri: &str) -> Result<(String, String), String> {
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

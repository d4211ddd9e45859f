//! Container + version CRUD shared by codes and environments (the spec's `*Containers_*` and
//! `*Versions_*` operations have the same shapes for every asset kind).

use super::assets::{self, created_or_ok, same_immutable, system_data, NS_TYPE};
use super::ok;
use crate::arm::request::ArmRequest;
use crate::arm::scope::{NamePath, VersionPath};
use crate::state::AppState;
use crate::store::{Store, Workspace};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

/// Checks a version PUT's properties and fills defaults, or says what is wrong.
pub type Normalize = fn(Map<String, Value>) -> Result<Map<String, Value>, String>;

pub struct Kind {
    /// Path segment: `codes`, `environments`.
    pub coll: &'static str,
    /// For messages: `Code`, `Environment`.
    pub label: &'static str,
    pub list: fn(&Store) -> &Vec<Value>,
    pub list_mut: fn(&mut Store) -> &mut Vec<Value>,
    /// Checks a version PUT's properties and fills defaults (or says what is wrong).
    pub normalize: Normalize,
    /// Why a container may not be changed (curated environments), if it may not.
    pub read_only: fn(&str) -> Option<String>,
}

/// An asset kind served by the generic handlers below (`get(list_containers::<Codes>)`).
pub trait Versioned: Send + Sync + 'static {
    const KIND: Kind;
}

fn refuse_read_only(k: &Kind, ws: &Workspace, name: &str) -> Result<(), Response> {
    match (k.read_only)(name) {
        Some(msg) => Err(assets::bad_request(&msg, ws)),
        None => Ok(()),
    }
}

pub async fn list_containers<K: Versioned>(State(st): State<AppState>, ws: Workspace, ctx: ArmRequest) -> Response {
    containers(&st, &ctx, &ws, &K::KIND)
}

pub async fn get_container<K: Versioned>(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<NamePath>,
) -> Response {
    container(&st, &ws, &K::KIND, &p.name)
}

pub async fn put_container<K: Versioned>(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<NamePath>,
    ctx: ArmRequest,
    body: Bytes,
) -> Result<Response, Response> {
    refuse_read_only(&K::KIND, &ws, &p.name)?;
    Ok(store_container(&st, &ctx, &ws, &K::KIND, &p.name, &body))
}

pub async fn delete_container<K: Versioned>(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<NamePath>,
) -> Result<Response, Response> {
    refuse_read_only(&K::KIND, &ws, &p.name)?;
    Ok(remove_container(&st, &ws, &K::KIND, &p.name))
}

pub async fn list_versions<K: Versioned>(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<NamePath>,
    ctx: ArmRequest,
) -> Response {
    page_versions(&st, &ctx, versions(&st, &ws, &K::KIND, &p.name, false))
}

pub async fn get_version<K: Versioned>(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<VersionPath>,
) -> Response {
    match find_version(&st, &ws, &K::KIND, &p.name, &p.version) {
        Some(v) => ok(v),
        None => assets::not_found(&format!("{} version '{}:{}'", K::KIND.label, p.name, p.version), &ws),
    }
}

pub async fn put_version<K: Versioned>(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<VersionPath>,
    ctx: ArmRequest,
    body: Bytes,
) -> Result<Response, Response> {
    refuse_read_only(&K::KIND, &ws, &p.name)?;
    Ok(store_version(&st, &ctx, &ws, &K::KIND, &p.name, &p.version, &body))
}

pub async fn delete_version<K: Versioned>(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<VersionPath>,
    ctx: ArmRequest,
) -> Result<Response, Response> {
    refuse_read_only(&K::KIND, &ws, &p.name)?;
    Ok(remove_version(&st, &ctx, &ws, &K::KIND, &p.name, &p.version))
}

fn container_id(ws: &Workspace, k: &Kind, name: &str) -> String {
    format!("{}/{}/{name}", ws.id, k.coll)
}

fn containers(st: &AppState, ctx: &ArmRequest, ws: &Workspace, k: &Kind) -> Response {
    let items: Vec<Value> = {
        let store = st.store.read().unwrap();
        Store::children((k.list)(&store), &format!("{}/{}", ws.id, k.coll))
            .into_iter()
            .filter(|v| assets::view_filter(ctx, v))
            .cloned()
            .collect()
    };
    assets::page(st, ctx, assets::order_and_top(items, ctx), None)
}

fn container(st: &AppState, ws: &Workspace, k: &Kind, name: &str) -> Response {
    let store = st.store.read().unwrap();
    match Store::find((k.list)(&store), &container_id(ws, k, name)) {
        Some(c) => ok(c.clone()),
        None => assets::not_found(&format!("{} container '{name}'", k.label), ws),
    }
}

fn store_container(st: &AppState, ctx: &ArmRequest, ws: &Workspace, k: &Kind, name: &str, body: &[u8]) -> Response {
    let props = match assets::body_properties(body, ws) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let id = container_id(ws, k, name);
    st.mutate(|s| {
        let list = (k.list_mut)(s);
        let old = Store::find(list, &id).cloned();
        let mut c =
            assets::container_json(ws, k.coll, name, &props, system_data(ctx, old.as_ref().map(|o| &o["systemData"])));
        if let Some(o) = &old {
            for f in ["latestVersion", "nextVersion"] {
                c["properties"][f] = o["properties"][f].clone();
            }
        }
        Store::upsert(list, c.clone());
        created_or_ok(old.is_some(), c)
    })
}

fn remove_container(st: &AppState, ws: &Workspace, k: &Kind, name: &str) -> Response {
    let id = container_id(ws, k, name);
    let existed = st.mutate(|s| {
        let list = (k.list_mut)(s);
        let existed = Store::find(list, &id).is_some();
        let prefix = format!("{id}/").to_ascii_lowercase();
        list.retain(|v| {
            let vid = v["id"].as_str().unwrap_or_default().to_ascii_lowercase();
            vid != id.to_ascii_lowercase() && !vid.starts_with(&prefix)
        });
        existed
    });
    if existed { StatusCode::OK } else { StatusCode::NO_CONTENT }.into_response()
}

/// Versions of one container, or of every container when `any_name` (the hash lookup).
pub fn versions(st: &AppState, ws: &Workspace, k: &Kind, name: &str, any_name: bool) -> Vec<Value> {
    let store = st.store.read().unwrap();
    let list = (k.list)(&store);
    if any_name {
        let prefix = format!("{}/{}/", ws.id, k.coll).to_ascii_lowercase();
        list.iter()
            .filter(|v| {
                let id = v["id"].as_str().unwrap_or_default().to_ascii_lowercase();
                id.starts_with(&prefix) && id.contains("/versions/")
            })
            .cloned()
            .collect()
    } else {
        Store::children(list, &format!("{}/versions", container_id(ws, k, name))).into_iter().cloned().collect()
    }
}

/// One page of `items` (versions), archived ones filtered as the request asks.
pub fn page_versions(st: &AppState, ctx: &ArmRequest, items: Vec<Value>) -> Response {
    let items: Vec<Value> = items.into_iter().filter(|v| assets::view_filter(ctx, v)).collect();
    assets::page(st, ctx, assets::order_and_top(items, ctx), None)
}

pub fn find_version(st: &AppState, ws: &Workspace, k: &Kind, name: &str, version: &str) -> Option<Value> {
    let store = st.store.read().unwrap();
    Store::find((k.list)(&store), &format!("{}/versions/{version}", container_id(ws, k, name))).cloned()
}

fn store_version(
    st: &AppState,
    ctx: &ArmRequest,
    ws: &Workspace,
    k: &Kind,
    name: &str,
    version: &str,
    body: &[u8],
) -> Response {
    let props = match assets::body_properties(body, ws).map(k.normalize) {
        Ok(Ok(p)) => p,
        Ok(Err(msg)) => return assets::bad_request(&msg, ws),
        Err(r) => return r,
    };
    let id = format!("{}/versions/{version}", container_id(ws, k, name));
    let old = find_version(st, ws, k, name, version);
    if let Some(o) = &old {
        if !same_immutable(&o["properties"], &props) {
            // The service's wording is not documented; this names the rule it enforces.
            return assets::user_error(
                StatusCode::CONFLICT,
                "Conflict",
                &format!(
                    "{} version '{name}:{version}' already exists with different content. Versions are immutable: \
                     only description, tags and isArchived can be changed. Use a new version.",
                    k.label
                ),
                ws,
            );
        }
    }
    let mut p = props;
    if let Some(o) = &old {
        // Keep server-set fields (e.g. a curated environmentType) on an update.
        for f in assets::VERSION_SERVER {
            if let Some(v) = o["properties"].get(*f) {
                p.insert(f.to_string(), v.clone());
            }
        }
    }
    let v = json!({
        "id": id, "name": version, "type": format!("{NS_TYPE}/{}/versions", k.coll),
        "properties": Value::Object(p),
        "systemData": system_data(ctx, old.as_ref().map(|o| &o["systemData"])),
    });
    st.mutate(|s| {
        let list = (k.list_mut)(s);
        Store::upsert(list, v.clone());
        assets::refresh_container(list, ws, k.coll, name, ctx);
    });
    created_or_ok(old.is_some(), v)
}

fn remove_version(st: &AppState, ctx: &ArmRequest, ws: &Workspace, k: &Kind, name: &str, version: &str) -> Response {
    let id = format!("{}/versions/{version}", container_id(ws, k, name));
    let existed = st.mutate(|s| {
        let list = (k.list_mut)(s);
        let existed = Store::find(list, &id).is_some();
        Store::remove(list, &id);
        if existed {
            assets::refresh_container(list, ws, k.coll, name, ctx);
        }
        existed
    });
    if existed { StatusCode::OK } else { StatusCode::NO_CONTENT }.into_response()
}

/// Common defaults of every version.
pub fn base_defaults(mut p: Map<String, Value>) -> Map<String, Value> {
    for (k, v) in
        [("isAnonymous", json!(false)), ("isArchived", json!(false)), ("tags", json!({})), ("properties", json!({}))]
    {
        if p.get(k).is_none_or(Value::is_null) {
            p.insert(k.to_string(), v);
        }
    }
    p.insert("provisioningState".into(), json!("Succeeded"));
    p
}

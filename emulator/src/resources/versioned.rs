//! Container + version CRUD shared by codes and environments (the spec's `*Containers_*` and
//! `*Versions_*` operations have the same shapes for every asset kind).

use super::assets::{self, created_or_ok, same_immutable, system_data, Ws, NS_TYPE};
use super::ok;
use crate::arm::router::Ctx;
use crate::state::{AppState, Store};
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
}

fn container_id(ws: &Ws, k: &Kind, name: &str) -> String {
    format!("{}/{}/{name}", ws.id, k.coll)
}

pub fn list_containers(st: &AppState, ctx: &Ctx, ws: &Ws, k: &Kind) -> Response {
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

pub fn get_container(st: &AppState, ws: &Ws, k: &Kind, name: &str) -> Response {
    let store = st.store.read().unwrap();
    match Store::find((k.list)(&store), &container_id(ws, k, name)) {
        Some(c) => ok(c.clone()),
        None => assets::not_found(&format!("{} container '{name}'", k.label), ws),
    }
}

pub fn put_container(st: &AppState, ctx: &Ctx, ws: &Ws, k: &Kind, name: &str, body: &[u8]) -> Response {
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

pub fn delete_container(st: &AppState, ws: &Ws, k: &Kind, name: &str) -> Response {
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
pub fn versions(st: &AppState, ws: &Ws, k: &Kind, name: &str, any_name: bool) -> Vec<Value> {
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

pub fn list_versions(st: &AppState, ctx: &Ctx, items: Vec<Value>) -> Response {
    let items: Vec<Value> = items.into_iter().filter(|v| assets::view_filter(ctx, v)).collect();
    assets::page(st, ctx, assets::order_and_top(items, ctx), None)
}

pub fn find_version(st: &AppState, ws: &Ws, k: &Kind, name: &str, version: &str) -> Option<Value> {
    let store = st.store.read().unwrap();
    Store::find((k.list)(&store), &format!("{}/versions/{version}", container_id(ws, k, name))).cloned()
}

pub fn get_version(st: &AppState, ws: &Ws, k: &Kind, name: &str, version: &str) -> Response {
    match find_version(st, ws, k, name, version) {
        Some(v) => ok(v),
        None => assets::not_found(&format!("{} version '{name}:{version}'", k.label), ws),
    }
}

pub fn put_version(st: &AppState, ctx: &Ctx, ws: &Ws, k: &Kind, name: &str, version: &str, body: &[u8]) -> Response {
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

pub fn delete_version(st: &AppState, ctx: &Ctx, ws: &Ws, k: &Kind, name: &str, version: &str) -> Response {
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

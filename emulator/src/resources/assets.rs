//! What codes, environments, datastores and jobs share: the workspace they live in, systemData,
//! the MFE's error envelope, list ordering/paging, and versioned-asset containers.
//!
//! Containers are `{ws}/{kind}/{name}` with `latestVersion`/`nextVersion`; versions are
//! `{ws}/{kind}/{name}/versions/{v}` and, like the service, immutable apart from `description`,
//! `tags`, `isArchived` and `stage`.

use super::{list_body, ok};
use crate::arm::errors::ml_error;
use crate::arm::paging;
use crate::arm::request::ArmRequest;
use crate::state::AppState;
use crate::store::{Store, Workspace};
use crate::util::{iso, now_secs};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

pub const NS_TYPE: &str = "Microsoft.MachineLearningServices/workspaces";

/// systemData for a resource created or changed now by the caller.
pub fn system_data(ctx: &ArmRequest, created: Option<&Value>) -> Value {
    let who = ctx.caller["name"].as_str().or(ctx.caller["upn"].as_str()).unwrap_or("Emulator user").to_string();
    let now = iso(now_secs());
    let mut sd = json!({
        "createdAt": now, "createdBy": who, "createdByType": "User",
        "lastModifiedAt": now, "lastModifiedBy": who, "lastModifiedByType": "User"
    });
    if let Some(c) = created.filter(|c| c.is_object()) {
        for k in ["createdAt", "createdBy", "createdByType"] {
            sd[k] = c[k].clone();
        }
    }
    sd
}

/// The MFE's error envelope (`UserError` + inner code), as `ml_error` shapes it.
pub fn user_error(status: StatusCode, inner: &str, message: &str, ws: &Workspace) -> Response {
    ml_error(status, "UserError", inner, message, &ws.location)
}

pub fn not_found(what: &str, ws: &Workspace) -> Response {
    user_error(StatusCode::NOT_FOUND, "NotFound", &format!("{what} was not found in workspace '{}'.", ws.name), ws)
}

pub fn bad_request(message: &str, ws: &Workspace) -> Response {
    user_error(StatusCode::BAD_REQUEST, "BadArgument", message, ws)
}

pub fn created_or_ok(existed: bool, body: Value) -> Response {
    let status = if existed { StatusCode::OK } else { StatusCode::CREATED };
    (status, axum::Json(body)).into_response()
}

/// `{"properties": {…}}` of a request body, or a 400.
pub fn body_properties(body: &[u8], ws: &Workspace) -> Result<Map<String, Value>, Response> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| bad_request(&format!("The request body is not valid JSON: {e}"), ws))?;
    match v.get("properties") {
        Some(Value::Object(p)) => Ok(p.clone()),
        _ => Err(bad_request("The request body must contain a 'properties' object.", ws)),
    }
}

fn created_at(v: &Value) -> String {
    v["systemData"]["createdAt"].as_str().unwrap_or_default().to_string()
}

/// Applies `$orderBy` (`createdtime|createdAt|name|version` + ` asc|desc`; newest first by
/// default, which is how the service answers) and `$top`.
pub fn order_and_top(mut items: Vec<Value>, ctx: &ArmRequest) -> Vec<Value> {
    let order = ctx.query.get("$orderBy").or(ctx.query.get("orderBy")).map(|s| s.to_ascii_lowercase());
    let (field, desc) = match order.as_deref() {
        Some(o) => {
            let mut it = o.split_whitespace();
            let f = it.next().unwrap_or("createdtime").to_string();
            (f, it.next() != Some("asc"))
        }
        None => ("createdtime".to_string(), true),
    };
    let key = |v: &Value| -> (String, u64, String) {
        match field.as_str() {
            "name" | "properties.name" | "version" | "properties.version" => {
                let n = v["name"].as_str().unwrap_or_default().to_string();
                (String::new(), n.parse::<u64>().unwrap_or(u64::MAX), n)
            }
            _ => (created_at(v), 0, v["name"].as_str().unwrap_or_default().to_string()),
        }
    };
    items.sort_by_key(key);
    if desc {
        items.reverse();
    }
    if let Some(top) = ctx.query.get("$top").and_then(|t| t.parse::<usize>().ok()) {
        items.truncate(top);
    }
    items
}

/// One page with the live page size and an opaque `$skip` nextLink. The nextLink keeps the
/// request's other query parameters (filters, `count`, `hash`, …) so the next page is of the
/// same listing.
pub fn page(st: &AppState, ctx: &ArmRequest, items: Vec<Value>, size: Option<usize>) -> Response {
    let size = size.unwrap_or_else(|| st.settings().page_size);
    page_of(ctx, &items, size, Value::clone)
}

/// `page` over anything that leads to the items (references, positions): only the items of
/// the page are cloned, by `owned` (a list of 20,000 jobs would otherwise be copied per page).
pub fn page_of<T: Clone>(ctx: &ArmRequest, items: &[T], size: usize, owned: impl Fn(&T) -> Value) -> Response {
    let keep: Vec<(&str, &str)> = ctx
        .query
        .iter()
        .filter(|(k, _)| k.as_str() != "api-version" && k.as_str() != "$skip")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    match paging::page(items, ctx.skip(), size, |t| crate::util::append_query(&ctx.next_link(t), &keep)) {
        Ok((items, next)) => ok(list_body(items.iter().map(owned).collect(), next)),
        Err(r) => r,
    }
}

/// `listViewType`: ActiveOnly (default) hides archived resources, ArchivedOnly shows only them.
pub fn view_filter(ctx: &ArmRequest, v: &Value) -> bool {
    let archived = v["properties"]["isArchived"].as_bool().unwrap_or(false);
    match ctx.query.get("listViewType").map(|s| s.to_ascii_lowercase()).as_deref() {
        Some("all") => true,
        Some("archivedonly") => archived,
        _ => !archived,
    }
}

/// A container resource (`codes/{name}`, `environments/{name}`).
pub fn container_json(ws: &Workspace, kind: &str, name: &str, props: &Map<String, Value>, sd: Value) -> Value {
    let mut p = json!({"description": null, "tags": {}, "properties": {}, "isArchived": false, "provisioningState": "Succeeded"});
    for (k, v) in props {
        if ["description", "tags", "properties", "isArchived"].contains(&k.as_str()) {
            p[k] = v.clone();
        }
    }
    json!({
        "id": format!("{}/{kind}/{name}", ws.id), "name": name, "type": format!("{NS_TYPE}/{kind}"),
        "properties": p, "systemData": sd
    })
}

/// Fields a client may change on an existing version.
pub const VERSION_MUTABLE: &[&str] = &["description", "tags", "isArchived", "stage"];
/// Fields the service sets itself (ignored when comparing a re-PUT).
pub const VERSION_SERVER: &[&str] = &["provisioningState", "environmentType", "autoDeleteSetting"];

/// True when `new` (already normalised) only differs from `old` in mutable or server fields.
pub fn same_immutable(old: &Value, new: &Map<String, Value>) -> bool {
    let skip = |k: &str| VERSION_MUTABLE.contains(&k) || VERSION_SERVER.contains(&k);
    let empty = Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let same = keys.into_iter().filter(|k| !skip(k)).all(|k| {
        let (a, b) = (old.get(k).unwrap_or(&Value::Null), new.get(k).unwrap_or(&Value::Null));
        a == b
            || (a.is_null() && b.as_object().is_some_and(|o| o.is_empty()))
            || (b.is_null() && a.as_object().is_some_and(|o| o.is_empty()))
    });
    same
}

/// Updates the container's `latestVersion`/`nextVersion` after a version PUT or DELETE, creating
/// the container if needed (the service does that on a version PUT).
pub fn refresh_container(list: &mut Vec<Value>, ws: &Workspace, kind: &str, name: &str, ctx: &ArmRequest) {
    let cid = format!("{}/{kind}/{name}", ws.id);
    let versions: Vec<Value> = Store::children(list, &format!("{cid}/versions")).into_iter().cloned().collect();
    let latest = versions.iter().max_by_key(|v| created_at(v)).and_then(|v| v["name"].as_str()).map(str::to_string);
    let max_num = versions.iter().filter_map(|v| v["name"].as_str()?.parse::<u64>().ok()).max().unwrap_or(0);
    if Store::find(list, &cid).is_none() {
        let c = container_json(ws, kind, name, &Map::new(), system_data(ctx, None));
        list.push(c);
    }
    if let Some(c) = Store::find_mut(list, &cid) {
        c["properties"]["latestVersion"] = json!(latest);
        c["properties"]["nextVersion"] = json!((max_num + 1).to_string());
    }
}

//! Jobs (`{ws}/jobs`): submit (PUT, synchronous 201; the runner then moves the status), get,
//! list with the spec's filters, cancel (202 + `Location`, an `mfeOperationResults` URL that
//! answers 202 until the job is terminal) and delete.
//!
//! A re-PUT of an existing job may only change `tags`, `isArchived` and `notificationSetting`;
//! the same body again is a no-op (200, no second run).

use super::assets::{self, created_or_ok, system_data, Ws, NS_TYPE};
use super::{job_validate, ok};
use crate::arm::router::Ctx;
use crate::config::TENANT_ID;
use crate::state::{AppState, Store};
use crate::util::{b64url, b64url_decode};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

pub const TERMINAL: &[&str] = &["Completed", "Failed", "Canceled"];
const MUTABLE: &[&str] = &["tags", "isArchived", "notificationSetting"];
/// Read-only fields a client may echo back from a GET.
const SERVER: &[&str] = &["status", "services", "parameters"];

pub fn find(st: &AppState, job_id: &str) -> Option<Value> {
    Store::find(&st.store.read().unwrap().jobs, job_id).cloned()
}

pub fn is_terminal(job: &Value) -> bool {
    TERMINAL.contains(&job["properties"]["status"].as_str().unwrap_or_default())
}

/// The service's two standard entries: the Studio link and the MLflow tracking URI.
fn services(ws: &Ws, name: &str, status: &str) -> Value {
    json!({
        "Studio": {"jobServiceType": "Studio", "port": null, "status": status, "errorMessage": null, "properties": null, "nodes": null,
                   "endpoint": format!("https://ml.azure.com/runs/{name}?wsid={}&tid={TENANT_ID}", ws.id)},
        "Tracking": {"jobServiceType": "Tracking", "port": null, "status": status, "errorMessage": null, "properties": null, "nodes": null,
                     "endpoint": format!("azureml://{}.api.azureml.ms/mlflow/v1.0{}?", ws.location, ws.id)}
    })
}

fn build(ctx: &Ctx, ws: &Ws, name: &str, mut p: Map<String, Value>) -> Value {
    let defaults = [
        ("experimentName", json!("Default")),
        ("displayName", json!(name)),
        ("isArchived", json!(false)),
        ("tags", json!({})),
        ("properties", json!({})),
        ("environmentVariables", json!({})),
        ("inputs", json!({})),
        ("outputs", json!({})),
        ("computeId", Value::Null),
        ("codeId", Value::Null),
        ("resources", json!({"instanceCount": 1, "shmSize": "2g"})),
    ];
    for (k, v) in defaults {
        if p.get(k).is_none_or(Value::is_null) {
            p.insert(k.into(), v);
        }
    }
    // Literal inputs show up as the read-only `parameters`.
    let params: Map<String, Value> = p["inputs"]
        .as_object()
        .map(|i| {
            i.iter()
                .filter(|(_, v)| v["jobInputType"] == "literal")
                .map(|(k, v)| (k.clone(), v["value"].clone()))
                .collect()
        })
        .unwrap_or_default();
    p.insert("parameters".into(), Value::Object(params));
    let mut svc = services(ws, name, "NotStarted");
    if let Some(user) = p.get("services").and_then(Value::as_object) {
        for (k, v) in user {
            let mut s = v.clone();
            s["status"] = json!("NotStarted");
            s.as_object_mut().unwrap().entry("errorMessage").or_insert(Value::Null);
            svc[k] = s;
        }
    }
    p.insert("services".into(), svc);
    p.insert("status".into(), json!("NotStarted"));
    json!({"id": format!("{}/jobs/{name}", ws.id), "name": name, "type": format!("{NS_TYPE}/jobs"),
           "properties": Value::Object(p), "systemData": system_data(ctx, None)})
}

/// Whether `new` changes nothing but the mutable fields of `old` (missing keys = unchanged).
fn only_mutable_changes(old: &Value, new: &Map<String, Value>) -> bool {
    new.iter().filter(|(k, _)| !MUTABLE.contains(&k.as_str()) && !SERVER.contains(&k.as_str())).all(|(k, v)| {
        let o = &old["properties"][k];
        o == v
            || (v.is_null() && (o.is_null() || o.as_object().is_some_and(|m| m.is_empty())))
            || (o.is_null() && v.as_object().is_some_and(|m| m.is_empty()))
            || (k == "experimentName" && v.is_null())
    })
}

fn put(st: &AppState, ctx: &Ctx, ws: &Ws, name: &str, body: &[u8]) -> Response {
    let p = match assets::body_properties(body, ws) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let id = format!("{}/jobs/{name}", ws.id);
    if let Some(old) = find(st, &id) {
        if !only_mutable_changes(&old, &p) {
            return assets::bad_request(
                &format!("Job '{name}' already exists. Only tags, isArchived and notificationSetting of an existing job can be updated."),
                ws,
            );
        }
        let updated = st.mutate(|s| {
            let j = Store::find_mut(&mut s.jobs, &id).expect("job exists");
            for k in MUTABLE {
                if let Some(v) = p.get(*k) {
                    j["properties"][*k] = v.clone();
                }
            }
            j["systemData"] = system_data(ctx, Some(&j["systemData"]));
            j.clone()
        });
        return created_or_ok(true, updated);
    }
    if let Err(msg) = job_validate::validate(st, ws, &p) {
        return assets::bad_request(&msg, ws);
    }
    let job = build(ctx, ws, name, p);
    st.mutate(|s| Store::upsert(&mut s.jobs, job.clone()));
    crate::runner::start(st, ws.clone(), id);
    created_or_ok(false, job)
}

fn list(st: &AppState, ctx: &Ctx, ws: &Ws) -> Response {
    let q = |k: &str| ctx.query.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let mut items: Vec<Value> = {
        let store = st.store.read().unwrap();
        Store::children(&store.jobs, &format!("{}/jobs", ws.id)).into_iter().cloned().collect()
    };
    items.extend(crate::inject::list(st, "job", &ws.id));
    items.retain(|j| assets::view_filter(ctx, j));
    if let Some(t) = q("jobType") {
        items.retain(|j| j["properties"]["jobType"].as_str().is_some_and(|x| x.eq_ignore_ascii_case(t)));
    }
    if let Some(tag) = q("tag") {
        items.retain(|j| j["properties"]["tags"].get(tag).is_some());
    }
    // `properties=p1,p2=v2`: the job's properties must have p1, and p2 equal to v2.
    if let Some(props) = q("properties") {
        for cond in props.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let (k, v) = cond.split_once('=').map(|(k, v)| (k, Some(v))).unwrap_or((cond, None));
            items.retain(|j| match (&j["properties"]["properties"][k], v) {
                (Value::Null, _) => false,
                (_, None) => true,
                (x, Some(v)) => x.as_str() == Some(v),
            });
        }
    }
    items.sort_by_key(|j| std::cmp::Reverse(j["systemData"]["createdAt"].as_str().unwrap_or_default().to_string()));
    assets::page(st, ctx, items, None)
}

fn operation_path(ws: &Ws, job_id: &str) -> String {
    format!(
        "/subscriptions/{}/providers/Microsoft.MachineLearningServices/locations/{}/mfeOperationResults/jc:{}",
        ws.sub,
        ws.location,
        b64url(job_id.as_bytes())
    )
}

fn cancel(st: &AppState, ctx: &Ctx, ws: &Ws, name: &str) -> Response {
    let id = format!("{}/jobs/{name}", ws.id);
    let Some(job) = find(st, &id) else {
        return assets::not_found(&format!("Job '{name}'"), ws);
    };
    if !is_terminal(&job) {
        crate::runner::cancel(st, &id);
    }
    let mut resp = StatusCode::ACCEPTED.into_response();
    let url = format!("{}{}?api-version={}", ctx.public_url, operation_path(ws, &id), ctx.api_version);
    let h = resp.headers_mut();
    h.insert("location", HeaderValue::from_str(&url).unwrap());
    h.insert("retry-after", HeaderValue::from_static("1"));
    resp
}

/// `GET …/locations/{loc}/mfeOperationResults/jc:{token}`: 202 while the canceled job is still
/// stopping, then 200.
pub fn operation_result(st: &AppState, op_id: &str) -> Response {
    let job_id = op_id.strip_prefix("jc:").and_then(b64url_decode).and_then(|b| String::from_utf8(b).ok());
    match job_id.and_then(|id| find(st, &id)) {
        Some(j) if !is_terminal(&j) => {
            let mut r = StatusCode::ACCEPTED.into_response();
            r.headers_mut().insert("retry-after", HeaderValue::from_static("1"));
            r
        }
        Some(_) => StatusCode::OK.into_response(),
        None => crate::arm::errors::arm_error(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("The operation '{op_id}' was not found."),
        ),
    }
}

pub fn dispatch(st: &AppState, ctx: &Ctx, method: &Method, ws: &Ws, rest: &[&str], body: &[u8]) -> Response {
    match (rest, method.as_str()) {
        ([], "GET") => list(st, ctx, ws),
        ([n], "GET") => {
            match find(st, &format!("{}/jobs/{n}", ws.id)).or_else(|| crate::inject::get(st, "job", &ws.id, n)) {
                Some(j) => ok(j),
                None => assets::not_found(&format!("Job '{n}'"), ws),
            }
        }
        ([n], "PUT") => put(st, ctx, ws, n, body),
        ([n], "DELETE") => {
            let id = format!("{}/jobs/{n}", ws.id);
            if find(st, &id).is_none() {
                return StatusCode::NO_CONTENT.into_response();
            }
            crate::runner::cancel(st, &id);
            st.mutate(|s| Store::remove(&mut s.jobs, &id));
            StatusCode::OK.into_response()
        }
        ([n, "cancel"], "POST") => cancel(st, ctx, ws, n),
        _ => crate::arm::ws_router::method_not_allowed(method),
    }
}

//! ARM request routing. ARM matches literal path segments (`resourceGroups`, `providers`,
//! namespaces, resource types) case-insensitively, which axum's router does not, so ARM paths
//! are parsed here by hand and dispatched to the resource modules.

use super::{api_version, errors, token_check};
use crate::resources::compute::lro::{self, Target};
use crate::resources::compute::{
    self as computes, actions as compute_actions, nodes, put as compute_put, usages, vm_sizes,
};
use crate::resources::{subscriptions, workspaces};
use crate::state::{workspace_id, AppState};
use crate::util::percent_decode;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde_json::Value;
use std::collections::BTreeMap;

const ML_NS: &str = "Microsoft.MachineLearningServices";

/// Request data the resource handlers need.
pub struct Ctx {
    pub api_version: String,
    pub query: BTreeMap<String, String>,
    /// The request path as sent, reused for nextLinks.
    pub path: String,
    pub public_url: String,
    /// Claims of the caller's token (`oid`, `name`, …), e.g. for a compute instance's `createdBy`.
    pub caller: Value,
}

impl Ctx {
    pub fn skip(&self) -> Option<&str> {
        self.query.get("$skip").map(String::as_str)
    }

    /// Absolute nextLink on the public URL, carrying api-version and the opaque `$skip`.
    pub fn next_link(&self, token: &str) -> String {
        format!("{}{}?api-version={}&$skip={token}", self.public_url, self.path, self.api_version)
    }
}

#[derive(Debug, PartialEq)]
pub enum Route {
    Subscriptions,
    Subscription {
        sub: String,
    },
    WorkspacesBySub {
        sub: String,
    },
    VmSizes {
        sub: String,
        loc: String,
    },
    Usages {
        sub: String,
        loc: String,
    },
    WorkspacesByRg {
        sub: String,
        rg: String,
    },
    Workspace {
        sub: String,
        rg: String,
        ws: String,
    },
    Computes {
        sub: String,
        rg: String,
        ws: String,
    },
    Compute {
        sub: String,
        rg: String,
        ws: String,
        name: String,
    },
    ListNodes {
        sub: String,
        rg: String,
        ws: String,
        name: String,
    },
    /// `POST …/computes/{name}/{listKeys|start|stop|restart}`.
    ComputeAction {
        sub: String,
        rg: String,
        ws: String,
        name: String,
        action: String,
    },
    /// `GET …/locations/{loc}/computeOperationsStatus/{id}` (`result: false`) or
    /// `…/computeOperationsResult/{id}` (`result: true`).
    ComputeOperation {
        sub: String,
        op_id: String,
        result: bool,
    },
    /// `GET …/locations/{loc}/mfeOperationResults/{id}` (job cancel's `Location`).
    MfeOperation {
        sub: String,
        op_id: String,
    },
    /// `…/workspaces/{ws}/{codes|environments|datastores|jobs}[/…]`, served by `ws_router`.
    /// `rest` starts with the collection name.
    WsChild {
        sub: String,
        rg: String,
        ws: String,
        rest: Vec<String>,
    },
    /// A path in the ML namespace whose type the emulator does not serve (yet).
    UnknownMlType {
        sub: String,
        rg: Option<String>,
        type_name: String,
    },
    NotFound,
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// POST actions on a compute besides listNodes.
const ACTIONS: &[&str] = &["listKeys", "start", "stop", "restart"];

pub fn parse(segs: &[&str]) -> Route {
    let s = |i: usize| segs.get(i).map(|x| x.to_string()).unwrap_or_default();
    let n = segs.len();
    if n == 0 || !eq(segs[0], "subscriptions") {
        return Route::NotFound;
    }
    if n == 1 {
        return Route::Subscriptions;
    }
    let sub = s(1);
    if n == 2 {
        return Route::Subscription { sub };
    }
    // /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/…
    if eq(segs[2], "providers") && n >= 4 && eq(segs[3], ML_NS) {
        let rest: Vec<&str> = segs[4..].to_vec();
        return match rest.as_slice() {
            [t] if eq(t, "workspaces") => Route::WorkspacesBySub { sub },
            [l, loc, t] if eq(l, "locations") && eq(t, "vmSizes") => Route::VmSizes { sub, loc: loc.to_string() },
            [l, loc, t] if eq(l, "locations") && eq(t, "usages") => Route::Usages { sub, loc: loc.to_string() },
            [l, _loc, t, id]
                if eq(l, "locations") && (eq(t, "computeOperationsStatus") || eq(t, "computeOperationsResult")) =>
            {
                Route::ComputeOperation { sub, op_id: id.to_string(), result: eq(t, "computeOperationsResult") }
            }
            [l, _loc, t, id] if eq(l, "locations") && eq(t, "mfeOperationResults") => {
                Route::MfeOperation { sub, op_id: id.to_string() }
            }
            _ => Route::UnknownMlType { sub, rg: None, type_name: type_name(&rest) },
        };
    }
    // /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/…
    if eq(segs[2], "resourceGroups") && n >= 6 && eq(segs[4], "providers") && eq(segs[5], ML_NS) {
        let rg = s(3);
        let rest: Vec<&str> = segs[6..].to_vec();
        return match rest.as_slice() {
            [t] if eq(t, "workspaces") => Route::WorkspacesByRg { sub, rg },
            [t, ws] if eq(t, "workspaces") => Route::Workspace { sub, rg, ws: ws.to_string() },
            [t, ws, c] if eq(t, "workspaces") && eq(c, "computes") => Route::Computes { sub, rg, ws: ws.to_string() },
            [t, ws, c, name] if eq(t, "workspaces") && eq(c, "computes") => {
                Route::Compute { sub, rg, ws: ws.to_string(), name: name.to_string() }
            }
            [t, ws, c, name, a] if eq(t, "workspaces") && eq(c, "computes") && eq(a, "listNodes") => {
                Route::ListNodes { sub, rg, ws: ws.to_string(), name: name.to_string() }
            }
            [t, ws, c, name, a] if eq(t, "workspaces") && eq(c, "computes") && ACTIONS.iter().any(|x| eq(a, x)) => {
                let action = ACTIONS.iter().find(|x| eq(a, x)).unwrap().to_string();
                Route::ComputeAction { sub, rg, ws: ws.to_string(), name: name.to_string(), action }
            }
            [t, ws, kind, ..] if eq(t, "workspaces") && super::ws_router::is_child(kind) => {
                Route::WsChild { sub, rg, ws: ws.to_string(), rest: rest[2..].iter().map(|x| x.to_string()).collect() }
            }
            _ => Route::UnknownMlType { sub, rg: Some(rg), type_name: type_name(&rest) },
        };
    }
    Route::NotFound
}

/// Resource type of an ARM path tail (`workspaces/ws/jobs/x` → `workspaces/jobs`).
fn type_name(rest: &[&str]) -> String {
    rest.iter().step_by(2).copied().collect::<Vec<_>>().join("/")
}

fn location_of(v: Option<&Value>) -> Option<String> {
    v.and_then(|v| v.get("location")).and_then(Value::as_str).map(str::to_string)
}

pub async fn dispatch(
    State(st): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let path = uri.path().to_string();
    let decoded: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(percent_decode).collect();
    let segs: Vec<&str> = decoded.iter().map(String::as_str).collect();
    let route = parse(&segs);

    // ARM authenticates before anything else, even for paths it will not find.
    let caller = match token_check::check(&st, &headers) {
        Ok(claims) => claims,
        Err(resp) => return resp,
    };
    // Compute operations advance lazily: apply whatever became due before answering.
    crate::resources::compute::lifecycle::tick(&st);
    let query: BTreeMap<String, String> =
        crate::auth::authorize::serde_urlencoded_pairs(uri.query().unwrap_or("").as_bytes()).into_iter().collect();
    let Some(version) = query.get("api-version").cloned() else {
        return api_version::missing();
    };
    let ctx = Ctx {
        api_version: version.clone(),
        query,
        path: path.clone(),
        public_url: st.config.public_url.trim_end_matches('/').to_string(),
        caller,
    };

    let allowed: &[Method] = match route {
        Route::ListNodes { .. } | Route::ComputeAction { .. } => &[Method::POST],
        Route::Compute { .. } => &[Method::GET, Method::PUT, Method::PATCH, Method::DELETE],
        _ => &[Method::GET],
    };
    // Workspace children check their methods per route in ws_router.
    if !matches!(route, Route::NotFound | Route::UnknownMlType { .. } | Route::WsChild { .. })
        && !allowed.contains(&method)
    {
        return errors::arm_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            &format!("The requested resource does not support http method '{method}'."),
        );
    }

    if let Route::Subscriptions = route {
        if let Err(r) = api_version::check_subscriptions(&version) {
            return r;
        }
        return subscriptions::list(&st);
    }
    if let Route::NotFound = route {
        return errors::arm_error(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("The requested path '{path}' was not found."),
        );
    }

    // Everything else is under a subscription, which must exist.
    let sub = match &route {
        Route::Subscription { sub }
        | Route::WorkspacesBySub { sub }
        | Route::VmSizes { sub, .. }
        | Route::Usages { sub, .. }
        | Route::WorkspacesByRg { sub, .. }
        | Route::Workspace { sub, .. }
        | Route::Computes { sub, .. }
        | Route::Compute { sub, .. }
        | Route::ListNodes { sub, .. }
        | Route::ComputeAction { sub, .. }
        | Route::ComputeOperation { sub, .. }
        | Route::WsChild { sub, .. }
        | Route::MfeOperation { sub, .. }
        | Route::UnknownMlType { sub, .. } => sub.clone(),
        _ => unreachable!("handled above"),
    };
    let sub_json = st.store.read().unwrap().subscription(&sub).cloned();
    let Some(sub_json) = sub_json else {
        return errors::subscription_not_found(&sub);
    };
    if let Route::Subscription { .. } = route {
        if let Err(r) = api_version::check_subscriptions(&version) {
            return r;
        }
        return subscriptions::get(&sub_json);
    }

    match route {
        Route::WorkspacesBySub { sub } => api_version::check_ml(&version, "workspaces", "global")
            .err()
            .unwrap_or_else(|| workspaces::list(&st, &ctx, &sub, None)),
        Route::VmSizes { loc, .. } => {
            api_version::check_ml(&version, "locations/vmSizes", &loc).err().unwrap_or_else(|| vm_sizes::list(&loc))
        }
        Route::Usages { sub, loc } => api_version::check_ml(&version, "locations/usages", &loc)
            .err()
            .unwrap_or_else(|| usages::list(&st, &ctx, &sub, &loc)),
        Route::ComputeOperation { sub, op_id, result } => {
            if let Err(r) = api_version::check_ml(&version, "locations/computeOperationsStatus", "global") {
                return r;
            }
            if result {
                lro::result(&st, &ctx, &sub, &op_id)
            } else {
                lro::status(&st, &sub, &op_id)
            }
        }
        Route::MfeOperation { op_id, .. } => api_version::check_ml(&version, "locations/mfeOperationResults", "global")
            .err()
            .unwrap_or_else(|| crate::resources::jobs::operation_result(&st, &op_id)),
        Route::UnknownMlType { rg, type_name, .. } => {
            let rg_loc = rg.as_deref().and_then(|rg| location_of(st.store.read().unwrap().resource_group(&sub, rg)));
            if let Err(r) = api_version::check_ml(&version, &type_name, rg_loc.as_deref().unwrap_or("global")) {
                return r;
            }
            errors::arm_error(
                StatusCode::NOT_FOUND,
                "InvalidResourceType",
                &format!(
                    "The resource type '{type_name}' could not be found in the namespace '{ML_NS}' for api version '{version}'."
                ),
            )
        }
        Route::WorkspacesByRg { sub, rg } => {
            let rg_json = st.store.read().unwrap().resource_group(&sub, &rg).cloned();
            let Some(rg_json) = rg_json else {
                return errors::resource_group_not_found(&rg);
            };
            let loc = location_of(Some(&rg_json)).unwrap_or_default();
            api_version::check_ml(&version, "workspaces", &loc)
                .err()
                .unwrap_or_else(|| workspaces::list(&st, &ctx, &sub, Some(&rg)))
        }
        Route::WsChild { ref sub, ref rg, ref ws, ref rest } => {
            let (rg_json, ws_json) = {
                let store = st.store.read().unwrap();
                (store.resource_group(sub, rg).cloned(), store.workspace(sub, rg, ws).cloned())
            };
            let Some(rg_json) = rg_json else {
                return errors::resource_group_not_found(rg);
            };
            let loc = location_of(ws_json.as_ref()).or_else(|| location_of(Some(&rg_json))).unwrap_or_default();
            if let Err(r) = api_version::check_ml(&version, &format!("workspaces/{}", rest[0]), &loc) {
                return r;
            }
            let Some(ws_json) = ws_json else {
                return errors::resource_not_found(&format!("{ML_NS}/workspaces"), ws, rg);
            };
            super::ws_router::dispatch(&st, &ctx, &method, &ws_json, rest, &body).await
        }
        Route::Workspace { ref sub, ref rg, ref ws }
        | Route::Computes { ref sub, ref rg, ref ws }
        | Route::Compute { ref sub, ref rg, ref ws, .. }
        | Route::ListNodes { ref sub, ref rg, ref ws, .. }
        | Route::ComputeAction { ref sub, ref rg, ref ws, .. } => {
            let (rg_json, ws_json) = {
                let store = st.store.read().unwrap();
                (store.resource_group(sub, rg).cloned(), store.workspace(sub, rg, ws).cloned())
            };
            let Some(rg_json) = rg_json else {
                return errors::resource_group_not_found(rg);
            };
            let loc = location_of(ws_json.as_ref()).or_else(|| location_of(Some(&rg_json))).unwrap_or_default();
            let type_name = if matches!(route, Route::Workspace { .. }) { "workspaces" } else { "workspaces/computes" };
            if let Err(r) = api_version::check_ml(&version, type_name, &loc) {
                return r;
            }
            let Some(ws_json) = ws_json else {
                return errors::resource_not_found(&format!("{ML_NS}/workspaces"), ws, rg);
            };
            let ws_id = workspace_id(sub, rg, ws);
            // ARM ids use the stored workspace name's casing.
            let ws_name = ws_json.get("name").and_then(Value::as_str).unwrap_or(ws).to_string();
            let ws_id = ws_json.get("id").and_then(Value::as_str).map(str::to_string).unwrap_or(ws_id);
            match &route {
                Route::Workspace { .. } => workspaces::get(&ws_json),
                Route::Computes { .. } => computes::list(&st, &ctx, &ws_id),
                Route::Compute { name, .. } => {
                    let t = Target { sub, ws: &ws_name, ws_id: &ws_id, name, loc: &loc };
                    match method {
                        Method::PUT => compute_put::put(&st, &ctx, &t, &body),
                        Method::PATCH => compute_put::patch(&st, &ctx, &t, &body),
                        Method::DELETE => compute_actions::delete(&st, &ctx, &t),
                        _ => computes::get(&st, &ws_id, ws, name, &loc),
                    }
                }
                Route::ListNodes { name, .. } => nodes::list(&st, &ctx, &ws_id, ws, name, &loc),
                Route::ComputeAction { name, action, .. } => {
                    let t = Target { sub, ws: &ws_name, ws_id: &ws_id, name, loc: &loc };
                    match action.as_str() {
                        "listKeys" => compute_actions::list_keys(&st, &t),
                        a => compute_actions::instance_action(&st, &ctx, &t, a),
                    }
                }
                _ => unreachable!("outer match"),
            }
        }
        _ => unreachable!("handled above"),
    }
}

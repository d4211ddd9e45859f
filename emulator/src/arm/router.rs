//! ARM request routing. ARM matches literal path segments (`resourceGroups`, `providers`,
//! namespaces, resource types) case-insensitively, which axum's router does not, so ARM paths
//! are parsed here by hand and dispatched to the resource modules.

use super::{api_version, errors, token_check};
use crate::resources::{computes, nodes, subscriptions, usages, vm_sizes, workspaces};
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

pub async fn dispatch(State(st): State<AppState>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_string();
    let decoded: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(percent_decode).collect();
    let segs: Vec<&str> = decoded.iter().map(String::as_str).collect();
    let route = parse(&segs);

    // ARM authenticates before anything else, even for paths it will not find.
    if let Err(resp) = token_check::check(&st, &headers) {
        return resp;
    }
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
    };

    let allowed = match route {
        Route::ListNodes { .. } => Method::POST,
        _ => Method::GET,
    };
    if !matches!(route, Route::NotFound | Route::UnknownMlType { .. }) && method != allowed {
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
        Route::Workspace { ref sub, ref rg, ref ws }
        | Route::Computes { ref sub, ref rg, ref ws }
        | Route::Compute { ref sub, ref rg, ref ws, .. }
        | Route::ListNodes { ref sub, ref rg, ref ws, .. } => {
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
            match &route {
                Route::Workspace { .. } => workspaces::get(&ws_json),
                Route::Computes { .. } => computes::list(&st, &ctx, &ws_id),
                Route::Compute { name, .. } => computes::get(&st, &ws_id, ws, name, &loc),
                Route::ListNodes { name, .. } => nodes::list(&st, &ctx, &ws_id, ws, name, &loc),
                _ => unreachable!("outer match"),
            }
        }
        _ => unreachable!("handled above"),
    }
}

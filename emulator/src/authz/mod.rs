//! Azure RBAC as ARM applies it in front of the resource provider: role assignments (built-in
//! roles at a scope), `GET {scope}/providers/Microsoft.Authorization/permissions`, and the check
//! every write goes through — a PUT, PATCH, DELETE or POST whose action no role of the caller
//! grants at the target scope or above is refused with ARM's 403 `AuthorizationFailed`
//! (docs/azure-ml-rest.md §13). Reads are not checked: every demo user may read everything.
//!
//! Written from the documentation, independent of the console's evaluation (api `rbac`).

pub mod pattern;
pub mod permissions;
pub mod roles;

use crate::arm::errors::arm_error;
use crate::config::USERS;
use crate::seed::{SUB_DEV, SUB_PROD};
use axum::http::{Method, StatusCode};
use axum::response::Response;
pub use pattern::matches;
use roles::RoleDefinition;
use serde_json::Value;

const WS_PREFIX: &str = "/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces";

/// One role assignment: a principal holds a role at a scope (and everything below it).
pub struct Assignment {
    pub principal: &'static str,
    pub scope: String,
    pub role: &'static RoleDefinition,
}

/// The seeded assignments (docs/CONTRACTS.md "Identity"): Ada and Grace are Owners at the root
/// scope `/` (every subscription, also those a test adds: what they could do before RBAC);
/// Katherine is Reader on `ws-demo` and Contributor on the other workspaces and on Prod.
pub fn assignments() -> Vec<Assignment> {
    let mut out = Vec::new();
    for u in &USERS[..2] {
        out.push(Assignment { principal: u.oid, scope: "/".into(), role: &roles::OWNER });
    }
    let kat = crate::config::READER_USER.oid;
    let dev_ws = |n: &str| format!("/subscriptions/{SUB_DEV}{WS_PREFIX}/{n}");
    out.push(Assignment { principal: kat, scope: dev_ws("ws-demo"), role: &roles::READER });
    for ws in ["ws-vision", "ws-bench"] {
        out.push(Assignment { principal: kat, scope: dev_ws(ws), role: &roles::CONTRIBUTOR });
    }
    out.push(Assignment { principal: kat, scope: format!("/subscriptions/{SUB_PROD}"), role: &roles::CONTRIBUTOR });
    out
}

/// Is `scope` the assignment's scope or below it (segment-wise, ignoring case)?
fn covers(assigned: &str, scope: &str) -> bool {
    let a = assigned.trim_end_matches('/').to_ascii_lowercase();
    let s = scope.trim_end_matches('/').to_ascii_lowercase();
    s == a || s.starts_with(&format!("{a}/"))
}

/// The roles a principal holds at a scope (assigned there or above).
pub fn roles_at(oid: &str, scope: &str) -> Vec<&'static RoleDefinition> {
    assignments().into_iter().filter(|a| a.principal == oid && covers(&a.scope, scope)).map(|a| a.role).collect()
}

/// The action a request needs: `{namespace}/{types…}/{read|write|delete}` or
/// `…/{operation}/action` (docs/azure-ml-rest.md §13.2). `None` for paths without a provider.
pub fn action_for(method: &Method, path: &str) -> Option<String> {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let p = segs.iter().rposition(|s| s.eq_ignore_ascii_case("providers"))?;
    let ns = segs.get(p + 1)?;
    let rest = &segs[p + 2..];
    if rest.is_empty() {
        return None;
    }
    let types: Vec<&str> = rest.iter().step_by(2).copied().collect();
    let verb = if *method == Method::POST && !rest.len().is_multiple_of(2) {
        "action"
    } else {
        match *method {
            Method::PUT | Method::PATCH => "write",
            Method::DELETE => "delete",
            Method::POST => "action",
            _ => "read",
        }
    };
    Some(format!("{ns}/{}/{verb}", types.join("/")))
}

/// The resource the action is checked on: a POST operation's resource, else the path.
pub fn scope_of(method: &Method, path: &str) -> String {
    let path = path.trim_end_matches('/');
    let below = path.rsplit_once("/providers/").map_or(0, |(_, a)| a.split('/').filter(|s| !s.is_empty()).count());
    if *method == Method::POST && below > 1 && below.is_multiple_of(2) {
        return path.rsplit_once('/').map_or(path, |(a, _)| a).to_string();
    }
    path.to_string()
}

/// ARM's check of a write: `None` to go on, or the 403 to answer. `path` is the routed path
/// (literal segments in their canonical spelling), `sent` the path as the client wrote it.
pub fn check(caller: &Value, method: &Method, path: &str, sent: &str) -> Option<Response> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    let action = action_for(method, path)?;
    let oid = caller["oid"].as_str().unwrap_or_default();
    let scope = scope_of(method, sent);
    if roles_at(oid, &scope).iter().any(|r| r.grants(&action)) {
        return None;
    }
    let client = caller["upn"].as_str().or(caller["appid"].as_str()).unwrap_or(oid);
    Some(arm_error(
        StatusCode::FORBIDDEN,
        "AuthorizationFailed",
        &format!(
            "The client '{client}' with object id '{oid}' does not have authorization to perform action '{action}' \
             over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials."
        ),
    ))
}

//! Where an ARM request points, resolved in ARM's order: the subscription, the resource group,
//! the api-version for the resource type at its region, then the workspace. Each step answers
//! with ARM's error when it fails. Handlers take the result as an extractor (`MlScope`,
//! `Workspace`) next to `Path` for the names below it.

use super::request::ArmRequest;
use super::{api_version, errors};
use crate::seed::workspace_defaults;
use crate::state::AppState;
use crate::store::Workspace;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;

pub const ML_NS: &str = "Microsoft.MachineLearningServices";

/// The scope parameters a route may have; the route decides which.
#[derive(Deserialize)]
struct ScopePath {
    sub: String,
    rg: Option<String>,
    ws: Option<String>,
    loc: Option<String>,
}

/// `{name}` below a scope (a compute, code, environment, datastore or job).
#[derive(Deserialize)]
pub struct NamePath {
    pub name: String,
}

/// `{name}/versions/{version}` of a versioned asset.
#[derive(Deserialize)]
pub struct VersionPath {
    pub name: String,
    pub version: String,
}

/// `locations/{loc}` of a location-based resource.
#[derive(Deserialize)]
pub struct LocationPath {
    pub loc: String,
}

/// `…/{op}` of an operation status or result URL.
#[derive(Deserialize)]
pub struct OperationPath {
    pub op: String,
}

/// A request to the ML provider above the workspace level (workspace lists, VM sizes, usages,
/// operation URLs), with its subscription, resource group and api-version checked.
pub struct MlScope {
    pub sub: String,
    pub rg: Option<String>,
}

/// The resource type ARM checks the api-version for: the type segments after the namespace, two
/// levels deep (`workspaces/computes` also covers its actions, `workspaces/codes` its versions).
fn ml_type(path: &str) -> String {
    let segs: Vec<&str> = path.split('/').collect();
    let after = segs.iter().position(|s| *s == ML_NS).map_or(segs.len(), |i| i + 1);
    segs[after..].iter().step_by(2).take(2).copied().collect::<Vec<_>>().join("/")
}

fn location_of(v: Option<&Value>) -> Option<String> {
    v.and_then(|v| v.get("location")).and_then(Value::as_str).map(str::to_string)
}

/// Subscription, resource group and api-version; the stored workspace if the route names one.
async fn resolve(parts: &mut Parts, st: &AppState) -> Result<(ScopePath, Option<(Value, String)>), Response> {
    let Path(p) = Path::<ScopePath>::from_request_parts(parts, st).await.map_err(IntoResponse::into_response)?;
    let arm = ArmRequest::from_request_parts(parts, st).await?;
    let (rg_json, ws_json) = {
        let store = st.store.read().unwrap();
        if store.subscription(&p.sub).is_none() {
            return Err(errors::subscription_not_found(&p.sub));
        }
        let rg_json = match &p.rg {
            Some(rg) => {
                Some(store.resource_group(&p.sub, rg).cloned().ok_or_else(|| errors::resource_group_not_found(rg))?)
            }
            None => None,
        };
        let ws_json = match (&p.rg, &p.ws) {
            (Some(rg), Some(ws)) => store.workspace(&p.sub, rg, ws).cloned(),
            _ => None,
        };
        (rg_json, ws_json)
    };
    let location = location_of(ws_json.as_ref())
        .or_else(|| location_of(rg_json.as_ref()))
        .or_else(|| p.loc.clone())
        .unwrap_or_else(|| "global".into());
    api_version::check_ml(&arm.api_version, &ml_type(parts.uri.path()), &location)?;
    Ok((p, ws_json.map(|w| (w, location))))
}

impl FromRequestParts<AppState> for MlScope {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let (p, _) = resolve(parts, st).await?;
        Ok(MlScope { sub: p.sub, rg: p.rg })
    }
}

/// The workspace of `…/workspaces/{ws}[/…]`. A workspace gets its system datastores and the
/// curated environments the first time a request reaches it (seeded, injected by a test or
/// loaded from an older state file alike).
impl FromRequestParts<AppState> for Workspace {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let (p, found) = resolve(parts, st).await?;
        let Some((json, location)) = found else {
            let (ws, rg) = (p.ws.unwrap_or_default(), p.rg.unwrap_or_default());
            return Err(errors::resource_not_found(&format!("{ML_NS}/workspaces"), &ws, &rg));
        };
        let ws = Workspace::from_json(&json, &location);
        workspace_defaults::ensure(st, &ws);
        Ok(ws)
    }
}

#[cfg(test)]
mod tests {
    use super::ml_type;

    #[test]
    fn resource_types_are_two_levels_of_the_path() {
        let rg = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices";
        assert_eq!(ml_type(&format!("{rg}/workspaces")), "workspaces");
        assert_eq!(ml_type(&format!("{rg}/workspaces/w")), "workspaces");
        assert_eq!(ml_type(&format!("{rg}/workspaces/w/computes/c/listNodes")), "workspaces/computes");
        assert_eq!(ml_type(&format!("{rg}/workspaces/w/codes/c/versions/1")), "workspaces/codes");
        let sub = "/subscriptions/s/providers/Microsoft.MachineLearningServices";
        assert_eq!(ml_type(&format!("{sub}/locations/eastus/vmSizes")), "locations/vmSizes");
        assert_eq!(ml_type(&format!("{sub}/locations/eastus/mfeOperationResults/x")), "locations/mfeOperationResults");
    }
}

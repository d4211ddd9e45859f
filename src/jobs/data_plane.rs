//! Where a workspace's data plane is (RunHistory, logs, MLflow): the one place the console works
//! it out, so a better source (the workspace's discovery document) changes it here only. Today:
//! `dataPlaneEndpoint` of config.json with `{region}` = the workspace location
//! (docs/azure-ml-rest.md §Data-plane). Answers are kept for the session, per workspace: a
//! workspace does not move, and several parts of a page ask at once.

use crate::config::Config;
use crate::error::UiError;
use crate::http::Api;
use aml_api::jobs::DataPlane;
use aml_api::mlflow::Tracking;
use aml_api::{Workspace, WorkspaceRef};
use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    static KNOWN: RefCell<HashMap<WorkspaceRef, DataPlane>> = RefCell::new(HashMap::new());
}

/// The data-plane host of `ws` (one ARM read of the workspace, the first time).
pub async fn data_plane_for(api: &Api, cfg: &Config, ws: &WorkspaceRef) -> Result<DataPlane, UiError> {
    if let Some(dp) = KNOWN.with(|k| k.borrow().get(ws).cloned()) {
        return Ok(dp);
    }
    let Some(endpoint) = cfg.data_plane_endpoint.as_deref().filter(|e| !e.is_empty()) else {
        return Err(UiError::simple(
            "NoDataPlaneEndpoint",
            "config.json has no dataPlaneEndpoint, so run details, logs and metrics cannot be read.",
        ));
    };
    let wsp: Workspace = api.json(api.arm().get_workspace(ws)).await?;
    let dp = DataPlane::new(endpoint, wsp.location.as_deref().unwrap_or_default());
    KNOWN.with(|k| k.borrow_mut().insert(ws.clone(), dp.clone()));
    Ok(dp)
}

/// The MLflow tracking base of `ws` (docs/azure-ml-rest.md §MLflow).
pub async fn tracking_for(api: &Api, cfg: &Config, ws: &WorkspaceRef) -> Result<Tracking, UiError> {
    Ok(Tracking::new(&data_plane_for(api, cfg, ws).await?, ws))
}

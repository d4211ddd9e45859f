//! The data plane of a workspace (RunHistory, MLflow, artifacts), resolved once per workspace
//! and kept for the life of the tab: config.json's override or proxy, else the workspace's own
//! discovery document (`properties.discoveryUrl`), else the cloud's `{region}` template. The
//! decisions are `aml_api::dataplane`; this module sends the two requests and caches the answer.
//!
//! Pages and components call [`data_plane_for`] (or [`data_plane_of`] when they already hold the
//! workspace) and build their calls on the returned `DataPlane`.

use crate::browser;
use crate::config::Config;
use crate::error::UiError;
use crate::http::{send_anonymous, Api};
use aml_api::dataplane::{self, Route};
use aml_api::jobs::DataPlane;
use aml_api::{Workspace, WorkspaceRef};
use std::cell::RefCell;
use std::collections::HashMap;

/// Error code of a data plane (or its discovery document) the browser got no answer from; the
/// `DataPlaneBlocked` component explains it.
pub const UNREACHABLE: &str = "DataPlaneUnreachable";

thread_local! {
    /// Workspace (ARM path, lower case) → its data plane. Failures are not kept: the next page
    /// asks again (the user may have fixed CORS or come back online meanwhile).
    static RESOLVED: RefCell<HashMap<String, DataPlane>> = RefCell::new(HashMap::new());
}

fn key(ws: &WorkspaceRef) -> String {
    ws.arm_path().to_ascii_lowercase()
}

/// The workspace's data plane; reads the workspace from ARM first unless already resolved.
pub async fn data_plane_for(api: &Api, ws: &WorkspaceRef) -> Result<DataPlane, UiError> {
    if let Some(dp) = RESOLVED.with(|c| c.borrow().get(&key(ws)).cloned()) {
        return Ok(dp);
    }
    let workspace: Workspace = api.json(api.arm().get_workspace(ws)).await?;
    data_plane_of(api.config(), ws, &workspace).await
}

/// The data plane of a workspace already read from ARM.
pub async fn data_plane_of(cfg: &Config, ws: &WorkspaceRef, workspace: &Workspace) -> Result<DataPlane, UiError> {
    if let Some(dp) = RESOLVED.with(|c| c.borrow().get(&key(ws)).cloned()) {
        return Ok(dp);
    }
    let site = browser::origin();
    let location = workspace.location.as_deref().unwrap_or_default();
    let discovery = workspace.properties.as_ref().and_then(|p| p.discovery_url.as_deref());
    let route = dataplane::plan(&cfg.data_plane_settings(&site), location, discovery)
        .map_err(|m| UiError::simple("DataPlaneUnknown", m))?;
    let dp = match route {
        Route::Ready(dp) => dp,
        Route::Discover(url) => {
            let resp = send_anonymous(dataplane::discovery_request(&url)).await.map_err(|e| unreachable_or(e, &url))?;
            if !resp.is_success() {
                return Err(UiError {
                    status: Some(resp.status),
                    code: "DiscoveryFailed".into(),
                    message: crate::i18n::tf(
                        "dataplane.discovery_http",
                        "The workspace's discovery document at {url} answered HTTP {status}.",
                        &[("url", &url.to_string()), ("status", &resp.status.to_string())],
                    ),
                    ..Default::default()
                });
            }
            dataplane::from_discovery(&resp.body, &url, &cfg.data_plane_trust(&site))
                .map_err(|m| UiError::simple("DataPlaneUntrusted", m))?
        }
    };
    RESOLVED.with(|c| c.borrow_mut().insert(key(ws), dp.clone()));
    Ok(dp)
}

/// A data-plane call that got no answer at all becomes [`UNREACHABLE`], keeping the host in the
/// message; any other failure stays as the service described it.
pub fn unreachable_or(e: UiError, url: &str) -> UiError {
    if is_unreachable(&e) {
        let host = aml_api::url::origin(url).map_or_else(|| url.to_string(), |o| o.to_string());
        UiError { code: UNREACHABLE.into(), message: host, ..e }
    } else {
        e
    }
}

/// No HTTP answer at all: CORS refused or host unreachable (browsers do not say which).
pub fn is_unreachable(e: &UiError) -> bool {
    e.status.is_none() && (e.code == "NetworkError" || e.code == UNREACHABLE)
}

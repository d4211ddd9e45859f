//! Console paths (see docs/CONTRACTS.md "Console routes"). They are built and parsed in one
//! place, `aml_api::console_paths` (pure, tested natively), re-exported here; this module adds
//! what needs the browser or the router: the site's base path for `href`s, the remembered
//! workspace, and the workspace of the current route.

use crate::browser;
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub use aml_api::console_paths::{
    attach_compute_path, compare_jobs_path, compute_path, computes_path, job_path, jobs_path, new_cluster_path,
    new_instance_path, new_job_path, parse_ws_path, signin_returning_to, with_query, workspaces_in, Section,
    WsLocation, WORKSPACES,
};

const LAST_WS_KEY: &str = "aml.lastWorkspace";

/// An app path as an `href`: the site's base (and `/embed` in embed mode) in front, so plain
/// `<a>` links stay inside the app wherever it is hosted. `navigate()` takes app paths as-is.
pub fn href(app_path: &str) -> String {
    browser::to_browser_path(app_path)
}

/// Where the current address is in the app: its workspace and section, if any.
pub fn current_location(pathname: &str) -> Option<WsLocation> {
    parse_ws_path(&browser::to_app_path(pathname))
}

/// The last opened workspace (a path, not a secret), so `/` can reopen it.
pub fn remember_workspace(ws: &WorkspaceRef) {
    browser::local_set(LAST_WS_KEY, &computes_path(ws));
}

pub fn last_workspace() -> Option<WorkspaceRef> {
    browser::local_get(LAST_WS_KEY).and_then(|p| parse_ws_path(&p)).map(|loc| loc.ws)
}

/// The workspace of the current route (`/ws/:sub/:rg/:ws/…`).
pub fn use_ws() -> Memo<WorkspaceRef> {
    let params = use_params_map();
    Memo::new(move |_| {
        params.with(|p| {
            let g = |k: &str| p.get(k).unwrap_or_default();
            WorkspaceRef::new(&g("sub"), &g("rg"), &g("ws"))
        })
    })
}

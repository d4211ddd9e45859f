//! Paths of the console's own pages (docs/CONTRACTS.md "Console routes"), built and read in this
//! one place: every link, redirect and breadcrumb goes through these functions. Each path is
//! assembled from its segments — never by rewriting another path — so a resource group named
//! `computes-rg` or a workspace named `jobs` stays what it is. Segments are percent-encoded with
//! [`encode_segment`] and decoded with [`percent_decode`].
//!
//! These are app paths (`/ws/…`); the console adds the site's base path (`/console`, `/embed`)
//! with [`with_base`] for `href`s and strips it with [`without_base`].

use crate::arm::WorkspaceRef;
use crate::url::{encode_query_value, encode_segment, percent_decode};

/// The workspace picker.
pub const WORKSPACES: &str = "/workspaces";

/// `/workspaces?sub={id}`: the picker with a subscription chosen.
pub fn workspaces_in(subscription: &str) -> String {
    format!("{WORKSPACES}?sub={}", encode_query_value(subscription))
}

/// `/signin?return={path}`: the sign-in page, coming back to `return_to` afterwards.
pub fn signin_returning_to(return_to: &str) -> String {
    format!("/signin?return={}", encode_query_value(return_to))
}

/// `/ws/{sub}/{rg}/{ws}`: where every page of a workspace lives.
pub fn workspace_path(ws: &WorkspaceRef) -> String {
    format!(
        "/ws/{}/{}/{}",
        encode_segment(&ws.subscription),
        encode_segment(&ws.resource_group),
        encode_segment(&ws.workspace)
    )
}

pub fn computes_path(ws: &WorkspaceRef) -> String {
    format!("{}/computes", workspace_path(ws))
}

pub fn compute_path(ws: &WorkspaceRef, name: &str) -> String {
    format!("{}/{}", computes_path(ws), encode_segment(name))
}

/// The create-cluster form.
pub fn new_cluster_path(ws: &WorkspaceRef) -> String {
    format!("{}/new/cluster", computes_path(ws))
}

/// The create-instance form.
pub fn new_instance_path(ws: &WorkspaceRef) -> String {
    format!("{}/new/instance", computes_path(ws))
}

/// The attach form (a compute named `attach` is listed but cannot be opened by URL).
pub fn attach_compute_path(ws: &WorkspaceRef) -> String {
    format!("{}/attach", computes_path(ws))
}

pub fn jobs_path(ws: &WorkspaceRef) -> String {
    format!("{}/jobs", workspace_path(ws))
}

pub fn job_path(ws: &WorkspaceRef, id: &str) -> String {
    format!("{}/{}", jobs_path(ws), encode_segment(id))
}

/// The comparison of jobs `ids` (`…/jobs/compare?ids=a,b,c`: each id encoded, the commas kept,
/// so the address stays readable and shareable).
pub fn compare_jobs_path(ws: &WorkspaceRef, ids: &[String]) -> String {
    let ids: Vec<String> = ids.iter().map(|id| encode_query_value(id)).collect();
    format!("{}/compare?ids={}", jobs_path(ws), ids.join(","))
}

/// The submit form, empty or prefilled from job `clone_of` ("Clone and edit").
pub fn new_job_path(ws: &WorkspaceRef, clone_of: Option<&str>) -> String {
    match clone_of {
        None => format!("{}/new", jobs_path(ws)),
        Some(id) => format!("{}/new?clone={}", jobs_path(ws), encode_query_value(id)),
    }
}

/// `path?k=v&…` with the pairs whose value is not empty, values encoded: view state (filters,
/// sort order) mirrored in the address.
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> =
        pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode_query_value(v))).collect();
    match query.is_empty() {
        true => path.to_string(),
        false => format!("{path}?{}", query.join("&")),
    }
}

/// The part of a workspace the path is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Computes,
    Jobs,
}

impl Section {
    /// The breadcrumb and navigation label.
    pub fn label(self) -> &'static str {
        match self {
            Section::Computes => crate::msg_str!("Compute"),
            Section::Jobs => crate::msg_str!("Jobs"),
        }
    }

    /// The section's list page.
    pub fn path(self, ws: &WorkspaceRef) -> String {
        match self {
            Section::Computes => computes_path(ws),
            Section::Jobs => jobs_path(ws),
        }
    }
}

/// A `/ws/{sub}/{rg}/{ws}/…` path, read back into its parts (segments decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsLocation {
    pub ws: WorkspaceRef,
    /// `None` for a path that names no known section (the router shows "not found").
    pub section: Option<Section>,
    /// The segments after the section (`["new", "cluster"]`, `["cpu-cluster"]`, `[]`).
    pub rest: Vec<String>,
}

impl WsLocation {
    /// The last breadcrumb: what in the section the page shows, `None` on the section's list.
    pub fn leaf(&self) -> Option<String> {
        let rest: Vec<&str> = self.rest.iter().map(String::as_str).collect();
        match (self.section?, rest.as_slice()) {
            (_, []) => None,
            (Section::Computes, ["new", "cluster"]) => Some(crate::msg!("New cluster")),
            (Section::Computes, ["new", "instance"]) => Some(crate::msg!("New instance")),
            (Section::Computes, ["new", kind]) => Some(crate::msg!("New {kind}")),
            (Section::Computes, ["attach"]) => Some(crate::msg!("Attach")),
            (Section::Jobs, ["new"]) => Some(crate::msg!("New job")),
            (_, [name, ..]) => Some(name.to_string()),
        }
    }
}

/// Reads a workspace path (the query and fragment are ignored). `None` for any other path. A
/// segment that is not valid percent-encoding is kept as written.
pub fn parse_ws_path(path: &str) -> Option<WsLocation> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix("/ws/")?;
    let decode = |s: &str| percent_decode(s).unwrap_or_else(|| s.to_string());
    let mut segments = rest.split('/').filter(|s| !s.is_empty()).map(decode);
    let ws = WorkspaceRef::new(&segments.next()?, &segments.next()?, &segments.next()?);
    let section = match segments.next().as_deref() {
        Some("computes") => Some(Section::Computes),
        Some("jobs") => Some(Section::Jobs),
        _ => None,
    };
    Some(WsLocation { ws, section, rest: segments.collect() })
}

/// A return target after sign-in, or `/`: only a same-site absolute path is followed, so a
/// crafted `?return=//evil.example` (or `/\evil.example`, which browsers read the same way)
/// cannot turn sign-in into an open redirect.
pub fn safe_return_path(path: &str) -> String {
    if path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") {
        path.to_string()
    } else {
        "/".to_string()
    }
}

/// App path → address-bar path under `base` (`""`, `/console`, `/console/embed`; no trailing
/// slash): `/ws/x` → `/console/ws/x`. Anything that is not an absolute path is left as it is.
pub fn with_base(base: &str, app_path: &str) -> String {
    if base.is_empty() || !app_path.starts_with('/') {
        return app_path.to_string();
    }
    format!("{base}{app_path}")
}

/// Address-bar path → app path (the inverse of [`with_base`]); a path outside `base` is
/// returned unchanged.
pub fn without_base(base: &str, path: &str) -> String {
    match path.strip_prefix(base) {
        Some("") if !base.is_empty() => "/".to_string(),
        Some(rest) if !base.is_empty() && rest.starts_with('/') => rest.to_string(),
        _ => path.to_string(),
    }
}

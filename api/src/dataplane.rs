//! Where a workspace's data plane (RunHistory, MLflow, artifacts) lives, and which hosts may get
//! the data-plane token (docs/azure-ml-rest.md §Discovery).
//!
//! A workspace names its own data plane: `properties.discoveryUrl` points at an anonymous JSON
//! document whose `api` member is the base the SDK sends RunHistory and MLflow calls to. The
//! console follows it; `dataPlaneEndpoint` in config.json is only an override, and
//! `dataPlaneProxy` a same-origin path on the console's own host that forwards to the data plane
//! (for tenants whose data plane does not answer the console's origin, README "Running against a
//! real tenant"). The cloud's `{region}` template is the last resort, for a workspace without a
//! discovery URL.

use serde_json::Value;

use crate::jobs::DataPlane;
use crate::request::{HttpRequest, Method};
use crate::url::{origin, path_of, Origin};

/// The keys of a discovery document azure-ai-ml reads (`WorkspaceDiscoveryUrlKey`); `api` is
/// the one the data plane calls use.
pub const DISCOVERY_KEYS: [&str; 10] = [
    "api",
    "catalog",
    "experimentation",
    "gallery",
    "history",
    "hyperdrive",
    "labeling",
    "modelmanagement",
    "pipelines",
    "studio",
];

/// Which data-plane hosts the console trusts with a token: the configured templates (the
/// override and the cloud's `https://{region}.api.…`, whose domain also covers private-link
/// names such as `https://<guid>.workspace.<region>.api.azureml.ms`), origins listed in
/// `dataPlaneOrigins`, and the same-origin proxy path.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataPlaneTrust {
    pub templates: Vec<String>,
    pub origins: Vec<String>,
    /// Absolute URL prefix of the proxy (`https://console.contoso.com/api/{region}`), if any.
    pub proxy: Option<String>,
}

impl DataPlaneTrust {
    /// Whether `url` is a data-plane URL this console may send its token to.
    pub fn trusts(&self, url: &str) -> bool {
        let Some(target) = origin(url) else { return false };
        if self.templates.iter().filter_map(|t| origin(t)).any(|t| template_covers(&t, &target)) {
            return true;
        }
        if self.origins.iter().filter_map(|o| origin(o)).any(|o| o == target) {
            return true;
        }
        self.proxy.as_deref().is_some_and(|p| proxy_covers(p, url))
    }
}

/// `https://{region}.api.azureml.ms` covers `https://eastus.api.azureml.ms` and, for https
/// templates, any deeper name in the same domain (`<guid>.workspace.eastus.api.azureml.ms`,
/// private link); a template without `{region}` covers exactly its own origin.
fn template_covers(template: &Origin, target: &Origin) -> bool {
    if template.scheme != target.scheme || template.port != target.port {
        return false;
    }
    let host = target.host.as_str();
    match template.host.split_once("{region}") {
        None => template.host == host,
        Some((pre, post)) => {
            let label_ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            let single = host.len() > pre.len() + post.len()
                && host.starts_with(pre)
                && host.ends_with(post)
                && host[pre.len()..host.len() - post.len()].chars().all(|c| c.is_ascii_alphanumeric());
            // Deeper names only under a real domain (`.api.azureml.ms`), never a bare suffix.
            let deeper = pre.is_empty()
                && target.scheme == "https"
                && post.starts_with('.')
                && post[1..].contains('.')
                && host.strip_suffix(post).is_some_and(|labels| labels.split('.').all(label_ok));
            single || deeper
        }
    }
}

fn proxy_covers(proxy: &str, url: &str) -> bool {
    let (Some(p), Some(t)) = (origin(proxy), origin(url)) else { return false };
    let prefix = path_of(proxy).split("{region}").next().unwrap_or("");
    p == t && !prefix.trim_end_matches('/').is_empty() && path_of(url).starts_with(prefix)
}

/// How the console reaches a workspace's data plane, from config.json.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataPlaneSettings {
    /// `dataPlaneEndpoint`: used as is (with `{region}`), discovery skipped.
    pub endpoint_override: Option<String>,
    /// `dataPlaneProxy` made absolute against the console's origin: every data-plane call goes
    /// there (with `{region}`), discovery skipped.
    pub proxy: Option<String>,
    /// The cloud's template, for a workspace without a discovery URL.
    pub default_template: Option<String>,
}

/// The next step to a workspace's data plane.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    /// Known without a request.
    Ready(DataPlane),
    /// GET this discovery document (anonymous: no token), then [`from_discovery`].
    Discover(String),
}

/// Picks the route for a workspace (`location`, `properties.discoveryUrl`).
pub fn plan(settings: &DataPlaneSettings, location: &str, discovery_url: Option<&str>) -> Result<Route, String> {
    if let Some(proxy) = &settings.proxy {
        return Ok(Route::Ready(DataPlane::new(proxy, location)));
    }
    if let Some(e) = &settings.endpoint_override {
        return Ok(Route::Ready(DataPlane::new(e, location)));
    }
    match discovery_url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) if origin(u).is_some() => Ok(Route::Discover(u.to_string())),
        Some(u) => Err(crate::msg!("The workspace's discoveryUrl is not an absolute http(s) URL: {u:?}")),
        None => match &settings.default_template {
            Some(t) => Ok(Route::Ready(DataPlane::new(t, location))),
            None => {
                Err(crate::msg_str!("The workspace has no discoveryUrl and config.json names no dataPlaneEndpoint.")
                    .into())
            }
        },
    }
}

/// GET the discovery document. It carries no token: the SDKs fetch it anonymously, and its host
/// is not trusted with one until the document has been read.
pub fn discovery_request(url: &str) -> HttpRequest {
    crate::arm::request(Method::Get, url.to_string())
}

/// Reads a discovery document: the `api` base, if the console may trust it with a token.
pub fn from_discovery(body: &str, discovery_url: &str, trust: &DataPlaneTrust) -> Result<DataPlane, String> {
    let doc: Value = serde_json::from_str(body)
        .map_err(|_| crate::msg!("The discovery document at {discovery_url} is not JSON."))?;
    let api = doc
        .as_object()
        .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case("api")))
        .and_then(|(_, v)| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| crate::msg!("The discovery document at {discovery_url} has no \"api\" URL."))?;
    let Some(o) = origin(api) else {
        return Err(crate::msg!(
            "The discovery document at {discovery_url} names {api:?} as its data plane, which is not an absolute URL."
        ));
    };
    if !trust.trusts(api) {
        return Err(format!(
            "The workspace's discovery document names {o} as its data plane, which this console does not \
             send your sign-in to. If that host is right (e.g. a private endpoint), list it in \
             \"dataPlaneOrigins\" in config.json."
        ));
    }
    Ok(DataPlane::from_base(api))
}

/// The explanation shown where data-plane results (run details, metrics) cannot be read because
/// the browser got no answer: the host does not allow this origin (CORS) or is unreachable.
#[derive(Clone, Debug, PartialEq)]
pub struct Blocked {
    pub title: String,
    pub summary: String,
    /// The two ways out, in the words of README "Running against a real tenant".
    pub ways_out: [String; 2],
}

pub fn blocked(data_plane_base: &str, console_origin: &str) -> Blocked {
    let host = origin(data_plane_base).map_or_else(|| data_plane_base.to_string(), |o| o.to_string());
    Blocked {
        title: crate::msg_str!("The workspace's data plane does not answer this site").into(),
        summary: crate::msg!(
            "Run details and metrics come from {host}, and the browser got no answer from it: that host \
             does not allow requests from {console_origin} (CORS), or it cannot be reached from this network."
        ),
        ways_out: [
            crate::msg!(
                "Allow this console's origin ({console_origin}) on the data plane, where your tenant can \
                 (e.g. a front door or private endpoint under your control that adds the CORS headers)."
            ),
            crate::msg_str!(
                "Serve the console behind a same-origin path that forwards to the data plane (a studio-style \
                 /api/{region}/ route on the hosting front door) and set \"dataPlaneProxy\" in config.json."
            )
            .into(),
        ],
    }
}

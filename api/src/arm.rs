//! Request builders for the ARM calls the console makes.

use crate::error::ApiError;
use crate::request::{HttpRequest, Method};
use crate::url::{encode_query_value, encode_segment, origin, Origin};

const PROVIDER: &str = "Microsoft.MachineLearningServices";

/// Identifies a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WorkspaceRef {
    pub subscription: String,
    pub resource_group: String,
    pub workspace: String,
}

impl WorkspaceRef {
    pub fn new(subscription: &str, resource_group: &str, workspace: &str) -> Self {
        WorkspaceRef {
            subscription: subscription.to_string(),
            resource_group: resource_group.to_string(),
            workspace: workspace.to_string(),
        }
    }

    /// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}`,
    /// each segment percent-encoded.
    pub fn arm_path(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/{PROVIDER}/workspaces/{}",
            encode_segment(&self.subscription),
            encode_segment(&self.resource_group),
            encode_segment(&self.workspace),
        )
    }
}

/// Builds ARM requests against one endpoint (real ARM or the emulator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmClient {
    base: String,
    api_version: String,
    subscriptions_api_version: String,
}

/// api-version of the ARM subscriptions API (independent of the ML one).
pub const SUBSCRIPTIONS_API_VERSION: &str = "2022-12-01";

impl ArmClient {
    /// `base` like `https://management.azure.com` (a trailing slash is dropped);
    /// `api_version` is the Azure ML one, e.g. `2025-12-01`.
    pub fn new(base: &str, api_version: &str) -> Self {
        ArmClient {
            base: base.trim_end_matches('/').to_string(),
            api_version: api_version.to_string(),
            subscriptions_api_version: SUBSCRIPTIONS_API_VERSION.to_string(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn api_version(&self) -> &str {
        &self.api_version
    }

    /// GET `/subscriptions` (paged `Page<Subscription>`).
    pub fn list_subscriptions(&self) -> HttpRequest {
        self.build(Method::Get, "/subscriptions", &self.subscriptions_api_version)
    }

    /// GET workspaces of a subscription (paged `Page<Workspace>`).
    pub fn list_workspaces(&self, sub: &str) -> HttpRequest {
        let path = format!("/subscriptions/{}/providers/{PROVIDER}/workspaces", encode_segment(sub));
        self.ml(Method::Get, &path)
    }

    /// GET workspaces of a resource group (paged `Page<Workspace>`).
    pub fn list_workspaces_in_group(&self, sub: &str, rg: &str) -> HttpRequest {
        let path = format!(
            "/subscriptions/{}/resourceGroups/{}/providers/{PROVIDER}/workspaces",
            encode_segment(sub),
            encode_segment(rg)
        );
        self.ml(Method::Get, &path)
    }

    /// GET one workspace (`Workspace`).
    pub fn get_workspace(&self, ws: &WorkspaceRef) -> HttpRequest {
        self.ml(Method::Get, &ws.arm_path())
    }

    /// GET computes of a workspace (paged `Page<ComputeResource>`).
    pub fn list_computes(&self, ws: &WorkspaceRef) -> HttpRequest {
        self.ml(Method::Get, &format!("{}/computes", ws.arm_path()))
    }

    /// GET one compute (`ComputeResource`).
    pub fn get_compute(&self, ws: &WorkspaceRef, name: &str) -> HttpRequest {
        self.ml(Method::Get, &compute_path(ws, name))
    }

    /// POST `…/computes/{name}/listNodes` (`NodesPage`), no body.
    pub fn list_nodes(&self, ws: &WorkspaceRef, name: &str) -> HttpRequest {
        self.ml(Method::Post, &format!("{}/listNodes", compute_path(ws, name)))
    }

    /// GET VM sizes of a region (`VirtualMachineSizeList`, not paged).
    pub fn list_vm_sizes(&self, sub: &str, location: &str) -> HttpRequest {
        self.ml(Method::Get, &format!("{}/vmSizes", location_path(sub, location)))
    }

    /// GET usages of a region (paged `Page<Usage>`).
    pub fn list_usages(&self, sub: &str, location: &str) -> HttpRequest {
        self.ml(Method::Get, &format!("{}/usages", location_path(sub, location)))
    }

    /// A GET for a `nextLink`. The link is followed as is (it carries `$skip` and usually the
    /// api-version; ours is added only when missing), but only when it has the same scheme, host
    /// and port as `base`: the transport attaches the ARM token, so a crafted link pointing
    /// elsewhere must never be requested. A path-only link (`/subscriptions/…`) is resolved
    /// against `base`.
    pub fn next_page(&self, next_link: &str) -> Result<HttpRequest, ApiError> {
        self.same_origin_get(
            next_link,
            "UntrustedNextLink",
            "The service returned a next-page link to a different host; it was not followed.",
        )
    }

    /// A GET for an absolute URL the service handed out (`Azure-AsyncOperation`, `Location`,
    /// a resource id turned into a URL). Same rule as [`ArmClient::next_page`]: refused unless it
    /// is on ARM's own origin, because the token goes with it.
    pub fn get_resource(&self, url: &str) -> Result<HttpRequest, ApiError> {
        self.same_origin_get(
            url,
            "UntrustedPollingUrl",
            "The service returned a status URL on a different host; it was not polled.",
        )
    }

    fn same_origin_get(&self, link: &str, code: &str, msg: &str) -> Result<HttpRequest, ApiError> {
        let url = if link.starts_with('/') && !link.starts_with("//") {
            format!("{}{}", self.base, link)
        } else {
            link.to_string()
        };
        let ours: Option<Origin> = origin(&self.base);
        let theirs = origin(&url);
        if ours.is_none() || ours != theirs {
            return Err(ApiError::new(code, msg));
        }
        let has_version = url
            .split_once('?')
            .is_some_and(|(_, q)| q.split('&').any(|kv| kv.split('=').next() == Some("api-version")));
        let url = if has_version {
            url
        } else {
            let sep = if url.contains('?') { '&' } else { '?' };
            format!("{url}{sep}api-version={}", encode_query_value(&self.api_version))
        };
        Ok(request(Method::Get, url))
    }

    pub(crate) fn ml(&self, method: Method, path: &str) -> HttpRequest {
        self.build(method, path, &self.api_version)
    }

    fn build(&self, method: Method, path: &str, version: &str) -> HttpRequest {
        let url = format!("{}{}?api-version={}", self.base, path, encode_query_value(version));
        request(method, url)
    }
}

pub(crate) fn request(method: Method, url: String) -> HttpRequest {
    HttpRequest { method, url, headers: vec![("Accept".to_string(), "application/json".to_string())], body: None }
}

pub(crate) fn compute_path(ws: &WorkspaceRef, name: &str) -> String {
    format!("{}/computes/{}", ws.arm_path(), encode_segment(name))
}

fn location_path(sub: &str, location: &str) -> String {
    format!("/subscriptions/{}/providers/{PROVIDER}/locations/{}", encode_segment(sub), encode_segment(location))
}

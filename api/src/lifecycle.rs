//! Request builders for the compute lifecycle: create/attach (PUT), scale (PATCH), delete/detach
//! (DELETE), start/stop/restart (POST) and secrets (POST listKeys). Every mutating call except
//! listKeys may be a long-running operation: feed its response to [`crate::lro::LroPoller`].

use serde::Serialize;

use crate::arm::{compute_path, ArmClient, WorkspaceRef};
use crate::models::{ComputeResource, ScaleSettings};
use crate::request::{HttpRequest, Method};
use crate::url::encode_query_value;

/// The compute api-version azure-ai-ml 1.35.2 sends (`ServiceClient082023Preview`). Used only for
/// what the stable version lacks: `idleTimeBeforeShutdown` at creation and
/// `updateIdleShutdownSetting` (docs/azure-ml-rest.md §Instance-access).
pub const COMPUTE_PREVIEW_API_VERSION: &str = "2023-08-01-preview";

/// `req` with its `api-version` query value replaced by `version`.
pub fn with_api_version(mut req: HttpRequest, version: &str) -> HttpRequest {
    let (base, query) = req
        .url
        .split_once('?')
        .map(|(b, q)| (b.to_string(), q.to_string()))
        .unwrap_or((req.url.clone(), String::new()));
    let mut pairs: Vec<String> =
        query.split('&').filter(|p| !p.is_empty() && !p.starts_with("api-version=")).map(str::to_string).collect();
    pairs.insert(0, format!("api-version={}", encode_query_value(version)));
    req.url = format!("{base}?{}", pairs.join("&"));
    req
}

/// What DELETE does to the resource behind the compute (`underlyingResourceAction`, required by
/// the service: there is no default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum UnderlyingResourceAction {
    /// Delete the compute and the resource the workspace created for it (cluster, instance).
    Delete,
    /// Only remove the compute from the workspace; an attached VM/cluster stays as it is.
    Detach,
}

impl UnderlyingResourceAction {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            UnderlyingResourceAction::Delete => "Delete",
            UnderlyingResourceAction::Detach => "Detach",
        }
    }
}

/// PATCH body: the spec's `ClusterUpdateParameters` → `ClusterUpdateProperties` →
/// `ScaleSettingsInformation`, i.e. `{"properties":{"properties":{"scaleSettings":{…}}}}`.
#[derive(Serialize)]
struct ClusterUpdate<'a> {
    properties: ClusterUpdateProperties<'a>,
}

#[derive(Serialize)]
struct ClusterUpdateProperties<'a> {
    properties: ScaleSettingsInformation<'a>,
}

#[derive(Serialize)]
struct ScaleSettingsInformation<'a> {
    #[serde(rename = "scaleSettings")]
    scale_settings: &'a ScaleSettings,
}

impl ArmClient {
    /// PUT `…/computes/{name}` with a `ComputeResource` body (create, attach, or replace: the
    /// service overwrites an existing compute, so the console checks the name first).
    pub fn create_or_update_compute(&self, ws: &WorkspaceRef, name: &str, resource: &ComputeResource) -> HttpRequest {
        let req = self.ml(Method::Put, &compute_path(ws, name));
        with_json(req, serde_json::to_string(resource))
    }

    /// PATCH `…/computes/{name}` changing only the scale settings (the only thing the stable
    /// API can update, and only on AmlCompute).
    pub fn update_compute_scale(&self, ws: &WorkspaceRef, name: &str, scale: &ScaleSettings) -> HttpRequest {
        let body = ClusterUpdate {
            properties: ClusterUpdateProperties { properties: ScaleSettingsInformation { scale_settings: scale } },
        };
        let req = self.ml(Method::Patch, &compute_path(ws, name));
        with_json(req, serde_json::to_string(&body))
    }

    /// DELETE `…/computes/{name}?underlyingResourceAction=Delete|Detach`.
    pub fn delete_compute(&self, ws: &WorkspaceRef, name: &str, action: UnderlyingResourceAction) -> HttpRequest {
        let mut req = self.ml(Method::Delete, &compute_path(ws, name));
        req.url.push_str("&underlyingResourceAction=");
        req.url.push_str(&encode_query_value(action.as_str()));
        req
    }

    /// POST `…/computes/{name}/updateIdleShutdownSetting` with `{"idleTimeBeforeShutdown":
    /// "PT{minutes}M"}` → 200, no body. A **preview** operation (not in 2025-12-01): sent with
    /// [`COMPUTE_PREVIEW_API_VERSION`], the compute api-version of azure-ai-ml 1.35.2, whose spec
    /// has it (docs/azure-ml-rest.md §Instance-access).
    pub fn update_idle_shutdown(&self, ws: &WorkspaceRef, name: &str, minutes: u64) -> HttpRequest {
        let body = serde_json::json!({ "idleTimeBeforeShutdown": format!("PT{minutes}M") });
        let req =
            with_api_version(self.compute_action(ws, name, "updateIdleShutdownSetting"), COMPUTE_PREVIEW_API_VERSION);
        with_json(req, serde_json::to_string(&body))
    }

    /// POST `…/computes/{name}/start` (ComputeInstance only), no body.
    pub fn start_compute(&self, ws: &WorkspaceRef, name: &str) -> HttpRequest {
        self.compute_action(ws, name, "start")
    }

    /// POST `…/computes/{name}/stop` (ComputeInstance only), no body.
    pub fn stop_compute(&self, ws: &WorkspaceRef, name: &str) -> HttpRequest {
        self.compute_action(ws, name, "stop")
    }

    /// POST `…/computes/{name}/restart` (ComputeInstance only), no body.
    pub fn restart_compute(&self, ws: &WorkspaceRef, name: &str) -> HttpRequest {
        self.compute_action(ws, name, "restart")
    }

    /// POST `…/computes/{name}/listKeys` → [`crate::ComputeSecrets`]. Synchronous (200).
    pub fn list_compute_keys(&self, ws: &WorkspaceRef, name: &str) -> HttpRequest {
        self.compute_action(ws, name, "listKeys")
    }

    fn compute_action(&self, ws: &WorkspaceRef, name: &str, action: &str) -> HttpRequest {
        self.ml(Method::Post, &format!("{}/{action}", compute_path(ws, name)))
    }
}

pub(crate) fn with_json(mut req: HttpRequest, body: Result<String, serde_json::Error>) -> HttpRequest {
    // Serializing our own models into a String cannot fail (string keys, no floats that are
    // NaN); an empty object is a safe fallback that the service would reject visibly.
    req.body = Some(body.unwrap_or_else(|_| "{}".to_string()));
    req.headers.push(("Content-Type".to_string(), "application/json".to_string()));
    req
}

//! Which environment a job runs in. Curated environments (by registry id) and workspace
//! environments are referred to directly; an image (+ conda file) becomes an anonymous environment version registered just
//! before the job, named as the CLI names them and versioned by its content, so registering it
//! again on a retry is a no-op instead of a second environment.

use serde_json::Value;

use super::form::JobForm;
use super::ids::environment_version_id;
use crate::arm::{ArmClient, WorkspaceRef};
use crate::request::HttpRequest;
use crate::snapshot::content_hash;

/// Name of the anonymous environments made from an image (+ conda file).
pub const ANON_ENV: &str = "CliV2AnonymousEnvironment";

/// Hex digits of the content hash used as the anonymous environment's version.
const VERSION_CHARS: usize = 32;

#[derive(Clone, Debug, PartialEq)]
pub enum EnvironmentPlan {
    /// Use this `environmentId` as is.
    Use(String),
    /// PUT this environment version first, then use its id.
    Register { name: String, version: String, body: Value },
}

/// The version of an anonymous environment: a prefix of the body's content hash.
pub fn anonymous_version(body: &Value) -> String {
    content_hash(&[("environment", body.to_string().as_bytes())]).chars().take(VERSION_CHARS).collect()
}

impl EnvironmentPlan {
    pub fn for_form(form: &JobForm, ws: &WorkspaceRef) -> EnvironmentPlan {
        match form.env_kind.as_str() {
            // A registry id, sent as typed (validation has checked its form).
            "curated" => EnvironmentPlan::Use(form.env_ref.trim().to_string()),
            "workspace" => {
                let (n, v) = form.env_ref.split_once(':').unwrap_or((&form.env_ref, "1"));
                EnvironmentPlan::Use(environment_version_id(ws, n, v))
            }
            _ => {
                let body = form.environment_body().unwrap_or_default();
                EnvironmentPlan::Register { name: ANON_ENV.into(), version: anonymous_version(&body), body }
            }
        }
    }

    /// The PUT to send first, if any.
    pub fn request(&self, arm: &ArmClient, ws: &WorkspaceRef) -> Option<HttpRequest> {
        match self {
            EnvironmentPlan::Use(_) => None,
            EnvironmentPlan::Register { name, version, body } => {
                Some(arm.put_environment_version(ws, name, version, body))
            }
        }
    }

    /// The job's `environmentId`: the `id` the PUT answered with (`registered`), else the id
    /// the version has by construction.
    pub fn environment_id(&self, ws: &WorkspaceRef, registered: Option<&Value>) -> String {
        match self {
            EnvironmentPlan::Use(id) => id.clone(),
            EnvironmentPlan::Register { name, version, .. } => registered
                .and_then(|v| v["id"].as_str())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| environment_version_id(ws, name, version)),
        }
    }
}

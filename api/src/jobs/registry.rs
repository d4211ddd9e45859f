//! Curated environments by registry id. Microsoft publishes them in the `azureml` registry, not
//! in workspaces; a job refers to one as `azureml://registries/azureml/environments/{name}/
//! labels/latest` or `…/versions/{version}` (what `az ml job create` accepts).
//!
//! The registry's own list is read the SDK's way (docs/azure-ml-rest.md §7.1): the discovery
//! call on the workspace's data plane host names the registry's subscription, resource group and
//! resource provider host; the spec's registry environment list is then read on that host. Where that fails (the host is not one the
//! console may send a token to, CORS, no access), the form offers [`WELL_KNOWN`] and free entry.

use serde_json::Value;

use super::requests::DataPlane;
use crate::arm::request;
use crate::request::{HttpRequest, Method};
use crate::url::{encode_query_value, encode_segment};

/// The registry that publishes the curated environments.
pub const CURATED_REGISTRY: &str = "azureml";

const SCHEME: &str = "azureml://registries/";

/// Well-known curated environment names, offered when the registry's list cannot be read.
pub const WELL_KNOWN: &[&str] = &[
    "AzureML-sklearn-1.5",
    "AzureML-pytorch-2.2-cuda12.1",
    "AzureML-tensorflow-2.16-cuda12",
    "AzureML-lightgbm-3.3",
    "AzureML-ACPT-pytorch-2.2-cuda12.1",
    "AzureML-minimal-ubuntu22.04-py39-cpu",
];

/// Which version of a registry environment an id picks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    Label(String),
    Version(String),
}

/// `azureml://registries/{registry}/environments/{name}/labels/{label}` | `/versions/{version}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryEnvId {
    pub registry: String,
    pub name: String,
    pub pick: Pick,
}

/// The `labels/latest` id of a curated environment name.
pub fn latest_id(name: &str) -> String {
    format!("{SCHEME}{CURATED_REGISTRY}/environments/{name}/labels/latest")
}

/// Registry, asset and version names: a letter or digit first, then letters, digits, `-`, `_`,
/// `.` (the service's asset name rule).
fn is_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && s.len() <= 255
}

impl RegistryEnvId {
    /// Parses a registry id; the error says what is wrong with it, for the form.
    pub fn parse(text: &str) -> Result<RegistryEnvId, String> {
        let t = text.trim();
        let form = "azureml://registries/<registry>/environments/<name>/labels/latest (or /versions/<version>)";
        let Some(rest) = t.get(..SCHEME.len()).filter(|p| p.eq_ignore_ascii_case(SCHEME)).map(|_| &t[SCHEME.len()..])
        else {
            if is_name(t) {
                return Err(format!("'{t}' is a name, not a registry id: use {}.", latest_id(t)));
            }
            return Err(crate::msg!("Give a registry id: {form}."));
        };
        let parts: Vec<&str> = rest.split('/').collect();
        let [registry, envs, name, kind, value] = parts.as_slice() else {
            return Err(format!("'{t}' is not a registry environment id: expected {form}."));
        };
        if !envs.eq_ignore_ascii_case("environments") {
            return Err(format!("'{t}' does not name an environment: expected {form}."));
        }
        for (what, v) in [("registry name", registry), ("environment name", name), ("label or version", value)] {
            if !is_name(v) {
                return Err(format!("'{t}': the {what} '{v}' is not valid (letters, digits, '-', '_', '.')."));
            }
        }
        let pick = match kind.to_ascii_lowercase().as_str() {
            "labels" => Pick::Label(value.to_string()),
            "versions" => Pick::Version(value.to_string()),
            _ => return Err(format!("'{t}': after the name comes labels/<label> or versions/<version>.")),
        };
        Ok(RegistryEnvId { registry: registry.to_string(), name: name.to_string(), pick })
    }
}

/// Where a registry lives, from its discovery answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryLocation {
    pub name: String,
    pub subscription: String,
    pub resource_group: String,
    /// The registry's resource provider host, without a trailing `/`.
    pub host: String,
}

/// GET the registry's discovery answer on the workspace's data plane host.
pub fn discovery_request(dp: &DataPlane, registry: &str) -> HttpRequest {
    let url = format!("{}/registrymanagement/v1.0/registries/{}/discovery", dp.base(), encode_segment(registry));
    request(Method::Get, url)
}

impl RegistryLocation {
    pub fn from_discovery(answer: &Value, registry: &str) -> Result<RegistryLocation, String> {
        let field = |k: &str| answer[k].as_str().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let missing = |k: &str| format!("The registry discovery answer has no {k}.");
        let host =
            field("primaryRegionResourceProviderUri").ok_or_else(|| missing("primaryRegionResourceProviderUri"))?;
        if !host.starts_with("https://") && !host.starts_with("http://") {
            return Err(crate::msg!("The registry's resource provider host '{host}' is not a URL."));
        }
        Ok(RegistryLocation {
            name: field("registryName").unwrap_or_else(|| registry.to_string()),
            subscription: field("subscriptionId").ok_or_else(|| missing("subscriptionId"))?,
            resource_group: field("resourceGroup").ok_or_else(|| missing("resourceGroup"))?,
            host: host.trim_end_matches('/').to_string(),
        })
    }

    /// GET the registry's environment containers (the spec's registry path, on its RP host).
    pub fn list_environments(&self, api_version: &str) -> HttpRequest {
        let url = format!(
            "{}/mferp/managementfrontend/subscriptions/{}/resourceGroups/{}/providers/Microsoft.MachineLearningServices/registries/{}/environments?api-version={}",
            self.host,
            encode_segment(&self.subscription),
            encode_segment(&self.resource_group),
            encode_segment(&self.name),
            encode_query_value(api_version)
        );
        request(Method::Get, url)
    }
}

/// The registry ids (`labels/latest`) of the containers in one list answer, sorted; archived
/// ones and nameless items are left out.
pub fn ids_from_list(answer: &Value, registry: &str) -> Vec<String> {
    let mut names: Vec<String> = answer["value"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|e| e["properties"]["isArchived"].as_bool() != Some(true))
                .filter_map(|e| e["name"].as_str())
                .filter(|n| is_name(n))
                .map(|n| format!("{SCHEME}{registry}/environments/{n}/labels/latest"))
                .collect()
        })
        .unwrap_or_default();
    names.sort_by_key(|n| n.to_ascii_lowercase());
    names.dedup();
    names
}

/// The built-in list as registry ids.
pub fn well_known_ids() -> Vec<String> {
    WELL_KNOWN.iter().map(|n| latest_id(n)).collect()
}

/// The next page of a registry list, only on the registry's own host (a `nextLink` elsewhere
/// is not followed: the token would go with it).
pub fn next_page(answer: &Value, location: &RegistryLocation) -> Option<HttpRequest> {
    let next = answer["nextLink"].as_str().filter(|n| !n.is_empty())?;
    let same_host = next.strip_prefix(&location.host).is_some_and(|rest| rest.starts_with('/'));
    same_host.then(|| request(Method::Get, next.to_string()))
}

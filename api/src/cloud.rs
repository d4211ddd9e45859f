//! Endpoints of the Azure clouds the console knows, shared by the console (config.json
//! defaults) and `xtask dist` (the CSP's `connect-src` for a config that leaves them out), and
//! which of them a request's token may go to.

use crate::dataplane::DataPlaneTrust;
use crate::url::{origin, path_of, Origin};

/// Per-cloud defaults. Sources (checked 2026):
/// * ARM and authority hosts, AML resource id: azure-ai-ml `_azure_environments.py`
///   (Azure/azure-sdk-for-python, sdk/ml/azure-ai-ml) — `RESOURCE_MANAGER_ENDPOINT`,
///   `ACTIVE_DIRECTORY_ENDPOINT`, `AML_RESOURCE_ID` for AzureCloud / AzureChinaCloud /
///   AzureUSGovernment; the same hosts in Microsoft Learn "National clouds" (Entra ID).
/// * Data-plane hosts: Microsoft Learn "Private endpoint DNS zone values" (AML public DNS
///   forwarders `api.azureml.ms`, `api.ml.azure.cn`, `api.ml.azure.us`) and "How to use a custom
///   DNS server with a workspace" (`<workspace-guid>.workspace.<region>.api.…` FQDNs).
pub struct CloudDefaults {
    pub arm_endpoint: &'static str,
    pub arm_scope: &'static str,
    pub authority_host: &'static str,
    pub data_plane_endpoint: &'static str,
    pub data_plane_scope: &'static str,
    /// Origin pattern of the cloud's blob endpoints (SAS URLs for uploads and logs point there);
    /// the CSP `connect-src` of `xtask dist` allows it.
    pub blob_origin: &'static str,
}

pub const CLOUDS: [&str; 5] = ["AzureCloud", "AzureChinaCloud", "AzureUSGovernment", "Emulator", "Custom"];

pub fn cloud_defaults(cloud: &str) -> Option<CloudDefaults> {
    Some(match cloud {
        "AzureCloud" => CloudDefaults {
            arm_endpoint: "https://management.azure.com",
            arm_scope: "https://management.azure.com/user_impersonation",
            authority_host: "https://login.microsoftonline.com",
            data_plane_endpoint: "https://{region}.api.azureml.ms",
            data_plane_scope: "https://ml.azure.com/.default",
            blob_origin: "https://*.blob.core.windows.net",
        },
        "AzureChinaCloud" => CloudDefaults {
            arm_endpoint: "https://management.chinacloudapi.cn",
            arm_scope: "https://management.chinacloudapi.cn/user_impersonation",
            authority_host: "https://login.chinacloudapi.cn",
            data_plane_endpoint: "https://{region}.api.ml.azure.cn",
            data_plane_scope: "https://ml.azure.cn/.default",
            blob_origin: "https://*.blob.core.chinacloudapi.cn",
        },
        "AzureUSGovernment" => CloudDefaults {
            arm_endpoint: "https://management.usgovcloudapi.net",
            arm_scope: "https://management.usgovcloudapi.net/user_impersonation",
            authority_host: "https://login.microsoftonline.us",
            data_plane_endpoint: "https://{region}.api.ml.azure.us",
            data_plane_scope: "https://ml.azure.us/.default",
            blob_origin: "https://*.blob.core.usgovcloudapi.net",
        },
        // The emulator issues tokens with the public-cloud audiences (docs/CONTRACTS.md).
        "Emulator" => CloudDefaults {
            arm_endpoint: "http://127.0.0.1:7070",
            arm_scope: "https://management.azure.com/user_impersonation",
            authority_host: "http://127.0.0.1:7070",
            data_plane_endpoint: "http://127.0.0.1:7070",
            data_plane_scope: "https://ml.azure.com/.default",
            // Azurite at its default port; other ports need `storageOrigins` in config.json.
            blob_origin: "http://127.0.0.1:10000",
        },
        _ => return None,
    })
}

/// Which token a request may carry. Storage needs none for SAS URLs (they carry their own
/// credential); `Storage` is the user's own storage token, for job logs read straight from the
/// workspace storage account when the data plane does not answer (`jobs::log_blobs`). It is
/// never chosen by URL ([`token_audience`]): only the explicit storage call asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Arm,
    DataPlane,
    Storage,
}

/// The token a request to `url` gets: the ARM token for ARM paths on the ARM host, the
/// data-plane token on the data-plane host (`data_plane_endpoint` may hold a `{region}`
/// placeholder, matched as one DNS label), and `None` — no token at all — for any other host,
/// so a URL taken from a response can never steer the token elsewhere. Hosts compare as
/// origins (scheme, host, port), through the one URL parser of `crate::url`.
pub fn token_audience(arm_endpoint: &str, data_plane_endpoint: Option<&str>, url: &str) -> Option<Audience> {
    let target = origin(url)?;
    let is_dp_host = data_plane_endpoint.and_then(origin).is_some_and(|t| matches_template(&t, &target));
    audience_for(arm_endpoint, is_dp_host, url)
}

/// Like [`token_audience`], with the data-plane hosts a [`DataPlaneTrust`] allows (the
/// templates, private-link names in their domain, `dataPlaneOrigins`, the same-origin proxy).
pub fn token_audience_with(arm_endpoint: &str, trust: &DataPlaneTrust, url: &str) -> Option<Audience> {
    audience_for(arm_endpoint, trust.trusts(url), url)
}

fn audience_for(arm_endpoint: &str, is_dp_host: bool, url: &str) -> Option<Audience> {
    let target = origin(url)?;
    let is_arm_host = origin(arm_endpoint).is_some_and(|arm| arm == target);
    let path = path_of(url).to_ascii_lowercase();
    let arm_path = ["/subscriptions", "/providers", "/tenants"].iter().any(|p| path.starts_with(p));
    match (is_arm_host, is_dp_host) {
        (true, _) if arm_path => Some(Audience::Arm),
        (_, true) => Some(Audience::DataPlane),
        (true, false) => Some(Audience::Arm),
        (false, false) => None,
    }
}

/// `https://{region}.api.azureml.ms` matches `https://eastus.api.azureml.ms`: same scheme and
/// port, and the placeholder stands for exactly one non-empty label of letters and digits.
fn matches_template(template: &Origin, target: &Origin) -> bool {
    if template.scheme != target.scheme || template.port != target.port {
        return false;
    }
    let host = target.host.as_str();
    match template.host.split_once("{region}") {
        None => template.host == host,
        Some((pre, post)) => {
            host.len() > pre.len() + post.len()
                && host.starts_with(pre)
                && host.ends_with(post)
                && host[pre.len()..host.len() - post.len()].chars().all(|c| c.is_ascii_alphanumeric())
        }
    }
}

//! Job logs read straight from the workspace storage account, for when the data plane (which
//! lists them with SAS links in RunDetails) does not answer the browser: the job's default output
//! is `workspaceartifactstore` (container `azureml`) under `ExperimentRun/dcid.{job}/`, where the
//! SDK's `jobs.stream` also reads them (docs/azure-ml-rest.md §Log-blobs). The calls carry the
//! user's own storage token, so the user needs a data role on the account; the texts here say
//! which one when storage refuses.
//!
//! Sans-IO like the rest of the crate: the console sends the requests and feeds the answers back
//! into [`super::logs::LogFile`]s (whose `url` is then a plain blob URL without SAS).

use serde_json::Value;

use super::logs::{log_order, LogFile};
use super::storage::{error_code, tag_values, with_query, STORAGE_VERSION};
use crate::request::{HttpRequest, Method};
use crate::url::{encode_segment, origin};

/// The datastore that holds run files (its container is `azureml`).
pub const ARTIFACT_DATASTORE: &str = "workspaceartifactstore";

/// The role a user needs on the storage account to read (and list) the logs.
pub const READER_ROLE: &str = "Storage Blob Data Reader";

/// Log folders below a run's prefix, as RunDetails lists them (`user_logs/` first; the others are
/// the service's and older runtimes').
pub const LOG_FOLDERS: [&str; 4] = ["user_logs/", "system_logs/", "azureml-logs/", "logs/"];

/// `ExperimentRun/dcid.{run}/`: a run's folder in the artifact container.
pub fn run_prefix(run_id: &str) -> String {
    format!("ExperimentRun/dcid.{run_id}/")
}

/// The container URL of a blob datastore (`GET …/datastores/workspaceartifactstore`): the
/// account's blob endpoint from `accountName`, `endpoint` (`core.windows.net`) and `protocol`,
/// path-style (`{protocol}://{endpoint}/{account}/{container}`) when `endpoint` is an address or
/// `localhost` (Azurite), as the emulator's datastores are (docs/CONTRACTS.md "Emulator: jobs").
pub fn container_url(datastore: &Value) -> Option<String> {
    let p = &datastore["properties"];
    let s = |k: &str| p[k].as_str().map(str::trim).filter(|v| !v.is_empty());
    let (account, container) = (s("accountName")?, s("containerName")?);
    let endpoint = s("endpoint").unwrap_or("core.windows.net");
    let protocol = s("protocol").unwrap_or("https").to_ascii_lowercase();
    let host = endpoint.split(':').next().unwrap_or(endpoint);
    let path_style = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok();
    let url = if path_style {
        format!("{protocol}://{endpoint}/{}/{}", encode_segment(account), encode_segment(container))
    } else {
        format!("{protocol}://{}.blob.{endpoint}/{}", encode_segment(account), encode_segment(container))
    };
    origin(&url).map(|_| url)
}

/// A read of one blob (the caller adds its `Range`).
pub fn read_request(blob_url: &str) -> HttpRequest {
    storage_get(blob_url.to_string())
}

fn storage_get(url: String) -> HttpRequest {
    HttpRequest { method: Method::Get, url, headers: vec![("x-ms-version".into(), STORAGE_VERSION.into())], body: None }
}

/// List Blobs of the run's folder (one page of up to 5000 names, plenty for log files).
pub fn list_request(container_url: &str, run_id: &str) -> HttpRequest {
    storage_get(with_query(
        container_url,
        &[("restype", "container"), ("comp", "list"), ("prefix", &run_prefix(run_id))],
    ))
}

/// The log files of a List Blobs answer: (name below the run's folder, blob URL), logs only.
pub fn log_files(container_url: &str, run_id: &str, listing_xml: &str) -> Vec<(String, String)> {
    let prefix = run_prefix(run_id);
    tag_values(listing_xml, "Name")
        .into_iter()
        .filter_map(|name| {
            let rel = name.strip_prefix(&prefix)?.to_string();
            LOG_FOLDERS.iter().any(|f| rel.starts_with(f)).then(|| {
                let path: Vec<String> = name.split('/').map(encode_segment).collect();
                (rel, format!("{container_url}/{}", path.join("/")))
            })
        })
        .collect()
}

/// What to tell the user when storage refused a read or list made with their own token. `None`
/// for statuses that are not a refusal.
pub fn refusal_message(status: u16, body: &str, account_url: &str) -> Option<String> {
    let account = origin(account_url).map_or_else(|| account_url.to_string(), |o| o.to_string());
    let code = error_code(body).unwrap_or_default();
    if status == 403 && account_url.to_ascii_lowercase().starts_with("http://") {
        // Storage takes sign-in tokens only over HTTPS (Azurite without --cert/--oauth, say).
        return Some(format!(
            "The storage account {account} is reached over plain HTTP, where storage does not accept sign-in \
             tokens (HTTP 403{}). Serve it over HTTPS to read the job's logs with your sign-in.",
            if code.is_empty() { String::new() } else { format!(" {code}") }
        ));
    }
    match status {
        403 => Some(format!(
            "The storage account {account} refused to show you the job's logs ({}). Reading them needs the \
             \"{READER_ROLE}\" role on that account or its \"azureml\" container: Owner or Contributor alone \
             give no access to the data. Someone who can assign roles on the account (Owner or User Access \
             Administrator) can grant it.",
            if code.is_empty() { "HTTP 403".to_string() } else { format!("HTTP 403 {code}") }
        )),
        401 => Some(format!(
            "The storage account {account} did not accept your sign-in (HTTP 401{}). The app registration \
             needs the delegated permission \"Azure Storage / user_impersonation\".",
            if code.is_empty() { String::new() } else { format!(" {code}") }
        )),
        _ => None,
    }
}

/// The scope of the user's storage token (Azure Storage, delegated `user_impersonation`).
pub const STORAGE_SCOPE: &str = "https://storage.azure.com/.default";

/// `GET …/datastores/workspaceartifactstore` (ARM): where the run files are kept.
pub fn artifact_datastore_path(workspace_arm_path: &str) -> String {
    format!("{}/datastores/{ARTIFACT_DATASTORE}", workspace_arm_path.trim_end_matches('/'))
}

/// Whether the user's storage token may go to `url`: an origin matching the cloud's blob
/// endpoint pattern (`https://*.blob.core.windows.net`, one account label in place of `*`) or
/// listed in config.json's `storageOrigins`. Anything else gets no token, so a datastore answer
/// cannot steer it elsewhere.
pub fn storage_token_allowed(cloud_blob_origin: Option<&str>, storage_origins: &[String], url: &str) -> bool {
    let Some(target) = origin(url) else { return false };
    if storage_origins.iter().filter_map(|o| origin(o)).any(|o| o == target) {
        return true;
    }
    let Some((scheme, host)) = cloud_blob_origin.and_then(|p| p.split_once("://")) else { return false };
    match host.strip_prefix("*.") {
        Some(suffix) => {
            let default_port = if target.scheme == "https" { 443 } else { 80 };
            let account = target.host.strip_suffix(suffix).and_then(|h| h.strip_suffix('.'));
            target.scheme == scheme
                && target.port == default_port
                && account.is_some_and(|a| !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric()))
        }
        None => origin(&format!("{scheme}://{host}")).is_some_and(|o| o == target),
    }
}

/// Adds a tab for every listed log file (its `url` the plain blob URL), keeping the text and
/// offsets of known ones, in the order RunDetails' files are shown.
pub fn merge_listed(files: &mut Vec<LogFile>, listed: Vec<(String, String)>) {
    for (name, url) in listed {
        match files.iter_mut().find(|f| f.name == name) {
            Some(f) => f.url = url,
            None => files.push(LogFile { name, url, ..Default::default() }),
        }
    }
    files.sort_by_key(|f| log_order(&f.name));
}

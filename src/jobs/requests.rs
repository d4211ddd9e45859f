//! Request builders for the job-related ARM calls and the RunHistory data plane, in the api
//! crate's sans-IO `HttpRequest` style (the api crate only has compute builders; `ArmClient::ml`
//! is crate-private, so the URL is built here from its public base and api-version).
//! Candidates to move into `api/` later.

use aml_api::url::{encode_query_value, encode_segment};
use aml_api::{ArmClient, HttpRequest, Method, WorkspaceRef};
use serde_json::Value;

fn req(method: Method, url: String, body: Option<&Value>) -> HttpRequest {
    HttpRequest {
        method,
        url,
        headers: vec![("Accept".into(), "application/json".into())],
        body: body.map(Value::to_string),
    }
}

/// `{base}{ws}/{rest}?api-version=…[&extra]`.
fn ws_url(arm: &ArmClient, ws: &WorkspaceRef, rest: &str, extra: &[(&str, &str)]) -> String {
    let mut url =
        format!("{}{}/{rest}?api-version={}", arm.base(), ws.arm_path(), encode_query_value(arm.api_version()));
    for (k, v) in extra {
        url.push_str(&format!("&{k}={}", encode_query_value(v)));
    }
    url
}

/// Full ARM id (no host) of a workspace child, e.g. `{ws}/computes/cpu-cluster`.
pub fn ws_child_id(ws: &WorkspaceRef, rest: &str) -> String {
    format!("{}/{rest}", ws.arm_path())
}

pub fn code_version_id(ws: &WorkspaceRef, name: &str, version: &str) -> String {
    ws_child_id(ws, &format!("codes/{}/versions/{}", encode_segment(name), encode_segment(version)))
}

/// GET code versions with the same content hash, under any name (the SDK's reuse check).
pub fn codes_by_hash(arm: &ArmClient, ws: &WorkspaceRef, name: &str, hash: &str) -> HttpRequest {
    let rest = format!("codes/{}/versions", encode_segment(name));
    let hv = aml_api::snapshot::HASH_VERSION.to_string();
    req(Method::Get, ws_url(arm, ws, &rest, &[("hash", hash), ("hashVersion", &hv)]), None)
}

/// POST `startPendingUpload`. `upload_id` is kept across retries so a retry writes the same prefix.
pub fn start_pending_upload(
    arm: &ArmClient,
    ws: &WorkspaceRef,
    name: &str,
    version: &str,
    upload_id: &str,
) -> HttpRequest {
    let rest = format!("codes/{}/versions/{}/startPendingUpload", encode_segment(name), encode_segment(version));
    let body = serde_json::json!({"pendingUploadId": upload_id, "pendingUploadType": "TemporaryBlobReference"});
    req(Method::Post, ws_url(arm, ws, &rest, &[]), Some(&body))
}

/// PUT a code version, the SDK's anonymous-code body.
pub fn put_code_version(
    arm: &ArmClient,
    ws: &WorkspaceRef,
    name: &str,
    version: &str,
    code_uri: &str,
    hash: &str,
) -> HttpRequest {
    let rest = format!("codes/{}/versions/{}", encode_segment(name), encode_segment(version));
    let body = serde_json::json!({"properties": {
        "codeUri": code_uri, "isAnonymous": true,
        "properties": {"hash_sha256": hash, "hash_version": aml_api::snapshot::HASH_VERSION}
    }});
    req(Method::Put, ws_url(arm, ws, &rest, &[]), Some(&body))
}

/// GET environment containers (paged).
pub fn list_environments(arm: &ArmClient, ws: &WorkspaceRef) -> HttpRequest {
    req(Method::Get, ws_url(arm, ws, "environments", &[]), None)
}

/// PUT an environment version (image + conda file: a "system-managed" environment).
pub fn put_environment_version(
    arm: &ArmClient,
    ws: &WorkspaceRef,
    name: &str,
    version: &str,
    body: &Value,
) -> HttpRequest {
    let rest = format!("environments/{}/versions/{}", encode_segment(name), encode_segment(version));
    req(Method::Put, ws_url(arm, ws, &rest, &[]), Some(body))
}

/// GET datastores (paged).
pub fn list_datastores(arm: &ArmClient, ws: &WorkspaceRef) -> HttpRequest {
    req(Method::Get, ws_url(arm, ws, "datastores", &[]), None)
}

/// GET jobs (paged), archived ones included so the list matches studio's "All".
pub fn list_jobs(arm: &ArmClient, ws: &WorkspaceRef) -> HttpRequest {
    req(Method::Get, ws_url(arm, ws, "jobs", &[("listViewType", "All")]), None)
}

pub fn job_url(arm: &ArmClient, ws: &WorkspaceRef, id: &str) -> String {
    ws_url(arm, ws, &format!("jobs/{}", encode_segment(id)), &[])
}

pub fn get_job(arm: &ArmClient, ws: &WorkspaceRef, id: &str) -> HttpRequest {
    req(Method::Get, job_url(arm, ws, id), None)
}

/// PUT a job (synchronous 200/201). The id is chosen by the client, once per submission.
pub fn put_job(arm: &ArmClient, ws: &WorkspaceRef, id: &str, body: &Value) -> HttpRequest {
    req(Method::Put, job_url(arm, ws, id), Some(body))
}

/// POST cancel (200, or 202 + Location: a long-running operation).
pub fn cancel_job(arm: &ArmClient, ws: &WorkspaceRef, id: &str) -> HttpRequest {
    req(Method::Post, ws_url(arm, ws, &format!("jobs/{}/cancel", encode_segment(id)), &[]), None)
}

/// The data-plane host for a workspace: `dataPlaneEndpoint` with `{region}` replaced by the
/// workspace location (lower case, no spaces), as docs/azure-ml-rest.md §10 describes.
pub fn data_plane_base(endpoint: &str, location: &str) -> String {
    let region: String = location.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    endpoint.replace("{region}", &region).trim_end_matches('/').to_string()
}

fn history(base: &str, ws: &WorkspaceRef, rest: &str) -> String {
    format!("{base}/history/v1.0{}/{rest}", ws.arm_path())
}

/// GET RunDetails (status, times, `logFiles` SAS URLs).
pub fn run_details(base: &str, ws: &WorkspaceRef, run_id: &str) -> HttpRequest {
    req(Method::Get, history(base, ws, &format!("runs/{}/details", encode_segment(run_id))), None)
}

/// GET the run's artifacts under `path` (e.g. `outputs`).
pub fn run_artifacts(base: &str, ws: &WorkspaceRef, run_id: &str, path: &str) -> HttpRequest {
    let rest = format!("runs/{}/artifacts/path?path={}", encode_segment(run_id), encode_query_value(path));
    req(Method::Get, history(base, ws, &rest), None)
}

/// GET a SAS URL for one artifact (`contentUri`).
pub fn artifact_content_info(base: &str, ws: &WorkspaceRef, run_id: &str, path: &str) -> HttpRequest {
    let rest = format!("runs/{}/artifacts/contentinfo?path={}", encode_segment(run_id), encode_query_value(path));
    req(Method::Get, history(base, ws, &rest), None)
}

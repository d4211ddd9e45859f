//! Code assets (`{ws}/codes`): the snapshot a job runs. Versions point at a blob folder
//! (`codeUri`); `startPendingUpload` hands out a real Azurite container SAS for a fresh prefix.

use super::assets;
use super::ok;
use super::versioned::{self, Kind, Versioned};
use crate::arm::request::ArmRequest;
use crate::arm::scope::{NamePath, VersionPath};
use crate::state::AppState;
use crate::storage::blobstore_container;
use crate::store::{Store, Workspace};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use uuid::Uuid;

fn normalize(p: Map<String, Value>) -> Result<Map<String, Value>, String> {
    if p.get("codeUri").and_then(Value::as_str).is_none_or(|s| s.trim().is_empty()) {
        return Err("CodeUri is required for a code version.".into());
    }
    Ok(versioned::base_defaults(p))
}

pub const KIND: Kind = Kind {
    coll: "codes",
    label: "Code",
    list: |s: &Store| &s.codes,
    list_mut: |s: &mut Store| &mut s.codes,
    normalize,
    read_only: |_| None,
};

/// Code assets for the generic container/version handlers.
pub struct Codes;

impl Versioned for Codes {
    const KIND: Kind = KIND;
}

#[derive(Deserialize)]
pub struct HashQuery {
    hash: Option<String>,
    #[serde(rename = "hashVersion")]
    hash_version: Option<String>,
}

/// `GET …/codes/{name}/versions`: with `hash` the SDK asks for any version, under any name,
/// whose content hash matches (`properties.hash_sha256` / `hash_version`), to reuse it.
pub async fn list_versions(
    State(st): State<AppState>,
    ws: Workspace,
    Path(p): Path<NamePath>,
    Query(q): Query<HashQuery>,
    ctx: ArmRequest,
) -> Response {
    let hash = q.hash.as_ref().filter(|h| !h.is_empty());
    let items = versioned::versions(&st, &ws, &KIND, &p.name, hash.is_some());
    let items: Vec<Value> = match hash {
        None => items,
        Some(h) => {
            let hv = q.hash_version.as_ref();
            items
                .into_iter()
                .filter(|v| {
                    let p = &v["properties"]["properties"];
                    let same_hash = p["hash_sha256"].as_str().is_some_and(|x| x.eq_ignore_ascii_case(h));
                    // hash_version arrives as a JSON number from the SDK; the query is a string.
                    let stored = match &p["hash_version"] {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    same_hash && hv.is_none_or(|q| q == &stored)
                })
                .collect()
        }
    };
    versioned::page_versions(&st, &ctx, items)
}

/// `POST …/codes/{name}/versions/{version}/startPendingUpload`.
pub async fn start_pending_upload(
    State(st): State<AppState>,
    ws: Workspace,
    Path(_): Path<VersionPath>,
    body: Bytes,
) -> Response {
    let ws = &ws;
    let req: Value = if body.is_empty() { json!({}) } else { serde_json::from_slice(&body).unwrap_or(json!({})) };
    let upload_type = req["pendingUploadType"].as_str().unwrap_or("TemporaryBlobReference").to_string();
    if !["TemporaryBlobReference", "None"].contains(&upload_type.as_str()) {
        return assets::bad_request(&format!("Unknown pendingUploadType '{upload_type}'."), ws);
    }
    // A client-chosen id names the prefix (so a retry gets the same folder); else a fresh guid.
    let upload_id = req["pendingUploadId"]
        .as_str()
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_string)
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    let container = blobstore_container(&ws.guid);
    if let Err(e) = st.storage.ensure_container(&container).await {
        return assets::user_error(StatusCode::SERVICE_UNAVAILABLE, "StorageUnavailable", &e, ws);
    }
    let blob_uri = format!("{}/{upload_id}", st.storage.container_url(&container));
    // Container SAS, read/add/create/write/delete/list, for a day (the service's is short-lived too).
    let sas = st.storage.container_sas(&container, "racwdl", 24);
    ok(json!({
        "blobReferenceForConsumption": {
            "blobUri": blob_uri,
            "storageAccountArmId": ws.json["properties"]["storageAccount"],
            "credential": {"credentialType": "SAS", "sasUri": format!("{blob_uri}?{sas}")}
        },
        "pendingUploadId": upload_id,
        "pendingUploadType": upload_type
    }))
}

//! The code asset for a submission, in the SDK's order (azure-ai-ml-facts.md): look for a code
//! version with the same content hash (any name) and reuse it — nothing uploaded; otherwise
//! `startPendingUpload` → upload to the SAS → PUT the anonymous code version.
//!
//! The anonymous name (a uuid), version "1" and the pending-upload id are chosen once per
//! submission ([`CodePlan`]) and kept across retries, so a retry writes the same blobs and
//! registers the same version instead of creating another.

use super::files::Picked;
use super::requests;
use super::upload::{self, UploadError, UploadProgress};
use crate::error::UiError;
use crate::http::Api;
use aml_api::snapshot::Selection;
use aml_api::WorkspaceRef;
use serde_json::Value;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub struct CodePlan {
    pub name: String,
    pub version: String,
    pub upload_id: String,
}

impl CodePlan {
    pub fn fresh() -> CodePlan {
        CodePlan { name: super::random_id(), version: "1".into(), upload_id: super::random_id() }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodeOutcome {
    /// Full ARM id of the code version (the job's `codeId`).
    pub code_id: String,
    pub reused: bool,
    pub bytes_uploaded: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CodeError {
    Service(UiError),
    /// Storage did not answer the browser: show the CORS rule.
    Cors {
        storage_origin: String,
    },
    Upload(String),
}

/// What the submit page shows while the code asset is prepared.
#[derive(Clone, Debug, PartialEq)]
pub enum CodeStage {
    Checking,
    Uploading(UploadProgress),
    Registering,
}

/// The ARM id of the first matching version (`id` of the first `value` item).
fn first_id(page: &Value) -> Option<String> {
    page["value"].as_array()?.first()?["id"].as_str().map(str::to_string)
}

pub async fn ensure_code(
    api: &Api,
    ws: &WorkspaceRef,
    picked: Rc<Picked>,
    selection: &Selection,
    hash: &str,
    plan: &CodePlan,
    stage: Rc<dyn Fn(CodeStage)>,
) -> Result<CodeOutcome, CodeError> {
    stage(CodeStage::Checking);
    let found: Value =
        api.json(requests::codes_by_hash(api.arm(), ws, &plan.name, hash)).await.map_err(CodeError::Service)?;
    if let Some(id) = first_id(&found) {
        return Ok(CodeOutcome { code_id: id, reused: true, bytes_uploaded: 0 });
    }
    let pending: Value = api
        .json(requests::start_pending_upload(api.arm(), ws, &plan.name, &plan.version, &plan.upload_id))
        .await
        .map_err(CodeError::Service)?;
    let reference = &pending["blobReferenceForConsumption"];
    let blob_uri = reference["blobUri"].as_str().unwrap_or_default().trim_end_matches('/').to_string();
    let sas = reference["credential"]["sasUri"].as_str().unwrap_or_default().to_string();
    if blob_uri.is_empty() || sas.is_empty() {
        return Err(CodeError::Upload("startPendingUpload returned no SAS URL.".into()));
    }
    let on_progress: Rc<dyn Fn(UploadProgress)> = {
        let stage = stage.clone();
        Rc::new(move |p| stage(CodeStage::Uploading(p)))
    };
    let root = picked.root.clone();
    super::hashing::mark("aml-upload-start");
    let bytes =
        upload::upload(picked, selection, &sas, &plan.name, &plan.version, on_progress).await.map_err(|e| match e {
            UploadError::Cors { storage_origin } => CodeError::Cors { storage_origin },
            UploadError::Failed(m) => CodeError::Upload(m),
        })?;
    super::hashing::mark("aml-upload-end");
    stage(CodeStage::Registering);
    let code_uri = format!("{blob_uri}/{root}");
    let put = requests::put_code_version(api.arm(), ws, &plan.name, &plan.version, &code_uri, hash);
    let created: Value = api.json(put).await.map_err(CodeError::Service)?;
    let code_id = created["id"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| requests::code_version_id(ws, &plan.name, &plan.version));
    Ok(CodeOutcome { code_id, reused: false, bytes_uploaded: bytes })
}

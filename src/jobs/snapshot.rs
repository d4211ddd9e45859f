//! Runs the code-asset sequence of a submission (`aml_api::jobs::code_asset`): reuse a code
//! version with the same content hash, else `startPendingUpload` → upload → PUT the version.

use super::files::Picked;
use super::upload::{self, UploadError, UploadProgress};
use crate::error::UiError;
use crate::http::Api;
use aml_api::jobs::code_asset::{reusable_code_id, PendingUpload};
use aml_api::jobs::{CodeOutcome, CodePlan};
use aml_api::snapshot::Selection;
use aml_api::WorkspaceRef;
use serde_json::Value;
use std::rc::Rc;

/// A new plan for a new content hash: a random anonymous name and upload id, version "1".
pub fn fresh_plan() -> CodePlan {
    CodePlan::new(super::random_id(), super::random_id())
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
    let found: Value = api.json(plan.find_by_hash(api.arm(), ws, hash)).await.map_err(CodeError::Service)?;
    if let Some(code_id) = reusable_code_id(&found) {
        return Ok(CodeOutcome { code_id, reused: true, bytes_uploaded: 0 });
    }
    let answer: Value = api.json(plan.start_upload(api.arm(), ws)).await.map_err(CodeError::Service)?;
    let pending = PendingUpload::from_response(&answer).map_err(CodeError::Upload)?;
    let on_progress: Rc<dyn Fn(UploadProgress)> = {
        let stage = stage.clone();
        Rc::new(move |p| stage(CodeStage::Uploading(p)))
    };
    let root = picked.root.clone();
    super::hashing::mark("aml-upload-start");
    let bytes = upload::upload(picked, selection, &pending.sas_uri, &plan.name, &plan.version, on_progress)
        .await
        .map_err(|e| match e {
            UploadError::Cors { storage_origin } => CodeError::Cors { storage_origin },
            UploadError::Failed(m) => CodeError::Upload(m),
        })?;
    super::hashing::mark("aml-upload-end");
    stage(CodeStage::Registering);
    let put = plan.register(api.arm(), ws, &pending.code_uri(&root), hash);
    let created: Value = api.json(put).await.map_err(CodeError::Service)?;
    Ok(CodeOutcome { code_id: plan.registered_id(ws, &created), reused: false, bytes_uploaded: bytes })
}

//! Runs the code-asset sequence of a submission (`aml_api::jobs::code_asset`): reuse a code
//! version with the same content hash, else `startPendingUpload` → compare with the previous
//! snapshot (if any) → copy unchanged files inside storage and upload the rest → PUT the
//! version, and remember it as this folder's last snapshot.

use super::files::Picked;
use super::hashing::Digests;
use super::previous::{self, Compared};
use super::upload::{self, UploadError, UploadProgress};
use crate::error::UiError;
use crate::http::Api;
use crate::i18n::{tf, tm};
use aml_api::jobs::code_asset::{reusable_code_id, reusable_code_uri, PendingUpload};
use aml_api::jobs::incremental::transfer::{block_copies, COPY_FROM_URL_MAX};
use aml_api::jobs::incremental::{plan as transfer_plan, Previous};
use aml_api::jobs::{CodeOutcome, CodePlan};
use aml_api::snapshot::Selection;
use aml_api::WorkspaceRef;
use serde_json::Value;
use std::rc::Rc;
use std::sync::Arc;

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
    Comparing,
    /// The diff the upload follows (shown before the first byte is sent).
    Compared(Arc<Compared>),
    Uploading(UploadProgress),
    Registering,
}

/// The snapshot's files and digests, and what to compare them with.
pub struct SourceSnapshot<'a> {
    pub picked: Rc<Picked>,
    pub selection: &'a Selection,
    pub digests: &'a Digests,
    pub previous: Option<&'a Previous>,
}

pub async fn ensure_code(
    api: &Api,
    ws: &WorkspaceRef,
    src: SourceSnapshot<'_>,
    plan: &CodePlan,
    stage: Rc<dyn Fn(CodeStage)>,
) -> Result<CodeOutcome, CodeError> {
    let hash = &src.digests.hash;
    let root = src.picked.root.clone();
    stage(CodeStage::Checking);
    let found: Value = api.json(plan.find_by_hash(api.arm(), ws, hash)).await.map_err(CodeError::Service)?;
    if let Some(code_id) = reusable_code_id(&found) {
        if let Some(uri) = reusable_code_uri(&found) {
            previous::remember(ws, &root, &code_id, &uri);
        }
        return Ok(CodeOutcome { code_id, reused: true, ..CodeOutcome::default() });
    }
    let answer: Value = api.json(plan.start_upload(api.arm(), ws)).await.map_err(CodeError::Service)?;
    let pending = PendingUpload::from_response(&answer).map_err(CodeError::Upload)?;
    let mut notes = vec![];
    let compared = match src.previous {
        None => None,
        Some(p) => {
            stage(CodeStage::Comparing);
            match previous::compare(api, ws, &pending.sas_uri, p, src.selection, &src.digests.md5).await {
                Ok(c) => {
                    let c = Arc::new(c);
                    stage(CodeStage::Compared(c.clone()));
                    Some(c)
                }
                Err(why) => {
                    notes.push(tf(
                        "submit.note.not_compared",
                        "Everything was uploaded: {previous} could not be compared, {why}.",
                        &[("previous", &tm(&p.describe())), ("why", &tm(&why))],
                    ));
                    None
                }
            }
        }
    };
    let transfers = transfer_plan(
        src.selection,
        &src.digests.md5,
        compared.as_ref().map(|c| &c.diff),
        compared.as_ref().map_or("", |c| c.prefix.as_str()),
    );
    let big = block_copies(&transfers);
    if big > 0 {
        let mib = (COPY_FROM_URL_MAX >> 20).to_string();
        notes.push(match big {
            1 => tf(
                "submit.note.block_copy.one",
                "1 unchanged file over {mib} MiB was copied block by block (Put Block From URL), since Copy Blob From URL takes sources up to that size.",
                &[("mib", &mib)],
            ),
            n => tf(
                "submit.note.block_copy.other",
                "{n} unchanged files over {mib} MiB were copied block by block (Put Block From URL), since Copy Blob From URL takes sources up to that size.",
                &[("n", &n.to_string()), ("mib", &mib)],
            ),
        });
    }
    let on_progress: Rc<dyn Fn(UploadProgress)> = {
        let stage = stage.clone();
        Rc::new(move |p| stage(CodeStage::Uploading(p)))
    };
    super::hashing::mark("aml-upload-start");
    let report =
        upload::upload(src.picked.clone(), transfers, &pending.sas_uri, &plan.name, &plan.version, on_progress)
            .await
            .map_err(|e| match e {
            UploadError::Cors { storage_origin } => CodeError::Cors { storage_origin },
            UploadError::Failed(m) => CodeError::Upload(m),
        })?;
    super::hashing::mark("aml-upload-end");
    notes.extend(report.note.clone());
    stage(CodeStage::Registering);
    let code_uri = pending.code_uri(&root);
    let put = plan.register(api.arm(), ws, &code_uri, hash);
    let created: Value = api.json(put).await.map_err(CodeError::Service)?;
    let code_id = plan.registered_id(ws, &created);
    previous::remember(ws, &root, &code_id, &code_uri);
    Ok(CodeOutcome {
        code_id,
        reused: false,
        bytes_uploaded: report.bytes_sent,
        files_copied: report.files_copied,
        bytes_copied: report.bytes_copied,
        notes,
    })
}

//! The code asset of a submission, in the SDK's order (`docs/azure-ml-rest.md`
//! §Codes): look for a code version with the same content hash under any name and reuse it
//! (nothing uploaded); otherwise `startPendingUpload` → upload to the SAS → PUT the anonymous
//! code version. The console does the uploading; this module builds the calls and reads the
//! answers.
//!
//! The anonymous name, version "1" and the pending-upload id are chosen once per submission
//! ([`CodePlan`]) and kept across retries, so a retry writes the same blobs and registers the
//! same version instead of creating another.

use serde_json::Value;

use super::ids::{code_label, code_version_id};
use crate::arm::{ArmClient, WorkspaceRef};
use crate::request::HttpRequest;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodePlan {
    pub name: String,
    pub version: String,
    pub upload_id: String,
}

impl CodePlan {
    /// `name` and `upload_id` are fresh random ids (the caller has the randomness).
    pub fn new(name: String, upload_id: String) -> CodePlan {
        CodePlan { name, version: "1".into(), upload_id }
    }

    /// Step 1: code versions with this content hash.
    pub fn find_by_hash(&self, arm: &ArmClient, ws: &WorkspaceRef, hash: &str) -> HttpRequest {
        arm.codes_by_hash(ws, &self.name, hash)
    }

    /// Step 2: the SAS to upload to.
    pub fn start_upload(&self, arm: &ArmClient, ws: &WorkspaceRef) -> HttpRequest {
        arm.start_pending_upload(ws, &self.name, &self.version, &self.upload_id)
    }

    /// Step 4: register the uploaded folder.
    pub fn register(&self, arm: &ArmClient, ws: &WorkspaceRef, code_uri: &str, hash: &str) -> HttpRequest {
        arm.put_code_version(ws, &self.name, &self.version, code_uri, hash)
    }

    /// The code id: the `id` the registration answered with, else the id it has by
    /// construction.
    pub fn registered_id(&self, ws: &WorkspaceRef, created: &Value) -> String {
        created["id"]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| code_version_id(ws, &self.name, &self.version))
    }
}

/// The id of the first version in a page of hash matches: the one to reuse.
pub fn reusable_code_id(page: &Value) -> Option<String> {
    page["value"].as_array()?.first()?["id"].as_str().filter(|s| !s.is_empty()).map(str::to_string)
}

/// The `codeUri` of that version (remembered for the next re-submit of the folder).
pub fn reusable_code_uri(page: &Value) -> Option<String> {
    super::incremental::previous::code_uri(page["value"].as_array()?.first()?)
}

/// Where to upload (`blobReferenceForConsumption` of the `startPendingUpload` answer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingUpload {
    /// Container/prefix URL without the SAS, no trailing `/`.
    pub blob_uri: String,
    /// The same with the SAS query.
    pub sas_uri: String,
}

impl PendingUpload {
    pub fn from_response(answer: &Value) -> Result<PendingUpload, String> {
        let r = &answer["blobReferenceForConsumption"];
        let blob_uri = r["blobUri"].as_str().unwrap_or_default().trim_end_matches('/').to_string();
        let sas_uri = r["credential"]["sasUri"].as_str().unwrap_or_default().to_string();
        if blob_uri.is_empty() || sas_uri.is_empty() {
            return Err("startPendingUpload returned no SAS URL.".into());
        }
        Ok(PendingUpload { blob_uri, sas_uri })
    }

    /// `codeUri` of the version: the folder the blobs were written under (its basename).
    pub fn code_uri(&self, root: &str) -> String {
        format!("{}/{root}", self.blob_uri)
    }
}

/// Which code version the job got, and what it cost.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeOutcome {
    /// Full ARM id of the code version (the job's `codeId`).
    pub code_id: String,
    pub reused: bool,
    /// Bytes the browser sent to storage.
    pub bytes_uploaded: u64,
    /// Files copied inside storage from the previous snapshot, and their bytes.
    pub files_copied: usize,
    pub bytes_copied: u64,
    /// What the page must say once about the upload (e.g. why copies were uploaded instead).
    pub notes: Vec<String>,
}

impl CodeOutcome {
    /// `name:version`, as the page reports it.
    pub fn label(&self) -> String {
        code_label(&self.code_id)
    }
}

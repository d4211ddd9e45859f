//! Which earlier snapshot a submission is compared with: the code version of the job being
//! cloned, else the last code version this browser made from a folder of the same name (a
//! manifest in localStorage: ids and a blob URL without its SAS — nothing secret), else none.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::arm::WorkspaceRef;
use crate::jobs::ids::code_label;
use crate::url::percent_decode;

/// Where the comparison's snapshot came from, for the preview's wording.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// The job being cloned (its name).
    ClonedJob(String),
    /// The last code version this browser made from a folder of this name.
    SameFolder,
}

/// A code version to compare with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Previous {
    /// ARM id of the code version.
    pub code_id: String,
    /// Its `codeUri` when known (a manifest keeps it); `None` → read the version first.
    pub code_uri: Option<String>,
    pub origin: Origin,
}

impl Previous {
    /// `the snapshot of job X (code abc:1)` / `the last snapshot of this folder (code abc:1)`.
    pub fn describe(&self) -> String {
        let code = code_label(&self.code_id);
        match &self.origin {
            Origin::ClonedJob(job) => crate::msg!("the snapshot of job {job} (code {code})"),
            Origin::SameFolder => crate::msg!("the last snapshot this browser made of this folder (code {code})"),
        }
    }
}

/// The name and version of a code version id in `ws` (case-insensitive prefix, as ARM ids
/// are); `None` for a code version elsewhere (another workspace, a registry).
pub fn code_in_workspace(ws: &WorkspaceRef, code_id: &str) -> Option<(String, String)> {
    let prefix = format!("{}/codes/", ws.arm_path());
    let head = code_id.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(&prefix) {
        return None;
    }
    let (name, version) = code_id[prefix.len()..].trim_end_matches('/').split_once("/versions/")?;
    if name.is_empty() || version.is_empty() || name.contains('/') || version.contains('/') {
        return None;
    }
    let dec = |s: &str| percent_decode(s).unwrap_or_else(|| s.to_string());
    Some((dec(name), dec(version)))
}

/// The job's code version to compare with, from the job JSON being cloned.
pub fn from_job(job: &Value) -> Option<Previous> {
    let code_id = job["properties"]["codeId"].as_str().filter(|s| !s.is_empty())?;
    let name = job["name"].as_str().unwrap_or_default().to_string();
    Some(Previous { code_id: code_id.to_string(), code_uri: None, origin: Origin::ClonedJob(name) })
}

/// `properties.codeUri` of a code version (GET answer, or an item of the hash lookup).
pub fn code_uri(version: &Value) -> Option<String> {
    version["properties"]["codeUri"].as_str().filter(|s| !s.is_empty()).map(str::to_string)
}

/// The localStorage key of a folder's manifest in a workspace (the folder's own name; ARM
/// names are case-insensitive, folder names are not).
pub fn manifest_key(ws: &WorkspaceRef, root: &str) -> String {
    format!("aml.snapshot.v1:{}:{root}", ws.arm_path().to_ascii_lowercase())
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    #[serde(rename = "codeId")]
    code_id: String,
    #[serde(rename = "codeUri")]
    code_uri: String,
}

/// The manifest text for a code version this browser made or reused.
pub fn manifest_json(code_id: &str, code_uri: &str) -> String {
    serde_json::to_string(&Manifest { code_id: code_id.into(), code_uri: code_uri.into() }).unwrap_or_default()
}

/// The manifest back; `None` when missing or unreadable (then there is nothing to compare with).
pub fn from_manifest(text: &str) -> Option<Previous> {
    let m: Manifest = serde_json::from_str(text).ok()?;
    if m.code_id.is_empty() || m.code_uri.is_empty() {
        return None;
    }
    Some(Previous { code_id: m.code_id, code_uri: Some(m.code_uri), origin: Origin::SameFolder })
}

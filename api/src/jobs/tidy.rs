//! Tidying jobs: edit display name, description and tags; archive and restore; delete.
//! Requests are shaped as azure-ai-ml 1.35.2 shapes them (docs/azure-ai-ml-sdk.md §Job-edits):
//!
//! * edit → RunHistory `PATCH …/experiments/{exp}/runs/{id}` with a `CreateRun` body holding
//!   only what changed (`displayName`, `description`, `tags`: tags **merge**), as
//!   `jobs.update` and `az ml job update` do; a removed tag needs RunHistory's
//!   `DELETE …/runs/{id}/tags` with the names (the SDK cannot remove tags);
//! * archive / restore → the same PATCH with `{"hidden": true|false}` (`jobs.archive` /
//!   `restore`); when it fails the SDK falls back to an ARM PUT of the job with `isArchived`,
//!   and so does the console ([`archive_fallback`]);
//! * delete → ARM `DELETE …/jobs/{id}`, a long-running operation (202 + `Location`), followed
//!   like cancel; the console asks for the job name typed out first ([`confirms_delete`]).

use serde_json::{json, Map, Value};

use super::cancel::CancelOperation;
use super::model;
use super::requests::DataPlane;
use crate::arm::{request, ArmClient, WorkspaceRef};
use crate::forms::{validate_tags, TagPair};
use crate::lro::LroKind;
use crate::request::{HttpRequest, Method};
use crate::url::encode_segment;
use crate::validate::{Errors, FieldError};

/// RunHistory's limit on display names (run names are at most 255 characters too).
const MAX_DISPLAY_NAME: usize = 255;

/// The edit dialog as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobEditForm {
    pub display_name: String,
    pub description: String,
    pub tags: Vec<TagPair>,
}

/// What an edit sends: the PATCH body (absent when nothing it carries changed) and the tags to
/// remove (absent when none).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobEdit {
    pub patch: Option<Value>,
    pub removed_tags: Vec<String>,
}

impl JobEdit {
    pub fn is_empty(&self) -> bool {
        self.patch.is_none() && self.removed_tags.is_empty()
    }
}

impl JobEditForm {
    /// The form filled from a job as the service returned it.
    pub fn from_job(job: &Value) -> JobEditForm {
        JobEditForm {
            display_name: model::display_name(job),
            description: job["properties"]["description"].as_str().unwrap_or_default().to_string(),
            tags: model::tags(job).into_iter().map(|(key, value)| TagPair { key, value }).collect(),
        }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        let name = self.display_name.trim();
        if name.is_empty() {
            e.check::<()>("display_name", Err(crate::msg_str!("Enter a display name.").into()));
        } else if name.chars().count() > MAX_DISPLAY_NAME {
            e.check::<()>(
                "display_name",
                Err(crate::msg!("A display name has at most {MAX_DISPLAY_NAME} characters.")),
            );
        }
        validate_tags(&self.tags, &mut e);
        e.0
    }

    /// The requests' content: only what differs from `job`.
    pub fn changes(&self, job: &Value) -> JobEdit {
        let before = JobEditForm::from_job(job);
        let mut body = Map::new();
        let name = self.display_name.trim();
        if name != before.display_name {
            body.insert("displayName".into(), json!(name));
        }
        if self.description != before.description {
            body.insert("description".into(), json!(self.description));
        }
        let old: Map<String, Value> = before.tags.iter().map(|t| (t.key.clone(), json!(t.value))).collect();
        let new: Map<String, Value> = self
            .tags
            .iter()
            .filter(|t| !t.key.trim().is_empty())
            .map(|t| (t.key.trim().to_string(), json!(t.value)))
            .collect();
        let changed: Map<String, Value> =
            new.iter().filter(|(k, v)| old.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), v.clone())).collect();
        if !changed.is_empty() {
            body.insert("tags".into(), Value::Object(changed));
        }
        let removed_tags = old.keys().filter(|k| !new.contains_key(*k)).cloned().collect();
        JobEdit { patch: (!body.is_empty()).then_some(Value::Object(body)), removed_tags }
    }
}

/// Whether the typed confirmation names the job exactly (surrounding spaces ignored).
pub fn confirms_delete(typed: &str, job_name: &str) -> bool {
    !job_name.is_empty() && typed.trim() == job_name
}

/// Whether a job is archived.
pub fn is_archived(job: &Value) -> bool {
    job["properties"]["isArchived"].as_bool().unwrap_or(false)
}

impl DataPlane {
    fn run_path(&self, ws: &WorkspaceRef, experiment: &str, run_id: &str) -> String {
        format!(
            "{}/history/v1.0{}/experiments/{}/runs/{}",
            self.base(),
            ws.arm_path(),
            encode_segment(experiment),
            encode_segment(run_id)
        )
    }

    /// PATCH the run (RunHistory `Runs_AddOrModifyByExperimentName`) with a `CreateRun` body.
    pub fn patch_run(&self, ws: &WorkspaceRef, experiment: &str, run_id: &str, body: &Value) -> HttpRequest {
        let req = request(Method::Patch, self.run_path(ws, experiment, run_id));
        crate::lifecycle::with_json(req, serde_json::to_string(body))
    }

    /// DELETE tags of the run (`Runs_DeleteTagsByExperimentName`): a JSON array of names.
    pub fn delete_run_tags(&self, ws: &WorkspaceRef, experiment: &str, run_id: &str, names: &[String]) -> HttpRequest {
        let req = request(Method::Delete, format!("{}/tags", self.run_path(ws, experiment, run_id)));
        crate::lifecycle::with_json(req, serde_json::to_string(names))
    }

    /// Archive (`hidden: true`) or restore a job, as `jobs.archive` / `jobs.restore`.
    pub fn set_archived(&self, ws: &WorkspaceRef, job: &Value, archived: bool) -> HttpRequest {
        self.patch_run(ws, &model::experiment(job), &model::name(job), &json!({ "hidden": archived }))
    }
}

/// The SDK's fallback for archive/restore: the job as fetched, PUT back with `isArchived`
/// (`isArchived` is one of the few members an existing job's PUT may change).
pub fn archive_fallback(arm: &ArmClient, ws: &WorkspaceRef, job: &Value, archived: bool) -> HttpRequest {
    let mut props = job["properties"].clone();
    props["isArchived"] = json!(archived);
    arm.put_job(ws, &model::name(job), &json!({ "properties": props }))
}

impl ArmClient {
    /// DELETE a job: 200/204, or 202 + `Location` (a long-running operation).
    pub fn delete_job(&self, ws: &WorkspaceRef, id: &str) -> HttpRequest {
        self.ml(Method::Delete, &format!("{}/jobs/{}", ws.arm_path(), encode_segment(id)))
    }
}

/// Delete as a long-running operation, for the console's operation store (the job itself is
/// polled until 404 when the answer has no `Location`).
pub fn delete_operation(arm: &ArmClient, ws: &WorkspaceRef, id: &str) -> CancelOperation {
    CancelOperation { kind: LroKind::Delete, request: arm.delete_job(ws, id), resource_url: arm.get_job(ws, id).url }
}

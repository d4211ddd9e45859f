//! Form models: what the user typed (plain `String`s, so nothing is lost while editing and a
//! draft can be saved as JSON), their validation, and the request body they produce.
//!
//! Bodies follow what the official SDK (azure-ai-ml 1.35.2) sends for the same inputs where the
//! SDK can express them; `tests/sdk/yaml_roundtrip.py` checks that against the real SDK.

mod aml;
mod attach;
mod instance;
mod schedule;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::validate::{check_resource_id, check_tags, Errors, ResourceKind};

pub use aml::{AmlComputeForm, ScaleForm};
pub use attach::{
    DataLakeAnalyticsForm, DatabricksForm, KubernetesForm, SshAttachForm, SshAttachTarget, SynapseSparkForm,
};
pub use instance::{ComputeInstanceForm, ScriptForm};
pub use schedule::{parse_list, ScheduleForm};

/// One tag row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagPair {
    pub key: String,
    pub value: String,
}

/// Managed identity choice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdentityKind {
    #[default]
    None,
    SystemAssigned,
    UserAssigned,
    #[serde(rename = "SystemAssigned,UserAssigned")]
    SystemAndUserAssigned,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityForm {
    pub kind: IdentityKind,
    /// ARM ids of user-assigned identities (one per row).
    pub user_assigned_ids: Vec<String>,
}

impl IdentityForm {
    fn uses_user_assigned(&self) -> bool {
        matches!(self.kind, IdentityKind::UserAssigned | IdentityKind::SystemAndUserAssigned)
    }

    pub(crate) fn validate(&self, e: &mut Errors) {
        if !self.uses_user_assigned() {
            return;
        }
        let ids: Vec<&String> = self.user_assigned_ids.iter().filter(|s| !s.trim().is_empty()).collect();
        if ids.is_empty() {
            e.check::<()>("identity", Err("Add at least one user-assigned identity.".into()));
        }
        for id in ids {
            e.check("identity", check_resource_id(id, ResourceKind::UserAssignedIdentity));
        }
    }

    /// ARM `ManagedServiceIdentity`, as the SDK's `_to_compute_rest_object` writes it; `None`
    /// when no identity was chosen (the SDK then sends no `identity` either).
    pub(crate) fn to_value(&self) -> Option<Value> {
        let ty = match self.kind {
            IdentityKind::None => return None,
            IdentityKind::SystemAssigned => "SystemAssigned",
            IdentityKind::UserAssigned => "UserAssigned",
            IdentityKind::SystemAndUserAssigned => "SystemAssigned,UserAssigned",
        };
        let mut v = json!({ "type": ty });
        if self.uses_user_assigned() {
            let ids: Map<String, Value> = self
                .user_assigned_ids
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(|s| (s.to_string(), json!({})))
                .collect();
            v["userAssignedIdentities"] = Value::Object(ids);
        }
        Some(v)
    }
}

/// Tags as ARM wants them (`None` when there are none).
pub(crate) fn tags_map(tags: &[TagPair]) -> Option<Map<String, Value>> {
    let m: Map<String, Value> = tags
        .iter()
        .filter(|t| !t.key.trim().is_empty())
        .map(|t| (t.key.trim().to_string(), Value::String(t.value.clone())))
        .collect();
    (!m.is_empty()).then_some(m)
}

pub(crate) fn validate_tags(tags: &[TagPair], e: &mut Errors) {
    let pairs: Vec<(String, String)> = tags
        .iter()
        .filter(|t| !(t.key.is_empty() && t.value.is_empty()))
        .map(|t| (t.key.trim().to_string(), t.value.clone()))
        .collect();
    e.check("tags", check_tags(&pairs));
}

/// `Some(trimmed)` for a non-empty field.
pub(crate) fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Every form, for drafts and for code that handles "the form being edited" generically.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "formType")]
pub enum ComputeDraft {
    AmlCompute(AmlComputeForm),
    ComputeInstance(ComputeInstanceForm),
    SshAttach(SshAttachForm),
    Databricks(DatabricksForm),
    DataLakeAnalytics(DataLakeAnalyticsForm),
    Kubernetes(KubernetesForm),
    SynapseSpark(SynapseSparkForm),
}

impl ComputeDraft {
    pub fn name(&self) -> &str {
        match self {
            ComputeDraft::AmlCompute(f) => &f.name,
            ComputeDraft::ComputeInstance(f) => &f.name,
            ComputeDraft::SshAttach(f) => &f.name,
            ComputeDraft::Databricks(f) => &f.name,
            ComputeDraft::DataLakeAnalytics(f) => &f.name,
            ComputeDraft::Kubernetes(f) => &f.name,
            ComputeDraft::SynapseSpark(f) => &f.name,
        }
    }

    pub fn validate(&self, existing_names: &[String]) -> Vec<crate::validate::FieldError> {
        match self {
            ComputeDraft::AmlCompute(f) => f.validate(existing_names),
            ComputeDraft::ComputeInstance(f) => f.validate(existing_names),
            ComputeDraft::SshAttach(f) => f.validate(existing_names),
            ComputeDraft::Databricks(f) => f.validate(existing_names),
            ComputeDraft::DataLakeAnalytics(f) => f.validate(existing_names),
            ComputeDraft::Kubernetes(f) => f.validate(existing_names),
            ComputeDraft::SynapseSpark(f) => f.validate(existing_names),
        }
    }

    /// The api-version the create must be sent with, when not the console's own (see
    /// [`ComputeInstanceForm::api_version`]).
    pub fn api_version(&self) -> Option<&'static str> {
        match self {
            ComputeDraft::ComputeInstance(f) => f.api_version(),
            _ => None,
        }
    }

    pub fn to_resource(&self, location: &str) -> crate::models::ComputeResource {
        match self {
            ComputeDraft::AmlCompute(f) => f.to_resource(location),
            ComputeDraft::ComputeInstance(f) => f.to_resource(location),
            ComputeDraft::SshAttach(f) => f.to_resource(location),
            ComputeDraft::Databricks(f) => f.to_resource(location),
            ComputeDraft::DataLakeAnalytics(f) => f.to_resource(location),
            ComputeDraft::Kubernetes(f) => f.to_resource(location),
            ComputeDraft::SynapseSpark(f) => f.to_resource(location),
        }
    }
}

/// Name checks shared by every form.
pub(crate) fn validate_name(name: &str, existing: &[String], e: &mut Errors) {
    if e.check("name", crate::validate::check_compute_name(name)).is_some() {
        e.check("name", crate::validate::check_unique_name(name, existing));
    }
}

/// The envelope every form fills.
pub(crate) fn envelope(
    location: &str,
    compute: crate::models::Compute,
    tags: &[TagPair],
    identity: Option<&IdentityForm>,
) -> crate::models::ComputeResource {
    crate::models::ComputeResource {
        location: Some(location.to_string()),
        tags: tags_map(tags),
        identity: identity.and_then(IdentityForm::to_value),
        properties: Some(compute),
        ..Default::default()
    }
}

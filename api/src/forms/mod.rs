//! Form models: what the user typed (plain `String`s, so nothing is lost while editing and a
//! draft can be saved as JSON), their validation, and the request body they produce.
//!
//! Bodies follow what the official SDK (azure-ai-ml 1.35.2) sends for the same inputs where the
//! SDK can express them; `tests/sdk/yaml_roundtrip.py` checks that against the real SDK.

mod aml;
mod attach;
mod envelope;
mod fields;
mod instance;
mod schedule;

use serde::{Deserialize, Serialize};

pub use aml::{AmlComputeForm, ScaleForm};
pub use attach::{
    DataLakeAnalyticsForm, DatabricksForm, KubernetesForm, SshAttachForm, SshAttachTarget, SynapseSparkForm,
};
pub(crate) use fields::validate_tags;
pub use fields::{IdentityForm, IdentityKind, TagPair};
pub use instance::{ComputeInstanceForm, ScriptForm};
pub use schedule::{parse_list, ScheduleForm};

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

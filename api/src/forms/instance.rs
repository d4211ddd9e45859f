//! ComputeInstance create form.

use serde::{Deserialize, Serialize};

use super::envelope::envelope;
use super::fields::{opt, validate_name, validate_tags, TagPair};
use super::schedule::ScheduleForm;
use crate::models::{
    AssignedUser, Compute, ComputeInstanceProperties, ComputeInstanceSshSettings, ComputeKind, ComputeResource,
    ComputeSchedules, PersonalComputeInstanceSettings, ResourceId, ScriptReference, ScriptsToExecute, SetupScripts,
};
use crate::validate::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComputeInstanceForm {
    pub name: String,
    pub vm_size: String,
    pub subnet_id: String,
    pub ssh_public_access: bool,
    pub ssh_public_key: String,
    /// Minutes; empty = no idle shutdown. Sent as `idleTimeBeforeShutdown: PT{n}M` like the SDK,
    /// with the SDK's api-version ([`ComputeInstanceForm::api_version`]): the property is **not
    /// in the stable 2025-12-01 spec** (preview only).
    pub idle_shutdown_minutes: String,
    pub schedules: Vec<ScheduleForm>,
    /// Create on behalf of another user (both or neither).
    pub assigned_user_object_id: String,
    pub assigned_user_tenant_id: String,
    pub creation_script: ScriptForm,
    pub startup_script: ScriptForm,
    /// `Shared` (the SDK always sends this) or `Personal`.
    pub application_sharing_policy: String,
    pub enable_node_public_ip: bool,
    pub description: String,
    pub tags: Vec<TagPair>,
}

impl Default for ComputeInstanceForm {
    fn default() -> Self {
        ComputeInstanceForm {
            name: String::new(),
            vm_size: "STANDARD_DS3_V2".into(),
            subnet_id: String::new(),
            ssh_public_access: false,
            ssh_public_key: String::new(),
            idle_shutdown_minutes: String::new(),
            schedules: Vec::new(),
            assigned_user_object_id: String::new(),
            assigned_user_tenant_id: String::new(),
            creation_script: ScriptForm::default(),
            startup_script: ScriptForm::default(),
            application_sharing_policy: "Shared".into(),
            enable_node_public_ip: true,
            description: String::new(),
            tags: Vec::new(),
        }
    }
}

/// A creation or startup script. `source` empty = none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScriptForm {
    /// ``, `inline` (content typed here, sent base64) or `workspaceStorage` (a path in the
    /// workspace file share).
    pub source: String,
    /// Script text (inline) or path (workspaceStorage).
    pub data: String,
    pub arguments: String,
    /// Minutes, optional; sent as `{n}m` like the SDK.
    pub timeout_minutes: String,
}

impl ComputeInstanceForm {
    pub fn validate(&self, existing_names: &[String]) -> Vec<FieldError> {
        let mut e = Errors::default();
        validate_name(&self.name, existing_names, &mut e);
        if self.vm_size.trim().is_empty() {
            e.check::<()>("vm_size", Err(crate::msg_str!("Choose a VM size.").into()));
        }
        if let Some(s) = opt(&self.subnet_id) {
            e.check("subnet_id", check_resource_id(&s, ResourceKind::Subnet));
        }
        match opt(&self.ssh_public_key) {
            Some(k) => {
                e.check("ssh_public_key", check_public_key(&k));
            }
            None if self.ssh_public_access => {
                e.check::<()>("ssh_public_key", Err(crate::msg_str!("SSH access needs a public key.").into()));
            }
            None => {}
        }
        if !self.idle_shutdown_minutes.trim().is_empty() {
            e.check("idle_shutdown_minutes", check_idle_shutdown_minutes(&self.idle_shutdown_minutes));
        }
        for s in &self.schedules {
            e.check("schedules", s.check());
        }
        let (oid, tid) = (self.assigned_user_object_id.trim(), self.assigned_user_tenant_id.trim());
        if !oid.is_empty() || !tid.is_empty() {
            if !is_guid_text(oid) {
                e.check::<()>(
                    "assigned_user_object_id",
                    Err(crate::msg_str!("Enter the user's object id (a GUID).").into()),
                );
            }
            if !is_guid_text(tid) {
                e.check::<()>(
                    "assigned_user_tenant_id",
                    Err(crate::msg_str!("Enter the user's tenant id (a GUID).").into()),
                );
            }
        }
        e.check("creation_script", self.creation_script.check());
        e.check("startup_script", self.startup_script.check());
        if !matches!(self.application_sharing_policy.as_str(), "Shared" | "Personal") {
            e.check::<()>("application_sharing_policy", Err(crate::msg_str!("Choose Shared or Personal.").into()));
        }
        if !self.enable_node_public_ip && self.subnet_id.trim().is_empty() {
            e.check::<()>(
                "enable_node_public_ip",
                Err(crate::msg_str!("An instance without a public IP needs a virtual network subnet.").into()),
            );
        }
        validate_tags(&self.tags, &mut e);
        e.0
    }

    /// The PUT body, shaped like the SDK's `ComputeInstance._to_rest_object` minus the
    /// preview-only flags it adds (`enableSSO`, `enableRootAccess`, `releaseQuotaOnStop`,
    /// `enableOSPatching`), which the stable api-version does not define.
    pub fn to_resource(&self, location: &str) -> ComputeResource {
        let assigned = opt(&self.assigned_user_object_id).map(|oid| PersonalComputeInstanceSettings {
            assigned_user: Some(AssignedUser {
                object_id: Some(oid),
                tenant_id: opt(&self.assigned_user_tenant_id),
                ..Default::default()
            }),
            ..Default::default()
        });
        let scripts = ScriptsToExecute {
            startup_script: self.startup_script.to_reference(),
            creation_script: self.creation_script.to_reference(),
            ..Default::default()
        };
        let has_scripts = scripts.startup_script.is_some() || scripts.creation_script.is_some();
        let mut props = ComputeInstanceProperties {
            vm_size: opt(&self.vm_size),
            subnet: opt(&self.subnet_id).map(|id| ResourceId { id: Some(id), ..Default::default() }),
            application_sharing_policy: opt(&self.application_sharing_policy).or(Some("Shared".into())),
            compute_instance_authorization_type: Some("personal".into()),
            ssh_settings: Some(ComputeInstanceSshSettings {
                ssh_public_access: Some(if self.ssh_public_access { "Enabled" } else { "Disabled" }.into()),
                admin_public_key: opt(&self.ssh_public_key),
                ..Default::default()
            }),
            personal_compute_instance_settings: assigned,
            schedules: (!self.schedules.is_empty()).then(|| ComputeSchedules {
                compute_start_stop: Some(self.schedules.iter().map(ScheduleForm::to_schedule).collect()),
                ..Default::default()
            }),
            setup_scripts: has_scripts.then(|| SetupScripts { scripts: Some(scripts), ..Default::default() }),
            enable_node_public_ip: Some(self.enable_node_public_ip),
            ..Default::default()
        };
        props.idle_time_before_shutdown = opt(&self.idle_shutdown_minutes).map(|m| format!("PT{m}M"));
        let mut compute = Compute::new(ComputeKind::ComputeInstance(Some(props)));
        compute.description = opt(&self.description);
        // SDK: local auth stays on only when public SSH access is enabled.
        compute.disable_local_auth = Some(!self.ssh_public_access);
        envelope(location, compute, &self.tags, None)
    }
}

impl ComputeInstanceForm {
    /// The api-version the create PUT must use, when not the console's own: with an idle
    /// shutdown, azure-ai-ml 1.35.2's compute version (2023-08-01-preview), which defines
    /// `idleTimeBeforeShutdown` (docs/azure-ml-rest.md §Instance-access).
    pub fn api_version(&self) -> Option<&'static str> {
        opt(&self.idle_shutdown_minutes).map(|_| crate::lifecycle::COMPUTE_PREVIEW_API_VERSION)
    }
}

impl ScriptForm {
    fn check(&self) -> Result<(), String> {
        match self.source.as_str() {
            "" => return Ok(()),
            "inline" | "workspaceStorage" if self.data.trim().is_empty() => {
                return Err(crate::msg_str!("Enter the script (inline) or its path in the workspace file share.").into())
            }
            "inline" | "workspaceStorage" => {}
            _ => return Err(crate::msg_str!("A script comes from inline text or workspace storage.").into()),
        }
        if !self.timeout_minutes.trim().is_empty() {
            match self.timeout_minutes.trim().parse::<u32>() {
                Ok(n) if n >= 1 => {}
                _ => return Err(crate::msg_str!("The script timeout is a whole number of minutes ≥ 1.").into()),
            }
        }
        Ok(())
    }

    fn to_reference(&self) -> Option<ScriptReference> {
        let data = match self.source.as_str() {
            "" => return None,
            // The service expects inline scripts base64-encoded in `scriptData`.
            "inline" => crate::base64::encode(self.data.as_bytes()),
            _ => self.data.trim().to_string(),
        };
        Some(ScriptReference {
            script_source: Some(self.source.clone()),
            script_data: Some(data),
            script_arguments: opt(&self.arguments),
            timeout: opt(&self.timeout_minutes).map(|m| format!("{m}m")),
            ..Default::default()
        })
    }
}

//! AmlCompute (cluster) create form and the scale (PATCH) form.

use serde::{Deserialize, Serialize};

use super::envelope::envelope;
use super::fields::{opt, validate_name, validate_tags, IdentityForm, TagPair};
use crate::duration::seconds_to_iso8601;
use crate::models::{
    AmlComputeProperties, Compute, ComputeKind, ComputeResource, ResourceId, ScaleSettings, UserAccountCredentials,
};
use crate::validate::*;

/// The SDK's defaults (`AmlCompute.__init__`): 0..4 nodes, 120 s idle.
const DEFAULT_MIN: i64 = 0;
const DEFAULT_MAX: i64 = 4;
const DEFAULT_IDLE: u64 = 120;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AmlComputeForm {
    pub name: String,
    pub vm_size: String,
    /// `Dedicated` or `LowPriority`.
    pub vm_priority: String,
    pub min_nodes: String,
    pub max_nodes: String,
    /// Seconds; empty means the SDK default (120). 0 leaves the field out, like the SDK.
    pub idle_seconds: String,
    /// Empty = no admin account (and then `disableLocalAuth: true`, as the SDK does).
    pub admin_username: String,
    pub admin_password: String,
    pub ssh_public_key: String,
    pub subnet_id: String,
    /// `NotSpecified` (default), `Enabled` or `Disabled`.
    pub remote_login_port_public_access: String,
    pub enable_node_public_ip: bool,
    /// `Linux` (default) or `Windows`; Windows needs `vm_image_id`.
    pub os_type: String,
    pub vm_image_id: String,
    pub identity: IdentityForm,
    pub description: String,
    pub tags: Vec<TagPair>,
}

impl Default for AmlComputeForm {
    fn default() -> Self {
        AmlComputeForm {
            name: String::new(),
            vm_size: "STANDARD_DS3_V2".into(),
            vm_priority: "Dedicated".into(),
            min_nodes: DEFAULT_MIN.to_string(),
            max_nodes: DEFAULT_MAX.to_string(),
            idle_seconds: DEFAULT_IDLE.to_string(),
            admin_username: String::new(),
            admin_password: String::new(),
            ssh_public_key: String::new(),
            subnet_id: String::new(),
            remote_login_port_public_access: "NotSpecified".into(),
            enable_node_public_ip: true,
            os_type: "Linux".into(),
            vm_image_id: String::new(),
            identity: IdentityForm::default(),
            description: String::new(),
            tags: Vec::new(),
        }
    }
}

impl AmlComputeForm {
    pub fn validate(&self, existing_names: &[String]) -> Vec<FieldError> {
        let mut e = Errors::default();
        validate_name(&self.name, existing_names, &mut e);
        if self.vm_size.trim().is_empty() {
            e.check::<()>("vm_size", Err(crate::msg_str!("Choose a VM size.").into()));
        }
        if !matches!(self.vm_priority.as_str(), "Dedicated" | "LowPriority") {
            e.check::<()>("vm_priority", Err(crate::msg_str!("Choose Dedicated or LowPriority.").into()));
        }
        validate_scale(&self.min_nodes, &self.max_nodes, &self.idle_seconds, &mut e);
        let user = self.admin_username.trim();
        let (pw, key) = (&self.admin_password, self.ssh_public_key.trim());
        if !user.is_empty() {
            e.check("admin_username", check_admin_username(user));
            if pw.is_empty() && key.is_empty() {
                e.check::<()>(
                    "admin_password",
                    Err(crate::msg_str!("Give a password or an SSH public key for the admin user.").into()),
                );
            }
        } else if !pw.is_empty() || !key.is_empty() {
            e.check::<()>(
                "admin_username",
                Err(crate::msg_str!("Enter the admin user name these credentials are for.").into()),
            );
        }
        if !pw.is_empty() {
            e.check("admin_password", check_new_password(pw));
        }
        if !key.is_empty() {
            e.check("ssh_public_key", check_public_key(key));
        }
        if let Some(s) = opt(&self.subnet_id) {
            e.check("subnet_id", check_resource_id(&s, ResourceKind::Subnet));
        }
        if !matches!(self.remote_login_port_public_access.as_str(), "NotSpecified" | "Enabled" | "Disabled") {
            e.check::<()>(
                "remote_login_port_public_access",
                Err(crate::msg_str!("Choose NotSpecified, Enabled or Disabled.").into()),
            );
        }
        if !self.enable_node_public_ip && self.subnet_id.trim().is_empty() {
            e.check::<()>(
                "enable_node_public_ip",
                Err(crate::msg_str!("Nodes without a public IP need a virtual network subnet.").into()),
            );
        }
        match self.os_type.as_str() {
            "Linux" => {}
            "Windows" if self.vm_image_id.trim().is_empty() => {
                e.check::<()>("vm_image_id", Err(crate::msg_str!("A Windows cluster needs a custom VM image.").into()));
            }
            "Windows" => {}
            _ => {
                e.check::<()>("os_type", Err(crate::msg_str!("Choose Linux or Windows.").into()));
            }
        }
        if let Some(img) = opt(&self.vm_image_id) {
            e.check("vm_image_id", check_resource_id(&img, ResourceKind::CustomImage));
        }
        self.identity.validate(&mut e);
        validate_tags(&self.tags, &mut e);
        e.0
    }

    /// The PUT body. Call [`AmlComputeForm::validate`] first: unparsable numbers fall back to
    /// the SDK defaults here rather than failing.
    pub fn to_resource(&self, location: &str) -> ComputeResource {
        let user = opt(&self.admin_username);
        let creds = user.as_ref().map(|u| UserAccountCredentials {
            admin_user_name: Some(u.clone()),
            admin_user_password: (!self.admin_password.is_empty()).then(|| self.admin_password.clone()),
            admin_user_ssh_public_key: opt(&self.ssh_public_key),
            ..Default::default()
        });
        let props = AmlComputeProperties {
            vm_size: opt(&self.vm_size),
            vm_priority: opt(&self.vm_priority),
            scale_settings: Some(scale_settings(&self.min_nodes, &self.max_nodes, &self.idle_seconds)),
            user_account_credentials: creds,
            subnet: opt(&self.subnet_id).map(|id| ResourceId { id: Some(id), ..Default::default() }),
            remote_login_port_public_access: opt(&self.remote_login_port_public_access).or(Some("NotSpecified".into())),
            enable_node_public_ip: Some(self.enable_node_public_ip),
            // The SDK always writes osType (it was dropped from its model, and it re-adds the key).
            os_type: opt(&self.os_type).or(Some("Linux".into())),
            virtual_machine_image: opt(&self.vm_image_id).map(|id| ResourceId { id: Some(id), ..Default::default() }),
            ..Default::default()
        };
        let mut compute = Compute::new(ComputeKind::AmlCompute(Some(props)));
        compute.description = opt(&self.description);
        // SDK: `disableLocalAuth = not ssh_settings` — local (SSH) auth only when an admin is set.
        compute.disable_local_auth = Some(user.is_none());
        envelope(location, compute, &self.tags, Some(&self.identity))
    }
}

/// Scale settings only (PATCH), for an existing cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScaleForm {
    pub min_nodes: String,
    pub max_nodes: String,
    pub idle_seconds: String,
}

impl Default for ScaleForm {
    fn default() -> Self {
        ScaleForm {
            min_nodes: DEFAULT_MIN.to_string(),
            max_nodes: DEFAULT_MAX.to_string(),
            idle_seconds: DEFAULT_IDLE.to_string(),
        }
    }
}

impl ScaleForm {
    /// Pre-filled from a cluster's current settings, so an edit starts from what is there.
    pub fn from_settings(s: &ScaleSettings) -> ScaleForm {
        let idle =
            s.node_idle_time_before_scale_down.as_deref().and_then(|d| crate::duration::iso8601_to_seconds(d).ok());
        ScaleForm {
            min_nodes: s.min_node_count.unwrap_or(DEFAULT_MIN).to_string(),
            max_nodes: s.max_node_count.unwrap_or(DEFAULT_MAX).to_string(),
            idle_seconds: idle.map(|v| v.to_string()).unwrap_or_default(),
        }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        validate_scale(&self.min_nodes, &self.max_nodes, &self.idle_seconds, &mut e);
        e.0
    }

    pub fn to_scale_settings(&self) -> ScaleSettings {
        scale_settings(&self.min_nodes, &self.max_nodes, &self.idle_seconds)
    }
}

fn validate_scale(min: &str, max: &str, idle: &str, e: &mut Errors) {
    let min = e.check("min_nodes", parse_count(min, crate::msg_str!("minimum number of nodes")));
    let max = e.check("max_nodes", parse_count(max, crate::msg_str!("maximum number of nodes")));
    if let (Some(min), Some(max)) = (min, max) {
        for (field, message) in check_node_counts(min, max) {
            e.0.push(FieldError { field, message });
        }
    }
    if !idle.trim().is_empty() {
        e.check("idle_seconds", check_idle_seconds(idle));
    }
}

fn scale_settings(min: &str, max: &str, idle: &str) -> ScaleSettings {
    let idle = match idle.trim() {
        "" => DEFAULT_IDLE,
        t => t.parse().unwrap_or(DEFAULT_IDLE),
    };
    ScaleSettings {
        max_node_count: Some(max.trim().parse().unwrap_or(DEFAULT_MAX)),
        min_node_count: Some(min.trim().parse().unwrap_or(DEFAULT_MIN)),
        // The SDK writes no idle time for 0 (`... if idle else None`).
        node_idle_time_before_scale_down: (idle > 0).then(|| seconds_to_iso8601(idle)),
        ..Default::default()
    }
}

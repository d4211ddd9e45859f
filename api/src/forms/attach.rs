//! Attach forms: an existing Azure resource becomes a workspace compute (PUT with `resourceId`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::envelope::envelope;
use super::fields::{opt, validate_name, IdentityForm, TagPair};
use crate::models::{
    Compute, ComputeKind, ComputeResource, DataLakeAnalyticsProperties, DatabricksProperties, HdInsightProperties,
    KubernetesProperties, VirtualMachineProperties, VirtualMachineSshCredentials,
};
use crate::validate::*;

/// Which SSH-reachable resource an [`SshAttachForm`] attaches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SshAttachTarget {
    #[default]
    VirtualMachine,
    HdInsight,
}

/// VirtualMachine or HDInsight: resource id, address, SSH port and an existing account
/// (password, or a private + public key pair).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SshAttachForm {
    pub target: SshAttachTarget,
    pub name: String,
    pub resource_id: String,
    /// Public IP or FQDN (required for HDInsight: `{cluster}-ssh.azurehdinsight.net`).
    pub address: String,
    pub ssh_port: String,
    pub username: String,
    pub password: String,
    pub private_key: String,
    pub public_key: String,
    pub description: String,
}

impl Default for SshAttachForm {
    fn default() -> Self {
        SshAttachForm {
            target: SshAttachTarget::VirtualMachine,
            name: String::new(),
            resource_id: String::new(),
            address: String::new(),
            ssh_port: "22".into(),
            username: String::new(),
            password: String::new(),
            private_key: String::new(),
            public_key: String::new(),
            description: String::new(),
        }
    }
}

impl SshAttachForm {
    pub fn validate(&self, existing_names: &[String]) -> Vec<FieldError> {
        let mut e = Errors::default();
        validate_name(&self.name, existing_names, &mut e);
        let kind = match self.target {
            SshAttachTarget::VirtualMachine => ResourceKind::VirtualMachine,
            SshAttachTarget::HdInsight => ResourceKind::HdInsight,
        };
        e.check("resource_id", check_resource_id(&self.resource_id, kind));
        let addr = self.address.trim();
        if addr.is_empty() && self.target == SshAttachTarget::HdInsight {
            e.check::<()>(
                "address",
                Err(crate::msg_str!("Enter the cluster's SSH host, e.g. mycluster-ssh.azurehdinsight.net.").into()),
            );
        }
        if addr.contains("://") || addr.contains('/') || addr.contains(char::is_whitespace) {
            e.check::<()>(
                "address",
                Err(crate::msg_str!("Enter a host name or IP address only (no scheme or path).").into()),
            );
        }
        e.check("ssh_port", check_ssh_port(&self.ssh_port));
        if self.username.trim().is_empty() {
            e.check::<()>("username", Err(crate::msg_str!("Enter the user name of an account on the machine.").into()));
        }
        let (pk, pubk) = (self.private_key.trim(), self.public_key.trim());
        if self.password.is_empty() && pk.is_empty() {
            e.check::<()>("password", Err(crate::msg_str!("Give the account's password or an SSH key pair.").into()));
        }
        if !pk.is_empty() {
            e.check("private_key", check_private_key(pk));
            if pubk.is_empty() {
                e.check::<()>(
                    "public_key",
                    Err(crate::msg_str!("Give the public key that goes with the private key.").into()),
                );
            }
        }
        if !pubk.is_empty() {
            e.check("public_key", check_public_key(pubk));
        }
        e.0
    }

    pub fn to_resource(&self, location: &str) -> ComputeResource {
        let creds = VirtualMachineSshCredentials {
            username: opt(&self.username),
            password: (!self.password.is_empty()).then(|| self.password.clone()),
            public_key_data: opt(&self.public_key),
            // Keep the key's own line breaks: OpenSSH refuses a key without them.
            private_key_data: opt(&self.private_key).map(|k| format!("{k}\n")),
            ..Default::default()
        };
        let port = self.ssh_port.trim().parse().ok();
        let kind = match self.target {
            SshAttachTarget::VirtualMachine => ComputeKind::VirtualMachine(Some(VirtualMachineProperties {
                ssh_port: port,
                address: opt(&self.address),
                administrator_account: Some(creds),
                ..Default::default()
            })),
            SshAttachTarget::HdInsight => ComputeKind::HdInsight(Some(HdInsightProperties {
                ssh_port: port,
                address: opt(&self.address),
                administrator_account: Some(creds),
                ..Default::default()
            })),
        };
        attached(location, kind, &self.resource_id, &self.description, None)
    }
}

/// Azure Databricks workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabricksForm {
    pub name: String,
    pub resource_id: String,
    pub workspace_url: String,
    pub access_token: String,
    pub description: String,
}

impl DatabricksForm {
    pub fn validate(&self, existing_names: &[String]) -> Vec<FieldError> {
        let mut e = Errors::default();
        validate_name(&self.name, existing_names, &mut e);
        e.check("resource_id", check_resource_id(&self.resource_id, ResourceKind::Databricks));
        if !self.workspace_url.trim().is_empty() {
            e.check("workspace_url", check_databricks_url(&self.workspace_url));
        }
        if self.access_token.trim().is_empty() {
            e.check::<()>("access_token", Err(crate::msg_str!("Enter a Databricks personal access token.").into()));
        }
        e.0
    }

    pub fn to_resource(&self, location: &str) -> ComputeResource {
        let kind = ComputeKind::Databricks(Some(DatabricksProperties {
            databricks_access_token: opt(&self.access_token),
            workspace_url: opt(&self.workspace_url),
            ..Default::default()
        }));
        attached(location, kind, &self.resource_id, &self.description, None)
    }
}

/// Azure Data Lake Analytics account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DataLakeAnalyticsForm {
    pub name: String,
    pub resource_id: String,
    pub data_lake_store_account_name: String,
    pub description: String,
}

impl DataLakeAnalyticsForm {
    pub fn validate(&self, existing_names: &[String]) -> Vec<FieldError> {
        let mut e = Errors::default();
        validate_name(&self.name, existing_names, &mut e);
        e.check("resource_id", check_resource_id(&self.resource_id, ResourceKind::DataLakeAnalytics));
        let s = self.data_lake_store_account_name.trim();
        // Data Lake Store Gen1 account names: 3–24 lower-case letters and digits.
        let well_formed =
            (3..=24).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !s.is_empty() && !well_formed {
            e.check::<()>(
                "data_lake_store_account_name",
                Err(crate::msg_str!("A Data Lake Store account name is 3–24 lower-case letters and digits.").into()),
            );
        }
        e.0
    }

    pub fn to_resource(&self, location: &str) -> ComputeResource {
        let kind = ComputeKind::DataLakeAnalytics(Some(DataLakeAnalyticsProperties {
            data_lake_store_account_name: opt(&self.data_lake_store_account_name),
            ..Default::default()
        }));
        attached(location, kind, &self.resource_id, &self.description, None)
    }
}

/// Arc-enabled Kubernetes or AKS cluster with the Azure ML extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KubernetesForm {
    pub name: String,
    pub resource_id: String,
    pub namespace: String,
    pub default_instance_type: String,
    /// JSON object: instance type name → `{nodeSelector, resources {requests, limits}}`.
    pub instance_types_json: String,
    pub identity: IdentityForm,
    pub description: String,
}

impl Default for KubernetesForm {
    fn default() -> Self {
        KubernetesForm {
            name: String::new(),
            resource_id: String::new(),
            namespace: "default".into(),
            default_instance_type: String::new(),
            instance_types_json: String::new(),
            identity: IdentityForm::default(),
            description: String::new(),
        }
    }
}

impl KubernetesForm {
    /// The parsed instance types (`Ok(None)` when the field is empty).
    pub fn instance_types(&self) -> Result<Option<Map<String, Value>>, String> {
        if self.instance_types_json.trim().is_empty() {
            return Ok(None);
        }
        let v: Value = serde_json::from_str(&self.instance_types_json)
            .map_err(|e| crate::msg!("The instance types are not valid JSON: {e}"))?;
        let Value::Object(m) = v else {
            return Err(
                crate::msg_str!("The instance types must be a JSON object: {\"name\": {\"resources\": …}}.").into()
            );
        };
        if let Some((k, _)) = m.iter().find(|(_, v)| !v.is_object()) {
            return Err(crate::msg!("Instance type “{k}” must be an object."));
        }
        Ok(Some(m))
    }

    pub fn validate(&self, existing_names: &[String]) -> Vec<FieldError> {
        let mut e = Errors::default();
        validate_name(&self.name, existing_names, &mut e);
        e.check("resource_id", check_resource_id(&self.resource_id, ResourceKind::Kubernetes));
        e.check("namespace", check_k8s_namespace(self.namespace.trim()));
        if let Some(types) = e.check("instance_types_json", self.instance_types()) {
            let default = self.default_instance_type.trim();
            if let (Some(t), false) = (types, default.is_empty()) {
                if !t.contains_key(default) {
                    e.check::<()>(
                        "default_instance_type",
                        Err(crate::msg!("“{default}” is not one of the instance types.")),
                    );
                }
            }
        }
        self.identity.validate(&mut e);
        e.0
    }

    pub fn to_resource(&self, location: &str) -> ComputeResource {
        let kind = ComputeKind::Kubernetes(Some(KubernetesProperties {
            namespace: Some(opt(&self.namespace).unwrap_or_else(|| "default".into())),
            default_instance_type: opt(&self.default_instance_type),
            instance_types: self.instance_types().ok().flatten(),
            ..Default::default()
        }));
        let mut r = attached(location, kind, &self.resource_id, &self.description, Some(&self.identity));
        // The SDK sends the workspace location as computeLocation for Kubernetes.
        if let Some(c) = r.properties.as_mut() {
            c.compute_location = Some(location.to_string());
        }
        r
    }
}

/// Synapse Spark pool (linked through the workspace's Synapse link).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SynapseSparkForm {
    pub name: String,
    /// The pool's id: `…/Microsoft.Synapse/workspaces/{ws}/bigDataPools/{pool}`.
    pub resource_id: String,
    pub identity: IdentityForm,
    pub description: String,
}

impl SynapseSparkForm {
    pub fn validate(&self, existing_names: &[String]) -> Vec<FieldError> {
        let mut e = Errors::default();
        validate_name(&self.name, existing_names, &mut e);
        e.check("resource_id", check_resource_id(&self.resource_id, ResourceKind::SynapseSparkPool));
        self.identity.validate(&mut e);
        e.0
    }

    pub fn to_resource(&self, location: &str) -> ComputeResource {
        attached(location, ComputeKind::SynapseSpark(None), &self.resource_id, &self.description, Some(&self.identity))
    }
}

fn attached(
    location: &str,
    kind: ComputeKind,
    resource_id: &str,
    description: &str,
    identity: Option<&IdentityForm>,
) -> ComputeResource {
    let mut compute = Compute::new(kind);
    compute.resource_id = opt(resource_id);
    compute.description = opt(description);
    let no_tags: [TagPair; 0] = [];
    envelope(location, compute, &no_tags, identity)
}

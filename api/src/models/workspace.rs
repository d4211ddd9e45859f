//! Workspaces (`workspaceRP.json`, `Workspace` / `WorkspaceProperties`).

use serde_json::{Map, Value};

use super::wire::wire_struct;

wire_struct! {
    /// An Azure ML workspace resource.
    pub struct Workspace {
        id: String = "id",
        name: String = "name",
        resource_type: String = "type",
        location: String = "location",
        /// `Default`, `Hub`, `Project`, `FeatureStore`, …
        kind: String = "kind",
        tags: Map<String, Value> = "tags",
        identity: Value = "identity",
        sku: Value = "sku",
        system_data: Value = "systemData",
        properties: WorkspaceProperties = "properties",
    }
}

wire_struct! {
    /// The fields of a workspace the console shows; the rest stays in `extra`.
    pub struct WorkspaceProperties {
        workspace_id: String = "workspaceId",
        friendly_name: String = "friendlyName",
        description: String = "description",
        discovery_url: String = "discoveryUrl",
        /// ARM id of the default storage account (receives code uploads and logs).
        storage_account: String = "storageAccount",
        key_vault: String = "keyVault",
        application_insights: String = "applicationInsights",
        container_registry: String = "containerRegistry",
        public_network_access: String = "publicNetworkAccess",
        provisioning_state: String = "provisioningState",
        hbi_workspace: bool = "hbiWorkspace",
        ml_flow_tracking_uri: String = "mlFlowTrackingUri",
        tenant_id: String = "tenantId",
        hub_resource_id: String = "hubResourceId",
    }
}

impl Workspace {
    /// Friendly name when set, else the resource name.
    pub fn display_name(&self) -> &str {
        self.properties
            .as_ref()
            .and_then(|p| p.friendly_name.as_deref())
            .filter(|s| !s.is_empty())
            .or(self.name.as_deref())
            .unwrap_or("")
    }

    /// Resource group parsed from the ARM id (`/subscriptions/x/resourceGroups/{rg}/…`).
    pub fn resource_group(&self) -> Option<&str> {
        id_segment(self.id.as_deref()?, "resourceGroups")
    }

    /// Subscription id parsed from the ARM id.
    pub fn subscription_id(&self) -> Option<&str> {
        id_segment(self.id.as_deref()?, "subscriptions")
    }
}

/// The segment following `key` in an ARM id; ARM ids are case-insensitive in their keys.
pub(crate) fn id_segment<'a>(id: &'a str, key: &str) -> Option<&'a str> {
    let mut parts = id.split('/');
    while let Some(p) = parts.next() {
        if p.eq_ignore_ascii_case(key) {
            return parts.next().filter(|s| !s.is_empty());
        }
    }
    None
}

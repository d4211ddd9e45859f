//! Seeded workspaces, shaped like the spec's Workspaces_Get example.

use crate::config::TENANT_ID;
use crate::store::workspace_id;
use serde_json::{json, Value};

/// The development subscription of the seeded tenant (here so child modules of `seed` need
/// not import their parent).
pub const SUB_DEV: &str = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

/// Parameters of a seeded workspace.
pub struct WorkspaceSeed<'a> {
    pub sub: &'a str,
    pub rg: &'a str,
    pub name: &'a str,
    pub location: &'a str,
    pub friendly_name: &'a str,
    pub description: &'a str,
    pub workspace_guid: &'a str,
    pub created: &'a str,
}

/// A workspace shaped like the spec's Workspaces_Get example: the associated resources are
/// ARM ids of (fake) resources in the same resource group.
pub fn workspace_json(w: &WorkspaceSeed) -> Value {
    let rg_id = format!("/subscriptions/{}/resourceGroups/{}", w.sub, w.rg);
    let short: String = w.name.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
    let suffix = &w.workspace_guid.replace('-', "")[..8];
    let id = workspace_id(w.sub, w.rg, w.name);
    json!({
        "id": id,
        "name": w.name,
        "type": "Microsoft.MachineLearningServices/workspaces",
        "location": w.location,
        "kind": "Default",
        "tags": {},
        "sku": {"name": "Basic", "tier": "Basic"},
        "identity": {
            "type": "SystemAssigned",
            "principalId": w.workspace_guid,
            "tenantId": TENANT_ID
        },
        "systemData": {
            "createdAt": w.created, "createdBy": "ada@contoso.example", "createdByType": "User",
            "lastModifiedAt": w.created, "lastModifiedBy": "ada@contoso.example", "lastModifiedByType": "User"
        },
        "properties": {
            "workspaceId": w.workspace_guid,
            "description": w.description,
            "friendlyName": w.friendly_name,
            "keyVault": format!("{rg_id}/providers/Microsoft.KeyVault/vaults/kv{short}{suffix}"),
            "applicationInsights": format!("{rg_id}/providers/Microsoft.Insights/components/ai{short}{suffix}"),
            "containerRegistry": format!("{rg_id}/providers/Microsoft.ContainerRegistry/registries/cr{short}{suffix}"),
            "storageAccount": format!("{rg_id}/providers/Microsoft.Storage/storageAccounts/st{short}{suffix}"),
            "discoveryUrl": format!("https://{}.api.azureml.ms/discovery", w.location),
            "mlFlowTrackingUri": format!("azureml://{}.api.azureml.ms/mlflow/v1.0{id}", w.location),
            "provisioningState": "Succeeded",
            "hbiWorkspace": false,
            "serviceProvisionedResourceGroup": format!("{}_{}", w.name, suffix),
            "privateLinkCount": 0,
            "allowPublicAccessWhenBehindVnet": false,
            "publicNetworkAccess": "Enabled",
            "privateEndpointConnections": [],
            "sharedPrivateLinkResources": [],
            "notebookInfo": {
                "resourceId": suffix,
                "fqdn": format!("ml-{}-{}-{}.{}.notebooks.azure.net", w.name, w.location, suffix, w.location)
            },
            "tenantId": TENANT_ID,
            "storageHnsEnabled": false,
            "systemDatastoresAuthMode": "AccessKey",
            "v1LegacyMode": false,
            "managedNetwork": {"isolationMode": "Disabled", "status": {"status": "Inactive", "sparkReady": false}},
            "enableDataIsolation": false
        }
    })
}

//! What every workspace has from the start: the service's two blob datastores, both in Azurite
//! (`workspaceblobstore`, the default, container `azureml-blobstore-{workspaceId}`, and
//! `workspaceartifactstore`, container `azureml`, run logs and artifacts). No environments: the
//! curated ones are the `azureml` registry's (`super::registry`), not copies in each workspace.
//!
//! Added the first time a request reaches a workspace (`ensure`), so that workspaces injected by
//! tests or loaded from older state files get them too.

use crate::resources::assets::NS_TYPE;
use crate::state::AppState;
use crate::storage::{blobstore_container, Storage, ARTIFACT_CONTAINER};
use crate::store::{Store, Workspace};
use serde_json::{json, Value};

pub const DEFAULT_DATASTORE: &str = "workspaceblobstore";
pub const ARTIFACT_DATASTORE: &str = "workspaceartifactstore";

/// Adds whatever of the defaults the workspace lacks.
pub fn ensure(st: &AppState, ws: &Workspace) {
    let missing = {
        let s = st.store.read().unwrap();
        let probe = format!("{}/datastores/{DEFAULT_DATASTORE}", ws.id);
        Store::find(&s.datastores, &probe).is_none()
    };
    if missing {
        st.mutate(|s| {
            system_datastores(&st.storage, s, ws);
        });
    }
}

/// `(scheme, authority)` of the Azurite URL, e.g. `("http", "127.0.0.1:10000")`.
fn azurite_parts(storage: &Storage) -> (String, String) {
    let url = &storage.url;
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    (scheme.to_string(), rest.split('/').next().unwrap_or_default().to_string())
}

fn system_datastore(storage: &Storage, ws: &Workspace, name: &str, container: &str, is_default: bool) -> Value {
    let (protocol, endpoint) = azurite_parts(storage);
    json!({
        "id": format!("{}/datastores/{name}", ws.id), "name": name, "type": format!("{NS_TYPE}/datastores"),
        "properties": {
            "description": null, "tags": {}, "properties": {}, "isDefault": is_default,
            "credentials": {"credentialsType": "AccountKey", "secrets": {"secretsType": "AccountKey"}},
            "datastoreType": "AzureBlob", "accountName": storage.account, "containerName": container,
            "endpoint": endpoint, "protocol": protocol,
            "serviceDataAccessAuthIdentity": "WorkspaceSystemAssignedIdentity",
            "subscriptionId": ws.sub, "resourceGroup": ws.rg
        },
        "systemData": {"createdAt": "2024-01-10T08:00:00.0000000+00:00", "createdBy": "Azure ML", "createdByType": "Application",
                       "lastModifiedAt": "2024-01-10T08:00:00.0000000+00:00", "lastModifiedBy": "Azure ML", "lastModifiedByType": "Application"}
    })
}

/// Adds the two system datastores to a workspace unless it has them.
fn system_datastores(storage: &Storage, store: &mut Store, ws: &Workspace) {
    for (name, container, default) in [
        (DEFAULT_DATASTORE, blobstore_container(&ws.guid), true),
        (ARTIFACT_DATASTORE, ARTIFACT_CONTAINER.to_string(), false),
    ] {
        let id = format!("{}/datastores/{name}", ws.id);
        if Store::find(&store.datastores, &id).is_none() {
            store.datastores.push(system_datastore(storage, ws, name, &container, default));
        }
    }
}

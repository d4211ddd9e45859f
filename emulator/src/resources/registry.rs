//! The `azureml` registry (seed: `crate::seed::registry`): registry ids in a job's
//! `environmentId` resolve here, and the registry's environment list is served the way the SDK
//! reads it — the registry discovery call on the region's data plane host
//! (`/registrymanagement/v1.0/registries/{name}/discovery`), then the spec's registry paths
//! (`…/registries/{name}/environments[/{env}/versions[/{v}]]`) under the registry's resource
//! provider host (`{primaryRegionResourceProviderUri}mferp/managementfrontend`), here the
//! emulator itself. docs/azure-ml-rest.md §7.1 (§Registry).

use crate::arm::case::Routes;
use crate::arm::errors::arm_error;
use crate::resources::assets::NS_TYPE;
use crate::seed::registry::{self as seed, CuratedEnv, REGISTRY};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use serde_json::{json, Value};

const ID_PREFIX: &str = "azureml://registries/";
const RP_PREFIX: &str = "/mferp/managementfrontend";
const REG: &str =
    "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/registries/{reg}";

fn registry_arm_id() -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/{NS_TYPE}/registries/{REGISTRY}",
        seed::REGISTRY_SUBSCRIPTION,
        seed::REGISTRY_RESOURCE_GROUP
    )
}

fn system_data() -> Value {
    json!({"createdAt": "2024-06-01T00:00:00.0000000+00:00", "createdBy": "Microsoft", "createdByType": "Application",
           "lastModifiedAt": "2024-06-01T00:00:00.0000000+00:00", "lastModifiedBy": "Microsoft", "lastModifiedByType": "Application"})
}

/// An `EnvironmentContainer` resource of the registry.
pub fn container(env: &CuratedEnv) -> Value {
    json!({
        "id": format!("{}/environments/{}", registry_arm_id(), env.name), "name": env.name,
        "type": format!("{NS_TYPE}/registries/environments"),
        "properties": {"description": env.description, "tags": {}, "properties": {}, "isArchived": false,
                       "latestVersion": env.latest(), "nextVersion": null, "provisioningState": "Succeeded"},
        "systemData": system_data()
    })
}

/// An `EnvironmentVersion` resource of the registry (`environmentType: Curated`).
pub fn version(env: &CuratedEnv, v: &str) -> Value {
    json!({
        "id": format!("{}/environments/{}/versions/{v}", registry_arm_id(), env.name), "name": v,
        "type": format!("{NS_TYPE}/registries/environments/versions"),
        "properties": {"description": env.description, "tags": {"OS": "Ubuntu22.04"}, "properties": {},
                       "isAnonymous": false, "isArchived": false, "environmentType": "Curated",
                       "image": format!("mcr.microsoft.com/azureml/curated/{}:{v}", env.image),
                       "osType": "Linux", "autoRebuild": "OnBaseImageUpdate", "provisioningState": "Succeeded"},
        "systemData": system_data()
    })
}

/// Is this a registry id (`azureml://registries/…`)? Those resolve here and nowhere else.
pub fn is_registry_id(id: &str) -> bool {
    id.trim().get(..ID_PREFIX.len()).is_some_and(|p| p.eq_ignore_ascii_case(ID_PREFIX))
}

/// The environment version a registry id names: `azureml://registries/{registry}/environments/
/// {name}/versions/{version}` or `…/labels/latest`. Anything else, another registry, an unknown
/// name, version or label is an error the job PUT answers with 400 (emulator/README.md).
pub fn resolve(id: &str) -> Result<Value, String> {
    let raw = id.trim();
    let rest = &raw[ID_PREFIX.len().min(raw.len())..];
    let parts: Vec<&str> = rest.split('/').collect();
    let (reg, name, pick) = match parts.as_slice() {
        [reg, env, name, kind, value] if env.eq_ignore_ascii_case("environments") && !name.is_empty() => {
            (*reg, *name, (kind.to_ascii_lowercase(), *value))
        }
        _ => {
            return Err(format!(
                "Invalid environment reference '{raw}': a registry environment is \
                 azureml://registries/{{registry}}/environments/{{name}}/versions/{{version}} or …/labels/latest."
            ))
        }
    };
    if !reg.eq_ignore_ascii_case(REGISTRY) {
        return Err(format!("Registry '{reg}' was not found or you do not have access to it (environment '{raw}')."));
    }
    let Some(env) = seed::find(name) else {
        return Err(format!("Environment '{name}' was not found in registry '{REGISTRY}' (environment '{raw}')."));
    };
    match (pick.0.as_str(), pick.1) {
        ("versions", v) if env.versions.contains(&v) => Ok(version(env, v)),
        ("versions", v) => {
            Err(format!("Version '{v}' of environment '{}' was not found in registry '{REGISTRY}'.", env.name))
        }
        ("labels", "latest") => Ok(version(env, env.latest())),
        ("labels", l) => Err(format!(
            "Label '{l}' of environment '{}' was not found in registry '{REGISTRY}' (the label it has is 'latest').",
            env.name
        )),
        _ => Err(format!(
            "Invalid environment reference '{raw}': expected …/versions/{{version}} or …/labels/{{label}}."
        )),
    }
}

/// Discovery, and the registry's environment containers and versions on its RP host.
pub fn routes(st: &AppState) -> Routes {
    let reg = format!("{RP_PREFIX}{REG}");
    Routes::new()
        .route("/registrymanagement/v1.0/registries/{reg}/discovery", get(discovery))
        .route(&format!("{reg}/environments"), get(list_containers))
        .route(&format!("{reg}/environments/{{name}}"), get(get_container))
        .route(&format!("{reg}/environments/{{name}}/versions"), get(list_versions))
        .route(&format!("{reg}/environments/{{name}}/versions/{{version}}"), get(get_version))
        .map_router(|r| r.layer(from_fn_with_state(st.clone(), crate::dataplane::check_token)))
}

fn registry_not_found(reg: &str) -> Response {
    arm_error(StatusCode::NOT_FOUND, "NotFound", &format!("Registry '{reg}' was not found."))
}

/// The registry's location: its subscription, resource group and resource provider host.
async fn discovery(State(st): State<AppState>, Path(reg): Path<String>) -> Response {
    if !reg.eq_ignore_ascii_case(REGISTRY) {
        return registry_not_found(&reg);
    }
    Json(json!({
        "registryName": REGISTRY,
        "subscriptionId": seed::REGISTRY_SUBSCRIPTION,
        "resourceGroup": seed::REGISTRY_RESOURCE_GROUP,
        "primaryRegion": seed::REGISTRY_REGION,
        "regions": [seed::REGISTRY_REGION],
        "primaryRegionResourceProviderUri": format!("{}/", st.config.data_plane_base()),
    }))
    .into_response()
}

type RegPath = (String, String, String);

/// The registry the path names, if it is this one at its own subscription and resource group.
fn check_registry((sub, rg, reg): &RegPath) -> Result<(), Response> {
    let here = sub.eq_ignore_ascii_case(seed::REGISTRY_SUBSCRIPTION)
        && rg.eq_ignore_ascii_case(seed::REGISTRY_RESOURCE_GROUP)
        && reg.eq_ignore_ascii_case(REGISTRY);
    if here {
        Ok(())
    } else {
        Err(registry_not_found(reg))
    }
}

fn env_not_found(name: &str) -> Response {
    arm_error(
        StatusCode::NOT_FOUND,
        "NotFound",
        &format!("Environment '{name}' was not found in registry '{REGISTRY}'."),
    )
}

async fn list_containers(Path(p): Path<RegPath>) -> Response {
    if let Err(r) = check_registry(&p) {
        return r;
    }
    Json(json!({"value": seed::CURATED.iter().map(container).collect::<Vec<_>>()})).into_response()
}

async fn get_container(Path((sub, rg, reg, name)): Path<(String, String, String, String)>) -> Response {
    if let Err(r) = check_registry(&(sub, rg, reg)) {
        return r;
    }
    seed::find(&name).map_or_else(|| env_not_found(&name), |e| Json(container(e)).into_response())
}

async fn list_versions(Path((sub, rg, reg, name)): Path<(String, String, String, String)>) -> Response {
    if let Err(r) = check_registry(&(sub, rg, reg)) {
        return r;
    }
    let Some(env) = seed::find(&name) else { return env_not_found(&name) };
    // Newest first, as the service lists versions by default.
    let value: Vec<Value> = env.versions.iter().rev().map(|v| version(env, v)).collect();
    Json(json!({ "value": value })).into_response()
}

async fn get_version(Path((sub, rg, reg, name, v)): Path<(String, String, String, String, String)>) -> Response {
    if let Err(r) = check_registry(&(sub, rg, reg)) {
        return r;
    }
    match seed::find(&name) {
        Some(env) if env.versions.contains(&v.as_str()) => Json(version(env, &v)).into_response(),
        Some(env) => arm_error(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("Version '{v}' of environment '{}' was not found in registry '{REGISTRY}'.", env.name),
        ),
        None => env_not_found(&name),
    }
}

//! api-version validation, with ARM's error texts.

use super::errors::arm_error;
use axum::http::StatusCode;
use axum::response::Response;

/// Versions the emulated Microsoft.MachineLearningServices provider registers. Newer versions
/// from the spec repository go here once the emulator speaks them.
/// `2023-08-01-preview` is registered in Azure too and is the version azure-ai-ml 1.35.2 pins for
/// computes and workspaces; it is accepted so the official SDK works against the emulator (the
/// emulator answers with the 2025-12-01 wire format, a superset for what that SDK reads).
pub const ML_API_VERSIONS: &[&str] = &["2023-08-01-preview", "2025-12-01", "2026-07-01"];

/// Codes, environments, datastores and jobs also take the versions azure-ai-ml 1.35.2 pins for
/// them (all registered in Azure); the emulator answers them in the 2025-12-01 format too.
pub const ASSET_API_VERSIONS: &[&str] = &[
    "2022-05-01",
    "2022-10-01",
    "2022-10-01-preview",
    "2023-02-01-preview",
    "2023-04-01",
    "2023-04-01-preview",
    "2023-06-01-preview",
    "2023-08-01-preview",
    "2023-10-01",
    "2024-01-01-preview",
    "2024-04-01-preview",
    "2024-10-01-preview",
    "2025-01-01-preview",
    "2025-12-01",
    "2026-07-01",
];

/// Versions of the Microsoft.Resources subscriptions API the emulator accepts.
pub const SUBSCRIPTION_API_VERSIONS: &[&str] =
    &["2016-06-01", "2018-06-01", "2019-06-01", "2019-11-01", "2020-01-01", "2021-01-01", "2022-12-01"];

/// Regions where the emulated provider is "registered" (vmSizes/usages accept these).
pub const LOCATIONS: &[&str] = &[
    "australiaeast",
    "brazilsouth",
    "canadacentral",
    "centralindia",
    "centralus",
    "eastasia",
    "eastus",
    "eastus2",
    "francecentral",
    "germanywestcentral",
    "japaneast",
    "koreacentral",
    "northcentralus",
    "northeurope",
    "norwayeast",
    "southafricanorth",
    "southcentralus",
    "southeastasia",
    "swedencentral",
    "switzerlandnorth",
    "uaenorth",
    "uksouth",
    "westcentralus",
    "westeurope",
    "westus",
    "westus2",
    "westus3",
];

pub fn missing() -> Response {
    arm_error(
        StatusCode::BAD_REQUEST,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.",
    )
}

/// `resource_type` is the type below the namespace (`workspaces`, `workspaces/computes`, …);
/// `location` is the location ARM resolved for the request.
pub fn check_ml(version: &str, resource_type: &str, location: &str) -> Result<(), Response> {
    let asset = [
        "workspaces/codes",
        "workspaces/environments",
        "workspaces/datastores",
        "workspaces/jobs",
        "locations/mfeOperationResults",
    ]
    .iter()
    .any(|t| resource_type.eq_ignore_ascii_case(t));
    let supported = if asset { ASSET_API_VERSIONS } else { ML_API_VERSIONS };
    if supported.contains(&version) {
        return Ok(());
    }
    Err(arm_error(
        StatusCode::BAD_REQUEST,
        "NoRegisteredProviderFound",
        &format!(
            "No registered resource provider found for location '{location}' and API version '{version}' for type \
             '{resource_type}'. The supported api-versions are '{}'. The supported locations are '{}'.",
            supported.join(", "),
            LOCATIONS.join(", ")
        ),
    ))
}

pub fn check_subscriptions(version: &str) -> Result<(), Response> {
    if SUBSCRIPTION_API_VERSIONS.contains(&version) {
        return Ok(());
    }
    let mut newest_first: Vec<&str> = SUBSCRIPTION_API_VERSIONS.to_vec();
    newest_first.reverse();
    Err(arm_error(
        StatusCode::BAD_REQUEST,
        "InvalidApiVersionParameter",
        &format!("The api-version '{version}' is invalid. The supported versions are '{}'.", newest_first.join(",")),
    ))
}

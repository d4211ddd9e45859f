//! `GET /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/vmSizes`.
//! Not paged (VirtualMachineSizeListResult has no nextLink). The catalogue starts with the sizes
//! of the spec's VirtualMachineSize/list example and adds common CPU and GPU sizes.

use crate::arm::api_version::LOCATIONS;
use crate::arm::errors::arm_error;
use crate::arm::scope::{LocationPath, MlScope};
use crate::resources::ok;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

pub struct VmSize {
    pub name: &'static str,
    pub family: &'static str,
    pub vcpus: u32,
    pub gpus: u32,
    pub max_resource_volume_mb: u64,
    pub memory_gb: f64,
    pub low_priority: bool,
    pub premium_io: bool,
    /// Hourly USD: Linux standard, Linux low priority, Windows standard, Windows low priority.
    pub prices: [f64; 4],
    /// Also offered for managed online endpoints ("MIR").
    pub mir: bool,
}

const fn s(
    name: &'static str,
    family: &'static str,
    vcpus: u32,
    gpus: u32,
    max_resource_volume_mb: u64,
    memory_gb: f64,
    low_priority: bool,
    premium_io: bool,
    prices: [f64; 4],
    mir: bool,
) -> VmSize {
    VmSize { name, family, vcpus, gpus, max_resource_volume_mb, memory_gb, low_priority, premium_io, prices, mir }
}

#[rustfmt::skip]
pub const CATALOGUE: &[VmSize] = &[
    // From the spec example (same names, families, sizes and prices).
    s("Standard_DS1_v2", "standardDSv2Family", 1, 0, 7168, 3.5, true, true, [0.07, 0.01, 0.13, 0.05], false),
    s("Standard_DS2_v2", "standardDSv2Family", 2, 0, 14336, 7.0, true, true, [0.15, 0.03, 0.25, 0.1], true),
    s("Standard_DS3_v2", "standardDSv2Family", 4, 0, 28672, 14.0, true, true, [0.29, 0.06, 0.5, 0.2], true),
    s("Standard_DS4_v2", "standardDSv2Family", 8, 0, 57344, 28.0, true, true, [0.58, 0.12, 1.01, 0.4], true),
    s("Standard_DS5_v2", "standardDSv2Family", 16, 0, 114688, 56.0, true, true, [1.17, 0.23, 2.02, 0.81], true),
    s("Standard_DS11_v2", "standardDSv2Family", 2, 0, 28672, 14.0, true, true, [0.18, 0.04, 0.26, 0.11], false),
    s("Standard_DS12_v2", "standardDSv2Family", 4, 0, 57344, 28.0, true, true, [0.37, 0.07, 0.53, 0.21], false),
    s("Standard_DS13_v2", "standardDSv2Family", 8, 0, 114688, 56.0, true, true, [0.74, 0.15, 1.06, 0.42], false),
    s("Standard_DS14_v2", "standardDSv2Family", 16, 0, 229376, 112.0, true, true, [1.48, 0.3, 2.11, 0.84], false),
    // More general-purpose CPU sizes.
    s("Standard_D2_v2", "standardDv2Family", 2, 0, 102400, 7.0, true, false, [0.15, 0.03, 0.25, 0.05], true),
    s("Standard_D3_v2", "standardDv2Family", 4, 0, 204800, 14.0, true, false, [0.29, 0.06, 0.5, 0.1], true),
    s("Standard_D4_v2", "standardDv2Family", 8, 0, 409600, 28.0, true, false, [0.59, 0.12, 1.0, 0.2], true),
    s("Standard_D2s_v3", "standardDSv3Family", 2, 0, 16384, 8.0, true, true, [0.1, 0.02, 0.19, 0.04], true),
    s("Standard_D4s_v3", "standardDSv3Family", 4, 0, 32768, 16.0, true, true, [0.19, 0.04, 0.38, 0.08], true),
    s("Standard_D8s_v3", "standardDSv3Family", 8, 0, 65536, 32.0, true, true, [0.38, 0.08, 0.75, 0.15], true),
    s("Standard_D16s_v3", "standardDSv3Family", 16, 0, 131072, 64.0, true, true, [0.77, 0.15, 1.5, 0.3], true),
    s("Standard_E4s_v3", "standardESv3Family", 4, 0, 65536, 32.0, true, true, [0.25, 0.05, 0.44, 0.09], true),
    s("Standard_E8s_v3", "standardESv3Family", 8, 0, 131072, 64.0, true, true, [0.5, 0.1, 0.87, 0.17], true),
    s("Standard_F4s_v2", "standardFSv2Family", 4, 0, 32768, 8.0, true, true, [0.17, 0.03, 0.35, 0.07], true),
    s("Standard_F8s_v2", "standardFSv2Family", 8, 0, 65536, 16.0, true, true, [0.34, 0.07, 0.71, 0.14], true),
    // GPU sizes. Standard_NC6 is retired in Azure but the spec's compute examples still use it.
    s("Standard_NC6", "standardNCFamily", 6, 1, 389120, 56.0, true, false, [0.9, 0.18, 1.08, 0.22], false),
    s("Standard_NC6s_v3", "standardNCSv3Family", 6, 1, 344064, 112.0, true, true, [3.06, 0.61, 3.34, 0.67], true),
    s("Standard_NC12s_v3", "standardNCSv3Family", 12, 2, 688128, 224.0, true, true, [6.12, 1.22, 6.67, 1.33], true),
    s("Standard_NC24s_v3", "standardNCSv3Family", 24, 4, 1376256, 448.0, true, true, [12.24, 2.45, 13.34, 2.67], true),
    s("Standard_NC4as_T4_v3", "standardNCASv3_T4Family", 4, 1, 180224, 28.0, true, true, [0.53, 0.11, 0.71, 0.14], true),
    s("Standard_NC16as_T4_v3", "standardNCASv3_T4Family", 16, 1, 360448, 110.0, true, true, [1.2, 0.24, 1.94, 0.39], true),
    s("Standard_NC24ads_A100_v4", "standardNCADSA100v4Family", 24, 1, 65536, 220.0, true, true, [3.67, 0.73, 4.77, 0.95], true),
    s("Standard_ND96asr_v4", "standardNDASv4_A100Family", 96, 8, 6000000, 900.0, true, true, [27.2, 5.44, 32.64, 6.53], true),
    s("Standard_NV12s_v3", "standardNVSv3Family", 12, 1, 344064, 112.0, false, true, [1.14, 0.0, 1.69, 0.0], false),
];

/// Case-insensitive lookup (the SDK sends `STANDARD_DS3_V2`).
pub fn find(name: &str) -> Option<&'static VmSize> {
    CATALOGUE.iter().find(|v| v.name.eq_ignore_ascii_case(name))
}

pub fn size_json(v: &VmSize) -> Value {
    let mut prices = vec![
        json!({"retailPrice": v.prices[0], "osType": "Linux", "vmTier": "Standard"}),
        json!({"retailPrice": v.prices[2], "osType": "Windows", "vmTier": "Standard"}),
    ];
    if v.low_priority {
        prices.push(json!({"retailPrice": v.prices[1], "osType": "Linux", "vmTier": "LowPriority"}));
        prices.push(json!({"retailPrice": v.prices[3], "osType": "Windows", "vmTier": "LowPriority"}));
    }
    let mut types = vec!["AmlCompute", "ComputeInstance"];
    if v.mir {
        types.push("MIR");
    }
    json!({
        "name": v.name,
        "family": v.family,
        "vCPUs": v.vcpus,
        "gpus": v.gpus,
        "osVhdSizeMB": 1047552,
        "maxResourceVolumeMB": v.max_resource_volume_mb,
        "memoryGB": v.memory_gb,
        "lowPriorityCapable": v.low_priority,
        "premiumIO": v.premium_io,
        "estimatedVMPrices": {"billingCurrency": "USD", "unitOfMeasure": "OneHour", "values": prices},
        "supportedComputeTypes": types,
    })
}

pub fn location_known(loc: &str) -> bool {
    LOCATIONS.iter().any(|l| l.eq_ignore_ascii_case(loc))
}

/// ARM's answer for a region where the provider does not offer the resource type.
pub fn location_not_available(loc: &str, resource_type: &str) -> Response {
    arm_error(
        StatusCode::BAD_REQUEST,
        "LocationNotAvailableForResourceType",
        &format!(
            "The provided location '{loc}' is not available for resource type \
             'Microsoft.MachineLearningServices/{resource_type}'. List of available regions for the resource type is '{}'.",
            LOCATIONS.join(",")
        ),
    )
}

pub async fn list(_checked: MlScope, Path(LocationPath { loc }): Path<LocationPath>) -> Response {
    if !location_known(&loc) {
        return location_not_available(&loc, "locations/vmSizes");
    }
    ok(json!({ "value": CATALOGUE.iter().map(size_json).collect::<Vec<_>>() }))
}

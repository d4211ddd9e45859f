//! Computes: the `ComputeResource` envelope and the polymorphic `Compute` (discriminator
//! `computeType`). The enum is "model as string" on the service side, so an unknown type (legacy
//! `Batch`, `BatchAI`, or one newer than this crate) must parse and round-trip unchanged.

mod aml;
mod attached;
pub mod compute_type;
mod instance;
mod kind;
mod secrets;

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::common::ErrorResponse;
use super::wire::{take, wire_struct};

pub use aml::*;
pub use attached::*;
pub use instance::*;
pub use kind::ComputeKind;
pub use secrets::*;

/// Wire values of `provisioningState` (kept as strings so new values pass through).
pub mod provisioning_state {
    pub const UNKNOWN: &str = "Unknown";
    pub const UPDATING: &str = "Updating";
    pub const CREATING: &str = "Creating";
    pub const DELETING: &str = "Deleting";
    pub const SUCCEEDED: &str = "Succeeded";
    pub const FAILED: &str = "Failed";
    pub const CANCELED: &str = "Canceled";

    /// True for the states after which polling can stop.
    pub fn is_terminal(state: &str) -> bool {
        [SUCCEEDED, FAILED, CANCELED].iter().any(|s| s.eq_ignore_ascii_case(state))
    }
}

wire_struct! {
    /// A compute of a workspace (`…/workspaces/{ws}/computes/{name}`).
    pub struct ComputeResource {
        id: String = "id",
        name: String = "name",
        resource_type: String = "type",
        location: String = "location",
        tags: Map<String, Value> = "tags",
        identity: Value = "identity",
        sku: Value = "sku",
        system_data: Value = "systemData",
        properties: Compute = "properties",
    }
}

/// The `properties` of a compute: the fields common to every type, plus [`ComputeKind`] for
/// `computeType` and the type-specific nested `properties`.
#[derive(Debug, Clone, PartialEq)]
pub struct Compute {
    pub kind: ComputeKind,
    pub compute_location: Option<String>,
    pub description: Option<String>,
    /// ARM id of the underlying resource (what attach uses).
    pub resource_id: Option<String>,
    pub disable_local_auth: Option<bool>,
    pub provisioning_state: Option<String>,
    pub created_on: Option<String>,
    pub modified_on: Option<String>,
    pub provisioning_errors: Option<Vec<ErrorResponse>>,
    pub is_attached_compute: Option<bool>,
    /// Unknown members, explicit `null`s and mistyped values, as in every model.
    pub extra: Map<String, Value>,
}

impl Compute {
    /// A compute of the given kind with no other field set (a PUT body starting point).
    pub fn new(kind: ComputeKind) -> Self {
        Compute {
            kind,
            compute_location: None,
            description: None,
            resource_id: None,
            disable_local_auth: None,
            provisioning_state: None,
            created_on: None,
            modified_on: None,
            provisioning_errors: None,
            is_attached_compute: None,
            extra: Map::new(),
        }
    }
}

/// Common members in wire order; `computeType` and `properties` are handled by the kind.
const COMMON: [&str; 9] = [
    "computeLocation",
    "description",
    "resourceId",
    "disableLocalAuth",
    "provisioningState",
    "createdOn",
    "modifiedOn",
    "provisioningErrors",
    "isAttachedCompute",
];

impl Serialize for Compute {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        let ty = self.kind.compute_type();
        if !ty.is_empty() {
            m.serialize_entry("computeType", ty)?;
        }
        macro_rules! opt {
            ($key:literal, $field:expr) => {
                if let Some(v) = &$field {
                    m.serialize_entry($key, v)?;
                }
            };
        }
        opt!("computeLocation", self.compute_location);
        opt!("description", self.description);
        opt!("resourceId", self.resource_id);
        opt!("disableLocalAuth", self.disable_local_auth);
        opt!("provisioningState", self.provisioning_state);
        opt!("createdOn", self.created_on);
        opt!("modifiedOn", self.modified_on);
        opt!("provisioningErrors", self.provisioning_errors);
        opt!("isAttachedCompute", self.is_attached_compute);
        let nested = self.kind.serialize_nested(&mut m)?;
        for (k, v) in &self.extra {
            let shadowed = match k.as_str() {
                "computeType" => !ty.is_empty(),
                "properties" => nested,
                "computeLocation" => self.compute_location.is_some(),
                "description" => self.description.is_some(),
                "resourceId" => self.resource_id.is_some(),
                "disableLocalAuth" => self.disable_local_auth.is_some(),
                "provisioningState" => self.provisioning_state.is_some(),
                "createdOn" => self.created_on.is_some(),
                "modifiedOn" => self.modified_on.is_some(),
                "provisioningErrors" => self.provisioning_errors.is_some(),
                "isAttachedCompute" => self.is_attached_compute.is_some(),
                _ => false,
            };
            if !shadowed {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Compute {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut extra = Map::<String, Value>::deserialize(d)?;
        // The discriminator decides how the nested `properties` is read, so it goes first.
        let kind = ComputeKind::take_from(&mut extra);
        Ok(Compute {
            kind,
            compute_location: take(&mut extra, COMMON[0]),
            description: take(&mut extra, COMMON[1]),
            resource_id: take(&mut extra, COMMON[2]),
            disable_local_auth: take(&mut extra, COMMON[3]),
            provisioning_state: take(&mut extra, COMMON[4]),
            created_on: take(&mut extra, COMMON[5]),
            modified_on: take(&mut extra, COMMON[6]),
            provisioning_errors: take(&mut extra, COMMON[7]),
            is_attached_compute: take(&mut extra, COMMON[8]),
            extra,
        })
    }
}

//! `ComputeSecrets` (POST listKeys), discriminated by `computeType` like `Compute`. Lossless:
//! unknown members and unknown types survive a round trip.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::attached::VirtualMachineSshCredentials;
use super::compute_type as ct;
use crate::models::wire::wire_struct;

wire_struct! {
    /// Secrets of an `AKS` compute. All three are secrets to mask in the UI.
    pub struct AksComputeSecrets {
        user_kube_config: String = "userKubeConfig",
        admin_kube_config: String = "adminKubeConfig",
        image_pull_secret_name: String = "imagePullSecretName",
    }
}

wire_struct! {
    /// Secrets of a `VirtualMachine` compute (the admin account it was attached with).
    pub struct VirtualMachineSecrets {
        administrator_account: VirtualMachineSshCredentials = "administratorAccount",
    }
}

wire_struct! {
    /// Secrets of a `Databricks` compute.
    pub struct DatabricksComputeSecrets {
        databricks_access_token: String = "databricksAccessToken",
    }
}

/// The listKeys answer. Other types (the service may add some) stay as raw members.
#[derive(Debug, Clone, PartialEq)]
pub enum ComputeSecrets {
    Aks(AksComputeSecrets),
    VirtualMachine(VirtualMachineSecrets),
    Databricks(DatabricksComputeSecrets),
    /// `compute_type` is the wire value (empty when missing); `raw` the other members.
    Unknown {
        compute_type: String,
        raw: Map<String, Value>,
    },
}

impl ComputeSecrets {
    /// The wire `computeType`.
    pub fn compute_type(&self) -> &str {
        match self {
            ComputeSecrets::Aks(_) => ct::AKS,
            ComputeSecrets::VirtualMachine(_) => ct::VIRTUAL_MACHINE,
            ComputeSecrets::Databricks(_) => ct::DATABRICKS,
            ComputeSecrets::Unknown { compute_type, .. } => compute_type,
        }
    }
}

impl Serialize for ComputeSecrets {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let body = match self {
            ComputeSecrets::Aks(v) => serde_json::to_value(v),
            ComputeSecrets::VirtualMachine(v) => serde_json::to_value(v),
            ComputeSecrets::Databricks(v) => serde_json::to_value(v),
            ComputeSecrets::Unknown { raw, .. } => Ok(Value::Object(raw.clone())),
        }
        .map_err(S::Error::custom)?;
        // `computeType` first, as the service writes it.
        let mut out = Map::new();
        let ty = self.compute_type();
        if !ty.is_empty() {
            out.insert("computeType".to_string(), Value::String(ty.to_string()));
        }
        if let Value::Object(m) = body {
            out.extend(m);
        }
        out.serialize(s)
    }
}

impl<'de> Deserialize<'de> for ComputeSecrets {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut map = Map::<String, Value>::deserialize(d)?;
        let ty = match map.get("computeType") {
            Some(Value::String(s)) if !s.is_empty() => {
                let s = s.clone();
                map.shift_remove("computeType");
                s
            }
            _ => String::new(),
        };
        let rest = Value::Object(map.clone());
        Ok(match ty.as_str() {
            ct::AKS => ComputeSecrets::Aks(serde_json::from_value(rest).map_err(D::Error::custom)?),
            ct::VIRTUAL_MACHINE => {
                ComputeSecrets::VirtualMachine(serde_json::from_value(rest).map_err(D::Error::custom)?)
            }
            ct::DATABRICKS => ComputeSecrets::Databricks(serde_json::from_value(rest).map_err(D::Error::custom)?),
            _ => ComputeSecrets::Unknown { compute_type: ty, raw: map },
        })
    }
}

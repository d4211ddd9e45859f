//! `ComputeKind`: the `computeType` discriminator together with the typed nested `properties`.

use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use super::aml::AmlComputeProperties;
use super::attached::{
    AksProperties, DataFactoryProperties, DataLakeAnalyticsProperties, DatabricksProperties, HdInsightProperties,
    KubernetesProperties, SynapseSparkProperties, VirtualMachineProperties,
};
use super::compute_type as ct;
use super::instance::ComputeInstanceProperties;
use crate::models::wire::take;

/// One variant per known `computeType`, holding its nested `properties` (`None` when absent,
/// `null`, or not an object; such raw values stay in `Compute::extra`). Any other type is kept
/// as [`ComputeKind::Unknown`] with the nested `properties` untouched.
// Variants differ in size (an instance has ~20 fields, Data Factory none); computes live in a
// `Vec` anyway, and boxing would make every match in the console noisier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ComputeKind {
    Aks(Option<AksProperties>),
    Kubernetes(Option<KubernetesProperties>),
    AmlCompute(Option<AmlComputeProperties>),
    ComputeInstance(Option<ComputeInstanceProperties>),
    DataFactory(Option<DataFactoryProperties>),
    VirtualMachine(Option<VirtualMachineProperties>),
    HdInsight(Option<HdInsightProperties>),
    Databricks(Option<DatabricksProperties>),
    DataLakeAnalytics(Option<DataLakeAnalyticsProperties>),
    SynapseSpark(Option<SynapseSparkProperties>),
    /// A type this crate does not know (e.g. `Batch`). `compute_type` is the wire value (empty
    /// when the member was missing or not a string; the raw member then stays in
    /// `Compute::extra`); `raw` is the nested `properties` exactly as received (`Some(Null)` for
    /// an explicit `null`).
    Unknown {
        compute_type: String,
        raw: Option<Value>,
    },
}

impl ComputeKind {
    /// The kind for a wire `computeType`, with no nested properties.
    pub fn from_type(compute_type: &str) -> ComputeKind {
        match compute_type {
            ct::AKS => ComputeKind::Aks(None),
            ct::KUBERNETES => ComputeKind::Kubernetes(None),
            ct::AML_COMPUTE => ComputeKind::AmlCompute(None),
            ct::COMPUTE_INSTANCE => ComputeKind::ComputeInstance(None),
            ct::DATA_FACTORY => ComputeKind::DataFactory(None),
            ct::VIRTUAL_MACHINE => ComputeKind::VirtualMachine(None),
            ct::HD_INSIGHT => ComputeKind::HdInsight(None),
            ct::DATABRICKS => ComputeKind::Databricks(None),
            ct::DATA_LAKE_ANALYTICS => ComputeKind::DataLakeAnalytics(None),
            ct::SYNAPSE_SPARK => ComputeKind::SynapseSpark(None),
            other => ComputeKind::Unknown { compute_type: other.to_string(), raw: None },
        }
    }

    /// The wire `computeType` (empty for an unknown kind without one).
    pub fn compute_type(&self) -> &str {
        match self {
            ComputeKind::Aks(_) => ct::AKS,
            ComputeKind::Kubernetes(_) => ct::KUBERNETES,
            ComputeKind::AmlCompute(_) => ct::AML_COMPUTE,
            ComputeKind::ComputeInstance(_) => ct::COMPUTE_INSTANCE,
            ComputeKind::DataFactory(_) => ct::DATA_FACTORY,
            ComputeKind::VirtualMachine(_) => ct::VIRTUAL_MACHINE,
            ComputeKind::HdInsight(_) => ct::HD_INSIGHT,
            ComputeKind::Databricks(_) => ct::DATABRICKS,
            ComputeKind::DataLakeAnalytics(_) => ct::DATA_LAKE_ANALYTICS,
            ComputeKind::SynapseSpark(_) => ct::SYNAPSE_SPARK,
            ComputeKind::Unknown { compute_type, .. } => compute_type,
        }
    }

    /// False only for [`ComputeKind::Unknown`].
    pub fn is_known(&self) -> bool {
        !matches!(self, ComputeKind::Unknown { .. })
    }

    /// The AmlCompute properties, if this is a cluster that has them.
    pub fn aml_compute(&self) -> Option<&AmlComputeProperties> {
        match self {
            ComputeKind::AmlCompute(p) => p.as_ref(),
            _ => None,
        }
    }

    /// The ComputeInstance properties, if this is an instance that has them.
    pub fn compute_instance(&self) -> Option<&ComputeInstanceProperties> {
        match self {
            ComputeKind::ComputeInstance(p) => p.as_ref(),
            _ => None,
        }
    }

    /// Reads `computeType` and the nested `properties` out of a `Compute` object.
    pub(crate) fn take_from(map: &mut Map<String, Value>) -> ComputeKind {
        let ty = match map.get("computeType") {
            Some(Value::String(s)) if !s.is_empty() => {
                let s = s.clone();
                map.shift_remove("computeType");
                s
            }
            _ => String::new(),
        };
        match ComputeKind::from_type(&ty) {
            ComputeKind::Aks(_) => ComputeKind::Aks(take(map, "properties")),
            ComputeKind::Kubernetes(_) => ComputeKind::Kubernetes(take(map, "properties")),
            ComputeKind::AmlCompute(_) => ComputeKind::AmlCompute(take(map, "properties")),
            ComputeKind::ComputeInstance(_) => ComputeKind::ComputeInstance(take(map, "properties")),
            ComputeKind::DataFactory(_) => ComputeKind::DataFactory(take(map, "properties")),
            ComputeKind::VirtualMachine(_) => ComputeKind::VirtualMachine(take(map, "properties")),
            ComputeKind::HdInsight(_) => ComputeKind::HdInsight(take(map, "properties")),
            ComputeKind::Databricks(_) => ComputeKind::Databricks(take(map, "properties")),
            ComputeKind::DataLakeAnalytics(_) => ComputeKind::DataLakeAnalytics(take(map, "properties")),
            ComputeKind::SynapseSpark(_) => ComputeKind::SynapseSpark(take(map, "properties")),
            ComputeKind::Unknown { compute_type, .. } => {
                ComputeKind::Unknown { compute_type, raw: map.shift_remove("properties") }
            }
        }
    }

    /// Writes the nested `properties` entry if there is one; returns whether it did.
    pub(crate) fn serialize_nested<M: SerializeMap>(&self, m: &mut M) -> Result<bool, M::Error> {
        fn put<M: SerializeMap, T: serde::Serialize>(m: &mut M, v: &Option<T>) -> Result<bool, M::Error> {
            match v {
                Some(v) => m.serialize_entry("properties", v).map(|_| true),
                None => Ok(false),
            }
        }
        match self {
            ComputeKind::Aks(p) => put(m, p),
            ComputeKind::Kubernetes(p) => put(m, p),
            ComputeKind::AmlCompute(p) => put(m, p),
            ComputeKind::ComputeInstance(p) => put(m, p),
            ComputeKind::DataFactory(p) => put(m, p),
            ComputeKind::VirtualMachine(p) => put(m, p),
            ComputeKind::HdInsight(p) => put(m, p),
            ComputeKind::Databricks(p) => put(m, p),
            ComputeKind::DataLakeAnalytics(p) => put(m, p),
            ComputeKind::SynapseSpark(p) => put(m, p),
            ComputeKind::Unknown { raw, .. } => put(m, raw),
        }
    }
}

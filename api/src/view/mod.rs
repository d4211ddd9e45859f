//! Pure display logic the console's compute list and details pages call, kept here so it is
//! unit-tested natively instead of inside the wasm UI.

mod groups;
pub mod instance;
pub mod window;

use std::borrow::Cow;

pub use groups::{humanize, PropertyGroup, HIDDEN};

use crate::models::compute_type as ct;
use crate::models::{Compute, ComputeKind, ComputeResource, ErrorDetail};

/// Node counts of a cluster, for the list's "Nodes" column and the details header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NodeSummary {
    pub current: Option<i64>,
    pub target: Option<i64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// Display name of a wire `computeType` (also usable for the type filter's options).
pub fn type_label_for(compute_type: &str) -> Cow<'static, str> {
    Cow::Borrowed(match compute_type {
        ct::AML_COMPUTE => "Compute cluster",
        ct::COMPUTE_INSTANCE => "Compute instance",
        ct::VIRTUAL_MACHINE => "Virtual machine",
        ct::HD_INSIGHT => "HDInsight",
        ct::DATABRICKS => "Databricks",
        ct::DATA_LAKE_ANALYTICS => "Data Lake Analytics",
        ct::KUBERNETES => "Kubernetes",
        ct::SYNAPSE_SPARK => "Synapse Spark",
        ct::AKS => "Azure Kubernetes Service",
        ct::DATA_FACTORY => "Data Factory",
        "" => "Unknown (unsupported)",
        other => return Cow::Owned(format!("{other} (unsupported)")),
    })
}

impl ComputeResource {
    /// The compute name; falls back to the last segment of the id.
    pub fn name(&self) -> &str {
        match self.name.as_deref() {
            Some(n) if !n.is_empty() => n,
            _ => self.id.as_deref().and_then(|id| id.rsplit('/').next()).unwrap_or(""),
        }
    }

    fn compute(&self) -> Option<&Compute> {
        self.properties.as_ref()
    }

    fn kind(&self) -> Option<&ComputeKind> {
        self.compute().map(|c| &c.kind)
    }

    /// Wire `computeType` (`"AmlCompute"`, `"Batch"`, …); empty when missing.
    pub fn compute_type(&self) -> &str {
        self.kind().map(ComputeKind::compute_type).unwrap_or("")
    }

    /// False for types this crate does not model (shown read-only).
    pub fn is_known_type(&self) -> bool {
        self.kind().is_some_and(ComputeKind::is_known)
    }

    /// Display name of the type ("Compute cluster", "Batch (unsupported)", …).
    pub fn type_label(&self) -> Cow<'static, str> {
        type_label_for(self.compute_type())
    }

    pub fn provisioning_state(&self) -> Option<&str> {
        self.compute()?.provisioning_state.as_deref()
    }

    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    pub fn created_on(&self) -> Option<&str> {
        self.compute()?.created_on.as_deref()
    }

    pub fn modified_on(&self) -> Option<&str> {
        self.compute()?.modified_on.as_deref()
    }

    pub fn description(&self) -> Option<&str> {
        self.compute()?.description.as_deref()
    }

    /// The state column: a cluster shows provisioning and allocation ("Succeeded · Steady"),
    /// an instance its power state ("Running"), anything else its provisioning state.
    pub fn state_label(&self) -> String {
        let prov = self.provisioning_state().filter(|s| !s.is_empty());
        let secondary = match self.kind() {
            Some(ComputeKind::AmlCompute(Some(p))) => p.allocation_state.as_deref(),
            Some(ComputeKind::ComputeInstance(Some(p))) => {
                if let Some(state) = p.state.as_deref().filter(|s| !s.is_empty()) {
                    return state.to_string();
                }
                None
            }
            _ => None,
        };
        match (prov, secondary.filter(|s| !s.is_empty())) {
            (Some(p), Some(a)) => format!("{p} · {a}"),
            (Some(p), None) => p.to_string(),
            (None, Some(a)) => a.to_string(),
            (None, None) => "Unknown".to_string(),
        }
    }

    /// VM size of whichever field the type uses for it.
    pub fn vm_size(&self) -> Option<String> {
        let size = match self.kind()? {
            ComputeKind::AmlCompute(Some(p)) => p.vm_size.as_deref(),
            ComputeKind::ComputeInstance(Some(p)) => p.vm_size.as_deref(),
            ComputeKind::VirtualMachine(Some(p)) => p.virtual_machine_size.as_deref(),
            ComputeKind::HdInsight(Some(p)) => p.virtual_machine_size.as_deref(),
            ComputeKind::Aks(Some(p)) => p.agent_vm_size.as_deref(),
            ComputeKind::SynapseSpark(Some(p)) => p.node_size.as_deref(),
            // An unknown type is read-only, but its raw `vmSize` is still worth a column.
            ComputeKind::Unknown { raw: Some(raw), .. } => raw.get("vmSize").and_then(|v| v.as_str()),
            _ => None,
        };
        size.filter(|s| !s.is_empty()).map(str::to_string)
    }

    /// Node counts of an AmlCompute cluster; `None` for other types or when nothing is known.
    pub fn node_summary(&self) -> Option<NodeSummary> {
        let p = self.kind()?.aml_compute()?;
        let scale = p.scale_settings.as_ref();
        let summary = NodeSummary {
            current: p.current_node_count,
            target: p.target_node_count,
            min: scale.and_then(|s| s.min_node_count),
            max: scale.and_then(|s| s.max_node_count),
        };
        (summary != NodeSummary::default()).then_some(summary)
    }

    /// `provisioningErrors[].error`, in order.
    pub fn provisioning_errors(&self) -> Vec<ErrorDetail> {
        self.compute()
            .and_then(|c| c.provisioning_errors.as_ref())
            .map(|errs| errs.iter().filter_map(|e| e.error.clone()).collect())
            .unwrap_or_default()
    }

    /// Runtime errors a cluster or instance reports in its own `errors` list.
    pub fn compute_errors(&self) -> Vec<ErrorDetail> {
        let errs = match self.kind() {
            Some(ComputeKind::AmlCompute(Some(p))) => p.errors.as_ref(),
            Some(ComputeKind::ComputeInstance(Some(p))) => p.errors.as_ref(),
            _ => None,
        };
        errs.map(|e| e.iter().filter_map(|e| e.error.clone()).collect()).unwrap_or_default()
    }

    /// Every property, grouped for the details page (see [`PropertyGroup`]).
    pub fn property_groups(&self) -> Vec<PropertyGroup> {
        groups::property_groups(self)
    }
}

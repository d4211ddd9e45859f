//! The compute list's row, read straight from a `Computes_List` item's JSON.
//!
//! The list needs nine facts per compute; reading whole `ComputeResource`s (every property of
//! every compute type, kept losslessly) for them cost the console's first load ~10 KB of
//! brotli'd wasm, since the list is painted by the main module. The details page keeps the
//! typed model, and its header reads the same facts through [`ComputeResource::row`], so the
//! rules below exist once.
//!
//! A member counts only when it has the shape the typed model gives it (a string, an integer,
//! an object), as the model's lossless reader does (`models::wire`): anything else reads as
//! absent, never as an error, so every object in the list gets a row.

use std::borrow::Cow;

use serde_json::Value;

use crate::models::compute_type as ct;
use crate::models::ComputeResource;

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
        ct::AML_COMPUTE => crate::msg_str!("Compute cluster"),
        ct::COMPUTE_INSTANCE => crate::msg_str!("Compute instance"),
        ct::VIRTUAL_MACHINE => crate::msg_str!("Virtual machine"),
        ct::HD_INSIGHT => "HDInsight",
        ct::DATABRICKS => "Databricks",
        ct::DATA_LAKE_ANALYTICS => "Data Lake Analytics",
        ct::KUBERNETES => "Kubernetes",
        ct::SYNAPSE_SPARK => "Synapse Spark",
        ct::AKS => "Azure Kubernetes Service",
        ct::DATA_FACTORY => "Data Factory",
        "" => crate::msg_str!("Unknown (unsupported)"),
        other => return Cow::Owned(crate::msg!("{other} (unsupported)")),
    })
}

/// What the compute list shows of one compute.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ComputeRow {
    /// `name`, else the last segment of `id`.
    pub name: String,
    /// Wire `computeType`; empty when missing.
    pub compute_type: String,
    /// False for types the console does not model (shown read-only).
    pub known: bool,
    /// "Compute cluster", "Batch (unsupported)", …
    pub type_label: String,
    /// A cluster: provisioning and allocation ("Succeeded · Steady"); an instance: its power
    /// state; anything else: its provisioning state; "Unknown" when none is known.
    pub state: String,
    /// The VM size of whichever field the type uses for it.
    pub vm_size: Option<String>,
    /// Node counts of a cluster, when any is known.
    pub nodes: Option<NodeSummary>,
    pub location: Option<String>,
    pub created_on: Option<String>,
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)?.as_str()
}

fn int(v: &Value, key: &str) -> Option<i64> {
    v.get(key)?.as_i64()
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

impl ComputeRow {
    /// The row of one list item (an object; other items are left out by the list reader).
    pub fn from_value(item: &Value) -> ComputeRow {
        let name = match non_empty(text(item, "name")) {
            Some(n) => n.to_string(),
            None => text(item, "id").and_then(|id| id.rsplit('/').next()).unwrap_or("").to_string(),
        };
        let compute = item.get("properties").filter(|p| p.is_object());
        let field = |key| compute.and_then(|c| text(c, key));
        let compute_type = non_empty(field("computeType")).unwrap_or("").to_string();
        // The type's own properties, when they are an object (the typed model's condition).
        let own = compute.and_then(|c| c.get("properties")).filter(|p| p.is_object());
        let own_text = |key| own.and_then(|p| text(p, key));
        let prov = non_empty(field("provisioningState"));
        let secondary = match compute_type.as_str() {
            ct::AML_COMPUTE => own_text("allocationState"),
            ct::COMPUTE_INSTANCE => own_text("state"),
            _ => None,
        };
        let state = match (compute_type.as_str(), prov, non_empty(secondary)) {
            (ct::COMPUTE_INSTANCE, _, Some(power)) => power.to_string(),
            (_, Some(p), Some(a)) => format!("{p} · {a}"),
            (_, Some(p), None) => p.to_string(),
            (_, None, Some(a)) => a.to_string(),
            (_, None, None) => crate::msg!("Unknown"),
        };
        // The list of wire types, not `ComputeKind::from_type`: building the enum would bring its
        // drop glue for every variant into the main module.
        let known = ct::ALL.contains(&compute_type.as_str());
        let vm_size = match compute_type.as_str() {
            ct::AML_COMPUTE | ct::COMPUTE_INSTANCE => own_text("vmSize"),
            ct::VIRTUAL_MACHINE | ct::HD_INSIGHT => own_text("virtualMachineSize"),
            ct::AKS => own_text("agentVmSize"),
            ct::SYNAPSE_SPARK => own_text("nodeSize"),
            // An unknown type is read-only, but its raw `vmSize` is still worth a column
            // (whatever shape its properties have).
            _ if !known => compute.and_then(|c| c.get("properties")).and_then(|p| text(p, "vmSize")),
            _ => None,
        };
        let nodes = match (compute_type.as_str(), own) {
            (ct::AML_COMPUTE, Some(p)) => {
                let scale = p.get("scaleSettings").filter(|s| s.is_object());
                let summary = NodeSummary {
                    current: int(p, "currentNodeCount"),
                    target: int(p, "targetNodeCount"),
                    min: scale.and_then(|s| int(s, "minNodeCount")),
                    max: scale.and_then(|s| int(s, "maxNodeCount")),
                };
                (summary != NodeSummary::default()).then_some(summary)
            }
            _ => None,
        };
        ComputeRow {
            name,
            type_label: type_label_for(&compute_type).into_owned(),
            compute_type,
            known,
            state,
            vm_size: non_empty(vm_size).map(str::to_string),
            nodes,
            location: text(item, "location").map(str::to_string),
            created_on: field("createdOn").map(str::to_string),
        }
    }
}

impl ComputeResource {
    /// This compute's list row (the model written back to its wire JSON, which is lossless).
    pub fn row(&self) -> ComputeRow {
        ComputeRow::from_value(&serde_json::to_value(self).unwrap_or(Value::Null))
    }
}

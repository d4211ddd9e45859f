//! Pure display logic the console's compute list and details pages call, kept here so it is
//! unit-tested natively instead of inside the wasm UI.

mod groups;
pub mod instance;
mod row;
pub mod search;
pub mod window;

use std::borrow::Cow;

pub use groups::{humanize, PropertyGroup, HIDDEN};
pub use row::{type_label_for, ComputeRow, NodeSummary};

use crate::models::{Compute, ComputeKind, ComputeResource, ErrorDetail};

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
        self.row().state
    }

    /// VM size of whichever field the type uses for it.
    pub fn vm_size(&self) -> Option<String> {
        self.row().vm_size
    }

    /// Node counts of an AmlCompute cluster; `None` for other types or when nothing is known.
    pub fn node_summary(&self) -> Option<NodeSummary> {
        self.row().nodes
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

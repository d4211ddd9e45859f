//! Per-region catalogs: VM sizes (`vmSizes`) and usages (`usages`).

use serde_json::Number;

use super::wire::wire_struct;

wire_struct! {
    /// Response of `…/locations/{location}/vmSizes` (not paged).
    pub struct VirtualMachineSizeList {
        value: Vec<VirtualMachineSize> = "value",
    }
}

wire_struct! {
    /// One VM size offered in a region.
    pub struct VirtualMachineSize {
        name: String = "name",
        family: String = "family",
        v_cpus: i64 = "vCPUs",
        gpus: i64 = "gpus",
        os_vhd_size_mb: i64 = "osVhdSizeMB",
        max_resource_volume_mb: i64 = "maxResourceVolumeMB",
        /// Kept as a JSON number so `7.0` and `7` both round-trip exactly.
        memory_gb: Number = "memoryGB",
        low_priority_capable: bool = "lowPriorityCapable",
        premium_io: bool = "premiumIO",
        estimated_vm_prices: EstimatedVmPrices = "estimatedVMPrices",
        supported_compute_types: Vec<String> = "supportedComputeTypes",
    }
}

impl VirtualMachineSize {
    /// True when `supportedComputeTypes` lists `compute_type` (e.g. `AmlCompute`).
    pub fn supports(&self, compute_type: &str) -> bool {
        self.supported_compute_types.as_ref().is_some_and(|t| t.iter().any(|x| x == compute_type))
    }
}

wire_struct! {
    /// Price hints for a VM size.
    pub struct EstimatedVmPrices {
        billing_currency: String = "billingCurrency",
        unit_of_measure: String = "unitOfMeasure",
        values: Vec<EstimatedVmPrice> = "values",
    }
}

wire_struct! {
    /// One price row (`osType` × `vmTier`).
    pub struct EstimatedVmPrice {
        retail_price: Number = "retailPrice",
        os_type: String = "osType",
        vm_tier: String = "vmTier",
    }
}

wire_struct! {
    /// A quota usage row of `…/locations/{location}/usages` (paged as `Page<Usage>`).
    pub struct Usage {
        id: String = "id",
        aml_workspace_location: String = "amlWorkspaceLocation",
        kind: String = "type",
        unit: String = "unit",
        current_value: i64 = "currentValue",
        limit: i64 = "limit",
        name: UsageName = "name",
    }
}

wire_struct! {
    /// Name of a usage row.
    pub struct UsageName {
        value: String = "value",
        localized_value: String = "localizedValue",
    }
}

wire_struct! {
    /// Response of `POST …/computes/{name}/listNodes`; pages like a list, but under `nodes`.
    pub struct NodesPage {
        nodes: Vec<AmlComputeNodeInformation> = "nodes",
        next_link: String = "nextLink",
    }
}

impl NodesPage {
    /// The nodes, empty when absent.
    pub fn nodes(&self) -> &[AmlComputeNodeInformation] {
        self.nodes.as_deref().unwrap_or(&[])
    }

    /// The continuation link, ignoring an empty string.
    pub fn next_link(&self) -> Option<&str> {
        self.next_link.as_deref().filter(|s| !s.is_empty())
    }
}

wire_struct! {
    /// One node of an AmlCompute cluster.
    pub struct AmlComputeNodeInformation {
        node_id: String = "nodeId",
        private_ip_address: String = "privateIpAddress",
        public_ip_address: String = "publicIpAddress",
        /// The spec types it `number`; a JSON number keeps `50000` vs `50000.0` exact.
        port: Number = "port",
        /// `idle`, `running`, `preparing`, `unusable`, `leaving`, `preempted`.
        node_state: String = "nodeState",
        run_id: String = "runId",
    }
}

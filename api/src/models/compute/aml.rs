//! AmlCompute (compute cluster) type-specific properties.

use serde_json::{Map, Value};

use crate::models::common::{ErrorResponse, ResourceId};
use crate::models::wire::wire_struct;

wire_struct! {
    /// `properties.properties` of an `AmlCompute`.
    pub struct AmlComputeProperties {
        os_type: String = "osType",
        vm_size: String = "vmSize",
        /// `Dedicated` or `LowPriority`.
        vm_priority: String = "vmPriority",
        virtual_machine_image: ResourceId = "virtualMachineImage",
        isolated_network: bool = "isolatedNetwork",
        scale_settings: ScaleSettings = "scaleSettings",
        /// Write-only admin credentials (PUT); GET does not return the password.
        user_account_credentials: UserAccountCredentials = "userAccountCredentials",
        subnet: ResourceId = "subnet",
        remote_login_port_public_access: String = "remoteLoginPortPublicAccess",
        /// `Steady` or `Resizing`.
        allocation_state: String = "allocationState",
        allocation_state_transition_time: String = "allocationStateTransitionTime",
        errors: Vec<ErrorResponse> = "errors",
        current_node_count: i64 = "currentNodeCount",
        target_node_count: i64 = "targetNodeCount",
        node_state_counts: NodeStateCounts = "nodeStateCounts",
        enable_node_public_ip: bool = "enableNodePublicIp",
        property_bag: Map<String, Value> = "propertyBag",
    }
}

wire_struct! {
    /// Cluster autoscale bounds; the idle time is an ISO-8601 duration (`PT120S`).
    pub struct ScaleSettings {
        max_node_count: i64 = "maxNodeCount",
        min_node_count: i64 = "minNodeCount",
        node_idle_time_before_scale_down: String = "nodeIdleTimeBeforeScaleDown",
    }
}

wire_struct! {
    /// Cluster node admin account.
    pub struct UserAccountCredentials {
        admin_user_name: String = "adminUserName",
        admin_user_ssh_public_key: String = "adminUserSshPublicKey",
        /// Secret: never displayed.
        admin_user_password: String = "adminUserPassword",
    }
}

wire_struct! {
    /// Node counts per state.
    pub struct NodeStateCounts {
        idle_node_count: i64 = "idleNodeCount",
        running_node_count: i64 = "runningNodeCount",
        preparing_node_count: i64 = "preparingNodeCount",
        unusable_node_count: i64 = "unusableNodeCount",
        leaving_node_count: i64 = "leavingNodeCount",
        preempted_node_count: i64 = "preemptedNodeCount",
    }
}

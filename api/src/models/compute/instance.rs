//! ComputeInstance type-specific properties.

use serde_json::Value;

use crate::models::common::{ErrorResponse, ResourceId};
use crate::models::wire::wire_struct;

wire_struct! {
    /// `properties.properties` of a `ComputeInstance`.
    pub struct ComputeInstanceProperties {
        vm_size: String = "vmSize",
        subnet: ResourceId = "subnet",
        /// `Personal` or `Shared`.
        application_sharing_policy: String = "applicationSharingPolicy",
        ssh_settings: ComputeInstanceSshSettings = "sshSettings",
        custom_services: Vec<Value> = "customServices",
        os_image_metadata: ImageMetadata = "osImageMetadata",
        connectivity_endpoints: ConnectivityEndpoints = "connectivityEndpoints",
        applications: Vec<ComputeInstanceApplication> = "applications",
        created_by: ComputeInstanceCreatedBy = "createdBy",
        errors: Vec<ErrorResponse> = "errors",
        /// `Running`, `Stopped`, `Starting`, `Creating`, … (model-as-string).
        state: String = "state",
        compute_instance_authorization_type: String = "computeInstanceAuthorizationType",
        personal_compute_instance_settings: PersonalComputeInstanceSettings = "personalComputeInstanceSettings",
        setup_scripts: SetupScripts = "setupScripts",
        last_operation: ComputeInstanceLastOperation = "lastOperation",
        schedules: ComputeSchedules = "schedules",
        /// ISO-8601 duration (`PT60M`); preview api-versions only (not in the stable 2025-12-01 spec).
        idle_time_before_shutdown: String = "idleTimeBeforeShutdown",
        enable_node_public_ip: bool = "enableNodePublicIp",
        containers: Vec<Value> = "containers",
        data_disks: Vec<Value> = "dataDisks",
        data_mounts: Vec<Value> = "dataMounts",
        versions: Value = "versions",
    }
}

wire_struct! {
    /// SSH access to a compute instance.
    pub struct ComputeInstanceSshSettings {
        /// `Enabled` or `Disabled`.
        ssh_public_access: String = "sshPublicAccess",
        admin_user_name: String = "adminUserName",
        ssh_port: i64 = "sshPort",
        admin_public_key: String = "adminPublicKey",
    }
}

wire_struct! {
    /// OS image versions of an instance.
    pub struct ImageMetadata {
        current_image_version: String = "currentImageVersion",
        latest_image_version: String = "latestImageVersion",
        is_latest_os_image_version: bool = "isLatestOsImageVersion",
    }
}

wire_struct! {
    /// Addresses of an instance.
    pub struct ConnectivityEndpoints {
        public_ip_address: String = "publicIpAddress",
        private_ip_address: String = "privateIpAddress",
    }
}

wire_struct! {
    /// An application (Jupyter, VS Code, …) exposed by an instance.
    pub struct ComputeInstanceApplication {
        display_name: String = "displayName",
        endpoint_uri: String = "endpointUri",
    }
}

wire_struct! {
    /// Who created an instance.
    pub struct ComputeInstanceCreatedBy {
        user_name: String = "userName",
        user_org_id: String = "userOrgId",
        user_id: String = "userId",
    }
}

wire_struct! {
    /// Settings of a personal instance.
    pub struct PersonalComputeInstanceSettings {
        assigned_user: AssignedUser = "assignedUser",
    }
}

wire_struct! {
    /// The user a personal instance is assigned to.
    pub struct AssignedUser {
        object_id: String = "objectId",
        tenant_id: String = "tenantId",
    }
}

wire_struct! {
    /// Creation and startup scripts.
    pub struct SetupScripts {
        scripts: ScriptsToExecute = "scripts",
    }
}

wire_struct! {
    /// The two script hooks of an instance.
    pub struct ScriptsToExecute {
        startup_script: ScriptReference = "startupScript",
        creation_script: ScriptReference = "creationScript",
    }
}

wire_struct! {
    /// A script location and its arguments.
    pub struct ScriptReference {
        script_source: String = "scriptSource",
        script_data: String = "scriptData",
        script_arguments: String = "scriptArguments",
        timeout: String = "timeout",
    }
}

wire_struct! {
    /// The last start/stop/restart/… operation.
    pub struct ComputeInstanceLastOperation {
        operation_name: String = "operationName",
        operation_time: String = "operationTime",
        operation_status: String = "operationStatus",
        operation_trigger: String = "operationTrigger",
    }
}

wire_struct! {
    /// Start/stop schedules of an instance.
    pub struct ComputeSchedules {
        compute_start_stop: Vec<ComputeStartStopSchedule> = "computeStartStop",
    }
}

wire_struct! {
    /// One start or stop schedule.
    pub struct ComputeStartStopSchedule {
        id: String = "id",
        provisioning_status: String = "provisioningStatus",
        /// `Enabled` or `Disabled`.
        status: String = "status",
        /// `Start` or `Stop`.
        action: String = "action",
        /// `Recurrence` or `Cron`.
        trigger_type: String = "triggerType",
        recurrence: Value = "recurrence",
        cron: Value = "cron",
        schedule: Value = "schedule",
    }
}

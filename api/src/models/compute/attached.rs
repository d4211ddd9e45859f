//! Type-specific properties of the attached and legacy compute types.

use serde_json::{Map, Value};

use crate::models::wire::wire_struct;

wire_struct! {
    /// `properties.properties` of a `VirtualMachine`.
    pub struct VirtualMachineProperties {
        virtual_machine_size: String = "virtualMachineSize",
        ssh_port: i64 = "sshPort",
        notebook_server_port: i64 = "notebookServerPort",
        address: String = "address",
        administrator_account: VirtualMachineSshCredentials = "administratorAccount",
        is_notebook_instance_compute: bool = "isNotebookInstanceCompute",
    }
}

wire_struct! {
    /// `properties.properties` of an `HDInsight` cluster.
    pub struct HdInsightProperties {
        ssh_port: i64 = "sshPort",
        address: String = "address",
        administrator_account: VirtualMachineSshCredentials = "administratorAccount",
        /// Not in the spec for HDInsight, but sent by some clients alongside VirtualMachine.
        virtual_machine_size: String = "virtualMachineSize",
    }
}

wire_struct! {
    /// SSH credentials for VirtualMachine/HDInsight attach. Password and private key are secrets.
    pub struct VirtualMachineSshCredentials {
        username: String = "username",
        password: String = "password",
        public_key_data: String = "publicKeyData",
        private_key_data: String = "privateKeyData",
    }
}

wire_struct! {
    /// `properties.properties` of `Databricks`; the token is write-only (read it with listKeys).
    pub struct DatabricksProperties {
        databricks_access_token: String = "databricksAccessToken",
        workspace_url: String = "workspaceUrl",
    }
}

wire_struct! {
    /// `properties.properties` of `DataLakeAnalytics`.
    pub struct DataLakeAnalyticsProperties {
        data_lake_store_account_name: String = "dataLakeStoreAccountName",
    }
}

wire_struct! {
    /// `DataFactory` has no type-specific properties; anything sent lands in `extra`.
    pub struct DataFactoryProperties {}
}

wire_struct! {
    /// `properties.properties` of `Kubernetes` (AKS or Arc cluster with the Azure ML extension).
    pub struct KubernetesProperties {
        relay_connection_string: String = "relayConnectionString",
        service_bus_connection_string: String = "serviceBusConnectionString",
        extension_principal_id: String = "extensionPrincipalId",
        extension_instance_release_train: String = "extensionInstanceReleaseTrain",
        vc_name: String = "vcName",
        namespace: String = "namespace",
        default_instance_type: String = "defaultInstanceType",
        /// Instance type name → `{nodeSelector, resources {requests, limits}}`.
        instance_types: Map<String, Value> = "instanceTypes",
    }
}

wire_struct! {
    /// `properties.properties` of `AKS` (legacy inference target).
    pub struct AksProperties {
        cluster_fqdn: String = "clusterFqdn",
        system_services: Vec<SystemService> = "systemServices",
        agent_count: i64 = "agentCount",
        agent_vm_size: String = "agentVmSize",
        /// `FastProd`, `DenseProd`, `DevTest`.
        cluster_purpose: String = "clusterPurpose",
        ssl_configuration: SslConfiguration = "sslConfiguration",
        aks_networking_configuration: AksNetworkingConfiguration = "aksNetworkingConfiguration",
        /// `PublicIp` or `InternalLoadBalancer`.
        load_balancer_type: String = "loadBalancerType",
        load_balancer_subnet: String = "loadBalancerSubnet",
    }
}

wire_struct! {
    /// A system service running on an AKS cluster.
    pub struct SystemService {
        system_service_type: String = "systemServiceType",
        public_ip_address: String = "publicIpAddress",
        version: String = "version",
    }
}

wire_struct! {
    /// TLS settings of an AKS scoring endpoint; `key` is a secret.
    pub struct SslConfiguration {
        status: String = "status",
        cert: String = "cert",
        key: String = "key",
        cname: String = "cname",
        leaf_domain_label: String = "leafDomainLabel",
        overwrite_existing_domain: bool = "overwriteExistingDomain",
    }
}

wire_struct! {
    /// VNet settings of an AKS cluster.
    pub struct AksNetworkingConfiguration {
        subnet_id: String = "subnetId",
        service_cidr: String = "serviceCidr",
        dns_service_ip: String = "dnsServiceIP",
        docker_bridge_cidr: String = "dockerBridgeCidr",
    }
}

wire_struct! {
    /// `properties.properties` of `SynapseSpark` (mostly reported by the service).
    pub struct SynapseSparkProperties {
        auto_scale_properties: AutoScaleProperties = "autoScaleProperties",
        auto_pause_properties: AutoPauseProperties = "autoPauseProperties",
        spark_version: String = "sparkVersion",
        node_count: i64 = "nodeCount",
        node_size: String = "nodeSize",
        node_size_family: String = "nodeSizeFamily",
        subscription_id: String = "subscriptionId",
        resource_group: String = "resourceGroup",
        workspace_name: String = "workspaceName",
        pool_name: String = "poolName",
    }
}

wire_struct! {
    /// Spark pool autoscale.
    pub struct AutoScaleProperties {
        min_node_count: i64 = "minNodeCount",
        enabled: bool = "enabled",
        max_node_count: i64 = "maxNodeCount",
    }
}

wire_struct! {
    /// Spark pool auto-pause.
    pub struct AutoPauseProperties {
        delay_in_minutes: i64 = "delayInMinutes",
        enabled: bool = "enabled",
    }
}

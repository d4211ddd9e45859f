//! Wire values of `computeType` this crate types.

pub const AKS: &str = "AKS";
pub const KUBERNETES: &str = "Kubernetes";
pub const AML_COMPUTE: &str = "AmlCompute";
pub const COMPUTE_INSTANCE: &str = "ComputeInstance";
pub const DATA_FACTORY: &str = "DataFactory";
pub const VIRTUAL_MACHINE: &str = "VirtualMachine";
pub const HD_INSIGHT: &str = "HDInsight";
pub const DATABRICKS: &str = "Databricks";
pub const DATA_LAKE_ANALYTICS: &str = "DataLakeAnalytics";
pub const SYNAPSE_SPARK: &str = "SynapseSpark";
/// All known types, in the order the console offers them.
pub const ALL: [&str; 10] = [
    AML_COMPUTE,
    COMPUTE_INSTANCE,
    KUBERNETES,
    AKS,
    VIRTUAL_MACHINE,
    HD_INSIGHT,
    DATABRICKS,
    DATA_LAKE_ANALYTICS,
    SYNAPSE_SPARK,
    DATA_FACTORY,
];

//! Seeded attached computes of `ws-demo`: resources that live outside the workspace (VM,
//! HDInsight, Databricks, Data Lake Analytics, Kubernetes, Synapse, AKS, Data Factory) and the
//! SDK v1-era `Batch` compute. Each carries `resourceId`, so `isAttachedCompute` is true. Their
//! secrets go to the secret store, so listKeys works on the demo workspace.

use super::computes::compute;
use crate::resources::compute::secrets;
use crate::store::Store;
use serde_json::{json, Value};

pub fn attached_computes(ws: &str, sub: &str, rg: &str, loc: &str) -> Vec<Value> {
    let rg_id = format!("/subscriptions/{sub}/resourceGroups/{rg}");
    vec![
        compute(
            ws,
            "dsvm-ubuntu",
            loc,
            "VirtualMachine",
            "Attached Data Science VM",
            "2024-02-01T14:00:00.0000000+00:00",
            Some(&format!("{rg_id}/providers/Microsoft.Compute/virtualMachines/dsvm-ubuntu")),
            Some(json!({"virtualMachineSize": "Standard_D4s_v3", "sshPort": 22, "notebookServerPort": 8888,
                "address": "20.121.44.7", "administratorAccount": {"username": "azureuser"},
                "isNotebookInstanceCompute": false})),
        ),
        compute(
            ws,
            "hdi-spark",
            loc,
            "HDInsight",
            "Attached HDInsight Spark cluster",
            "2024-02-05T09:10:00.0000000+00:00",
            Some(&format!("{rg_id}/providers/Microsoft.HDInsight/clusters/hdi-spark")),
            Some(json!({"sshPort": 22, "address": "hdi-spark-ssh.azurehdinsight.net",
                "administratorAccount": {"username": "sshuser"}})),
        ),
        compute(
            ws,
            "dbx-prod",
            loc,
            "Databricks",
            "Attached Azure Databricks workspace",
            "2024-02-06T15:25:00.0000000+00:00",
            Some(&format!("{rg_id}/providers/Microsoft.Databricks/workspaces/dbx-prod")),
            Some(json!({"workspaceUrl": "adb-4829163750124816.16.azuredatabricks.net"})),
        ),
        compute(
            ws,
            "adla-logs",
            loc,
            "DataLakeAnalytics",
            "Attached Data Lake Analytics account",
            "2024-02-07T08:40:00.0000000+00:00",
            Some(&format!("{rg_id}/providers/Microsoft.DataLakeAnalytics/accounts/adlalogs")),
            Some(json!({"dataLakeStoreAccountName": "adlslogs"})),
        ),
        compute(
            ws,
            "k8s-arc",
            loc,
            "Kubernetes",
            "Arc-enabled Kubernetes cluster",
            "2024-02-10T12:00:00.0000000+00:00",
            Some(&format!("{rg_id}/providers/Microsoft.Kubernetes/connectedClusters/k8s-arc")),
            Some(json!({
                "relayConnectionString": null, "serviceBusConnectionString": null, "extensionPrincipalId": null,
                "extensionInstanceReleaseTrain": "stable", "vcName": null, "namespace": "azureml",
                "defaultInstanceType": "defaultinstancetype",
                "instanceTypes": {
                    "defaultinstancetype": {"nodeSelector": null, "resources": {
                        "requests": {"cpu": "1", "memory": "4Gi", "nvidia.com/gpu": null},
                        "limits": {"cpu": "2", "memory": "8Gi", "nvidia.com/gpu": null}}},
                    "gpu-t4": {"nodeSelector": {"accelerator": "nvidia-t4"}, "resources": {
                        "requests": {"cpu": "4", "memory": "16Gi", "nvidia.com/gpu": "1"},
                        "limits": {"cpu": "4", "memory": "16Gi", "nvidia.com/gpu": "1"}}}
                }
            })),
        ),
        compute(
            ws,
            "synapse-pool",
            loc,
            "SynapseSpark",
            "Synapse Spark pool",
            "2024-02-12T10:30:00.0000000+00:00",
            Some(&format!("{rg_id}/providers/Microsoft.Synapse/workspaces/syn-contoso/bigDataPools/sparkpool01")),
            Some(json!({
                "autoScaleProperties": {"minNodeCount": 3, "enabled": true, "maxNodeCount": 10},
                "autoPauseProperties": {"delayInMinutes": 15, "enabled": true},
                "sparkVersion": "3.4", "nodeCount": 3, "nodeSize": "Medium", "nodeSizeFamily": "MemoryOptimized",
                "subscriptionId": sub, "resourceGroup": rg, "workspaceName": "syn-contoso", "poolName": "sparkpool01"
            })),
        ),
        compute(
            ws,
            "aks-inference",
            loc,
            "AKS",
            "AKS cluster for real-time inference",
            "2024-02-15T13:00:00.0000000+00:00",
            Some(&format!("{rg_id}/providers/Microsoft.ContainerService/managedClusters/aks-inference")),
            Some(json!({
                "clusterFqdn": "aks-inference-dns-5c1e2a7b.hcp.eastus.azmk8s.io",
                "systemServices": [{"systemServiceType": "ScoringFrontEnd", "publicIpAddress": "20.62.151.9", "version": "1.0.02651"}],
                "agentCount": 3, "agentVmSize": "Standard_D3_v2", "clusterPurpose": "FastProd",
                "sslConfiguration": {"status": "Disabled", "cname": null, "leafDomainLabel": null, "overwriteExistingDomain": false},
                "aksNetworkingConfiguration": null, "loadBalancerType": "PublicIp", "loadBalancerSubnet": null
            })),
        ),
        compute(
            ws,
            "adf-pipelines",
            loc,
            "DataFactory",
            "Attached Data Factory",
            "2024-02-20T09:00:00.0000000+00:00",
            Some(&format!("{rg_id}/providers/Microsoft.DataFactory/factories/adf-contoso-pipelines")),
            None,
        ),
    ]
}

/// `computeType: "Batch"` is not in the current API's enum: old SDK v1 workspaces can still
/// list such computes, so clients must show unknown types read-only.
pub fn legacy_batch(ws: &str, rg_id: &str, loc: &str) -> Value {
    let mut legacy = compute(
        ws,
        "legacy-batch",
        loc,
        "Batch",
        "Azure Batch pool attached with SDK v1",
        "2018-11-02T13:20:00.0000000+00:00",
        Some(&format!("{rg_id}/providers/Microsoft.Batch/batchAccounts/contosobatch")),
        Some(json!({"batchAccountName": "contosobatch", "poolId": "legacy-pool", "batchAccountLocation": "eastus"})),
    );
    // SDK v1 attached these before disableLocalAuth existed.
    legacy["properties"].as_object_mut().unwrap().remove("disableLocalAuth");
    legacy
}

/// Secrets of the seeded attached computes, so listKeys works on the demo workspace.
pub fn secrets(store: &mut Store, ws_id: &str) {
    let vm = format!("{ws_id}/computes/dsvm-ubuntu");
    secrets::capture(
        store,
        &vm,
        &json!({"administratorAccount": {"username": "azureuser", "password": "Emulator-Dsvm-Passw0rd!"}}),
    );
    let hdi = format!("{ws_id}/computes/hdi-spark");
    secrets::capture(
        store,
        &hdi,
        &json!({"administratorAccount": {"username": "sshuser", "password": "Emulator-Hdi-Passw0rd!"}}),
    );
    let dbx = format!("{ws_id}/computes/dbx-prod");
    secrets::capture(store, &dbx, &json!({"databricksAccessToken": "dapi-emulator-0000000000000000000000000000"}));
    secrets::aks_kube_configs(store, &format!("{ws_id}/computes/aks-inference"), "aks-inference");
}

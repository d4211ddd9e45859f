//! Seeded computes: one per compute type in `ws-demo`, with the properties the spec defines
//! for each type (machineLearningServices.json) and values a real workspace would show.

use crate::config::{TENANT_ID, USERS};
use serde_json::{json, Value};

/// The ARM envelope plus the common `Compute` properties. `resource_id` is set for attached
/// computes (the ARM id of the underlying resource), which is what `isAttachedCompute` means.
pub(crate) fn compute(
    ws_id: &str,
    name: &str,
    location: &str,
    ty: &str,
    description: &str,
    created: &str,
    resource_id: Option<&str>,
    inner: Option<Value>,
) -> Value {
    let mut props = json!({
        "computeType": ty,
        "computeLocation": location,
        "provisioningState": "Succeeded",
        "description": description,
        "createdOn": created,
        "modifiedOn": created,
        "resourceId": resource_id,
        "provisioningErrors": null,
        "isAttachedCompute": resource_id.is_some(),
        "disableLocalAuth": true,
    });
    if let Some(inner) = inner {
        props["properties"] = inner;
    }
    json!({
        "id": format!("{ws_id}/computes/{name}"),
        "name": name,
        "type": "Microsoft.MachineLearningServices/workspaces/computes",
        "location": location,
        "tags": {},
        "properties": props,
    })
}

struct Cluster<'a> {
    vm_size: &'a str,
    priority: &'a str,
    min: u32,
    max: u32,
    allocation: &'a str,
    current: u32,
    target: u32,
    running: u32,
    idle: u32,
}

fn aml_compute(c: &Cluster, transition: &str) -> Value {
    json!({
        "osType": "Linux",
        "vmSize": c.vm_size,
        "vmPriority": c.priority,
        "virtualMachineImage": null,
        "isolatedNetwork": false,
        "scaleSettings": {"maxNodeCount": c.max, "minNodeCount": c.min, "nodeIdleTimeBeforeScaleDown": "PT2M"},
        "userAccountCredentials": {"adminUserName": "azureuser"},
        "subnet": null,
        "remoteLoginPortPublicAccess": "NotSpecified",
        "allocationState": c.allocation,
        "allocationStateTransitionTime": transition,
        "errors": null,
        "currentNodeCount": c.current,
        "targetNodeCount": c.target,
        "nodeStateCounts": {
            "idleNodeCount": c.idle, "runningNodeCount": c.running, "preparingNodeCount": 0,
            "unusableNodeCount": 0, "leavingNodeCount": 0, "preemptedNodeCount": 0
        },
        "enableNodePublicIp": true,
        "propertyBag": {}
    })
}

/// The applications an instance lists (`properties.properties.applications`). The official
/// example lists Jupyter only; the other names and URLs are this project's stand-ins, so the
/// console is exercised with every kind it knows (docs/azure-ml-rest.md §Instance-access).
pub fn instance_applications(name: &str, location: &str) -> Value {
    let host = format!("{name}.{location}.instances.azureml.ms");
    json!([
        {"displayName": "Jupyter", "endpointUri": format!("https://{host}/tree/")},
        {"displayName": "Jupyter Lab", "endpointUri": format!("https://{host}/lab")},
        {"displayName": "VS Code (Web)", "endpointUri": format!("https://{host}/vscode/")},
        {"displayName": "VS Code", "endpointUri": format!("vscode://ms-toolsai.vscode-ai-remote/open?computeName={name}")},
        {"displayName": "Terminal", "endpointUri": format!("https://{host}/terminals/1")}
    ])
}

/// A personal compute instance assigned to `user_index` of the demo users.
fn compute_instance(
    name: &str,
    location: &str,
    vm_size: &str,
    user_index: usize,
    running: bool,
    private_ip: &str,
    public_ip: &str,
    last_op: &str,
) -> Value {
    let u = USERS[user_index];
    json!({
        "vmSize": vm_size,
        "subnet": null,
        "applicationSharingPolicy": "Personal",
        // Ada's instance has public SSH access (the console shows its SSH command).
        "sshSettings": {"sshPublicAccess": if user_index == 0 && running { "Enabled" } else { "Disabled" },
                        "adminUserName": "azureuser", "sshPort": 50000},
        "osImageMetadata": {"currentImageVersion": "24.01.05", "latestImageVersion": "24.03.11", "isLatestOsImageVersion": false},
        "connectivityEndpoints": if running {
            json!({"publicIpAddress": public_ip, "privateIpAddress": private_ip})
        } else {
            json!({"publicIpAddress": null, "privateIpAddress": null})
        },
        "applications": instance_applications(name, location),
        "createdBy": {"userName": u.name, "userOrgId": TENANT_ID, "userId": u.oid},
        "errors": null,
        "state": if running { "Running" } else { "Stopped" },
        "computeInstanceAuthorizationType": "personal",
        "personalComputeInstanceSettings": {"assignedUser": {"objectId": u.oid, "tenantId": TENANT_ID}},
        "setupScripts": null,
        "lastOperation": {
            "operationName": if running { "Start" } else { "Stop" },
            "operationTime": last_op,
            "operationStatus": "Succeeded",
            "operationTrigger": if running { "User" } else { "IdleShutdown" }
        },
        "schedules": {"computeStartStop": []},
        "idleTimeBeforeShutdown": "PT60M",
        "enableNodePublicIp": true,
        "containers": null,
        "dataDisks": null,
        "dataMounts": [],
        "versions": {"runtime": "0.2.9"}
    })
}

/// `broken-cluster`: an A100 cluster whose creation failed on quota.
pub fn broken_cluster(ws: &str, loc: &str) -> Value {
    let failed_msg = "Operation could not be completed as it results in exceeding approved \
        standardNDASv4_A100Family Cores quota. Additional details - Deployment Model: Resource Manager, \
        Location: eastus, Current Limit: 0, Current Usage: 0, Additional Required: 96, (Minimum) New Limit \
        Required: 96. Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView";
    let mut broken = compute(
        ws,
        "broken-cluster",
        loc,
        "AmlCompute",
        "A100 cluster that hit the quota",
        "2024-03-20T16:45:00.0000000+00:00",
        None,
        Some(aml_compute(
            &Cluster {
                vm_size: "STANDARD_ND96ASR_V4",
                priority: "Dedicated",
                min: 0,
                max: 2,
                allocation: "Steady",
                current: 0,
                target: 0,
                running: 0,
                idle: 0,
            },
            "2024-03-20T16:47:12.000Z",
        )),
    );
    let quota_error = json!([{"error": {"code": "QuotaExceeded", "message": failed_msg}}]);
    broken["properties"]["provisioningState"] = json!("Failed");
    broken["properties"]["provisioningErrors"] = quota_error.clone();
    broken["properties"]["properties"]["errors"] = quota_error;
    broken
}

/// The workspace's own computes of `ws-demo`: two clusters and two compute instances.
pub fn workspace_computes(ws: &str, loc: &str) -> Vec<Value> {
    vec![
        compute(
            ws,
            "cpu-cluster",
            loc,
            "AmlCompute",
            "General purpose CPU training cluster",
            "2024-01-12T09:30:00.0000000+00:00",
            None,
            Some(aml_compute(
                &Cluster {
                    vm_size: "STANDARD_DS3_V2",
                    priority: "Dedicated",
                    min: 0,
                    max: 4,
                    allocation: "Steady",
                    current: 2,
                    target: 2,
                    running: 1,
                    idle: 1,
                },
                "2024-05-02T07:58:31.000Z",
            )),
        ),
        compute(
            ws,
            "gpu-cluster",
            loc,
            "AmlCompute",
            "V100 GPU cluster, scaling up",
            "2024-01-12T09:45:00.0000000+00:00",
            None,
            Some(aml_compute(
                &Cluster {
                    vm_size: "STANDARD_NC6S_V3",
                    priority: "Dedicated",
                    min: 0,
                    max: 4,
                    allocation: "Resizing",
                    current: 1,
                    target: 2,
                    running: 1,
                    idle: 0,
                },
                "2024-05-02T08:03:10.000Z",
            )),
        ),
        compute(
            ws,
            "ci-ada",
            loc,
            "ComputeInstance",
            "Ada's notebook VM",
            "2024-01-15T10:00:00.0000000+00:00",
            None,
            Some(compute_instance(
                "ci-ada",
                loc,
                "STANDARD_DS11_V2",
                0,
                true,
                "10.0.1.4",
                "20.115.36.18",
                "2024-05-02T07:30:00.000Z",
            )),
        ),
        compute(
            ws,
            "ci-grace",
            loc,
            "ComputeInstance",
            "Grace's notebook VM",
            "2024-01-16T11:20:00.0000000+00:00",
            None,
            Some(compute_instance(
                "ci-grace",
                loc,
                "STANDARD_DS3_V2",
                1,
                false,
                "10.0.1.5",
                "20.115.36.19",
                "2024-05-01T18:00:00.000Z",
            )),
        ),
    ]
}

pub fn vision_computes(ws: &str, loc: &str) -> Vec<Value> {
    vec![
        compute(
            ws,
            "vision-gpu",
            loc,
            "AmlCompute",
            "Low-priority GPU cluster for image models",
            "2024-02-04T08:00:00.0000000+00:00",
            None,
            Some(aml_compute(
                &Cluster {
                    vm_size: "STANDARD_NC6S_V3",
                    priority: "LowPriority",
                    min: 0,
                    max: 8,
                    allocation: "Steady",
                    current: 0,
                    target: 0,
                    running: 0,
                    idle: 0,
                },
                "2024-05-01T22:10:00.000Z",
            )),
        ),
        compute(
            ws,
            "ci-vision",
            loc,
            "ComputeInstance",
            "Grace's vision notebook VM",
            "2024-02-04T08:30:00.0000000+00:00",
            None,
            Some(compute_instance(
                "ci-vision",
                loc,
                "STANDARD_DS3_V2",
                1,
                true,
                "10.1.0.4",
                "51.124.70.3",
                "2024-05-02T06:45:00.000Z",
            )),
        ),
    ]
}

/// `bench-NNN` clusters for `--bench-computes`: small, varied so sorting has work to do.
pub fn bench_cluster(ws: &str, name: &str, loc: &str, i: usize) -> Value {
    let sizes = ["STANDARD_DS2_V2", "STANDARD_DS3_V2", "STANDARD_D4S_V3", "STANDARD_NC6S_V3"];
    let current = (i % 3) as u32;
    compute(
        ws,
        name,
        loc,
        "AmlCompute",
        "Benchmark cluster",
        &format!("2024-04-{:02}T{:02}:00:00.0000000+00:00", 1 + i % 28, i % 24),
        None,
        Some(aml_compute(
            &Cluster {
                vm_size: sizes[i % sizes.len()],
                priority: if i.is_multiple_of(5) { "LowPriority" } else { "Dedicated" },
                min: 0,
                max: 4,
                allocation: if i.is_multiple_of(7) { "Resizing" } else { "Steady" },
                current,
                target: if i.is_multiple_of(7) { current + 1 } else { current },
                running: current,
                idle: 0,
            },
            "2024-04-01T09:00:00.000Z",
        )),
    )
}

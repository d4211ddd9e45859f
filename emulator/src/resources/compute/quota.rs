//! vCPU quota check for new clusters and compute instances.
//!
//! What the service checks (from its public error reports): a new cluster must fit at least
//! `max(minNodeCount, 1)` nodes of its size into the free family quota and the regional total;
//! `maxNodeCount` may exceed the quota (the cluster then simply cannot grow that far). A compute
//! instance needs its one VM. The service accepts the PUT (201) and the provisioning then fails:
//! the async operation ends `Failed` and the compute stays with `provisioningState: Failed` and
//! `provisioningErrors` — which is also why a re-PUT of that name later meets the failed compute.
//!
//! The messages are the service's own wording (including its "accomodate" spelling): "The
//! specified subscription has a {family|total} vCPU quota of N and cannot accomodate for at least
//! 1 requested managed compute node which maps to V vCPUs…" and, for instances, "…and is less than
//! the requested compute instance's which maps to V vCPUs…". When part of the quota is already
//! used, the newer "OutOfQuota: Not enough cluster CPU quota…" text is used. The error code
//! `BadRequest` is what clients report for these failures.

use super::usages::{family_display, rows_in};
use super::vm_sizes;
use crate::store::Store;
use serde_json::{json, Value};

const HELP: &str = "Talk to your Subscription Admin or refer to \
https://docs.microsoft.com/azure/machine-learning/how-to-manage-quotas#request-quota-increases to increase the";

fn row<'a>(rows: &'a [Value], ty: &str, name: Option<&str>) -> Option<&'a Value> {
    rows.iter().find(|r| {
        r["type"].as_str() == Some(&format!("Microsoft.MachineLearningServices/{ty}"))
            && name.is_none_or(|n| r["name"]["value"].as_str() == Some(n))
    })
}

fn num(r: &Value, k: &str) -> u64 {
    r[k].as_u64().unwrap_or(0)
}

/// `Some(error)` when the compute described by `inner` cannot get its first nodes.
pub fn check(store: &Store, sub: &str, loc: &str, ty: &str, inner: &Value) -> Option<Value> {
    let size = vm_sizes::find(inner["vmSize"].as_str()?)?;
    let instance = ty == "ComputeInstance";
    let nodes = if instance { 1 } else { inner["scaleSettings"]["minNodeCount"].as_u64().unwrap_or(0).max(1) };
    let need = nodes * size.vcpus as u64;
    let low = !instance && inner["vmPriority"].as_str() == Some("LowPriority");
    let rows = rows_in(store, sub, loc);
    let family_label = format!("{} family", family_display(size.family).trim_end_matches(" Family"));

    let mut limits: Vec<(String, &str, u64, u64)> = Vec::new();
    if !low {
        if let Some(r) = row(&rows, "vmFamily/usages", Some(size.family)) {
            limits.push((family_label, "family", num(r, "limit"), num(r, "currentValue")));
        }
    }
    let total_ty = if low { "totalLowPriorityCores/usages" } else { "totalCores/usages" };
    if let Some(r) = row(&rows, total_ty, None) {
        let label = if low { "total low priority" } else { "total" };
        limits.push((label.to_string(), label, num(r, "limit"), num(r, "currentValue")));
    }

    for (label, what, limit, used) in limits {
        if used + need <= limit {
            continue;
        }
        let message = if used > 0 {
            format!(
                "OutOfQuota: Not enough cluster CPU quota. The amount of additional CPU quota requested is {need}, and \
                 you are currently using {used}. Your amount of maximum quota is {limit}. Please see troubleshooting \
                 guide, available here: https://aka.ms/oe-tsg#error-outofquota"
            )
        } else if instance {
            format!(
                "The specified subscription has a {label} vCPU quota of {limit} and is less than the requested compute \
                 instance's which maps to {need} vCPUs. {HELP} {label} vCPU quota"
            )
        } else {
            let noun = if nodes == 1 { "node" } else { "nodes" };
            format!(
                "The specified subscription has a {label} vCPU quota of {limit} and cannot accomodate for at least \
                 {nodes} requested managed compute {noun} which maps to {need} vCPUs. {HELP} {what} quota"
            )
        };
        return Some(json!({"code": "BadRequest", "message": message}));
    }
    None
}

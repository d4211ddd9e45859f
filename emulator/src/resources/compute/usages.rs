//! `GET /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/usages`
//! (paged `ListUsagesResult`). vCPU usage is computed from the stored computes of that region,
//! so the numbers always match the clusters and instances the console shows.

use super::vm_sizes::{self, CATALOGUE};
use crate::arm::request::ArmRequest;
use crate::arm::scope::{LocationPath, MlScope};
use crate::resources::paged;
use crate::state::AppState;
use crate::store::Store;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const NS: &str = "Microsoft.MachineLearningServices";
const TOTAL_DEDICATED_LIMIT: u64 = 100;
const TOTAL_LOW_PRIORITY_LIMIT: u64 = 100;

/// Default per-family quota: GPU families get a small quota, CPU families a larger one.
pub fn family_limit(family: &str) -> u64 {
    let gpu = CATALOGUE.iter().any(|v| v.family == family && v.gpus > 0);
    if gpu {
        24
    } else {
        100
    }
}

/// `standardDSv2Family` → `Standard DSv2 Family`.
pub fn family_display(family: &str) -> String {
    let core = family.trim_start_matches("standard").trim_end_matches("Family");
    format!("Standard {core} Family")
}

/// vCPUs a compute holds now, with its family, workspace id and whether it is low priority.
struct Held {
    family: &'static str,
    vcpus: u64,
    low_priority: bool,
    ws_id: String,
    compute_id: String,
    compute_name: String,
}

fn held(c: &Value) -> Option<Held> {
    let p = c.get("properties")?;
    let inner = p.get("properties")?;
    let size = vm_sizes::find(inner.get("vmSize")?.as_str()?)?;
    let nodes = match p.get("computeType")?.as_str()? {
        "AmlCompute" => inner.get("currentNodeCount").and_then(Value::as_u64).unwrap_or(0),
        // A compute instance holds its VM unless it is stopped (or being deleted).
        "ComputeInstance" => match inner.get("state").and_then(Value::as_str) {
            Some("Stopped" | "Deleting" | "CreateFailed") => 0,
            _ => 1,
        },
        _ => return None,
    };
    let id = c.get("id")?.as_str()?.to_string();
    let ws_id = id.split("/computes/").next()?.to_string();
    Some(Held {
        family: size.family,
        vcpus: nodes * size.vcpus as u64,
        low_priority: inner.get("vmPriority").and_then(Value::as_str) == Some("LowPriority"),
        ws_id,
        compute_name: c.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
        compute_id: id,
    })
}

fn usage(id: String, ty: &str, value: &str, localized: &str, current: u64, limit: u64, loc: Option<&str>) -> Value {
    let mut u = json!({
        "id": id,
        "type": format!("{NS}/{ty}"),
        "unit": "Count",
        "currentValue": current,
        "limit": limit,
        "name": {"value": value, "localizedValue": localized},
    });
    if let Some(l) = loc {
        u["amlWorkspaceLocation"] = json!(l);
    }
    u
}

pub fn rows(st: &AppState, sub: &str, loc: &str) -> Vec<Value> {
    rows_in(&st.store.read().unwrap(), sub, loc)
}

/// The usage rows of a region, from a store the caller already holds (the quota check runs
/// under the write lock of the PUT that it guards).
pub fn rows_in(store: &Store, sub: &str, loc: &str) -> Vec<Value> {
    let in_region: Vec<&Value> = store
        .workspaces_in(sub, None)
        .into_iter()
        .filter(|w| w.get("location").and_then(Value::as_str).is_some_and(|l| l.eq_ignore_ascii_case(loc)))
        .collect();
    let mut all_held = Vec::new();
    for w in &in_region {
        let ws_id = w.get("id").and_then(Value::as_str).unwrap_or("");
        all_held.extend(store.computes_in(ws_id).into_iter().filter_map(held));
    }
    let sub_prefix = format!("/subscriptions/{sub}/providers/{NS}");
    let dedicated: u64 = all_held.iter().filter(|h| !h.low_priority).map(|h| h.vcpus).sum();
    let low: u64 = all_held.iter().filter(|h| h.low_priority).map(|h| h.vcpus).sum();
    let mut out = vec![
        usage(
            format!("{sub_prefix}/totalCores/usages"),
            "totalCores/usages",
            "Total Cluster Dedicated Regional vCPUs",
            "Total Cluster Dedicated Regional vCPUs",
            dedicated,
            TOTAL_DEDICATED_LIMIT,
            None,
        ),
        usage(
            format!("{sub_prefix}/totalLowPriorityCores/usages"),
            "totalLowPriorityCores/usages",
            "Total Cluster LowPriority Regional vCPUs",
            "Total Cluster LowPriority Regional vCPUs",
            low,
            TOTAL_LOW_PRIORITY_LIMIT,
            None,
        ),
    ];
    let mut families: Vec<&'static str> = CATALOGUE.iter().map(|v| v.family).collect();
    families.dedup();
    for fam in &families {
        let used: u64 = all_held.iter().filter(|h| !h.low_priority && h.family == *fam).map(|h| h.vcpus).sum();
        out.push(usage(
            format!("{sub_prefix}/vmFamily/{fam}/usages"),
            "vmFamily/usages",
            fam,
            &format!("{} Cluster Dedicated vCPUs", family_display(fam)),
            used,
            family_limit(fam),
            None,
        ));
    }
    // Per workspace and family, then per compute, for families actually in use.
    let mut per_ws: BTreeMap<(String, &'static str), u64> = BTreeMap::new();
    for h in all_held.iter().filter(|h| !h.low_priority) {
        *per_ws.entry((h.ws_id.clone(), h.family)).or_default() += h.vcpus;
    }
    for ((ws_id, fam), used) in per_ws {
        out.push(usage(
            format!("{ws_id}/vmFamily/{fam}/usages"),
            "workspaces/vmFamily/usages",
            fam,
            &format!("{} Cluster Dedicated vCPUs", family_display(fam)),
            used,
            family_limit(fam),
            Some(loc),
        ));
    }
    for h in &all_held {
        out.push(usage(
            format!("{}/usages", h.compute_id),
            "workspaces/computes/usages",
            &h.compute_name,
            &format!(
                "{} Cluster {} vCPUs",
                family_display(h.family),
                if h.low_priority { "LowPriority" } else { "Dedicated" }
            ),
            h.vcpus,
            family_limit(h.family),
            Some(loc),
        ));
    }
    out
}

pub async fn list(
    State(st): State<AppState>,
    scope: MlScope,
    Path(LocationPath { loc }): Path<LocationPath>,
    ctx: ArmRequest,
) -> Response {
    if !vm_sizes::location_known(&loc) {
        return vm_sizes::location_not_available(&loc, "locations/usages");
    }
    paged(&st, &ctx, &rows(&st, &scope.sub, &loc))
}

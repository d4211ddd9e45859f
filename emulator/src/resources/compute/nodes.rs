//! `POST …/computes/{name}/listNodes`: AmlCompute nodes, derived from the cluster's
//! `currentNodeCount` and `nodeStateCounts` so the two views always agree. Paged under `nodes`.

use crate::arm::errors::ml_error;
use crate::arm::paging;
use crate::arm::request::ArmRequest;
use crate::arm::scope::NamePath;
use crate::resources::ok;
use crate::state::AppState;
use crate::store::Workspace;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

/// Node states in the order nodes are listed, with their `nodeStateCounts` key.
const STATES: &[(&str, &str)] = &[
    ("running", "runningNodeCount"),
    ("idle", "idleNodeCount"),
    ("preparing", "preparingNodeCount"),
    ("unusable", "unusableNodeCount"),
    ("leaving", "leavingNodeCount"),
    ("preempted", "preemptedNodeCount"),
];

/// Deterministic node list: stable ids and addresses across calls (seeded from the compute name).
pub fn nodes_of(compute: &Value) -> Vec<Value> {
    let p = compute.pointer("/properties/properties").cloned().unwrap_or(Value::Null);
    let current = p.get("currentNodeCount").and_then(Value::as_u64).unwrap_or(0) as usize;
    let counts = p.get("nodeStateCounts").cloned().unwrap_or(Value::Null);
    let public_ip = p.get("enableNodePublicIp").and_then(Value::as_bool).unwrap_or(true);
    let name = compute.get("name").and_then(Value::as_str).unwrap_or("compute");
    let seed: u32 = name.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
    let mut states: Vec<&str> = Vec::new();
    for (state, key) in STATES {
        let n = counts.get(*key).and_then(Value::as_u64).unwrap_or(0) as usize;
        states.extend(std::iter::repeat_n(*state, n));
    }
    // If the counts do not add up (hand-written state), fill or trim with idle nodes.
    states.resize(current, "idle");
    states
        .iter()
        .enumerate()
        .map(|(i, state)| {
            let mut node = json!({
                "nodeId": format!("tvm-{}_{}-20240115t093000z", seed % 1_000_000_000 + 3_000_000_000, i + 1),
                "privateIpAddress": format!("10.0.0.{}", 4 + i),
                "publicIpAddress": if public_ip { json!(format!("20.{}.{}.{}", 40 + seed % 60, (seed >> 8) % 250, 10 + i)) } else { Value::Null },
                "port": 50000 + i,
                "nodeState": state,
            });
            if *state == "running" {
                node["runId"] = json!(format!("{name}-run-{:04}", (seed as usize + i) % 10_000));
            }
            node
        })
        .collect()
}

/// `POST …/computes/{name}/listNodes`.
pub async fn list(State(st): State<AppState>, ws: Workspace, Path(p): Path<NamePath>, ctx: ArmRequest) -> Response {
    let location = ws.location.as_str();
    let compute = st.store.read().unwrap().compute(&ws.id, &p.name).cloned();
    let Some(compute) = compute else {
        return super::not_found(&ws.name, &p.name, location);
    };
    let ty = compute.pointer("/properties/computeType").and_then(Value::as_str).unwrap_or("");
    if ty != "AmlCompute" {
        return ml_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "BadArgument",
            &format!("ComputeListNodes with computeType {ty} is not supported."),
            location,
        );
    }
    let all = nodes_of(&compute);
    match paging::page(&all, ctx.skip(), st.settings().page_size, |t| ctx.next_link(t)) {
        Ok((nodes, next)) => {
            let mut body = json!({ "nodes": nodes });
            if let Some(n) = next {
                body["nextLink"] = json!(n);
            }
            ok(body)
        }
        Err(r) => r,
    }
}

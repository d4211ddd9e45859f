//! Compute state machines, driven lazily by time.
//!
//! Every accepted long-running operation (create, update, delete, start, stop, restart, and the
//! internal resize steps of a cluster) is an `Op` with a due time. Nothing ticks in the
//! background: before an ARM request is served, `tick` applies every op whose due time has
//! passed, in due-time order and with the due time as "now". That keeps the emulator
//! deterministic (tests only wait) and the state file always self-consistent.
//!
//! Transitions (the read-only fields the service reports):
//! - create: `provisioningState` Creating → Succeeded (or Failed, e.g. quota); a cluster then
//!   resizes to `minNodeCount`; a compute instance goes `state` Creating → Running.
//! - update (PUT on an existing compute, PATCH): Updating → Succeeded, then a cluster resizes.
//! - resize: `allocationState` Resizing; half-way the nodes appear as `preparing` (or the
//!   surplus ones as `leaving`); at the end they are `idle` (or gone) and the cluster is Steady.
//! - start: Stopped → Starting → Running; stop: Running → Stopping → Stopped;
//!   restart: Running → Restarting → Running; delete: Deleting → gone.

use super::operation::Op;
use crate::state::AppState;
use crate::store::Store;
use crate::util::{iso, iso_z_ms, now_ms};
use serde_json::{json, Value};
use uuid::Uuid;

/// Finished operations stay answerable for an hour, like ARM's status URLs.
const KEEP_FINISHED_MS: u64 = 3_600_000;

/// Registers an operation and returns its id.
pub fn begin(s: &mut Store, sub: &str, loc: &str, compute_id: &str, kind: &str, now: u64, dur: u64) -> String {
    let id = Uuid::new_v4().to_string();
    s.operations.push(Op {
        id: id.clone(),
        sub: sub.to_string(),
        location: loc.to_string(),
        compute_id: compute_id.to_string(),
        kind: kind.to_string(),
        start_ms: now,
        due_ms: now + dur,
        status: "InProgress".into(),
        end_ms: None,
        error: None,
        fail_with: None,
        target: None,
    });
    id
}

pub fn op_mut<'a>(s: &'a mut Store, id: &str) -> Option<&'a mut Op> {
    s.operations.iter_mut().find(|o| o.id == id)
}

/// The user-visible operation still running on a compute (not the internal resize steps).
pub fn running_op<'a>(s: &'a Store, compute_id: &str) -> Option<&'a Op> {
    s.operations.iter().find(|o| {
        o.status == "InProgress" && o.compute_id.eq_ignore_ascii_case(compute_id) && !o.kind.starts_with("resize")
    })
}

/// Cancels what is still running on a compute (a delete supersedes everything; a new scale
/// request supersedes a resize in flight).
pub fn cancel(s: &mut Store, compute_id: &str, now: u64, only_resize: bool) {
    for o in s.operations.iter_mut() {
        if o.status == "InProgress"
            && o.compute_id.eq_ignore_ascii_case(compute_id)
            && (!only_resize || o.kind.starts_with("resize"))
        {
            o.status = "Canceled".into();
            o.end_ms = Some(now);
        }
    }
}

/// Applies every operation that is due. Cheap when nothing is due (read lock only).
pub fn tick(st: &AppState) {
    let now = now_ms();
    let due = st.store.read().unwrap().operations.iter().any(|o| o.status == "InProgress" && o.due_ms <= now);
    if due {
        let dur = st.settings().operation_ms;
        st.mutate(|s| advance(s, now, dur));
    }
}

pub fn advance(s: &mut Store, now: u64, dur: u64) {
    loop {
        let next = s
            .operations
            .iter()
            .enumerate()
            .filter(|(_, o)| o.status == "InProgress" && o.due_ms <= now)
            .min_by_key(|(_, o)| o.due_ms)
            .map(|(i, _)| i);
        let Some(i) = next else { break };
        let op = s.operations[i].clone();
        let (status, error) = complete(s, &op, dur);
        // `complete` only appends ops, so the index still points at this one.
        let o = &mut s.operations[i];
        if o.status == "InProgress" {
            o.status = status.into();
            o.error = error;
            o.end_ms = Some(op.due_ms);
        }
    }
    s.operations.retain(|o| o.status == "InProgress" || o.end_ms.unwrap_or(0) + KEEP_FINISHED_MS > now);
}

fn complete(s: &mut Store, op: &Op, dur: u64) -> (&'static str, Option<Value>) {
    let t = op.due_ms;
    if op.kind == "delete" {
        // Whatever else still runs on the compute ends with it (not this delete itself).
        for o in s.operations.iter_mut().filter(|o| o.id != op.id && o.compute_id.eq_ignore_ascii_case(&op.compute_id))
        {
            if o.status == "InProgress" {
                o.status = "Canceled".into();
                o.end_ms = Some(t);
            }
        }
        s.remove_compute(&op.compute_id);
        return ("Succeeded", None);
    }
    let Some(c) = s.compute_by_id_mut(&op.compute_id) else {
        return ("Canceled", None);
    };
    let ty = c["properties"]["computeType"].as_str().unwrap_or("").to_string();
    let mut resize_to = None;
    match op.kind.as_str() {
        "create" | "update" => {
            c["properties"]["modifiedOn"] = json!(iso(t / 1000));
            if let Some(err) = &op.fail_with {
                c["properties"]["provisioningState"] = json!("Failed");
                c["properties"]["provisioningErrors"] = json!([{ "error": err }]);
                match ty.as_str() {
                    "AmlCompute" => c["properties"]["properties"]["errors"] = json!([{ "error": err }]),
                    "ComputeInstance" => {
                        c["properties"]["properties"]["state"] = json!("CreateFailed");
                        c["properties"]["properties"]["errors"] = json!([{ "error": err }]);
                        set_last_op(c, "Create", t, "Failed");
                    }
                    _ => {}
                }
                return ("Failed", Some(err.clone()));
            }
            c["properties"]["provisioningState"] = json!("Succeeded");
            match ty.as_str() {
                "AmlCompute" => {
                    let p = &c["properties"]["properties"];
                    resize_to =
                        Some(op.target.unwrap_or_else(|| p["scaleSettings"]["minNodeCount"].as_u64().unwrap_or(0)));
                }
                "ComputeInstance" if op.kind == "create" => set_instance_state(c, "Running", "Create", t),
                _ => {}
            }
        }
        "start" => set_instance_state(c, "Running", "Start", t),
        "restart" => set_instance_state(c, "Running", "Restart", t),
        "stop" => set_instance_state(c, "Stopped", "Stop", t),
        "resizeNodes" => {
            resize_nodes(c, op.target.unwrap_or(0));
            let id = begin(s, &op.sub, &op.location, &op.compute_id, "resizeSettle", t, dur / 2);
            if let Some(o) = op_mut(s, &id) {
                o.target = op.target;
            }
        }
        "resizeSettle" => resize_settle(c, t),
        _ => {}
    }
    if let Some(target) = resize_to {
        start_resize(s, op, target, t, dur);
    }
    ("Succeeded", None)
}

/// Points a cluster at a new node count; the nodes move in two internal steps.
pub fn start_resize(s: &mut Store, at: &Op, target: u64, t: u64, dur: u64) {
    cancel(s, &at.compute_id, t, true);
    let Some(c) = s.compute_by_id_mut(&at.compute_id) else { return };
    let p = &mut c["properties"]["properties"];
    let current = p["currentNodeCount"].as_u64().unwrap_or(0);
    p["targetNodeCount"] = json!(target);
    if current == target && p["allocationState"] != json!("Resizing") {
        return;
    }
    p["allocationState"] = json!("Resizing");
    p["allocationStateTransitionTime"] = json!(iso_z_ms(t));
    let id = begin(s, &at.sub, &at.location, &at.compute_id, "resizeNodes", t, dur / 2);
    if let Some(o) = op_mut(s, &id) {
        o.target = Some(target);
    }
}

fn count(p: &Value, key: &str) -> u64 {
    p["nodeStateCounts"][key].as_u64().unwrap_or(0)
}

/// First half of a resize: new nodes are allocated and `preparing`, or surplus nodes are `leaving`
/// (idle nodes leave before running ones).
fn resize_nodes(c: &mut Value, target: u64) {
    let p = &mut c["properties"]["properties"];
    let current = p["currentNodeCount"].as_u64().unwrap_or(0);
    if target > current {
        let preparing = count(p, "preparingNodeCount");
        p["nodeStateCounts"]["preparingNodeCount"] = json!(preparing + target - current);
        p["currentNodeCount"] = json!(target);
    } else if target < current {
        let mut surplus = current - target;
        for key in
            ["preemptedNodeCount", "unusableNodeCount", "idleNodeCount", "preparingNodeCount", "runningNodeCount"]
        {
            let n = count(p, key);
            let take = n.min(surplus);
            p["nodeStateCounts"][key] = json!(n - take);
            surplus -= take;
        }
        let leaving = count(p, "leavingNodeCount");
        p["nodeStateCounts"]["leavingNodeCount"] = json!(leaving + current - target);
    }
}

/// Second half: prepared nodes become idle, leaving nodes are gone, the cluster is Steady.
fn resize_settle(c: &mut Value, t: u64) {
    let p = &mut c["properties"]["properties"];
    let leaving = count(p, "leavingNodeCount");
    let current = p["currentNodeCount"].as_u64().unwrap_or(0);
    p["currentNodeCount"] = json!(current.saturating_sub(leaving));
    let idle = count(p, "idleNodeCount") + count(p, "preparingNodeCount");
    p["nodeStateCounts"]["idleNodeCount"] = json!(idle);
    p["nodeStateCounts"]["preparingNodeCount"] = json!(0);
    p["nodeStateCounts"]["leavingNodeCount"] = json!(0);
    p["allocationState"] = json!("Steady");
    p["allocationStateTransitionTime"] = json!(iso_z_ms(t));
}

pub fn set_last_op(c: &mut Value, name: &str, t: u64, status: &str) {
    c["properties"]["properties"]["lastOperation"] = json!({
        "operationName": name,
        "operationTime": iso_z_ms(t),
        "operationStatus": status,
        "operationTrigger": "User",
    });
}

/// A compute instance reaching a steady state: endpoints exist only while it runs.
fn set_instance_state(c: &mut Value, state: &str, op_name: &str, t: u64) {
    let name = c["name"].as_str().unwrap_or("ci").to_string();
    let h: u32 = name.bytes().fold(11u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
    let location = c["location"].as_str().unwrap_or("eastus").to_string();
    let p = &mut c["properties"]["properties"];
    if p["applications"].as_array().is_none_or(Vec::is_empty) {
        p["applications"] = crate::seed::computes::instance_applications(&name, &location);
    }
    p["state"] = json!(state);
    p["connectivityEndpoints"] = if state == "Running" {
        json!({"publicIpAddress": format!("20.{}.{}.{}", 100 + h % 100, (h >> 8) % 250, 4 + (h >> 16) % 200),
               "privateIpAddress": format!("10.0.1.{}", 4 + h % 200)})
    } else {
        json!({"publicIpAddress": null, "privateIpAddress": null})
    };
    set_last_op(c, op_name, t, "Succeeded");
}

/// `GET …/computeOperationsStatus/{id}` body (the ARM async-operation resource).
pub fn status_json(op: &Op, path: &str) -> Value {
    let mut body = json!({
        "id": path,
        "name": op.id,
        "status": op.status,
        "startTime": iso(op.start_ms / 1000),
    });
    if let Some(end) = op.end_ms {
        body["endTime"] = json!(iso(end / 1000));
    }
    if let Some(e) = &op.error {
        body["error"] = e.clone();
    }
    body
}

pub fn now() -> u64 {
    now_ms()
}

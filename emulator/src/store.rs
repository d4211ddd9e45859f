//! The emulator's data: every ARM resource it knows, as the JSON ARM returns
//! (`serde_json::Value`), keyed by ARM id, so GET returns exactly what was stored and PUT/PATCH
//! handlers can merge into it. This is what `--state-file` holds. Nothing here knows about HTTP
//! or the running app; `state` shares a `Store` between requests.

use crate::config::TENANT_ID;
use crate::mlflow::model::Tracking;
use crate::resources::compute::operation::Op;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Every ARM resource the emulator knows. This is what `--state-file` holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Store {
    /// Subscription objects as `GET /subscriptions` returns them.
    pub subscriptions: Vec<Value>,
    /// `{id, name, location, subscriptionId}` — only used for existence checks and locations.
    pub resource_groups: Vec<Value>,
    pub workspaces: Vec<Value>,
    pub computes: Vec<Value>,
    /// Write-only compute secrets (passwords, keys, tokens, kube configs) keyed by the lower-cased
    /// compute id. Kept apart from `computes` so GET/list can never leak them; only listKeys reads them.
    #[serde(default)]
    pub secrets: BTreeMap<String, Value>,
    /// Long-running compute operations (see `lifecycle`): their status URLs and the state changes
    /// they apply when they are due.
    #[serde(default)]
    pub operations: Vec<Op>,
    /// Code containers and versions (`…/codes/{name}[/versions/{v}]`).
    #[serde(default)]
    pub codes: Vec<Value>,
    /// Environment containers and versions, including the curated ones copied into a workspace.
    #[serde(default)]
    pub environments: Vec<Value>,
    #[serde(default)]
    pub datastores: Vec<Value>,
    #[serde(default)]
    pub jobs: Vec<Value>,
    /// RunHistory records of jobs (`runId`, `status`, `startTimeUtc`, `endTimeUtc`, `error`, …),
    /// keyed by the lower-cased job id; the data plane's run details read them.
    #[serde(default)]
    pub runs: BTreeMap<String, Value>,
    /// Raw resources stored verbatim by `POST /_emulator/inject` (hostile-input tests).
    #[serde(default)]
    pub injected: Vec<Injected>,
    /// MLflow tracking data (experiments, runs, metrics) per workspace, keyed by the lower-cased
    /// workspace id.
    #[serde(default)]
    pub mlflow: BTreeMap<String, Tracking>,
    /// Counts changes (`AppState::mutate`), so answers computed from the store can be reused
    /// until it changes. Not persisted.
    #[serde(skip)]
    pub generation: u64,
}

/// An item of a list answer: a stored job (index into `Store::jobs`) or an injected record
/// (index into `Store::injected`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemRef {
    Job(usize),
    Injected(usize),
}

fn id_of(v: &Value) -> &str {
    let Some(m) = v.as_object() else { return "" };
    // Resources are written with `id` first (insertion order is kept): looking at the first key
    // spares hashing "id" for every item of a scan over tens of thousands of jobs.
    let id = match m.iter().next() {
        Some((k, v)) if k == "id" => Some(v),
        _ => m.get("id"),
    };
    id.and_then(Value::as_str).unwrap_or("")
}

/// ARM ids compare case-insensitively (ARM normalises casing of names and segments).
fn same_id(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

pub fn subscription_id(sub: &str) -> String {
    format!("/subscriptions/{sub}")
}

pub fn rg_id(sub: &str, rg: &str) -> String {
    format!("/subscriptions/{sub}/resourceGroups/{rg}")
}

pub fn workspace_id(sub: &str, rg: &str, ws: &str) -> String {
    format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}")
}

impl Store {
    pub fn subscription(&self, sub: &str) -> Option<&Value> {
        let id = subscription_id(sub);
        self.subscriptions.iter().find(|s| same_id(id_of(s), &id))
    }

    pub fn resource_group(&self, sub: &str, rg: &str) -> Option<&Value> {
        let id = rg_id(sub, rg);
        self.resource_groups.iter().find(|r| same_id(id_of(r), &id))
    }

    /// Workspaces of a subscription, optionally of one resource group, in insertion order.
    pub fn workspaces_in(&self, sub: &str, rg: Option<&str>) -> Vec<&Value> {
        let prefix = match rg {
            Some(rg) => format!("{}/providers/", rg_id(sub, rg)).to_ascii_lowercase(),
            None => format!("{}/", subscription_id(sub)).to_ascii_lowercase(),
        };
        self.workspaces.iter().filter(|w| id_of(w).to_ascii_lowercase().starts_with(&prefix)).collect()
    }

    pub fn workspace(&self, sub: &str, rg: &str, ws: &str) -> Option<&Value> {
        let id = workspace_id(sub, rg, ws);
        self.workspaces.iter().find(|w| same_id(id_of(w), &id))
    }

    /// Computes whose id lies directly under the workspace id.
    pub fn computes_in(&self, ws_id: &str) -> Vec<&Value> {
        let prefix = format!("{ws_id}/computes/").to_ascii_lowercase();
        self.computes
            .iter()
            .filter(|c| {
                let id = id_of(c).to_ascii_lowercase();
                id.starts_with(&prefix) && !id[prefix.len()..].contains('/')
            })
            .collect()
    }

    pub fn compute_by_id_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.computes.iter_mut().find(|c| same_id(id_of(c), id))
    }

    pub fn remove_compute(&mut self, id: &str) {
        self.computes.retain(|c| !same_id(id_of(c), id));
        self.secrets.remove(&id.to_ascii_lowercase());
    }

    /// A resource of `list` by ARM id (case-insensitive).
    pub fn find<'a>(list: &'a [Value], id: &str) -> Option<&'a Value> {
        list.iter().find(|v| same_id(id_of(v), id))
    }

    pub fn find_mut<'a>(list: &'a mut [Value], id: &str) -> Option<&'a mut Value> {
        list.iter_mut().find(|v| same_id(id_of(v), id))
    }

    /// The item an `ItemRef` of this generation points at.
    pub fn item(&self, r: ItemRef) -> &Value {
        match r {
            ItemRef::Job(i) => &self.jobs[i],
            ItemRef::Injected(i) => &self.injected[i].body,
        }
    }

    /// Resources of `list` whose id is `{parent}/{x}` with no further segment.
    pub fn children<'a>(list: &'a [Value], parent: &str) -> Vec<&'a Value> {
        Self::child_indices(list, parent).into_iter().map(|i| &list[i]).collect()
    }

    /// Positions in `list` of the resources `children` returns.
    pub fn child_indices(list: &[Value], parent: &str) -> Vec<usize> {
        let prefix = format!("{parent}/");
        let (p, n) = (prefix.as_bytes(), prefix.len());
        // Without copies, and the common cases first (ws-bench holds tens of thousands of jobs
        // and this runs in debug builds): ids spelled like the parent compare with memcmp, and a
        // sibling's id differs in its last segments, so the tail is compared before the rest.
        let tail = n.saturating_sub(16);
        let is_child = |id: &[u8]| {
            id.len() > n
                && (&id[..n] == p || (id[tail..n].eq_ignore_ascii_case(&p[tail..]) && id[..n].eq_ignore_ascii_case(p)))
                && !id[n..].contains(&b'/')
        };
        list.iter().enumerate().filter(|(_, v)| is_child(id_of(v).as_bytes())).map(|(i, _)| i).collect()
    }

    pub fn remove(list: &mut Vec<Value>, id: &str) {
        list.retain(|v| !same_id(id_of(v), id));
    }

    pub fn compute(&self, ws_id: &str, name: &str) -> Option<&Value> {
        let id = format!("{ws_id}/computes/{name}");
        self.computes.iter().find(|c| same_id(id_of(c), &id))
    }

    /// Inserts or replaces (same id) a resource in one of the lists. Used by the seed, the tests
    /// and, later, by PUT handlers.
    pub fn upsert(list: &mut Vec<Value>, value: Value) {
        let id = id_of(&value).to_string();
        match list.iter_mut().find(|v| same_id(id_of(v), &id)) {
            Some(slot) => *slot = value,
            None => list.push(value),
        }
    }

    /// A subscription as the Subscriptions API returns it.
    pub fn add_subscription(&mut self, sub: &str, display_name: &str) {
        let value = json!({
            "id": subscription_id(sub),
            "authorizationSource": "RoleBased",
            "managedByTenants": [],
            "subscriptionId": sub,
            "tenantId": TENANT_ID,
            "displayName": display_name,
            "state": "Enabled",
            "subscriptionPolicies": {
                "locationPlacementId": "Public_2014-09-01",
                "quotaId": "PayAsYouGo_2014-09-01",
                "spendingLimit": "Off"
            }
        });
        Self::upsert(&mut self.subscriptions, value);
    }

    pub fn add_resource_group(&mut self, sub: &str, rg: &str, location: &str) {
        let value = json!({
            "id": rg_id(sub, rg), "name": rg, "location": location, "subscriptionId": sub,
        });
        Self::upsert(&mut self.resource_groups, value);
    }

    pub fn add_workspace(&mut self, value: Value) {
        Self::upsert(&mut self.workspaces, value);
    }

    pub fn add_compute(&mut self, value: Value) {
        Self::upsert(&mut self.computes, value);
    }
}

/// A raw resource stored verbatim by `POST /_emulator/inject` (see `inject`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Injected {
    pub kind: String,
    /// Lower-cased workspace ARM id.
    pub parent: String,
    /// What `GET …/{kind}s/{name}` answers to (from the hook's `name`, else `body.name`).
    pub name: String,
    pub body: Value,
}

/// The workspace a request is about, read from its stored JSON.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub id: String,
    pub name: String,
    pub sub: String,
    pub rg: String,
    /// `properties.workspaceId` (names the blob container).
    pub guid: String,
    /// The workspace's region (quota, operation URLs, error envelopes).
    pub location: String,
    /// The stored resource, as GET returns it.
    pub json: Value,
}

impl Workspace {
    /// `fallback_location` is used when the stored workspace has none (its resource group's).
    pub fn from_json(v: &Value, fallback_location: &str) -> Workspace {
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let parts: Vec<&str> = id.split('/').collect();
        Workspace {
            sub: parts.get(2).unwrap_or(&"").to_string(),
            rg: parts.get(4).unwrap_or(&"").to_string(),
            name: v["name"].as_str().unwrap_or_default().to_string(),
            guid: v["properties"]["workspaceId"].as_str().unwrap_or("00000000-0000-0000-0000-000000000000").to_string(),
            location: v["location"].as_str().unwrap_or(fallback_location).to_string(),
            json: v.clone(),
            id,
        }
    }
}

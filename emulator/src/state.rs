//! Shared state: ARM resources (persistable JSON), live settings, and sign-in bookkeeping.
//!
//! Resources are stored as the JSON ARM returns (`serde_json::Value`), keyed by their ARM id,
//! so GET returns exactly what was stored and later PUT/PATCH handlers can merge into it.

use crate::config::Config;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};

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
    pub operations: Vec<crate::resources::compute::lifecycle::Op>,
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
    pub injected: Vec<crate::inject::Injected>,
}

fn id_of(v: &Value) -> &str {
    v.get("id").and_then(Value::as_str).unwrap_or("")
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

    /// Resources of `list` whose id is `{parent}/{x}` with no further segment.
    pub fn children<'a>(list: &'a [Value], parent: &str) -> Vec<&'a Value> {
        let prefix = format!("{parent}/").to_ascii_lowercase();
        list.iter()
            .filter(|v| {
                let id = id_of(v).to_ascii_lowercase();
                id.starts_with(&prefix) && !id[prefix.len()..].contains('/')
            })
            .collect()
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

    pub fn add_subscription(&mut self, sub: &str, display_name: &str) {
        let value = crate::resources::subscriptions::subscription_json(sub, display_name);
        Self::upsert(&mut self.subscriptions, value);
    }

    pub fn add_resource_group(&mut self, sub: &str, rg: &str, location: &str) {
        let value = serde_json::json!({
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

/// Settings the test hooks may change while the server runs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub token_lifetime: u64,
    pub page_size: usize,
    /// How long a compute operation (create, update, delete, start, stop, restart) takes, in ms.
    /// A cluster resize takes the same time again. Tests set it tiny.
    pub operation_ms: u64,
}

/// Default duration of a compute operation: short enough for end-to-end tests, long enough for
/// a console to show the transitional states.
pub const DEFAULT_OPERATION_MS: u64 = 3000;

/// A pending authorization code (single use, 10 minutes).
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub scope: String,
    pub oid: String,
    pub nonce: Option<String>,
    pub expires: u64,
    pub redeemed: bool,
}

/// A refresh token grant. SPA refresh tokens keep the expiry of the first sign-in (24 h).
#[derive(Debug, Clone)]
pub struct RefreshGrant {
    pub client_id: String,
    pub oid: String,
    pub scope: String,
    pub expires: u64,
}

#[derive(Debug, Default)]
pub struct AuthState {
    pub codes: HashMap<String, AuthCode>,
    pub refresh_tokens: HashMap<String, RefreshGrant>,
    /// `emu_sso` cookie value → user oid.
    pub sessions: HashMap<String, String>,
}

pub struct Inner {
    pub config: Config,
    pub settings: RwLock<Settings>,
    pub store: RwLock<Store>,
    pub auth: Mutex<AuthState>,
    /// The link to Azurite (the workspaces' storage account).
    pub storage: crate::storage::Storage,
    /// Running jobs (cancel handles) and the concurrency bound.
    pub runner: crate::runner::Runner,
    /// Fault injection rules and their deterministic counters (`faults`).
    pub faults: Mutex<crate::faults::Engine>,
}

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Builds the state: the state file if it exists, else the seeded demo state.
    pub fn new(config: Config) -> std::io::Result<AppState> {
        let store = match &config.state_file {
            Some(path) if path.exists() => {
                let text = std::fs::read_to_string(path)?;
                serde_json::from_str(&text).map_err(|e| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", path.display()))
                })?
            }
            _ => crate::seed::seeded_store(&config),
        };
        let settings = Settings {
            token_lifetime: config.token_lifetime,
            page_size: config.page_size.max(1),
            operation_ms: DEFAULT_OPERATION_MS,
        };
        let storage = crate::storage::Storage::new(&config.azurite_url, &config.azurite_account, &config.azurite_key);
        let runner = crate::runner::Runner::new(config.max_jobs);
        let faults = Mutex::new(crate::faults::Engine::new(config.faults.clone()));
        let state = AppState(Arc::new(Inner {
            faults,
            storage,
            runner,
            config,
            settings: RwLock::new(settings),
            store: RwLock::new(store),
            auth: Mutex::new(AuthState::default()),
        }));
        state.persist();
        Ok(state)
    }

    pub fn settings(&self) -> Settings {
        self.settings.read().unwrap().clone()
    }

    /// Runs `f` on the store and writes the state file afterwards (if one is configured).
    pub fn mutate<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        let out = f(&mut self.store.write().unwrap());
        self.persist();
        out
    }

    /// Writes the store to `--state-file` atomically (temp file + rename), ignoring no errors
    /// silently: a failed write is reported on stderr but does not fail the request.
    pub fn persist(&self) {
        let Some(path) = &self.config.state_file else {
            return;
        };
        let text = match serde_json::to_string_pretty(&*self.store.read().unwrap()) {
            Ok(t) => t,
            Err(e) => return eprintln!("aml-emulator: cannot serialise state: {e}"),
        };
        let tmp = path.with_extension("tmp");
        if let Err(e) = std::fs::write(&tmp, text).and_then(|_| std::fs::rename(&tmp, path)) {
            eprintln!("aml-emulator: cannot write {}: {e}", path.display());
        }
    }
}

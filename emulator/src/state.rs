//! The state every request shares: the configuration, the live settings, the `Store` behind a
//! lock (written to `--state-file` on every change), sign-in bookkeeping, the Azurite client, the
//! job runner's control and the fault engine. It holds these parts; `app` builds them.

use crate::auth::sessions::AuthState;
use crate::config::Config;
use crate::faults::Engine;
use crate::runner::control::Runner;
use crate::storage::Storage;
use crate::store::{ItemRef, Store};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

/// Settings the test hooks may change while the server runs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub token_lifetime: u64,
    pub page_size: usize,
    /// Page size of the jobs list (`--jobs-page-size`, else `page_size`).
    pub jobs_page_size: Option<usize>,
    /// How long a compute operation (create, update, delete, start, stop, restart) takes, in ms.
    /// A cluster resize takes the same time again. Tests set it tiny.
    pub operation_ms: u64,
    /// The data plane answers browsers with CORS headers (off: as a host that does not allow
    /// the console's origin).
    pub data_plane_cors: bool,
    /// Whether the demo users hold a data role (Storage Blob Data Reader) on the workspace storage
    /// account. Azurite evaluates no role assignments, so "no role" is simulated at the token: see
    /// `auth::token::storage_audience`.
    pub storage_data_role: bool,
}

/// Default duration of a compute operation: short enough for end-to-end tests, long enough for
/// a console to show the transitional states.
pub const DEFAULT_OPERATION_MS: u64 = 3000;

pub struct Inner {
    pub config: Config,
    pub settings: RwLock<Settings>,
    pub store: RwLock<Store>,
    pub auth: Mutex<AuthState>,
    /// The link to Azurite (the workspaces' storage account).
    pub storage: Storage,
    /// Running jobs (cancel handles) and the concurrency bound.
    pub runner: Runner,
    /// Fault injection rules and their deterministic counters (`faults`).
    pub faults: Mutex<Engine>,
    /// Orders of list queries, remembered until the store changes.
    pub list_memo: Mutex<ListMemo>,
}

/// Which items a list query answers, in which order, per query (workspace + filters), valid
/// for one `Store::generation`: with tens of thousands of jobs, filtering and sorting them for
/// every page would cost far more than the page itself.
#[derive(Default)]
pub struct ListMemo {
    pub generation: u64,
    pub entries: HashMap<String, Arc<Vec<ItemRef>>>,
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
    pub fn settings(&self) -> Settings {
        self.settings.read().unwrap().clone()
    }

    /// Runs `f` on the store and writes the state file afterwards (if one is configured).
    pub fn mutate<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        let out = {
            let mut store = self.store.write().unwrap();
            let generation = store.generation;
            let out = f(&mut store);
            // After `f`, which may replace the whole store (reset): a new number either way.
            store.generation = generation + 1;
            out
        };
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

//! What an operation handler gets (`Ctx`) and gives back (`Answer`), the workspace's tracking
//! data it reads and writes, and the tracking URI MLflow clients are given.

use super::error::MlflowError;
use super::model::Tracking;
use crate::state::AppState;
use serde_json::Value;

pub type Answer = Result<Value, MlflowError>;

/// What a handler knows about its request: the workspace (its tracking data is keyed by the
/// lower-cased ARM id), the caller and the emulator's public URL.
pub struct Ctx {
    pub ws_id: String,
    pub caller: Value,
    pub public_url: String,
}

impl Ctx {
    pub fn key(&self) -> String {
        self.ws_id.to_ascii_lowercase()
    }
    /// The caller's display name, MLflow's `user_id`.
    pub fn user(&self) -> String {
        self.caller["name"].as_str().or(self.caller["upn"].as_str()).unwrap_or("Emulator user").to_string()
    }
}

/// Reads the workspace's tracking data (empty when nothing was logged yet).
pub fn read<R>(st: &AppState, ctx: &Ctx, f: impl FnOnce(&Tracking) -> R) -> R {
    let store = st.store.read().unwrap();
    match store.mlflow.get(&ctx.key()) {
        Some(t) => f(t),
        None => f(&Tracking::default()),
    }
}

/// Changes the workspace's tracking data (and writes the state file).
pub fn write<R>(st: &AppState, ctx: &Ctx, f: impl FnOnce(&mut Tracking) -> R) -> R {
    st.mutate(|s| f(s.mlflow.entry(ctx.key()).or_default()))
}

/// The MLflow tracking URI of a workspace on this emulator (what a job gets as
/// `MLFLOW_TRACKING_URI`): the emulator's own URL and Azure ML's prefix.
pub fn tracking_uri(public_url: &str, ws_id: &str) -> String {
    format!("{}/mlflow/v1.0{ws_id}", public_url.trim_end_matches('/'))
}

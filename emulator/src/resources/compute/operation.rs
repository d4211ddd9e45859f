//! A long-running compute operation as the store keeps it (`Store::operations`); `lifecycle`
//! starts and applies them, `lro` answers their polling URLs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Op {
    pub id: String,
    pub sub: String,
    /// Region in the status URL (the workspace's location).
    pub location: String,
    pub compute_id: String,
    /// create | update | delete | start | stop | restart | resizeNodes | resizeSettle
    pub kind: String,
    pub start_ms: u64,
    pub due_ms: u64,
    /// InProgress | Succeeded | Failed | Canceled (the ARM async-operation statuses).
    pub status: String,
    #[serde(default)]
    pub end_ms: Option<u64>,
    #[serde(default)]
    pub error: Option<Value>,
    /// Decided when the request was accepted: the op ends Failed with this error.
    #[serde(default)]
    pub fail_with: Option<Value>,
    /// Node count a cluster heads for (update, resize steps).
    #[serde(default)]
    pub target: Option<u64>,
}

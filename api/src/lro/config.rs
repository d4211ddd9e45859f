//! Operation kinds and polling limits.

/// What the operation does; decides the resource-polling end condition and the progress text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LroKind {
    Create,
    Update,
    Delete,
    Detach,
    Start,
    Stop,
    Restart,
    /// A job cancel: done when the service says so, or when the job itself is terminal.
    Cancel,
}

impl LroKind {
    /// Progress verb shown while the operation runs.
    pub fn verb(self) -> &'static str {
        match self {
            LroKind::Create => crate::msg_str!("Creating"),
            LroKind::Update => crate::msg_str!("Updating"),
            LroKind::Delete => crate::msg_str!("Deleting"),
            LroKind::Detach => crate::msg_str!("Detaching"),
            LroKind::Start => crate::msg_str!("Starting"),
            LroKind::Stop => crate::msg_str!("Stopping"),
            LroKind::Restart => crate::msg_str!("Restarting"),
            LroKind::Cancel => crate::msg_str!("Canceling"),
        }
    }

    pub(super) fn removes(self) -> bool {
        matches!(self, LroKind::Delete | LroKind::Detach)
    }
}

/// Polling limits. `min_delay_ms` doubles per poll up to `max_delay_ms` when the service sends
/// no `Retry-After`; a `Retry-After` in seconds is honoured (capped at `max_retry_after_ms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LroConfig {
    pub min_delay_ms: u64,
    pub max_delay_ms: u64,
    pub max_retry_after_ms: u64,
    /// After this many polls the operation is reported as failed (`LroTimeout`); it may still
    /// finish on the service side.
    pub max_polls: u32,
}

impl Default for LroConfig {
    /// 5 s growing to 30 s, as docs/azure-ml-rest.md §2.4 sets for real ARM; ~1 h of polling at most.
    fn default() -> Self {
        LroConfig { min_delay_ms: 5_000, max_delay_ms: 30_000, max_retry_after_ms: 300_000, max_polls: 150 }
    }
}

impl LroConfig {
    /// 1 s → 10 s, for the local emulator.
    pub fn fast() -> Self {
        LroConfig { min_delay_ms: 1_000, max_delay_ms: 10_000, ..LroConfig::default() }
    }
}

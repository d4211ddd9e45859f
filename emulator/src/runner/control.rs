//! What the runner keeps while jobs run: the slots that bound how many run at once, each running
//! job's cancel signal and process groups, and one lock per Python environment being built.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{watch, Semaphore};

/// Control of one running job.
pub struct Ctl {
    pub(super) cancel: watch::Sender<bool>,
    /// Process groups started for it (pid = pgid).
    pub pgids: Mutex<Vec<u32>>,
    /// Why it was canceled, when not by a user (a sweep's early termination or limits).
    pub reason: Mutex<Option<String>>,
}

impl Ctl {
    pub(super) fn canceled(&self) -> bool {
        *self.cancel.borrow()
    }
    pub(super) async fn wait_canceled(&self) {
        let mut rx = self.cancel.subscribe();
        let _ = rx.wait_for(|c| *c).await;
    }
}

pub struct Runner {
    pub(super) slots: Arc<Semaphore>,
    /// Control handles of the jobs started and not yet ended, by lower-cased job id.
    pub(super) active: Mutex<HashMap<String, Arc<Ctl>>>,
    env_locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Runner {
    pub fn new(max_jobs: usize) -> Runner {
        Runner {
            slots: Arc::new(Semaphore::new(max_jobs.max(1))),
            active: Mutex::default(),
            env_locks: Mutex::default(),
        }
    }

    pub fn env_lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        self.env_locks.lock().unwrap().entry(key.to_string()).or_default().clone()
    }

    /// Number of jobs with live control handles (for tests).
    pub fn active_count(&self) -> usize {
        self.active.lock().unwrap().len()
    }
}

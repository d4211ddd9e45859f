//! Live logs: one poll reads RunDetails (data plane), then the new bytes of every log file
//! with a ranged GET. The page calls [`poll`] every few seconds while the job runs and the tab
//! is visible, and once more after it ended. Offsets, tabs and messages are
//! `aml_api::jobs::logs`; this module sends the requests.

use super::blob;
use crate::error::UiError;
use crate::http::Api;
use aml_api::jobs::logs::{merge_log_files, run_info, LogFile, RunInfo};
use aml_api::jobs::DataPlane;
use aml_api::{Method, WorkspaceRef};
use serde_json::Value;

/// `document.visibilityState == "hidden"`: background tabs do not poll.
pub fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

async fn read_new(file: &mut LogFile) {
    // Retried briefly by the pipeline; the page polls again in a few seconds anyway.
    let retry = aml_api::RetryOptions { max_retries: 2, ..crate::http::storage_retry() };
    match blob::send(Method::Get, &file.url, &[file.range_header()], None, retry).await {
        Ok(r) => file.on_answer(r.status, &r.body),
        Err(blob::BlobError::Failed(m)) => file.on_failure(&m),
        Err(blob::BlobError::Blocked(_)) => file.on_blocked(),
    }
}

/// One round: RunDetails, then the new bytes of every log file. New files get a tab.
pub async fn poll(
    api: &Api,
    dp: &DataPlane,
    ws: &WorkspaceRef,
    run_id: &str,
    files: &mut Vec<LogFile>,
) -> Result<RunInfo, UiError> {
    let details: Value = api.json(dp.run_details(ws, run_id)).await?;
    merge_log_files(files, &details);
    for f in files.iter_mut() {
        read_new(f).await;
    }
    Ok(run_info(&details))
}

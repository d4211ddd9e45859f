//! Live logs: RunDetails (data plane) lists the log files with read SAS URLs; each is re-read
//! with `Range: bytes=<offset>-` so only new bytes travel. The page calls [`poll`] every few
//! seconds while the job runs and the tab is visible, and once more after it ended.

use super::blob;
use super::requests;
use crate::error::UiError;
use crate::http::Api;
use aml_api::WorkspaceRef;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogFile {
    /// `user_logs/std_log.txt`, `user_logs/std_log_process_1.txt`, …
    pub name: String,
    pub text: String,
    pub offset: u64,
    pub url: String,
    /// Storage refused the read (CORS or SAS): shown on the tab instead of text.
    pub error: Option<String>,
}

/// What one poll learned about the run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunInfo {
    pub status: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub error: Option<String>,
}

/// `document.visibilityState == "hidden"`: background tabs do not poll.
pub fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

async fn read_new(file: &mut LogFile) {
    let range = [("Range", format!("bytes={}-", file.offset))];
    // Retried briefly by the pipeline; the page polls again in a few seconds anyway.
    let retry = aml_api::RetryOptions { max_retries: 2, ..crate::http::storage_retry() };
    match blob::send("GET", &file.url, &range, None, retry).await {
        Ok(r) if r.status == 206 => {
            file.offset += r.body.len() as u64;
            file.text.push_str(&r.body);
            file.error = None;
        }
        Ok(r) if r.status == 200 => {
            // The server ignored the range: keep only what we have not shown yet.
            let skip = (file.offset as usize).min(r.body.len());
            let skip = (0..=skip).rev().find(|i| r.body.is_char_boundary(*i)).unwrap_or(0);
            file.text.push_str(&r.body[skip..]);
            file.offset = r.body.len() as u64;
            file.error = None;
        }
        Ok(r) if r.status == 416 => file.error = None, // nothing new yet
        Ok(r) => {
            file.error =
                Some(format!("storage answered HTTP {} {}", r.status, blob::error_code(&r.body).unwrap_or_default()))
        }
        Err(blob::BlobError::Failed(m)) => file.error = Some(m),
        Err(blob::BlobError::Blocked(_)) => {
            file.error = Some(format!(
                "The browser could not read this log from {} (storage CORS rule missing for this origin?).",
                blob::origin_of(&file.url)
            ))
        }
    }
}

/// One round: RunDetails, then the new bytes of every log file. New files get a tab.
pub async fn poll(
    api: &Api,
    dp_base: &str,
    ws: &WorkspaceRef,
    run_id: &str,
    files: &mut Vec<LogFile>,
) -> Result<RunInfo, UiError> {
    let d: Value = api.json(requests::run_details(dp_base, ws, run_id)).await?;
    if let Some(m) = d["logFiles"].as_object() {
        for (name, url) in m {
            let url = url.as_str().unwrap_or_default().to_string();
            match files.iter_mut().find(|f| &f.name == name) {
                Some(f) => f.url = url, // SAS URLs may be renewed
                None => files.push(LogFile { name: name.clone(), url, ..Default::default() }),
            }
        }
    }
    files.sort_by(|a, b| log_order(&a.name).cmp(&log_order(&b.name)));
    for f in files.iter_mut() {
        read_new(f).await;
    }
    let opt = |k: &str| d[k].as_str().filter(|s| !s.is_empty()).map(str::to_string);
    let error = match &d["error"] {
        Value::Null => None,
        e => Some(
            e["error"]["message"]
                .as_str()
                .or(e["message"].as_str())
                .map(str::to_string)
                .unwrap_or_else(|| e.to_string()),
        ),
    };
    Ok(RunInfo { status: opt("status").unwrap_or_default(), start: opt("startTimeUtc"), end: opt("endTimeUtc"), error })
}

/// User logs first (std_log, then per-process in rank order), system logs after.
fn log_order(name: &str) -> (u8, u64, String) {
    let group = if name.starts_with("user_logs/") { 0 } else { 1 };
    let rank = name
        .rsplit("process_")
        .next()
        .and_then(|r| r.trim_end_matches(".txt").parse::<u64>().ok())
        .filter(|_| name.contains("process_"))
        .unwrap_or(0);
    (group, rank, name.to_string())
}

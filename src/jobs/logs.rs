//! Live logs: one poll reads RunDetails (data plane), then the new bytes of every log file
//! with a ranged GET. The page calls [`poll`] every few seconds while the job runs and the tab
//! is visible, and once more after it ended. Offsets, tabs and messages are
//! `aml_api::jobs::logs`; this module sends the requests. When the data plane gives the
//! browser no answer, [`poll_storage`] reads the same files from the workspace storage account
//! with the user's own storage token (`aml_api::jobs::log_blobs`).

use super::blob;
use crate::error::UiError;
use crate::http::Api;
use crate::i18n::{t, tf};
use aml_api::jobs::log_blobs;
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
    // Twice at most: the first read of a big file only learns its size, the second reads its tail.
    for _ in 0..2 {
        match blob::send(Method::Get, &file.url, &[file.range_header()], None, retry).await {
            Ok(r) => file.on_answer(r.status, r.header("content-range"), &r.body),
            Err(blob::BlobError::Failed(m)) => file.on_failure(&m),
            Err(blob::BlobError::Blocked(_)) => file.on_blocked(),
        }
        if !file.wants_read_now() {
            break;
        }
    }
}

/// Reads the part of `file` just before what it holds (SAS link of the data plane).
async fn read_older_sas(file: &mut LogFile) -> Result<(), String> {
    let Some(range) = file.older_range() else { return Ok(()) };
    match blob::send(Method::Get, &file.url, &[range], None, crate::http::storage_retry()).await {
        Ok(r) => file.on_older(r.status, &r.body),
        Err(blob::BlobError::Failed(m)) => Err(m),
        Err(blob::BlobError::Blocked(_)) => {
            Err(tf("logs.blocked", "The browser could not read this log from {url}.", &[("url", &file.url)]))
        }
    }
}

/// Where a job's log bytes come from — the one source the log viewer polls: RunDetails' SAS
/// links on the data plane, or, once the data plane has given the browser no answer (CORS), the
/// workspace storage account read with the user's own storage token.
pub struct LogFeed {
    data_plane: Option<DataPlane>,
    /// The data plane gave no answer: the logs come from storage from now on (trying the data
    /// plane again would wait out its retries every round).
    from_storage: bool,
    container: Option<String>,
}

/// What one round learned, beside the log files it updated.
#[derive(Default)]
pub struct LogRound {
    /// RunDetails' status and times (data plane only).
    pub run: Option<RunInfo>,
    /// Why the data plane could not be read (for `DataPlaneError`).
    pub data_plane_error: Option<UiError>,
    /// The container the logs were read from, when they come from storage.
    pub storage_container: Option<String>,
    /// Why storage could not be read ([`STORAGE_REFUSED`]: the missing data role).
    pub storage_error: Option<UiError>,
}

impl LogFeed {
    /// The workspace's data plane (`crate::dataplane`); the error says why there is none.
    pub async fn new(api: &Api, ws: &WorkspaceRef) -> (LogFeed, Option<UiError>) {
        match crate::dataplane::data_plane_for(api, ws).await {
            Ok(dp) => (LogFeed { data_plane: Some(dp), from_storage: false, container: None }, None),
            Err(e) => {
                let from_storage = crate::dataplane::is_unreachable(&e);
                (LogFeed { data_plane: None, from_storage, container: None }, Some(e))
            }
        }
    }

    pub fn from_storage(&self) -> bool {
        self.from_storage
    }

    /// Reads the part of `file` just before what it holds, from where its bytes come from now.
    pub async fn read_older(&self, api: &Api, file: &mut LogFile) -> Result<(), String> {
        if !self.from_storage {
            return read_older_sas(file).await;
        }
        let Some(range) = file.older_range() else { return Ok(()) };
        let mut req = log_blobs::read_request(&file.url);
        req.headers.push(range);
        let r = api.send_storage_oauth(req).await.map_err(|e| e.message)?;
        file.on_older(r.status, &r.body)
    }

    /// One round: new log files get a tab, known ones their new bytes.
    pub async fn poll(&mut self, api: &Api, ws: &WorkspaceRef, run_id: &str, files: &mut Vec<LogFile>) -> LogRound {
        let mut round = LogRound::default();
        if let Some(dp) = &self.data_plane {
            match poll(api, dp, ws, run_id, files).await {
                Ok(info) => round.run = Some(info),
                Err(e) => {
                    let e = crate::dataplane::unreachable_or(e, dp.base());
                    if crate::dataplane::is_unreachable(&e) {
                        self.from_storage = true;
                        self.data_plane = None;
                    }
                    round.data_plane_error = Some(e);
                }
            }
        }
        if self.from_storage {
            if self.container.is_none() {
                match artifact_container(api, ws).await {
                    Ok(c) => self.container = Some(c),
                    Err(e) => round.storage_error = Some(e),
                }
            }
            if let Some(c) = &self.container {
                round.storage_container = Some(c.clone());
                round.storage_error = poll_storage(api, c, run_id, files).await.err();
            }
        }
        round
    }
}

/// One round on the data plane: RunDetails, then the new bytes of every log file.
async fn poll(
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

/// The workspace's artifact container (`workspaceartifactstore`, read from ARM), where the
/// job's logs are when the data plane does not answer the browser.
pub async fn artifact_container(api: &Api, ws: &WorkspaceRef) -> Result<String, UiError> {
    let path = log_blobs::artifact_datastore_path(&ws.arm_path());
    let req = api.arm().get_resource(&path).map_err(|e| crate::error::ui_error(e, None))?;
    let datastore: Value = api.json(req).await?;
    log_blobs::container_url(&datastore).ok_or_else(|| {
        UiError::simple(
            "NoArtifactStore",
            t("logs.no_store", "The workspace's artifact datastore names no storage account and container."),
        )
    })
}

/// Error code when storage refused the user's token; the message names the missing role.
pub const STORAGE_REFUSED: &str = "StorageRefused";

fn refused(status: u16, body: &str, container: &str) -> Option<UiError> {
    log_blobs::refusal_message(status, body, container).map(|m| UiError {
        status: Some(status),
        code: STORAGE_REFUSED.into(),
        message: m,
        ..Default::default()
    })
}

/// One round without the data plane: list the run's folder in the artifact container, then
/// read the new bytes of every log file, all with the user's own storage token.
pub async fn poll_storage(api: &Api, container: &str, run_id: &str, files: &mut Vec<LogFile>) -> Result<(), UiError> {
    let listing = api.send_storage_oauth(log_blobs::list_request(container, run_id)).await?;
    if let Some(e) = refused(listing.status, &listing.body, container) {
        return Err(e);
    }
    if !listing.is_success() {
        return Err(UiError {
            status: Some(listing.status),
            code: "StorageListFailed".into(),
            message: tf(
                "logs.listing_failed",
                "Listing the job's log files in {container} answered HTTP {status}.",
                &[("container", container), ("status", &listing.status.to_string())],
            ),
            ..Default::default()
        });
    }
    log_blobs::merge_listed(files, log_blobs::log_files(container, run_id, &listing.body));
    for f in files.iter_mut() {
        // Twice at most, as `read_new`: a big file's size, then its tail.
        for _ in 0..2 {
            let mut req = log_blobs::read_request(&f.url);
            req.headers.push(f.range_header());
            match api.send_storage_oauth(req).await {
                Ok(r) => match refused(r.status, &r.body, container) {
                    Some(e) => f.on_failure(&e.message),
                    None => f.on_answer(r.status, r.header("content-range"), &r.body),
                },
                Err(e) => f.on_failure(&e.message),
            }
            if !f.wants_read_now() {
                break;
            }
        }
    }
    Ok(())
}

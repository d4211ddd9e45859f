//! Uploads the selected files to the code version's SAS container, the way the SDK lays them
//! out: blob `<folder basename>/<relative path>`, Put Blob per file (Put Block + Put Block List
//! above 4 MiB), 4 files in parallel, and at the end the SDK's "indicator" metadata
//! (`upload_status=completed`, `name`, `version`) on the first file, which the SDK checks to
//! skip an upload that already finished.
//!
//! Nothing is lost when the network drops: every storage call runs through the request
//! pipeline's retry policy, and when the retries run out the user's "Retry" resumes: the same
//! code plan (name, version, upload id) gives the same SAS container, small files are simply
//! PUT again, and a big file first asks storage which of its blocks are already there (Get
//! Block List, uncommitted) and sends only the missing ones.

use super::blob::{self, BlobError};
use crate::http::storage_retry;
use aml_api::snapshot::Selection;
use aml_api::RetryOptions;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use wasm_bindgen::JsValue;

const PARALLEL: usize = 4;
const BLOCK: u64 = 4 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub enum UploadError {
    /// The browser got no response from storage: CORS not configured (or host unreachable).
    Cors {
        storage_origin: String,
    },
    Failed(String),
}

/// Progress for the UI: bytes sent, bytes in total, and the rate.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UploadProgress {
    pub done: u64,
    pub total: u64,
    pub mb_per_s: f64,
    pub files_done: usize,
    pub files: usize,
}

/// Polls several futures on one task until all are done (no extra crate for a join).
struct JoinAll(Vec<Option<Pin<Box<dyn Future<Output = ()>>>>>);

impl Future for JoinAll {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut pending = false;
        for slot in self.0.iter_mut() {
            if let Some(f) = slot {
                if f.as_mut().poll(cx).is_ready() {
                    *slot = None;
                } else {
                    pending = true;
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}

/// One storage write through the pipeline; anything but 2xx at the end is a failure.
async fn put(url: &str, headers: &[(&str, String)], body: Option<JsValue>) -> Result<(), UploadError> {
    match blob::send("PUT", url, headers, body, storage_retry()).await {
        Ok(r) if r.ok() => Ok(()),
        Ok(r) => {
            let code = blob::error_code(&r.body).unwrap_or_default();
            let id = r.header("x-ms-request-id").map(|i| format!(" (request id {i})")).unwrap_or_default();
            Err(UploadError::Failed(format!("storage answered HTTP {} {code}{id}", r.status)))
        }
        Err(e) => Err(UploadError::Failed(e.message().to_string())),
    }
}

fn block_id(i: usize) -> String {
    // Same length for every id (a Put Block List rule), base64 of an ASCII counter; the same
    // ids on every attempt, so a resumed upload recognises its earlier blocks.
    let raw = format!("block-{i:06}");
    web_sys::window().and_then(|w| w.btoa(&raw).ok()).unwrap_or(raw)
}

/// Blocks of an earlier, interrupted attempt: id → size. Empty when there are none (404) or
/// the list cannot be read — then every block is sent, which is still correct.
async fn uncommitted_blocks(url: &str) -> HashMap<String, u64> {
    let list_url = blob::with_query(url, &[("comp", "blocklist"), ("blocklisttype", "uncommitted")]);
    let Ok(r) = blob::send("GET", &list_url, &[], None, storage_retry()).await else { return HashMap::new() };
    if !r.ok() {
        return HashMap::new();
    }
    let names = blob::tag_values(&r.body, "Name");
    let sizes = blob::tag_values(&r.body, "Size");
    names.into_iter().zip(sizes).filter_map(|(n, s)| Some((n, s.trim().parse().ok()?))).collect()
}

async fn upload_file(url: &str, file: &web_sys::File, on_bytes: &dyn Fn(u64)) -> Result<(), UploadError> {
    let size = file.size() as u64;
    if size <= BLOCK {
        let headers =
            [("x-ms-blob-type", "BlockBlob".to_string()), ("Content-Type", "application/octet-stream".to_string())];
        put(url, &headers, Some(JsValue::from(file.clone()))).await?;
        on_bytes(size);
        return Ok(());
    }
    let present = uncommitted_blocks(url).await;
    let mut ids = Vec::new();
    let mut at = 0;
    while at < size {
        let end = (at + BLOCK).min(size);
        let id = block_id(ids.len());
        if present.get(&id) != Some(&(end - at)) {
            let block_url = blob::with_query(url, &[("comp", "block"), ("blockid", &id)]);
            let part = file
                .slice_with_f64_and_f64(at as f64, end as f64)
                .map_err(|e| UploadError::Failed(format!("{e:?}")))?;
            put(&block_url, &[], Some(JsValue::from(part))).await?;
        }
        on_bytes(end - at);
        ids.push(id);
        at = end;
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>{}</BlockList>",
        ids.iter().map(|i| format!("<Latest>{i}</Latest>")).collect::<String>()
    );
    let list_url = blob::with_query(url, &[("comp", "blocklist")]);
    put(&list_url, &[("Content-Type", "application/xml".to_string())], Some(JsValue::from_str(&xml))).await
}

/// Uploads `selection` from `picked` to `sas_url` (the pending upload's container/prefix SAS).
/// Returns the bytes actually sent (0 when the indicator says an earlier attempt completed).
pub async fn upload(
    picked: Rc<super::files::Picked>,
    selection: &Selection,
    sas_url: &str,
    name: &str,
    version: &str,
    progress: Rc<dyn Fn(UploadProgress)>,
) -> Result<u64, UploadError> {
    let blob_name = |p: &str| format!("{}/{p}", picked.root);
    let indicator = blob::blob_url(sas_url, &blob_name(selection.indicator_file()));
    // The SDK's first call: is this upload already complete? (Get Blob Metadata, the GET twin
    // of the SDK's HEAD.) It also tells us early whether the browser may talk to storage at
    // all (CORS), so it gets one quick retry only: a blocked preflight never heals by waiting.
    let probe = RetryOptions { max_retries: 1, ..storage_retry() };
    match blob::send("GET", &blob::with_query(&indicator, &[("comp", "metadata")]), &[], None, probe).await {
        Err(BlobError::Blocked(_)) => return Err(UploadError::Cors { storage_origin: blob::origin_of(sas_url) }),
        Ok(r) if r.ok() && r.header("x-ms-meta-upload_status") == Some("completed") => return Ok(0),
        _ => {}
    }
    let total = selection.total_bytes;
    let files = selection.files.len();
    let queue: Rc<RefCell<VecDeque<String>>> =
        Rc::new(RefCell::new(selection.files.iter().map(|f| f.path.clone()).collect()));
    let done = Rc::new(Cell::new(0u64));
    let files_done = Rc::new(Cell::new(0usize));
    let failure: Rc<RefCell<Option<UploadError>>> = Rc::new(RefCell::new(None));
    let started = js_sys::Date::now();
    let report = {
        let (done, files_done, progress) = (done.clone(), files_done.clone(), progress.clone());
        Rc::new(move || {
            let secs = ((js_sys::Date::now() - started) / 1000.0).max(0.001);
            let d = done.get();
            progress(UploadProgress {
                done: d,
                total,
                mb_per_s: d as f64 / 1e6 / secs,
                files_done: files_done.get(),
                files,
            });
        })
    };
    report();
    let workers = (0..PARALLEL.min(files.max(1)))
        .map(|_| {
            let (queue, picked, failure, done, files_done, report) =
                (queue.clone(), picked.clone(), failure.clone(), done.clone(), files_done.clone(), report.clone());
            let sas_url = sas_url.to_string();
            Some(Box::pin(async move {
                loop {
                    if failure.borrow().is_some() {
                        return;
                    }
                    let Some(path) = queue.borrow_mut().pop_front() else { return };
                    let Some(file) = picked.get(&path).cloned() else {
                        *failure.borrow_mut() = Some(UploadError::Failed(format!("{path} is no longer available")));
                        return;
                    };
                    let url = blob::blob_url(&sas_url, &format!("{}/{path}", picked.root));
                    let on_bytes = |n: u64| {
                        done.set(done.get() + n);
                        report();
                    };
                    if let Err(e) = upload_file(&url, &file, &on_bytes).await {
                        let e = match e {
                            UploadError::Failed(m) => UploadError::Failed(format!("{path}: {m}")),
                            other => other,
                        };
                        *failure.borrow_mut() = Some(e);
                        return;
                    }
                    files_done.set(files_done.get() + 1);
                    report();
                }
            }) as Pin<Box<dyn Future<Output = ()>>>)
        })
        .collect();
    JoinAll(workers).await;
    if let Some(e) = failure.borrow_mut().take() {
        return Err(e);
    }
    // The SDK marks the indicator last, so a half-finished upload is never taken as complete.
    let meta_url = blob::with_query(&indicator, &[("comp", "metadata")]);
    let headers = [
        ("x-ms-meta-upload_status", "completed".to_string()),
        ("x-ms-meta-name", name.to_string()),
        ("x-ms-meta-version", version.to_string()),
    ];
    put(&meta_url, &headers, None).await?;
    Ok(done.get())
}

/// The CORS rule an administrator must add to the workspace storage account.
pub fn cors_rule(console_origin: &str) -> String {
    format!(
        "AllowedOrigins: {console_origin}\nAllowedMethods: PUT, GET, HEAD, OPTIONS\nAllowedHeaders: x-ms-*, content-type, range\n\
         ExposedHeaders: etag, x-ms-*\nMaxAgeInSeconds: 3600\n\n\
         az storage cors add --services b --methods PUT GET HEAD OPTIONS --origins {console_origin} \\\n  \
         --allowed-headers 'x-ms-*' content-type range --exposed-headers etag 'x-ms-*' --max-age 3600 --account-name <account>"
    )
}

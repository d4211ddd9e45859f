//! Uploads the selected files to the code version's SAS container, the way the SDK lays them
//! out: blob `<folder basename>/<relative path>`, Put Blob per file (Put Block + Put Block List
//! above the block size), a few files in parallel, and at the end the SDK's "indicator"
//! metadata on the first file, which the SDK checks to skip an upload that already finished.
//! The plan (URLs, blocks, metadata) is `aml_api::jobs::storage`; this module sends it.
//!
//! Nothing is lost when the network drops: every storage call runs through the request
//! pipeline's retry policy, and when the retries run out the user's "Retry" resumes: the same
//! code plan (name, version, upload id) gives the same SAS container, small files are simply
//! PUT again, and a big file first asks storage which of its blocks are already there (Get
//! Block List, uncommitted) and sends only the missing ones.

use super::blob::{self, BlobError};
use crate::http::storage_retry;
use aml_api::jobs::storage::{self as plan, BLOCK_BYTES, PARALLEL_UPLOADS};
use aml_api::snapshot::Selection;
use aml_api::{Method, RetryOptions};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use wasm_bindgen::JsValue;

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

fn header(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

/// One storage write through the pipeline; anything but 2xx at the end is a failure.
async fn put(url: &str, headers: &[(String, String)], body: Option<JsValue>) -> Result<(), UploadError> {
    match blob::send(Method::Put, url, headers, body, storage_retry()).await {
        Ok(r) if r.ok() => Ok(()),
        Ok(r) => Err(UploadError::Failed(plan::failure_message(r.status, &r.body, r.header("x-ms-request-id")))),
        Err(e) => Err(UploadError::Failed(e.message().to_string())),
    }
}

/// Blocks of an earlier, interrupted attempt: id → size. Empty when there are none (404) or
/// the list cannot be read — then every block is sent, which is still correct.
async fn uncommitted_blocks(url: &str) -> HashMap<String, u64> {
    let list_url = plan::with_query(url, &[("comp", "blocklist"), ("blocklisttype", "uncommitted")]);
    match blob::send(Method::Get, &list_url, &[], None, storage_retry()).await {
        Ok(r) if r.ok() => plan::uncommitted_blocks(&r.body),
        _ => HashMap::new(),
    }
}

async fn upload_file(url: &str, file: &web_sys::File, on_bytes: &dyn Fn(u64)) -> Result<(), UploadError> {
    let size = file.size() as u64;
    if size <= BLOCK_BYTES {
        let headers = [header("x-ms-blob-type", "BlockBlob"), header("Content-Type", "application/octet-stream")];
        put(url, &headers, Some(JsValue::from(file.clone()))).await?;
        on_bytes(size);
        return Ok(());
    }
    let present = uncommitted_blocks(url).await;
    let blocks = plan::plan_blocks(size);
    for b in &blocks {
        if plan::needs_upload(b, &present) {
            let block_url = plan::with_query(url, &[("comp", "block"), ("blockid", &b.id)]);
            let part = file
                .slice_with_f64_and_f64(b.start as f64, b.end as f64)
                .map_err(|e| UploadError::Failed(format!("{e:?}")))?;
            put(&block_url, &[], Some(JsValue::from(part))).await?;
        }
        on_bytes(b.end - b.start);
    }
    let list_url = plan::with_query(url, &[("comp", "blocklist")]);
    let xml = plan::block_list_xml(&blocks);
    put(&list_url, &[header("Content-Type", "application/xml")], Some(JsValue::from_str(&xml))).await
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
    let indicator = plan::blob_url(sas_url, &blob_name(selection.indicator_file()));
    let indicator_meta = plan::with_query(&indicator, &[("comp", "metadata")]);
    // The SDK's first call: is this upload already complete? (Get Blob Metadata, the GET twin
    // of the SDK's HEAD.) It also tells us early whether the browser may talk to storage at
    // all (CORS), so it gets one quick retry only: a blocked preflight never heals by waiting.
    let probe = RetryOptions { max_retries: 1, ..storage_retry() };
    match blob::send(Method::Get, &indicator_meta, &[], None, probe).await {
        Err(BlobError::Blocked(_)) => return Err(UploadError::Cors { storage_origin: plan::origin_of(sas_url) }),
        Ok(r) if r.ok() && plan::upload_completed(&r.headers) => return Ok(0),
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
    let workers = (0..PARALLEL_UPLOADS.min(files.max(1)))
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
                    let url = plan::blob_url(&sas_url, &format!("{}/{path}", picked.root));
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
    put(&indicator_meta, &plan::indicator_metadata(name, version), None).await?;
    Ok(done.get())
}

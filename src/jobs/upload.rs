//! Writes a snapshot into the code version's SAS container the way the SDK lays it out (blob
//! `<folder basename>/<relative path>`), following the transfer plan of
//! `aml_api::jobs::incremental`: unchanged files are copied inside storage (Copy Blob From URL,
//! or Put Block From URL per range above 256 MiB), the rest are uploaded (Put Blob, or Put
//! Block + Put Block List above the block size), several at a time. The indicator file goes
//! last and then gets the SDK's "upload complete" metadata.
//!
//! A copy storage refuses is never reported as done: that file is uploaded instead; when the
//! refusal applies to every copy (CORS, the SAS, an operation storage lacks) all remaining
//! copies become uploads and the report carries one note saying why.
//!
//! Nothing is lost when the network drops: every call runs through the request pipeline's
//! retry policy, and the user's "Retry" resumes with the same code plan (same prefix): a big
//! upload first asks storage which of its blocks are already there and sends only the others.

use super::blob::{self, BlobError};
use super::files::Picked;
use crate::http::storage_retry;
use aml_api::jobs::incremental::transfer::{
    block_from_url_headers, block_list_headers, copy_from_url_headers, put_blob_headers,
};
use aml_api::jobs::incremental::{judge_copy, ContainerSas, CopyVerdict, FileTransfer, Refusal, Transfer};
use aml_api::jobs::storage::{self as plan, BLOCK_BYTES, PARALLEL_BLOCKS, PARALLEL_UPLOADS};
use aml_api::{Method, RetryOptions};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use wasm_bindgen::JsValue;

#[derive(Clone, Debug, PartialEq)]
pub enum UploadError {
    /// The browser got no response from storage: CORS not configured (or host unreachable).
    Cors {
        storage_origin: String,
    },
    Failed(String),
}

/// Progress for the UI: bytes sent of bytes to send, the rate, files written (uploaded or
/// copied) of all files, and how many were copied.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UploadProgress {
    pub done: u64,
    pub total: u64,
    pub mb_per_s: f64,
    pub files_done: usize,
    pub files: usize,
    pub copied: usize,
}

/// What the upload did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UploadReport {
    pub bytes_sent: u64,
    pub files_copied: usize,
    pub bytes_copied: u64,
    /// Why copies were uploaded instead (said once), if they were.
    pub note: Option<String>,
    /// The earlier attempt had already finished (indicator says so): nothing was written.
    pub already_complete: bool,
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

/// Uploads one file from the browser; `on_bytes` gets each part's size once it is stored.
async fn upload_file(
    url: &str,
    file: &web_sys::File,
    md5: Option<&str>,
    on_bytes: &dyn Fn(u64),
) -> Result<(), UploadError> {
    let size = file.size() as u64;
    if size <= BLOCK_BYTES {
        put(url, &put_blob_headers(md5), Some(JsValue::from(file.clone()))).await?;
        on_bytes(size);
        return Ok(());
    }
    let present = uncommitted_blocks(url).await;
    let blocks = plan::plan_blocks(size);
    // A big file's blocks go up several at a time (one at a time left the bench's 16 MiB files
    // waiting on each round trip); the first failure stops the others from starting.
    let queue = RefCell::new(blocks.iter().collect::<VecDeque<_>>());
    let failure = RefCell::new(None);
    let one_lane = || async {
        loop {
            if failure.borrow().is_some() {
                return;
            }
            let Some(b) = queue.borrow_mut().pop_front() else { return };
            if plan::needs_upload(b, &present) {
                let block_url = plan::with_query(url, &[("comp", "block"), ("blockid", &b.id)]);
                let sent = match file.slice_with_f64_and_f64(b.start as f64, b.end as f64) {
                    Ok(part) => put(&block_url, &[], Some(JsValue::from(part))).await,
                    Err(e) => Err(UploadError::Failed(format!("{e:?}"))),
                };
                if let Err(e) = sent {
                    failure.borrow_mut().get_or_insert(e);
                    return;
                }
            }
            on_bytes(b.end - b.start);
        }
    };
    super::join::join_local((0..PARALLEL_BLOCKS.min(blocks.len())).map(|_| one_lane()).collect()).await;
    if let Some(e) = failure.into_inner() {
        return Err(e);
    }
    let list_url = plan::with_query(url, &[("comp", "blocklist")]);
    let xml = plan::block_list_xml(&blocks);
    put(&list_url, &block_list_headers(md5), Some(JsValue::from_str(&xml))).await
}

/// A copy request: a refused or failed one is judged, never taken as done.
async fn copy_call(url: &str, hs: Vec<(String, String)>, sync_copy: bool) -> CopyVerdict {
    // A copy blocked by CORS never heals by waiting: one quick retry, then judge.
    let retry = RetryOptions { max_retries: 1, ..storage_retry() };
    match blob::send(Method::Put, url, &hs, None, retry).await {
        Ok(r) => judge_copy(r.status, &r.body, r.header("x-ms-copy-status"), sync_copy),
        Err(BlobError::Blocked(_)) => CopyVerdict::Refused(Refusal::Blocked),
        Err(BlobError::Failed(m)) => CopyVerdict::UploadThisFile(m),
    }
}

/// Copies one file inside storage from the previous snapshot.
async fn copy_file(dest: &str, sas: &ContainerSas, t: &FileTransfer) -> CopyVerdict {
    match &t.transfer {
        Transfer::Upload => CopyVerdict::UploadThisFile(String::new()),
        Transfer::CopyFromUrl { source } => {
            copy_call(dest, copy_from_url_headers(&sas.blob_url(source), t.md5.as_deref()), true).await
        }
        Transfer::BlocksFromUrl { source, blocks } => {
            let src = sas.blob_url(source);
            for b in blocks {
                let url = plan::with_query(dest, &[("comp", "block"), ("blockid", &b.id)]);
                match copy_call(&url, block_from_url_headers(&src, b), false).await {
                    CopyVerdict::Copied => {}
                    other => return other,
                }
            }
            let list_url = plan::with_query(dest, &[("comp", "blocklist")]);
            let xml = plan::block_list_xml(blocks);
            match put(&list_url, &block_list_headers(t.md5.as_deref()), Some(JsValue::from_str(&xml))).await {
                Ok(()) => CopyVerdict::Copied,
                Err(UploadError::Failed(m) | UploadError::Cors { storage_origin: m }) => CopyVerdict::UploadThisFile(m),
            }
        }
    }
}

/// Shared state of one upload run.
struct Run {
    picked: Rc<Picked>,
    sas_url: String,
    container: Option<ContainerSas>,
    sent: Cell<u64>,
    to_send: Cell<u64>,
    files_done: Cell<usize>,
    copied: Cell<usize>,
    bytes_copied: Cell<u64>,
    refusal: RefCell<Option<Refusal>>,
    failure: RefCell<Option<UploadError>>,
    report: Box<dyn Fn(&Run)>,
}

impl Run {
    fn dest(&self, path: &str) -> String {
        plan::blob_url(&self.sas_url, &format!("{}/{path}", self.picked.root))
    }

    async fn one(&self, t: &FileTransfer) -> Result<(), UploadError> {
        let dest = self.dest(&t.path);
        if t.is_copy() && self.refusal.borrow().is_none() {
            if let Some(sas) = &self.container {
                match copy_file(&dest, sas, t).await {
                    CopyVerdict::Copied => {
                        self.copied.set(self.copied.get() + 1);
                        self.bytes_copied.set(self.bytes_copied.get() + t.size);
                        return Ok(());
                    }
                    CopyVerdict::Refused(r) => {
                        self.refusal.borrow_mut().get_or_insert(r);
                    }
                    CopyVerdict::UploadThisFile(_) => {}
                }
            }
        }
        if t.is_copy() {
            // Not copied after all: its bytes are sent, so they count in the total too.
            self.to_send.set(self.to_send.get() + t.size);
        }
        let file = self.picked.get(&t.path).cloned().ok_or_else(|| {
            UploadError::Failed(crate::i18n::tf(
                "submit.file_gone",
                "{path} is no longer available",
                &[("path", &t.path)],
            ))
        })?;
        let on_bytes = |n: u64| {
            self.sent.set(self.sent.get() + n);
            (self.report)(self);
        };
        upload_file(&dest, &file, t.md5.as_deref(), &on_bytes).await.map_err(|e| match e {
            UploadError::Failed(m) => UploadError::Failed(format!("{}: {m}", t.path)),
            other => other,
        })
    }

    async fn worker(self: Rc<Self>, queue: Rc<RefCell<VecDeque<FileTransfer>>>) {
        loop {
            if self.failure.borrow().is_some() {
                return;
            }
            let Some(t) = queue.borrow_mut().pop_front() else { return };
            if let Err(e) = self.one(&t).await {
                self.failure.borrow_mut().get_or_insert(e);
                return;
            }
            self.files_done.set(self.files_done.get() + 1);
            (self.report)(&self);
        }
    }
}

/// Writes `transfers` (indicator last, as `aml_api::jobs::incremental::plan` orders them) under
/// the pending upload `sas_url`. Copies read from the same container with the same SAS.
pub async fn upload(
    picked: Rc<Picked>,
    mut transfers: Vec<FileTransfer>,
    sas_url: &str,
    name: &str,
    version: &str,
    progress: Rc<dyn Fn(UploadProgress)>,
) -> Result<UploadReport, UploadError> {
    let Some(indicator) = transfers.pop() else { return Err(UploadError::Failed("nothing to upload".into())) };
    let indicator_url = plan::blob_url(sas_url, &format!("{}/{}", picked.root, indicator.path));
    let indicator_meta = plan::with_query(&indicator_url, &[("comp", "metadata")]);
    // The SDK's first call: is this upload already complete? (Get Blob Metadata, the GET twin
    // of the SDK's HEAD.) It also tells us early whether the browser may talk to storage at
    // all (CORS), so it gets one quick retry only: a blocked preflight never heals by waiting.
    let probe = RetryOptions { max_retries: 1, ..storage_retry() };
    match blob::send(Method::Get, &indicator_meta, &[], None, probe).await {
        Err(BlobError::Blocked(_)) => return Err(UploadError::Cors { storage_origin: plan::origin_of(sas_url) }),
        Ok(r) if r.ok() && plan::upload_completed(&r.headers) => {
            return Ok(UploadReport { already_complete: true, ..UploadReport::default() })
        }
        _ => {}
    }
    let files = transfers.len() + 1;
    let to_send: u64 = transfers.iter().chain([&indicator]).filter(|t| !t.is_copy()).map(|t| t.size).sum();
    let started = js_sys::Date::now();
    let run = Rc::new(Run {
        picked,
        sas_url: sas_url.to_string(),
        container: ContainerSas::from_sas_url(sas_url),
        sent: Cell::new(0),
        to_send: Cell::new(to_send),
        files_done: Cell::new(0),
        copied: Cell::new(0),
        bytes_copied: Cell::new(0),
        refusal: RefCell::new(None),
        failure: RefCell::new(None),
        report: Box::new(move |r: &Run| {
            let secs = ((js_sys::Date::now() - started) / 1000.0).max(0.001);
            progress(UploadProgress {
                done: r.sent.get(),
                total: r.to_send.get(),
                mb_per_s: r.sent.get() as f64 / 1e6 / secs,
                files_done: r.files_done.get(),
                files,
                copied: r.copied.get(),
            });
        }),
    });
    (run.report)(&run);
    let queue = Rc::new(RefCell::new(VecDeque::from(transfers)));
    let workers: Vec<_> = (0..PARALLEL_UPLOADS.min(files)).map(|_| run.clone().worker(queue.clone())).collect();
    super::join::join_all(workers).await;
    if let Some(e) = run.failure.borrow_mut().take() {
        return Err(e);
    }
    // The indicator last: a copy of the previous one carries its "completed" metadata, which is
    // only true once everything else is written; then the SDK's metadata for this version.
    run.one(&indicator).await?;
    run.files_done.set(files);
    (run.report)(&run);
    let meta = plan::indicator_metadata(name, version);
    put(&indicator_meta, &meta, None).await?;
    let note = run.refusal.borrow().as_ref().map(Refusal::note);
    Ok(UploadReport {
        bytes_sent: run.sent.get(),
        files_copied: run.copied.get(),
        bytes_copied: run.bytes_copied.get(),
        note,
        already_complete: false,
    })
}

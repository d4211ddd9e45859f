//! The snapshot's digests — the SDK-compatible content hash and each file's MD5 (for comparing
//! with a previous snapshot) — computed off the page's thread: one Web Worker streams the
//! content hash while a second computes the per-file MD5s (`hash_worker.rs`). Where no worker
//! can start (e.g. `trunk serve`, which does not build the worker), the page hashes itself in
//! slices with a pause between them, as before.

use super::files::Picked;
use super::hash_worker::{WorkerError, WorkerRun};
use aml_api::snapshot::{FileMd5, Selection, SnapshotHasher};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Bytes per read on the page (small files are read together as one composite Blob).
const CHUNK: u64 = 8 * 1024 * 1024;

/// `performance.mark(name)`: the submit page marks where hashing and uploading start and end so
/// `cargo xtask bench` (tests/e2e/bench/submit.mjs) can time them from outside without the
/// page printing timings. Called through `Reflect`: web-sys's `Performance` feature is not on.
pub fn mark(name: &str) {
    use wasm_bindgen::JsCast;
    let perf = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance")).unwrap_or(JsValue::UNDEFINED);
    if let Some(f) =
        js_sys::Reflect::get(&perf, &JsValue::from_str("mark")).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = f.call1(&perf, &JsValue::from_str(name));
    }
}

/// Where the digests were computed (shown on the page, read by the tests and the bench).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Worker,
    Page,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Worker => "worker",
            Engine::Page => "page",
        }
    }
}

/// The digests of one selection.
#[derive(Clone, Debug, PartialEq)]
pub struct Digests {
    pub hash: String,
    /// Path → base64 MD5.
    pub md5: HashMap<String, String>,
    pub engine: Engine,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DigestError {
    Canceled,
    Failed(String),
}

/// Cancels a running computation (the Cancel button; a new pick; leaving the page).
#[derive(Clone, Default)]
pub struct CancelHandle {
    canceled: Rc<Cell<bool>>,
    workers: Rc<RefCell<Vec<WorkerRun>>>,
}

impl CancelHandle {
    pub fn cancel(&self) {
        self.canceled.set(true);
        for w in self.workers.borrow_mut().drain(..) {
            w.cancel();
        }
    }
    fn is_canceled(&self) -> bool {
        self.canceled.get()
    }
}

/// Content hash and per-file MD5s of `selection`. `progress(done, total)` counts the bytes of
/// both passes (2 × the selection's size).
pub async fn digests(
    picked: &Picked,
    selection: &Selection,
    progress: Rc<dyn Fn(u64, u64)>,
    cancel: CancelHandle,
) -> Result<Digests, DigestError> {
    match in_workers(picked, selection, progress.clone(), &cancel).await {
        Err(WorkerError::Unavailable(why)) if !cancel.is_canceled() => {
            web_sys::console::warn_1(&JsValue::from_str(&format!("hashing on the page: {why}")));
            on_page(picked, selection, progress, &cancel).await
        }
        Err(WorkerError::Unavailable(_) | WorkerError::Canceled) => Err(DigestError::Canceled),
        Err(WorkerError::Failed(m)) => Err(DigestError::Failed(m)),
        Ok(d) => Ok(d),
    }
}

/// The files of `entries` from the pick, or which one is missing.
fn files_of(picked: &Picked, entries: &[aml_api::snapshot::Entry]) -> Result<Vec<web_sys::File>, WorkerError> {
    entries
        .iter()
        .map(|e| {
            picked.get(&e.path).cloned().ok_or_else(|| {
                WorkerError::Failed(crate::i18n::tf(
                    "submit.file_gone",
                    "{path} is no longer available",
                    &[("path", &e.path)],
                ))
            })
        })
        .collect()
}

async fn in_workers(
    picked: &Picked,
    selection: &Selection,
    progress: Rc<dyn Fn(u64, u64)>,
    cancel: &CancelHandle,
) -> Result<Digests, WorkerError> {
    let total = selection.total_bytes * 2;
    let done = Rc::new([Cell::new(0u64), Cell::new(0u64)]);
    let report = |i: usize| -> Rc<dyn Fn(u64)> {
        let (done, progress) = (done.clone(), progress.clone());
        Rc::new(move |n| {
            done[i].set(n);
            progress(done[0].get() + done[1].get(), total);
        })
    };
    let ordered = SnapshotHasher::new(&selection.files).files().to_vec();
    let listed = &selection.files;
    let sha_files = files_of(picked, &ordered)?;
    let md5_files = files_of(picked, listed)?;
    let paths = |es: &[aml_api::snapshot::Entry]| es.iter().map(|e| e.path.clone()).collect::<Vec<_>>();
    let sizes = |es: &[aml_api::snapshot::Entry]| es.iter().map(|e| e.size).collect::<Vec<_>>();
    let sha = WorkerRun::start(&sha_files, &paths(&ordered), &sizes(&ordered), true, false, report(0))?;
    cancel.workers.borrow_mut().push(sha.clone());
    let md5 = match WorkerRun::start(&md5_files, &paths(listed), &sizes(listed), false, true, report(1)) {
        Ok(w) => w,
        Err(e) => {
            sha.cancel();
            return Err(e);
        }
    };
    cancel.workers.borrow_mut().push(md5.clone());
    // Both workers run at once; waiting for one and then the other costs nothing.
    let a = match sha.finish().await {
        Ok(a) => a,
        Err(e) => {
            md5.cancel();
            return Err(e);
        }
    };
    let b = md5.finish().await?;
    let hash = a.content_hash.ok_or_else(|| WorkerError::Failed("the worker returned no hash".into()))?;
    let digests = b.md5.unwrap_or_default();
    if digests.len() != listed.len() {
        return Err(WorkerError::Failed("the worker returned too few digests".into()));
    }
    let md5 = listed.iter().map(|e| e.path.clone()).zip(digests).collect();
    Ok(Digests { hash, md5, engine: Engine::Worker })
}

/// Reads `[start, end)` of a blob (a file, or several files joined).
async fn read(blob: &web_sys::Blob, expected: u64, path: &str) -> Result<Vec<u8>, DigestError> {
    let changed = || {
        DigestError::Failed(crate::i18n::tf(
            "submit.file_changed",
            "{path} changed while it was being read; pick the folder again.",
            &[("path", path)],
        ))
    };
    let bytes = super::files::read_range(blob, 0, blob.size() as u64).await.map_err(|_| changed())?;
    if bytes.len() as u64 != expected {
        return Err(changed());
    }
    Ok(bytes)
}

/// The page hashes itself: both digests from one read of each byte, a pause after every
/// `CHUNK` so the page repaints (progress) and stays responsive.
async fn on_page(
    picked: &Picked,
    selection: &Selection,
    progress: Rc<dyn Fn(u64, u64)>,
    cancel: &CancelHandle,
) -> Result<Digests, DigestError> {
    let mut hasher = SnapshotHasher::new(&selection.files);
    hasher.header();
    let files = hasher.files().to_vec();
    let handles = files_of(picked, &files).map_err(|_| DigestError::Failed("a file is no longer available".into()))?;
    let total = selection.total_bytes;
    let mut md5 = HashMap::new();
    let mut i = 0;
    while i < files.len() {
        if cancel.is_canceled() {
            return Err(DigestError::Canceled);
        }
        if files[i].size <= CHUNK {
            let (mut j, mut bytes) = (i, 0);
            while j < files.len() && files[j].size <= CHUNK && bytes + files[j].size <= CHUNK {
                bytes += files[j].size;
                j += 1;
            }
            let parts: js_sys::Array = handles[i..j].iter().collect();
            let joined =
                web_sys::Blob::new_with_blob_sequence(&parts).map_err(|e| DigestError::Failed(format!("{e:?}")))?;
            let buf = read(&joined, bytes, &files[i].path).await?;
            hasher.update(&buf);
            let mut at = 0usize;
            for f in &files[i..j] {
                let mut m = FileMd5::new();
                m.update(&buf[at..at + f.size as usize]);
                md5.insert(f.path.clone(), m.finish());
                at += f.size as usize;
            }
            i = j;
        } else {
            let mut m = FileMd5::new();
            let mut at = 0;
            while at < files[i].size {
                let end = (at + CHUNK).min(files[i].size);
                let part = handles[i]
                    .slice_with_f64_and_f64(at as f64, end as f64)
                    .map_err(|e| DigestError::Failed(format!("{e:?}")))?;
                let buf = read(&part, end - at, &files[i].path).await?;
                hasher.update(&buf);
                m.update(&buf);
                at = end;
                let (done, _) = hasher.progress();
                progress(done * 2, total * 2);
                crate::browser::sleep_ms(0).await;
            }
            md5.insert(files[i].path.clone(), m.finish());
            i += 1;
        }
        let (done, _) = hasher.progress();
        progress(done * 2, total * 2);
        crate::browser::sleep_ms(0).await;
    }
    if !hasher.is_complete() {
        return Err(DigestError::Failed(
            crate::i18n::t("submit.folder_changed", "The folder changed while it was being read; pick it again.")
                .into(),
        ));
    }
    Ok(Digests { hash: hasher.finish(), md5, engine: Engine::Page })
}

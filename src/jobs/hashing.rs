//! Drives the api crate's streaming `SnapshotHasher` over the picked files: 4 MiB slices read
//! with `Blob.slice → arrayBuffer`, and a `setTimeout(0)` between slices so the page repaints
//! (progress bar) and stays responsive even for big folders.

use super::files::Picked;
use aml_api::snapshot::{Selection, SnapshotHasher};

const CHUNK: u64 = 4 * 1024 * 1024;

/// `performance.mark(name)`: the submit page marks where hashing and uploading start and end so
/// `cargo xtask bench` (tests/e2e/bench/submit.mjs) can time them from outside without the
/// page printing timings. Called through `Reflect`: web-sys's `Performance` feature is not on.
pub fn mark(name: &str) {
    use wasm_bindgen::{JsCast, JsValue};
    let perf = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance")).unwrap_or(JsValue::UNDEFINED);
    if let Some(f) =
        js_sys::Reflect::get(&perf, &JsValue::from_str("mark")).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = f.call1(&perf, &JsValue::from_str(name));
    }
}

/// `progress(done, total)` is called after every slice. `stop()` true aborts (page left).
pub async fn hash_selection(
    picked: &Picked,
    selection: &Selection,
    progress: impl Fn(u64, u64),
    stop: impl Fn() -> bool,
) -> Result<String, String> {
    let mut hasher = SnapshotHasher::new(&selection.files);
    hasher.header();
    // Bytes hashed since the page last got the event loop back. Yielding after every slice would
    // cost a clamped timer (≥ 4 ms) per small file — seconds for a folder of thousands — so the
    // page yields once per CHUNK of bytes, however many files that spans.
    let mut since_yield = 0u64;
    for entry in hasher.files().to_vec() {
        let file = picked.get(&entry.path).ok_or_else(|| format!("{} is no longer available", entry.path))?;
        let size = file.size() as u64;
        if size != entry.size {
            return Err(format!("{} changed while it was being read; pick the folder again.", entry.path));
        }
        let mut at = 0;
        while at < size {
            let end = (at + CHUNK).min(size);
            let bytes = super::files::read_range(file, at, end).await?;
            if bytes.len() as u64 != end - at {
                return Err(format!("{} changed while it was being read; pick the folder again.", entry.path));
            }
            hasher.update(&bytes);
            since_yield += end - at;
            at = end;
            if since_yield >= CHUNK {
                since_yield = 0;
                let (done, total) = hasher.progress();
                progress(done, total);
                crate::browser::sleep_ms(0).await;
                if stop() {
                    return Err("Canceled.".into());
                }
            }
        }
    }
    if !hasher.is_complete() {
        return Err("The folder changed while it was being read; pick it again.".into());
    }
    let (_, total) = hasher.progress();
    progress(total, total);
    Ok(hasher.finish())
}

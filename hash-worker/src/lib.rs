//! The snapshot hashes for the console's Web Worker (`public/hash-worker.js`): the SDK's content
//! hash (`aml_api::snapshot::SnapshotHasher`) and per-file MD5 (`aml_api::snapshot::FileMd5`),
//! exported through wasm-bindgen. The worker script reads the picked files (synchronously, off
//! the page's thread) and feeds the bytes here; this crate only hashes. It is a module of its
//! own, a few tens of KB, so the page's first load does not carry it and a worker does not have
//! to instantiate the whole console.

use aml_api::snapshot::{Entry, FileMd5, SnapshotHasher};
use wasm_bindgen::prelude::*;

/// The content hash of a selection: `new(paths, sizes)` → `update(bytes)` for every file's bytes
/// back to back, in the order given → `finish()`.
#[wasm_bindgen]
pub struct ContentHash(SnapshotHasher);

#[wasm_bindgen]
impl ContentHash {
    /// `paths`/`sizes` in the hash order (the page sends them so). Another order would hash
    /// the bytes against the wrong header, so it is refused rather than reordered.
    #[wasm_bindgen(constructor)]
    pub fn new(paths: Vec<String>, sizes: Vec<f64>) -> Result<ContentHash, JsError> {
        if paths.len() != sizes.len() {
            return Err(JsError::new("paths and sizes differ in length"));
        }
        let entries: Vec<Entry> = paths.iter().zip(&sizes).map(|(p, s)| Entry::new(p.clone(), *s as u64)).collect();
        let mut hasher = SnapshotHasher::new(&entries);
        if hasher.files().iter().map(|e| &e.path).ne(paths.iter()) {
            return Err(JsError::new("files are not in hash order"));
        }
        hasher.header();
        Ok(ContentHash(hasher))
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// Lowercase hex; an error when the bytes fed differ from the listed sizes (a file changed
    /// while it was read).
    pub fn finish(self) -> Result<String, JsError> {
        if !self.0.is_complete() {
            let (fed, total) = self.0.progress();
            return Err(JsError::new(&format!("read {fed} bytes of {total}: the folder changed while it was read")));
        }
        Ok(self.0.finish())
    }
}

/// MD5 of one file, base64 (as storage's `Content-MD5`).
#[wasm_bindgen]
pub struct Md5(FileMd5);

#[wasm_bindgen]
impl Md5 {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Md5 {
        Md5(FileMd5::new())
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish(self) -> String {
        self.0.finish()
    }
}

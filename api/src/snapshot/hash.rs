//! The code asset's `hash_sha256` (`hash_version` 202208), i.e. the SDK's `get_content_hash` →
//! `_get_file_list_content_hash`:
//!
//! ```text
//! files sorted by relative path lower-cased (stable: equal keys keep listing order)
//! sha256( decimal(count) ++ for each file "#" ++ path ++ "#" ++ decimal(size)
//!         ++ for each file its bytes )  -> lowercase hex
//! ```
//!
//! Only the sort key is lower-cased; the header carries the path in its original case.
//! Streaming, so the browser can hash big folders chunk by chunk behind a progress bar.

use sha2::{Digest, Sha256};

use super::entry::Entry;

/// The order files are hashed in: Python's stable `sorted(key=str.lower)` over `entries`' order.
/// Rust's `to_lowercase` follows the same Unicode full lower-casing as Python's `str.lower`.
pub fn hash_order(entries: &[Entry]) -> Vec<Entry> {
    let mut keyed: Vec<(String, &Entry)> = entries.iter().map(|e| (e.path.to_lowercase(), e)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, e)| e.clone()).collect()
}

/// Streaming hasher: `new` → `header()` → `update(chunk)` for every file's bytes in
/// [`SnapshotHasher::files`] order → `finish()`.
#[derive(Clone)]
pub struct SnapshotHasher {
    sha: Sha256,
    files: Vec<Entry>,
    header_done: bool,
    fed: u64,
    total: u64,
}

impl SnapshotHasher {
    /// `entries` in any order (normally `Selection::files`); they are put in hash order here.
    pub fn new(entries: &[Entry]) -> SnapshotHasher {
        let files = hash_order(entries);
        let total = files.iter().map(|e| e.size).sum();
        SnapshotHasher { sha: Sha256::new(), files, header_done: false, fed: 0, total }
    }

    /// The files whose bytes `update` expects, in this order.
    pub fn files(&self) -> &[Entry] {
        &self.files
    }

    /// Feeds the count and the `#path#size` records. Call once, before any `update`.
    pub fn header(&mut self) {
        if self.header_done {
            return;
        }
        self.header_done = true;
        self.sha.update(self.files.len().to_string().as_bytes());
        for f in &self.files {
            self.sha.update(b"#");
            self.sha.update(f.path.as_bytes());
            self.sha.update(b"#");
            self.sha.update(f.size.to_string().as_bytes());
        }
    }

    /// Feeds the next chunk of file bytes (files back to back in [`Self::files`] order).
    pub fn update(&mut self, chunk: &[u8]) {
        self.header();
        self.sha.update(chunk);
        self.fed += chunk.len() as u64;
    }

    /// Bytes fed so far and bytes expected in total, for a progress bar.
    pub fn progress(&self) -> (u64, u64) {
        (self.fed, self.total)
    }

    /// True once exactly the listed sizes have been fed; a file that changed while being read
    /// would otherwise yield a hash that does not describe what was uploaded.
    pub fn is_complete(&self) -> bool {
        self.fed == self.total
    }

    /// Lowercase hex digest.
    pub fn finish(mut self) -> String {
        self.header();
        self.sha.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// One-shot hash of in-memory files `(relative path, bytes)`; sizes are the bytes' lengths.
pub fn content_hash(files: &[(&str, &[u8])]) -> String {
    let entries: Vec<Entry> = files.iter().map(|(p, b)| Entry::new(*p, b.len() as u64)).collect();
    let mut h = SnapshotHasher::new(&entries);
    h.header();
    for e in h.files().to_vec() {
        let bytes = files.iter().find(|(p, _)| *p == e.path).map(|(_, b)| *b).unwrap_or_default();
        h.update(bytes);
    }
    h.finish()
}

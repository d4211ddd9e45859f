//! The folder against the previous snapshot, file by file: added, changed, removed, or copied
//! (same size and same MD5 as the stored blob, so storage copies it and the browser sends
//! nothing). This is also the snapshot preview's data model: one row per file with its state,
//! rendered by one component.

use std::collections::HashMap;

use super::listing::ListedBlob;
use crate::jobs::fmt_bytes;
use crate::snapshot::{Entry, Selection};

/// What happens to one file of the new snapshot (or of the previous one, for `Removed`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileState {
    /// Not in the previous snapshot: uploaded.
    Added,
    /// In the previous snapshot with other content (or no way to tell): uploaded.
    Changed,
    /// Same bytes as in the previous snapshot: copied inside storage.
    Copied,
    /// In the previous snapshot only: simply absent from the new one.
    Removed,
}

impl FileState {
    pub fn label(self) -> &'static str {
        match self {
            FileState::Added => "added",
            FileState::Changed => "changed",
            FileState::Copied => "copied",
            FileState::Removed => "removed",
        }
    }
}

/// Why a file counts as changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeReason {
    Size,
    Content,
    /// The stored blob carries no Content-MD5 to compare with.
    NoStoredDigest,
}

/// One row of the diff (and of the preview list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffRow {
    /// Path relative to the folder.
    pub path: String,
    /// Bytes of the new file (of the old one for `Removed`).
    pub size: u64,
    pub state: FileState,
    pub reason: Option<ChangeReason>,
    /// Base64 MD5 of the file (the local digest; the stored one for `Removed`).
    pub md5: Option<String>,
}

/// The whole comparison, with the totals the preview shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SnapshotDiff {
    /// Sorted by path; removed files included.
    pub rows: Vec<DiffRow>,
    pub added: usize,
    pub changed: usize,
    pub copied: usize,
    pub removed: usize,
    /// Bytes the browser sends (added + changed).
    pub bytes_to_send: u64,
    /// Bytes storage copies (copied files).
    pub bytes_copied: u64,
}

/// Compares the selection (`files`, with their local MD5s in `local_md5`, path → base64) with
/// the previous snapshot listed under `prefix` (`listed`, full blob names). Blobs outside the
/// prefix are ignored. A file whose local digest is missing counts as changed.
pub fn diff(files: &[Entry], local_md5: &HashMap<String, String>, listed: &[ListedBlob], prefix: &str) -> SnapshotDiff {
    let previous: HashMap<&str, &ListedBlob> =
        listed.iter().filter_map(|b| b.name.strip_prefix(prefix).filter(|p| !p.is_empty()).map(|p| (p, b))).collect();
    let mut out = SnapshotDiff::default();
    let mut seen = std::collections::HashSet::new();
    for f in files {
        let md5 = local_md5.get(&f.path).cloned();
        let (state, reason) = match previous.get(f.path.as_str()) {
            None => (FileState::Added, None),
            Some(old) => {
                seen.insert(f.path.as_str());
                compare(f, md5.as_deref(), old)
            }
        };
        out.push(DiffRow { path: f.path.clone(), size: f.size, state, reason, md5 });
    }
    for (path, old) in &previous {
        if !seen.contains(path) {
            let row = DiffRow {
                path: path.to_string(),
                size: old.size,
                state: FileState::Removed,
                reason: None,
                md5: old.content_md5.clone(),
            };
            out.push(row);
        }
    }
    out.rows.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn compare(f: &Entry, local: Option<&str>, old: &ListedBlob) -> (FileState, Option<ChangeReason>) {
    if f.size != old.size {
        return (FileState::Changed, Some(ChangeReason::Size));
    }
    if f.size == 0 {
        return (FileState::Copied, None); // empty is empty: nothing to compare
    }
    match (local, old.content_md5.as_deref()) {
        (_, None) => (FileState::Changed, Some(ChangeReason::NoStoredDigest)),
        (Some(a), Some(b)) if a == b => (FileState::Copied, None),
        _ => (FileState::Changed, Some(ChangeReason::Content)),
    }
}

impl SnapshotDiff {
    fn push(&mut self, row: DiffRow) {
        match row.state {
            FileState::Added => self.added += 1,
            FileState::Changed => self.changed += 1,
            FileState::Copied => self.copied += 1,
            FileState::Removed => self.removed += 1,
        }
        match row.state {
            FileState::Added | FileState::Changed => self.bytes_to_send += row.size,
            FileState::Copied => self.bytes_copied += row.size,
            FileState::Removed => {}
        }
        self.rows.push(row);
    }

    /// The row of a path in the new snapshot (not removed ones).
    pub fn state_of(&self, path: &str) -> Option<FileState> {
        self.rows
            .binary_search_by(|r| r.path.as_str().cmp(path))
            .ok()
            .map(|i| self.rows[i].state)
            .filter(|s| *s != FileState::Removed)
    }

    /// `1 changed, 2 added, 1 removed, 1,998 copied in storage · 1.0 MB to send`.
    pub fn summary(&self) -> String {
        let mut parts = vec![];
        for (n, what) in [(self.changed, "changed"), (self.added, "added"), (self.removed, "removed")] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        parts.push(format!("{} unchanged (copied inside storage, {})", self.copied, fmt_bytes(self.bytes_copied)));
        format!("{} · {} to send", parts.join(", "), fmt_bytes(self.bytes_to_send))
    }

    /// The same folder as before, byte for byte: nothing to send and nothing removed.
    pub fn identical(&self) -> bool {
        self.added == 0 && self.changed == 0 && self.removed == 0
    }
}

/// One line of the preview's file list: a selected file, or a removed one when a diff exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewRow {
    pub path: String,
    pub size: u64,
    /// `None` when there is nothing to compare with (every file is uploaded).
    pub state: Option<FileState>,
}

/// The preview's rows: the selection in path order, with states (and removed files) once a
/// diff is known.
pub fn preview_rows(selection: &Selection, diff: Option<&SnapshotDiff>) -> Vec<PreviewRow> {
    match diff {
        Some(d) => {
            d.rows.iter().map(|r| PreviewRow { path: r.path.clone(), size: r.size, state: Some(r.state) }).collect()
        }
        None => {
            let mut rows: Vec<PreviewRow> = selection
                .files
                .iter()
                .map(|f| PreviewRow { path: f.path.clone(), size: f.size, state: None })
                .collect();
            rows.sort_by(|a, b| a.path.cmp(&b.path));
            rows
        }
    }
}

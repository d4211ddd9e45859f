//! How each file of the new snapshot gets into storage, and the Blob REST requests for the
//! copies (`docs/azure-ml-rest.md` §Blob-copy):
//!
//! * copied files up to 256 MiB: **Copy Blob From URL** (`x-ms-copy-source` = the previous
//!   blob with the upload's SAS, `x-ms-requires-sync: true`), a synchronous copy inside storage;
//!   `x-ms-source-content-md5` makes storage check that the source still has the bytes the
//!   browser hashed;
//! * copied files above 256 MiB (that operation's source limit): **Put Block From URL** per
//!   100 MiB range, then Put Block List;
//! * everything else: uploaded from the browser (Put Blob, or Put Block + Put Block List).
//!
//! Every write sets the blob's MD5 (`x-ms-blob-content-md5`), so the next diff can compare.
//! The SDK's indicator file goes last: a copy carries the source's metadata, which on the
//! previous indicator says `upload_status=completed`; written last, that is true when it lands.

use std::collections::HashMap;

use super::diff::{FileState, SnapshotDiff};
use crate::jobs::storage::{block_id, error_code, Block};
use crate::snapshot::Selection;

/// Copy Blob From URL copies sources up to 256 MiB.
pub const COPY_FROM_URL_MAX: u64 = 256 * 1024 * 1024;
/// Range per Put Block From URL for bigger sources (well inside the 4000 MiB block limit).
pub const BLOCK_FROM_URL_BYTES: u64 = 100 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transfer {
    /// The browser sends the bytes.
    Upload,
    /// Copy Blob From URL from `source` (blob path in the same container).
    CopyFromUrl { source: String },
    /// Put Block From URL per range of `source`, then Put Block List.
    BlocksFromUrl { source: String, blocks: Vec<Block> },
}

/// One file of the new snapshot and how it gets there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileTransfer {
    pub path: String,
    pub size: u64,
    /// Base64 MD5 of the file, when known (set on the blob).
    pub md5: Option<String>,
    pub transfer: Transfer,
}

impl FileTransfer {
    pub fn is_copy(&self) -> bool {
        !matches!(self.transfer, Transfer::Upload)
    }
}

/// The ranges of a big source, with ids of one fixed width (a Put Block List rule).
pub fn source_blocks(size: u64) -> Vec<Block> {
    let mut out = vec![];
    let mut start = 0;
    while start < size {
        let end = start.saturating_add(BLOCK_FROM_URL_BYTES).min(size);
        out.push(Block { id: block_id(out.len()), start, end });
        start = end;
    }
    out
}

/// Every file of `selection`, in the SDK's upload order but with the indicator file last.
/// With a diff, copied files are copied from `prefix` + path; without one, all are uploaded.
pub fn plan(
    selection: &Selection,
    local_md5: &HashMap<String, String>,
    diff: Option<&SnapshotDiff>,
    prefix: &str,
) -> Vec<FileTransfer> {
    let mut out: Vec<FileTransfer> = selection
        .files
        .iter()
        .map(|f| {
            let copied = diff.and_then(|d| d.state_of(&f.path)) == Some(FileState::Copied);
            let source = format!("{prefix}{}", f.path);
            let transfer = match copied {
                false => Transfer::Upload,
                true if f.size <= COPY_FROM_URL_MAX => Transfer::CopyFromUrl { source },
                true => Transfer::BlocksFromUrl { source, blocks: source_blocks(f.size) },
            };
            FileTransfer { path: f.path.clone(), size: f.size, md5: local_md5.get(&f.path).cloned(), transfer }
        })
        .collect();
    if !out.is_empty() {
        let first = out.remove(0);
        out.push(first);
    }
    out
}

/// Copies that go block by block (sources over [`COPY_FROM_URL_MAX`]), for the note.
pub fn block_copies(plan: &[FileTransfer]) -> usize {
    plan.iter().filter(|t| matches!(t.transfer, Transfer::BlocksFromUrl { .. })).count()
}

fn h(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

/// Headers of a Put Blob from the browser (the blob's MD5 set and checked by storage).
pub fn put_blob_headers(md5: Option<&str>) -> Vec<(String, String)> {
    let mut out = vec![h("x-ms-blob-type", "BlockBlob"), h("Content-Type", "application/octet-stream")];
    out.extend(md5.map(|m| h("x-ms-blob-content-md5", m)));
    out
}

/// Headers of a Put Block List (the blob's MD5 stored with it).
pub fn block_list_headers(md5: Option<&str>) -> Vec<(String, String)> {
    let mut out = vec![h("Content-Type", "application/xml")];
    out.extend(md5.map(|m| h("x-ms-blob-content-md5", m)));
    out
}

/// Headers of a Copy Blob From URL (a PUT on the destination blob, no body).
pub fn copy_from_url_headers(source_url: &str, md5: Option<&str>) -> Vec<(String, String)> {
    let mut out = vec![h("x-ms-copy-source", source_url), h("x-ms-requires-sync", "true")];
    out.extend(md5.map(|m| h("x-ms-source-content-md5", m)));
    out
}

/// Headers of a Put Block From URL for `block` of the source (a PUT with `comp=block`).
pub fn block_from_url_headers(source_url: &str, block: &Block) -> Vec<(String, String)> {
    let range = format!("bytes={}-{}", block.start, block.end.saturating_sub(1));
    vec![h("x-ms-copy-source", source_url), h("x-ms-source-range", &range)]
}

/// Why storage would not copy: then every remaining copy is uploaded instead, and the page
/// says so once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No answer reached the page: the browser blocked the copy request (the CORS rule does
    /// not allow its headers) or storage is unreachable.
    Blocked,
    /// Storage refused the source (the SAS does not let it read the previous snapshot).
    Denied { status: u16, code: String },
    /// Storage does not offer the operation.
    Unsupported { status: u16, code: String },
}

impl Refusal {
    /// The one note the page shows.
    pub fn note(&self) -> String {
        let why = match self {
            Refusal::Blocked => "the browser got no answer to a copy request (the storage account's CORS rule must allow the x-ms-copy-source and x-ms-requires-sync headers)".to_string(),
            Refusal::Denied { status, code } => format!("storage refused to read the previous snapshot (HTTP {status} {code}): the upload's SAS does not cover it"),
            Refusal::Unsupported { status, code } => format!("this storage does not copy from a URL (HTTP {status} {code})"),
        };
        format!("Unchanged files were uploaded instead of copied: {why}.")
    }
}

/// What one copy request's answer means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopyVerdict {
    Copied,
    /// This file could not be copied (source gone or changed, a transient failure): upload it.
    UploadThisFile(String),
    /// Copies do not work here at all.
    Refused(Refusal),
}

/// Judges the answer to a Copy Blob From URL (`sync_copy`: its `x-ms-copy-status` must say
/// `success`) or a Put Block From URL.
pub fn judge_copy(status: u16, body: &str, copy_status: Option<&str>, sync_copy: bool) -> CopyVerdict {
    let code = error_code(body).map(|c| c.trim().to_string()).unwrap_or_default();
    match status {
        200..=299 if !sync_copy || copy_status.is_some_and(|s| s.eq_ignore_ascii_case("success")) => {
            CopyVerdict::Copied
        }
        200..=299 => CopyVerdict::UploadThisFile(format!(
            "storage answered the copy without finishing it (x-ms-copy-status: {})",
            copy_status.unwrap_or("none")
        )),
        401 | 403 => CopyVerdict::Refused(Refusal::Denied { status, code }),
        501 => CopyVerdict::Refused(Refusal::Unsupported { status, code }),
        400 if matches!(
            code.as_str(),
            "UnsupportedHeader" | "FeatureNotSupported" | "InvalidHeaderValue" | "NotImplemented"
        ) =>
        {
            CopyVerdict::Refused(Refusal::Unsupported { status, code })
        }
        _ => CopyVerdict::UploadThisFile(format!("storage answered HTTP {status} {code}").trim_end().to_string()),
    }
}

//! Re-submits that send only what changed. A folder submitted before is compared, file by
//! file, with that earlier snapshot in storage; unchanged files are copied inside storage into
//! the new snapshot, changed and new ones are uploaded, removed ones are simply absent. The
//! result is an ordinary code version: the folder's selection under a fresh prefix, with the
//! SDK's content hash, so the SDK and the console reuse it like any other.
//!
//! * [`previous`] — which snapshot to compare with (the cloned job's, else this browser's last
//!   one of a folder of that name, kept in a manifest) and where its files are.
//! * [`container`] — the container a SAS covers, and the previous snapshot's prefix in it.
//! * [`listing`] — List Blobs under that prefix: names, sizes, stored MD5s.
//! * [`diff`] — added / changed / removed / copied, the totals, and the preview's rows.
//! * [`transfer`] — per file: upload, Copy Blob From URL, or Put Block From URL; the request
//!   headers, and what a copy's answer means (copy refused → upload, said once).

pub mod container;
pub mod diff;
pub mod listing;
pub mod previous;
pub mod transfer;

pub use container::{split_blob_url, ContainerSas, NotComparable};
pub use diff::{diff, preview_rows, ChangeReason, DiffRow, FileState, PreviewRow, SnapshotDiff};
pub use listing::{list_url, parse_page, BlobPage, ListedBlob};
pub use previous::{code_in_workspace, Previous};
pub use transfer::{judge_copy, plan, CopyVerdict, FileTransfer, Refusal, Transfer};

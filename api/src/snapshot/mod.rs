//! Code snapshots for jobs (`code: ./src`), computed exactly like azure-ai-ml 1.35.2 so the
//! content hash the console sends lets the service reuse code assets the CLI/SDK uploaded (and
//! vice versa).
//!
//! Sans-IO: the caller (browser folder picker, or `cargo xtask snapshot`) lists the files and
//! reads the ignore files and bytes; this module decides and hashes.
//!
//! * [`select()`] — which files are uploaded (root `.amlignore`, else root `.gitignore`).
//! * [`SnapshotHasher`] — streaming `hash_sha256` with `hash_version` 202208.
//! * [`heavy_folders`] / [`exclude_folder`] — preview helpers for the upload dialog.
//! * [`digest`] — per-file MD5, as storage records it (for re-submits that copy unchanged files).
//! * [`git`] — the `mlflow.source.git.*` / `azureml.git.dirty` job properties from `.git/` files.

pub mod digest;
mod entry;
mod error;
pub mod git;
mod git_index;
pub mod hash;
pub mod ignore;
pub mod select;

pub use digest::{md5_base64, FileMd5};
pub use entry::Entry;
pub use error::SnapshotError;
pub use git::{GitInfo, GitRepoFiles, Head};
pub use git_index::{index_dirty, WorktreeFile};
pub use hash::{content_hash, hash_order, SnapshotHasher};
pub use ignore::{IgnoreRules, Pattern};
pub use select::{
    exclude_folder, heavy_folders, select, HeavyFolder, HeavyReason, SelectOptions, Selection, AMLIGNORE, GITIGNORE,
    LARGE_SNAPSHOT_BYTES,
};

/// `hash_version` sent with `hash_sha256` (a JSON number).
pub const HASH_VERSION: u32 = 202208;

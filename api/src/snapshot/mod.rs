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
pub mod git;
mod git_index;
pub mod hash;
pub mod ignore;
pub mod select;

pub use digest::{md5_base64, FileMd5};
pub use git::{GitInfo, GitRepoFiles, Head};
pub use git_index::{index_dirty, WorktreeFile};
pub use hash::{content_hash, hash_order, SnapshotHasher};
pub use ignore::{IgnoreRules, Pattern};
pub use select::{exclude_folder, heavy_folders, select, HeavyFolder, HeavyReason, SelectOptions, Selection};

/// `hash_version` sent with `hash_sha256` (a JSON number).
pub const HASH_VERSION: u32 = 202208;
/// The SDK warns (and only warns) above 100 MB, counted in 10^6-byte megabytes.
pub const LARGE_SNAPSHOT_BYTES: u64 = 100_000_000;
pub const AMLIGNORE: &str = ".amlignore";
pub const GITIGNORE: &str = ".gitignore";

/// One file under the picked folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the folder, forward slashes, no leading `./`. For a symlink this is the
    /// link's own path (that is the name it is uploaded under).
    pub path: String,
    /// Size of the bytes that will be uploaded (the target's for a symlink).
    pub size: u64,
    /// The path the SDK tests against the ignore patterns when it differs from `path`: the SDK
    /// resolves a symlinked folder before testing, so files below `link/` are tested as
    /// `target/...` (or `../...` when the target is outside). `None` in the browser (no links).
    pub ignore_path: Option<String>,
    /// Key the SDK sorts uploads by when it differs from `path`: the resolved absolute source
    /// path (links point elsewhere). `None` = `path`, which gives the same order as the SDK's
    /// absolute paths, since they all share the root prefix.
    pub source_key: Option<String>,
}

impl Entry {
    pub fn new(path: impl Into<String>, size: u64) -> Entry {
        Entry { path: path.into(), size, ignore_path: None, source_key: None }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// Nothing left to upload (the SDK's `EmptyDirectoryError`).
    EmptySelection,
    /// A pattern the SDK itself fails on (e.g. `!`, a trailing `\`, `[z-a]`); the SDK raises
    /// instead of skipping the line, so we refuse too rather than upload something else.
    InvalidPattern { file: String, line: usize, reason: String },
    /// The SDK reads ignore files as `utf-8-sig` and fails on anything else.
    IgnoreFileNotUtf8 { file: String, detail: String },
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SnapshotError::EmptySelection => {
                write!(f, "nothing to upload: every file is excluded (or the folder is empty)")
            }
            SnapshotError::InvalidPattern { file, line, reason } => {
                write!(f, "{file} line {line}: {reason}")
            }
            SnapshotError::IgnoreFileNotUtf8 { file, detail } => {
                write!(f, "{file} is not valid UTF-8: {detail}")
            }
        }
    }
}

impl std::error::Error for SnapshotError {}

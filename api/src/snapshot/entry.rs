//! The files a snapshot is chosen from and hashed over, as the caller lists them.

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

//! Which files of the picked folder are uploaded, as azure-ai-ml's `Code` upload decides
//! (`get_ignore_file` + `get_upload_files_from_folder` + `upload_directory`).

use std::collections::BTreeMap;

use super::entry::Entry;
use super::error::SnapshotError;
use super::ignore::IgnoreRules;

/// The SDK warns (and only warns) above 100 MB, counted in 10^6-byte megabytes.
pub const LARGE_SNAPSHOT_BYTES: u64 = 100_000_000;
/// The root ignore files, in the order [`select()`] looks for them.
pub const AMLIGNORE: &str = ".amlignore";
pub const GITIGNORE: &str = ".gitignore";

/// The root ignore files' bytes (the caller reads them; `None` = the file does not exist) and
/// the console's own extra patterns.
#[derive(Debug, Clone, Copy, Default)]
pub struct SelectOptions<'a> {
    pub amlignore: Option<&'a [u8]>,
    pub gitignore: Option<&'a [u8]>,
    /// Appended after the ignore file's lines, e.g. from [`exclude_folder`]; being last they win.
    pub extra_patterns: &'a [String],
}

#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// Uploaded files in the SDK's upload order (`sorted(upload_paths)`: by source path). The
    /// first one is the SDK's "indicator" blob that carries the upload metadata.
    pub files: Vec<Entry>,
    /// `Some(".amlignore")`, `Some(".gitignore")` or `None`.
    pub ignore_file: Option<&'static str>,
    pub total_bytes: u64,
    pub file_count: usize,
    /// Over 100 MB: the SDK only logs a warning (suggesting AzCopy).
    pub large: bool,
}

impl Selection {
    pub fn indicator_file(&self) -> &str {
        &self.files[0].path
    }

    /// Human-readable warnings, mirroring the SDK's log lines.
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        if self.large {
            w.push(crate::msg!(
                "the snapshot is {:.2} MB (over 100 MB); uploads this large may be slow",
                self.total_bytes as f64 / 1e6
            ));
        }
        w
    }
}

/// Selects the files to upload. Only the root ignore file counts: `.amlignore` if present (even
/// empty), else `.gitignore`; never both, never nested ones. Job mode adds no default
/// exclusions, so `.git/` and the ignore files themselves are uploaded unless a pattern says not.
/// Each file is tested on its own; folders are never pruned, which is why `!keep.txt` brings a
/// file back from under an excluded `data/`.
pub fn select(entries: &[Entry], opts: &SelectOptions<'_>) -> Result<Selection, SnapshotError> {
    let (ignore_file, mut rules) = match (opts.amlignore, opts.gitignore) {
        (Some(b), _) => (Some(AMLIGNORE), IgnoreRules::parse(AMLIGNORE, b)?),
        (None, Some(b)) => (Some(GITIGNORE), IgnoreRules::parse(GITIGNORE, b)?),
        (None, None) => (None, IgnoreRules::default()),
    };
    for (n, p) in opts.extra_patterns.iter().enumerate() {
        rules.push_line(p).map_err(|reason| SnapshotError::InvalidPattern {
            file: crate::msg_str!("(console exclusions)").into(),
            line: n + 1,
            reason,
        })?;
    }
    let mut files: Vec<Entry> =
        entries.iter().filter(|e| !rules.is_excluded(e.ignore_path.as_deref().unwrap_or(&e.path))).cloned().collect();
    if files.is_empty() {
        return Err(SnapshotError::EmptySelection);
    }
    // Python sorts (source, destination) tuples; UTF-8 byte order equals its code-point order.
    files.sort_by(|a, b| {
        let ka = a.source_key.as_deref().unwrap_or(&a.path);
        let kb = b.source_key.as_deref().unwrap_or(&b.path);
        ka.cmp(kb).then_with(|| a.path.cmp(&b.path))
    });
    let total_bytes = files.iter().map(|e| e.size).sum();
    Ok(Selection {
        file_count: files.len(),
        files,
        ignore_file,
        total_bytes,
        large: total_bytes > LARGE_SNAPSHOT_BYTES,
    })
}

/// The pattern the console appends for "exclude this folder from this submission": anchored to
/// the root, folder-only, with glob characters escaped so the name is taken literally.
pub fn exclude_folder(prefix: &str) -> String {
    let name = prefix.trim_matches('/');
    let mut out = String::from("/");
    for c in name.chars() {
        if matches!(c, '[' | ']' | '!' | '*' | '#' | '?' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('/');
    out
}

/// Folder names that usually hold data, outputs or environments rather than code.
const HEAVY_NAMES: &[&str] =
    &["data", "datasets", "checkpoints", "outputs", "logs", "node_modules", "__pycache__", ".venv", "venv", "mlruns"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeavyReason {
    /// `.git/` (uploaded by default in job mode).
    GitMetadata,
    /// A well-known data/output/environment folder name.
    KnownName,
    /// One of the largest top-level folders.
    Large,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeavyFolder {
    /// Folder path with a trailing slash, e.g. `src/data/`; feed it to [`exclude_folder`].
    pub prefix: String,
    pub bytes: u64,
    pub files: usize,
    pub reason: HeavyReason,
}

/// Folders worth offering to exclude, largest first: `.git/` and well-known heavy names at any
/// depth (outermost only), plus up to three top-level folders holding at least 10% of the bytes.
pub fn heavy_folders(selection: &Selection) -> Vec<HeavyFolder> {
    let mut stats: BTreeMap<&str, (u64, usize)> = BTreeMap::new();
    for f in &selection.files {
        for (i, _) in f.path.match_indices('/') {
            let s = stats.entry(&f.path[..=i]).or_default();
            s.0 += f.size;
            s.1 += 1;
        }
    }
    let mut out: Vec<HeavyFolder> = Vec::new();
    let covered = |out: &Vec<HeavyFolder>, p: &str| out.iter().any(|h| p.starts_with(&h.prefix));
    // BTreeMap order visits a parent before its children, so "outermost only" is a prefix test.
    for (prefix, (bytes, files)) in &stats {
        let name = prefix.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        let reason = if name == ".git" {
            HeavyReason::GitMetadata
        } else if HEAVY_NAMES.contains(&name) {
            HeavyReason::KnownName
        } else {
            continue;
        };
        if !covered(&out, prefix) {
            out.push(HeavyFolder { prefix: prefix.to_string(), bytes: *bytes, files: *files, reason });
        }
    }
    let mut top: Vec<(&str, u64, usize)> =
        stats.iter().filter(|(p, _)| p.matches('/').count() == 1).map(|(p, (b, n))| (*p, *b, *n)).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    for (prefix, bytes, files) in top.into_iter().take(3) {
        if bytes * 10 >= selection.total_bytes && bytes > 0 && !covered(&out, prefix) {
            out.push(HeavyFolder { prefix: prefix.to_string(), bytes, files, reason: HeavyReason::Large });
        }
    }
    out.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.prefix.cmp(&b.prefix)));
    out
}

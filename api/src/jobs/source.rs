//! The picked source folder, the sans-IO half: which git files to read, the job properties
//! they give, and the texts of the snapshot preview. Reading the files is the browser's job.

use std::collections::BTreeMap;

use super::{fmt_bytes, group_digits};
use crate::snapshot::git::parse_head;
use crate::snapshot::{GitInfo, Head, HeavyFolder, HeavyReason, Selection};

/// The folder name used when the browser gives no relative paths (plain multi-select).
pub const DEFAULT_ROOT: &str = "src";

/// A picked file's path as the browser reports it (`train/src/a.py` for a folder `train`) →
/// (`train`, `src/a.py`): the first segment is the folder (the SDK's basename, blobs go under
/// it), the rest is what the ignore rules, the hash and the blob name use.
pub fn split_root(relative: &str) -> (String, String) {
    let rel = relative.trim_start_matches('/');
    match rel.split_once('/') {
        Some((root, rest)) => (root.to_string(), rest.to_string()),
        None => (String::new(), rel.to_string()),
    }
}

/// Git files read from the picked folder (paths relative to it). `.git/HEAD` decides whether
/// the folder is a repository root; the loose ref comes from [`loose_ref_path`].
pub const GIT_HEAD: &str = ".git/HEAD";
pub const GIT_PACKED_REFS: &str = ".git/packed-refs";
pub const GIT_CONFIG: &str = ".git/config";
pub const GIT_INDEX: &str = ".git/index";
pub const GIT_EXCLUDE: &str = ".git/info/exclude";

/// `.git/<ref>` of a symbolic HEAD (`ref: refs/heads/main`), `None` for a detached HEAD.
pub fn loose_ref_path(head: &str) -> Option<String> {
    match parse_head(head)? {
        Head::Symbolic(r) => Some(format!(".git/{r}")),
        Head::Detached(_) => None,
    }
}

/// Whether a picked path belongs to the working tree (not to `.git/`), for dirty detection.
pub fn is_worktree_path(path: &str) -> bool {
    !path.starts_with(".git/")
}

/// The job properties: `mlflow.source.git.*` and `azureml.git.dirty`; none when the folder is
/// not a repository (or its remote URL carries credentials).
pub fn git_properties(info: Option<&GitInfo>) -> BTreeMap<String, String> {
    info.map(GitInfo::properties).unwrap_or_default()
}

/// `Git: main @ 0123456789 (clean) · https://…` — what will be recorded.
pub fn git_summary(g: &GitInfo) -> String {
    let dirty = match g.dirty {
        Some(true) => " (uncommitted changes)",
        Some(false) => " (clean)",
        None => "",
    };
    format!(
        "Git: {} @ {}{dirty}{}",
        g.branch.as_deref().unwrap_or("detached"),
        g.commit.as_deref().map(|c| c.chars().take(10).collect::<String>()).unwrap_or_else(|| "no commit".into()),
        g.repo_url.as_deref().map(|u| format!(" · {u}")).unwrap_or_default()
    )
}

/// `12 files, 3.4 MB`; `20,000 files, 1.2 MB`.
pub fn selection_total(s: &Selection) -> String {
    format!("{} files, {}", group_digits(s.file_count), fmt_bytes(s.total_bytes))
}

/// Which ignore file decided the selection.
pub fn ignore_file_note(s: &Selection) -> String {
    match s.ignore_file {
        Some(f) => crate::msg!("Ignore file: {f}"),
        None => crate::msg_str!("No .amlignore or .gitignore: every file is uploaded").into(),
    }
}

/// Why a folder is listed as heavy.
pub fn heavy_reason(r: HeavyReason) -> &'static str {
    match r {
        HeavyReason::GitMetadata => "git metadata (uploaded unless ignored)",
        HeavyReason::KnownName => "usually data or outputs, not code",
        HeavyReason::Large => "a large share of the snapshot",
    }
}

/// ` — 120 files, 45.0 MB · usually data or outputs, not code`.
pub fn heavy_folder_note(h: &HeavyFolder) -> String {
    format!(" — {} files, {} · {}", group_digits(h.files), fmt_bytes(h.bytes), heavy_reason(h.reason))
}

/// The most files remembered for the details page's snapshot list.
pub const SNAPSHOT_LIST_LIMIT: usize = 2000;

/// The submitted selection as JSON `[[path, size], …]` (first [`SNAPSHOT_LIST_LIMIT`] files), kept
/// by the browser for the job's details page.
pub fn snapshot_listing(s: &Selection) -> String {
    let files: Vec<(&str, u64)> = s.files.iter().take(SNAPSHOT_LIST_LIMIT).map(|e| (e.path.as_str(), e.size)).collect();
    serde_json::to_string(&files).unwrap_or_default()
}

/// The list back; empty when the text is missing or not such a list.
pub fn parse_snapshot_listing(text: &str) -> Vec<(String, u64)> {
    serde_json::from_str(text).unwrap_or_default()
}

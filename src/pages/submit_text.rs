//! The snapshot preview's sentences in the page's language, with sizes and counts through
//! `Intl` (the api crate's English versions, `aml_api::jobs::source`, stay for the tools).

use crate::i18n::intl::{bytes, number};
use crate::i18n::{t, tf};
use aml_api::jobs::incremental::FileState;
use aml_api::snapshot::{GitInfo, HeavyFolder, HeavyReason, Selection};

/// `12 files, 3.4 MB`.
pub fn selection_total(s: &Selection) -> String {
    let (n, size) = (number(s.file_count as f64), bytes(s.total_bytes));
    match s.file_count {
        1 => tf("submit.total.one", "1 file, {size}", &[("size", &size)]),
        _ => tf("submit.total.other", "{n} files, {size}", &[("n", &n), ("size", &size)]),
    }
}

/// Which ignore file decided the selection.
pub fn ignore_file_note(s: &Selection) -> String {
    match s.ignore_file {
        Some(f) => tf("submit.ignore_file", "Ignore file: {file}", &[("file", f)]),
        None => t("submit.no_ignore_file", "No .amlignore or .gitignore: every file is uploaded").into(),
    }
}

/// ` — 120 files, 45.0 MB · usually data or outputs, not code`.
pub fn heavy_folder_note(h: &HeavyFolder) -> String {
    let why = match h.reason {
        HeavyReason::GitMetadata => t("submit.heavy.git", "git metadata (uploaded unless ignored)"),
        HeavyReason::KnownName => t("submit.heavy.known", "usually data or outputs, not code"),
        HeavyReason::Large => t("submit.heavy.large", "a large share of the snapshot"),
    };
    let (n, size) = (number(h.files as f64), bytes(h.bytes));
    tf("submit.heavy", " — {n} files, {size} · {why}", &[("n", &n), ("size", &size), ("why", why)])
}

/// `Git: main @ 0123456789 (clean) · https://…` — what will be recorded.
pub fn git_summary(g: &GitInfo) -> String {
    let dirty = match g.dirty {
        Some(true) => t("submit.git.dirty", " (uncommitted changes)"),
        Some(false) => t("submit.git.clean", " (clean)"),
        None => "",
    };
    let branch = g.branch.clone().unwrap_or_else(|| t("submit.git.detached", "detached").into());
    let commit = g
        .commit
        .as_deref()
        .map(|c| c.chars().take(10).collect::<String>())
        .unwrap_or_else(|| t("submit.git.no_commit", "no commit").into());
    let url = g.repo_url.as_deref().map(|u| format!(" · {u}")).unwrap_or_default();
    tf(
        "submit.git",
        "Git: {branch} @ {commit}{dirty}{url}",
        &[("branch", &branch), ("commit", &commit), ("dirty", dirty), ("url", &url)],
    )
}

/// A file's state in the comparison, as shown (its `data-state` keeps the api's word).
pub fn file_state(s: Option<FileState>) -> &'static str {
    match s {
        Some(FileState::Added) => t("submit.file.added", "added"),
        Some(FileState::Changed) => t("submit.file.changed", "changed"),
        Some(FileState::Copied) => t("submit.file.copied", "copied"),
        Some(FileState::Removed) => t("submit.file.removed", "removed"),
        None => "",
    }
}

/// `12 of 20,000 paths match “train”` under the file list's filter; empty without a filter.
pub fn filter_note(shown: usize, total: usize, query: &str) -> String {
    let q = query.trim();
    if q.is_empty() {
        return String::new();
    }
    let (shown, total) = (number(shown as f64), number(total as f64));
    let args: &[(&str, &str)] = &[("shown", &shown), ("total", &total), ("q", q)];
    match total.as_str() {
        "1" => tf("submit.filter_note.one", "{shown} of {total} path match “{q}”", args),
        _ => tf("submit.filter_note.other", "{shown} of {total} paths match “{q}”", args),
    }
}

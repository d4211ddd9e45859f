//! Git tracking for a picked folder that is a repository: reads `.git/HEAD`, the loose ref,
//! `packed-refs`, `config`, and for dirty detection `.git/index` (+ root `.gitignore`,
//! `.git/info/exclude`) from the picked files, and hands them to the api crate, which records
//! the same `mlflow.source.git.*` / `azureml.git.dirty` properties as the SDK.

use super::files::{read_all, Picked};
use aml_api::snapshot::git::{parse_head, Head};
use aml_api::snapshot::{index_dirty, GitInfo, GitRepoFiles, WorktreeFile};
use std::collections::BTreeMap;

async fn text(p: &Picked, path: &str) -> Option<String> {
    let f = p.get(path)?;
    read_all(f).await.ok().map(|b| String::from_utf8_lossy(&b).into_owned())
}

async fn bytes(p: &Picked, path: &str) -> Option<Vec<u8>> {
    read_all(p.get(path)?).await.ok()
}

fn last_modified(f: &web_sys::File) -> Option<u64> {
    let v = f.last_modified();
    (v.is_finite() && v > 0.0).then_some(v as u64)
}

/// `None` when the folder has no `.git/HEAD` (not a repository root): nothing is recorded.
pub async fn git_info(p: &Picked) -> Option<GitInfo> {
    let head = text(p, ".git/HEAD").await?;
    let loose = match parse_head(&head) {
        Some(Head::Symbolic(r)) => text(p, &format!(".git/{r}")).await,
        _ => None,
    };
    let packed = text(p, ".git/packed-refs").await;
    let config = text(p, ".git/config").await;
    let dirty = match bytes(p, ".git/index").await {
        Some(index) => {
            let worktree: Vec<WorktreeFile> = p
                .files
                .iter()
                .filter(|f| !f.path.starts_with(".git/"))
                .map(|f| WorktreeFile {
                    path: f.path.clone(),
                    size: f.file.size() as u64,
                    mtime_ms: last_modified(&f.file),
                })
                .collect();
            let gitignore = bytes(p, ".gitignore").await;
            let exclude = bytes(p, ".git/info/exclude").await;
            let excludes: Vec<&[u8]> = [gitignore.as_deref(), exclude.as_deref()].into_iter().flatten().collect();
            index_dirty(&index, &worktree, &excludes)
        }
        None => None,
    };
    let files = GitRepoFiles {
        head: &head,
        loose_ref: loose.as_deref(),
        packed_refs: packed.as_deref(),
        config: config.as_deref(),
    };
    Some(GitInfo::from_files(&files, dirty))
}

/// The job properties (empty when not a repository, or when the remote URL has credentials).
pub fn properties(info: Option<&GitInfo>) -> BTreeMap<String, String> {
    info.map(GitInfo::properties).unwrap_or_default()
}

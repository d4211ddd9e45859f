//! Git tracking for a picked folder that is a repository: reads the `.git/` files named by
//! `aml_api::jobs::source` (HEAD, the loose ref, packed-refs, config, and for dirty detection
//! the index + root `.gitignore` + `info/exclude`) and hands them to the api crate, which
//! records the same `mlflow.source.git.*` / `azureml.git.dirty` properties as the SDK.

use super::files::{read_all, Picked};
use aml_api::jobs::source::{self, GIT_CONFIG, GIT_EXCLUDE, GIT_HEAD, GIT_INDEX, GIT_PACKED_REFS};
use aml_api::snapshot::{index_dirty, GitInfo, GitRepoFiles, WorktreeFile, GITIGNORE};

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
    let head = text(p, GIT_HEAD).await?;
    let loose = match source::loose_ref_path(&head) {
        Some(path) => text(p, &path).await,
        None => None,
    };
    let packed = text(p, GIT_PACKED_REFS).await;
    let config = text(p, GIT_CONFIG).await;
    let dirty = match bytes(p, GIT_INDEX).await {
        Some(index) => {
            let worktree: Vec<WorktreeFile> = p
                .files
                .iter()
                .filter(|f| source::is_worktree_path(&f.path))
                .map(|f| WorktreeFile { path: f.path.clone(), size: f.size(), mtime_ms: last_modified(&f.file) })
                .collect();
            let gitignore = bytes(p, GITIGNORE).await;
            let exclude = bytes(p, GIT_EXCLUDE).await;
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

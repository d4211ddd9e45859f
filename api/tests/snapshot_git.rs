//! Git job properties from `.git/` file contents (the SDK runs git; we read files).

use std::path::Path;
use std::process::Command;

use aml_api::snapshot::git::{has_pat_token, parse_head, PROP_BRANCH, PROP_COMMIT, PROP_DIRTY, PROP_REPO_URL};
use aml_api::snapshot::{index_dirty, GitInfo, GitRepoFiles, Head, WorktreeFile};

const SHA: &str = "8e9f2978fae055baa94e65ab880d63b07c787e39";

#[test]
fn head_forms() {
    assert_eq!(parse_head("ref: refs/heads/main\n"), Some(Head::Symbolic("refs/heads/main".into())));
    assert_eq!(parse_head(&format!("{}\n", SHA.to_uppercase())), Some(Head::Detached(SHA.into())));
    assert_eq!(parse_head("garbage"), None);
}

#[test]
fn branch_commit_and_origin_url() {
    let config = "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://github.com/o/r.git ; c\n\
                  \tfetch = +refs/heads/*:refs/remotes/origin/*\n";
    let files = GitRepoFiles {
        head: "ref: refs/heads/feature/x\n",
        loose_ref: Some(&format!("{SHA}\n")),
        config: Some(config),
        ..Default::default()
    };
    let info = GitInfo::from_files(&files, Some(false));
    let p = info.properties();
    assert_eq!(p[PROP_REPO_URL], "https://github.com/o/r.git");
    assert_eq!(p[PROP_BRANCH], "feature/x");
    assert_eq!(p[PROP_COMMIT], SHA);
    assert_eq!(p[PROP_DIRTY], "False");
    assert_eq!(GitInfo { dirty: Some(true), ..info }.properties()[PROP_DIRTY], "True");
}

#[test]
fn packed_refs_detached_unborn_and_unknown_dirty() {
    let packed = format!("# pack-refs with: peeled fully-peeled sorted \n{SHA} refs/heads/main\n^{SHA}\n");
    let files = GitRepoFiles { head: "ref: refs/heads/main", packed_refs: Some(&packed), ..Default::default() };
    let p = GitInfo::from_files(&files, None).properties();
    assert_eq!((p[PROP_BRANCH].as_str(), p[PROP_COMMIT].as_str()), ("main", SHA));
    assert!(!p.contains_key(PROP_DIRTY) && !p.contains_key(PROP_REPO_URL)); // no remote: none
    let detached = GitInfo::from_files(&GitRepoFiles { head: SHA, ..Default::default() }, None).properties();
    assert!(!detached.contains_key(PROP_BRANCH));
    assert_eq!(detached[PROP_COMMIT], SHA);
    // Unborn branch: `git rev-parse HEAD` fails, `symbolic-ref` still names it.
    let unborn = GitInfo::from_files(&GitRepoFiles { head: "ref: refs/heads/dev\n", ..Default::default() }, None);
    assert_eq!((unborn.branch.as_deref(), unborn.commit), (Some("dev"), None));
    assert!(GitInfo::from_files(&GitRepoFiles { head: "", ..Default::default() }, Some(true)).properties().is_empty());
}

#[test]
fn branch_remote_and_insteadof_like_ls_remote_get_url() {
    let config = "[remote \"origin\"]\n url = https://o/x\n url = https://second\n\
                  [remote \"up\"]\n url = gh:team/repo\n[branch \"main\"]\n remote = up\n\
                  [url \"https://github.com/\"]\n insteadOf = gh:\n[url \"git@github.com:\"]\n insteadOf = g\n";
    let on_main = GitRepoFiles { head: "ref: refs/heads/main", config: Some(config), ..Default::default() };
    assert_eq!(GitInfo::from_files(&on_main, None).repo_url.as_deref(), Some("https://github.com/team/repo"));
    let detached = GitRepoFiles { head: SHA, config: Some(config), ..Default::default() };
    assert_eq!(GitInfo::from_files(&detached, None).repo_url.as_deref(), Some("https://o/x"));
}

#[test]
fn credentials_in_url_drop_every_git_key() {
    for url in ["https://user:token@github.com/o/r", "https://tok@dev.azure.com/o/p", "https://dev.azure.com/pat@x/y"] {
        assert!(has_pat_token(url), "{url}");
        let config = format!("[remote \"origin\"]\n\turl = \"{url}\"\n");
        let files = GitRepoFiles { head: SHA, config: Some(&config), ..Default::default() };
        assert!(GitInfo::from_files(&files, Some(true)).properties().is_empty(), "{url}");
    }
    // The SDK's regex only looks at https: these are kept as they are.
    for url in ["git@github.com:o/r.git", "http://u:p@host/r", "https://github.com/o/r", "ssh://git@h/r"] {
        assert!(!has_pat_token(url), "{url}");
    }
}

/// A v2 index with the given (path, size, mtime_ms) entries and an optional TREE extension.
fn index(entries: &[(&str, u32, u64)], tree_valid: Option<bool>) -> Vec<u8> {
    let mut b = b"DIRC".to_vec();
    b.extend(2u32.to_be_bytes());
    b.extend((entries.len() as u32).to_be_bytes());
    for (path, size, mtime_ms) in entries {
        let start = b.len();
        let stat = [0, 0, (mtime_ms / 1000) as u32, (mtime_ms % 1000 * 1_000_000) as u32, 0, 0, 0o100644, 0, 0, *size];
        stat.iter().for_each(|v| b.extend(v.to_be_bytes()));
        b.extend([0u8; 20]);
        b.extend((path.len() as u16).to_be_bytes());
        b.extend(path.as_bytes());
        let len = (b.len() - start + 8) & !7;
        b.resize(start + len, 0);
    }
    if let Some(valid) = tree_valid {
        let mut t = if valid { b"\x002 0\n".to_vec() } else { b"\x00-1 0\n".to_vec() };
        if valid {
            t.extend([0u8; 20]);
        }
        b.extend(b"TREE");
        b.extend((t.len() as u32).to_be_bytes());
        b.extend(t);
    }
    b.extend([0u8; 20]); // checksum (not verified)
    b
}

fn wt(path: &str, size: u64, mtime_ms: u64) -> WorktreeFile {
    WorktreeFile { path: path.into(), size, mtime_ms: Some(mtime_ms) }
}

#[test]
fn dirty_from_index() {
    let idx = index(&[("a.txt", 6, 1_700_000_000_123), ("d/b.py", 2, 1_700_000_000_000)], Some(true));
    let clean = [wt("a.txt", 6, 1_700_000_000_123), wt("d/b.py", 2, 1_700_000_000_000), wt(".git/HEAD", 9, 1)];
    assert_eq!(index_dirty(&idx, &clean, &[]), Some(false));
    // Size change, deleted file, untracked file → dirty.
    assert_eq!(index_dirty(&idx, &[wt("a.txt", 7, 0), clean[1].clone()], &[]), Some(true));
    assert_eq!(index_dirty(&idx, &clean[..1], &[]), Some(true));
    let mut more = clean.to_vec();
    more.push(wt("new.py", 1, 5));
    assert_eq!(index_dirty(&idx, &more, &[]), Some(true));
    // ...unless ignored by the root .gitignore or info/exclude.
    assert_eq!(index_dirty(&idx, &more, &[b"*.txt\n", b"new.py\n"]), Some(false));
    // Same size, other mtime: only the content would tell.
    assert_eq!(index_dirty(&idx, &[wt("a.txt", 6, 9), clean[1].clone()], &[]), None);
    // Staged changes invalidate the cache tree; no TREE at all is unknown too.
    assert_eq!(index_dirty(&index(&[("a.txt", 6, 1)], Some(false)), &[wt("a.txt", 6, 1)], &[]), None);
    assert_eq!(index_dirty(&index(&[("a.txt", 6, 1)], None), &[wt("a.txt", 6, 1)], &[]), None);
    // Untracked file next to a nested .gitignore: might be ignored there.
    let nested = [wt("a.txt", 6, 1), wt("s/.gitignore", 1, 1), wt("s/x", 1, 1)];
    let idx2 = index(&[("a.txt", 6, 1), ("s/.gitignore", 1, 1)], Some(true));
    assert_eq!(index_dirty(&idx2, &nested, &[]), None);
    assert_eq!(index_dirty(b"not an index", &clean, &[]), None);
}

/// Real git-written indexes (v2 and v4), when git is installed.
#[test]
fn real_git_index_if_available() {
    let dir = std::env::temp_dir().join(format!("aml-snap-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("d")).unwrap();
    let git = |args: &[&str]| {
        Command::new("git").args(args).current_dir(&dir).output().map(|o| o.status.success()).unwrap_or(false)
    };
    if !git(&["init", "-q", "-b", "main", "."]) {
        return; // no git here
    }
    std::fs::write(dir.join("a.txt"), "hello\n").unwrap();
    std::fs::write(dir.join("d/some-longer-name.py"), "x\n").unwrap();
    assert!(git(&["add", "."]));
    assert!(git(&["-c", "user.name=a", "-c", "user.email=b", "commit", "-qm", "i"]));
    let listing = |dir: &Path| -> Vec<WorktreeFile> {
        ["a.txt", "d/some-longer-name.py"]
            .iter()
            .map(|p| {
                let m = std::fs::metadata(dir.join(p)).unwrap();
                let ms = m.modified().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis();
                WorktreeFile { path: p.to_string(), size: m.len(), mtime_ms: Some(ms as u64) }
            })
            .collect()
    };
    for version in ["2", "4"] {
        assert!(git(&["update-index", "--index-version", version]));
        let idx = std::fs::read(dir.join(".git/index")).unwrap();
        assert_eq!(index_dirty(&idx, &listing(&dir), &[]), Some(false), "index v{version}");
        let mut changed = listing(&dir);
        changed[1].size += 1;
        assert_eq!(index_dirty(&idx, &changed, &[]), Some(true), "index v{version}");
    }
    let head = std::fs::read_to_string(dir.join(".git/HEAD")).unwrap();
    let loose = std::fs::read_to_string(dir.join(".git/refs/heads/main")).unwrap();
    let files = GitRepoFiles { head: &head, loose_ref: Some(&loose), ..Default::default() };
    assert_eq!(GitInfo::from_files(&files, None).commit.as_deref(), Some(loose.trim()));
    let _ = std::fs::remove_dir_all(&dir);
}

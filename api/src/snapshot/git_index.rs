//! `azureml.git.dirty` without git: the SDK runs `git status --porcelain .` and records "True"
//! when it prints anything. From files alone we can prove some of that, and say so honestly
//! when we cannot:
//!
//! * **dirty** (`Some(true)`): a tracked file is missing or its size differs from the one in
//!   `.git/index`; an unmerged or intent-to-add entry; an untracked file that the root
//!   `.gitignore` / `.git/info/exclude` do not ignore (git lists it as `??`).
//! * **clean** (`Some(false)`): every tracked file has the index's size *and* modification time
//!   (the stat match git itself trusts), no untracked files, and the index's cache tree is valid
//!   at the root (so nothing was staged since the last commit wrote it).
//! * **unknown** (`None`, the key is then left out): same size but another mtime (only hashing
//!   the blob would tell), no mtimes given, cache tree missing/invalidated (staged changes can't
//!   be compared with HEAD without reading compressed objects), untracked files next to nested
//!   `.gitignore` files, split or sparse indexes, unreadable index.
//!
//! Limits: untracked files are matched with the SDK's pathspec rules, not git's own (git cannot
//! re-include a file below an excluded folder); `status.showUntrackedFiles=no`, global excludes
//! and the racy-git window are not considered; symlinks and submodules are not compared.

use std::collections::{BTreeMap, BTreeSet};

use super::ignore::IgnoreRules;

/// One working-tree file as the browser sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorktreeFile {
    /// Relative to the repository root (the picked folder), forward slashes.
    pub path: String,
    pub size: u64,
    /// `File.lastModified` (milliseconds since the epoch), if known.
    pub mtime_ms: Option<u64>,
}

struct IndexEntry {
    mtime_ms: u64,
    mode: u32,
    size: u32,
    stage: u16,
    skip_worktree: bool,
    intent_to_add: bool,
}

struct Index {
    entries: BTreeMap<String, IndexEntry>,
    /// `Some(valid)` when a TREE extension exists.
    root_tree_valid: Option<bool>,
    /// Split index (`link`) or sparse directory entries (`sdir`): entries are incomplete.
    partial: bool,
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn parse_index(b: &[u8], oid: usize) -> Option<Index> {
    if b.get(0..4)? != b"DIRC" {
        return None;
    }
    let version = be32(b, 4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = be32(b, 8)? as usize;
    let end = b.len().checked_sub(oid)?; // trailing checksum
    let mut at = 12;
    let mut entries = BTreeMap::new();
    let mut prev_name: Vec<u8> = Vec::new();
    for _ in 0..count {
        let start = at;
        let mtime_ms = be32(b, at + 8)? as u64 * 1000 + be32(b, at + 12)? as u64 / 1_000_000;
        let mode = be32(b, at + 24)?;
        let size = be32(b, at + 36)?;
        at += 40 + oid;
        let flags = u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?);
        at += 2;
        let mut ext = 0u16;
        if version >= 3 && flags & 0x4000 != 0 {
            ext = u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?);
            at += 2;
        }
        let name = if version == 4 {
            // Prefix compression: drop N bytes of the previous name, append the NUL-ended suffix.
            let mut c = *b.get(at)?;
            at += 1;
            let mut strip = (c & 127) as usize;
            while c & 128 != 0 {
                c = *b.get(at)?;
                at += 1;
                strip = ((strip + 1) << 7) + (c & 127) as usize;
            }
            let nul = at + b.get(at..end)?.iter().position(|&x| x == 0)?;
            let mut name = prev_name.get(..prev_name.len().checked_sub(strip)?)?.to_vec();
            name.extend_from_slice(&b[at..nul]);
            at = nul + 1;
            name
        } else {
            let nul = at + b.get(at..end)?.iter().position(|&x| x == 0)?;
            let name = b[at..nul].to_vec();
            at = start + ((nul - start + 8) & !7); // 1..=8 NULs pad to a multiple of 8
            name
        };
        prev_name = name.clone();
        let entry = IndexEntry {
            mtime_ms,
            mode,
            size,
            stage: (flags >> 12) & 3,
            skip_worktree: ext & 0x4000 != 0,
            intent_to_add: ext & 0x2000 != 0,
        };
        entries.insert(String::from_utf8(name).ok()?, entry);
    }
    let (mut root_tree_valid, mut partial) = (None, false);
    while at + 8 <= end {
        let sig = &b[at..at + 4];
        let len = be32(b, at + 4)? as usize;
        let data = b.get(at + 8..at + 8 + len)?;
        match sig {
            // First record is the root: "\0<entry_count> <subtrees>\n"; -1 = invalidated.
            b"TREE" => root_tree_valid = Some(data.first() == Some(&0) && data.get(1) != Some(&b'-')),
            b"link" | b"sdir" => partial = true,
            _ => {}
        }
        at += 8 + len;
    }
    if at != end {
        return None;
    }
    Some(Index { entries, root_tree_valid, partial })
}

/// See the module docs. `index` is `.git/index`; `worktree` lists the picked folder's files
/// (`.git/` contents are skipped here); `excludes` are the bytes of the root `.gitignore` and
/// `.git/info/exclude` when present.
pub fn index_dirty(index: &[u8], worktree: &[WorktreeFile], excludes: &[&[u8]]) -> Option<bool> {
    // SHA-1 repositories store 20-byte ids, SHA-256 ones 32; only one parses to the checksum.
    let idx = parse_index(index, 20).or_else(|| parse_index(index, 32))?;
    if idx.partial {
        return None;
    }
    let files: BTreeMap<&str, &WorktreeFile> =
        worktree.iter().filter(|f| !f.path.starts_with(".git/")).map(|f| (f.path.as_str(), f)).collect();
    let mut unknown = false;
    for (path, e) in &idx.entries {
        let kind = e.mode & 0o170000;
        if e.stage != 0 || e.intent_to_add {
            return Some(true);
        }
        if e.skip_worktree || kind == 0o160000 || kind == 0o120000 {
            continue; // sparse checkout, submodule, symlink: not comparable from here
        }
        let Some(f) = files.get(path.as_str()) else {
            return Some(true);
        };
        if f.size as u32 != e.size {
            return Some(true); // the index keeps the size modulo 2^32
        }
        if f.mtime_ms != Some(e.mtime_ms) {
            unknown = true;
        }
    }
    let mut rules = IgnoreRules::default();
    for bytes in excludes {
        let Ok(r) = IgnoreRules::parse(".gitignore", bytes) else {
            return None;
        };
        rules.patterns.extend(r.patterns);
    }
    let nested_ignores: BTreeSet<&str> =
        files.keys().filter(|p| p.ends_with("/.gitignore")).map(|p| &p[..p.len() - ".gitignore".len()]).collect();
    for path in files.keys() {
        if idx.entries.contains_key(*path) || rules.is_excluded(path) {
            continue;
        }
        if nested_ignores.iter().any(|dir| path.starts_with(dir)) {
            unknown = true; // a nested .gitignore might ignore it
        } else {
            return Some(true);
        }
    }
    if unknown || idx.root_tree_valid != Some(true) {
        return None;
    }
    Some(false)
}

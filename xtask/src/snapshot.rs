//! `cargo xtask snapshot DIR`: the console's code-snapshot logic (`aml_api::snapshot`) run on a
//! local folder, printing what would be uploaded and the content hash. The walk copies what
//! azure-ai-ml does natively (`os.walk(followlinks=True)` + `traverse_directory`), so its output
//! can be compared with the SDK's (tests/sdk/snapshot_parity.py).

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use aml_api::snapshot::{select, Entry, SelectOptions, SnapshotHasher, AMLIGNORE, GITIGNORE, HASH_VERSION};

pub fn run(args: &[String]) -> Result<(), String> {
    let [dir] = args else {
        return Err("usage: cargo xtask snapshot DIR".into());
    };
    let json = snapshot_json(Path::new(dir))?;
    println!("{}", serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?);
    Ok(())
}

/// A walked file: the entry handed to the selection plus where its bytes really are.
struct Walked {
    entry: Entry,
    source: PathBuf,
}

fn snapshot_json(dir: &Path) -> Result<serde_json::Value, String> {
    let base = fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if !base.is_dir() {
        return Err(format!("{} is not a directory", dir.display()));
    }
    let mut walked = Vec::new();
    walk(&base, &base, "", &mut vec![base.clone()], &mut walked)?;
    // `Path.exists()` follows links, like the SDK's `IgnoreFile.exists`.
    let read = |name: &str| -> Result<Option<Vec<u8>>, String> {
        let p = base.join(name);
        if p.exists() {
            fs::read(&p).map(Some).map_err(|e| format!("{}: {e}", p.display()))
        } else {
            Ok(None)
        }
    };
    let (aml, git) = (read(AMLIGNORE)?, read(GITIGNORE)?);
    let opts = SelectOptions { amlignore: aml.as_deref(), gitignore: git.as_deref(), extra_patterns: &[] };
    let entries: Vec<Entry> = walked.iter().map(|w| w.entry.clone()).collect();
    let sel = select(&entries, &opts).map_err(|e| e.to_string())?;
    let sources: HashMap<&str, &Path> = walked.iter().map(|w| (w.entry.path.as_str(), w.source.as_path())).collect();

    let mut hasher = SnapshotHasher::new(&sel.files);
    hasher.header();
    let mut buf = vec![0u8; 1 << 20];
    for f in hasher.files().to_vec() {
        let src = sources[f.path.as_str()];
        let mut file = fs::File::open(src).map_err(|e| format!("{}: {e}", src.display()))?;
        loop {
            let n = file.read(&mut buf).map_err(|e| format!("{}: {e}", src.display()))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
    }
    if !hasher.is_complete() {
        return Err("a file changed size while it was being hashed".into());
    }
    Ok(serde_json::json!({
        "files": sel.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(),
        "ignoreFile": sel.ignore_file,
        "totalBytes": sel.total_bytes,
        "fileCount": sel.file_count,
        "hash": hasher.finish(),
        "hashVersion": HASH_VERSION,
        "warnings": sel.warnings(),
    }))
}

/// One directory level, depth first like `os.walk` (its files, then its subfolders). `dir` is
/// the path as reached (through link names); `dest` its upload prefix. Entries are visited in
/// name order (os.walk uses the OS's listing order, which is unspecified). Symlinked folders
/// are followed; `stack` holds the resolved folders above us so a link loop is cut where
/// os.walk would recurse until the OS refuses.
fn walk(base: &Path, dir: &Path, dest: &str, stack: &mut Vec<PathBuf>, out: &mut Vec<Walked>) -> Result<(), String> {
    let err = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    let mut names: Vec<_> = fs::read_dir(dir)
        .map_err(|e| err(dir, e))?
        .map(|d| d.map(|d| d.file_name()))
        .collect::<Result<_, _>>()
        .map_err(|e| err(dir, e))?;
    names.sort();
    // The SDK tests ignore patterns on the *resolved* folder joined with the file name.
    let resolved_dir = fs::canonicalize(dir).map_err(|e| err(dir, e))?;
    let mut subdirs = Vec::new();
    for name in names {
        let name_str = name.to_str().ok_or_else(|| format!("non-UTF-8 name in {}", dir.display()))?;
        let path = dir.join(&name);
        if path.is_dir() {
            subdirs.push(name_str.to_string());
            continue;
        }
        // Anything else (incl. a link to a file) is a file; its bytes are the link target's.
        let source = fs::canonicalize(&path).map_err(|e| err(&path, e))?;
        let size = fs::metadata(&source).map_err(|e| err(&source, e))?.len();
        let rel = format!("{dest}{name_str}");
        let ignore_path = relpath(&resolved_dir.join(&name), base);
        let mut entry = Entry::new(rel.clone(), size);
        if ignore_path != rel {
            entry.ignore_path = Some(ignore_path);
        }
        // Upload order is by absolute resolved source path; giving every file its absolute key
        // keeps links whose targets live elsewhere in the SDK's place.
        entry.source_key = Some(source.to_string_lossy().into_owned());
        out.push(Walked { entry, source });
    }
    for sub in subdirs {
        let path = dir.join(&sub);
        let real = fs::canonicalize(&path).map_err(|e| err(&path, e))?;
        if stack.contains(&real) {
            continue;
        }
        stack.push(real);
        walk(base, &path, &format!("{dest}{sub}/"), stack, out)?;
        stack.pop();
    }
    Ok(())
}

/// `os.path.relpath(path, base)` for absolute, already-resolved paths, with forward slashes.
fn relpath(path: &Path, base: &Path) -> String {
    let p: Vec<Component> = path.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".into(); b.len() - common];
    parts.extend(p[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

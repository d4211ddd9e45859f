//! `cargo xtask bench`, job submission part: snapshot hashing in the browser (Web Worker, long
//! tasks on the page) vs natively on the same ~65 MB / 2,005-file folder, the console's full
//! upload to Azurite vs azure-ai-ml submitting the same folder to the same stack, what an
//! unchanged re-submit costs, and a re-submit after one 1 MB file changed (bytes sent, wall time
//! against the full upload). The browser side is tests/e2e/bench/submit.mjs.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::stack::Ports;
use crate::{paths, proc};

/// Layout of the generated folder: a few large files and many small ones (≈ 64 MiB).
const LARGE: &[(u64, &str)] = &[
    (16 << 20, "data/weights-a.bin"),
    (16 << 20, "data/weights-b.bin"),
    (12 << 20, "data/vocab.bin"),
    (4 << 20, "model.bin"),
    (1 << 20, "data/table.bin"),
];
/// The 1 MB file the incremental re-submit changes.
const CHANGED_FILE: &str = "data/table.bin";
const SMALL_FILES: u64 = 2000;
const SMALL_SIZE: u64 = 8 << 10;
/// Bumped when the layout changes, so an old folder is regenerated.
const LAYOUT: &str = "bench-project v2";

pub fn run(ports: Ports) -> Result<Vec<String>, String> {
    let dir = bench_folder()?;
    let (mut lines, hash) = native(&dir)?;
    // Same folder name (a re-submit is recognised by it), other bytes in one file.
    let changed = variant(&dir, "changed", CHANGED_FILE, 7)?;
    // For the SDK: one small file differs, so its hash is new and it uploads every file.
    let for_sdk = variant(&dir, "sdk", "train.py", 9)?;
    let out = proc::cmd("node")
        .arg("tests/e2e/bench/submit.mjs")
        .env("CONSOLE_URL", ports.console_url())
        .env("EMULATOR_URL", ports.emulator_url())
        .env("BENCH_DIR", &dir)
        .env("BENCH_DIR_CHANGED", &changed)
        .env("NATIVE_HASH", &hash)
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "submit bench failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    lines.extend(String::from_utf8_lossy(&out.stdout).lines().map(str::to_string));
    // The SDK's figure is one line among many: a failure there is printed, not fatal.
    lines.push(sdk_submit(ports, &for_sdk).unwrap_or_else(|e| format!("submit azure-ai-ml: FAILED ({e})")));
    Ok(lines)
}

/// `bench-data/<name>/bench-project`: hard links to the bench folder's files, except `rel`,
/// written anew (same size, other bytes). Rebuilt every run.
fn variant(dir: &Path, name: &str, rel: &str, seed: u64) -> Result<PathBuf, String> {
    let out = dir.parent().expect("has a parent").join(name).join("bench-project");
    let _ = fs::remove_dir_all(&out);
    let mut stack = vec![PathBuf::new()];
    while let Some(sub) = stack.pop() {
        fs::create_dir_all(out.join(&sub)).map_err(|e| e.to_string())?;
        for entry in fs::read_dir(dir.join(&sub)).map_err(|e| e.to_string())? {
            let entry = entry.map_err(|e| e.to_string())?;
            let rel_path = sub.join(entry.file_name());
            if entry.file_type().map_err(|e| e.to_string())?.is_dir() {
                stack.push(rel_path);
            } else if rel_path != Path::new(rel) {
                fs::hard_link(entry.path(), out.join(&rel_path)).map_err(|e| e.to_string())?;
            }
        }
    }
    let size = fs::metadata(dir.join(rel)).map_err(|e| e.to_string())?.len();
    fs::write(out.join(rel), fill(seed << 32, size)).map_err(|e| e.to_string())?;
    Ok(out)
}

/// azure-ai-ml submits `folder` (new content: it hashes and uploads every file) to the same
/// emulator + Azurite; the SDK's own wall time around `jobs.create_or_update`.
fn sdk_submit(ports: Ports, folder: &Path) -> Result<String, String> {
    let target = paths::target_dir();
    let out = proc::cmd(&target.join("xtask/sdk-venv/bin/python").to_string_lossy())
        .arg("tests/sdk/job_code_reuse.py")
        .arg(folder)
        .env("EMULATOR_URL", ports.emulator_url())
        .env("AML_EMULATOR_BIN", target.join("debug/aml-emulator"))
        .output()
        .map_err(|e| format!("sdk python: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let json: serde_json::Value = text
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| format!("job_code_reuse.py: {text}{}", String::from_utf8_lossy(&out.stderr)))?;
    Ok(format!(
        "submit azure-ai-ml (same folder, new content; hash + upload + job, same stack): {:.1} s  ({} blob PUTs)",
        json["seconds"].as_f64().unwrap_or(f64::NAN),
        json["blob_puts"]
    ))
}

/// Deterministic pseudo-random bytes (xorshift64*): incompressible, identical on every run.
fn fill(seed: u64, len: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len as usize + 8);
    while (out.len() as u64) < len {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        out.extend_from_slice(&x.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len as usize);
    out
}

/// `target/xtask/bench-data/bench-project`, generated once (a marker names the layout).
fn bench_folder() -> Result<PathBuf, String> {
    let dir = paths::target_dir().join("xtask").join("bench-data").join("bench-project");
    // Beside the folder, not in it: it would be hashed and uploaded with the rest.
    let marker = dir.with_extension("layout");
    if fs::read_to_string(&marker).ok().as_deref() == Some(LAYOUT) {
        return Ok(dir);
    }
    let _ = fs::remove_dir_all(&dir);
    let write = |rel: &str, bytes: &[u8]| -> Result<(), String> {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().expect("has a parent")).map_err(|e| e.to_string())?;
        fs::File::create(&p).and_then(|mut f| f.write_all(bytes)).map_err(|e| format!("{}: {e}", p.display()))
    };
    for (i, (size, rel)) in LARGE.iter().enumerate() {
        write(rel, &fill(i as u64 + 1, *size))?;
    }
    for i in 0..SMALL_FILES {
        write(&format!("src/pkg{:02}/module_{i:04}.py", i % 40), &fill(1000 + i, SMALL_SIZE))?;
    }
    write("train.py", b"print('bench')\n")?;
    fs::write(&marker, LAYOUT).map_err(|e| e.to_string())?;
    Ok(dir)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// `cargo xtask snapshot DIR` built with the hashing code optimised, in its own target folder so
/// the everyday (unoptimised) xtask build is left alone. `cargo xtask` itself runs in the dev
/// profile, where SHA-256 is ~10x slower than compiled code really is: comparing the browser
/// with that would flatter the browser. Falls back to this binary (and says so) if the build fails.
fn snapshot_binary() -> (PathBuf, &'static str) {
    let dir = paths::target_dir().join("xtask").join("bench-native");
    let mut c = proc::cmd("cargo");
    c.args(["build", "--quiet", "-p", "xtask", "--target-dir"]).arg(&dir);
    for pkg in ["sha2", "aml-api", "xtask"] {
        c.args(["--config", &format!("profile.dev.package.{pkg}.opt-level=3")]);
    }
    match proc::run(c) {
        Ok(()) => (dir.join("debug").join("xtask"), "api crate + sha2 at opt-level 3"),
        Err(e) => {
            eprintln!("bench: optimised snapshot build failed ({e}); timing the dev build");
            (std::env::current_exe().unwrap_or_default(), "xtask dev profile, UNOPTIMISED")
        }
    }
}

/// `cargo xtask snapshot DIR` (walk + selection + hash: the console's api crate, natively)
/// three times on a warm page cache, and `sha256sum` over the same files as a reference.
fn native(dir: &Path) -> Result<(Vec<String>, String), String> {
    let (me, profile) = snapshot_binary();
    let (mut secs, mut json) = (Vec::new(), serde_json::Value::Null);
    for _ in 0..3 {
        let t = Instant::now();
        let out = proc::cmd(&me.to_string_lossy()).arg("snapshot").arg(dir).output().map_err(|e| e.to_string())?;
        secs.push(t.elapsed().as_secs_f64());
        if !out.status.success() {
            return Err(format!("xtask snapshot: {}", String::from_utf8_lossy(&out.stderr)));
        }
        json = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    }
    let bytes = json["totalBytes"].as_u64().unwrap_or(0) as f64;
    let files = json["fileCount"].as_u64().unwrap_or(0);
    let mb = bytes / 1e6;
    let s = median(secs);
    let mut lines = vec![format!(
        "hash native  (cargo xtask snapshot, {profile}): {:.0} MB/s  ({mb:.1} MB, {files} files, median {:.0} ms of 3; hash {}…)",
        mb / s,
        s * 1e3,
        json["hash"].as_str().unwrap_or("?").chars().take(12).collect::<String>()
    )];
    let t = Instant::now();
    let ok = proc::cmd("sh")
        .arg("-c")
        .arg("find . -type f -print0 | xargs -0 sha256sum > /dev/null")
        .current_dir(dir)
        .status()
        .map_err(|e| e.to_string())?;
    if ok.success() {
        lines.push(format!(
            "hash native  reference (coreutils sha256sum, same files): {:.0} MB/s",
            mb / t.elapsed().as_secs_f64()
        ));
    }
    Ok((lines, json["hash"].as_str().unwrap_or_default().to_string()))
}

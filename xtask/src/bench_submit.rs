//! `cargo xtask bench`, job submission part: snapshot hashing in the browser vs natively on the
//! same ~64 MB folder, upload rate to Azurite, and what an unchanged re-submit costs (requests
//! before the job PUT, bytes to storage). The browser side is tests/e2e/bench/submit.mjs.

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
];
const SMALL_FILES: u64 = 2000;
const SMALL_SIZE: u64 = 8 << 10;
/// Bumped when the layout changes, so an old folder is regenerated.
const LAYOUT: &str = "bench-project v1";

pub fn run(ports: Ports) -> Result<Vec<String>, String> {
    let dir = bench_folder()?;
    let (mut lines, hash) = native(&dir)?;
    let out = proc::cmd("node")
        .arg("tests/e2e/bench/submit.mjs")
        .env("CONSOLE_URL", ports.console_url())
        .env("EMULATOR_URL", ports.emulator_url())
        .env("BENCH_DIR", &dir)
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
    Ok(lines)
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

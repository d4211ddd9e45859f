//! `cargo xtask bench`: one line per figure. Bundle sizes of the release build (raw, gzip,
//! brotli) and the median of 5 runs of "navigation → compute list painted" with 50 computes in
//! headless Chromium; then the job-submission figures (bench_submit.rs): snapshot hashing in the
//! browser vs native, upload rate, and the cost of an unchanged re-submit. Figures are printed,
//! never asserted: timings belong here, not in tests.

use std::io::Write;
use std::path::Path;

use crate::stack::{Console, Ports, Stack, StackOptions};
use crate::{paths, proc, test, tools};

// The job-submission figures live beside this file (main.rs stays untouched).
#[path = "bench_submit.rs"]
mod bench_submit;

pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("bench: unknown argument '{a}'"));
    }
    tools::ensure_all()?;
    let ports = Ports::BENCH.offset_from_env();
    let stage = paths::target_dir().join("xtask").join("stage-bench");
    let dist = test::build_console_release(&stage, &[("/", paths::target_dir().join("xtask").join("dist-bench"))], &crate::stack::console_config(ports))?;
    let dist = dist.into_iter().next().expect("one base asked for");
    let mut lines = bundle_sizes(&dist)?;

    let _stack = Stack::start(
        ports,
        Console::Static(dist),
        StackOptions { bench_computes: Some(50), test_hooks: true, persist: false, extra_console_urls: vec![] },
    )?;
    let out = proc::cmd("node")
        .arg("tests/e2e/bench/paint.mjs")
        .env("CONSOLE_URL", ports.console_url())
        .env("EMULATOR_URL", ports.emulator_url())
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err(format!("paint bench failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    lines.extend(String::from_utf8_lossy(&out.stdout).lines().map(str::to_string));
    lines.extend(bench_submit::run(ports)?);

    println!("\n== bench ==");
    for l in &lines {
        println!("{l}");
    }
    Ok(())
}

/// Sizes of the .wasm, .js and .css files trunk emitted, and the first-load total.
fn bundle_sizes(dist: &Path) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    let (mut raw_total, mut gz_total, mut br_total) = (0usize, 0usize, 0usize);
    for ext in ["wasm", "js", "css", "html"] {
        let (mut raw, mut gz, mut br) = (0usize, 0usize, 0usize);
        for entry in std::fs::read_dir(dist).map_err(|e| e.to_string())? {
            let p = entry.map_err(|e| e.to_string())?.path();
            if p.extension().and_then(|e| e.to_str()) != Some(ext) {
                continue;
            }
            let bytes = std::fs::read(&p).map_err(|e| e.to_string())?;
            raw += bytes.len();
            gz += gzip_len(&bytes);
            br += brotli_len(&bytes);
        }
        lines.push(format!("bundle {ext:<4}  raw {raw:>8} B  gzip {gz:>8} B  brotli {br:>8} B"));
        raw_total += raw;
        gz_total += gz;
        br_total += br;
    }
    let config = std::fs::metadata(paths::root().join("public/config.json")).map(|m| m.len()).unwrap_or(0);
    lines.push(format!(
        "bundle total raw {raw_total:>8} B  gzip {gz_total:>8} B  brotli {br_total:>8} B  (first load, + config.json {config} B; budget 250 KB brotli)"
    ));
    Ok(lines)
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).expect("in-memory write");
    e.finish().expect("in-memory gzip").len()
}

fn brotli_len(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes).expect("in-memory write");
    }
    out.len()
}

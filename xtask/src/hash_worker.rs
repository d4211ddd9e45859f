//! The hashing Web Worker's module (`hash-worker/`, see `public/hash-worker.js`): built on its
//! own with the `hash-worker` profile (opt-level 3: hashing speed is its purpose), bound by
//! wasm-bindgen for `--target web` (the worker is a module worker and imports it), optimised by
//! wasm-opt for speed. Fixed file names — `aml_hash_worker.js`, `aml_hash_worker_bg.wasm` —
//! because the worker script in `public/` imports them by name; the three files are always
//! deployed together, and nothing on the first load fetches them.

use std::path::Path;

use crate::{paths, proc};

pub const GLUE: &str = "aml_hash_worker.js";
pub const WASM: &str = "aml_hash_worker_bg.wasm";
/// The worker script itself, copied from `public/` with the rest of it.
pub const SCRIPT: &str = "hash-worker.js";

const WASM_OPT_ARGS: &[&str] = &[
    "-O3",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
];

/// Builds the worker module and writes its two files into `out` (which already holds
/// `public/`, so the worker script is checked to be there too).
pub fn build(out: &Path) -> Result<(), String> {
    let mut cargo = proc::cmd("cargo");
    cargo.args([
        "build",
        "--profile",
        "hash-worker",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "aml-hash-worker",
        "--lib",
    ]);
    proc::run(cargo)?;
    let wasm = paths::target_dir().join("wasm32-unknown-unknown").join("hash-worker").join("aml_hash_worker.wasm");
    let mut bindgen = proc::cmd("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--no-typescript", "--out-name", "aml_hash_worker", "--out-dir"])
        .arg(out)
        .arg(&wasm);
    proc::run(bindgen)?;
    if out.join("snippets").exists() {
        return Err("wasm-bindgen wrote snippets/ for the hash worker: xtask dist does not ship folders".into());
    }
    let bg = out.join(WASM);
    let mut opt = proc::cmd(&paths::node_bin().join("wasm-opt").to_string_lossy());
    opt.args(WASM_OPT_ARGS).arg(&bg).arg("-o").arg(&bg);
    proc::run(opt)?;
    for name in [GLUE, WASM, SCRIPT] {
        if !out.join(name).is_file() {
            return Err(format!("the hash worker's {name} is missing from {}", out.display()));
        }
    }
    Ok(())
}

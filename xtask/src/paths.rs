//! Where things are: the repository root, the cargo target dir, node tools.

use std::path::PathBuf;

/// The repository root (xtask lives in `<root>/xtask`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits one level below the root").to_path_buf()
}

pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => PathBuf::from(d),
        None => root().join("target"),
    }
}

pub fn node_bin() -> PathBuf {
    root().join("node_modules").join(".bin")
}

pub fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin")
}

/// PATH with the project's node tools and cargo's bin dir first, so child processes find the
/// pinned wasm-opt, trunk and wasm-bindgen rather than anything else on the machine.
pub fn tool_path() -> String {
    let old = std::env::var("PATH").unwrap_or_default();
    format!("{}:{}:{}", node_bin().display(), cargo_bin().display(), old)
}

pub fn emulator_bin() -> PathBuf {
    target_dir().join("debug").join("aml-emulator")
}

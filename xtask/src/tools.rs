//! Installs the toolchain pieces that are missing, following docs/toolchain.md:
//! wasm32 target, trunk 0.21.14 (0.22 needs a newer rustc), wasm-bindgen-cli matching Cargo.lock,
//! npm tools (wasm-opt from `binaryen`, Playwright without a browser download, axe-core for
//! its accessibility checks, Azurite) via
//! `npm ci`, and Debian's Chromium + ChromeDriver when running as root.

use std::path::Path;

use crate::{paths, proc};

const TRUNK_VERSION: &str = "0.21.14";
/// The `view!` formatter the lint suite checks with (docs/toolchain.md §Pins).
pub const LEPTOSFMT_VERSION: &str = "0.1.33";

pub fn ensure_all() -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_chromium()?;
    ensure_npm_tools()?;
    ensure_wasm_bindgen()?;
    ensure_trunk()?;
    ensure_leptosfmt()?;
    ensure_python_sdk()?;
    Ok(())
}

/// A virtual environment with the official Azure ML SDK and the MLflow client
/// (tests/sdk/requirements.txt, every version pinned by tests/sdk/constraints.txt), the real
/// clients the SDK tests point at the emulator. Reinstalled when either file changes.
pub fn sdk_python() -> std::path::PathBuf {
    paths::target_dir().join("xtask").join("sdk-venv").join("bin").join("python")
}

/// The pip that installs the SDK venv (see `ensure_python_sdk`).
const PIP_VERSION: &str = "pip==25.3";

fn ensure_python_sdk() -> Result<(), String> {
    let venv = paths::target_dir().join("xtask").join("sdk-venv");
    let sdk_dir = paths::root().join("tests").join("sdk");
    let (reqs, constraints) = (sdk_dir.join("requirements.txt"), sdk_dir.join("constraints.txt"));
    let stamp = venv.join("installed-requirements.txt");
    let read = |p: &std::path::Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let wanted = format!("{}{}", read(&reqs)?, read(&constraints)?);
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) && sdk_python().exists() {
        return Ok(());
    }
    println!("installing the Azure ML Python SDK into {} (about a minute)", venv.display());
    let mut mk = proc::cmd("python3");
    mk.args(["-m", "venv", &venv.to_string_lossy()]);
    proc::run(mk)?;
    // Python 3.11's bundled pip (23.2) fails to resolve azure-ai-ml + mlflow-skinny
    // (resolvelib's InconsistentCandidate on opentelemetry-sdk); 25.3 resolves them.
    let mut upgrade = proc::cmd(&sdk_python().to_string_lossy());
    upgrade.args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", PIP_VERSION]);
    proc::run(upgrade)?;
    let mut pip = proc::cmd(&sdk_python().to_string_lossy());
    pip.args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"]);
    pip.args(["-r", &reqs.to_string_lossy(), "-c", &constraints.to_string_lossy()]);
    proc::run(pip)?;
    std::fs::write(&stamp, wanted).map_err(|e| e.to_string())
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = proc::output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    println!("installing the wasm32-unknown-unknown target");
    let mut c = proc::cmd("rustup");
    c.args(["target", "add", "wasm32-unknown-unknown"]);
    proc::run(c)
}

fn ensure_trunk() -> Result<(), String> {
    let have = proc::output("trunk", &["--version"]).unwrap_or_default();
    if have.ends_with(TRUNK_VERSION) {
        return Ok(());
    }
    println!("installing trunk {TRUNK_VERSION} (about 9 minutes on 2 cores; once per machine)");
    let mut c = proc::cmd("cargo");
    c.args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]);
    proc::run(c)
}

/// leptosfmt, for the lint suite's `view!` gate (`cargo xtask lint` calls this too, so the gate
/// works on a machine where nothing else was installed yet).
pub fn ensure_leptosfmt() -> Result<(), String> {
    let have = proc::output("leptosfmt", &["--version"]).unwrap_or_default();
    if have.trim().ends_with(LEPTOSFMT_VERSION) {
        return Ok(());
    }
    println!("installing leptosfmt {LEPTOSFMT_VERSION} (a few minutes on 2 cores; once per machine)");
    let mut c = proc::cmd("cargo");
    c.args(["install", "leptosfmt", "--version", LEPTOSFMT_VERSION, "--locked"]);
    proc::run(c)
}

/// The wasm-bindgen version in Cargo.lock; the CLI must match it exactly or trunk tries to
/// download another one (which fails on these machines).
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(paths::root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.trim().strip_prefix("version = ")) {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let want = locked_wasm_bindgen_version()?;
    let have = proc::output("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = proc::output("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    if have.ends_with(&want) && runner.ends_with(&want) {
        return Ok(());
    }
    println!("installing wasm-bindgen-cli {want} (about 3 minutes; once per machine)");
    // No --locked: with it, one of its dependencies fails to resolve (docs/toolchain.md §3).
    let mut c = proc::cmd("cargo");
    c.args(["install", "wasm-bindgen-cli", "--version", &want]);
    proc::run(c)
}

fn ensure_npm_tools() -> Result<(), String> {
    let root = paths::root();
    let stamp = root.join("node_modules").join(".package-lock.json");
    if is_newer_or_equal(&stamp, &root.join("package-lock.json"))
        && paths::node_bin().join("wasm-opt").exists()
        && paths::node_bin().join("playwright").exists()
        && paths::node_bin().join("azurite-blob").exists()
        && root.join("node_modules").join("@axe-core").join("playwright").exists()
    {
        return Ok(());
    }
    println!("installing npm tools (wasm-opt, Playwright, axe-core, Azurite) with npm ci");
    let mut c = proc::cmd("npm");
    // Playwright must not download its own browser: we use Debian's Chromium.
    c.args(["ci", "--no-audit", "--no-fund"]).env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    proc::run(c)
}

fn is_newer_or_equal(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (a.metadata(), b.metadata()) else { return false };
    match (ma.modified(), mb.modified()) {
        (Ok(ta), Ok(tb)) => ta >= tb,
        _ => false,
    }
}

fn ensure_chromium() -> Result<(), String> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    let is_root = proc::output("id", &["-u"]).as_deref() == Some("0");
    if !is_root {
        return Err("Chromium is missing. Install Debian's packages as root: \
                    apt-get update && apt-get install -y chromium chromium-driver"
            .into());
    }
    println!("installing Chromium and ChromeDriver from Debian's packages");
    let mut update = proc::cmd("apt-get");
    update.arg("update");
    proc::run(update)?;
    let mut install = proc::cmd("apt-get");
    install.args(["install", "-y", "chromium", "chromium-driver"]).env("DEBIAN_FRONTEND", "noninteractive");
    proc::run(install)
}

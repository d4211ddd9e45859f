//! `cargo xtask test`: every suite, in order of cost — native tests (api, emulator, xtask),
//! wasm-bindgen tests in headless Chromium, then the Playwright end-to-end suite against a
//! freshly started emulator + Azurite serving the release build.

use std::path::PathBuf;
use std::time::Instant;

use crate::stack::{Console, Ports, Stack, StackOptions};
use crate::{paths, proc, tools};

pub fn run(args: &[String]) -> Result<(), String> {
    let mut only: Option<&str> = None;
    let mut e2e_args: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--only" => only = Some(it.next().ok_or("--only needs native|wasm|sdk|e2e")?.as_str()),
            "--" => e2e_args.extend(it.by_ref().cloned()),
            other => return Err(format!("test: unknown argument '{other}'")),
        }
    }
    tools::ensure_all()?;
    let mut results: Vec<(&str, Result<(), String>, f32)> = Vec::new();
    let wanted = |s: &str| only.is_none_or(|o| o == s);

    if wanted("native") {
        let t = Instant::now();
        let mut c = proc::cmd("cargo");
        c.args(["test", "--workspace", "--exclude", "aml-console"]);
        results.push(("native", proc::run(c), t.elapsed().as_secs_f32()));
    }
    if wanted("wasm") {
        let t = Instant::now();
        let mut c = proc::cmd("cargo");
        c.args(["test", "-p", "aml-console", "--target", "wasm32-unknown-unknown"]);
        results.push(("wasm (headless Chromium)", proc::run(c), t.elapsed().as_secs_f32()));
    }
    if wanted("sdk") {
        let t = Instant::now();
        results.push(("official SDK: YAML round trip, snapshot parity", sdk_yaml(), t.elapsed().as_secs_f32()));
    }
    if wanted("e2e") {
        let t = Instant::now();
        let (playwright, sdk) = e2e(&e2e_args);
        results.push(("end-to-end (Playwright, Chromium)", playwright, t.elapsed().as_secs_f32()));
        if let Some(sdk) = sdk {
            results.push(("official SDK drives the emulator (computes, code upload, jobs)", sdk, 0.0));
        }
    }

    println!("\n== summary ==");
    let mut failed = 0;
    for (name, r, secs) in &results {
        match r {
            Ok(()) => println!("  ok      {name} ({secs:.0}s)"),
            Err(e) => {
                failed += 1;
                println!("  FAILED  {name} ({secs:.0}s): {e}");
            }
        }
    }
    println!("suites: {} passed, {} failed", results.len() - failed, failed);
    if failed > 0 {
        Err(format!("{failed} suite(s) failed"))
    } else {
        Ok(())
    }
}

/// Release build of the console into `out` (dist/ for `cargo xtask dist`; test and bench runs
/// use their own folder so concurrent runs never serve each other's half-written files).
pub fn build_console_release(base: &str, out: PathBuf) -> Result<PathBuf, String> {
    let mut c = proc::cmd("trunk");
    c.args(["build", "--release", "--dist", &out.to_string_lossy(), "--public-url", base]);
    proc::run(c)?;
    Ok(out)
}

/// The YAML cases are written by the native api test `yaml_cases`; the SDK loads each one and
/// must produce the same REST body the console sends.
fn sdk_yaml() -> Result<(), String> {
    let cases = paths::target_dir().join("xtask").join("yaml-cases");
    let mut gen = proc::cmd("cargo");
    gen.args(["test", "--quiet", "-p", "aml-api", "--test", "yaml_cases"]).env("AML_YAML_CASES_DIR", &cases);
    proc::run(gen)?;
    let mut py = proc::cmd(&tools::sdk_python().to_string_lossy());
    py.arg("tests/sdk/yaml_roundtrip.py").arg(&cases);
    proc::run(py)?;
    // Snapshot selection and hash: the SDK's own functions vs `cargo xtask snapshot` (this very
    // binary) on many generated folders.
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut parity = proc::cmd(&tools::sdk_python().to_string_lossy());
    parity.arg("tests/sdk/snapshot_parity.py").env("AML_SNAPSHOT_BIN", me);
    proc::run(parity)
}

/// Playwright flows, then (when no Playwright filter was given) the official Python SDK as a
/// second, independent client of the same emulator.
fn e2e(extra: &[String]) -> (Result<(), String>, Option<Result<(), String>>) {
    let ports = Ports::TEST.offset_from_env();
    let out = paths::target_dir().join("xtask").join(format!("dist-{}", ports.console));
    let started = build_console_release("/", out).and_then(|dist| {
        Stack::start(
            ports,
            Console::Static(dist),
            StackOptions { bench_computes: Some(50), test_hooks: true, persist: false },
        )
    });
    let _stack = match started {
        Ok(s) => s,
        Err(e) => return (Err(e), None),
    };
    let mut c = proc::cmd(&paths::node_bin().join("playwright").to_string_lossy());
    c.args(["test", "-c", "tests/e2e"]).args(extra);
    c.env("CONSOLE_URL", ports.console_url())
        .env("EMULATOR_URL", ports.emulator_url())
        .env("AZURITE_URL", format!("http://127.0.0.1:{}", ports.azurite));
    let playwright = proc::run(c);
    if !extra.is_empty() {
        return (playwright, None);
    }
    let sdk = ["tests/sdk/compute_lifecycle.py", "tests/sdk/job_submit.py"].iter().try_for_each(|script| {
        let mut py = proc::cmd(&tools::sdk_python().to_string_lossy());
        py.arg(script).env("EMULATOR_URL", ports.emulator_url()).env("AML_EMULATOR_BIN", paths::emulator_bin());
        proc::run(py)
    });
    (playwright, Some(sdk))
}

//! `cargo xtask test`: every suite, in order of cost — the lint gates (lint.rs), native tests
//! (api, emulator, xtask),
//! wasm-bindgen tests in headless Chromium, then the Playwright end-to-end suite against a
//! freshly started emulator + Azurite serving the release build.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::stack::{Console, Ports, Stack, StackOptions};
use crate::tls::TestCert;
use crate::{dist, paths, proc, static_site, tools};

/// Whether a finding of the lint gates fails `cargo xtask test`. On since `cargo xtask lint` is
/// clean; switching it off makes the suite only report findings (for a tree that has some from
/// before a new gate). `--only lint` always fails on a finding.
const LINT_BLOCKS: bool = true;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut only: Option<&str> = None;
    let mut e2e_args: Vec<String> = Vec::new();
    let mut fault_rate: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--only" => only = Some(it.next().ok_or("--only needs lint|native|wasm|sdk|e2e")?.as_str()),
            // The fault matrix: every Playwright flow with this share of ARM calls failing
            // (429/500/503/dropped/slow, before or after the handler; see tests/e2e/helpers.ts).
            "--faults" => {
                let rate = it.next().ok_or("--faults needs a rate such as 0.2")?;
                rate.parse::<f64>().map_err(|_| format!("--faults: '{rate}' is not a number"))?;
                fault_rate = Some(rate.clone());
            }
            "--" => e2e_args.extend(it.by_ref().cloned()),
            other => return Err(format!("test: unknown argument '{other}'")),
        }
    }
    tools::ensure_all()?;
    let snapshot_bin = keep_own_binary()?;
    let mut results: Vec<(String, Result<(), String>, f32)> = Vec::new();
    let wanted = |s: &str| only.is_none_or(|o| o == s);

    if wanted("lint") {
        let t = Instant::now();
        let r = crate::lint::run(&[]);
        let blocks = LINT_BLOCKS || only == Some("lint");
        let name = if blocks { "lint: rustfmt, import cycles, clippy" } else { "lint (reported, not yet enforced)" };
        let r = match r {
            Err(e) if !blocks => {
                println!("lint: {e} (not failing the run: LINT_BLOCKS is off in xtask/src/test.rs)");
                Ok(())
            }
            r => r,
        };
        results.push((name.into(), r, t.elapsed().as_secs_f32()));
    }
    if wanted("native") {
        let t = Instant::now();
        let mut c = proc::cmd("cargo");
        c.args(["test", "--workspace", "--exclude", "aml-console"]);
        // The console's pure logic (config, token renewal windows, …) also runs natively; its
        // browser tests run in the wasm suite below.
        let mut console = proc::cmd("cargo");
        console.args(["test", "-p", "aml-console", "--lib"]);
        results.push(("native".into(), proc::run(c).and_then(|_| proc::run(console)), t.elapsed().as_secs_f32()));
    }
    if wanted("wasm") {
        let t = Instant::now();
        let mut c = proc::cmd("cargo");
        c.args(["test", "-p", "aml-console", "--target", "wasm32-unknown-unknown"]);
        results.push(("wasm (headless Chromium)".into(), proc::run(c), t.elapsed().as_secs_f32()));
    }
    if wanted("sdk") {
        let t = Instant::now();
        results.push((
            "official SDK: YAML round trip, snapshot parity".into(),
            sdk_yaml(&snapshot_bin),
            t.elapsed().as_secs_f32(),
        ));
    }
    if wanted("e2e") {
        results.extend(e2e(&e2e_args, fault_rate.as_deref()));
    }

    println!("\n== summary ==");
    let mut failed = 0;
    for (name, r, secs) in &results {
        let name = name.as_str();
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

/// One split release build into `stage`, finalized (base, config.json, CSP) into each
/// `(base, out)` folder — the same steps as `cargo xtask dist`. Test and bench runs use their
/// own folders so concurrent runs never serve each other's half-written files.
pub fn build_console_release(
    stage: &Path,
    outs: &[(&str, PathBuf)],
    config_json: &str,
) -> Result<Vec<PathBuf>, String> {
    crate::release_build::build(stage)?;
    outs.iter().map(|(base, out)| dist::finalize(stage, out, base, config_json).map(|()| out.clone())).collect()
}

/// The YAML cases are written by the native api test `yaml_cases`; the SDK loads each one and
/// must produce the same REST body the console sends.
fn sdk_yaml(snapshot_bin: &Path) -> Result<(), String> {
    let cases = paths::target_dir().join("xtask").join("yaml-cases");
    let mut gen = proc::cmd("cargo");
    gen.args(["test", "--quiet", "-p", "aml-api", "--test", "yaml_cases"]).env("AML_YAML_CASES_DIR", &cases);
    proc::run(gen)?;
    let mut py = proc::cmd(&tools::sdk_python().to_string_lossy());
    py.arg("tests/sdk/yaml_roundtrip.py").arg(&cases);
    proc::run(py)?;
    // Snapshot selection and hash: the SDK's own functions vs `cargo xtask snapshot` (this very
    // binary) on many generated folders.
    let mut parity = proc::cmd(&tools::sdk_python().to_string_lossy());
    parity.arg("tests/sdk/snapshot_parity.py").env("AML_SNAPSHOT_BIN", snapshot_bin);
    proc::run(parity)
}

/// A copy of this very binary, taken before any suite runs: `cargo test --workspace` rebuilds
/// `target/debug/xtask` (its integration tests need the binary, with the workspace's unified
/// features), which unlinks the file this process was started from.
fn keep_own_binary() -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let dir = paths::target_dir().join("xtask");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let copy = dir.join("xtask-self");
    let _ = std::fs::remove_file(&copy);
    std::fs::copy(&me, &copy).map_err(|e| format!("copying {} to {}: {e}", me.display(), copy.display()))?;
    Ok(copy)
}

/// The share of ARM calls faulted in the fault-matrix pass of a full run (issue: "every flow
/// once more under 20 % injected faults").
const MATRIX_FAULT_RATE: &str = "0.2";

/// Playwright flows; then, when no Playwright filter was given, the official Python SDK as a
/// second, independent client of the same emulator, and every flow once more with
/// `MATRIX_FAULT_RATE` of the ARM calls faulted (the fault matrix, summarized per kind).
/// `--faults RATE` runs only the faulted pass, at that rate.
fn e2e(extra: &[String], only_faults: Option<&str>) -> Vec<(String, Result<(), String>, f32)> {
    let t = Instant::now();
    let ports = Ports::TEST.offset_from_env();
    let sites = match TestSites::new(ports) {
        Ok(s) => s,
        Err(e) => return vec![("end-to-end (Playwright, Chromium)".into(), Err(e), 0.0)],
    };
    let xt = paths::target_dir().join("xtask");
    let (root_out, sub_out) =
        (xt.join(format!("dist-{}", ports.console)), xt.join(format!("dist-{}-console", ports.console)));
    let built = build_console_release(
        &xt.join(format!("stage-{}", ports.console)),
        &[("/", root_out), ("/console/", sub_out)],
        &sites.config(ports),
    );
    let started = built.and_then(|dirs| {
        let stack = Stack::start(
            ports,
            Console::Static(dirs[0].clone()),
            StackOptions {
                bench_computes: Some(50),
                test_hooks: true,
                persist: false,
                extra_console_urls: vec![sites.subpath_console()],
                azurite_tls: None,
            },
        )?;
        sites.start(&dirs[1])?;
        Ok(stack)
    });
    let stack = match started {
        Ok(s) => s,
        Err(e) => return vec![("end-to-end (Playwright, Chromium)".into(), Err(e), t.elapsed().as_secs_f32())],
    };
    let playwright_with = |rate: Option<&str>, log: Option<&Path>, tls: Option<&TestCert>| {
        let mut c = proc::cmd(&paths::node_bin().join("playwright").to_string_lossy());
        c.args(["test", "-c", "tests/e2e"]).args(extra);
        // A filter given on the command line may match only the other pass's specs.
        if !extra.is_empty() {
            c.arg("--pass-with-no-tests");
        }
        let scheme = if tls.is_some() { "https" } else { "http" };
        if let Some(tls) = tls {
            // The HTTPS pass: only the specs that need OAuth on storage (playwright.config.ts),
            // with the test certificate accepted by Chromium (its key hash) and by Node.
            c.env("AML_AZURITE_TLS_SPKI", &tls.spki).env("NODE_EXTRA_CA_CERTS", &tls.ca);
        }
        c.env("CONSOLE_URL", ports.console_url())
            .env("EMULATOR_URL", ports.emulator_url())
            .env("AZURITE_URL", format!("{scheme}://127.0.0.1:{}", ports.azurite))
            .env("CONSOLE_SUBPATH_URL", sites.subpath_console())
            .env("EMBED_HOST_URL", sites.origin(sites.host))
            .env("OTHER_HOST_URL", sites.origin(sites.other));
        if let Some(rate) = rate {
            // Its own output folder: a failure of the faulted pass keeps the first pass's traces.
            c.env("AML_E2E_FAULT_RATE", rate).env("AML_E2E_OUTPUT_SUFFIX", "-faults");
        }
        if let Some(log) = log {
            let _ = std::fs::remove_file(log);
            c.env("AML_E2E_FAULT_LOG", log);
        }
        let pass = if tls.is_some() {
            "https"
        } else if rate.is_some() {
            "faults"
        } else {
            "plain"
        };
        let failures = xt.join(format!("e2e-failures-{}-{pass}.jsonl", ports.console));
        let _ = std::fs::remove_file(&failures);
        c.env("AML_E2E_FAILURES", &failures);
        proc::run(c).map_err(|e| name_failed_flows(e, &failures))
    };
    let playwright = |rate: Option<&str>, log: Option<&Path>| playwright_with(rate, log, None);
    let fault_log = xt.join(format!("fault-matrix-{}.jsonl", ports.console));
    let mut out = Vec::new();
    if let Some(rate) = only_faults {
        let r = playwright(Some(rate), Some(&fault_log));
        print_fault_matrix(&fault_log);
        out.push((format!("end-to-end under {rate} injected faults"), r, t.elapsed().as_secs_f32()));
        return out;
    }
    out.push(("end-to-end (Playwright, Chromium)".into(), playwright(None, None), t.elapsed().as_secs_f32()));
    // The HTTPS pass: the same build and emulator settings, Azurite on HTTPS with OAuth; last,
    // so the plain stack serves everything else without a restart.
    let tls_pass = |stack: Stack| {
        drop(stack);
        let t = Instant::now();
        let r = crate::tls::test_cert().and_then(|tls| {
            let _stack = Stack::start(
                ports,
                Console::AlreadyServed,
                StackOptions {
                    bench_computes: Some(50),
                    test_hooks: true,
                    persist: false,
                    extra_console_urls: vec![sites.subpath_console()],
                    azurite_tls: Some(tls.clone()),
                },
            )?;
            playwright_with(None, None, Some(&tls))
        });
        ("end-to-end with Azurite on HTTPS + OAuth (storage-token flows)".to_string(), r, t.elapsed().as_secs_f32())
    };
    if !extra.is_empty() {
        out.push(tls_pass(stack));
        return out;
    }
    let t = Instant::now();
    // mlflow_client.py: the real MLflow client against the emulator's tracking endpoint;
    // job_mlflow.py: mlflow-skinny inside jobs, an SDK sweep run to completion, sweep YAML via load_job.
    let scripts = [
        "tests/sdk/compute_lifecycle.py",
        "tests/sdk/job_submit.py",
        "tests/sdk/mlflow_client.py",
        "tests/sdk/job_mlflow.py",
        "tests/sdk/job_tidy.py",
    ];
    let sdk = scripts.iter().try_for_each(|script| {
        let mut py = proc::cmd(&tools::sdk_python().to_string_lossy());
        py.arg(script).env("EMULATOR_URL", ports.emulator_url()).env("AML_EMULATOR_BIN", paths::emulator_bin());
        proc::run(py)
    });
    out.push((
        "official SDK and MLflow client drive the emulator (computes, code upload, jobs, MLflow, sweeps)".into(),
        sdk,
        t.elapsed().as_secs_f32(),
    ));
    let t = Instant::now();
    let r = playwright(Some(MATRIX_FAULT_RATE), Some(&fault_log));
    print_fault_matrix(&fault_log);
    out.push((
        format!("end-to-end again under {MATRIX_FAULT_RATE} injected faults (fault matrix)"),
        r,
        t.elapsed().as_secs_f32(),
    ));
    out.push(tls_pass(stack));
    out
}

/// Adds the flows that failed (written by tests/e2e/failures-reporter.ts) to a pass's error, one
/// per line, so the summary at the very end of the output says which flows to look at.
fn name_failed_flows(error: String, failures: &Path) -> String {
    let text = std::fs::read_to_string(failures).unwrap_or_default();
    let flows: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let field = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            let error: String = field("error").chars().take(300).collect();
            format!("\n            {} [{}] {}: {error}", field("at"), field("status"), field("title"))
        })
        .collect();
    format!("{error}{}", flows.concat())
}

/// Sums the fault log the faulted pass wrote (one JSON line per flow: faults by `when:kind`).
fn print_fault_matrix(log: &Path) {
    let Ok(text) = std::fs::read_to_string(log) else {
        println!("fault matrix: no log at {}", log.display());
        return;
    };
    let mut by_kind: std::collections::BTreeMap<String, u64> = Default::default();
    // A flow that resets the emulator mid-test writes more than one line: count titles.
    let mut flows: std::collections::BTreeMap<String, bool> = Default::default();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let counts = v["faults"].as_object().cloned().unwrap_or_default();
        *flows.entry(v["test"].as_str().unwrap_or_default().to_string()).or_default() |= !counts.is_empty();
        for (k, n) in counts {
            *by_kind.entry(k).or_default() += n.as_u64().unwrap_or(0);
        }
    }
    let faulted = flows.values().filter(|f| **f).count();
    let flows = flows.len();
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
    println!("fault matrix: {faulted} of {flows} flows met faults; injected: {}", kinds.join(", "));
}

/// The extra origins of the hosting and embedding flows, beside the console at `/`:
/// the same build under `/console/`, a host page that may embed the console (listed in
/// `embedOrigins`) and one that may not. All static websites, like production.
struct TestSites {
    subpath: u16,
    host: u16,
    other: u16,
}

impl TestSites {
    fn new(ports: Ports) -> Result<TestSites, String> {
        let s = TestSites { subpath: ports.console + 1, host: ports.console + 2, other: ports.console + 3 };
        for p in [s.subpath, s.host, s.other] {
            if proc::port_in_use(p) {
                return Err(format!("port {p} (test static sites) is taken: use another AML_PORT_OFFSET"));
            }
        }
        Ok(s)
    }
    fn origin(&self, port: u16) -> String {
        format!("http://127.0.0.1:{port}")
    }
    fn subpath_console(&self) -> String {
        format!("{}/console/", self.origin(self.subpath))
    }
    /// The test stack's config.json plus the host origin allowed to embed the console.
    fn config(&self, ports: Ports) -> String {
        let mut cfg: serde_json::Value =
            serde_json::from_str(&crate::stack::console_config(ports)).expect("valid JSON");
        cfg["embedOrigins"] = serde_json::json!([self.origin(self.host)]);
        // Test-only console entry points (the panic panel's `window.__amlTestPanic`); never in
        // a real deployment's config.
        cfg["testHooks"] = serde_json::json!(true);
        cfg.to_string()
    }
    /// Host pages are `public/` (embed-example.html) on two more origins.
    fn start(&self, subpath_dist: &Path) -> Result<(), String> {
        static_site::spawn_static_website(subpath_dist.to_path_buf(), self.subpath, "/console/")?;
        let public = paths::root().join("public");
        static_site::spawn_static_website(public.clone(), self.host, "/")?;
        static_site::spawn_static_website(public, self.other, "/")
    }
}

//! `cargo xtask bench`: one line per figure. Bundle sizes of the split release build (raw, gzip,
//! brotli; the first load as fetched by Chromium, and the lazy chunks, see bench_bundle.rs) and
//! the median of 5 runs of "navigation → compute list painted" with 50 computes in headless
//! Chromium; time to data of the create-cluster and jobs pages (tests/e2e/bench/time_to_data.mjs:
//! an in-app click until the page's data is shown, chunk download included); then the
//! jobs list at 20,000 jobs (tests/e2e/bench/jobs_list.mjs: first rows painted, one filter
//! keystroke over 5,000 loaded rows, memory after scrolling the whole list); then the
//! job-submission figures (bench_submit.rs): snapshot hashing in the
//! browser vs native, upload rate, and the cost of an unchanged re-submit; then the charts
//! (tests/e2e/bench/charts.mjs): re-render of a 100,000-point metric chart and of a 10 runs ×
//! 10,000 points comparison (the lazy chunks holding them are the `lazy job_details_route` and
//! `lazy jobs_compare_route` lines of the bundle sizes). Figures are printed,
//! never asserted: timings belong here, not in tests.

use crate::stack::{Console, Ports, Stack, StackOptions};
use crate::{paths, proc, test, tools};

// The job-submission figures live beside this file (main.rs stays untouched).
#[path = "bench_submit.rs"]
mod bench_submit;
// Bundle sizes: what the first load fetched, and the lazily loaded chunks.
#[path = "bench_bundle.rs"]
mod bench_bundle;

/// The parts of the bench, in the order a full run prints them; `--only <part>` runs one.
const PARTS: [&str; 6] = ["bundle", "paint", "time_to_data", "jobs_list", "submit", "charts"];

pub fn run(args: &[String]) -> Result<(), String> {
    // `--only <part>`: one part of the bench (a change is measured in minutes, not the whole
    // bench): `bundle` just the sizes; a script name of tests/e2e/bench (`jobs_list`, …) only
    // that script, against the same release build and stack.
    let only = match args {
        [] => None,
        [o, what] if o == "--only" && PARTS.contains(&what.as_str()) => Some(what.as_str()),
        _ => {
            return Err(format!(
                "bench: unknown arguments '{}' (usage: bench [--only {}])",
                args.join(" "),
                PARTS.join("|")
            ))
        }
    };
    let wanted = |part: &str| only.is_none_or(|o| o == part);
    tools::ensure_all()?;
    let ports = Ports::BENCH.offset_from_env();
    let stage = paths::target_dir().join("xtask").join("stage-bench");
    let dist = test::build_console_release(
        &stage,
        &[("/", paths::target_dir().join("xtask").join("dist-bench"))],
        &crate::stack::console_config(ports),
    )?;
    let dist = dist.into_iter().next().expect("one base asked for");
    let _stack = Stack::start(
        ports,
        Console::Static(dist.clone()),
        StackOptions {
            bench_computes: Some(50),
            test_hooks: true,
            persist: false,
            extra_console_urls: vec![],
            azurite_tls: None,
        },
    )?;
    let mut lines = Vec::new();
    if wanted("bundle") {
        lines.extend(bench_bundle::bundle_sizes(&dist, ports)?);
    }
    for script in ["paint", "time_to_data", "jobs_list"] {
        // The jobs list at scale: 20,000 jobs seeded through the test hook, removed afterwards.
        if wanted(script) {
            lines.extend(browser_figures(&format!("tests/e2e/bench/{script}.mjs"), ports)?);
        }
    }
    if wanted("submit") {
        lines.extend(bench_submit::run(ports)?);
    }
    if wanted("charts") {
        lines.extend(browser_figures("tests/e2e/bench/charts.mjs", ports)?);
    }
    print_figures(&lines)
}

fn print_figures(lines: &[String]) -> Result<(), String> {
    println!("\n== bench ==");
    for l in lines {
        println!("{l}");
    }
    Ok(())
}

/// Runs one of the bench scripts in tests/e2e/bench against the stack; its stdout lines are figures.
fn browser_figures(script: &str, ports: Ports) -> Result<Vec<String>, String> {
    let out = proc::cmd("node")
        .arg(script)
        .env("CONSOLE_URL", ports.console_url())
        .env("EMULATOR_URL", ports.emulator_url())
        .env("AML_EMULATOR_BIN", paths::emulator_bin())
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err(format!("{script} failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect())
}

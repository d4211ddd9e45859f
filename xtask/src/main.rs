//! Project automation. Every command installs what it needs first (see `tools.rs`), so a fresh
//! machine of this kind needs nothing but `cargo xtask dev` / `cargo xtask test`.

mod azurite;
mod bench;
mod cycles;
mod dev;
mod dist;
mod fake_stack;
mod hash_worker;
mod lint;
mod paths;
mod proc;
mod release_build;
mod snapshot;
mod stack;
mod static_site;
mod stop;
mod test;
mod tls;
mod tools;
mod wasm_split;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  dev                 install what is missing, start Azurite + emulator + console, print the URL
  test [--only lint|native|wasm|sdk|e2e] [--faults RATE] [-- <playwright args>]
                      gates (lint), native tests, wasm tests in headless Chromium, the official
                      SDK checks, Playwright end-to-end suite
  bench [--only bundle|paint|time_to_data|jobs_list|submit|charts]
                      bundle sizes (raw, gzip, brotli), time to paint the compute list, the jobs
                      list, submission and chart figures; `--only` runs one part
  dist [--base PATH] [--config FILE] [--out DIR]
                      release build into dist/ for a static host under PATH (default /), with
                      FILE (default public/config.json) as config.json and a CSP computed from it
  setup               only install the toolchain pieces that are missing
  serve [--static-website] DIR PORT [--base /sub/]
                      serve DIR on 127.0.0.1:PORT like an Azure Storage static website with DIR
                      uploaded under /sub/: files, folder → index.html, anything else → index.html
                      with 404
  snapshot DIR        code snapshot of DIR as a job upload would take it (files, hash) as JSON
  cycles [REPO]       module import cycles of every crate (console, api, emulator, xtask), of
                      this repository or of another checkout of it
  lint                the gates `test` runs first: rustfmt, clippy -D warnings (native, wasm,
                      wasm + split), import cycles
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    // Before any child starts: a SIGTERM/SIGINT/SIGHUP stops every child xtask started.
    if let Err(e) = stop::stop_children_on_signals() {
        eprintln!("xtask: {e}");
        return ExitCode::FAILURE;
    }
    let result = match cmd.as_str() {
        "dev" => dev::run(rest),
        "test" => test::run(rest),
        "bench" => bench::run(rest),
        "dist" => dist::run(rest),
        "setup" => tools::ensure_all().map(|_| ()),
        "serve" => static_site::run_cli(rest),
        "snapshot" => snapshot::run(rest),
        "cycles" => cycles::run(rest),
        "lint" => lint::run(rest),
        // For xtask/tests/clean_stop.rs only.
        "_fake-stack" => fake_stack::stack(rest),
        "_fake-service" => fake_stack::service(rest),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command '{other}'\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

//! Project automation. Every command installs what it needs first (see `tools.rs`), so a fresh
//! machine of this kind needs nothing but `cargo xtask dev` / `cargo xtask test`.

mod azurite;
mod bench;
mod dev;
mod paths;
mod proc;
mod serve;
mod snapshot;
mod stack;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  dev                 install what is missing, start Azurite + emulator + console, print the URL
  test                native tests, wasm tests in headless Chromium, Playwright end-to-end suite
  bench               bundle sizes (raw, gzip, brotli) and time to paint the compute list
  dist [--base PATH]  release build of the console into dist/ (static files)
  setup               only install the toolchain pieces that are missing
  serve DIR PORT [--config FILE]
                      serve DIR on 127.0.0.1:PORT like a static host, index.html for unknown paths
  snapshot DIR        code snapshot of DIR as a job upload would take it (files, hash) as JSON
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "dev" => dev::run(rest),
        "test" => test::run(rest),
        "bench" => bench::run(rest),
        "dist" => dist(rest),
        "setup" => tools::ensure_all().map(|_| ()),
        "serve" => serve::run_cli(rest),
        "snapshot" => snapshot::run(rest),
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

fn dist(args: &[String]) -> Result<(), String> {
    let mut base = "/".to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--base" => base = it.next().ok_or("--base needs a path")?.clone(),
            other => return Err(format!("dist: unknown argument '{other}'")),
        }
    }
    tools::ensure_all()?;
    let out = test::build_console_release(&base, paths::root().join("dist"))?;
    println!("dist ready: {}", out.display());
    Ok(())
}

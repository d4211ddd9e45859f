//! `cargo xtask lint` (and the "lint" suite that `cargo xtask test` runs first): the cheap
//! gates, every one of them run even when an earlier one fails, so one run shows everything:
//!
//! 1. `cargo fmt --all --check` (rustfmt.toml);
//! 2. `leptosfmt --check` on the console's `view!` macros (rustfmt leaves macro bodies alone), at
//!    rustfmt's width; after formatting, run `leptosfmt src` then `cargo fmt --all` (the two meet:
//!    leptosfmt's output is what rustfmt keeps);
//! 3. module import cycles of every crate (cycles/);
//! 4. clippy on every crate and target natively, then the console for wasm32 with and without
//!    the `split` feature (the code behind `#[cfg]`s differs). Every warning fails the gate, as
//!    with `-D warnings`; the warnings are counted per crate instead of aborting at the first
//!    crate, so a warning in the api crate does not hide the console's.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::process::Stdio;
use std::time::Instant;

use crate::proc;

pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("lint: unknown argument '{a}'"));
    }
    let mut failed = Vec::new();
    let mut gate = |name: &str, r: Result<String, String>, t: Instant| {
        let secs = t.elapsed().as_secs_f32();
        match r {
            Ok(summary) => println!("lint ok      {name} ({secs:.0}s){summary}"),
            Err(e) => {
                println!("lint FAILED  {name} ({secs:.0}s): {e}");
                failed.push(name.to_string());
            }
        }
    };
    let t = Instant::now();
    let mut fmt = proc::cmd("cargo");
    fmt.args(["fmt", "--all", "--check"]);
    gate("rustfmt", proc::run(fmt).map(|()| String::new()), t);

    let t = Instant::now();
    let view_fmt = crate::tools::ensure_leptosfmt().and_then(|()| {
        let mut c = proc::cmd("leptosfmt");
        c.args(["--check", "--quiet", "--max-width", "120", "src"]);
        proc::run(c).map_err(|e| format!("{e}; run `leptosfmt --max-width 120 src && cargo fmt --all`"))
    });
    gate("leptosfmt (view! macros)", view_fmt.map(|()| String::new()), t);

    let t = Instant::now();
    let cycles = crate::cycles::report(&crate::paths::root()).and_then(|(lines, n)| {
        let last = lines.last().cloned().unwrap_or_default();
        for l in &lines[..lines.len() - 1] {
            println!("  {l}");
        }
        if n == 0 {
            Ok(format!(": {last}"))
        } else {
            Err(last)
        }
    });
    gate("import cycles", cycles, t);

    for (name, extra) in [
        ("clippy (native, every crate and target)", &["--workspace", "--all-targets"][..]),
        ("clippy (console, wasm32)", &["-p", "aml-console", "--all-targets", "--target", "wasm32-unknown-unknown"]),
        (
            "clippy (console, wasm32, split)",
            &["-p", "aml-console", "--all-targets", "--target", "wasm32-unknown-unknown", "--features", "split"],
        ),
    ] {
        let t = Instant::now();
        gate(name, clippy(extra), t);
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("lint gate(s) failed: {}", failed.join(", ")))
    }
}

/// Runs clippy with JSON messages, prints each diagnostic of the workspace's crates, and
/// fails with the count per crate when there is any.
fn clippy(extra: &[&str]) -> Result<String, String> {
    let mut c = proc::cmd("cargo");
    c.arg("clippy").args(extra).args(["--message-format", "json"]);
    println!("$ cargo clippy {} --message-format json", extra.join(" "));
    c.stdout(Stdio::piped());
    crate::stop::own_group(&mut c);
    let mut child = c.spawn().map_err(|e| format!("cargo clippy: {e}"))?;
    crate::stop::register(child.id());
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for line in std::io::BufReader::new(child.stdout.take().expect("piped")).lines().map_while(Result::ok) {
        if let Some((krate, rendered)) = workspace_diagnostic(&line) {
            print!("{rendered}");
            *counts.entry(krate).or_default() += 1;
        }
    }
    let status = child.wait();
    crate::stop::halt_if_stopping();
    crate::stop::unregister(child.id());
    let status = status.map_err(|e| e.to_string())?;
    let listed: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    if !status.success() && counts.is_empty() {
        return Err(format!("cargo clippy failed ({status}) before reporting any warning"));
    }
    if counts.is_empty() {
        Ok(": 0 warnings".into())
    } else {
        Err(format!("{} warning(s): {}", counts.values().sum::<usize>(), listed.join(", ")))
    }
}

/// (crate name, rendered text) of a compiler message about the workspace's own code, from one
/// line of cargo's JSON output; None for everything else (artifacts, dependency noise, the
/// "N warnings emitted" summaries, which have no source span).
pub fn workspace_diagnostic(line: &str) -> Option<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    if v["reason"] != "compiler-message" {
        return None;
    }
    let id = v["package_id"].as_str()?;
    if !id.starts_with("path+file://") && !id.contains("(path+file://") {
        return None;
    }
    let msg = &v["message"];
    if msg["spans"].as_array().is_none_or(Vec::is_empty) {
        return None;
    }
    let krate = match id.split_once('#') {
        // `path+file:///repo/api#aml-api@0.1.0`, or `…/xtask#0.1.0` when the folder is the name.
        Some((path, rest)) => match rest.split_once('@') {
            Some((name, _)) => name.to_string(),
            None => path.rsplit('/').next().unwrap_or(path).to_string(),
        },
        None => id.split_whitespace().next()?.to_string(),
    };
    Some((krate, msg["rendered"].as_str().unwrap_or_default().to_string()))
}

#[cfg(test)]
mod tests {
    use super::workspace_diagnostic;

    #[test]
    fn counts_only_the_workspace_s_diagnostics() {
        let ours = r#"{"reason":"compiler-message","package_id":"path+file:///r/api#aml-api@0.1.0","message":{"rendered":"warning: x\n","spans":[{"file_name":"api/src/lib.rs"}]}}"#;
        assert_eq!(workspace_diagnostic(ours), Some(("aml-api".into(), "warning: x\n".into())));
        let named_by_folder = r#"{"reason":"compiler-message","package_id":"path+file:///r/xtask#0.1.0","message":{"rendered":"w","spans":[{}]}}"#;
        assert_eq!(workspace_diagnostic(named_by_folder).unwrap().0, "xtask");
        let summary = r#"{"reason":"compiler-message","package_id":"path+file:///r/api#aml-api@0.1.0","message":{"rendered":"warning: 1 warning emitted","spans":[]}}"#;
        assert_eq!(workspace_diagnostic(summary), None);
        let dependency = r#"{"reason":"compiler-message","package_id":"registry+https://github.com/rust-lang/crates.io-index#serde@1.0.0","message":{"rendered":"w","spans":[{}]}}"#;
        assert_eq!(workspace_diagnostic(dependency), None);
        assert_eq!(workspace_diagnostic(r#"{"reason":"compiler-artifact"}"#), None);
        assert_eq!(workspace_diagnostic("not json"), None);
    }
}

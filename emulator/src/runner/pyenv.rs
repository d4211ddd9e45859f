//! Python environments for jobs. Image-only ("user-managed") and curated environments use the
//! machine's `python3`. An environment with a `condaFile` ("system-managed") gets a virtual
//! environment with the file's pip packages, cached under `{cache_dir}/venvs/{hash}` and reused
//! for as long as the conda file is unchanged (the service likewise builds an image once per
//! environment definition). Conda packages other than pip's (e.g. `python=3.10`) are ignored.

use crate::state::AppState;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The `pip:` list of a conda YAML (`dependencies: - pip: [- pkg, …]`), read line by line.
pub fn pip_packages(conda: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pip_indent: Option<usize> = None;
    for line in conda.lines() {
        let text = line.split(" #").next().unwrap_or("").trim_end();
        if text.trim().is_empty() || text.trim_start().starts_with('#') {
            continue;
        }
        let indent = text.len() - text.trim_start().len();
        let item = text.trim_start().strip_prefix("- ").map(str::trim);
        match pip_indent {
            Some(pi) if indent > pi => {
                if let Some(pkg) = item {
                    out.push(pkg.trim_matches(|c| c == '"' || c == '\'').to_string());
                }
            }
            _ => {
                pip_indent = None;
                if item.is_some_and(|i| i == "pip:") {
                    pip_indent = Some(indent);
                }
            }
        }
    }
    out
}

/// Variables that put a venv first on PATH.
fn venv_env(dir: &Path) -> Vec<(String, String)> {
    let path = std::env::var("PATH").unwrap_or_default();
    vec![
        ("VIRTUAL_ENV".into(), dir.display().to_string()),
        ("PATH".into(), format!("{}:{path}", dir.join("bin").display())),
    ]
}

async fn run(cmd: &mut tokio::process::Command, log: &mut String) -> Result<(), String> {
    let out = cmd.output().await.map_err(|e| format!("cannot start {:?}: {e}", cmd.as_std().get_program()))?;
    log.push_str(&String::from_utf8_lossy(&out.stdout));
    log.push_str(&String::from_utf8_lossy(&out.stderr));
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("exit status {}", out.status.code().unwrap_or(-1)))
    }
}

/// Extra environment variables for the job's processes. `log` receives what the build printed.
pub async fn prepare(
    st: &AppState,
    conda_file: Option<&str>,
    log: &mut String,
) -> Result<Vec<(String, String)>, String> {
    let Some(conda) = conda_file.filter(|c| !c.trim().is_empty()) else {
        log.push_str("User-managed environment: using the machine's python3.\n");
        return Ok(vec![]);
    };
    let key = hex(&Sha256::digest(conda.as_bytes()))[..16].to_string();
    let dir: PathBuf = st.config.cache_dir.join("venvs").join(&key);
    // One build per key at a time; a second job with the same conda file waits, then reuses.
    let lock = st.runner.env_lock(&key);
    let _guard = lock.lock().await;
    if dir.join(".ready").exists() {
        log.push_str(&format!("Reusing cached environment {key} at {}\n", dir.display()));
        return Ok(venv_env(&dir));
    }
    let pkgs = pip_packages(conda);
    log.push_str(&format!("Creating environment {key} at {} (pip packages: {:?})\n", dir.display(), pkgs));
    let _ = tokio::fs::remove_dir_all(&dir).await;
    tokio::fs::create_dir_all(dir.parent().unwrap()).await.map_err(|e| e.to_string())?;
    let python = if which("python3") { "python3" } else { "python" };
    run(tokio::process::Command::new(python).args(["-m", "venv"]).arg(&dir), log)
        .await
        .map_err(|e| format!("Creating the virtual environment failed ({e}).\n{}", last_lines(log, 15)))?;
    if !pkgs.is_empty() {
        let mut pip = tokio::process::Command::new(dir.join("bin").join("python"));
        pip.args(["-m", "pip", "install", "--disable-pip-version-check", "--no-input"]).args(&pkgs);
        if let Err(e) = run(&mut pip, log).await {
            let _ = tokio::fs::remove_dir_all(&dir).await;
            return Err(format!("pip install failed ({e}):\n{}", last_lines(log, 15)));
        }
    }
    tokio::fs::write(dir.join(".ready"), conda).await.map_err(|e| e.to_string())?;
    log.push_str("Environment ready.\n");
    Ok(venv_env(&dir))
}

fn which(program: &str) -> bool {
    std::env::var("PATH").unwrap_or_default().split(':').any(|d| Path::new(d).join(program).is_file())
}

pub fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn pip_list() {
        let y = "name: x\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.10\n  - pip\n  - pip:\n    - requests==2.31 # pinned\n    - 'six'\n  - numpy\n";
        assert_eq!(pip_packages(y), vec!["requests==2.31", "six"]);
        assert!(pip_packages("dependencies:\n  - pip:\n").is_empty());
    }
}

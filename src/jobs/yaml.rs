//! "View as YAML": the form as an az ml command-job YAML (`az ml job create -f job.yml` from the
//! folder that contains the picked one), written by hand — the api crate's YAML emitter is
//! private to it and specific to computes.

use super::form::{pairs, JobForm};

/// Scalars that need no quotes; everything else is written as a JSON string, which YAML reads.
/// A plain scalar must start with a letter or '_': `0.05`, `1e3`, `007` or `0x1f` unquoted would
/// load as numbers (and come back as "1000.0", "7", "31"), and the SDK would send a different
/// literal input or environment variable than the form holds (tests/sdk/job_yaml_roundtrip.py).
fn q(s: &str) -> String {
    let plain = s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "_./:@-".contains(c))
        && !matches!(s.to_ascii_lowercase().as_str(), "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~");
    if plain {
        s.to_string()
    } else {
        serde_json::Value::from(s).to_string()
    }
}

fn mode(m: &str, input: bool) -> &str {
    match m {
        "" if input => "ro_mount",
        "" => "rw_mount",
        "ReadOnlyMount" => "ro_mount",
        "ReadWriteMount" => "rw_mount",
        "Download" => "download",
        "Direct" => "direct",
        "Upload" => "upload",
        "EvalMount" => "eval_mount",
        "EvalDownload" => "eval_download",
        other => other,
    }
}

fn line(y: &mut String, k: &str, v: &str) {
    if !v.trim().is_empty() {
        y.push_str(&format!("{k}: {}\n", q(v.trim())));
    }
}

/// `code_dir` is the picked folder's name (`./<name>`), `job_name` the id the submission uses.
pub fn job_yaml(f: &JobForm, code_dir: Option<&str>, job_name: &str) -> String {
    let mut y =
        String::from("$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ntype: command\n");
    line(&mut y, "name", job_name);
    line(&mut y, "display_name", &f.display_name);
    line(&mut y, "experiment_name", &f.experiment);
    line(&mut y, "description", &f.description);
    let code = code_dir.map(|d| format!("./{d}")).unwrap_or_else(|| "./src".into());
    line(&mut y, "code", &code);
    line(&mut y, "command", &f.command);
    match f.env_kind.as_str() {
        "curated" => line(&mut y, "environment", &format!("azureml:{}@latest", f.env_ref)),
        "workspace" => line(&mut y, "environment", &format!("azureml:{}", f.env_ref)),
        kind => {
            y.push_str(&format!("environment:\n  image: {}\n", q(f.image.trim())));
            if kind == "conda" {
                y.push_str("  conda_file: conda.yaml   # save the conda file next to job.yml:\n");
                for l in f.conda.lines() {
                    y.push_str(&format!("  #   {l}\n"));
                }
            }
        }
    }
    if f.compute_kind != "serverless" && !f.compute.is_empty() {
        y.push_str(&format!("compute: {}\n", q(&format!("azureml:{}", f.compute))));
    }
    y.push_str(&format!("resources:\n  instance_count: {}\n", f.instance_count.trim().parse::<u64>().unwrap_or(1)));
    if f.compute_kind == "serverless" {
        y.push_str(&format!("  instance_type: {}\n", q(f.instance_type.trim())));
    }
    match f.distribution.as_str() {
        "PyTorch" | "Mpi" => y.push_str(&format!(
            "distribution:\n  type: {}\n  process_count_per_instance: {}\n",
            f.distribution.to_ascii_lowercase(),
            f.processes.trim()
        )),
        "TensorFlow" => y.push_str(&format!(
            "distribution:\n  type: tensorflow\n  worker_count: {}\n  parameter_server_count: {}\n",
            f.workers.trim(),
            f.ps.trim()
        )),
        _ => {}
    }
    if !f.inputs.is_empty() {
        y.push_str("inputs:\n");
        for i in &f.inputs {
            if i.kind == "literal" {
                y.push_str(&format!("  {}: {}\n", i.name.trim(), q(&i.value)));
            } else {
                y.push_str(&format!(
                    "  {}:\n    type: {}\n    path: {}\n    mode: {}\n",
                    i.name.trim(),
                    i.kind,
                    q(&JobForm::input_uri(i)),
                    mode(&i.mode, true)
                ));
            }
        }
    }
    if !f.outputs.is_empty() {
        y.push_str("outputs:\n");
        for o in &f.outputs {
            y.push_str(&format!("  {}:\n    type: {}\n    mode: {}\n", o.name.trim(), o.kind, mode(&o.mode, false)));
        }
    }
    for (key, text) in [("environment_variables", &f.env_vars), ("tags", &f.tags)] {
        let p = pairs(text);
        if !p.is_empty() {
            y.push_str(&format!("{key}:\n"));
            for (k, v) in p {
                y.push_str(&format!("  {}: {}\n", q(&k), q(&v)));
            }
        }
    }
    if let Ok(m) = f.timeout.trim().parse::<u64>() {
        y.push_str(&format!("limits:\n  timeout: {}\n", m * 60));
    }
    y
}

//! "View as YAML" of the job form: an az ml command-job YAML (`az ml job create -f job.yml`, run
//! from the folder that contains the picked one), written with the crate's one YAML emitter.
//! Every value comes from the same parsers as the REST body, so the official SDK loads this
//! YAML into the body the console sends (`tests/sdk/job_yaml_roundtrip.py`).

use super::form::{pairs, Distribution, InputRow, JobForm, OutputRow};
use crate::yaml::emit::{raw, render, s, Y};

const SCHEMA: &str = "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json";

/// The file an image + conda environment points at; the conda text follows as comments.
pub const CONDA_FILE: &str = "conda.yaml";

/// REST mode → the SDK's YAML mode (`ReadOnlyMount` → `ro_mount`); empty = the REST default.
fn yaml_mode(mode: &str, input: bool) -> &str {
    match mode {
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

pub(crate) fn push_text(m: &mut Vec<(String, Y)>, key: &str, v: &str) {
    if !v.trim().is_empty() {
        m.push((key.into(), s(v.trim())));
    }
}

fn comment(text: String) -> (String, Y) {
    (format!("# {text}"), raw(""))
}

pub(crate) fn environment(f: &JobForm) -> Y {
    match f.env_kind.as_str() {
        "curated" => s(format!("azureml:{}@latest", f.env_ref)),
        "workspace" => s(format!("azureml:{}", f.env_ref)),
        kind => {
            let mut m = vec![("image".to_string(), s(f.image.trim()))];
            if kind == "conda" {
                m.push(("conda_file".into(), s(CONDA_FILE)));
                m.push(comment(format!("save the conda file next to job.yml as {CONDA_FILE}:")));
                m.extend(f.conda.lines().map(|l| comment(format!("  {l}"))));
            }
            Y::Map(m)
        }
    }
}

pub(crate) fn resources(f: &JobForm) -> Y {
    let mut m = vec![("instance_count".to_string(), raw(f.instance_count_value()))];
    if f.is_serverless() {
        m.push(("instance_type".into(), s(f.instance_type.trim())));
    }
    Y::Map(m)
}

pub(crate) fn distribution(d: Distribution) -> Y {
    let (ty, counts) = match d {
        Distribution::PyTorch { processes } => ("pytorch", vec![("process_count_per_instance", processes)]),
        Distribution::Mpi { processes } => ("mpi", vec![("process_count_per_instance", processes)]),
        Distribution::TensorFlow { workers, parameter_servers } => {
            ("tensorflow", vec![("worker_count", workers), ("parameter_server_count", parameter_servers)])
        }
    };
    let mut m = vec![("type".to_string(), raw(ty))];
    m.extend(counts.into_iter().map(|(k, n)| (k.to_string(), raw(n))));
    Y::Map(m)
}

pub(crate) fn input(i: &InputRow) -> Y {
    if i.kind == "literal" {
        return s(i.value.as_str());
    }
    Y::Map(vec![
        ("type".into(), s(i.kind.as_str())),
        ("path".into(), s(JobForm::input_uri(i))),
        ("mode".into(), s(yaml_mode(&i.mode, true))),
    ])
}

pub(crate) fn output(o: &OutputRow) -> Y {
    Y::Map(vec![("type".into(), s(o.kind.as_str())), ("mode".into(), s(yaml_mode(&o.mode, false)))])
}

pub(crate) fn string_map(text: &str) -> Option<Y> {
    let p = pairs(text);
    (!p.is_empty()).then(|| Y::Map(p.into_iter().map(|(k, v)| (k, s(v))).collect()))
}

/// `code_dir` is the picked folder's name (`code: ./<name>`), `job_name` the id the submission
/// will use.
pub fn job_yaml(f: &JobForm, code_dir: Option<&str>, job_name: &str) -> String {
    if f.is_sweep() {
        return super::sweep::yaml::sweep_yaml(f, code_dir, job_name);
    }
    let mut m = vec![("$schema".to_string(), raw(SCHEMA)), ("type".into(), raw("command"))];
    push_text(&mut m, "name", job_name);
    push_text(&mut m, "display_name", &f.display_name);
    push_text(&mut m, "experiment_name", &f.experiment);
    push_text(&mut m, "description", &f.description);
    push_text(&mut m, "code", &format!("./{}", code_dir.unwrap_or("src")));
    push_text(&mut m, "command", &f.command);
    m.push(("environment".into(), environment(f)));
    if !f.is_serverless() && !f.compute.trim().is_empty() {
        m.push(("compute".into(), s(format!("azureml:{}", f.compute.trim()))));
    }
    m.push(("resources".into(), resources(f)));
    if let Some(d) = f.distribution_value() {
        m.push(("distribution".into(), distribution(d)));
    }
    if !f.inputs.is_empty() {
        m.push(("inputs".into(), Y::Map(f.inputs.iter().map(|i| (i.name.trim().to_string(), input(i))).collect())));
    }
    if !f.outputs.is_empty() {
        m.push(("outputs".into(), Y::Map(f.outputs.iter().map(|o| (o.name.trim().to_string(), output(o))).collect())));
    }
    for (key, text) in [("environment_variables", &f.env_vars), ("tags", &f.tags)] {
        if let Some(map) = string_map(text) {
            m.push((key.into(), map));
        }
    }
    if let Some(secs) = f.timeout_seconds() {
        m.push(("limits".into(), Y::Map(vec![("timeout".into(), raw(secs))])));
    }
    render(&Y::Map(m))
}

//! Parts of the az ml YAML shared by the command job (`yaml`) and the sweep job
//! (`sweep::yaml`): environment, resources, distribution, inputs, outputs, text and maps.

use super::form::{pairs, Distribution, InputRow, JobForm, OutputRow};
use crate::yaml::emit::{raw, s, Y};

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
        "curated" => s(f.env_ref.trim().to_string()),
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

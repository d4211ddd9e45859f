//! "View as YAML" of the job form: an az ml command-job YAML (`az ml job create -f job.yml`, run
//! from the folder that contains the picked one), written with the crate's one YAML emitter.
//! Every value comes from the same parsers as the REST body, so the official SDK loads this
//! YAML into the body the console sends (`tests/sdk/job_yaml_roundtrip.py`).

use super::form::JobForm;
pub use super::yaml_parts::CONDA_FILE;
use super::yaml_parts::{distribution, environment, input, output, push_text, resources, string_map};
use crate::yaml::emit::{raw, render, s, Y};

const SCHEMA: &str = "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json";

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

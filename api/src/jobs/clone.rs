//! "Clone and edit": the job form prefilled from an existing job, the reverse of
//! [`JobForm::job_body`]. Git properties are not copied: they describe the folder picked for the
//! new submission. What the form cannot express (an anonymous environment's image) leaves those
//! fields at their defaults.

use serde_json::Value;

use super::choices::CURATED_PREFIX;
use super::environment::ANON_ENV;
use super::form::{InputRow, JobForm, OutputRow};
use super::model::{compute, experiment, name};
use super::registry::{latest_id, RegistryEnvId};

/// `azureml://datastores/<ds>/paths/<p>` → (ds, p); anything else → ("", uri).
fn split_datastore_uri(uri: &str) -> (String, String) {
    let rest = uri.strip_prefix("azureml://datastores/").unwrap_or("");
    match rest.split_once("/paths/") {
        Some((d, p)) => (d.to_string(), p.to_string()),
        None => (String::new(), uri.to_string()),
    }
}

/// A string map as `key=value` lines (the form's text areas).
fn lines(v: &Value) -> String {
    let Some(m) = v.as_object() else { return String::new() };
    m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default())).collect::<Vec<_>>().join("\n")
}

fn input_row(name: &str, i: &Value) -> InputRow {
    let (datastore, path) = split_datastore_uri(i["uri"].as_str().unwrap_or_default());
    let value = match &i["value"] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    InputRow {
        name: name.to_string(),
        kind: i["jobInputType"].as_str().unwrap_or("literal").to_string(),
        value,
        datastore,
        path,
        mode: i["mode"].as_str().unwrap_or_default().to_string(),
    }
}

/// (`env_kind`, `env_ref`) for an `environmentId`, `None` when the form cannot refer to it.
fn environment_choice(env: &str) -> Option<(&'static str, String)> {
    // A registry id stays as it is: the curated field holds registry ids.
    if RegistryEnvId::parse(env).is_ok() {
        return Some(("curated", env.trim().to_string()));
    }
    // The old spelling of a curated environment (`azureml:AzureML-…@latest`) is its registry id now.
    let bare = env.strip_prefix("azureml:").unwrap_or(env);
    if let Some((n, "latest")) = bare.split_once('@') {
        return n.starts_with(CURATED_PREFIX).then(|| ("curated", latest_id(n)));
    }
    let i = bare.find("/environments/")?;
    match bare[i + "/environments/".len()..].split('/').collect::<Vec<_>>().as_slice() {
        [n, _, v] if *n != ANON_ENV => Some(("workspace", format!("{n}:{v}"))),
        _ => None,
    }
}

pub fn form_from_job(job: &Value) -> JobForm {
    let mut f = command_form(job);
    if super::kinds::JobKind::of_job(job) == super::kinds::JobKind::Sweep {
        super::sweep::clone::add_sweep(&mut f, &job["properties"]);
    }
    f
}

/// The form of a Command job, or of a Sweep job's trial (its settings are in `trial`, its
/// compute, inputs and outputs on the sweep itself).
fn command_form(job: &Value) -> JobForm {
    let p = &job["properties"];
    let sweep = &p["trial"];
    // A Sweep's command, environment, code, variables, resources and distribution.
    let t = if sweep.is_object() { sweep } else { p };
    let text = |k: &str| p[k].as_str().or(t[k].as_str()).unwrap_or_default().to_string();
    let mut f = JobForm {
        experiment: experiment(job),
        // A display name that is just the job's name (the SDK's default) is not copied: the
        // clone gets a name of its own.
        display_name: Some(text("displayName")).filter(|d| *d != name(job)).unwrap_or_default(),
        description: text("description"),
        tags: lines(&p["tags"]),
        command: text("command"),
        env_vars: lines(&t["environmentVariables"]),
        ..JobForm::default()
    };
    if let Some(m) = p["inputs"].as_object() {
        f.inputs = m.iter().map(|(n, i)| input_row(n, i)).collect();
    }
    if let Some(m) = p["outputs"].as_object() {
        f.outputs = m
            .iter()
            .map(|(n, o)| OutputRow {
                name: n.clone(),
                kind: o["jobOutputType"].as_str().unwrap_or("uri_folder").to_string(),
                mode: o["mode"].as_str().unwrap_or_default().to_string(),
            })
            .collect();
    }
    if let Some((kind, r)) = environment_choice(&text("environmentId")) {
        (f.env_kind, f.env_ref) = (kind.to_string(), r);
    }
    let r = &t["resources"];
    f.instance_count = r["instanceCount"].as_u64().unwrap_or(1).to_string();
    match p["computeId"].as_str().filter(|c| !c.is_empty()) {
        Some(_) => (f.compute_kind, f.compute) = ("cluster".into(), compute(job)),
        None => (f.compute_kind, f.instance_type) = ("serverless".into(), text_of(&r["instanceType"])),
    }
    let d = &t["distribution"];
    if let Some(t) = d["distributionType"].as_str() {
        f.distribution = t.to_string();
        let n = |k: &str, dflt: u64| d[k].as_u64().unwrap_or(dflt).to_string();
        (f.processes, f.workers, f.ps) =
            (n("processCountPerInstance", 1), n("workerCount", 1), n("parameterServerCount", 0));
    }
    if let Some(secs) = p["limits"]["timeout"].as_str().and_then(|t| crate::iso8601_to_seconds(t).ok()) {
        f.timeout = secs.div_ceil(60).to_string();
    }
    f
}

fn text_of(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

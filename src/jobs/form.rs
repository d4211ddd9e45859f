//! The job form as typed (strings, so half-typed values survive in the draft), its validation
//! (every message names the field; nothing is sent while one is wrong) and the REST body of a
//! Command job in the shape the SDK sends (docs/azure-ai-ml-sdk.md §4).

use aml_api::FieldError;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Name of the anonymous environments made from an image (+ conda file), as the CLI names them.
pub const ANON_ENV: &str = "CliV2AnonymousEnvironment";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InputRow {
    pub name: String,
    /// `literal`, `uri_file` or `uri_folder`.
    pub kind: String,
    pub value: String,
    pub datastore: String,
    pub path: String,
    pub mode: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutputRow {
    pub name: String,
    /// `uri_folder` or `uri_file`.
    pub kind: String,
    pub mode: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobForm {
    pub experiment: String,
    pub display_name: String,
    pub description: String,
    /// `key=value`, one per line.
    pub tags: String,
    pub command: String,
    pub inputs: Vec<InputRow>,
    pub outputs: Vec<OutputRow>,
    /// `NAME=value`, one per line.
    pub env_vars: String,
    /// `curated` | `workspace` | `image` (user-managed) | `conda` (system-managed).
    pub env_kind: String,
    /// Curated: environment name. Workspace: `name:version`.
    pub env_ref: String,
    pub image: String,
    pub conda: String,
    /// `cluster` | `serverless`.
    pub compute_kind: String,
    pub compute: String,
    pub instance_type: String,
    pub instance_count: String,
    /// `` (none) | `PyTorch` | `TensorFlow` | `Mpi`.
    pub distribution: String,
    pub processes: String,
    pub workers: String,
    pub ps: String,
    /// Minutes; empty = no limit.
    pub timeout: String,
}

impl Default for JobForm {
    fn default() -> Self {
        JobForm {
            experiment: String::new(),
            display_name: String::new(),
            description: String::new(),
            tags: String::new(),
            command: "python train.py".into(),
            inputs: vec![],
            outputs: vec![],
            env_vars: String::new(),
            env_kind: "curated".into(),
            env_ref: String::new(),
            image: String::new(),
            conda: String::new(),
            compute_kind: "cluster".into(),
            compute: String::new(),
            instance_type: String::new(),
            instance_count: "1".into(),
            distribution: String::new(),
            processes: "1".into(),
            workers: "1".into(),
            ps: "0".into(),
            timeout: String::new(),
        }
    }
}

/// What the service told us exists; an empty list means "not loaded", and is not checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Known {
    pub computes: Vec<String>,
    pub curated: Vec<String>,
    /// `name:version` of workspace environments.
    pub workspace_envs: Vec<String>,
    pub datastores: Vec<String>,
}

fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic() || f == '_') && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// `key=value` lines → pairs (blank lines skipped).
pub fn pairs(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap_or((l, ""));
            (k.trim().to_string(), v.trim().to_string())
        })
        .collect()
}

/// `${{…}}` expressions of a command, trimmed (`inputs.lr`, `outputs.model`, …).
pub fn expressions(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = command;
    while let Some(i) = rest.find("${{") {
        let after = &rest[i + 3..];
        let Some(end) = after.find("}}") else {
            out.push(after.trim().to_string());
            break;
        };
        out.push(after[..end].trim().to_string());
        rest = &after[end + 2..];
    }
    out
}

fn count(s: &str, min: u64, max: u64) -> Option<u64> {
    s.trim().parse::<u64>().ok().filter(|n| (min..=max).contains(n))
}

impl JobForm {
    pub fn validate(&self, known: &Known) -> Vec<FieldError> {
        let mut e = Vec::new();
        let mut err = |field: &'static str, m: String| e.push(FieldError { field, message: m });
        let exp = self.experiment.trim();
        if exp.is_empty() {
            err("experiment", "Pick an existing experiment or type a new name.".into());
        } else if exp.len() > 255 || !exp.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)) {
            err("experiment", "Use up to 255 letters, digits, '_', '-' and '.'.".into());
        }
        if self.display_name.len() > 255 {
            err("display_name", "At most 255 characters.".into());
        }
        let tags = pairs(&self.tags);
        if let Some((k, _)) = tags.iter().find(|(k, _)| k.is_empty()) {
            err("tags", format!("Every tag needs a key before '=' ({k:?} is empty)."));
        } else if let Some(d) = tags.iter().enumerate().find(|(i, (k, _))| tags[..*i].iter().any(|(k2, _)| k2 == k)) {
            err("tags", format!("Tag '{}' appears twice.", d.1 .0));
        }
        let inputs: Vec<&str> = self.inputs.iter().map(|i| i.name.trim()).collect();
        let outputs: Vec<&str> = self.outputs.iter().map(|o| o.name.trim()).collect();
        if self.command.trim().is_empty() {
            err("command", "The command is required (e.g. python train.py).".into());
        } else {
            for x in expressions(&self.command) {
                let bad = match x.split_once('.') {
                    Some(("inputs", n)) if !inputs.contains(&n.trim()) => Some(format!("${{{{{x}}}}} refers to input '{}', which is not defined below.", n.trim())),
                    Some(("outputs", n)) if !outputs.contains(&n.trim()) => Some(format!("${{{{{x}}}}} refers to output '{}', which is not defined below.", n.trim())),
                    Some(("inputs" | "outputs", _)) => None,
                    _ => Some(format!("${{{{{x}}}}} is not an input or output reference (use ${{{{inputs.name}}}} or ${{{{outputs.name}}}}).")),
                };
                if let Some(m) = bad {
                    err("command", m);
                    break;
                }
            }
        }
        for (i, row) in self.inputs.iter().enumerate() {
            let n = row.name.trim();
            let m = if !is_ident(n) {
                Some(format!("Input {}: the name must start with a letter or '_' and use letters, digits, '_'.", i + 1))
            } else if inputs[..i].contains(&n) {
                Some(format!("Input '{n}' is defined twice."))
            } else if row.kind == "literal" && row.value.trim().is_empty() {
                Some(format!("Input '{n}': give a value."))
            } else if row.kind != "literal" && row.datastore.trim().is_empty() {
                Some(format!("Input '{n}': pick a datastore."))
            } else if row.kind != "literal"
                && !known.datastores.is_empty()
                && !known.datastores.contains(&row.datastore)
            {
                Some(format!("Input '{n}': datastore '{}' does not exist.", row.datastore))
            } else if row.kind != "literal" && row.path.trim().trim_matches('/').is_empty() {
                Some(format!("Input '{n}': give a path inside the datastore."))
            } else {
                None
            };
            if let Some(m) = m {
                err("inputs", m);
                break;
            }
        }
        for (i, row) in self.outputs.iter().enumerate() {
            let n = row.name.trim();
            if !is_ident(n) {
                err(
                    "outputs",
                    format!("Output {}: the name must start with a letter or '_' and use letters, digits, '_'.", i + 1),
                );
                break;
            } else if outputs[..i].contains(&n) {
                err("outputs", format!("Output '{n}' is defined twice."));
                break;
            }
        }
        if let Some((k, _)) = pairs(&self.env_vars).into_iter().find(|(k, _)| !is_ident(k)) {
            err(
                "env_vars",
                format!("'{k}' is not a valid variable name (letters, digits, '_'; not starting with a digit)."),
            );
        }
        match self.env_kind.as_str() {
            "curated" | "workspace" if self.env_ref.trim().is_empty() => {
                err("environment", "Pick an environment.".into())
            }
            "curated" if !known.curated.is_empty() && !known.curated.contains(&self.env_ref) => {
                err("environment", format!("Curated environment '{}' is not available.", self.env_ref))
            }
            "workspace" if !known.workspace_envs.is_empty() && !known.workspace_envs.contains(&self.env_ref) => {
                err("environment", format!("Environment '{}' does not exist in this workspace.", self.env_ref))
            }
            "image" | "conda" => {
                let img = self.image.trim();
                if img.is_empty() {
                    err(
                        "image",
                        "Give a Docker image, e.g. mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest.".into(),
                    );
                } else if img.chars().any(char::is_whitespace) || img.starts_with(['/', ':']) {
                    err("image", "Not a valid image reference (no spaces; registry/repository[:tag]).".into());
                }
                if self.env_kind == "conda" && !self.conda.contains("dependencies") {
                    err("conda", "Paste a conda YAML with a 'dependencies:' list.".into());
                }
            }
            _ => {}
        }
        if self.compute_kind == "serverless" {
            if self.instance_type.trim().is_empty() {
                err("instance_type", "Pick an instance type for serverless compute.".into());
            }
        } else if self.compute.trim().is_empty() {
            err("compute", "Pick a compute target.".into());
        } else if !known.computes.is_empty() && !known.computes.contains(&self.compute) {
            err("compute", format!("Compute '{}' does not exist in this workspace.", self.compute));
        }
        if count(&self.instance_count, 1, 100).is_none() {
            err("instance_count", "A whole number from 1 to 100.".into());
        }
        match self.distribution.as_str() {
            "PyTorch" | "Mpi" if count(&self.processes, 1, 64).is_none() => {
                err("processes", "A whole number from 1 to 64.".into())
            }
            "TensorFlow" => {
                if count(&self.workers, 1, 100).is_none() {
                    err("workers", "A whole number from 1 to 100.".into());
                }
                if count(&self.ps, 0, 100).is_none() {
                    err("ps", "A whole number from 0 to 100.".into());
                }
            }
            _ => {}
        }
        if !self.timeout.trim().is_empty() && count(&self.timeout, 1, 60 * 24 * 30).is_none() {
            err("timeout", "Minutes, a whole number from 1 to 43200 (30 days), or empty for none.".into());
        }
        e
    }

    pub fn input_uri(row: &InputRow) -> String {
        format!("azureml://datastores/{}/paths/{}", row.datastore.trim(), row.path.trim().trim_start_matches('/'))
    }

    fn inputs_json(&self) -> Map<String, Value> {
        self.inputs
            .iter()
            .map(|r| {
                let v = if r.kind == "literal" {
                    json!({"jobInputType": "literal", "value": r.value})
                } else {
                    let mode = if r.mode.is_empty() { "ReadOnlyMount" } else { &r.mode };
                    json!({"jobInputType": r.kind, "uri": Self::input_uri(r), "mode": mode})
                };
                (r.name.trim().to_string(), v)
            })
            .collect()
    }

    fn outputs_json(&self) -> Map<String, Value> {
        let out = |r: &OutputRow| {
            let mode = if r.mode.is_empty() { "ReadWriteMount" } else { &r.mode };
            (r.name.trim().to_string(), json!({"jobOutputType": r.kind, "mode": mode}))
        };
        self.outputs.iter().map(out).collect()
    }

    pub fn distribution_json(&self) -> Option<Value> {
        let n = |s: &str| s.trim().parse::<u64>().unwrap_or(1);
        match self.distribution.as_str() {
            "PyTorch" | "Mpi" => {
                Some(json!({"distributionType": self.distribution, "processCountPerInstance": n(&self.processes)}))
            }
            "TensorFlow" => Some(json!({"distributionType": "TensorFlow", "workerCount": n(&self.workers),
                                        "parameterServerCount": self.ps.trim().parse::<u64>().unwrap_or(0)})),
            _ => None,
        }
    }

    /// The body of the "system-/user-managed" environment version created before the job.
    pub fn environment_body(&self) -> Option<Value> {
        let mut p = json!({"image": self.image.trim(), "isAnonymous": true, "osType": "Linux"});
        match self.env_kind.as_str() {
            "image" => {}
            "conda" => p["condaFile"] = json!(self.conda),
            _ => return None,
        }
        Some(json!({"properties": p}))
    }

    /// PUT body of the job. `env_id`, `code_id`, `compute_id` are ARM ids (or the curated
    /// `azureml:name@latest` form); `properties` carries the git keys.
    pub fn job_body(
        &self,
        code_id: &str,
        env_id: &str,
        compute_id: Option<&str>,
        properties: &BTreeMap<String, String>,
    ) -> Value {
        let tags: Map<String, Value> = pairs(&self.tags).into_iter().map(|(k, v)| (k, json!(v))).collect();
        let env_vars: Map<String, Value> = pairs(&self.env_vars).into_iter().map(|(k, v)| (k, json!(v))).collect();
        let mut resources = json!({"instanceCount": self.instance_count.trim().parse::<u64>().unwrap_or(1)});
        if self.compute_kind == "serverless" {
            resources["instanceType"] = json!(self.instance_type.trim());
        }
        let mut p = json!({
            "jobType": "Command",
            "experimentName": self.experiment.trim(),
            "command": self.command.trim(),
            "codeId": code_id,
            "environmentId": env_id,
            "environmentVariables": env_vars,
            "inputs": self.inputs_json(),
            "outputs": self.outputs_json(),
            "resources": resources,
            "tags": tags,
            "properties": properties,
        });
        let opt = |s: &str| (!s.trim().is_empty()).then(|| json!(s.trim()));
        if let Some(d) = opt(&self.display_name) {
            p["displayName"] = d;
        }
        if let Some(d) = opt(&self.description) {
            p["description"] = d;
        }
        if let Some(c) = compute_id {
            p["computeId"] = json!(c);
        }
        if let Some(d) = self.distribution_json() {
            p["distribution"] = d;
        }
        if let Ok(m) = self.timeout.trim().parse::<u64>() {
            p["limits"] = json!({"jobLimitsType": "Command", "timeout": aml_api::seconds_to_iso8601(m * 60)});
        }
        json!({"properties": p})
    }
}

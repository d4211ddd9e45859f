//! The job form as typed: plain strings (so half-typed values survive in a saved draft) and the
//! small parsers that turn them into what the REST body and the YAML both use, so the two can
//! never read the same field differently.

use serde::{Deserialize, Serialize};

use super::sweep::form::SweepForm;

/// One input row. `kind` is `literal`, `uri_file` or `uri_folder`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InputRow {
    pub name: String,
    pub kind: String,
    pub value: String,
    pub datastore: String,
    pub path: String,
    /// The REST mode (`ReadOnlyMount`, `Download`, …); empty = the service default.
    pub mode: String,
}

/// One output row. `kind` is `uri_folder` or `uri_file`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutputRow {
    pub name: String,
    pub kind: String,
    pub mode: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobForm {
    /// `command` | `sweep` (a Sweep job whose trials run this command).
    pub job_kind: String,
    /// The Sweep part; used when `job_kind` is `sweep`.
    pub sweep: SweepForm,
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
            job_kind: "command".into(),
            sweep: SweepForm::default(),
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

/// The distribution as numbers, read the same way for the body and the YAML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distribution {
    PyTorch { processes: u64 },
    Mpi { processes: u64 },
    TensorFlow { workers: u64, parameter_servers: u64 },
}

/// `key=value` lines → pairs (blank lines skipped, both sides trimmed, a line without `=` is a
/// key with an empty value).
pub fn pairs(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap_or((l, ""));
            (k.trim().to_string(), v.trim().to_string())
        })
        .collect()
}

/// `${{…}}` expressions of a command, trimmed (`inputs.lr`, `outputs.model`, …). An unclosed
/// `${{` yields the rest of the command, so it is reported rather than ignored.
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

/// A whole number in `min..=max` (surrounding spaces allowed).
pub(crate) fn count(s: &str, min: u64, max: u64) -> Option<u64> {
    s.trim().parse::<u64>().ok().filter(|n| (min..=max).contains(n))
}

/// A whole number, or `default` when the text is not one (validation reports that case; the
/// body and YAML of a form shown before it is fixed use the default).
fn number_or(s: &str, default: u64) -> u64 {
    s.trim().parse::<u64>().unwrap_or(default)
}

impl JobForm {
    pub fn is_serverless(&self) -> bool {
        self.compute_kind == "serverless"
    }

    /// `resources.instanceCount` (1 when not a number).
    pub fn instance_count_value(&self) -> u64 {
        number_or(&self.instance_count, 1)
    }

    /// The timeout in seconds, `None` for no limit.
    pub fn timeout_seconds(&self) -> Option<u64> {
        self.timeout.trim().parse::<u64>().ok().map(|m| m.saturating_mul(60))
    }

    pub fn distribution_value(&self) -> Option<Distribution> {
        let processes = number_or(&self.processes, 1);
        match self.distribution.as_str() {
            "PyTorch" => Some(Distribution::PyTorch { processes }),
            "Mpi" => Some(Distribution::Mpi { processes }),
            "TensorFlow" => Some(Distribution::TensorFlow {
                workers: number_or(&self.workers, 1),
                parameter_servers: number_or(&self.ps, 0),
            }),
            _ => None,
        }
    }

    /// `azureml://datastores/<ds>/paths/<path>` of a data input.
    pub fn input_uri(row: &InputRow) -> String {
        format!("azureml://datastores/{}/paths/{}", row.datastore.trim(), row.path.trim().trim_start_matches('/'))
    }
}

impl JobForm {
    pub fn is_sweep(&self) -> bool {
        self.job_kind == "sweep"
    }

    /// Names of the inputs the sweep replaces by search parameters (none for a Command job).
    pub fn swept_inputs(&self) -> Vec<String> {
        if !self.is_sweep() {
            return vec![];
        }
        self.sweep.params.iter().map(|p| p.name.trim().to_string()).filter(|n| !n.is_empty()).collect()
    }
}

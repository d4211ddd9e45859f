//! Job form validation, run before any request: every message names the field it belongs to,
//! and nothing is sent while one is wrong. Lists of what exists (`Known`) are checked only once
//! loaded: an empty list means "not loaded yet", never "there are none".

use super::form::{count, expressions, pairs, JobForm};
use super::registry::RegistryEnvId;
use crate::validate::FieldError;

/// What the service told us exists; an empty list is not checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Known {
    pub computes: Vec<String>,
    /// `name:version` of workspace environments.
    pub workspace_envs: Vec<String>,
    pub datastores: Vec<String>,
}

/// Longest timeout the form accepts, in minutes (30 days).
pub const MAX_TIMEOUT_MINUTES: u64 = 60 * 24 * 30;

/// Input/output names and environment variables: a letter or `_`, then letters, digits, `_`.
pub fn is_identifier(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic() || f == '_') && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// The spec's pattern for `command`, literal input values and URIs (`[a-zA-Z0-9_]`, not
/// anchored): at least one ASCII letter, digit or `_`.
pub fn has_word_char(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The state of the picked source folder, as the submit page knows it.
#[derive(Clone, Debug, PartialEq)]
pub enum SourceState<'a> {
    NotPicked,
    /// Picked, but its ignore files are still being read.
    Reading,
    /// The selection failed (empty, an ignore file the SDK would refuse, …).
    Invalid(&'a str),
    Ready,
}

/// The `source` field's message, `None` when the folder can be submitted.
pub fn source_error(state: SourceState) -> Option<FieldError> {
    let message = match state {
        SourceState::NotPicked => crate::msg_str!("Pick the folder to run first.").to_string(),
        SourceState::Reading => crate::msg_str!("The folder is still being read; try again in a moment.").to_string(),
        SourceState::Invalid(e) => e.to_string(),
        SourceState::Ready => return None,
    };
    Some(FieldError { field: "source", message })
}

impl JobForm {
    pub fn validate(&self, known: &Known) -> Vec<FieldError> {
        let mut e = Vec::new();
        let mut err = |field: &'static str, message: String| e.push(FieldError { field, message });
        self.check_names(&mut err);
        self.check_command(&mut err);
        self.check_inputs(known, &mut err);
        self.check_outputs(&mut err);
        if let Some((k, _)) = pairs(&self.env_vars).into_iter().find(|(k, _)| !is_identifier(k)) {
            err(
                "env_vars",
                format!("'{k}' is not a valid variable name (letters, digits, '_'; not starting with a digit)."),
            );
        }
        self.check_environment(known, &mut err);
        self.check_compute(known, &mut err);
        if !self.timeout.trim().is_empty() && count(&self.timeout, 1, MAX_TIMEOUT_MINUTES).is_none() {
            err(
                "timeout",
                crate::msg_str!("Minutes, a whole number from 1 to 43200 (30 days), or empty for none.").into(),
            );
        }
        self.check_sweep(&mut err);
        e
    }

    fn check_names(&self, err: &mut impl FnMut(&'static str, String)) {
        let exp = self.experiment.trim();
        if exp.is_empty() {
            err("experiment", crate::msg_str!("Pick an existing experiment or type a new name.").into());
        } else if exp.len() > 255 || !exp.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)) {
            err("experiment", crate::msg_str!("Use up to 255 letters, digits, '_', '-' and '.'.").into());
        }
        if self.display_name.len() > 255 {
            err("display_name", crate::msg_str!("At most 255 characters.").into());
        }
        let tags = pairs(&self.tags);
        if let Some((_, v)) = tags.iter().find(|(k, _)| k.is_empty()) {
            err("tags", crate::msg!("Every tag needs a key before '=' (the line with value '{v}')."));
        } else if let Some((_, (k, _))) =
            tags.iter().enumerate().find(|(i, (k, _))| tags[..*i].iter().any(|(k2, _)| k2 == k))
        {
            err("tags", crate::msg!("Tag '{k}' appears twice."));
        }
    }

    /// The command must be there, and every `${{…}}` must name a defined input or output.
    fn check_command(&self, err: &mut impl FnMut(&'static str, String)) {
        if self.command.trim().is_empty() {
            return err("command", crate::msg_str!("The command is required (e.g. python train.py).").into());
        }
        if !has_word_char(&self.command) {
            return err("command", crate::msg_str!("The command needs at least one letter, digit or '_'.").into());
        }
        let inputs: Vec<&str> = self.inputs.iter().map(|i| i.name.trim()).collect();
        let outputs: Vec<&str> = self.outputs.iter().map(|o| o.name.trim()).collect();
        let swept = self.swept_inputs();
        for x in expressions(&self.command) {
            let bad = match x.split_once('.') {
                // A sweep's trial may also name its parameters directly.
                Some(("search_space", n)) if self.is_sweep() && !swept.iter().any(|s| s == n.trim()) => Some(format!(
                    "${{{{{x}}}}} refers to search parameter '{}', which is not defined below.",
                    n.trim()
                )),
                Some(("search_space", _)) if self.is_sweep() => None,
                Some(("inputs", n)) if !inputs.contains(&n.trim()) => {
                    Some(format!("${{{{{x}}}}} refers to input '{}', which is not defined below.", n.trim()))
                }
                Some(("outputs", n)) if !outputs.contains(&n.trim()) => {
                    Some(format!("${{{{{x}}}}} refers to output '{}', which is not defined below.", n.trim()))
                }
                Some(("inputs" | "outputs", _)) => None,
                _ => Some(format!(
                    "${{{{{x}}}}} is not an input or output reference (use ${{{{inputs.name}}}} or ${{{{outputs.name}}}})."
                )),
            };
            if let Some(m) = bad {
                return err("command", m);
            }
        }
    }

    /// The first wrong input row only: one message under the editor, in row order.
    fn check_inputs(&self, known: &Known, err: &mut impl FnMut(&'static str, String)) {
        let names: Vec<&str> = self.inputs.iter().map(|i| i.name.trim()).collect();
        let swept = self.swept_inputs();
        for (i, row) in self.inputs.iter().enumerate() {
            let n = row.name.trim();
            let data = row.kind != "literal";
            // A swept input takes its values from the search space: its own value is not sent.
            let swept = !data && swept.iter().any(|s| s == n);
            let m = if !is_identifier(n) {
                Some(format!("Input {}: the name must start with a letter or '_' and use letters, digits, '_'.", i + 1))
            } else if names[..i].contains(&n) {
                Some(format!("Input '{n}' is defined twice."))
            } else if !data && !swept && row.value.trim().is_empty() {
                Some(format!("Input '{n}': give a value."))
            } else if !data && !swept && !has_word_char(&row.value) {
                Some(format!("Input '{n}': the value needs at least one letter, digit or '_' (a service rule)."))
            } else if data && row.datastore.trim().is_empty() {
                Some(format!("Input '{n}': pick a datastore."))
            } else if data && !known.datastores.is_empty() && !known.datastores.contains(&row.datastore) {
                Some(format!("Input '{n}': datastore '{}' does not exist.", row.datastore))
            } else if data && row.path.trim().trim_matches('/').is_empty() {
                Some(format!("Input '{n}': give a path inside the datastore."))
            } else {
                None
            };
            if let Some(m) = m {
                return err("inputs", m);
            }
        }
    }

    fn check_outputs(&self, err: &mut impl FnMut(&'static str, String)) {
        let names: Vec<&str> = self.outputs.iter().map(|o| o.name.trim()).collect();
        for (i, n) in names.iter().enumerate() {
            if !is_identifier(n) {
                let m = crate::msg!(
                    "Output {}: the name must start with a letter or '_' and use letters, digits, '_'.",
                    i + 1
                );
                return err("outputs", m);
            }
            if names[..i].contains(n) {
                return err("outputs", crate::msg!("Output '{n}' is defined twice."));
            }
        }
    }

    fn check_environment(&self, known: &Known, err: &mut impl FnMut(&'static str, String)) {
        match self.env_kind.as_str() {
            "curated" | "workspace" if self.env_ref.trim().is_empty() => {
                err("environment", crate::msg_str!("Pick an environment.").into())
            }
            // Any registry id may be typed: whether it exists is the service's answer.
            "curated" => {
                if let Err(m) = RegistryEnvId::parse(&self.env_ref) {
                    err("environment", m)
                }
            }
            "workspace" if !known.workspace_envs.is_empty() && !known.workspace_envs.contains(&self.env_ref) => {
                err("environment", crate::msg!("Environment '{}' does not exist in this workspace.", self.env_ref))
            }
            "image" | "conda" => {
                let img = self.image.trim();
                if img.is_empty() {
                    err(
                        "image",
                        crate::msg_str!(
                            "Give a Docker image, e.g. mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest."
                        )
                        .into(),
                    );
                } else if img.chars().any(char::is_whitespace) || img.starts_with(['/', ':']) {
                    err(
                        "image",
                        crate::msg_str!("Not a valid image reference (no spaces; registry/repository[:tag]).").into(),
                    );
                }
                if self.env_kind == "conda" && !self.conda.contains("dependencies") {
                    err("conda", crate::msg_str!("Paste a conda YAML with a 'dependencies:' list.").into());
                }
            }
            _ => {}
        }
    }

    fn check_compute(&self, known: &Known, err: &mut impl FnMut(&'static str, String)) {
        if self.is_serverless() {
            if self.instance_type.trim().is_empty() {
                err("instance_type", crate::msg_str!("Pick an instance type for serverless compute.").into());
            }
        } else if self.compute.trim().is_empty() {
            err("compute", crate::msg_str!("Pick a compute target.").into());
        } else if !known.computes.is_empty() && !known.computes.contains(&self.compute) {
            err("compute", crate::msg!("Compute '{}' does not exist in this workspace.", self.compute));
        }
        if count(&self.instance_count, 1, 100).is_none() {
            err("instance_count", crate::msg_str!("A whole number from 1 to 100.").into());
        }
        match self.distribution.as_str() {
            "PyTorch" | "Mpi" if count(&self.processes, 1, 64).is_none() => {
                err("processes", crate::msg_str!("A whole number from 1 to 64.").into())
            }
            "TensorFlow" => {
                if count(&self.workers, 1, 100).is_none() {
                    err("workers", crate::msg_str!("A whole number from 1 to 100.").into());
                }
                if count(&self.ps, 0, 100).is_none() {
                    err("ps", crate::msg_str!("A whole number from 0 to 100.").into());
                }
            }
            _ => {}
        }
    }
}

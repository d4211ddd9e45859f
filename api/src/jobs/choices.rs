//! The lists the submit form offers (experiments, computes, environments, datastores, instance
//! types), read from the service's answers, and what validation checks against.

use serde_json::Value;

use super::environment::ANON_ENV;
use super::model::experiment;
use super::registry::{well_known_ids, CURATED_REGISTRY};
use super::validate::Known;
use crate::models::{compute_type as ct, ComputeResource};

/// Compute types a command job can run on.
pub const RUNNABLE_COMPUTE_TYPES: [&str; 4] =
    [ct::AML_COMPUTE, ct::COMPUTE_INSTANCE, ct::KUBERNETES, ct::VIRTUAL_MACHINE];

/// Curated environment names start so. They are the `azureml` registry's (`super::registry`);
/// a workspace that still lists such containers does not offer them as its own.
pub const CURATED_PREFIX: &str = "AzureML-";

const BUILT_IN_NOTE: &str = crate::msg_str!("Well-known curated environments; any registry id can be typed.");

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    /// Experiment names to suggest, sorted, without repeats: the workspace's MLflow experiments
    /// (`add_experiments`), or those of the jobs the caller passed.
    pub experiments: Vec<String>,
    /// (name, computeType) of runnable computes.
    pub computes: Vec<(String, String)>,
    /// Registry ids of curated environments: the registry's list where it could be read
    /// (`set_registry_list`), else the built-in well-known names.
    pub curated: Vec<String>,
    /// Where `curated` came from, for the hint under the field.
    pub curated_note: String,
    /// `name:latestVersion` of the workspace's own environments.
    pub workspace_envs: Vec<String>,
    pub datastores: Vec<String>,
    pub instance_types: Vec<String>,
}

fn name(v: &Value) -> String {
    v["name"].as_str().unwrap_or_default().to_string()
}

impl Choices {
    /// From the list answers: computes, environment containers, datastores, jobs, and the
    /// region's `VirtualMachineSizeList` (serverless instance types).
    pub fn from_service(
        computes: &[ComputeResource],
        environments: &[Value],
        datastores: &[Value],
        jobs: &[Value],
        vm_sizes: &Value,
    ) -> Choices {
        let mut c = Choices {
            computes: computes
                .iter()
                .filter_map(|r| {
                    let ty = r.properties.as_ref()?.kind.compute_type().to_string();
                    RUNNABLE_COMPUTE_TYPES.contains(&ty.as_str()).then(|| (r.name().to_string(), ty))
                })
                .collect(),
            datastores: datastores.iter().map(name).filter(|n| !n.is_empty()).collect(),
            instance_types: vm_sizes["value"]
                .as_array()
                .map(|a| a.iter().map(name).filter(|n| !n.is_empty()).collect())
                .unwrap_or_default(),
            curated: well_known_ids(),
            curated_note: BUILT_IN_NOTE.into(),
            ..Choices::default()
        };
        for e in environments {
            let n = name(e);
            let latest = e["properties"]["latestVersion"].as_str().unwrap_or("1");
            if !n.is_empty() && n != ANON_ENV && !n.starts_with(CURATED_PREFIX) {
                c.workspace_envs.push(format!("{n}:{latest}"));
            }
        }
        c.experiments = jobs.iter().map(experiment).collect();
        c.experiments.sort();
        c.experiments.dedup();
        c
    }

    /// The registry's own list replaces the built-in one (an empty list does not).
    pub fn set_registry_list(&mut self, ids: Vec<String>) {
        if !ids.is_empty() {
            self.curated = ids;
            self.curated_note = crate::msg!("Listed from the {CURATED_REGISTRY} registry.");
        }
    }

    /// The registry's list could not be read: the built-in list stays, and the note says why.
    pub fn registry_unreadable(&mut self, why: &str) {
        self.curated_note =
            crate::msg!("{BUILT_IN_NOTE} The {CURATED_REGISTRY} registry's list could not be read: {why}");
    }

    /// Adds experiment names (e.g. from MLflow's experiment search) to the suggestions.
    pub fn add_experiments(&mut self, names: impl IntoIterator<Item = String>) {
        self.experiments.extend(names.into_iter().filter(|n| !n.trim().is_empty()));
        self.experiments.sort();
        self.experiments.dedup();
    }

    /// What validation checks names against.
    pub fn known(&self) -> Known {
        Known {
            computes: self.computes.iter().map(|(n, _)| n.clone()).collect(),
            workspace_envs: self.workspace_envs.clone(),
            datastores: self.datastores.clone(),
        }
    }
}

/// The names in one answer of MLflow `experiments/search` and its `next_page_token`, if any.
pub fn experiment_page(answer: &Value) -> (Vec<String>, Option<String>) {
    let names = answer["experiments"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["name"].as_str()).map(str::to_string).collect())
        .unwrap_or_default();
    let next = answer["next_page_token"].as_str().filter(|t| !t.is_empty()).map(str::to_string);
    (names, next)
}

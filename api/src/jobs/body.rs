//! REST bodies built from the job form, in the shape the official SDK sends for the same job
//! (`docs/azure-ml-rest.md` §Jobs): a `CommandJob` PUT body and, for an image (+ conda file)
//! environment, the anonymous `EnvironmentVersion` registered before it.

use serde_json::{json, Map, Value};

use super::body_parts::{input_json, output_json, string_map};
pub use super::body_parts::{JobRefs, DEFAULT_INPUT_MODE, DEFAULT_OUTPUT_MODE};
use super::form::{Distribution, JobForm};

impl JobForm {
    /// `distribution` of the body (`None` = no distribution).
    pub fn distribution_json(&self) -> Option<Value> {
        Some(match self.distribution_value()? {
            Distribution::PyTorch { processes } => {
                json!({"distributionType": "PyTorch", "processCountPerInstance": processes})
            }
            Distribution::Mpi { processes } => json!({"distributionType": "Mpi", "processCountPerInstance": processes}),
            Distribution::TensorFlow { workers, parameter_servers } => {
                json!({"distributionType": "TensorFlow", "workerCount": workers, "parameterServerCount": parameter_servers})
            }
        })
    }

    /// The body of the anonymous environment version an image (`image`) or image + conda file
    /// (`conda`) environment needs; `None` for curated and workspace environments.
    pub fn environment_body(&self) -> Option<Value> {
        let mut p = json!({"image": self.image.trim(), "isAnonymous": true, "osType": "Linux"});
        match self.env_kind.as_str() {
            "image" => {}
            "conda" => p["condaFile"] = json!(self.conda),
            _ => return None,
        }
        Some(json!({"properties": p}))
    }

    /// `resources` of the job (Command) or of its trials (Sweep).
    pub(crate) fn resources_json(&self) -> Value {
        let mut resources = json!({"instanceCount": self.instance_count_value()});
        if self.is_serverless() {
            resources["instanceType"] = json!(self.instance_type.trim());
        }
        resources
    }

    /// PUT body of the job named `name` (the id in the URL): a `CommandJob`, or a `SweepJob`
    /// when the form is in Sweep mode. Without a display name the job's name is sent as its
    /// display name, as the SDK does.
    pub fn job_body(&self, name: &str, refs: &JobRefs) -> Value {
        if self.is_sweep() {
            return super::sweep::body::sweep_body(self, name, refs);
        }
        let inputs: Map<String, Value> =
            self.inputs.iter().map(|r| (r.name.trim().to_string(), input_json(r))).collect();
        let outputs: Map<String, Value> =
            self.outputs.iter().map(|r| (r.name.trim().to_string(), output_json(r))).collect();
        let resources = self.resources_json();
        let mut p = json!({
            "jobType": "Command",
            "experimentName": self.experiment.trim(),
            "command": self.command.trim(),
            "codeId": refs.code_id,
            "environmentId": refs.environment_id,
            "environmentVariables": string_map(&self.env_vars),
            "inputs": inputs,
            "outputs": outputs,
            "resources": resources,
            "tags": string_map(&self.tags),
            "properties": refs.properties,
        });
        let opt = |s: &str| (!s.trim().is_empty()).then(|| json!(s.trim()));
        p["displayName"] = opt(&self.display_name).unwrap_or_else(|| json!(name));
        if let Some(d) = opt(&self.description) {
            p["description"] = d;
        }
        if let Some(c) = &refs.compute_id {
            p["computeId"] = json!(c);
        }
        if let Some(d) = self.distribution_json() {
            p["distribution"] = d;
        }
        if let Some(secs) = self.timeout_seconds() {
            p["limits"] = json!({"jobLimitsType": "Command", "timeout": crate::seconds_to_iso8601(secs)});
        }
        json!({"properties": p})
    }
}

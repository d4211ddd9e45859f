//! Which checks a submitted job gets, by its `jobType`: Command and Sweep jobs are checked as the
//! service checks them before running them; the types the emulator stores without running get the
//! spec's required fields only (emulator/README.md, "Job types").

use crate::state::AppState;
use crate::store::Workspace;
use serde_json::{Map, Value};

pub fn validate(st: &AppState, ws: &Workspace, p: &Map<String, Value>) -> Result<(), String> {
    let job_type = p.get("jobType").and_then(Value::as_str).unwrap_or_default();
    if job_type.is_empty() {
        return Err("jobType is required.".into());
    }
    match job_type {
        "Command" => super::job_validate::validate_command(
            st,
            ws,
            p,
            p.get("command").and_then(Value::as_str).unwrap_or_default(),
        ),
        "Sweep" => super::sweep_validate::validate(st, ws, p),
        // Stored and returned, never run (emulator/README.md): only the spec's required fields.
        "AutoML" => required(p, job_type, &["taskDetails"]),
        "Spark" => required(p, job_type, &["codeId", "entry"]),
        "FineTuning" => required(p, job_type, &["fineTuningDetails", "outputs"]),
        "Pipeline" => Ok(()),
        other => Err(format!(
            "Job type '{other}' is not supported. Supported: Command, Sweep, Pipeline, AutoML, FineTuning, Spark."
        )),
    }
}

fn required(p: &Map<String, Value>, job_type: &str, fields: &[&str]) -> Result<(), String> {
    match fields.iter().find(|f| p.get(**f).is_none_or(Value::is_null)) {
        Some(f) => Err(format!("{f} is required for a {job_type} job.")),
        None => Ok(()),
    }
}

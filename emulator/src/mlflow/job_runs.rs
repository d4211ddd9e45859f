//! Jobs as MLflow runs, as on Azure ML: a job's MLflow run id is the job name, its experiment is
//! the job's experiment (created on submit), its tags are the job's tags plus MLflow's own
//! (`mlflow.runName` = display name, `mlflow.user`, `mlflow.source.type` = `JOB`, and
//! `mlflow.parentRunId` for a sweep's trials), and its status and times follow the job's.
//! Called inside the store's lock by the job PUT and by the runner's status changes.

use super::experiments;
use super::model::{Run, ACTIVE};
use super::runs::RUN_NAME_TAG;
use crate::store::Store;
use serde_json::Value;
use std::collections::BTreeMap;

/// The job property naming a trial's parent sweep (RunHistory's parent run id).
pub const PARENT_PROPERTY: &str = "azureml.parentrunid";
pub const PARENT_TAG: &str = "mlflow.parentRunId";

/// MLflow's status for a job status (an unknown one counts as running).
pub fn status_of(job_status: &str) -> &'static str {
    match job_status {
        "NotStarted" | "Queued" | "Preparing" | "Starting" | "Provisioning" | "Scheduled" | "Created" => "SCHEDULED",
        "Completed" => "FINISHED",
        "Failed" => "FAILED",
        "Canceled" => "KILLED",
        _ => "RUNNING",
    }
}

fn workspace_key(job_id: &str) -> Option<(String, String)> {
    let (ws, name) = job_id.rsplit_once("/jobs/")?;
    Some((ws.to_ascii_lowercase(), name.to_string()))
}

/// Records a newly stored job as a run (replacing a run of the same name, e.g. a re-created job).
pub fn on_submit(store: &mut Store, tracking_uri: &str, job: &Value, now_ms: i64) {
    let Some((key, name)) = job["id"].as_str().and_then(workspace_key) else { return };
    let p = &job["properties"];
    let t = store.mlflow.entry(key).or_default();
    let experiment = p["experimentName"].as_str().filter(|e| !e.is_empty()).unwrap_or("Default");
    let experiment_id = experiments::ensure(t, experiment);
    let display = p["displayName"].as_str().unwrap_or(&name).to_string();
    let user = job["systemData"]["createdBy"].as_str().unwrap_or("Emulator user").to_string();
    let mut tags: BTreeMap<String, String> = p["tags"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
                .collect()
        })
        .unwrap_or_default();
    tags.insert(RUN_NAME_TAG.into(), display.clone());
    tags.insert("mlflow.user".into(), user.clone());
    tags.insert("mlflow.source.type".into(), "JOB".into());
    if let Some(parent) = p["properties"][PARENT_PROPERTY].as_str() {
        tags.insert(PARENT_TAG.into(), parent.to_string());
    }
    let status = status_of(p["status"].as_str().unwrap_or("NotStarted"));
    let run = Run {
        artifact_uri: format!("{tracking_uri}/experiments/{experiment_id}/runs/{name}/artifacts"),
        id: name.clone(),
        experiment_id,
        name: display,
        user_id: user,
        status: status.into(),
        start_time: Some(now_ms),
        end_time: None,
        lifecycle_stage: ACTIVE.into(),
        params: BTreeMap::new(),
        tags,
        metrics: BTreeMap::new(),
        inputs: vec![],
        job: job["id"].as_str().map(str::to_string),
    };
    t.runs.retain(|r| r.id != name);
    t.runs.push(run);
}

/// Moves a job's run with the job: start time when it starts running, end time when it ends.
pub fn on_status(store: &mut Store, job_id: &str, job_status: &str, now_ms: i64) {
    let Some((key, name)) = workspace_key(job_id) else { return };
    let Some(r) = store.mlflow.get_mut(&key).and_then(|t| t.run_mut(&name)) else { return };
    let status = status_of(job_status);
    if r.status == "SCHEDULED" && status != "SCHEDULED" {
        r.start_time = Some(now_ms);
    }
    if ["FINISHED", "FAILED", "KILLED"].contains(&status) {
        r.end_time = Some(now_ms);
    }
    r.status = status.into();
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_job_becomes_a_run_that_follows_it() {
        let mut s = Store::default();
        let job = json!({"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/W/jobs/j1",
            "properties": {"experimentName": "exp", "displayName": "First", "status": "NotStarted", "tags": {"team": "a"},
                           "properties": {"azureml.parentrunid": "sweep"}},
            "systemData": {"createdBy": "Ada"}});
        on_submit(&mut s, "http://e/mlflow/v1.0/x", &job, 10);
        let t = &s.mlflow
            [&"/subscriptions/s/resourcegroups/r/providers/microsoft.machinelearningservices/workspaces/w".to_string()];
        let r = t.run("j1").unwrap();
        assert_eq!((r.status.as_str(), r.name.as_str(), r.user_id.as_str()), ("SCHEDULED", "First", "Ada"));
        assert_eq!(t.experiment(&r.experiment_id).unwrap().name, "exp");
        assert_eq!(r.tags["team"], "a");
        assert_eq!(r.tags[PARENT_TAG], "sweep");
        let id = job["id"].as_str().unwrap();
        on_status(&mut s, id, "Running", 20);
        on_status(&mut s, id, "Completed", 30);
        let t = s.mlflow.values().next().unwrap();
        let r = t.run("j1").unwrap();
        assert_eq!((r.status.as_str(), r.start_time, r.end_time), ("FINISHED", Some(20), Some(30)));
        assert_eq!(status_of("Canceled"), "KILLED");
        assert_eq!(status_of("SomethingNew"), "RUNNING");
    }
}

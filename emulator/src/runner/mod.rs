//! The job runner: really runs submitted Command jobs on this machine.
//!
//! `NotStarted` → `Queued` (waits for one of `--max-jobs` slots) → `Preparing` (snapshot,
//! inputs, Python environment) → `Running` (the processes) → `Finalizing` (outputs) →
//! `Completed` | `Failed` | `Canceled`. Logs go to the workspace artifact store in Azurite under
//! `ExperimentRun/dcid.{runId}/` (`user_logs/…`, `system_logs/lifecycler/execution-wrapper.log`,
//! `azureml-logs/20_image_build_log.txt`). Each step's status and timestamps are kept in
//! `Store::runs`, which the data plane's run details return.

pub mod control;
pub mod launch;
pub mod prepare;
pub mod pyenv;
pub mod sweep;

use crate::resources::{environments, job_validate};
use crate::state::AppState;
use crate::storage::{run_prefix, ARTIFACT_CONTAINER};
use crate::store::Store;
use crate::store::Workspace;
use crate::util::{iso, iso_z, now_ms, now_secs, replace_ref};
use control::Ctl;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use uuid::Uuid;

/// The statuses a job ends in.
pub const TERMINAL: &[&str] = &["Completed", "Failed", "Canceled"];

pub fn is_terminal(job: &Value) -> bool {
    TERMINAL.contains(&job["properties"]["status"].as_str().unwrap_or_default())
}

fn find_job(st: &AppState, job_id: &str) -> Option<Value> {
    Store::find(&st.store.read().unwrap().jobs, job_id).cloned()
}

/// How a run ended.
enum End {
    Completed,
    Failed(String),
    Canceled(Option<String>),
}

/// Sets a job's status (and its run record), stamping systemData and the run's times.
fn set_status(st: &AppState, job_id: &str, status: &str, error: Option<String>) {
    let now = iso(now_secs());
    st.mutate(|s| {
        crate::mlflow::job_runs::on_status(s, job_id, status, now_ms() as i64);
        if let Some(j) = Store::find_mut(&mut s.jobs, job_id) {
            j["properties"]["status"] = json!(status);
            if let Some(svc) = j["properties"]["services"].as_object_mut() {
                for v in svc.values_mut() {
                    v["status"] = json!(status);
                }
            }
            j["systemData"]["lastModifiedAt"] = json!(now);
        }
        let run = s.runs.entry(job_id.to_ascii_lowercase()).or_insert_with(|| json!({}));
        run["status"] = json!(status);
        if status == "Running" && run["startTimeUtc"].is_null() {
            run["startTimeUtc"] = json!(now);
        }
        if TERMINAL.contains(&status) {
            run["endTimeUtc"] = json!(now);
        }
        if let Some(msg) = error {
            run["error"] = json!({"error": {"code": "UserError", "message": msg, "details": []},
                                  "time": now, "componentName": "CommonRuntime"});
        }
    });
}

/// Registers a stored job as started: its cancel handle and its RunHistory record.
fn register(st: &AppState, job_id: &str) -> Arc<Ctl> {
    let (tx, _) = watch::channel(false);
    let ctl = Arc::new(Ctl { cancel: tx, pgids: Mutex::default(), reason: Mutex::default() });
    st.runner.active.lock().unwrap().insert(job_id.to_ascii_lowercase(), ctl.clone());
    let run_id = job_id.rsplit('/').next().unwrap_or_default().to_string();
    let experiment = find_job(st, job_id).and_then(|j| j["properties"]["experimentName"].as_str().map(str::to_string));
    st.mutate(|s| {
        s.runs.insert(
            job_id.to_ascii_lowercase(),
            json!({"runId": run_id, "status": "NotStarted", "experimentName": experiment, "createdTimeUtc": iso(now_secs()),
                   "startTimeUtc": null, "endTimeUtc": null, "error": null, "warnings": []}),
        )
    });
    ctl
}

/// Records how a started job ended and lets go of its handle.
fn conclude(st: &AppState, job_id: &str, end: End) {
    let (status, err) = match end {
        End::Completed => ("Completed", None),
        End::Failed(m) => ("Failed", Some(m)),
        End::Canceled(m) => ("Canceled", m),
    };
    set_status(st, job_id, status, err);
    st.runner.active.lock().unwrap().remove(&job_id.to_ascii_lowercase());
}

/// Starts running a stored job in the background.
pub fn start(st: &AppState, ws: Workspace, job_id: String) {
    let ctl = register(st, &job_id);
    let st = st.clone();
    tokio::spawn(async move {
        let end = run(&st, &ws, &job_id, &ctl).await;
        conclude(&st, &job_id, end);
    });
}

/// Cancels a job with a reason its run records (`error.message` of the run details).
pub fn cancel_with_reason(st: &AppState, job_id: &str, reason: &str) {
    if let Some(ctl) = st.runner.active.lock().unwrap().get(&job_id.to_ascii_lowercase()) {
        *ctl.reason.lock().unwrap() = Some(reason.to_string());
    }
    cancel(st, job_id);
}

/// Cancels a job: `CancelRequested`, the processes get SIGTERM (SIGKILL 3 s later), `Canceled`.
pub fn cancel(st: &AppState, job_id: &str) {
    let ctl = st.runner.active.lock().unwrap().get(&job_id.to_ascii_lowercase()).cloned();
    match ctl {
        Some(ctl) if !ctl.canceled() => {
            set_status(st, job_id, "CancelRequested", None);
            ctl.cancel.send_replace(true);
        }
        Some(_) => {}
        None => {
            if find_job(st, job_id).is_some_and(|j| !is_terminal(&j)) {
                set_status(st, job_id, "Canceled", None);
            }
        }
    }
}

/// Appends a line to the run's lifecycle log (kept whole and re-uploaded; it stays small).
async fn sys_log(st: &AppState, prefix: &str, log: &mut String, line: &str) {
    log.push_str(&format!("{} {line}\n", iso_z(now_secs())));
    let _ = st
        .storage
        .put_blob(
            ARTIFACT_CONTAINER,
            &format!("{prefix}system_logs/lifecycler/execution-wrapper.log"),
            log.clone().into_bytes(),
        )
        .await;
}

async fn run(st: &AppState, ws: &Workspace, job_id: &str, ctl: &Arc<Ctl>) -> End {
    let Some(job) = find_job(st, job_id) else { return End::Canceled(None) };
    let props = job["properties"].clone();
    let run_id = job["name"].as_str().unwrap_or_default().to_string();
    set_status(st, job_id, "Queued", None);
    let _permit = tokio::select! {
        p = st.runner.slots.clone().acquire_owned() => p.expect("semaphore open"),
        _ = ctl.wait_canceled() => return End::Canceled(ctl.reason.lock().unwrap().clone()),
    };
    if ctl.canceled() {
        return End::Canceled(ctl.reason.lock().unwrap().clone());
    }
    set_status(st, job_id, "Preparing", None);
    let prefix = run_prefix(&run_id);
    if let Err(e) = st.storage.ensure_container(ARTIFACT_CONTAINER).await {
        return End::Failed(e);
    }
    let mut log = String::new();
    sys_log(st, &prefix, &mut log, &format!("Preparing job {run_id}")).await;
    let work = st.config.work_dir.join(format!("{run_id}-{}", &Uuid::new_v4().to_string()[..8]));
    let (cwd, inputs_dir, outputs_dir) = (work.join("code"), work.join("inputs"), work.join("outputs"));
    for d in [&cwd, &inputs_dir, &outputs_dir] {
        if let Err(e) = tokio::fs::create_dir_all(d).await {
            return End::Failed(format!("Cannot create the work folder {}: {e}", d.display()));
        }
    }
    let end = prepare_and_run(st, ws, job_id, ctl, &props, &run_id, &prefix, &mut log, &work).await;
    sys_log(st, &prefix, &mut log, "Done").await;
    let _ = tokio::fs::remove_dir_all(&work).await;
    end
}

async fn prepare_and_run(
    st: &AppState,
    ws: &Workspace,
    job_id: &str,
    ctl: &Arc<Ctl>,
    props: &Value,
    run_id: &str,
    prefix: &str,
    log: &mut String,
    work: &std::path::Path,
) -> End {
    let (cwd, inputs_dir, outputs_dir) = (work.join("code"), work.join("inputs"), work.join("outputs"));
    if let Some(code_id) = props["codeId"].as_str() {
        let Some(code) = job_validate::resolve_code(st, ws, code_id) else {
            return End::Failed(format!("Code '{code_id}' no longer exists."));
        };
        match prepare::snapshot(st, &code, &cwd).await {
            Ok(n) => sys_log(st, prefix, log, &format!("Snapshot: {n} file(s) downloaded")).await,
            Err(e) => return End::Failed(format!("Downloading the code snapshot failed: {e}")),
        }
    }
    let mut command = props["command"].as_str().unwrap_or_default().to_string();
    let mut env: Vec<(String, String)> = Vec::new();
    for (name, input) in props["inputs"].as_object().cloned().unwrap_or_default() {
        match prepare::input(st, ws, &name, &input, &inputs_dir).await {
            Ok(v) => {
                command = replace_ref(&command, "inputs", &name, &v);
                env.push((format!("AZURE_ML_INPUT_{name}"), v));
            }
            Err(e) => return End::Failed(e),
        }
    }
    for name in props["outputs"].as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
        let path = outputs_dir.join(&name);
        let _ = tokio::fs::create_dir_all(&path).await;
        command = replace_ref(&command, "outputs", &name, &path.display().to_string());
        env.push((format!("AZURE_ML_OUTPUT_{name}"), path.display().to_string()));
    }
    if ctl.canceled() {
        return End::Canceled(None);
    }
    // Environment: curated and image-only use the machine's python; a conda file gets a venv.
    let env_json = environments::resolve(st, ws, props["environmentId"].as_str().unwrap_or_default());
    let conda = env_json
        .as_ref()
        .ok()
        .filter(|e| e["properties"]["environmentType"] != "Curated")
        .and_then(|e| e["properties"]["condaFile"].as_str().map(str::to_string));
    let mut build_log = String::new();
    let built = pyenv::prepare(st, conda.as_deref(), &mut build_log).await;
    let _ = st
        .storage
        .put_blob(ARTIFACT_CONTAINER, &format!("{prefix}azureml-logs/20_image_build_log.txt"), build_log.into_bytes())
        .await;
    match built {
        Ok(vars) => env.extend(vars),
        Err(e) => return End::Failed(format!("Environment build failed. {e}")),
    }
    env.extend(tracking_env(st, ws, &job_created_by(st, job_id)));
    let base = base_env(ws, run_id, props, env);
    let specs = launch::plan(props);
    let world = specs.len();
    let timeout = props["limits"]["timeout"].as_str().and_then(job_validate::parse_duration);
    set_status(st, job_id, "Running", None);
    sys_log(st, prefix, log, &format!("Starting {world} process(es): {command}")).await;

    let fut = launch::run_all(st, ctl, specs, &command, &cwd, &base, prefix);
    tokio::pin!(fut);
    let sleep = tokio::time::sleep(Duration::from_millis(timeout.unwrap_or(u64::MAX / 4)));
    tokio::pin!(sleep);
    let stop_reason = tokio::select! {
        r = &mut fut => match r {
            Ok(exits) => return finish(st, ws, run_id, props, &outputs_dir, &cwd, prefix, log, exits, &command).await,
            Err(e) => return End::Failed(e),
        },
        _ = ctl.wait_canceled() => ctl.reason.lock().unwrap().clone(),
        _ = &mut sleep => Some(format!(
            "The job exceeded its limits.timeout of {} and was canceled.",
            props["limits"]["timeout"].as_str().unwrap_or_default()
        )),
    };
    // Stop: polite first, then forceful, and wait until every process is gone.
    if stop_reason.is_some() {
        set_status(st, job_id, "CancelRequested", None);
    }
    launch::signal_groups(ctl, "TERM");
    if tokio::time::timeout(Duration::from_secs(3), &mut fut).await.is_err() {
        launch::signal_groups(ctl, "KILL");
        let _ = fut.await;
    }
    launch::signal_groups(ctl, "KILL"); // grandchildren left in the groups
    sys_log(st, prefix, log, stop_reason.as_deref().unwrap_or("Canceled by the user")).await;
    End::Canceled(stop_reason)
}

async fn finish(
    st: &AppState,
    ws: &Workspace,
    run_id: &str,
    props: &Value,
    outputs_dir: &std::path::Path,
    cwd: &std::path::Path,
    prefix: &str,
    log: &mut String,
    exits: Vec<launch::Exit>,
    command: &str,
) -> End {
    let job_id = format!("{}/jobs/{run_id}", ws.id);
    set_status(st, &job_id, "Finalizing", None);
    match prepare::outputs(st, ws, run_id, props, outputs_dir, cwd).await {
        Ok(l) if !l.is_empty() => sys_log(st, prefix, log, l.trim_end()).await,
        Ok(_) => {}
        Err(e) => return End::Failed(format!("Uploading outputs failed: {e}")),
    }
    match exits.iter().find(|e| e.code != Some(0)) {
        None => End::Completed,
        Some(e) => {
            let program = command.split_whitespace().next().unwrap_or("sh");
            let code = e.code.map(|c| c.to_string()).unwrap_or_else(|| "signal".into());
            End::Failed(format!(
                "Execution failed. User process '{program}' exited with status code {code}. Please check log file '{}' for error details. Error: {}",
                e.log_name, e.tail
            ))
        }
    }
}

/// How long the MLflow token a job gets stays valid: longer than any job here runs (the service
/// renews its jobs' tokens; the emulator gives one that outlives the run instead).
const JOB_TOKEN_SECONDS: u64 = 7 * 24 * 3600;

fn job_created_by(st: &AppState, job_id: &str) -> String {
    find_job(st, job_id).and_then(|j| j["systemData"]["createdBy"].as_str().map(str::to_string)).unwrap_or_default()
}

/// What an MLflow client in the job needs to log to the job's run: the workspace's tracking URI
/// on this emulator and a token for it (aud `https://ml.azure.com`, as the data plane wants),
/// issued to the job's creator. `MLFLOW_RUN_ID` and `MLFLOW_EXPERIMENT_NAME` are in `base_env`.
fn tracking_env(st: &AppState, ws: &Workspace, creator: &str) -> Vec<(String, String)> {
    use crate::auth::jwt::{access_claims, sign};
    let user = crate::config::USERS.iter().find(|u| u.name == creator).unwrap_or(&crate::config::USERS[0]);
    let claims = access_claims(user, "https://ml.azure.com", now_secs(), JOB_TOKEN_SECONDS);
    vec![
        ("MLFLOW_TRACKING_URI".into(), crate::mlflow::tracking_uri(&st.config.public_url, &ws.id)),
        ("MLFLOW_TRACKING_TOKEN".into(), sign(&claims, &st.config.signing_key)),
    ]
}

/// Variables every process gets (Azure ML's run context), then the job's own.
fn base_env(ws: &Workspace, run_id: &str, props: &Value, extra: Vec<(String, String)>) -> Vec<(String, String)> {
    let exp = props["experimentName"].as_str().unwrap_or("Default").to_string();
    let mut env: Vec<(String, String)> = vec![
        ("AZUREML_RUN_ID".into(), run_id.into()),
        ("AZUREML_ARM_SUBSCRIPTION".into(), ws.sub.clone()),
        ("AZUREML_ARM_RESOURCEGROUP".into(), ws.rg.clone()),
        ("AZUREML_ARM_WORKSPACE_NAME".into(), ws.name.clone()),
        ("AZUREML_ARM_PROJECT_NAME".into(), exp.clone()),
        ("AZUREML_EXPERIMENT_NAME".into(), exp.clone()),
        ("AZUREML_WORKSPACE_ID".into(), ws.guid.clone()),
        ("MLFLOW_RUN_ID".into(), run_id.into()),
        ("MLFLOW_EXPERIMENT_NAME".into(), exp),
        // Output reaches the log promptly instead of at exit.
        ("PYTHONUNBUFFERED".into(), "1".into()),
    ];
    env.extend(extra);
    if let Some(vars) = props["environmentVariables"].as_object() {
        for (k, v) in vars {
            env.push((k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())));
        }
    }
    env
}

#[cfg(test)]
mod tests {
    #[test]
    fn refs() {
        assert_eq!(
            crate::util::replace_ref("a ${{inputs.x}} ${{ inputs.y }} ${{inputs.x}}", "inputs", "x", "1"),
            "a 1 ${{ inputs.y }} 1"
        );
    }
}

//! A job resource as the service returns it after a PUT: defaults per job type, the read-only
//! `parameters`, `services` (Studio link, MLflow tracking URI) and `status: NotStarted`; and
//! storing it together with its MLflow run. Shared by the jobs PUT and the sweep's trials.

use super::assets::{system_data, NS_TYPE};
use crate::arm::request::ArmRequest;
use crate::config::TENANT_ID;
use crate::state::AppState;
use crate::store::{Store, Workspace};
use crate::util::now_ms;
use serde_json::{json, Map, Value};

/// The service's two standard entries: the Studio link and the MLflow tracking URI. On Azure the
/// tracking endpoint is `azureml://{region}.api.azureml.ms/mlflow/v1.0/{workspace id}?`; here it is
/// the emulator's own MLflow base (`mlflow::tracking_uri`), which MLflow clients can call as is.
fn services(ctx: &ArmRequest, ws: &Workspace, name: &str, status: &str) -> Value {
    json!({
        "Studio": {"jobServiceType": "Studio", "port": null, "status": status, "errorMessage": null, "properties": null, "nodes": null,
                   "endpoint": format!("https://ml.azure.com/runs/{name}?wsid={}&tid={TENANT_ID}", ws.id)},
        "Tracking": {"jobServiceType": "Tracking", "port": null, "status": status, "errorMessage": null, "properties": null, "nodes": null,
                     "endpoint": crate::mlflow::tracking_uri(&ctx.public_url, &ws.id)}
    })
}

pub fn build(ctx: &ArmRequest, ws: &Workspace, name: &str, mut p: Map<String, Value>) -> Value {
    let mut defaults = vec![
        ("experimentName", json!("Default")),
        ("displayName", json!(name)),
        ("isArchived", json!(false)),
        ("tags", json!({})),
        ("properties", json!({})),
        ("computeId", Value::Null),
    ];
    let command = p.get("jobType").and_then(Value::as_str) == Some("Command");
    if command {
        defaults.extend([
            ("environmentVariables", json!({})),
            ("inputs", json!({})),
            ("outputs", json!({})),
            ("codeId", Value::Null),
            ("resources", json!({"instanceCount": 1, "shmSize": "2g"})),
        ]);
    }
    for (k, v) in defaults {
        if p.get(k).is_none_or(Value::is_null) {
            p.insert(k.into(), v);
        }
    }
    // Literal inputs show up as the read-only `parameters` (of the types that have inputs).
    let params: Map<String, Value> = p
        .get("inputs")
        .and_then(Value::as_object)
        .map(|i| {
            i.iter()
                .filter(|(_, v)| v["jobInputType"] == "literal")
                .map(|(k, v)| (k.clone(), v["value"].clone()))
                .collect()
        })
        .unwrap_or_default();
    p.insert("parameters".into(), Value::Object(params));
    let mut svc = services(ctx, ws, name, "NotStarted");
    if let Some(user) = p.get("services").and_then(Value::as_object) {
        for (k, v) in user {
            let mut s = v.clone();
            s["status"] = json!("NotStarted");
            s.as_object_mut().unwrap().entry("errorMessage").or_insert(Value::Null);
            svc[k] = s;
        }
    }
    p.insert("services".into(), svc);
    p.insert("status".into(), json!("NotStarted"));
    json!({"id": format!("{}/jobs/{name}", ws.id), "name": name, "type": format!("{NS_TYPE}/jobs"),
           "properties": Value::Object(p), "systemData": system_data(ctx, None)})
}

/// Stores a new job and its MLflow run (`mlflow::job_runs`).
pub fn store_job(st: &AppState, ctx: &ArmRequest, ws: &Workspace, job: &Value) {
    let uri = crate::mlflow::tracking_uri(&ctx.public_url, &ws.id);
    st.mutate(|s| {
        Store::upsert(&mut s.jobs, job.clone());
        crate::mlflow::job_runs::on_submit(s, &uri, job, now_ms() as i64);
    });
}

//! Read helpers over the job JSON the service returns (kept as `serde_json::Value` so fields
//! the console does not know survive), and the reverse mapping used by "Clone and edit".

use super::form::{InputRow, JobForm, OutputRow, ANON_ENV};
use serde_json::Value;

pub const TERMINAL: [&str; 3] = ["Completed", "Failed", "Canceled"];

pub fn is_terminal(status: &str) -> bool {
    TERMINAL.contains(&status)
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v["properties"][k].as_str().unwrap_or_default()
}

pub fn name(job: &Value) -> String {
    job["name"].as_str().unwrap_or_default().to_string()
}
pub fn status(job: &Value) -> String {
    s(job, "status").to_string()
}
pub fn experiment(job: &Value) -> String {
    match s(job, "experimentName") {
        "" => "Default".into(),
        e => e.to_string(),
    }
}
pub fn display_name(job: &Value) -> String {
    match s(job, "displayName") {
        "" => name(job),
        d => d.to_string(),
    }
}

/// Compute target name, or `serverless (<instance type>)`.
pub fn compute(job: &Value) -> String {
    match s(job, "computeId") {
        "" => {
            let it = job["properties"]["resources"]["instanceType"].as_str().unwrap_or("");
            if it.is_empty() {
                "serverless".into()
            } else {
                format!("serverless ({it})")
            }
        }
        id => id.trim_end_matches('/').rsplit('/').next().unwrap_or(id).to_string(),
    }
}

pub fn created(job: &Value) -> String {
    job["systemData"]["createdAt"].as_str().unwrap_or_default().to_string()
}

/// ISO timestamp → epoch ms (`Date.parse`), `None` when absent or unparsable.
pub fn epoch_ms(iso: &str) -> Option<f64> {
    if iso.is_empty() {
        return None;
    }
    let t = js_sys::Date::parse(iso);
    (!t.is_nan()).then_some(t)
}

/// `2026-11-27 14:03` in the browser's time zone.
pub fn short_time(iso: &str) -> String {
    let Some(ms) = epoch_ms(iso) else { return String::new() };
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{}-{:02}-{:02} {:02}:{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// `1h 02m`, `3m 05s`, `12s`.
pub fn fmt_duration(ms: f64) -> String {
    let secs = (ms / 1000.0).max(0.0) as u64;
    match secs {
        s if s >= 3600 => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
        s if s >= 60 => format!("{}m {:02}s", s / 60, s % 60),
        s => format!("{s}s"),
    }
}

/// Created → last status change when finished, created → now while it runs.
pub fn duration(job: &Value) -> String {
    let Some(start) = epoch_ms(&created(job)) else { return String::new() };
    let end = if is_terminal(&status(job)) {
        epoch_ms(job["systemData"]["lastModifiedAt"].as_str().unwrap_or_default()).unwrap_or(start)
    } else {
        js_sys::Date::now()
    };
    fmt_duration(end - start)
}

pub fn tags(job: &Value) -> Vec<(String, String)> {
    job["properties"]["tags"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// `azureml://datastores/<ds>/paths/<p>` → (ds, p).
fn split_datastore_uri(uri: &str) -> (String, String) {
    let rest = uri.strip_prefix("azureml://datastores/").unwrap_or("");
    match rest.split_once("/paths/") {
        Some((d, p)) => (d.to_string(), p.to_string()),
        None => (String::new(), uri.to_string()),
    }
}

/// The form prefilled from an existing job ("Clone and edit"). Git properties are not copied:
/// they describe the folder picked for the new submission.
pub fn form_from_job(job: &Value) -> JobForm {
    let p = &job["properties"];
    let text = |k: &str| p[k].as_str().unwrap_or_default().to_string();
    let lines = |k: &str| {
        p[k].as_object()
            .map(|m| {
                m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default())).collect::<Vec<_>>().join("\n")
            })
            .unwrap_or_default()
    };
    let mut f = JobForm {
        experiment: experiment(job),
        display_name: text("displayName"),
        description: text("description"),
        tags: lines("tags"),
        command: text("command"),
        env_vars: lines("environmentVariables"),
        ..JobForm::default()
    };
    if let Some(m) = p["inputs"].as_object() {
        f.inputs = m
            .iter()
            .map(|(n, i)| {
                let kind = i["jobInputType"].as_str().unwrap_or("literal").to_string();
                let (datastore, path) = split_datastore_uri(i["uri"].as_str().unwrap_or_default());
                let value = i["value"].as_str().map(str::to_string).unwrap_or_else(|| {
                    if i["value"].is_null() {
                        String::new()
                    } else {
                        i["value"].to_string()
                    }
                });
                InputRow {
                    name: n.clone(),
                    kind,
                    value,
                    datastore,
                    path,
                    mode: i["mode"].as_str().unwrap_or_default().to_string(),
                }
            })
            .collect();
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
    let env = text("environmentId");
    let bare = env.strip_prefix("azureml:").unwrap_or(&env);
    if let Some((n, _)) = bare.split_once('@') {
        (f.env_kind, f.env_ref) = ("curated".into(), n.to_string());
    } else if let Some(i) = bare.find("/environments/") {
        let parts: Vec<&str> = bare[i + 14..].split('/').collect();
        if let [n, _, v] = parts.as_slice() {
            if *n != ANON_ENV {
                (f.env_kind, f.env_ref) = ("workspace".into(), format!("{n}:{v}"));
            }
        }
    } else if let Some(n) = bare.strip_prefix("azureml://registries/azureml/environments/") {
        (f.env_kind, f.env_ref) = ("curated".into(), n.split('/').next().unwrap_or(n).to_string());
    }
    let r = &p["resources"];
    f.instance_count = r["instanceCount"].as_u64().unwrap_or(1).to_string();
    match p["computeId"].as_str().filter(|c| !c.is_empty()) {
        Some(_) => (f.compute_kind, f.compute) = ("cluster".into(), compute(job)),
        None => {
            (f.compute_kind, f.instance_type) =
                ("serverless".into(), r["instanceType"].as_str().unwrap_or_default().to_string())
        }
    }
    let d = &p["distribution"];
    if let Some(t) = d["distributionType"].as_str() {
        f.distribution = t.to_string();
        let n = |k: &str, dflt: u64| d[k].as_u64().unwrap_or(dflt).to_string();
        (f.processes, f.workers, f.ps) =
            (n("processCountPerInstance", 1), n("workerCount", 1), n("parameterServerCount", 0));
    }
    if let Some(t) = p["limits"]["timeout"].as_str() {
        if let Ok(secs) = aml_api::iso8601_to_seconds(t) {
            f.timeout = secs.div_ceil(60).to_string();
        }
    }
    f
}

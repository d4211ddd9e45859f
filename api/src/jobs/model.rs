//! Read helpers over the job JSON the service returns. Jobs stay `serde_json::Value` so members
//! the console does not know survive; every helper answers something sensible (empty text, a
//! default) for a missing member, an unexpected type or an unknown status.

use serde_json::Value;

use super::ids::last_segment;

/// Statuses after which nothing changes any more.
pub const TERMINAL: [&str; 3] = ["Completed", "Failed", "Canceled"];

pub fn is_terminal(status: &str) -> bool {
    TERMINAL.contains(&status)
}

fn text<'a>(job: &'a Value, key: &str) -> &'a str {
    job["properties"][key].as_str().unwrap_or_default()
}

pub fn name(job: &Value) -> String {
    job["name"].as_str().unwrap_or_default().to_string()
}

pub fn status(job: &Value) -> String {
    text(job, "status").to_string()
}

/// The experiment, `Default` when none is set (the service's default).
pub fn experiment(job: &Value) -> String {
    match text(job, "experimentName") {
        "" => "Default".into(),
        e => e.to_string(),
    }
}

/// The display name, else the job name.
pub fn display_name(job: &Value) -> String {
    match text(job, "displayName") {
        "" => name(job),
        d => d.to_string(),
    }
}

/// Compute target name, or `serverless (<instance type>)`.
pub fn compute(job: &Value) -> String {
    match text(job, "computeId") {
        "" => match job["properties"]["resources"]["instanceType"].as_str().unwrap_or("") {
            "" => "serverless".into(),
            it => format!("serverless ({it})"),
        },
        id => last_segment(id).to_string(),
    }
}

pub fn created(job: &Value) -> String {
    job["systemData"]["createdAt"].as_str().unwrap_or_default().to_string()
}

pub fn last_modified(job: &Value) -> String {
    job["systemData"]["lastModifiedAt"].as_str().unwrap_or_default().to_string()
}

pub fn created_by(job: &Value) -> String {
    job["systemData"]["createdBy"].as_str().unwrap_or_default().to_string()
}

/// A string member of `properties` (`command`, `codeId`, `environmentId`, …), empty if absent.
pub fn property_text(job: &Value, key: &str) -> String {
    text(job, key).to_string()
}

/// `distribution.distributionType`, `none` when there is none.
pub fn distribution_type(job: &Value) -> String {
    job["properties"]["distribution"]["distributionType"].as_str().unwrap_or("none").to_string()
}

/// `resources.instanceCount`, 1 (the spec's default) when absent.
pub fn instance_count(job: &Value) -> u64 {
    job["properties"]["resources"]["instanceCount"].as_u64().unwrap_or(1)
}

/// A string map (`tags`, `properties`) as pairs; non-string values as their JSON text.
fn string_pairs(v: &Value) -> Vec<(String, String)> {
    v.as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

pub fn tags(job: &Value) -> Vec<(String, String)> {
    string_pairs(&job["properties"]["tags"])
}

/// The job's own `properties` map (git keys and the like).
pub fn job_properties(job: &Value) -> Vec<(String, String)> {
    string_pairs(&job["properties"]["properties"])
}

/// One input or output as the details page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IoRow {
    pub name: String,
    /// `literal`, `uri_folder`, … (`jobInputType` / `jobOutputType`).
    pub kind: String,
    /// The literal value or the URI; outputs without one go to the default location.
    pub value: String,
}

/// Rows of `properties.inputs` (`key = "inputs"`) or `properties.outputs`.
pub fn io_rows(job: &Value, key: &str) -> Vec<IoRow> {
    let Some(m) = job["properties"][key].as_object() else { return vec![] };
    m.iter()
        .map(|(n, v)| IoRow {
            name: n.clone(),
            kind: v["jobInputType"].as_str().or(v["jobOutputType"].as_str()).unwrap_or_default().to_string(),
            value: match (&v["value"], v["uri"].as_str()) {
                (Value::String(s), _) => s.clone(),
                (Value::Null, Some(u)) => u.to_string(),
                (Value::Null, None) => crate::msg_str!("(default location)").to_string(),
                (other, _) => other.to_string(),
            },
        })
        .collect()
}

/// Colour family of a job status for its dot: jobs have their own vocabulary, and an unknown
/// status is shown as still in progress.
pub fn status_tone(status: &str) -> &'static str {
    match status {
        "Completed" => "success",
        "Failed" | "NotResponding" => "error",
        "Canceled" | "CancelRequested" | "Paused" | "Unknown" => "neutral",
        _ => "progress",
    }
}

/// Paths of a RunHistory artifact listing (`value[].path`).
pub fn artifact_paths(listing: &Value) -> Vec<String> {
    let Some(items) = listing["value"].as_array() else { return vec![] };
    items.iter().filter_map(|a| a["path"].as_str()).filter(|p| !p.is_empty()).map(str::to_string).collect()
}

/// The read SAS URL of an artifact `contentinfo` answer.
pub fn content_uri(info: &Value) -> String {
    info["contentUri"].as_str().unwrap_or_default().to_string()
}

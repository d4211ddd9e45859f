//! A Pipeline job's steps as the details page lists them: the steps its `jobs` member defines
//! (name, type, component), each with the status of the child run that ran it, and a link to
//! that run's own page (a child run id is a job name). Children come from RunHistory
//! (docs/azure-ml-rest.md §Children); steps and children are matched by name.

use serde_json::Value;

use super::ids::last_segment;
use super::kinds::value_text;

/// One child run of a job (RunHistory `runs/{id}/children`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildRun {
    pub run_id: String,
    pub display_name: String,
    pub status: String,
}

/// The runs of a `PaginatedRunList` (`{value: [Run]}`); entries without a `runId` are skipped.
pub fn child_runs(listing: &Value) -> Vec<ChildRun> {
    let Some(items) = listing["value"].as_array() else { return vec![] };
    items
        .iter()
        .filter_map(|r| {
            Some(ChildRun {
                run_id: r["runId"].as_str().filter(|s| !s.is_empty())?.to_string(),
                display_name: value_text(&r["displayName"]),
                status: value_text(&r["status"]),
            })
        })
        .collect()
}

/// One pipeline step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub name: String,
    /// `command`, `sweep`, … as the step says (`type` or `jobType`); empty when absent.
    pub kind: String,
    /// The component it runs (name of an ARM id, or as written).
    pub component: String,
    /// The child run of this step, once the service started it.
    pub run: Option<ChildRun>,
}

/// The child run of step `name`: its `azureml.nodeid` property, else its display name.
fn run_of<'a>(name: &str, children: &'a [ChildRun], listing: &Value) -> Option<&'a ChildRun> {
    let by_node = listing["value"].as_array().and_then(|a| {
        a.iter()
            .find(|r| r["properties"]["azureml.nodeid"].as_str() == Some(name))
            .and_then(|r| r["runId"].as_str())
            .and_then(|id| children.iter().find(|c| c.run_id == id))
    });
    by_node.or_else(|| children.iter().find(|c| c.display_name == name))
}

/// The steps of a pipeline job (`properties.jobs`, in the order the service sent them) with
/// their child runs; children that match no step are listed after the steps, under their
/// display name, so no run is hidden.
pub fn steps(job: &Value, children_listing: &Value) -> Vec<Step> {
    let children = child_runs(children_listing);
    let mut out: Vec<Step> = job["properties"]["jobs"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(name, s)| {
                    let kind = s["type"].as_str().or(s["jobType"].as_str()).unwrap_or_default().to_string();
                    let component = match &s["component"] {
                        Value::String(c) => last_segment(c).to_string(),
                        Value::Null => s["componentId"].as_str().map(last_segment).unwrap_or_default().to_string(),
                        other => value_text(&other["name"]),
                    };
                    Step {
                        name: name.clone(),
                        kind,
                        component,
                        run: run_of(name, &children, children_listing).cloned(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    for c in &children {
        if !out.iter().any(|s| s.run.as_ref().is_some_and(|r| r.run_id == c.run_id)) {
            let name = if c.display_name.is_empty() { c.run_id.clone() } else { c.display_name.clone() };
            out.push(Step { name, kind: String::new(), component: String::new(), run: Some(c.clone()) });
        }
    }
    out
}

//! The job list's filters. The list API can only filter by tag key, so status, experiment,
//! compute and tag value are filtered client-side; the filters live in the query string so a
//! filtered list can be linked and reloaded.

use serde_json::Value;

use super::model::{compute, experiment, status, tags};
use crate::url::encode_query_value;

/// Query keys, in the order they are written.
const KEYS: [&str; 4] = ["status", "experiment", "compute", "tag"];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobFilter {
    pub status: String,
    pub experiment: String,
    pub compute: String,
    /// `key` or `key=value`.
    pub tag: String,
}

/// `key` or `key=value` against a job's tags; an empty filter matches every job.
pub fn tag_matches(job: &Value, filter: &str) -> bool {
    let f = filter.trim();
    if f.is_empty() {
        return true;
    }
    let (k, v) = match f.split_once('=') {
        Some((k, v)) => (k.trim(), Some(v.trim())),
        None => (f, None),
    };
    tags(job).iter().any(|(tk, tv)| tk == k && v.is_none_or(|v| tv == v))
}

/// The distinct non-empty values of `f` over `jobs`, sorted (a filter's options).
pub fn distinct(jobs: &[Value], f: impl Fn(&Value) -> String) -> Vec<String> {
    let mut v: Vec<String> = jobs.iter().map(f).filter(|s| !s.is_empty()).collect();
    v.sort();
    v.dedup();
    v
}

impl JobFilter {
    /// From query parameters (`get("status")`, …); missing keys are empty.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> JobFilter {
        let g = |k: &str| get(k).unwrap_or_default();
        JobFilter { status: g("status"), experiment: g("experiment"), compute: g("compute"), tag: g("tag") }
    }

    pub fn matches(&self, job: &Value) -> bool {
        (self.status.is_empty() || status(job) == self.status)
            && (self.experiment.is_empty() || experiment(job) == self.experiment)
            && (self.compute.is_empty() || compute(job) == self.compute)
            && tag_matches(job, &self.tag)
    }

    /// `status=Failed&tag=team%3Dml` (empty filters left out; `""` when none is set).
    pub fn query(&self) -> String {
        let values = [&self.status, &self.experiment, &self.compute, &self.tag];
        KEYS.iter()
            .zip(values)
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode_query_value(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

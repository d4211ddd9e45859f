//! The job list's filters. `Jobs_List` filters by job type, tag key and archive state
//! (docs/azure-ml-rest.md §Jobs): those go to the service ([`JobFilter::server_query`]); status,
//! experiment, compute, tag value and the text search have no service parameter and are applied
//! to the rows loaded so far. The filters live in the query string so a filtered list can be
//! linked and reloaded.

use serde_json::Value;

use super::model::{compute, display_name, experiment, name, status, tags};
use crate::url::encode_query_value;
use crate::view::search::{narrows, needle};

/// Query keys, in the order they are written.
const KEYS: [&str; 7] = ["status", "experiment", "compute", "tag", "type", "view", "q"];

/// `listViewType` values (`view`); empty means `All`, the console's default.
pub const VIEWS: [&str; 3] = ["All", "ActiveOnly", "ArchivedOnly"];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobFilter {
    pub status: String,
    pub experiment: String,
    pub compute: String,
    /// `key` or `key=value`.
    pub tag: String,
    /// `jobType` (server-side).
    pub job_type: String,
    /// `listViewType` (server-side); empty is `All`.
    pub view: String,
    /// Part of the name or display name, any case (local).
    pub text: String,
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

/// Whether `needle` (trimmed, any case) is part of one of `texts`; an empty needle matches.
pub fn text_matches(texts: &[&str], needle: &str) -> bool {
    let n = needle.trim().to_lowercase();
    n.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&n))
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
        JobFilter {
            status: g("status"),
            experiment: g("experiment"),
            compute: g("compute"),
            tag: g("tag"),
            job_type: g("type"),
            view: g("view"),
            text: g("q"),
        }
    }

    pub fn matches(&self, job: &Value) -> bool {
        (self.status.is_empty() || status(job) == self.status)
            && (self.experiment.is_empty() || experiment(job) == self.experiment)
            && (self.compute.is_empty() || compute(job) == self.compute)
            && tag_matches(job, &self.tag)
            && (self.job_type.is_empty()
                || job["properties"]["jobType"].as_str().is_some_and(|t| t.eq_ignore_ascii_case(&self.job_type)))
            && text_matches(&[&name(job), &display_name(job)], &self.text)
    }

    /// Whether every row this filter keeps is also kept by `old`, so its rows can be looked
    /// for among `old`'s (one more character typed, a local filter set where none was). Only
    /// the local fields may differ: the service's change the loaded rows.
    pub fn narrows(&self, old: &JobFilter) -> bool {
        let same_or_set = |old: &String, new: &String| old.is_empty() || old == new;
        let tag = old.tag.trim().is_empty() || old.tag.trim() == self.tag.trim();
        self.job_type == old.job_type
            && self.view == old.view
            && same_or_set(&old.status, &self.status)
            && same_or_set(&old.experiment, &self.experiment)
            && same_or_set(&old.compute, &self.compute)
            && tag
            && narrows(&needle(&old.text), &needle(&self.text))
    }

    /// The `Jobs_List` parameters this filter asks the service for: `listViewType` (always),
    /// `jobType`, and `tag` with the key of the tag filter (its value is checked locally).
    pub fn server_query(&self) -> Vec<(&'static str, String)> {
        let view = if VIEWS.contains(&self.view.as_str()) { self.view.as_str() } else { "All" };
        let mut q = vec![("listViewType", view.to_string())];
        if !self.job_type.trim().is_empty() {
            q.push(("jobType", self.job_type.trim().to_string()));
        }
        let key = self.tag.split('=').next().unwrap_or("").trim();
        if !key.is_empty() {
            q.push(("tag", key.to_string()));
        }
        q
    }

    /// The filters applied to loaded rows only (no service parameter), e.g. `status, text`.
    pub fn local_names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        for (set, n) in [
            (!self.status.is_empty(), crate::msg_str!("status")),
            (!self.experiment.is_empty(), crate::msg_str!("experiment")),
            (!self.compute.is_empty(), crate::msg_str!("compute")),
            (self.tag.contains('='), crate::msg_str!("tag value")),
            (!self.text.trim().is_empty(), crate::msg_str!("name")),
        ] {
            if set {
                v.push(n);
            }
        }
        v
    }

    /// `status=Failed&tag=team%3Dml` (empty filters left out; `""` when none is set).
    pub fn query(&self) -> String {
        let values = [&self.status, &self.experiment, &self.compute, &self.tag, &self.job_type, &self.view, &self.text];
        KEYS.iter()
            .zip(values)
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode_query_value(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

//! MLflow's JSON (snake_case, times in epoch milliseconds), read tolerantly: MLflow's own server
//! writes int64 fields as JSON numbers while protobuf's JSON form writes them as strings, metric
//! values may be `"NaN"`, `"Infinity"` or `"-Infinity"`, repeated fields are left out when
//! empty, and an entry of a list that cannot be read is skipped rather than failing the run.
//! Lists are read as raw JSON first so that numbers keep their exact text (see
//! `crate::metrics::point`); these models are read with `serde_json::from_str`.

use serde::de::{DeserializeOwned, Deserializer, Error};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::metrics::point::int_of;
use crate::metrics::Point;

/// `runs/get` answer.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct RunResponse {
    #[serde(default)]
    pub run: Option<Run>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Run {
    #[serde(default)]
    pub info: RunInfo,
    #[serde(default)]
    pub data: RunData,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct RunInfo {
    #[serde(default, deserialize_with = "text")]
    pub run_id: String,
    #[serde(default, deserialize_with = "text")]
    pub run_name: String,
    #[serde(default, deserialize_with = "text")]
    pub experiment_id: String,
    #[serde(default, deserialize_with = "text")]
    pub user_id: String,
    /// `RUNNING`, `SCHEDULED`, `FINISHED`, `FAILED`, `KILLED`, or anything newer (kept as sent).
    #[serde(default, deserialize_with = "text")]
    pub status: String,
    #[serde(default, deserialize_with = "opt_int")]
    pub start_time: Option<i64>,
    #[serde(default, deserialize_with = "opt_int")]
    pub end_time: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    pub lifecycle_stage: String,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct RunData {
    /// The latest value of each metric.
    #[serde(default, deserialize_with = "readable")]
    pub metrics: Vec<Metric>,
    #[serde(default, deserialize_with = "readable")]
    pub params: Vec<KeyValue>,
    #[serde(default, deserialize_with = "readable")]
    pub tags: Vec<KeyValue>,
}

/// One logged value with its key (as `runs/get` lists the latest ones).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metric {
    pub key: String,
    pub point: Point,
}

impl<'de> Deserialize<'de> for Metric {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The same entry read twice: its key, and its step/time/value as a `Point` (exact numbers).
        let raw = Box::<RawValue>::deserialize(d).map_err(D::Error::custom)?;
        #[derive(Deserialize)]
        struct Key {
            #[serde(deserialize_with = "text")]
            key: String,
        }
        let Key { key } = serde_json::from_str(raw.get()).map_err(D::Error::custom)?;
        let point = serde_json::from_str(raw.get()).map_err(D::Error::custom)?;
        Ok(Metric { key, point })
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct KeyValue {
    #[serde(deserialize_with = "text")]
    pub key: String,
    #[serde(default, deserialize_with = "text")]
    pub value: String,
}

/// One page of `metrics/get-history`. The points carry the key too; it is the one asked for,
/// so it is not kept per point.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct HistoryPage {
    #[serde(default, deserialize_with = "readable")]
    pub metrics: Vec<Point>,
    #[serde(default, deserialize_with = "opt_text")]
    pub next_page_token: Option<String>,
}

/// Run statuses after which nothing more is logged by the job.
pub const TERMINAL_STATUSES: [&str; 3] = ["FINISHED", "FAILED", "KILLED"];

impl Run {
    pub fn is_terminal(&self) -> bool {
        TERMINAL_STATUSES.iter().any(|s| s.eq_ignore_ascii_case(&self.info.status))
    }

    /// The run's name for people: `run_name`, else the `mlflow.runName` tag, else the id.
    pub fn display_name(&self) -> String {
        let tag = self.data.tags.iter().find(|t| t.key == "mlflow.runName").map(|t| t.value.clone());
        [Some(self.info.run_name.clone()), tag, Some(self.info.run_id.clone())]
            .into_iter()
            .flatten()
            .find(|s| !s.is_empty())
            .unwrap_or_default()
    }

    /// Metric keys in name order, each once.
    pub fn metric_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.data.metrics.iter().map(|m| m.key.clone()).collect();
        keys.sort();
        keys.dedup();
        keys
    }

    pub fn latest(&self, key: &str) -> Option<&Point> {
        self.data.metrics.iter().find(|m| m.key == key).map(|m| &m.point)
    }

    /// Params in name order.
    pub fn params(&self) -> Vec<KeyValue> {
        sorted(&self.data.params)
    }

    /// Tags in name order; MLflow's own (`mlflow.*`) last.
    pub fn tags(&self) -> Vec<KeyValue> {
        let mut t = sorted(&self.data.tags);
        t.sort_by_key(|kv| kv.key.starts_with("mlflow."));
        t
    }
}

fn sorted(list: &[KeyValue]) -> Vec<KeyValue> {
    let mut v = list.to_vec();
    v.sort_by(|a, b| a.key.cmp(&b.key));
    v
}

/// A list whose unreadable entries are skipped (an entry that is not an object, or lacks its
/// key); anything but a list reads as empty.
fn readable<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    let whole = Box::<RawValue>::deserialize(d).map_err(D::Error::custom)?;
    let items: Vec<Box<RawValue>> = serde_json::from_str(whole.get()).unwrap_or_default();
    Ok(items.iter().filter_map(|i| serde_json::from_str(i.get()).ok()).collect())
}

/// A string, a number or a boolean as text; `null` as empty.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(opt_text(d)?.unwrap_or_default())
}

fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(int_of(Box::<RawValue>::deserialize(d).map_err(D::Error::custom)?.get()))
}

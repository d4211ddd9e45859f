//! The MLflow tracking data of one workspace (experiments, runs, their params, tags and metric
//! histories) and how MLflow's REST API writes it as JSON. Pure data: no HTTP, no app state.
//! `Store::mlflow` holds one `Tracking` per workspace, so `--state-file` and `reset` cover it.
//!
//! The JSON follows MLflow's protobuf-to-JSON form: field names in snake_case, times as integer
//! milliseconds, repeated fields left out when empty (so `"data": {}` for a run that logged nothing).

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// MLflow's lifecycle stages.
pub const ACTIVE: &str = "active";
pub const DELETED: &str = "deleted";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Tracking {
    pub experiments: Vec<Experiment>,
    /// In creation order; a job's run sits here under the job's name.
    pub runs: Vec<Run>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Experiment {
    pub id: String,
    pub name: String,
    pub artifact_location: String,
    pub lifecycle_stage: String,
    pub creation_time: i64,
    pub last_update_time: i64,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// One logged value of a metric. Non-finite values are kept (MLflow accepts NaN and ±Infinity).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Point {
    #[serde(with = "finite_or_text")]
    pub value: f64,
    pub timestamp: i64,
    pub step: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Run {
    pub id: String,
    pub experiment_id: String,
    pub name: String,
    pub user_id: String,
    /// SCHEDULED | RUNNING | FINISHED | FAILED | KILLED
    pub status: String,
    pub start_time: Option<i64>,
    pub end_time: Option<i64>,
    pub lifecycle_stage: String,
    pub artifact_uri: String,
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Every logged value per key, in the order they were logged.
    #[serde(default)]
    pub metrics: BTreeMap<String, Vec<Point>>,
    /// `DatasetInput`s from `runs/log-inputs`, as sent.
    #[serde(default)]
    pub inputs: Vec<Value>,
    /// ARM id of the job this run records; its status and times then follow the job.
    #[serde(default)]
    pub job: Option<String>,
}

impl Tracking {
    pub fn experiment(&self, id: &str) -> Option<&Experiment> {
        self.experiments.iter().find(|e| e.id == id)
    }
    pub fn experiment_mut(&mut self, id: &str) -> Option<&mut Experiment> {
        self.experiments.iter_mut().find(|e| e.id == id)
    }
    /// Experiment names are unique per workspace (deleted ones keep theirs), compared exactly.
    pub fn experiment_by_name(&self, name: &str) -> Option<&Experiment> {
        self.experiments.iter().find(|e| e.name == name)
    }
    pub fn run(&self, id: &str) -> Option<&Run> {
        self.runs.iter().find(|r| r.id == id)
    }
    pub fn run_mut(&mut self, id: &str) -> Option<&mut Run> {
        self.runs.iter_mut().find(|r| r.id == id)
    }
}

impl Run {
    /// The value MLflow reports as a metric's current one: the largest step, then the latest
    /// timestamp, then the largest value.
    pub fn latest(&self, key: &str) -> Option<Point> {
        self.metrics.get(key)?.iter().copied().reduce(|best, p| {
            let newer = (p.step, p.timestamp).cmp(&(best.step, best.timestamp));
            match newer {
                std::cmp::Ordering::Greater => p,
                std::cmp::Ordering::Equal if p.value > best.value => p,
                _ => best,
            }
        })
    }
}

/// `[{key, value}]` from a map, or None when empty (protobuf JSON leaves empty lists out).
fn pairs(map: &BTreeMap<String, String>) -> Option<Value> {
    (!map.is_empty()).then(|| Value::Array(map.iter().map(|(k, v)| json!({"key": k, "value": v})).collect()))
}

fn put_some(obj: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        obj.insert(key.into(), v);
    }
}

pub fn number(v: f64) -> Value {
    if v.is_finite() {
        json!(v)
    } else if v.is_nan() {
        json!("NaN")
    } else if v > 0.0 {
        json!("Infinity")
    } else {
        json!("-Infinity")
    }
}

pub fn metric_json(key: &str, p: &Point) -> Value {
    json!({"key": key, "value": number(p.value), "timestamp": p.timestamp, "step": p.step})
}

pub fn experiment_json(e: &Experiment) -> Value {
    let mut o = Map::new();
    o.insert("experiment_id".into(), json!(e.id));
    o.insert("name".into(), json!(e.name));
    o.insert("artifact_location".into(), json!(e.artifact_location));
    o.insert("lifecycle_stage".into(), json!(e.lifecycle_stage));
    o.insert("last_update_time".into(), json!(e.last_update_time));
    o.insert("creation_time".into(), json!(e.creation_time));
    put_some(&mut o, "tags", pairs(&e.tags));
    Value::Object(o)
}

pub fn run_info_json(r: &Run) -> Value {
    let mut o = Map::new();
    o.insert("run_id".into(), json!(r.id));
    o.insert("run_uuid".into(), json!(r.id));
    o.insert("run_name".into(), json!(r.name));
    o.insert("experiment_id".into(), json!(r.experiment_id));
    o.insert("user_id".into(), json!(r.user_id));
    o.insert("status".into(), json!(r.status));
    put_some(&mut o, "start_time", r.start_time.map(|t| json!(t)));
    put_some(&mut o, "end_time", r.end_time.map(|t| json!(t)));
    o.insert("artifact_uri".into(), json!(r.artifact_uri));
    o.insert("lifecycle_stage".into(), json!(r.lifecycle_stage));
    Value::Object(o)
}

pub fn run_json(r: &Run) -> Value {
    let mut data = Map::new();
    let metrics: Vec<Value> = r.metrics.keys().filter_map(|k| r.latest(k).map(|p| metric_json(k, &p))).collect();
    put_some(&mut data, "metrics", (!metrics.is_empty()).then_some(Value::Array(metrics)));
    put_some(&mut data, "params", pairs(&r.params));
    put_some(&mut data, "tags", pairs(&r.tags));
    let mut inputs = Map::new();
    put_some(&mut inputs, "dataset_inputs", (!r.inputs.is_empty()).then(|| Value::Array(r.inputs.clone())));
    json!({"info": run_info_json(r), "data": data, "inputs": inputs})
}

/// JSON cannot hold NaN or ±Infinity: the state file writes them as MLflow's strings.
mod finite_or_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        match super::number(*v) {
            serde_json::Value::String(t) => s.serialize_str(&t),
            _ => s.serialize_f64(*v),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        super::parse_number(&v).ok_or_else(|| serde::de::Error::custom(format!("not a metric value: {v}")))
    }
}

/// A metric value as MLflow clients send it: a JSON number, or "NaN" / "Infinity" / "-Infinity".
pub fn parse_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match s.as_str() {
            "NaN" | "nan" => Some(f64::NAN),
            "Infinity" | "inf" => Some(f64::INFINITY),
            "-Infinity" | "-inf" => Some(f64::NEG_INFINITY),
            other => other.parse().ok(),
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_with(points: &[(f64, i64, i64)]) -> Run {
        Run {
            id: "r".into(),
            experiment_id: "e".into(),
            name: "n".into(),
            user_id: "u".into(),
            status: "RUNNING".into(),
            start_time: Some(1),
            end_time: None,
            lifecycle_stage: ACTIVE.into(),
            artifact_uri: String::new(),
            params: BTreeMap::new(),
            tags: BTreeMap::new(),
            metrics: [(
                "m".to_string(),
                points.iter().map(|&(value, timestamp, step)| Point { value, timestamp, step }).collect(),
            )]
            .into(),
            inputs: vec![],
            job: None,
        }
    }

    #[test]
    fn latest_is_largest_step_then_time_then_value() {
        let r = run_with(&[(5.0, 10, 2), (1.0, 5, 3), (9.0, 1, 1)]);
        assert_eq!(r.latest("m").unwrap().value, 1.0);
        let r = run_with(&[(5.0, 10, 3), (1.0, 11, 3)]);
        assert_eq!(r.latest("m").unwrap().value, 1.0);
        let r = run_with(&[(5.0, 10, 3), (7.0, 10, 3)]);
        assert_eq!(r.latest("m").unwrap().value, 7.0);
        assert!(r.latest("other").is_none());
    }

    #[test]
    fn empty_lists_are_left_out_and_nan_round_trips() {
        let mut r = run_with(&[(f64::NAN, 1, 0)]);
        let j = run_json(&r);
        assert_eq!(j["data"]["metrics"][0]["value"], "NaN");
        assert!(j["data"].get("params").is_none() && j["inputs"].get("dataset_inputs").is_none());
        r.metrics.clear();
        assert_eq!(run_json(&r)["data"], json!({}));
        let p: Point = serde_json::from_value(json!({"value": "-Infinity", "timestamp": 1, "step": 0})).unwrap();
        assert_eq!(p.value, f64::NEG_INFINITY);
        assert_eq!(serde_json::to_value(p).unwrap()["value"], "-Infinity");
    }
}

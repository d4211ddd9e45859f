//! Logging to a run (`runs/log-metric`, `log-batch`, `log-parameter`, `set-tag`, `delete-tag`,
//! `log-inputs`) and reading a metric back (`metrics/get-history`, paged). Checks and limits are
//! MLflow's: key names, value lengths, batch sizes, params that may not change once logged.

use super::error::MlflowError;
use super::handler::{read, write, Answer, Ctx};
use super::model::{metric_json, parse_number, Point, Run};
use super::request::{page, Req};
use super::runs::{active_run, not_found, RUN_NAME_TAG};
use crate::state::AppState;
use serde_json::{json, Map, Value};

const MAX_PARAM_VALUE: usize = 6000;
const MAX_TAG_VALUE: usize = 8000;
const MAX_BATCH_METRICS: usize = 1000;
const MAX_BATCH_PARAMS_TAGS: usize = 100;
const MAX_BATCH_TOTAL: usize = 1000;
/// The most points one get-history page returns.
pub const MAX_HISTORY_PAGE: usize = 25_000;

fn metric(m: &Map<String, Value>) -> Result<(String, Point), MlflowError> {
    let key = m.get("key").and_then(Value::as_str).unwrap_or_default().to_string();
    super::request::check_key("metric", &key)?;
    let raw = m.get("value").filter(|v| !v.is_null()).ok_or_else(|| super::request::missing("value"))?;
    let value = parse_number(raw).ok_or_else(|| {
        MlflowError::invalid(format!(
            "Got invalid value {raw} for metric '{key}'. Please specify value as a valid double (64-bit floating point)"
        ))
    })?;
    let int = |k: &str, required: bool| -> Result<i64, MlflowError> {
        match m.get(k).filter(|v| !v.is_null()) {
            None if required => Err(super::request::missing(k)),
            None => Ok(0),
            Some(v) => v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).ok_or_else(|| {
                MlflowError::invalid(format!("Got invalid {k} {v} for metric '{key}'. {k} must be an integer."))
            }),
        }
    };
    let (timestamp, step) = (int("timestamp", true)?, int("step", false)?);
    Ok((key, Point { value, timestamp, step }))
}

fn key_value(m: &Map<String, Value>, what: &str, max: usize) -> Result<(String, String), MlflowError> {
    let key = m.get("key").and_then(Value::as_str).unwrap_or_default().to_string();
    super::request::check_key(what, &key)?;
    let value = match m.get("value") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    if value.chars().count() > max {
        return Err(MlflowError::invalid(format!(
            "'{what}' value of '{key}' had length {}, which exceeded length limit of {max}",
            value.chars().count()
        )));
    }
    Ok((key, value))
}

fn add_param(r: &Run, key: &str, value: &str) -> Result<(), MlflowError> {
    match r.params.get(key) {
        Some(old) if old != value => Err(MlflowError::invalid(format!(
            "Changing param values is not allowed. Param with key='{key}' was already logged with value='{old}' for run ID='{}'. Attempted logging new value '{value}'.",
            r.id
        ))),
        _ => Ok(()),
    }
}

fn apply_tag(r: &mut Run, key: String, value: String) {
    if key == RUN_NAME_TAG {
        r.name = value.clone();
    }
    r.tags.insert(key, value);
}

pub fn log_metric(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.run_id()?;
    let (key, point) = metric(&req.params)?;
    write(st, ctx, |t| {
        active_run(t, &id)?.metrics.entry(key).or_default().push(point);
        Ok(json!({}))
    })
}

pub fn log_param(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.run_id()?;
    let (key, value) = key_value(&req.params, "param", MAX_PARAM_VALUE)?;
    write(st, ctx, |t| {
        let r = active_run(t, &id)?;
        add_param(r, &key, &value)?;
        r.params.insert(key, value);
        Ok(json!({}))
    })
}

pub fn set_tag(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.run_id()?;
    let (key, value) = key_value(&req.params, "tag", MAX_TAG_VALUE)?;
    write(st, ctx, |t| {
        apply_tag(active_run(t, &id)?, key, value);
        Ok(json!({}))
    })
}

pub fn delete_tag(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.run_id()?;
    let key = req.string("key")?;
    write(st, ctx, |t| {
        let r = active_run(t, &id)?;
        if r.tags.remove(&key).is_none() {
            return Err(MlflowError::not_found(format!("No tag with name: {key} in run with id {id}")));
        }
        Ok(json!({}))
    })
}

/// All of a batch is checked before any of it is applied (MLflow's batches are all or nothing).
pub fn log_batch(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.run_id()?;
    let (metrics, params, tags) = (req.objects("metrics")?, req.objects("params")?, req.objects("tags")?);
    let limits = [
        ("metrics", metrics.len(), MAX_BATCH_METRICS),
        ("params", params.len(), MAX_BATCH_PARAMS_TAGS),
        ("tags", tags.len(), MAX_BATCH_PARAMS_TAGS),
    ];
    for (what, n, max) in limits {
        if n > max {
            return Err(MlflowError::invalid(format!("A batch logging request can contain at most {max} {what}. Got {n} {what}. Please split up {what} across multiple requests and try again.")));
        }
    }
    let total = metrics.len() + params.len() + tags.len();
    if total > MAX_BATCH_TOTAL {
        return Err(MlflowError::invalid(format!("A batch logging request can contain at most {MAX_BATCH_TOTAL} metrics, params, and tags in total. Got {total} total.")));
    }
    let metrics = metrics.iter().map(metric).collect::<Result<Vec<_>, _>>()?;
    let params = params.iter().map(|p| key_value(p, "param", MAX_PARAM_VALUE)).collect::<Result<Vec<_>, _>>()?;
    let tags = tags.iter().map(|p| key_value(p, "tag", MAX_TAG_VALUE)).collect::<Result<Vec<_>, _>>()?;
    write(st, ctx, |t| {
        let r = active_run(t, &id)?;
        let mut seen: std::collections::BTreeMap<&str, &str> = Default::default();
        for (k, v) in &params {
            add_param(r, k, v)?;
            if seen.insert(k, v).is_some_and(|old| old != v) {
                return Err(MlflowError::invalid(format!("Duplicate parameter keys with different values: '{k}'.")));
            }
        }
        for (k, p) in metrics {
            r.metrics.entry(k).or_default().push(p);
        }
        for (k, v) in params {
            r.params.insert(k, v);
        }
        for (k, v) in tags {
            apply_tag(r, k, v);
        }
        Ok(json!({}))
    })
}

pub fn log_inputs(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.run_id()?;
    let datasets = match req.value("datasets") {
        None => vec![],
        Some(Value::Array(a)) => a.clone(),
        Some(v) => {
            return Err(MlflowError::invalid(format!("Invalid value {v} for parameter 'datasets': expected a list.")))
        }
    };
    write(st, ctx, |t| {
        active_run(t, &id)?.inputs.extend(datasets);
        Ok(json!({}))
    })
}

/// A metric's values in the order they were logged; paged when `max_results` is given.
pub fn get_history(st: &AppState, ctx: &Ctx, req: &Req) -> Answer {
    let id = req.run_id()?;
    let key = req.string("metric_key")?;
    let size = req.max_results(usize::MAX, MAX_HISTORY_PAGE)?;
    let offset = req.offset()?;
    let points = read(st, ctx, |t| t.run(&id).map(|r| r.metrics.get(&key).cloned().unwrap_or_default()));
    let points = points.ok_or_else(|| not_found(&id))?;
    let (items, next) = page(&points, offset, size);
    let mut body = json!({});
    if !items.is_empty() {
        body["metrics"] = Value::Array(items.iter().map(|p| metric_json(&key, p)).collect());
    }
    if let Some(n) = next {
        body["next_page_token"] = json!(n);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_values() {
        let m = |v: Value| metric(v.as_object().unwrap());
        let (_, p) = m(json!({"key": "a", "value": "NaN", "timestamp": 5})).unwrap();
        assert!(p.value.is_nan() && p.step == 0 && p.timestamp == 5);
        assert!(m(json!({"key": "a", "value": "high", "timestamp": 5})).is_err());
        assert!(m(json!({"key": "a", "value": 1.0})).is_err());
        assert_eq!(m(json!({"key": "a", "value": 2, "timestamp": "7", "step": "3"})).unwrap().1.step, 3);
    }
}

//! An MLflow request's parameters, read the way MLflow's server reads them: a JSON body for
//! POST, the query string for GET (a repeated name makes a list), with MLflow's messages for a
//! missing or mistyped parameter. Also the opaque page tokens of the paged searches.

use super::error::MlflowError;
use crate::util::{b64url, b64url_decode};
use axum::http::Method;
use percent_encoding::percent_decode_str;
use serde_json::{json, Map, Value};

pub struct Req {
    pub params: Map<String, Value>,
}

fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
}

impl Req {
    pub fn parse(method: &Method, query: Option<&str>, body: &[u8]) -> Result<Req, MlflowError> {
        let mut params = Map::new();
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (decode(k), json!(decode(v)));
            match params.get_mut(&k) {
                Some(Value::Array(a)) => a.push(v),
                Some(old) => *old = json!([old.clone(), v]),
                None => {
                    params.insert(k, v);
                }
            }
        }
        if *method != Method::GET && !body.iter().all(u8::is_ascii_whitespace) {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(m)) => params.extend(m),
                _ => return Err(MlflowError::invalid("Malformed request body: expected a JSON object.")),
            }
        }
        Ok(Req { params })
    }

    fn present(&self, key: &str) -> Option<&Value> {
        self.params.get(key).filter(|v| !v.is_null())
    }

    /// A required string parameter (MLflow: "Missing value for required parameter 'x'.").
    pub fn string(&self, key: &str) -> Result<String, MlflowError> {
        self.opt_string(key)?.filter(|s| !s.is_empty()).ok_or_else(|| missing(key))
    }

    pub fn opt_string(&self, key: &str) -> Result<Option<String>, MlflowError> {
        match self.present(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(v) => {
                Err(MlflowError::invalid(format!("Invalid value {v} for parameter '{key}': expected a string.")))
            }
        }
    }

    /// `run_id`, or the older `run_uuid` some clients still send.
    pub fn run_id(&self) -> Result<String, MlflowError> {
        match self.opt_string("run_id")?.filter(|s| !s.is_empty()) {
            Some(id) => Ok(id),
            None => self.string("run_uuid").map_err(|_| missing("run_id")),
        }
    }

    pub fn opt_i64(&self, key: &str) -> Result<Option<i64>, MlflowError> {
        match self.present(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
            Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => Ok(s.trim().parse().ok()),
            Some(v) => Err(MlflowError::invalid(format!(
                "Invalid value {v} for parameter '{key}' supplied. Hint: Value was of type {}. See the API docs for more information about request parameters.",
                type_name(v)
            ))),
        }
    }

    /// A list of strings (a JSON array, or a repeated query parameter).
    pub fn strings(&self, key: &str) -> Result<Vec<String>, MlflowError> {
        match self.present(key) {
            None => Ok(vec![]),
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(MlflowError::invalid(format!("Invalid value {other} in '{key}': expected strings."))),
                })
                .collect(),
            Some(v) => Err(MlflowError::invalid(format!("Invalid value {v} for parameter '{key}': expected a list."))),
        }
    }

    /// A list of objects (`metrics`, `params`, `tags` of log-batch; `tags` of create).
    pub fn objects(&self, key: &str) -> Result<Vec<Map<String, Value>>, MlflowError> {
        match self.present(key) {
            None => Ok(vec![]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_object()
                        .cloned()
                        .ok_or_else(|| MlflowError::invalid(format!("Invalid value {v} in '{key}': expected objects.")))
                })
                .collect(),
            Some(v) => Err(MlflowError::invalid(format!("Invalid value {v} for parameter '{key}': expected a list."))),
        }
    }

    pub fn value(&self, key: &str) -> Option<&Value> {
        self.present(key)
    }

    /// `max_results` within `1..=limit`, else `default`.
    pub fn max_results(&self, default: usize, limit: usize) -> Result<usize, MlflowError> {
        match self.opt_i64("max_results")? {
            None => Ok(default),
            Some(n) if n >= 1 && n as usize <= limit => Ok(n as usize),
            Some(n) => Err(MlflowError::invalid(format!(
                "Invalid value {n} for parameter 'max_results' supplied. It must be at most {limit}, and at least 1."
            ))),
        }
    }

    /// The offset a `page_token` carries (0 without one).
    pub fn offset(&self) -> Result<usize, MlflowError> {
        match self.opt_string("page_token")?.filter(|t| !t.is_empty()) {
            None => Ok(0),
            Some(t) => read_token(&t).ok_or_else(|| {
                MlflowError::invalid(format!("Invalid page token '{t}', could not base64-decode it into an offset."))
            }),
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "str",
        Value::Number(_) => "float",
        Value::Bool(_) => "bool",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
        Value::Null => "None",
    }
}

pub fn missing(key: &str) -> MlflowError {
    MlflowError::invalid(format!(
        "Missing value for required parameter '{key}'. See the API docs for more information about request parameters."
    ))
}

/// The next page's token: an opaque encoding of the offset (MLflow's servers use base64 JSON too).
pub fn page_token(offset: usize) -> String {
    b64url(json!({"offset": offset}).to_string().as_bytes())
}

fn read_token(t: &str) -> Option<usize> {
    let v: Value = serde_json::from_slice(&b64url_decode(t)?).ok()?;
    v["offset"].as_u64().map(|n| n as usize)
}

/// One page of `items` from `offset`, with `next_page_token` when more remain.
pub fn page<T: Clone>(items: &[T], offset: usize, size: usize) -> (Vec<T>, Option<String>) {
    let end = offset.saturating_add(size).min(items.len());
    let slice = items.get(offset.min(items.len())..end).unwrap_or(&[]).to_vec();
    let next = (end < items.len()).then(|| page_token(end));
    (slice, next)
}

const MAX_KEY: usize = 250;
/// Names may hold letters, digits, `_ - . : /` and spaces, must not be paths that climb or start at
/// the root, and are at most 250 characters (MLflow's `_validate_metric_name` and friends).
pub fn check_key(what: &str, key: &str) -> Result<(), MlflowError> {
    if key.is_empty() {
        return Err(missing("key"));
    }
    let allowed = key.chars().all(|c| c.is_alphanumeric() || "_-.:/ ".contains(c));
    let climbs = key.starts_with('/') || key.split('/').any(|s| s == ".." || s == ".");
    if !allowed || climbs {
        return Err(MlflowError::invalid(format!(
            "Invalid {what} name: '{key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/)."
        )));
    }
    if key.chars().count() > MAX_KEY {
        return Err(MlflowError::invalid(format!(
            "'{what}' key '{key}' had length {}, which exceeded length limit of {MAX_KEY}",
            key.chars().count()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_lists_and_body() {
        let r = Req::parse(&Method::GET, Some("run_id=a%20b&experiment_ids=1&experiment_ids=2"), b"").unwrap();
        assert_eq!(r.string("run_id").unwrap(), "a b");
        assert_eq!(r.strings("experiment_ids").unwrap(), vec!["1", "2"]);
        let r = Req::parse(&Method::POST, None, br#"{"max_results": 5, "page_token": null}"#).unwrap();
        assert_eq!(r.max_results(1000, 50000).unwrap(), 5);
        assert_eq!(r.offset().unwrap(), 0);
        assert!(Req::parse(&Method::POST, None, b"[1]").is_err());
        assert!(r.string("absent").unwrap_err().message.contains("Missing value for required parameter 'absent'"));
    }

    #[test]
    fn pages_and_tokens() {
        let items: Vec<u32> = (0..5).collect();
        let (p, next) = page(&items, 0, 2);
        assert_eq!(p, vec![0, 1]);
        assert_eq!(read_token(next.as_deref().unwrap()), Some(2));
        let (p, next) = page(&items, 4, 2);
        assert_eq!((p, next), (vec![4], None));
        assert_eq!(page(&items, 9, 2).0, Vec::<u32>::new());
        let r = Req::parse(&Method::GET, Some("page_token=garbage"), b"").unwrap();
        assert_eq!(r.offset().unwrap_err().code, "INVALID_PARAMETER_VALUE");
    }

    #[test]
    fn key_names() {
        assert!(check_key("metric", "train/loss step:1 a-b.c_d").is_ok());
        assert!(check_key("metric", "bad!name").is_err());
        assert!(check_key("metric", "../up").is_err());
        assert!(check_key("metric", "/abs").is_err());
        assert!(check_key("metric", &"k".repeat(251)).is_err());
        assert_eq!(check_key("metric", "").unwrap_err().code, "INVALID_PARAMETER_VALUE");
    }
}

//! The MLflow tracking base of a workspace and its requests, and MLflow's answers read as
//! results (a 2xx body, or MLflow's error body `error_code` + `message` as an [`ApiError`]).

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::arm::{request, WorkspaceRef};
use crate::error::ApiError;
use crate::jobs::DataPlane;
use crate::request::{HttpRequest, HttpResponse, Method};
use crate::url::encode_query_value;

/// The largest page `metrics/get-history` serves (MLflow's documented limit).
pub const MAX_HISTORY_PAGE: u32 = 25_000;

/// The MLflow tracking base of one workspace: `{data plane}/mlflow/v1.0{workspace ARM path}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tracking {
    base: String,
}

impl Tracking {
    pub fn new(data_plane: &DataPlane, ws: &WorkspaceRef) -> Tracking {
        Tracking { base: format!("{}/mlflow/v1.0{}", data_plane.base(), ws.arm_path()) }
    }

    /// What a client sets as `MLFLOW_TRACKING_URI` (https form).
    pub fn base(&self) -> &str {
        &self.base
    }

    fn op(&self, op: &str, query: &[(&str, &str)]) -> HttpRequest {
        let q: Vec<String> = query.iter().map(|(k, v)| format!("{k}={}", encode_query_value(v))).collect();
        request(Method::Get, format!("{}/api/2.0/mlflow/{op}?{}", self.base, q.join("&")))
    }

    /// GET `runs/get`: info, the latest value of every metric, params and tags.
    pub fn get_run(&self, run_id: &str) -> HttpRequest {
        self.op("runs/get", &[("run_id", run_id)])
    }

    /// GET one page of `metrics/get-history` (`page_token` from the previous page's answer).
    pub fn metric_history(&self, run_id: &str, key: &str, max_results: u32, page_token: Option<&str>) -> HttpRequest {
        let max = max_results.clamp(1, MAX_HISTORY_PAGE).to_string();
        let mut q = vec![("run_id", run_id), ("metric_key", key), ("max_results", max.as_str())];
        if let Some(t) = page_token {
            q.push(("page_token", t));
        }
        self.op("metrics/get-history", &q)
    }
}

/// MLflow's error body.
#[derive(Deserialize)]
struct MlflowError {
    error_code: Option<String>,
    message: Option<String>,
}

/// A 2xx body as `T`; otherwise the error with MLflow's `error_code` as its code (an ARM-style
/// or gateway body, e.g. a 401 from the front door, is read as the ARM error parser reads it).
pub fn parse<T: DeserializeOwned>(resp: &HttpResponse) -> Result<T, ApiError> {
    if resp.is_success() {
        return crate::error::parse_json(resp);
    }
    let mut err = ApiError::from_response(resp);
    if let Ok(MlflowError { error_code: Some(code), message }) = serde_json::from_str::<MlflowError>(&resp.body) {
        if !code.is_empty() {
            err.code = code;
            if let Some(m) = message.filter(|m| !m.is_empty()) {
                err.message = m;
            }
        }
    }
    Err(err)
}

/// `RESOURCE_DOES_NOT_EXIST` (or a bare 404): the run is not there.
pub fn is_missing(e: &ApiError) -> bool {
    e.code == "RESOURCE_DOES_NOT_EXIST" || (e.status == Some(404) && e.code.starts_with("HttpStatus"))
}

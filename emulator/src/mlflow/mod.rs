//! MLflow tracking as Azure ML serves it: MLflow's own REST API (`/api/2.0/mlflow/...`) under a
//! workspace's data-plane prefix
//! `/mlflow/v1.0/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}`
//! (docs/azure-ml-rest.md §MLflow). A job's run id is the job name and its experiment is the
//! job's experiment (`job_runs`), so `mlflow.log_metric` inside a job logs to that job.
//!
//! Same token check as the RunHistory data plane (ARM or `https://ml.azure.com` audience), CORS
//! from the app's layer. Errors are MLflow's: `{"error_code": "RESOURCE_DOES_NOT_EXIST", "message"}`
//! with MLflow's status for the code (404; 400 for `INVALID_PARAMETER_VALUE` and
//! `RESOURCE_ALREADY_EXISTS`; 404 `ENDPOINT_NOT_FOUND` for an unknown route).

mod error;
pub mod experiments;
mod handler;
pub mod job_runs;
pub mod metrics;
pub mod model;
pub mod request;
pub mod runs;
pub mod search;

use crate::arm::case::Routes;
use crate::arm::token_check;
use crate::state::AppState;
use crate::store::workspace_id;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use request::Req;
use serde::Deserialize;
use serde_json::Value;

pub use error::MlflowError;
pub use handler::{read, tracking_uri, write, Answer, Ctx};

/// The workspace prefix of Azure ML's MLflow endpoint.
pub const PREFIX: &str =
    "/mlflow/v1.0/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";

type Handler = fn(&AppState, &Ctx, &Req) -> Answer;

/// Every MLflow operation served: (method, path below `/api/2.0/mlflow/`, handler).
const OPERATIONS: &[(&str, &str, Handler)] = &[
    ("GET", "experiments/get-by-name", experiments::get_by_name),
    ("GET", "experiments/get", experiments::get),
    ("POST", "experiments/create", experiments::create),
    ("POST", "experiments/search", experiments::search),
    ("GET", "experiments/search", experiments::search),
    ("POST", "experiments/update", experiments::update),
    ("POST", "experiments/delete", experiments::delete),
    ("POST", "experiments/restore", experiments::restore),
    ("POST", "experiments/set-experiment-tag", experiments::set_tag),
    ("POST", "runs/create", runs::create),
    ("GET", "runs/get", runs::get),
    ("POST", "runs/update", runs::update),
    ("POST", "runs/delete", runs::delete),
    ("POST", "runs/restore", runs::restore),
    ("POST", "runs/search", runs::search),
    ("GET", "runs/search", runs::search),
    ("POST", "runs/log-metric", metrics::log_metric),
    ("POST", "runs/log-batch", metrics::log_batch),
    ("POST", "runs/log-parameter", metrics::log_param),
    ("POST", "runs/set-tag", metrics::set_tag),
    ("POST", "runs/delete-tag", metrics::delete_tag),
    ("POST", "runs/log-inputs", metrics::log_inputs),
    ("GET", "metrics/get-history", metrics::get_history),
];

pub fn routes(st: &AppState) -> Routes {
    let mut routes = Routes::new();
    // `preview` is the path older MLflow clients use for the same operations.
    for api in ["/api/2.0/mlflow/{*op}", "/api/2.0/preview/mlflow/{*op}"] {
        routes = routes.route(&format!("{PREFIX}{api}"), any(dispatch));
    }
    routes
        .route("/mlflow/v1.0/{*rest}", any(endpoint_not_found))
        .map_router(|r| r.layer(from_fn_with_state(st.clone(), check_token)))
}

/// The data plane's token check; the claims go to the handler (MLflow's `user_id`).
async fn check_token(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    match token_check::check_for(&st, req.headers(), &st.config.data_plane_audiences()) {
        Ok(claims) => {
            req.extensions_mut().insert(Caller(claims));
            next.run(req).await
        }
        Err(r) => r,
    }
}

#[derive(Clone)]
struct Caller(Value);

#[derive(Deserialize)]
struct OpPath {
    sub: String,
    rg: String,
    ws: String,
    op: String,
}

async fn endpoint_not_found(uri: Uri) -> Response {
    let e = MlflowError {
        status: StatusCode::NOT_FOUND,
        code: "ENDPOINT_NOT_FOUND",
        message: format!("No API endpoint found for '{}'.", uri.path()),
    };
    e.into_response()
}

async fn dispatch(
    State(st): State<AppState>,
    Path(p): Path<OpPath>,
    method: Method,
    uri: Uri,
    axum::Extension(Caller(caller)): axum::Extension<Caller>,
    body: Bytes,
) -> Response {
    let op = p.op.trim_end_matches('/');
    let Some((_, _, handler)) = OPERATIONS.iter().find(|(m, path, _)| *path == op && *m == method.as_str()) else {
        if OPERATIONS.iter().any(|(_, path, _)| *path == op) {
            let e = MlflowError {
                status: StatusCode::METHOD_NOT_ALLOWED,
                code: "BAD_REQUEST",
                message: format!("The method {method} is not allowed for '{op}'."),
            };
            return e.into_response();
        }
        return endpoint_not_found(uri).await;
    };
    let ws_id = {
        let store = st.store.read().unwrap();
        match store.workspace(&p.sub, &p.rg, &p.ws) {
            Some(w) => w["id"].as_str().map(str::to_string).unwrap_or_else(|| workspace_id(&p.sub, &p.rg, &p.ws)),
            None => return MlflowError::not_found(format!("Workspace '{}' was not found.", p.ws)).into_response(),
        }
    };
    let req = match Req::parse(&method, uri.query(), &body) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let ctx = Ctx { ws_id, caller, public_url: st.config.public_url.clone() };
    match handler(&st, &ctx, &req) {
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

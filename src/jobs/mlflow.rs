//! Sends the MLflow reads of one run (the protocol is `aml_api::mlflow::RunMetrics`): the run
//! itself (`runs/get`), then every history page a read in progress needs. Used by the job
//! details' metrics (in rounds) and by the compare page (once per run).

use crate::error::{ui_error, UiError};
use crate::http::Api;
use aml_api::mlflow::{self, Run, RunMetrics, RunResponse, Tracking};

/// Why a run could not be read: it does not exist (`missing`), or the read failed.
pub struct RunReadError {
    pub missing: bool,
    pub error: Option<UiError>,
}

fn read_error(e: aml_api::ApiError, resp: &aml_api::HttpResponse) -> UiError {
    ui_error(e, resp.header("x-ms-client-request-id").map(str::to_string))
}

/// `runs/get` of the run `rm` follows.
pub async fn read_run(api: &Api, t: &Tracking, rm: &RunMetrics) -> Result<Run, RunReadError> {
    let resp = api.send(rm.run_request(t)).await.map_err(|e| RunReadError { missing: false, error: Some(e) })?;
    match mlflow::parse::<RunResponse>(&resp) {
        Ok(RunResponse { run: Some(run) }) => Ok(run),
        Ok(RunResponse { run: None }) => Err(RunReadError { missing: true, error: None }),
        Err(e) => Err(RunReadError { missing: mlflow::is_missing(&e), error: Some(read_error(e, &resp)) }),
    }
}

/// Sends every history page the reads started by `rm.on_run` need, one at a time. The last
/// failure, if any (the other histories are still read).
pub async fn read_histories(api: &Api, t: &Tracking, rm: &mut RunMetrics) -> Option<UiError> {
    let mut failed = None;
    while let Some((key, req)) = rm.next_request(t) {
        match api.send(req).await {
            Ok(resp) => {
                if let Err(e) = rm.on_history(&key, &resp) {
                    failed = Some(read_error(e, &resp));
                }
            }
            Err(e) => {
                rm.abandon(&key);
                failed = Some(e);
            }
        }
    }
    failed
}

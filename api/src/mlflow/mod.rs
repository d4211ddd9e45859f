//! MLflow tracking as Azure ML serves it, the sans-IO half (docs/azure-ml-rest.md §MLflow):
//! every workspace answers MLflow's own REST API under
//! `{data plane}/mlflow/v1.0/subscriptions/…/workspaces/{ws}`, a job's MLflow run id is the job
//! name, and its experiment is the job's experiment.
//!
//! * [`tracking`] — [`Tracking`], the request builders (`runs/get`, `metrics/get-history`), and
//!   [`parse`] of answers.
//! * [`model`] — runs, metrics, params and tags as MLflow writes them, read tolerantly (numbers
//!   as JSON numbers or strings, `"NaN"`/`"Infinity"`, fields missing).
//! * [`history`] — one metric's history read page by page, and re-read from its last page
//!   while the run grows; [`refresh`] — which histories a refresh round must read.

pub mod history;
pub mod model;
pub mod refresh;
pub mod tracking;

pub use history::HistoryReader;
pub use model::{HistoryPage, KeyValue, Metric, Run, RunData, RunInfo, RunResponse};
pub use refresh::RunMetrics;
pub use tracking::{is_missing, parse, Tracking, MAX_HISTORY_PAGE};

//! What the metric rounds found, shared by the poll loop and the view.

use crate::error::UiError;
use aml_api::metrics::Point;
use aml_api::mlflow::Run;
use leptos::prelude::*;
use std::sync::Arc;

/// Signals the poll loop sets and the section reads (copied into both).
#[derive(Clone, Copy)]
pub struct State {
    pub run: RwSignal<Option<Run>>,
    /// (metric key, history) in key order.
    pub series: RwSignal<Vec<(String, Arc<Vec<Point>>)>>,
    pub error: RwSignal<Option<UiError>>,
    /// The job has no MLflow run.
    pub missing: RwSignal<bool>,
    /// When the last round ended (epoch ms).
    pub updated: RwSignal<Option<f64>>,
    /// Rounds still run (the job has not ended).
    pub live: RwSignal<bool>,
    /// Waiting for the tab to be shown again.
    pub paused: RwSignal<bool>,
}

//! The metrics of one job on its details page: the job's MLflow run (run id = job name,
//! docs/azure-ml-rest.md §MLflow) as one chart per metric — x by step, wall time or relative
//! time, smoothing, log scale per chart, min / max / last, CSV of the history — and its params
//! and tags as tables. While the job runs the charts grow (poll.rs: one round per 10 s at most,
//! none while the tab is hidden, none after the end).
//!
//! Mounted with one line: `<JobMetrics ws=… job=… job_status=…/>`.

pub mod poll;
mod state;

use crate::components::chart::controls::{ChartControls, LogToggle};
use crate::components::chart::{tz_offset_min, ChartSeries, LineChart};
use crate::components::error_box::ErrorBox;
use crate::http::use_api;
use crate::i18n::{t, tf};
use aml_api::metrics::csv::{csv_file_name, history_csv};
use aml_api::metrics::{format, summarize, Point, XAxis};
use aml_api::mlflow::{KeyValue, Run};
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use state::State;
use std::sync::Arc;

/// Props: `ws` – the workspace; `job` – the job name (its MLflow run id); `job_status` – the
/// job's status as the page knows it (a terminal one ends the rounds). A change of workspace or
/// job starts over.
#[component]
pub fn JobMetrics(
    #[prop(into)] ws: Signal<WorkspaceRef>,
    #[prop(into)] job: Signal<String>,
    #[prop(into)] job_status: Signal<String>,
) -> impl IntoView {
    move || {
        let (ws, job) = (ws.get(), job.get());
        view! { <RunMetricsSection ws=ws job=job job_status=job_status /> }
    }
}

#[component]
fn RunMetricsSection(ws: WorkspaceRef, job: String, job_status: Signal<String>) -> impl IntoView {
    let state = State {
        run: RwSignal::new(None),
        series: RwSignal::new(vec![]),
        error: RwSignal::new(None),
        missing: RwSignal::new(false),
        updated: RwSignal::new(None),
        live: RwSignal::new(true),
        paused: RwSignal::new(false),
    };
    poll::start(use_api(), ws, job.clone(), job_status, state);
    let (x_axis, smoothing) = (RwSignal::new(XAxis::Step), RwSignal::new(0.0f64));
    let tz = tz_offset_min();
    // Relative time counts from the run's start (else from its first value).
    let origin = Signal::derive(move || {
        state.run.with(|r| r.as_ref().and_then(|r| r.info.start_time)).unwrap_or_else(|| {
            state.series.with(|s| s.iter().filter_map(|(_, p)| p.iter().map(|p| p.timestamp).min()).min().unwrap_or(0))
        })
    });
    let status = move || match (state.updated.get(), state.live.get(), state.paused.get()) {
        (None, _, _) => t("metrics.loading", "Loading metrics…").to_string(),
        (Some(_), true, true) => t("metrics.paused", "Paused while the tab is hidden.").to_string(),
        (Some(at), true, false) => tf(
            "metrics.updated",
            "Updated {time} · refreshed every 10 s while the job runs",
            &[("time", &clock(at, tz))],
        ),
        (Some(at), false, _) => tf("metrics.final", "Final values, read {time}", &[("time", &clock(at, tz))]),
    };
    let has_metrics = move || state.series.with(|s| !s.is_empty());
    let params = Signal::derive(move || state.run.with(|r| r.as_ref().map(Run::params).unwrap_or_default()));
    let tags = Signal::derive(move || state.run.with(|r| r.as_ref().map(Run::tags).unwrap_or_default()));
    view! {
        <section class="card metrics-card" data-testid="job-metrics" data-live=move || state.live.get().to_string()>
            <div class="section-head">
                <h2>{t("metrics.title", "Metrics")}</h2>
                <span class="muted" data-testid="metrics-status" role="status">
                    {status}
                </span>
            </div>
            {move || {
                state
                    .error
                    .get()
                    .map(|e| {
                        view! { <ErrorBox error=e title=t("metrics.failed", "Could not read the job's metrics") /> }
                    })
            }}
            {move || {
                state
                    .missing
                    .get()
                    .then(|| {
                        view! {
                            <p class="muted" data-testid="metrics-missing">
                                {t("metrics.no_run", "This job has no MLflow run (yet).")}
                            </p>
                        }
                    })
            }}
            {move || {
                (state.updated.get().is_some() && !state.missing.get() && !has_metrics())
                    .then(|| {
                        view! {
                            <p class="muted" data-testid="metrics-empty">
                                {t("metrics.none", "No metrics logged yet. A script logs them with mlflow.log_metric.")}
                            </p>
                        }
                    })
            }}
            <Show when=has_metrics>
                <ChartControls x_axis=x_axis smoothing=smoothing />
            </Show>
            <div class="chart-grid">
                <For
                    each=move || state.series.with(|s| s.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>())
                    key=|k| k.clone()
                    let:key
                >
                    <MetricCard key=key job=job.clone() state=state x_axis=x_axis smoothing=smoothing origin=origin />
                </For>
            </div>
            <div class="metrics-tables">
                <KeyValueTable
                    title=t("metrics.params", "Params")
                    empty=t("metrics.no_params", "No params.")
                    testid="metrics-params"
                    rows=params
                />
                <KeyValueTable
                    title=t("job.tags", "Tags")
                    empty=t("metrics.no_tags", "No tags.")
                    testid="metrics-tags"
                    rows=tags
                />
            </div>
        </section>
    }
}

fn clock(ms: f64, tz: i32) -> String {
    format::wall_time(ms as i64, tz).split_once(' ').map(|(_, t)| t.to_string()).unwrap_or_default()
}

#[component]
fn MetricCard(
    key: String,
    job: String,
    state: State,
    x_axis: RwSignal<XAxis>,
    smoothing: RwSignal<f64>,
    origin: Signal<i64>,
) -> impl IntoView {
    let log_y = RwSignal::new(false);
    let k = key.clone();
    let points = Memo::new_with_compare(
        move |_| state.series.with(|s| s.iter().find(|(n, _)| *n == k).map(|(_, p)| p.clone()).unwrap_or_default()),
        |a, b| !matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
    );
    let k = key.clone();
    let series = Signal::derive(move || {
        vec![ChartSeries { label: k.clone(), color: 0, points: points.get(), origin_ms: origin.get() }]
    });
    let summary = Memo::new(move |_| summarize(&points.get()));
    let stat = |label: &'static str, testid: &'static str, text: Signal<String>| {
        view! {
            <span class="stat">
                <span class="muted">{label}</span>
                " "
                <strong data-testid=testid>{text}</strong>
            </span>
        }
    };
    let opt = |v: Option<f64>| v.map(format::value).unwrap_or_else(|| "–".into());
    let file = csv_file_name(&job, &key);
    let csv_label = tf("metrics.csv", "Download the history of {key} as CSV", &[("key", &key)]);
    let (card_key, title, chart_label) = (key.clone(), key.clone(), key.clone());
    let download = move |_| {
        crate::download::save_text(&file, "text/csv", &history_csv(&points.get_untracked()));
    };
    view! {
        <article class="metric-card" data-testid="metric-card" data-key=card_key>
            <header class="metric-head">
                <h3 class="metric-title" title=title data-service="">
                    {key}
                </h3>
                <LogToggle log_y=log_y />
                <button
                    type="button"
                    class="button subtle"
                    data-testid="metric-csv"
                    on:click=download
                    aria-label=csv_label
                >
                    "CSV"
                </button>
            </header>
            <div class="metric-stats">
                {stat(t("metrics.min", "min"), "metric-min", Signal::derive(move || opt(summary.get().min)))}
                {stat(t("metrics.max", "max"), "metric-max", Signal::derive(move || opt(summary.get().max)))}
                {stat(t("metrics.last", "last"), "metric-last", Signal::derive(move || last_text(summary.get().last)))}
                {stat(
                    t("metrics.values", "values"),
                    "metric-count",
                    Signal::derive(move || summary.get().count.to_string()),
                )}
            </div>
            <LineChart label=chart_label series=series x_axis=x_axis smoothing=smoothing log_y=log_y />
        </article>
    }
}

fn last_text(last: Option<Point>) -> String {
    last.map(|p| {
        tf(
            "metrics.at_step",
            "{value} (step {step})",
            &[("value", &format::value(p.value)), ("step", &p.step.to_string())],
        )
    })
    .unwrap_or_else(|| "–".into())
}

/// Props: `title`, `testid` – the table's heading and test id; `empty` – what it says without
/// rows; `rows` – key/value pairs.
#[component]
fn KeyValueTable(
    title: &'static str,
    empty: &'static str,
    testid: &'static str,
    rows: Signal<Vec<KeyValue>>,
) -> impl IntoView {
    view! {
        <section class="kv-section">
            <h3>{title}</h3>
            {move || {
                let r = rows.get();
                if r.is_empty() {
                    return view! { <p class="muted">{empty}</p> }.into_any();
                }
                view! {
                    <table class="data compact kv" data-testid=testid>
                        <tbody>
                            {r
                                .into_iter()
                                .map(|kv| {
                                    view! {
                                        <tr data-testid="kv-row" data-key=kv.key.clone() data-service="">
                                            <th scope="row" class="mono">
                                                {kv.key.clone()}
                                            </th>
                                            <td class="mono">{kv.value}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>
    }
}

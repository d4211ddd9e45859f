//! Compare jobs (`/ws/{sub}/{rg}/{ws}/jobs/compare?ids=a,b,c`): 2 to 10 jobs' MLflow runs
//! (run id = job name, docs/azure-ml-rest.md §MLflow), one chart per metric with every run
//! overlaid and a legend, and their params side by side with the differing rows marked. The
//! selection lives in the address only, so the page can be shared; a bad selection (one job,
//! more than ten, a name that is not a job name) is explained before any request.

use super::jobs_compare_live::{load, Slot};
use crate::components::chart::controls::{ChartControls, LogToggle};
use crate::components::chart::{swatch, ChartSeries, LineChart};
use crate::components::error_box::ErrorBox;
use crate::error::UiError;
use crate::http::use_api;
use crate::i18n::{state_text, t, tf};
use crate::routes::{href, job_path, jobs_path, use_ws};
use aml_api::metrics::compare::{param_rows, parse_ids};
use aml_api::metrics::{Point, XAxis};
use aml_api::mlflow::Run;
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

#[component]
pub fn JobsComparePage() -> impl IntoView {
    let ws = use_ws();
    let query = use_query_map();
    let ids = Memo::new(move |_| query.with(|q| parse_ids(q.get("ids").as_deref())));
    let back = move || href(&jobs_path(&ws.get()));
    view! {
        <div class="page-header">
            <div>
                <h1>{t("compare.compare_jobs", "Compare jobs")}</h1>
                <p class="subtitle">
                    <a href=back>{t("compare.jobs", "Jobs")}</a>
                </p>
            </div>
        </div>
        {move || match ids.get() {
            Err(msg) => {
                view! {
                    <section class="card" data-testid="compare-invalid">
                        <p role="alert" data-testid="compare-error">
                            {msg}
                        </p>
                        <a href=back>{t("compare.back_to_the_jobs_list", "Back to the jobs list")}</a>
                    </section>
                }
                    .into_any()
            }
            Ok(ids) => view! { <Comparison ws=ws.get() ids=ids /> }.into_any(),
        }}
    }
}

#[component]
fn Comparison(ws: WorkspaceRef, ids: Vec<String>) -> impl IntoView {
    let slots: Vec<RwSignal<Slot>> = ids.iter().map(|_| RwSignal::new(Slot::Loading)).collect();
    let setup_error = RwSignal::new(None::<UiError>);
    let paused = RwSignal::new(false);
    load(use_api(), ws.clone(), ids.clone(), slots.clone(), setup_error, paused);
    let (x_axis, smoothing) = (RwSignal::new(XAxis::Step), RwSignal::new(0.0f64));
    let all = slots.clone();
    let keys = Memo::new(move |_| {
        let mut k = BTreeSet::new();
        for s in &all {
            s.with(|s| {
                if let Slot::Loaded { series, .. } = s {
                    k.extend(series.keys().cloned());
                }
            })
        }
        k.into_iter().collect::<Vec<_>>()
    });
    let all = slots.clone();
    let pending = move || all.iter().filter(|s| s.with(|s| *s == Slot::Loading)).count();
    let all = slots.clone();
    let live = Memo::new(move |_| all.iter().filter(|s| s.with(Slot::is_live)).count());
    let all = slots.clone();
    let missing: Memo<Vec<String>> = {
        let ids = ids.clone();
        Memo::new(move |_| {
            ids.iter().zip(&all).filter(|(_, s)| s.with(|s| *s == Slot::Missing)).map(|(i, _)| i.clone()).collect()
        })
    };
    let chart_ids = ids.clone();
    let chart_slots = slots.clone();
    let (runs_ids, params_ids, count) = (ids.clone(), ids.clone(), ids.len());
    view! {
        <section
            class="card metrics-card"
            data-testid="compare"
            data-runs=count
            data-live=move || (live.get() > 0).to_string()
        >
            <div class="section-head">
                <h2>{t("compare.runs", "Runs")}</h2>
                <span class="muted" role="status" data-testid="compare-status">
                    {move || match (pending(), live.get()) {
                        (0, 0) => tf("compare.status_done", "{count} jobs compared", &[("count", &count.to_string())]),
                        (0, _) if paused.get() => {
                            tf(
                                "compare.status_paused",
                                "{count} jobs compared · paused while the tab is hidden",
                                &[("count", &count.to_string())],
                            )
                        }
                        (0, 1) => {
                            tf(
                                "compare.status_one_running",
                                "{count} jobs compared · 1 still running, refreshed every 10 s",
                                &[("count", &count.to_string())],
                            )
                        }
                        (0, n) => {
                            tf(
                                "compare.status_running",
                                "{count} jobs compared · {n} still running, refreshed every 10 s",
                                &[("count", &count.to_string()), ("n", &n.to_string())],
                            )
                        }
                        (n, _) => {
                            tf(
                                "compare.status_reading",
                                "Reading {n} of {count} runs…",
                                &[("n", &n.to_string()), ("count", &count.to_string())],
                            )
                        }
                    }}
                </span>
            </div>
            {move || {
                setup_error
                    .get()
                    .map(|e| {
                        view! {
                            <ErrorBox
                                error=e
                                title=t(
                                    "compare.could_not_reach_the_workspace",
                                    "Could not reach the workspace's MLflow tracking",
                                )
                            />
                        }
                    })
            }}
            {move || {
                (!missing.get().is_empty())
                    .then(|| {
                        view! {
                            <p role="alert" class="compare-missing" data-testid="compare-missing">
                                {tf(
                                    "compare.missing",
                                    "Not found in this workspace: {names}. Check the job names in the address.",
                                    &[("names", &missing.get().join(", "))],
                                )}
                            </p>
                        }
                    })
            }}
            <RunsTable ws=ws ids=runs_ids slots=slots.clone() />
            <Show when=move || !keys.get().is_empty()>
                <ChartControls x_axis=x_axis smoothing=smoothing />
            </Show>
            <div class="chart-grid compare-grid">
                <For each=move || keys.get() key=|k| k.clone() let:key>
                    <CompareChart
                        key=key
                        ids=chart_ids.clone()
                        slots=chart_slots.clone()
                        x_axis=x_axis
                        smoothing=smoothing
                    />
                </For>
            </div>
            <ParamsTable ids=params_ids slots=slots />
        </section>
    }
}

/// When a run started (relative time counts from there), else its first value.
fn origin(run: &Run, series: &BTreeMap<String, Arc<Vec<Point>>>) -> i64 {
    run.info
        .start_time
        .unwrap_or_else(|| series.values().filter_map(|p| p.iter().map(|p| p.timestamp).min()).min().unwrap_or(0))
}

/// Props: `key` – the metric; `ids`, `slots` – the runs (colour = position); `x_axis`,
/// `smoothing` – the page's view.
#[component]
fn CompareChart(
    key: String,
    ids: Vec<String>,
    slots: Vec<RwSignal<Slot>>,
    x_axis: RwSignal<XAxis>,
    smoothing: RwSignal<f64>,
) -> impl IntoView {
    let log_y = RwSignal::new(false);
    let k = key.clone();
    let series = Memo::new(move |_| {
        ids.iter()
            .zip(&slots)
            .enumerate()
            .filter_map(|(i, (id, s))| {
                s.with(|s| match s {
                    Slot::Loaded { run, series, .. } => series.get(&k).map(|p| ChartSeries {
                        label: id.clone(),
                        color: i,
                        points: p.clone(),
                        origin_ms: origin(run, series),
                    }),
                    _ => None,
                })
            })
            .collect::<Vec<_>>()
    });
    let (card_key, title, chart_label) = (key.clone(), key.clone(), key.clone());
    view! {
        <article class="metric-card" data-testid="compare-chart" data-key=card_key>
            <header class="metric-head">
                <h3 class="metric-title" title=title>
                    {key}
                </h3>
                <LogToggle log_y=log_y />
            </header>
            <LineChart label=chart_label series=series x_axis=x_axis smoothing=smoothing log_y=log_y legend=true />
        </article>
    }
}

/// Every compared job with its colour, name, status and link.
#[component]
fn RunsTable(ws: WorkspaceRef, ids: Vec<String>, slots: Vec<RwSignal<Slot>>) -> impl IntoView {
    let rows = ids.into_iter().zip(slots).enumerate().map(|(i, (id, slot))| {
        let link = href(&job_path(&ws, &id));
        let state = move || {
            slot.with(|s| match s {
                Slot::Loading => ("loading", t("compare.reading", "Reading…").to_string()),
                Slot::Missing => ("missing", t("compare.not_found", "Not found").to_string()),
                Slot::Failed(e) => (
                    "failed",
                    tf(
                        "compare.read_failed",
                        "Could not read: {code} {message}",
                        &[("code", &e.code), ("message", &e.message)],
                    ),
                ),
                Slot::Loaded { run, stale: None, .. } => ("loaded", state_text(&run.info.status)),
                // Still shown from the round before; the next round tries again.
                Slot::Loaded { run, stale: Some(e), .. } => {
                    let status = state_text(&run.info.status);
                    let text = tf(
                        "compare.stale",
                        "{status} · refresh failed: {code} {message}",
                        &[("status", &status), ("code", &e.code), ("message", &e.message)],
                    );
                    ("loaded", text)
                }
            })
        };
        let name =
            move || slot.with(|s| if let Slot::Loaded { run, .. } = s { run.display_name() } else { String::new() });
        view! {
            <tr data-testid="compare-run" data-run=id.clone() data-state=move || state().0>
                <td>{swatch(i)}</td>
                <td>
                    <a class="mono" href=link>
                        {id.clone()}
                    </a>
                </td>
                <td class="truncate" title=name>
                    {name}
                </td>
                <td data-testid="compare-run-status">{move || state().1}</td>
            </tr>
        }
    });
    view! {
        <table class="data compact" data-testid="compare-runs">
            <thead>
                <tr>
                    <th>
                        <span class="visually-hidden">{t("compare.colour", "Colour")}</span>
                    </th>
                    <th>{t("compare.job", "Job")}</th>
                    <th>{t("compare.name", "Name")}</th>
                    <th>{t("compare.status", "Status")}</th>
                </tr>
            </thead>
            <tbody>{rows.collect_view()}</tbody>
        </table>
    }
}

/// The params of the loaded runs side by side; rows whose values differ are marked (in words
/// too, not by colour alone).
#[component]
fn ParamsTable(ids: Vec<String>, slots: Vec<RwSignal<Slot>>) -> impl IntoView {
    let table = move || {
        let loaded: Vec<(String, Vec<aml_api::mlflow::KeyValue>)> = ids
            .iter()
            .zip(&slots)
            .filter_map(|(id, s)| s.with(|s| matches!(s, Slot::Loaded { .. }).then(|| (id.clone(), params_of(s)))))
            .collect();
        let rows = param_rows(&loaded.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>());
        if rows.is_empty() {
            return view! { <p class="muted">{t("compare.no_params", "No params.")}</p> }.into_any();
        }
        let differing = rows.iter().filter(|r| r.differs).count();
        view! {
            <p class="muted" data-testid="compare-params-summary">
                {tf(
                    "compare.params_differ",
                    "{n} of {total} params differ.",
                    &[("n", &differing.to_string()), ("total", &rows.len().to_string())],
                )}
            </p>
            <div class="compare-scroll">
                <table class="data compact compare-params" data-testid="compare-params">
                    <thead>
                        <tr>
                            <th scope="col">{t("compare.param", "Param")}</th>
                            {loaded
                                .iter()
                                .map(|(id, _)| {
                                    view! {
                                        <th scope="col" class="mono">
                                            {id.clone()}
                                        </th>
                                    }
                                })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <tr
                                        class:differs=r.differs
                                        data-testid="param-row"
                                        data-key=r.key.clone()
                                        data-differs=r.differs.to_string()
                                    >
                                        <th scope="row" class="mono">
                                            {r.key.clone()}
                                            {r
                                                .differs
                                                .then(|| {
                                                    view! {
                                                        <span class="differs-mark">
                                                            {t("compare.differs", " (differs)")}
                                                        </span>
                                                    }
                                                })}
                                        </th>
                                        {r
                                            .values
                                            .into_iter()
                                            .map(|v| {
                                                view! {
                                                    <td class="mono" class:differs=r.differs>
                                                        {v.unwrap_or_else(|| "–".into())}
                                                    </td>
                                                }
                                            })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="kv-section">
            <h3>{t("compare.params", "Params")}</h3>
            {table}
        </section>
    }
}

fn params_of(s: &Slot) -> Vec<aml_api::mlflow::KeyValue> {
    match s {
        Slot::Loaded { run, .. } => run.params(),
        _ => vec![],
    }
}

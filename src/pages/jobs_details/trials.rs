//! A sweep's trials: the table (status, hyperparameters, the primary metric; sortable by the
//! metric), the parallel view of the metric per trial (our own SVG), and the best trial with a
//! link to its page. RunHistory lists the trials, MLflow has their metrics
//! (`aml_api::jobs::sweep::trials`); both are read again every 10 s while the sweep runs and the
//! tab is visible, and once after it ended.

use super::super::jobs::JobStatus;
use crate::error::UiError;
use crate::http::{use_api, Api};
use crate::i18n::{t, tf};
use crate::routes::job_path;
use aml_api::jobs::model::is_terminal;
use aml_api::jobs::sweep::parallel::{parallel, Parallel};
use aml_api::jobs::sweep::requests::{experiment_of, run_get, trial_runs_search};
use aml_api::jobs::sweep::trials::{best_trial, metric_text, sort_trials, trials, Trial, TrialSort};
use aml_api::jobs::sweep::view::objective;
use aml_api::jobs::sweep::Goal;
use aml_api::jobs::DataPlane;
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

const REFRESH_MS: u64 = 10_000;

/// The two reads of one refresh; a failed one leaves `Null` and its error.
#[derive(Clone, Default)]
struct Reads {
    children: Value,
    runs: Value,
    error: Option<UiError>,
}

async fn read(api: &Api, dp: &DataPlane, ws: &WorkspaceRef, id: &str) -> Reads {
    let mut r = Reads::default();
    match api.json::<Value>(dp.run_children(ws, id)).await {
        Ok(v) => r.children = v,
        Err(e) => r.error = Some(e),
    }
    let runs = async {
        let run: Value = api.json(run_get(dp, ws, id)).await?;
        match experiment_of(&run) {
            Some(exp) => api.json::<Value>(trial_runs_search(dp, ws, &exp, id)).await,
            None => Ok(Value::Null),
        }
    }
    .await;
    match runs {
        Ok(v) => r.runs = v,
        Err(e) => r.error = r.error.or(Some(e)),
    }
    r
}

/// Props: `ws`, `id` — the sweep; `job` — its JSON; `status` — its live status; `data_plane`.
#[component]
pub fn SweepTrials(
    ws: WorkspaceRef,
    id: String,
    job: Value,
    status: Signal<String>,
    data_plane: RwSignal<Option<DataPlane>>,
) -> impl IntoView {
    let (metric, goal) = objective(&job["properties"]);
    let reads: RwSignal<Option<Reads>> = RwSignal::new(None);
    {
        let (api, ws, id) = (use_api(), ws.clone(), id.clone());
        spawn_local(async move {
            let mut after_end = false;
            loop {
                let Some(dp) = data_plane.try_get_untracked() else { return };
                let Some(ended) = status.try_with_untracked(|s| is_terminal(s)) else { return };
                match dp {
                    Some(dp) if !crate::jobs::logs::tab_hidden() => {
                        let r = read(&api, &dp, &ws, &id).await;
                        if reads.try_set(Some(r)).is_some() || after_end {
                            return;
                        }
                        after_end = ended;
                        crate::browser::sleep_ms(if ended { 1_000 } else { REFRESH_MS }).await;
                    }
                    _ => crate::browser::sleep_ms(1_000).await,
                }
            }
        });
    }
    let sort = RwSignal::new(TrialSort::Metric { best_first: true });
    let metric_label = metric.clone();
    let rows = Memo::new({
        let metric = metric.clone();
        move |_| {
            reads.with(|r| {
                r.as_ref().map(|r| {
                    let mut t = trials(&r.children, &r.runs, &metric);
                    let best = best_trial(&job, &t, goal);
                    sort_trials(&mut t, sort.get(), goal);
                    (t, best)
                })
            })
        }
    });
    let href = {
        let ws = ws.clone();
        move |name: &str| crate::routes::href(&job_path(&ws, name))
    };
    let href2 = href.clone();
    view! {
        <section class="card sweep-trials" data-testid="sweep-trials">
            <h2>{t("trials.trials", "Trials")}</h2>
            {move || {
                reads
                    .with(|r| r.as_ref().and_then(|r| r.error.clone()))
                    .map(|e| {
                        view! {
                            <crate::components::error_box::ErrorBox
                                error=e
                                title=t("trials.could_not_read_all_of", "Could not read all of the trials")
                            />
                        }
                    })
            }}
            {move || match rows.get() {
                None => view! { <p class="muted">{t("trials.loading_trials", "Loading trials…")}</p> }.into_any(),
                Some((list, _)) if list.is_empty() => {
                    view! {
                        <p class="muted" data-testid="trials-empty">
                            {t("trials.no_trials_yet", "No trials yet.")}
                        </p>
                    }
                        .into_any()
                }
                Some((list, best)) => {
                    let best_row = best.as_ref().and_then(|b| list.iter().find(|x| &x.name == b)).cloned();
                    let plot = parallel(&list, &metric_label, best.as_deref());
                    view! {
                        {best
                            .clone()
                            .map(|b| {
                                view! {
                                    <p data-testid="best-trial">
                                        {t("trials.best_trial", "Best trial:")} " "
                                        <a data-testid="best-trial-link" href=href(&b)>
                                            {b.clone()}
                                        </a>
                                        {best_row
                                            .and_then(|r| r.metric)
                                            .map(|m| format!(" ({} = {})", metric_label, metric_text(Some(m))))}
                                    </p>
                                }
                            })}
                        <ParallelView plot=plot goal=goal />
                        <TrialTable trials=list best=best metric=metric_label.clone() sort=sort href=href2.clone() />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Props: `trials` (sorted), `best`, `metric` (its name), `sort` (the table's order), `href`.
#[component]
fn TrialTable(
    trials: Vec<Trial>,
    best: Option<String>,
    metric: String,
    sort: RwSignal<TrialSort>,
    href: impl Fn(&str) -> String + 'static,
) -> impl IntoView {
    let mut params: Vec<String> = vec![];
    for t in &trials {
        for (k, _) in &t.params {
            if !params.contains(k) {
                params.push(k.clone());
            }
        }
    }
    let metric_sort = move || match sort.get() {
        TrialSort::Metric { best_first: true } => ("descending", "↓"),
        TrialSort::Metric { best_first: false } => ("ascending", "↑"),
        TrialSort::Name => ("none", ""),
    };
    let on_metric = move |_| {
        sort.update(|s| {
            *s = match *s {
                TrialSort::Metric { best_first } => TrialSort::Metric { best_first: !best_first },
                TrialSort::Name => TrialSort::Metric { best_first: true },
            }
        })
    };
    let header_params = params.clone();
    view! {
        <div class="table-card">
            <table class="data" data-testid="trials-table">
                <thead>
                    <tr>
                        <th aria-sort=move || if sort.get() == TrialSort::Name { "ascending" } else { "none" }>
                            <button
                                class="sort-button"
                                data-testid="sort-trial"
                                on:click=move |_| sort.set(TrialSort::Name)
                            >
                                {t("trials.trial", "Trial")}
                            </button>
                        </th>
                        <th>{t("trials.status", "Status")}</th>
                        {header_params.into_iter().map(|p| view! { <th class="mono">{p}</th> }).collect_view()}
                        <th aria-sort=move || metric_sort().0>
                            <button
                                class="sort-button"
                                data-testid="sort-metric"
                                on:click=on_metric
                                title=t(
                                    "trials.sort_by_the_primary_metric",
                                    "Sort by the primary metric (best first, then worst first)",
                                )
                            >
                                {metric.clone()}
                                <span class="sort-arrow" aria-hidden="true">
                                    {move || metric_sort().1}
                                </span>
                            </button>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {trials
                        .into_iter()
                        .map(|trial| {
                            let is_best = best.as_deref() == Some(trial.name.as_str());
                            let cells: Vec<String> = params
                                .iter()
                                .map(|p| {
                                    trial
                                        .params
                                        .iter()
                                        .find(|(k, _)| k == p)
                                        .map(|(_, v)| v.clone())
                                        .unwrap_or_default()
                                })
                                .collect();
                            view! {
                                <tr
                                    data-testid="trial-row"
                                    data-name=trial.name.clone()
                                    data-status=trial.status.clone()
                                    data-best=is_best.to_string()
                                    class:best-row=is_best
                                >
                                    <td>
                                        <a href=href(&trial.name)>{trial.name.clone()}</a>
                                        {is_best
                                            .then(|| {
                                                view! {
                                                    " "
                                                    <span class="type-chip best-chip" data-testid="best-badge">
                                                        {t("trials.best", "Best")}
                                                    </span>
                                                }
                                            })}
                                    </td>
                                    <td>
                                        <JobStatus status=trial.status.clone() />
                                    </td>
                                    {cells.into_iter().map(|c| view! { <td class="mono">{c}</td> }).collect_view()}
                                    <td class="num" data-testid="trial-metric">
                                        {metric_text(trial.metric)}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

const PLOT_H: f64 = 200.0;
const TOP: f64 = 28.0;
const SIDE: f64 = 56.0;
const AXIS_GAP: f64 = 150.0;

/// The parallel view: an axis per hyperparameter and one for the metric, a line per trial
/// (the best one emphasised). Hovering a line names its trial (`<title>`).
#[component]
fn ParallelView(plot: Parallel, goal: Goal) -> impl IntoView {
    let n = plot.axes.len().max(1);
    let width = SIDE * 2.0 + AXIS_GAP * (n.saturating_sub(1)) as f64;
    let height = TOP + PLOT_H + 24.0;
    let x = move |i: usize| if n == 1 { width / 2.0 } else { SIDE + AXIS_GAP * i as f64 };
    let y = |pos: f64| TOP + (1.0 - pos) * PLOT_H;
    let path = |points: &[Option<f64>]| {
        let mut d = String::new();
        let mut pen_down = false;
        for (i, p) in points.iter().enumerate() {
            match p {
                Some(p) => {
                    d.push_str(&format!("{}{:.1} {:.1} ", if pen_down { "L" } else { "M" }, x(i), y(*p)));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        d
    };
    let goal_text = match goal {
        Goal::Maximize => t("trials.higher_better", "higher is better"),
        Goal::Minimize => t("trials.lower_better", "lower is better"),
    };
    let label = tf(
        "trials.parallel",
        "Parallel view of {n} trials: one line per trial across {axes}; the metric axis is last ({goal}).",
        &[
            ("n", &plot.lines.len().to_string()),
            ("axes", &plot.axes.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join(", ")),
            ("goal", goal_text),
        ],
    );
    let mut lines = plot.lines.clone();
    // The best line last, so it is drawn on top.
    lines.sort_by_key(|l| l.best);
    view! {
        <div class="parallel-view">
            <svg
                data-testid="parallel-view"
                role="img"
                aria-label=label
                viewBox=format!("0 0 {width} {height}")
                width=width.to_string()
                height=height.to_string()
            >
                {plot
                    .axes
                    .iter()
                    .enumerate()
                    .map(|(i, a)| {
                        view! {
                            <g class="axis" class:metric-axis=a.is_metric>
                                <line x1=x(i) x2=x(i) y1=TOP y2=TOP + PLOT_H></line>
                                <text class="axis-name" x=x(i) y=TOP - 10.0 text-anchor="middle">
                                    {a.name.clone()}
                                </text>
                                {a
                                    .ticks
                                    .iter()
                                    .map(|(p, t)| {
                                        view! {
                                            <text class="tick" x=x(i) + 5.0 y=y(*p) + 4.0>
                                                {t.clone()}
                                            </text>
                                        }
                                    })
                                    .collect_view()}
                            </g>
                        }
                    })
                    .collect_view()}
                {lines
                    .into_iter()
                    .map(|l| {
                        view! {
                            <path
                                class="trial-line"
                                class:best-line=l.best
                                d=path(&l.points)
                                data-trial=l.trial.clone()
                            >
                                <title>
                                    {if l.best {
                                        tf("trials.best_line", "{trial} (best)", &[("trial", &l.trial)])
                                    } else {
                                        l.trial.clone()
                                    }}
                                </title>
                            </path>
                        }
                    })
                    .collect_view()}
            </svg>
        </div>
    }
}

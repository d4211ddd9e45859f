//! Step 3 of a submission: the job type, and for a Sweep its search space over the command's
//! literal inputs, sampling, objective, limits and early termination. The rules and messages
//! are `aml_api::jobs::sweep` (validated with the rest of the form, before any request).

use crate::bind;
use crate::components::fields::{FieldErrors, FieldMessage, SelectField, TextField};
use crate::i18n::t;
use aml_api::jobs::sweep::form::SearchParam;
use aml_api::jobs::JobForm;
use leptos::prelude::*;

fn job_kinds() -> Vec<(&'static str, &'static str)> {
    vec![
        ("command", t("submit.kind.command", "Command: run the command once")),
        ("sweep", t("submit.kind.sweep", "Sweep: run trials over a search space")),
    ]
}
fn samplings() -> Vec<(&'static str, &'static str)> {
    vec![
        ("random", t("sweep.sampling.random", "Random")),
        ("grid", t("sweep.sampling.grid", "Grid")),
        ("bayesian", t("sweep.sampling.bayesian", "Bayesian")),
    ]
}

fn goals() -> Vec<(&'static str, &'static str)> {
    vec![("Maximize", t("sweep.goal.maximize", "Maximize")), ("Minimize", t("sweep.goal.minimize", "Minimize"))]
}

fn policies() -> Vec<(&'static str, &'static str)> {
    vec![
        ("", t("sweep.policy.none", "None")),
        ("bandit", t("sweep.policy.bandit", "Bandit")),
        ("median_stopping", t("sweep.policy.median", "Median stopping")),
        ("truncation_selection", t("sweep.policy.truncation", "Truncation selection")),
    ]
}

fn distributions() -> [(&'static str, &'static str); 4] {
    [
        ("choice", t("sweep.dist.choice", "choice (a list of values)")),
        ("uniform", t("sweep.dist.uniform", "uniform (min … max)")),
        ("loguniform", t("sweep.dist.loguniform", "loguniform (e^min … e^max)")),
        ("randint", t("sweep.dist.randint", "randint (0 … upper − 1)")),
    ]
}

/// Props: `form`, `errors`.
#[component]
pub fn SweepFields(form: RwSignal<JobForm>, errors: FieldErrors) -> impl IntoView {
    let sweep = Memo::new(move |_| form.with(JobForm::is_sweep));
    let sampling = Memo::new(move |_| form.with(|f| f.sweep.sampling.clone()));
    let policy = Memo::new(move |_| form.with(|f| f.sweep.policy.clone()));
    view! {
        <section class="card" data-testid="sweep-settings">
            <h2>{t("submit.job_type", "3. Job type")}</h2>
            <SelectField
                label=t("submit.type", "Type")
                field="job_kind"
                errors=errors
                bound=bind!(form, job_kind)
                options=job_kinds()
            />
            {move || {
                sweep
                    .get()
                    .then(|| {
                        view! {
                            <p class="muted">
                                {t(
                                    "sweep.intro",
                                    "Each trial runs the command above with the swept inputs set from the search space; the trials log the primary metric with MLflow (mlflow.log_metric).",
                                )}
                            </p>
                            <SearchSpaceEditor form=form errors=errors />
                            <div class="field-grid">
                                <SelectField
                                    label=t("sweep.sampling", "Sampling")
                                    field="sweep_sampling"
                                    errors=errors
                                    bound=bind!(form, sweep.sampling)
                                    options=samplings()
                                />
                                {move || {
                                    (sampling.get() == "random")
                                        .then(|| {
                                            view! {
                                                <TextField
                                                    label=t("sweep.random_seed", "Random seed")
                                                    field="sweep_seed"
                                                    errors=errors
                                                    bound=bind!(form, sweep.seed)
                                                    input_type="number"
                                                    hint=t("sweep.empty_none", "Empty: none.")
                                                />
                                            }
                                        })
                                }}
                            </div>
                            <div class="field-grid">
                                <TextField
                                    label=t("sweep.primary_metric", "Primary metric")
                                    field="sweep_metric"
                                    errors=errors
                                    bound=bind!(form, sweep.metric)
                                    placeholder="accuracy"
                                />
                                <SelectField
                                    label=t("sweep.goal", "Goal")
                                    field="sweep_goal"
                                    errors=errors
                                    bound=bind!(form, sweep.goal)
                                    options=goals()
                                />
                            </div>
                            <div class="field-grid">
                                <TextField
                                    label=t("sweep.max_total_trials", "Max total trials")
                                    field="sweep_max_total"
                                    errors=errors
                                    bound=bind!(form, sweep.max_total)
                                    input_type="number"
                                />
                                <TextField
                                    label=t("sweep.max_concurrent_trials", "Max concurrent trials")
                                    field="sweep_max_concurrent"
                                    errors=errors
                                    bound=bind!(form, sweep.max_concurrent)
                                    input_type="number"
                                    hint=t("sweep.empty_no_limit", "Empty: no limit.")
                                />
                                <TextField
                                    label=t("sweep.trial_timeout_minutes", "Trial timeout (minutes)")
                                    field="sweep_trial_timeout"
                                    errors=errors
                                    bound=bind!(form, sweep.trial_timeout)
                                    input_type="number"
                                    hint=t("sweep.empty_no_limit", "Empty: no limit.")
                                />
                            </div>
                            <SelectField
                                label=t("sweep.early_termination", "Early termination")
                                field="sweep_policy"
                                errors=errors
                                bound=bind!(form, sweep.policy)
                                options=policies()
                            />
                            {move || {
                                (!policy.get().is_empty())
                                    .then(|| {
                                        view! {
                                            <div class="field-grid">
                                                <TextField
                                                    label=t("sweep.evaluation_interval", "Evaluation interval")
                                                    field="sweep_interval"
                                                    errors=errors
                                                    bound=bind!(form, sweep.interval)
                                                    input_type="number"
                                                />
                                                <TextField
                                                    label=t("sweep.delay_evaluation", "Delay evaluation")
                                                    field="sweep_delay"
                                                    errors=errors
                                                    bound=bind!(form, sweep.delay)
                                                    input_type="number"
                                                />
                                            </div>
                                        }
                                    })
                            }}
                            {move || match policy.get().as_str() {
                                "bandit" => {
                                    view! {
                                        <div class="field-grid">
                                            <TextField
                                                label=t("sweep.slack_factor", "Slack factor")
                                                field="sweep_slack"
                                                errors=errors
                                                bound=bind!(form, sweep.slack_factor)
                                                hint=t("sweep.or_a_slack_amount_not", "Or a slack amount, not both.")
                                            />
                                            <TextField
                                                label=t("sweep.slack_amount", "Slack amount")
                                                field="sweep_slack_amount"
                                                errors=errors
                                                bound=bind!(form, sweep.slack_amount)
                                            />
                                        </div>
                                    }
                                        .into_any()
                                }
                                "truncation_selection" => {
                                    view! {
                                        <TextField
                                            label=t("sweep.truncation_percentage", "Truncation percentage")
                                            field="sweep_truncation"
                                            errors=errors
                                            bound=bind!(form, sweep.truncation)
                                            input_type="number"
                                        />
                                    }
                                        .into_any()
                                }
                                _ => ().into_any(),
                            }}
                        }
                    })
            }}
        </section>
    }
}

/// A text box of a search parameter row; `label` is its placeholder and accessible name.
fn text_input(
    value: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
    testid: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! {
        <input
            type="text"
            data-testid=testid
            placeholder=label
            aria-label=label
            prop:value=value
            on:input=move |ev| set(event_target_value(&ev))
        />
    }
}

/// One row per search parameter: the literal input it sweeps, its distribution and the
/// distribution's values.
#[component]
fn SearchSpaceEditor(form: RwSignal<JobForm>, errors: FieldErrors) -> impl IntoView {
    let upd = move |i: usize, f: fn(&mut SearchParam, String)| {
        move |v: String| {
            form.update(|x| {
                if let Some(p) = x.sweep.params.get_mut(i) {
                    f(p, v)
                }
            })
        }
    };
    let get = move |i: usize, f: fn(&SearchParam) -> String| {
        move || form.with(|x| x.sweep.params.get(i).map(f).unwrap_or_default())
    };
    let literals = Memo::new(move |_| {
        form.with(|f| {
            f.inputs
                .iter()
                .filter(|i| i.kind == "literal" && !i.name.trim().is_empty())
                .map(|i| i.name.trim().to_string())
                .collect::<Vec<_>>()
        })
    });
    // Memos, so typing in a row does not rebuild it (and lose focus).
    let count = Memo::new(move |_| form.with(|f| f.sweep.params.len()));
    view! {
        <div class="field">
            <label>{t("sweep.search_space", "Search space")}</label>
            {move || {
                (0..count.get())
                    .map(|i| {
                        let kind = Memo::new(move |_| {
                            form.with(|f| f.sweep.params.get(i).map(|p| p.kind.clone()).unwrap_or_default())
                        });
                        view! {
                            <div class="io-row" data-testid="search-param">
                                <select
                                    data-testid="param-name"
                                    aria-label=t("sweep.input_to_sweep", "Input to sweep")
                                    prop:value=get(i, |p| p.name.clone())
                                    on:change=move |ev| upd(i, |p, v| p.name = v)(event_target_value(&ev))
                                >
                                    <option value="">{t("sweep.input", "input…")}</option>
                                    {move || {
                                        let cur = get(i, |p| p.name.clone())();
                                        let mut names = literals.get();
                                        if !cur.is_empty() && !names.contains(&cur) {
                                            names.push(cur.clone());
                                        }
                                        names
                                            .into_iter()
                                            .map(|n| {
                                                view! {
                                                    <option value=n.clone() selected=n == cur>
                                                        {n.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()
                                    }}
                                </select>
                                <select
                                    data-testid="param-kind"
                                    aria-label=t("sweep.distribution", "Distribution")
                                    prop:value=get(i, |p| p.kind.clone())
                                    on:change=move |ev| upd(i, |p, v| p.kind = v)(event_target_value(&ev))
                                >
                                    {distributions()
                                        .into_iter()
                                        .map(|(v, text)| view! { <option value=v>{text}</option> })
                                        .collect_view()}
                                </select>
                                {move || match kind.get().as_str() {
                                    "choice" => {
                                        text_input(
                                                get(i, |p| p.values.clone()),
                                                upd(i, |p, v| p.values = v),
                                                "param-values",
                                                t("sweep.values", "values, comma separated"),
                                            )
                                            .into_any()
                                    }
                                    "randint" => {
                                        text_input(
                                                get(i, |p| p.upper.clone()),
                                                upd(i, |p, v| p.upper = v),
                                                "param-upper",
                                                t("sweep.upper", "upper"),
                                            )
                                            .into_any()
                                    }
                                    _ => {
                                        view! {
                                            {text_input(
                                                get(i, |p| p.min.clone()),
                                                upd(i, |p, v| p.min = v),
                                                "param-min",
                                                t("sweep.min", "min"),
                                            )}
                                            {text_input(
                                                get(i, |p| p.max.clone()),
                                                upd(i, |p, v| p.max = v),
                                                "param-max",
                                                t("sweep.max", "max"),
                                            )}
                                        }
                                            .into_any()
                                    }
                                }}
                                <button
                                    type="button"
                                    class="button subtle"
                                    aria-label=t("sweep.remove_search_parameter", "Remove search parameter")
                                    on:click=move |_| {
                                        form.update(|f| {
                                            f.sweep.params.remove(i);
                                        })
                                    }
                                >
                                    "✕"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button
                type="button"
                class="button subtle"
                data-testid="add-search-param"
                on:click=move |_| {
                    form.update(|f| {
                        f.sweep
                            .params
                            .push(SearchParam {
                                kind: "choice".into(),
                                ..Default::default()
                            })
                    })
                }
            >
                {t("sweep.add_search_parameter", "+ Add search parameter")}
            </button>
            <FieldMessage errors=errors field="sweep_params" />
        </div>
    }
}

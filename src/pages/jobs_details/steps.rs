//! A pipeline's steps (`aml_api::jobs::pipeline`): each step's type and component, the status of
//! the child run that ran it and a link to that run's page. Children are read again every 10 s
//! while the pipeline runs and the tab is visible, and once after it ended.

use super::super::jobs::JobStatus;
use crate::components::error_box::ErrorBox;
use crate::error::UiError;
use crate::http::use_api;
use crate::i18n::t;
use crate::routes::job_path;
use aml_api::jobs::model::is_terminal;
use aml_api::jobs::pipeline::steps;
use aml_api::jobs::DataPlane;
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

const REFRESH_MS: u64 = 10_000;

/// Props: `ws`, `id` — the pipeline; `job` — its JSON; `status`; `data_plane`.
#[component]
pub fn PipelineSteps(
    ws: WorkspaceRef,
    id: String,
    job: Value,
    status: Signal<String>,
    data_plane: RwSignal<Option<DataPlane>>,
) -> impl IntoView {
    let children: RwSignal<Option<Result<Value, UiError>>> = RwSignal::new(None);
    {
        let (api, ws, id) = (use_api(), ws.clone(), id.clone());
        spawn_local(async move {
            let mut after_end = false;
            loop {
                let Some(dp) = data_plane.try_get_untracked() else { return };
                let Some(ended) = status.try_with_untracked(|s| is_terminal(s)) else { return };
                match dp {
                    Some(dp) if !crate::jobs::logs::tab_hidden() => {
                        let r = api.json::<Value>(dp.run_children(&ws, &id)).await;
                        if children.try_set(Some(r)).is_some() || after_end {
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
    let rows = Memo::new(move |_| {
        let listing = children.with(|c| c.as_ref().and_then(|r| r.as_ref().ok()).cloned()).unwrap_or(Value::Null);
        steps(&job, &listing)
    });
    view! {
        <section class="card pipeline-steps" data-testid="pipeline-steps">
            <h2>{t("steps.steps", "Steps")}</h2>
            {move || {
                children
                    .with(|c| c.as_ref().and_then(|r| r.as_ref().err()).cloned())
                    .map(|e| {
                        view! {
                            <ErrorBox
                                error=e
                                title=t("steps.could_not_read_the_steps", "Could not read the steps' runs")
                            />
                        }
                    })
            }}
            {move || {
                let list = rows.get();
                if list.is_empty() {
                    return view! {
                        <p class="muted" data-testid="steps-empty">
                            {t(
                                "steps.this_pipeline_lists_no_steps",
                                "This pipeline lists no steps, and no step has run yet.",
                            )}
                        </p>
                    }
                        .into_any();
                }
                let ws = ws.clone();
                view! {
                    <div class="table-card">
                        <table class="data" data-testid="steps-table">
                            <thead>
                                <tr>
                                    <th>{t("steps.step", "Step")}</th>
                                    <th>{t("steps.type", "Type")}</th>
                                    <th>{t("steps.component", "Component")}</th>
                                    <th>{t("steps.status", "Status")}</th>
                                    <th>{t("steps.run", "Run")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|s| {
                                        view! {
                                            <tr data-testid="step-row" data-name=s.name.clone()>
                                                <td>{s.name.clone()}</td>
                                                <td>{s.kind.clone()}</td>
                                                <td class="mono">{s.component.clone()}</td>
                                                <td>
                                                    {match &s.run {
                                                        Some(r) if !r.status.is_empty() => {
                                                            view! { <JobStatus status=r.status.clone() /> }.into_any()
                                                        }
                                                        _ => {
                                                            view! {
                                                                <span class="muted">
                                                                    {t("steps.not_started", "Not started")}
                                                                </span>
                                                            }
                                                                .into_any()
                                                        }
                                                    }}
                                                </td>
                                                <td>
                                                    {s
                                                        .run
                                                        .map(|r| {
                                                            view! {
                                                                <a href=crate::routes::href(
                                                                    &job_path(&ws, &r.run_id),
                                                                )>{r.run_id.clone()}</a>
                                                            }
                                                        })}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

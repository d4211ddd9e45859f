//! Jobs of a workspace (`/ws/{sub}/{rg}/{ws}/jobs`): every job across experiments with status,
//! compute, submit time and duration; filters by status, experiment, compute and tag are
//! client-side (the list API only filters by tag key) and mirrored in the query string.

use crate::browser;
use crate::components::error_box::{ErrorBox, SkippedItems};
use crate::components::spinner::SkeletonRows;
use crate::fetch::{use_fetch, Fetch};
use crate::http::{use_api, Listed};
use crate::jobs::time::{now_ms, short_time};
use crate::routes::{self, job_path, jobs_path, new_job_path, use_ws};
use aml_api::jobs::list::{distinct, JobFilter};
use aml_api::jobs::tidy::is_archived;
use aml_api::jobs::{model, time::job_duration};
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use serde_json::Value;

/// Props: `status`.
#[component]
pub fn JobStatus(#[prop(into)] status: String) -> impl IntoView {
    view! {
        <span class="status job-status" data-tone=model::status_tone(&status) data-testid="job-status" data-status=status.clone()>

            <span class="status-dot" aria-hidden="true"></span>
            <span class="status-text">{status.clone()}</span>
        </span>
    }
}

/// The workspace's jobs (every page of the list), loaded again when the workspace changes.
pub fn start_jobs_list(ws: Memo<WorkspaceRef>) -> Fetch<Listed<Value>> {
    let api = use_api();
    let query = use_query_map();
    use_fetch(move || {
        let (api, ws) = (api.clone(), ws.get());
        // `?archived=1`: the "Include archived" toggle (listViewType=All; else ActiveOnly).
        let all = query.with(|q| q.get("archived").as_deref() == Some("1"));
        async move { api.fetch_list::<Value>(api.arm().list_jobs_view(&ws, all)).await }
    })
}

/// `started`: the route's workspace and job list its lazy route's `data()` already started
/// (src/lazy_routes.rs); started here when absent.
#[component]
pub fn JobsPage(#[prop(optional)] started: Option<(Memo<WorkspaceRef>, Fetch<Listed<Value>>)>) -> impl IntoView {
    let (ws, fetch) = started.unwrap_or_else(|| {
        let ws = use_ws();
        (ws, start_jobs_list(ws))
    });
    Effect::new(move |_| ws.with(routes::remember_workspace));
    let q = use_query_map().get_untracked();
    let initial = JobFilter::from_query(|k| q.get(k));
    let status_f = RwSignal::new(initial.status);
    let exp_f = RwSignal::new(initial.experiment);
    let compute_f = RwSignal::new(initial.compute);
    let tag_f = RwSignal::new(initial.tag);
    let filter = Memo::new(move |_| JobFilter {
        status: status_f.get(),
        experiment: exp_f.get(),
        compute: compute_f.get(),
        tag: tag_f.get(),
    });
    let qmap = use_query_map();
    let include_archived = Memo::new(move |_| qmap.with(|q| q.get("archived").as_deref() == Some("1")));
    Effect::new(move |prev: Option<()>| {
        let mut query = filter.with(JobFilter::query);
        if include_archived.get() {
            query = if query.is_empty() { "archived=1".into() } else { format!("{query}&archived=1") };
        }
        if prev.is_some() {
            let path = jobs_path(&ws.get_untracked());
            browser::replace_state(&if query.is_empty() { path } else { format!("{path}?{query}") });
        }
    });
    let jobs = Signal::derive(move || {
        fetch.data.with(|d| d.as_ref().and_then(|r| r.as_ref().ok()).map(|l| l.items.clone()).unwrap_or_default())
    });
    let skipped = Signal::derive(move || {
        fetch.data.with(|d| d.as_ref().and_then(|r| r.as_ref().ok()).map(|l| l.skipped.clone()).unwrap_or_default())
    });
    let shown = Memo::new(move |_| {
        filter.with(|f| jobs.with(|j| j.iter().filter(|j| f.matches(j)).cloned().collect::<Vec<_>>()))
    });
    let options = move |f: fn(&Value) -> String| Signal::derive(move || jobs.with(|j| distinct(j, f)));
    let (statuses, experiments, computes) =
        (options(model::status), options(model::experiment), options(model::compute));
    let loading = fetch.loading;
    let navigate = use_navigate();
    let set_include_archived = move |on: bool| {
        let query = filter.with_untracked(JobFilter::query);
        let query = match (on, query.is_empty()) {
            (true, true) => "archived=1".to_string(),
            (true, false) => format!("{query}&archived=1"),
            (false, _) => query,
        };
        let path = jobs_path(&ws.get_untracked());
        navigate(
            &if query.is_empty() { path } else { format!("{path}?{query}") },
            NavigateOptions { replace: true, ..Default::default() },
        );
    };
    let new_href = move || crate::routes::href(&new_job_path(&ws.get(), None));
    let select = move |label: &'static str, testid: &'static str, sig: RwSignal<String>, opts: Signal<Vec<String>>| {
        view! {
            <label class="filter">
                <span class="muted">{label}</span>
                <select data-testid=testid prop:value=move || sig.get() on:change=move |ev| sig.set(event_target_value(&ev))>
                    <option value="">"All"</option>
                    {move || opts.get().into_iter().map(|o| view! { <option value=o.clone() selected=sig.get_untracked() == o>{o.clone()}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <div class="page-header">
            <div>
                <h1>"Jobs"</h1>
                <p class="subtitle">{move || ws.with(|w| format!("{} · {}", w.workspace, w.resource_group))}</p>
            </div>
            <div class="actions">
                <a class="button primary" data-testid="new-job" href=new_href>"+ Submit job"</a>
                <button class="button" data-testid="jobs-refresh" on:click=move |_| fetch.refetch() disabled=move || loading.get()>
                    <span aria-hidden="true">"⟳"</span> "Refresh"
                </button>
            </div>
        </div>
        <div class="toolbar jobs-filters">
            {select("Status", "job-status-filter", status_f, statuses)}
            {select("Experiment", "job-experiment-filter", exp_f, experiments)}
            {select("Compute", "job-compute-filter", compute_f, computes)}
            <label class="filter">
                <span class="muted">"Tag"</span>
                <input type="text" data-testid="job-tag-filter" placeholder="key or key=value" prop:value=move || tag_f.get()
                    on:input=move |ev| tag_f.set(event_target_value(&ev))/>
            </label>
            <label class="filter">
                <input type="checkbox" data-testid="jobs-include-archived" prop:checked=move || include_archived.get()
                    on:change=move |ev| set_include_archived(event_target_checked(&ev))/>
                <span>"Include archived"</span>
            </label>
            <span class="count" data-testid="jobs-count">{move || format!("{} of {}", shown.with(Vec::len), jobs.with(Vec::len))}</span>
        </div>
        <SkippedItems skipped=skipped/>
        {move || match fetch.data.with(|d| d.as_ref().and_then(|r| r.as_ref().err()).cloned()) {
            Some(e) if !loading.get() => view! { <ErrorBox error=e title="Could not list jobs"/> }.into_any(),
            _ => view! {
                <div class="table-card">
                    <table class="data" data-testid="jobs-table">
                        <thead><tr>
                            <th>"Display name"</th><th>"Status"</th><th>"Experiment"</th><th>"Compute"</th>
                            <th>"Submitted"</th><th>"Duration"</th><th>"Name"</th>
                        </tr></thead>
                        <tbody>
                            {move || (loading.get() && jobs.with(Vec::is_empty)).then(|| view! { <SkeletonRows rows=4 cols=7/> })}
                            {move || (!loading.get() && shown.with(Vec::is_empty)).then(|| view! {
                                <tr><td class="empty-cell" colspan="7" data-testid="jobs-empty">"No jobs match. Submit one with “+ Submit job”."</td></tr>
                            })}
                            {move || shown.get().into_iter().map(|j| {
                                let href = job_path(&ws.get_untracked(), &model::name(&j));
                                view! {
                                    <tr data-testid="job-row" data-name=model::name(&j) data-status=model::status(&j)>
                                        <td><a href=crate::routes::href(&href)>{model::display_name(&j)}</a>
                                            {is_archived(&j).then(|| view! { " " <span class="type-chip" data-testid="job-row-archived">"Archived"</span> })}</td>
                                        <td><JobStatus status=model::status(&j)/></td>
                                        <td>{model::experiment(&j)}</td>
                                        <td>{model::compute(&j)}</td>
                                        <td>{short_time(&model::created(&j))}</td>
                                        <td class="num">{job_duration(&j, now_ms())}</td>
                                        <td class="muted mono">{model::name(&j)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
    }
}

//! Jobs of a workspace (`/ws/{sub}/{rg}/{ws}/jobs`). Pages of `Jobs_List` load as the list is
//! scrolled (`jobs::feed`); type, tag key and archive state are filtered by the service, status,
//! experiment, compute, tag value and name on the rows loaded so far (the page says so), sorting
//! is over loaded rows too, and only the visible rows are in the DOM (`JobsTable`). Ticked rows
//! (2–10) open the compare page. The filters and the sort are mirrored in the query string.

use crate::browser;
use crate::components::error_box::{ErrorBox, SkippedItems};
use crate::components::guard::{Guard, Guarded};
pub use crate::components::jobs_table::JobStatus;
use crate::components::jobs_table::JobsTable;
use crate::http::use_api;
use crate::i18n::{t, tf, tm};
use crate::jobs::feed::JobsFeed;
use crate::permissions::use_denial;
use crate::prefetch::{prefetch, Prefetch};
use crate::routes::{self, compare_jobs_path, href, jobs_path, new_job_path, use_ws};
use aml_api::jobs::list::{JobFilter, VIEWS};
use aml_api::jobs::list_view::{Shown, Sorted};
use aml_api::jobs::rows::{can_compare, JobRow, SortKey, MAX_COMPARE};
use aml_api::rbac::actions;
use aml_api::view::window::near_end;
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Job types offered by the type filter (`jobType` of `Jobs_List`).
const JOB_TYPES: [&str; 7] = ["Command", "Sweep", "Pipeline", "AutoML", "Spark", "FineTuning", "Labeling"];
/// Load the next page when the rendered rows come this close to the end of the shown rows.
const LOAD_MARGIN: usize = 60;

/// The filter in the address bar (read once, when the page opens).
fn initial_filter() -> (JobFilter, (SortKey, bool)) {
    let q = use_query_map().get_untracked();
    let sort = q.get("sort").and_then(|s| SortKey::from_id(&s)).unwrap_or(SortKey::Created);
    let desc = q.get("dir").map(|d| d == "desc").unwrap_or(sort == SortKey::Created);
    (JobFilter::from_query(|k| q.get(k)), (sort, desc))
}

/// Sends the request for the first page of the route's workspace's jobs, with the service-side
/// part of the filter in the address (called by the route's `data()`, in the main module: only
/// the request is made there; the page reads the answer).
pub fn start_jobs_list(ws: Memo<WorkspaceRef>) -> Prefetch {
    let api = use_api();
    let q = use_query_map().get_untracked();
    let filter = JobFilter::from_query(|k| q.get(k));
    let req = api.arm().list_jobs_with(&ws.get_untracked(), &filter.server_query());
    prefetch(api, req)
}

/// `started`: the route's workspace and the first page's request its lazy route's `data()`
/// already sent (src/lazy_routes.rs); sent here when absent.
#[component]
pub fn JobsPage(#[prop(optional)] started: Option<(Memo<WorkspaceRef>, Prefetch)>) -> impl IntoView {
    let api = use_api();
    let (ws, first) = started.unwrap_or_else(|| {
        let ws = use_ws();
        (ws, start_jobs_list(ws))
    });
    let feed = JobsFeed::new();
    feed.start_prefetched(api.clone(), first);
    Effect::new(move |_| ws.with(routes::remember_workspace));
    let (initial, initial_sort) = initial_filter();
    let filter = RwSignal::new(initial);
    let sort = RwSignal::new(initial_sort);
    let selected: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    let window = RwSignal::new(0..0);

    // Mirror filters and sort in the address (not on the first run: that is the address).
    Effect::new(move |prev: Option<()>| {
        let mut query = filter.with(JobFilter::query);
        let (key, desc) = sort.get();
        if (key, desc) != (SortKey::Created, true) {
            let s = format!("sort={}&dir={}", key.id(), if desc { "desc" } else { "asc" });
            query = if query.is_empty() { s } else { format!("{query}&{s}") };
        }
        if prev.is_some() {
            let path = jobs_path(&ws.get_untracked());
            browser::replace_state(&if query.is_empty() { path } else { format!("{path}?{query}") });
        }
    });
    // A change of what the service filters (or of workspace) starts over from the first page.
    let server_query = Memo::new(move |_| filter.with(JobFilter::server_query));
    {
        let api = api.clone();
        Effect::new(move |prev: Option<()>| {
            let (w, q) = (ws.get(), server_query.get());
            if prev.is_some() {
                feed.start(api.clone(), api.arm().list_jobs_with(&w, &q));
            }
        });
    }
    // Sorted when rows load or the sort changes; a keystroke only filters that order, from the
    // previous result when it narrows it (aml_api::jobs::list_view).
    let sorted = Memo::new(move |prev: Option<&Sorted>| {
        let (key, desc) = sort.get();
        feed.rows.with(|rows| Sorted::new(rows, key, desc, prev))
    });
    let shown = Memo::new(move |prev: Option<&Shown>| {
        filter.with(|f| sorted.with(|s| feed.rows.with(|rows| Shown::new(rows, s, f, prev))))
    });
    // More rows when the window nears the end of what is shown (a local filter that keeps few
    // rows so keeps loading until the screen is full or the list ends).
    {
        let api = api.clone();
        Effect::new(move |_| {
            let (w, n) = (window.get(), shown.with(Shown::len));
            if feed.next.with(Option::is_some) && !feed.loading.get() && near_end(&w, n, LOAD_MARGIN) {
                feed.load_more(api.clone());
            }
        });
    }
    let submit_guard = Guard::new(use_denial(&use_api(), &actions::SUBMIT_JOB), "tip-new-job");
    let refresh = {
        let api = api.clone();
        move |_| feed.start(api.clone(), api.arm().list_jobs_with(&ws.get_untracked(), &server_query.get_untracked()))
    };
    let options = move |f: fn(&JobRow) -> &str| {
        Signal::derive(move || {
            let mut v: Vec<String> =
                feed.rows.with(|r| r.iter().map(f).filter(|s| !s.is_empty()).map(str::to_string).collect());
            v.sort();
            v.dedup();
            v
        })
    };
    let (statuses, experiments, computes) =
        (options(|r| &r.status), options(|r| &r.experiment), options(|r| &r.compute));
    let fixed = |xs: &'static [&'static str]| Signal::derive(move || xs.iter().map(|s| s.to_string()).collect());
    let select = move |label: &'static str,
                       testid: &'static str,
                       all: &'static str,
                       get: fn(&JobFilter) -> &String,
                       set: fn(&mut JobFilter, String),
                       opts: Signal<Vec<String>>| {
        let current = move || filter.with(|f| get(f).clone());
        // Read untracked by the options: they re-render when the loaded rows bring new values,
        // not on every keystroke in another filter.
        let current_untracked = move || filter.with_untracked(|f| get(f).clone());
        view! {
            <label class="filter">
                <span class="muted">{label}</span>
                <select
                    data-testid=testid
                    prop:value=current
                    on:change=move |ev| filter.update(|f| set(f, event_target_value(&ev)))
                >
                    <option value="">{all}</option>
                    {move || {
                        opts.get()
                            .into_iter()
                            .map(|o| {
                                view! {
                                    <option value=o.clone() selected=current_untracked() == o data-service="">
                                        {crate::i18n::state_text(&o)}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        }
    };
    let text = move |label: &'static str,
                     testid: &'static str,
                     hint: &'static str,
                     get: fn(&JobFilter) -> &String,
                     set: fn(&mut JobFilter, String)| {
        view! {
            <label class="filter">
                <span class="muted">{label}</span>
                <input
                    type="search"
                    data-testid=testid
                    placeholder=hint
                    prop:value=move || filter.with(|f| get(f).clone())
                    on:input=move |ev| filter.update(|f| set(f, event_target_value(&ev)))
                />
            </label>
        }
    };
    let local_note = move || {
        let names = filter.with(JobFilter::local_names);
        (!names.is_empty()).then(|| {
            let more = if feed.has_more() { t("jobs.more_on_scroll", "; more load as you scroll") } else { "" };
            let names: Vec<String> = names.iter().map(|n| tm(n)).collect();
            view! {
                <span class="muted" data-testid="jobs-local-note">
                    {tf(
                        "jobs.local_note",
                        "Filtered in the browser ({names}) over the {n} jobs loaded{more}.",
                        &[("names", &names.join(", ")), ("n", &feed.rows.with(Vec::len).to_string()), ("more", more)],
                    )}
                </span>
            }
        })
    };
    let compare = move || {
        let ids = selected.get();
        let n = ids.len();
        if can_compare(&ids) {
            let link = href(&compare_jobs_path(&ws.get(), &ids));
            view! {
                <a class="button" data-testid="jobs-compare" href=link>
                    {tf("jobs.compare", "Compare ({n})", &[("n", &n.to_string())])}
                </a>
            }
            .into_any()
        } else {
            let why = tf("jobs.compare_why", "Select 2 to {max} jobs to compare", &[("max", &MAX_COMPARE.to_string())]);
            view! {
                <button class="button" data-testid="jobs-compare" disabled=true title=why.clone() aria-label=why>
                    {tf("jobs.compare", "Compare ({n})", &[("n", &n.to_string())])}
                </button>
            }
            .into_any()
        }
    };
    let loading = feed.loading;
    view! {
        <div class="page-header">
            <div>
                <h1>{t("nav.jobs", "Jobs")}</h1>
                <p class="subtitle">{move || ws.with(|w| format!("{} · {}", w.workspace, w.resource_group))}</p>
            </div>
            <div class="actions">
                {compare} <Guarded guard=submit_guard>
                    <a
                        class="button primary"
                        data-testid="new-job"
                        href=move || href(&new_job_path(&ws.get(), None))
                        aria-disabled=submit_guard.aria_disabled()
                        aria-describedby=submit_guard.described_by()
                    >
                        {t("jobs.submit", "+ Submit job")}
                    </a>
                </Guarded>
                <button class="button" data-testid="jobs-refresh" on:click=refresh disabled=move || loading.get()>
                    <span aria-hidden="true">"⟳"</span>
                    {t("common.refresh", "Refresh")}
                </button>
            </div>
        </div>
        <div class="toolbar jobs-filters">
            {text(
                t("jobs.search", "Search"),
                "job-search",
                t("jobs.search_hint", "name or display name"),
                |f| &f.text,
                |f, v| f.text = v,
            )}
            {select(
                t("submit.type", "Type"),
                "job-type-filter",
                t("jobs.all", "All"),
                |f| &f.job_type,
                |f, v| f.job_type = v,
                fixed(&JOB_TYPES),
            )}
            {select(
                t("job.status", "Status"),
                "job-status-filter",
                t("jobs.all", "All"),
                |f| &f.status,
                |f, v| f.status = v,
                statuses,
            )}
            {select(
                t("submit.experiment", "Experiment"),
                "job-experiment-filter",
                t("jobs.all", "All"),
                |f| &f.experiment,
                |f, v| f.experiment = v,
                experiments,
            )}
            {select(
                t("submit.compute", "Compute"),
                "job-compute-filter",
                t("jobs.all", "All"),
                |f| &f.compute,
                |f, v| f.compute = v,
                computes,
            )}
            {text(
                t("jobs.tag", "Tag"),
                "job-tag-filter",
                t("jobs.tag_hint", "key or key=value"),
                |f| &f.tag,
                |f, v| f.tag = v,
            )}
            {select(
                t("jobs.show", "Show"),
                "job-view-filter",
                t("jobs.all", "All"),
                |f| &f.view,
                |f, v| f.view = v,
                fixed(&VIEWS[1..]),
            )}
        </div>
        <div class="jobs-status">
            <span class="count" data-testid="jobs-count">
                {move || {
                    tf(
                        "jobs.count",
                        "{shown} of {n} loaded{more}",
                        &[
                            ("shown", &shown.with(Shown::len).to_string()),
                            ("n", &feed.rows.with(Vec::len).to_string()),
                            ("more", if feed.has_more() { t("jobs.count_more", " (more on scroll)") } else { "" }),
                        ],
                    )
                }}
            </span>
            {local_note}
            {move || {
                loading
                    .get()
                    .then(|| {
                        view! {
                            <span class="muted" data-testid="jobs-loading">
                                {t("common.loading", "Loading…")}
                            </span>
                        }
                    })
            }}
            {move || {
                notice
                    .get()
                    .map(|n| {
                        view! {
                            <span class="field-error" role="alert" data-testid="jobs-select-notice">
                                {tm(&n)}
                            </span>
                        }
                    })
            }}
        </div>
        <SkippedItems skipped=feed.skipped />
        {move || {
            feed.error.get().map(|e| view! { <ErrorBox error=e title=t("jobs.list_failed", "Could not list jobs") /> })
        }}
        <div class="jobs-grid">
            <JobsTable ws=ws rows=feed.rows shown=shown sort=sort selected=selected notice=notice window=window />
            {move || {
                (!loading.get() && feed.error.with(Option::is_none) && shown.with(Shown::is_empty))
                    .then(|| {
                        view! {
                            <p class="empty-cell" data-testid="jobs-empty">
                                {t("jobs.empty", "No jobs match. Submit one with “+ Submit job”.")}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

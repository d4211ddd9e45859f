//! One job (`/ws/{sub}/{rg}/{ws}/jobs/{id}`), of any type: its type, status and timeline, the
//! type's own facts (`aml_api::jobs::kinds`), inputs and outputs, a sweep's trials, a pipeline's
//! steps, live logs, output files; Cancel for any job not in a terminal state (a long-running
//! operation followed by the operation store) and "Clone and edit" only for the types the form
//! can submit. A job of an unknown type is shown read-only with its raw JSON.
//!
//! The whole page is built again when any path parameter changes (back/forward between two
//! jobs, a link from a sweep to its trial): no request, task or signal of one job outlives it.

mod log_older;
mod logs;
mod outputs;
mod steps;
mod summary;
mod trials;

use super::jobs::JobStatus;
use crate::components::error_box::ErrorBox;
use crate::components::guard::{Guard, Guarded};
use crate::error::UiError;
use crate::http::use_api;
use crate::i18n::{t, tf, tm};
use crate::jobs::logs as log_reads;
use crate::jobs::time::now_iso;
use crate::ops::{use_ops, OpState};
use crate::permissions::use_denial;
use crate::routes::{jobs_path, new_job_path};
use aml_api::jobs::cancel::can_cancel;
use aml_api::jobs::ids::job_id_error;
use aml_api::jobs::kinds::JobKind;
use aml_api::jobs::logs::{LogFile, RunInfo};
use aml_api::jobs::model;
use aml_api::jobs::DataPlane;
use aml_api::rbac::actions;
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

const POLL_MS: u64 = 2_500;

/// What the page's polling loop keeps up to date, shared by its parts.
#[derive(Clone, Copy)]
struct Live {
    job: RwSignal<Option<Result<Value, UiError>>>,
    run: RwSignal<RunInfo>,
    files: RwSignal<Vec<LogFile>>,
    log_error: RwSignal<Option<UiError>>,
    /// Set once the logs come from workspace storage (the data plane gave no answer): the
    /// container URL; and why storage refused, if it did.
    from_storage: RwSignal<Option<String>>,
    storage_error: RwSignal<Option<UiError>>,
    /// Status changes seen while the page was open, with when.
    seen: RwSignal<Vec<(String, String)>>,
    /// The workspace's data plane, once its location is known.
    data_plane: RwSignal<Option<DataPlane>>,
    /// Bumped to poll at once (after a cancel).
    kick: RwSignal<u32>,
    /// "Load older" of a log file (its name, until the read is done) and why it failed. The
    /// polling loop sends the read: it is the only writer of `files`.
    older: log_older::OlderRequest,
}

/// The route's page: a new [`JobPage`] for every (workspace, job id) in the address.
#[component]
pub fn JobDetailsPage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| {
        params.with(|p| {
            let g = |k: &str| p.get(k).unwrap_or_default();
            (WorkspaceRef::new(&g("sub"), &g("rg"), &g("ws")), g("id"))
        })
    });
    move || {
        let (ws, id) = key.get();
        view! { <JobPage ws=ws id=id /> }
    }
}

/// Props: `ws`, `id` — the job shown; fixed for the page's lifetime.
#[component]
fn JobPage(ws: WorkspaceRef, id: String) -> impl IntoView {
    let jobs_href = crate::routes::href(&jobs_path(&ws));
    if let Some(message) = job_id_error(&id) {
        // Nothing is sent for an id the service would refuse.
        return view! {
            <div class="page-header">
                <div class="title-block">
                    <h1 class="truncate" data-testid="job-title" title=id.clone() data-service="">
                        {id.clone()}
                    </h1>
                    <p class="subtitle">
                        <a href=jobs_href>{t("nav.jobs", "Jobs")}</a>
                    </p>
                </div>
            </div>
            <div class="message-bar error" role="alert" data-testid="job-id-invalid">
                {tf("job.bad_id", "“{id}” is not a job id. {message}", &[("id", &id), ("message", &tm(&message))])}
            </div>
        }
        .into_any();
    }
    let live = Live {
        job: RwSignal::new(None),
        run: RwSignal::new(RunInfo::default()),
        files: RwSignal::new(vec![]),
        log_error: RwSignal::new(None),
        from_storage: RwSignal::new(None),
        storage_error: RwSignal::new(None),
        seen: RwSignal::new(vec![]),
        data_plane: RwSignal::new(None),
        kick: RwSignal::new(0),
        older: log_older::OlderRequest::new(),
    };
    start_polling(live, ws.clone(), id.clone());
    let status = Signal::derive(move || {
        live.job.with(|j| j.as_ref().and_then(|r| r.as_ref().ok()).map(model::status).unwrap_or_default())
    });
    let kind = Memo::new(move |_| live.job.with(|j| j.as_ref().and_then(|r| r.as_ref().ok()).map(JobKind::of_job)));
    let title = Signal::derive({
        let id = id.clone();
        move || {
            live.job.with(|j| j.as_ref().and_then(|r| r.as_ref().ok()).map(model::display_name)).unwrap_or(id.clone())
        }
    });
    let clone_href = crate::routes::href(&new_job_path(&ws, Some(&id)));
    let experiment = Signal::derive(move || {
        live.job.with(|j| j.as_ref().and_then(|r| r.as_ref().ok()).map(model::experiment).unwrap_or_default())
    });
    let clone_guard = Guard::new(use_denial(&use_api(), &actions::SUBMIT_JOB), "tip-job-clone");
    let cancel_error: RwSignal<Option<UiError>> = RwSignal::new(None);
    let body = {
        let (ws, id) = (ws.clone(), id.clone());
        move || match live.job.get() {
            None => view! { <p class="muted">{t("job.loading", "Loading job…")}</p> }.into_any(),
            Some(Err(e)) => {
                view! { <ErrorBox error=e title=t("job.load_failed", "Could not load the job") /> }.into_any()
            }
            Some(Ok(j)) => view! {
                <summary::JobBody job=j.clone() run=live.run seen=live.seen />
                {match JobKind::of_job(&j) {
                    JobKind::Sweep => {
                        view! {
                            <trials::SweepTrials
                                ws=ws.clone()
                                id=id.clone()
                                job=j
                                status=status
                                data_plane=live.data_plane
                            />
                        }
                            .into_any()
                    }
                    JobKind::Pipeline => {
                        view! {
                            <steps::PipelineSteps
                                ws=ws.clone()
                                id=id.clone()
                                job=j
                                status=status
                                data_plane=live.data_plane
                            />
                        }
                            .into_any()
                    }
                    _ => ().into_any(),
                }}
            }
            .into_any(),
        }
    };
    view! {
        <div class="page-header job-header">
            <div class="title-block">
                <h1 class="truncate" data-testid="job-title" title=title data-service="">
                    {title}
                </h1>
                <p class="subtitle">
                    <a href=jobs_href>{t("nav.jobs", "Jobs")}</a>
                    " · "
                    <span class="mono truncate" data-testid="job-id" title=id.clone() data-service="">
                        {id.clone()}
                    </span>
                </p>
            </div>
            <div class="actions">
                {move || {
                    kind.get()
                        .map(|k| {
                            view! {
                                <span
                                    class="type-chip"
                                    class:unknown=!k.is_known()
                                    data-testid="job-type"
                                    title=t("job.type", "Job type")
                                >
                                    {tm(&k.label())}
                                </span>
                            }
                        })
                }} {move || (!status.get().is_empty()).then(|| view! { <JobStatus status=status.get() /> })}
                <CancelButton ws=ws.clone() id=id.clone() status=status kick=live.kick error=cancel_error />
                {move || {
                    kind.get()
                        .filter(JobKind::can_clone)
                        .map(|_| {
                            let href = clone_href.clone();
                            view! {
                                <Guarded guard=clone_guard>
                                    <a
                                        class="button"
                                        data-testid="job-clone"
                                        href=href
                                        aria-disabled=clone_guard.aria_disabled()
                                        aria-describedby=clone_guard.described_by()
                                    >
                                        {t("job.clone", "Clone and edit")}
                                    </a>
                                </Guarded>
                            }
                        })
                }}
            </div>
        </div>
        {move || {
            cancel_error
                .get()
                .map(|e| view! { <ErrorBox error=e title=t("job.cancel_failed", "Could not cancel the job") /> })
        }}
        <crate::components::job_tidy::JobTidy
            job=Signal::derive(move || live.job.with(|j| j.as_ref().and_then(|r| r.as_ref().ok()).cloned()))
            updated=Callback::new(move |j| live.job.set(Some(Ok(j))))
        />
        {body}
        <crate::components::job_metrics::JobMetrics ws=ws.clone() job=id.clone() job_status=status />
        <logs::Logs
            files=live.files
            error=live.log_error
            from_storage=live.from_storage
            storage_error=live.storage_error
            older=live.older
        />
        <outputs::Outputs ws=ws id=id run_status=status experiment=experiment />
    }
    .into_any()
}

/// One polling loop per page: the job, its run details and new log bytes, until a while after
/// it ended; paused while the tab is hidden. It ends with the page (its signals are disposed).
fn start_polling(live: Live, ws: WorkspaceRef, id: String) {
    let api = use_api();
    spawn_local(async move {
        // Where the log bytes come from: the data plane (resolved once per workspace), or
        // workspace storage once the data plane gives no answer. Unresolved, the job itself
        // still shows and the logs section explains why it is empty.
        let (mut feed, unresolved) = log_reads::LogFeed::new(&api, &ws).await;
        let data_plane = crate::dataplane::data_plane_for(&api, &ws).await.ok();
        if live.data_plane.try_set(data_plane).is_some() || live.log_error.try_set(unresolved).is_some() {
            return;
        }
        let mut last_kick = 0;
        let mut finals = 0;
        loop {
            let Some(kick) = live.kick.try_get_untracked() else { return };
            if log_reads::tab_hidden() && kick == last_kick {
                crate::browser::sleep_ms(1_000).await;
                continue;
            }
            last_kick = kick;
            let j = api.json::<Value>(api.arm().get_job(&ws, &id)).await;
            // The page may have been left during the request: every access below is a try_
            // one, as a plain read of a disposed signal panics (and aborts the release build).
            let status = j.as_ref().map(model::status).unwrap_or_default();
            if !status.is_empty()
                && live.seen.try_with_untracked(|s| s.last().map(|l| &l.0) != Some(&status)).unwrap_or(false)
            {
                live.seen.try_update(|s| s.push((status.clone(), now_iso())));
            }
            if live.job.try_set(Some(j)).is_some() {
                return;
            }
            let Some(mut fs) = live.files.try_get_untracked() else { return };
            let round = feed.poll(&api, &ws, &id, &mut fs).await;
            if let Some(info) = round.run {
                live.run.try_set(info);
                live.log_error.try_set(None);
            }
            if let Some(e) = round.data_plane_error {
                live.log_error.try_set(Some(e));
            }
            if round.storage_container.is_some() {
                live.from_storage.try_set(round.storage_container);
            }
            if feed.from_storage() {
                live.storage_error.try_set(round.storage_error);
            }
            if live.files.try_set(fs).is_some() {
                return;
            }
            if model::is_terminal(&status) {
                // One more round after the end so the last log lines arrive; then only the
                // "load older" reads, until the page goes.
                finals += 1;
                if finals >= 2 {
                    while live.older.serve(&api, &feed, live.files, None).await {}
                    return;
                }
            }
            if !live.older.serve(&api, &feed, live.files, Some(POLL_MS)).await {
                return;
            }
        }
    });
}

/// Cancel: started in the operation store (it outlives the page); the button shows its
/// progress, and its end polls the job at once. Enabled for any job not in a terminal state.
/// Props: `ws`, `id`, `status` (the job's), `kick` (bumped to poll now), `error` (shown by the
/// page under its header).
#[component]
fn CancelButton(
    ws: WorkspaceRef,
    id: String,
    status: Signal<String>,
    kick: RwSignal<u32>,
    error: RwSignal<Option<UiError>>,
) -> impl IntoView {
    let (api, ops) = (use_api(), use_ops());
    let cancel_op: RwSignal<Option<u32>> = RwSignal::new(None);
    let starting = RwSignal::new(false);
    let op_list = ops.list;
    let state = Memo::new(move |_| {
        let id = cancel_op.get()?;
        op_list.with(|l| l.iter().find(|o| o.id == id).map(|o| (o.state.clone(), o.text.clone())))
    });
    Effect::new(move |_| match state.get() {
        Some((OpState::Running, _)) | None => {}
        Some((s, _)) => {
            if let OpState::Failed(e) = s {
                error.set(Some(e));
            }
            cancel_op.set(None);
            kick.update(|k| *k += 1);
        }
    });
    let text = Signal::derive(move || match state.get() {
        Some((OpState::Running, text)) => Some(tm(&text)),
        _ => starting.get().then(|| t("job.canceling", "Canceling…").to_string()),
    });
    let guard = Guard::new(use_denial(&api, &[actions::JOB_CANCEL]), "tip-job-cancel");
    let on_cancel = move |_| {
        if guard.denied() {
            return;
        }
        let (api, ops, ws, id) = (api.clone(), ops.clone(), ws.clone(), id.clone());
        starting.set(true);
        error.set(None);
        spawn_local(async move {
            match ops.cancel_job(api, ws, id).await {
                Ok(op) => {
                    cancel_op.try_set(Some(op));
                }
                Err(e) => {
                    error.try_set(Some(e));
                    kick.try_update(|k| *k += 1);
                }
            }
            starting.try_set(false);
        });
    };
    view! {
        <Guarded guard=guard>
            <button
                class="button"
                data-testid="job-cancel"
                on:click=on_cancel
                disabled=move || !status.with(|s| can_cancel(s)) || text.with(Option::is_some)
                aria-disabled=guard.aria_disabled()
                aria-describedby=guard.described_by()
            >
                {move || text.get().unwrap_or_else(|| t("common.cancel", "Cancel").into())}
            </button>
        </Guarded>
    }
}

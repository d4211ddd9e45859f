//! One job (`/ws/{sub}/{rg}/{ws}/jobs/{id}`): status and timeline, properties, inputs and
//! outputs, the snapshot's files, cancel (a long-running operation followed by the operation
//! store, like compute operations), "Clone and edit", and live logs (one tab per log file,
//! ranged reads every few seconds while the job runs and the tab is visible; stopped once the
//! job is terminal).

use super::jobs::JobStatus;
use crate::components::error_box::ErrorBox;
use crate::config::use_config;
use crate::error::UiError;
use crate::http::use_api;
use crate::jobs::logs;
use crate::jobs::time::{now_iso, short_time};
use crate::ops::{use_ops, OpState};
use crate::routes::{jobs_path, new_job_path, use_ws};
use aml_api::jobs::cancel::can_cancel;
use aml_api::jobs::logs::{LogFile, RunInfo};
use aml_api::jobs::model::{self, IoRow};
use aml_api::jobs::source::parse_snapshot_listing;
use aml_api::jobs::{fmt_bytes, DataPlane};
use aml_api::Workspace;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

const POLL_MS: u64 = 2_500;

/// Selection list kept by the submit page (the snapshot's files as submitted from this browser).
pub fn snapshot_key(job_id: &str) -> String {
    format!("aml.jobsnap.{job_id}")
}

#[component]
pub fn JobDetailsPage() -> impl IntoView {
    let (api, cfg, ws) = (use_api(), use_config(), use_ws());
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let job: RwSignal<Option<Result<Value, UiError>>> = RwSignal::new(None);
    let run = RwSignal::new(RunInfo::default());
    let files: RwSignal<Vec<LogFile>> = RwSignal::new(vec![]);
    let tab = RwSignal::new(String::new());
    let tab_chosen = StoredValue::new(false);
    let seen: RwSignal<Vec<(String, String)>> = RwSignal::new(vec![]);
    let log_error: RwSignal<Option<UiError>> = RwSignal::new(None);
    let kick = RwSignal::new(0u32);
    let alive = StoredValue::new(());
    // One polling loop per page: job + run details + new log bytes until terminal.
    {
        let (api, cfg) = (api.clone(), cfg.clone());
        spawn_local(async move {
            let (w, jid) = (ws.get_untracked(), id.get_untracked());
            let data_plane = match api.json::<Workspace>(api.arm().get_workspace(&w)).await {
                Ok(wsp) => cfg
                    .data_plane_endpoint
                    .as_deref()
                    .map(|e| DataPlane::new(e, wsp.location.as_deref().unwrap_or_default())),
                Err(_) => None,
            };
            let mut last_kick = 0;
            let mut finals = 0;
            loop {
                if alive.try_get_value().is_none() {
                    return;
                }
                let kicked = kick.try_get_untracked().unwrap_or(0) != last_kick;
                if logs::tab_hidden() && !kicked {
                    crate::browser::sleep_ms(1_000).await;
                    continue;
                }
                last_kick = kick.try_get_untracked().unwrap_or(0);
                let j = api.json::<Value>(api.arm().get_job(&w, &jid)).await;
                // The page may have been left during the request (e.g. "Clone and edit"): every
                // access below is a try_ one, as a plain read of a disposed signal panics, and a
                // panic aborts the whole app in the release build.
                let status = j.as_ref().map(model::status).unwrap_or_default();
                if !status.is_empty()
                    && seen.try_with_untracked(|s| s.last().map(|l| &l.0) != Some(&status)).unwrap_or(false)
                {
                    seen.try_update(|s| s.push((status.clone(), now_iso())));
                }
                job.try_set(Some(j));
                if let Some(dp) = &data_plane {
                    let Some(mut fs) = files.try_get_untracked() else { return };
                    match logs::poll(&api, dp, &w, &jid, &mut fs).await {
                        Ok(info) => {
                            run.try_set(info);
                            log_error.try_set(None);
                        }
                        Err(e) => {
                            log_error.try_set(Some(e));
                        }
                    }
                    // Follow the first log (user logs sort first) until the user picks a tab:
                    // system logs often appear before the script's own output.
                    if tab_chosen.try_get_value() == Some(false) {
                        if let Some(f) = fs.first() {
                            if tab.try_get_untracked().is_some_and(|t| t != f.name) {
                                tab.try_set(f.name.clone());
                            }
                        }
                    }
                    files.try_set(fs);
                }
                if model::is_terminal(&status) {
                    // One more round after the end so the last log lines arrive, then stop.
                    finals += 1;
                    if finals >= 2 {
                        return;
                    }
                }
                crate::browser::sleep_ms(POLL_MS).await;
            }
        });
    }
    // Cancel: started in the operation store (it outlives the page); the button shows its
    // progress, and its end refreshes the job at once.
    let ops = use_ops();
    let cancel_op: RwSignal<Option<u32>> = RwSignal::new(None);
    let cancel_starting = RwSignal::new(false);
    let cancel_err: RwSignal<Option<UiError>> = RwSignal::new(None);
    let op_list = ops.list;
    let cancel_state = Memo::new(move |_| {
        let id = cancel_op.get()?;
        op_list.with(|l| l.iter().find(|o| o.id == id).map(|o| (o.state.clone(), o.text.clone())))
    });
    Effect::new(move |_| match cancel_state.get() {
        Some((OpState::Running, _)) | None => {}
        Some((state, _)) => {
            if let OpState::Failed(e) = state {
                cancel_err.set(Some(e));
            }
            cancel_op.set(None);
            kick.update(|k| *k += 1);
        }
    });
    let cancel_text = Signal::derive(move || match cancel_state.get() {
        Some((OpState::Running, text)) => Some(text),
        _ => cancel_starting.get().then(|| "Canceling…".to_string()),
    });
    let on_cancel = {
        let api = api.clone();
        move |_| {
            let (api, ops, w, jid) = (api.clone(), ops.clone(), ws.get_untracked(), id.get_untracked());
            cancel_starting.set(true);
            cancel_err.set(None);
            spawn_local(async move {
                match ops.cancel_job(api, w, jid).await {
                    Ok(op) => {
                        cancel_op.try_set(Some(op));
                    }
                    Err(e) => {
                        cancel_err.try_set(Some(e));
                        kick.try_update(|k| *k += 1);
                    }
                }
                cancel_starting.try_set(false);
            });
        }
    };
    let status = Signal::derive(move || {
        job.with(|j| j.as_ref().and_then(|r| r.as_ref().ok()).map(model::status).unwrap_or_default())
    });
    let clone_href = move || crate::routes::href(&new_job_path(&ws.get(), Some(&id.get())));
    view! {
        <div class="page-header">
            <div>
                <h1 data-testid="job-title">{move || job.with(|j| j.as_ref().and_then(|r| r.as_ref().ok()).map(model::display_name)).unwrap_or_else(|| id.get())}</h1>
                <p class="subtitle">
                    <a href=move || crate::routes::href(&jobs_path(&ws.get()))>"Jobs"</a> " · " <span class="mono">{move || id.get()}</span>
                </p>
            </div>
            <div class="actions">
                {move || (!status.get().is_empty()).then(|| view! { <JobStatus status=status.get()/> })}
                <button class="button" data-testid="job-cancel" on:click=on_cancel
                    disabled=move || !status.with(|s| can_cancel(s)) || cancel_text.with(Option::is_some)>
                    {move || cancel_text.get().unwrap_or_else(|| "Cancel".into())}
                </button>
                <a class="button" data-testid="job-clone" href=clone_href>"Clone and edit"</a>
            </div>
        </div>
        {move || cancel_err.get().map(|e| view! { <ErrorBox error=e title="Could not cancel the job"/> })}
        <crate::components::job_tidy::JobTidy job=Signal::derive(move || job.with(|j| j.as_ref().and_then(|r| r.as_ref().ok()).cloned())) updated=Callback::new(move |j| job.set(Some(Ok(j))))/>
        {move || match job.get() {
            None => view! { <p class="muted">"Loading job…"</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e title="Could not load the job"/> }.into_any(),
            Some(Ok(j)) => view! { <JobBody job=j run=run seen=seen/> }.into_any(),
        }}
        <section class="card logs-card" data-testid="job-logs">
            <h2>"Logs"</h2>
            {move || log_error.get().map(|e| view! { <ErrorBox error=e title="Could not read the run details"/> })}
            {move || files.with(Vec::is_empty).then(|| view! { <p class="muted" data-testid="logs-empty">"No log files yet; they appear when the job starts."</p> })}
            <div class="tabs" role="tablist">
                {move || files.get().into_iter().map(|f| {
                    let name = f.name.clone();
                    let n2 = name.clone();
                    view! {
                        <button role="tab" class="tab" data-testid="log-tab" data-name=name.clone()
                            aria-selected=move || (tab.get() == n2).to_string() on:click=move |_| { tab_chosen.set_value(true); tab.set(name.clone()); }>{f.name.clone()}</button>
                    }
                }).collect_view()}
            </div>
            {move || {
                let t = tab.get();
                files.with(|fs| fs.iter().find(|f| f.name == t).cloned()).map(|f| view! {
                    {f.error.clone().map(|e| view! { <div class="message-bar warning">{e}</div> })}
                    <pre class="log-text" data-testid="log-text" data-name=f.name.clone()>{f.text.clone()}</pre>
                    <a class="button subtle" href=f.url.clone() target="_blank" rel="noopener">"Download"</a>
                })
            }}
        </section>
        <Outputs run_status=status/>
    }
}

/// Summary, timeline, properties, inputs/outputs and the snapshot's files.
#[component]
fn JobBody(job: Value, run: RwSignal<RunInfo>, seen: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let s = |k: &str| model::property_text(&job, k);
    let row = |k: &'static str, v: String| view! { <dt>{k}</dt><dd>{v}</dd> };
    let props = model::job_properties(&job);
    let (inputs, outputs) = (model::io_rows(&job, "inputs"), model::io_rows(&job, "outputs"));
    let snapshot = crate::browser::session_get(&snapshot_key(&model::name(&job)))
        .map(|t| parse_snapshot_listing(&t))
        .unwrap_or_default();
    let created = model::created(&job);
    let io_table = |rows: Vec<IoRow>, testid: &'static str| {
        view! {
            <table class="data compact" data-testid=testid>
                <tbody>{rows.into_iter().map(|r| view! { <tr><td>{r.name}</td><td>{r.kind}</td><td class="mono">{r.value}</td></tr> }).collect_view()}</tbody>
            </table>
        }
    };
    view! {
        <div class="job-grid" data-testid="job-details">
            <section class="card">
                <h2>"Status"</h2>
                <ol class="timeline" data-testid="job-timeline">
                    <li>"Created " <span class="muted">{short_time(&created)}</span></li>
                    {move || seen.get().into_iter().map(|(st, at)| view! { <li data-status=st.clone()>{st.clone()} " " <span class="muted">{short_time(&at)}</span></li> }).collect_view()}
                    {move || run.with(|r| r.start.clone()).map(|t| view! { <li>"Started " <span class="muted">{short_time(&t)}</span></li> })}
                    {move || run.with(|r| r.end.clone()).map(|t| view! { <li>"Ended " <span class="muted">{short_time(&t)}</span></li> })}
                </ol>
                {move || run.with(|r| r.error.clone()).map(|e| view! { <div class="message-bar error" data-testid="job-error">{e}</div> })}
            </section>
            <section class="card">
                <h2>"Properties"</h2>
                <dl class="props">
                    {row("Experiment", model::experiment(&job))}
                    {row("Compute", model::compute(&job))}
                    {row("Environment", s("environmentId"))}
                    {row("Code", s("codeId"))}
                    <dt>"Command"</dt><dd><code data-testid="job-command">{s("command")}</code></dd>
                    {row("Distribution", model::distribution_type(&job))}
                    {row("Instances", model::instance_count(&job).to_string())}
                    {row("Submitted by", model::created_by(&job))}
                    {row("Tags", model::tags(&job).iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", "))}
                    {props.into_iter().map(|(k, v)| view! { <dt class="mono">{k}</dt><dd data-testid="job-property">{v}</dd> }).collect_view()}
                </dl>
            </section>
            <section class="card">
                <h2>"Inputs"</h2>
                {io_table(inputs, "job-inputs")}
                <h2>"Outputs"</h2>
                {io_table(outputs, "job-output-defs")}
            </section>
            <section class="card">
                <h2>"Snapshot"</h2>
                {if snapshot.is_empty() {
                    view! { <p class="muted">"The file list is kept by the browser that submitted the job. Code asset: " <span class="mono">{s("codeId")}</span></p> }.into_any()
                } else {
                    view! {
                        <ul class="file-list" data-testid="snapshot-files">
                            {snapshot.into_iter().map(|(f, n)| view! { <li><span class="mono">{f}</span> " " <span class="muted">{fmt_bytes(n)}</span></li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </div>
    }
}

/// (path, download URL) of each output file, or why they could not be listed.
type OutputLinks = Result<Vec<(String, String)>, UiError>;

/// Run artifacts under `outputs/` (what the script wrote to `./outputs`), with download links
/// (a read SAS from `contentinfo`). Loaded once the job is terminal.
#[component]
fn Outputs(run_status: Signal<String>) -> impl IntoView {
    let (api, cfg, ws) = (use_api(), use_config(), use_ws());
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let items: RwSignal<Option<OutputLinks>> = RwSignal::new(None);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !model::is_terminal(&run_status.get()) {
            return done.unwrap_or(false);
        }
        let (api, cfg, w, id) = (api.clone(), cfg.clone(), ws.get_untracked(), id.clone());
        spawn_local(async move {
            let r = async {
                let wsp: Workspace = api.json(api.arm().get_workspace(&w)).await?;
                let dp = DataPlane::new(
                    cfg.data_plane_endpoint.as_deref().unwrap_or_default(),
                    wsp.location.as_deref().unwrap_or_default(),
                );
                let list: Value = api.json(dp.run_artifacts(&w, &id, "outputs")).await?;
                let mut out = vec![];
                for path in model::artifact_paths(&list) {
                    let info: Value = api.json(dp.artifact_content_info(&w, &id, &path)).await?;
                    out.push((path, model::content_uri(&info)));
                }
                Ok(out)
            }
            .await;
            items.try_set(Some(r));
        });
        true
    });
    view! {
        <section class="card" data-testid="job-outputs">
            <h2>"Output files"</h2>
            {move || match items.get() {
                None => view! { <p class="muted">"Listed when the job has finished."</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e title="Could not list the outputs"/> }.into_any(),
                Some(Ok(v)) if v.is_empty() => view! { <p class="muted" data-testid="outputs-empty">"The job wrote nothing to ./outputs."</p> }.into_any(),
                Some(Ok(v)) => view! {
                    <ul class="file-list">
                        {v.into_iter().map(|(p, u)| view! { <li><a data-testid="artifact-link" href=u target="_blank" rel="noopener" download="">{p}</a></li> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

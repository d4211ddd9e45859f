//! Submit a command job from a local folder (`/ws/{sub}/{rg}/{ws}/jobs/new`, `?clone={id}` to
//! start from an existing job). Validation runs before any request; then: hash the snapshot
//! (progress bar) → reuse or upload the code asset → environment version if needed → PUT the
//! job under an id chosen once per submission, so a retry never creates a second job.

use super::jobs_details::snapshot_key;
use super::submit_form::JobFields;
use super::submit_source::{use_source, Source, SourcePanel};
use crate::browser;
use crate::components::draft::{draft_key, use_draft};
use crate::components::error_box::ErrorBox;
use crate::components::fields::FieldErrors;
use crate::error::UiError;
use crate::http::{use_api, Api};
use crate::jobs::hashing;
use crate::jobs::snapshot::{ensure_code, fresh_plan, CodeError, CodeStage};
use crate::jobs::upload::UploadProgress;
use crate::routes::{job_path, jobs_path, use_ws};
use aml_api::jobs::clone::form_from_job;
use aml_api::jobs::ids::compute_id;
use aml_api::jobs::source::{git_properties, snapshot_listing};
use aml_api::jobs::storage::cors_rule;
use aml_api::jobs::validate::source_error;
use aml_api::jobs::yaml::job_yaml;
use aml_api::jobs::{fmt_bytes, Choices, CodeOutcome, CodePlan, EnvironmentPlan, JobForm, JobRefs, SourceState};
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use serde_json::Value;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Idle,
    Hashing(u64, u64),
    Code(CodeStage),
    Environment,
    Submitting,
    Done { job: String, code: CodeOutcome },
    Failed(Failure),
}

#[derive(Clone, Debug, PartialEq)]
enum Failure {
    Service(UiError),
    Cors(String),
    Other(String),
}

/// Kept across retries of one submission: the job id, and the code asset per content hash.
#[derive(Clone, Default)]
struct Attempt {
    job_id: String,
    code: Option<(String, CodePlan, Option<CodeOutcome>)>,
}

async fn load_choices(api: Api, ws: WorkspaceRef, data_plane: Option<String>) -> Result<Choices, UiError> {
    let arm = api.arm();
    let computes: Vec<aml_api::ComputeResource> = api.fetch_all_pages(arm.list_computes(&ws)).await?;
    let envs: Vec<Value> = api.fetch_all_pages(arm.list_environments(&ws)).await?;
    let stores: Vec<Value> = api.fetch_all_pages(arm.list_datastores(&ws)).await?;
    let wsp: aml_api::Workspace = api.json(arm.get_workspace(&ws)).await?;
    let location = wsp.location.as_deref().unwrap_or_default();
    let sizes: Value = api.json(arm.list_vm_sizes(&ws.subscription, location)).await.unwrap_or_default();
    let mut choices = Choices::from_service(&computes, &envs, &stores, &[], &sizes);
    // Only for the suggestions (the form works without them): MLflow's experiment list, not
    // every job of the workspace.
    let dp = data_plane.map(|e| aml_api::jobs::DataPlane::new(&e, location));
    choices.add_experiments(crate::jobs::experiments::experiment_names(&api, dp, &ws).await);
    Ok(choices)
}

#[component]
pub fn SubmitPage() -> impl IntoView {
    let (api, ws) = (use_api(), use_ws());
    let form = RwSignal::new(JobForm::default());
    use_draft(draft_key("job", &ws.get_untracked()), form);
    let clone_id = use_query_map().with_untracked(|q| q.get("clone"));
    let clone_err: RwSignal<Option<UiError>> = RwSignal::new(None);
    if let Some(id) = clone_id.clone() {
        let (api, w) = (api.clone(), ws.get_untracked());
        spawn_local(async move {
            match api.json::<Value>(api.arm().get_job(&w, &id)).await {
                Ok(j) => {
                    form.try_set(form_from_job(&j));
                }
                Err(e) => {
                    clone_err.try_set(Some(e));
                }
            }
        });
    }
    let choices: RwSignal<Option<Result<Choices, UiError>>> = RwSignal::new(None);
    {
        let (api, w) = (api.clone(), ws.get_untracked());
        let dp_endpoint = crate::config::use_config().data_plane_endpoint.clone();
        spawn_local(async move {
            let r = load_choices(api, w, dp_endpoint).await;
            choices.try_set(Some(r));
        });
    }
    let choice_list =
        Signal::derive(move || choices.with(|c| c.as_ref().and_then(|r| r.as_ref().ok()).cloned().unwrap_or_default()));
    let source = use_source();
    let errors: FieldErrors = RwSignal::new(vec![]);
    let stage = RwSignal::new(Stage::Idle);
    let attempt = StoredValue::new(Attempt { job_id: crate::jobs::random_id(), code: None });
    let busy = move || !matches!(stage.get(), Stage::Idle | Stage::Done { .. } | Stage::Failed(_));

    let submit = {
        let api = api.clone();
        move |_| {
            if busy() {
                return;
            }
            let known = choice_list.with_untracked(Choices::known);
            let f = form.get_untracked();
            let mut errs = f.validate(&known);
            let selection = source.selection.get_untracked();
            let state = match &selection {
                None if source.picked.with_untracked(Option::is_none) => SourceState::NotPicked,
                None => SourceState::Reading,
                Some(Err(e)) => SourceState::Invalid(e),
                Some(Ok(_)) => SourceState::Ready,
            };
            errs.extend(source_error(state));
            errors.set(errs.clone());
            if !errs.is_empty() {
                return; // nothing is sent while a field is wrong
            }
            if matches!(stage.get_untracked(), Stage::Done { .. }) {
                // A finished submission: the next click is a new submission with a new id.
                attempt.set_value(Attempt { job_id: crate::jobs::random_id(), code: None });
            }
            spawn_local(run(api.clone(), ws.get_untracked(), f, source, stage, attempt));
        }
    };
    let yaml_open = RwSignal::new(false);
    let yaml_text = move || {
        let id = attempt.with_value(|a| a.job_id.clone());
        form.with(|f| job_yaml(f, source.root().as_deref(), &id))
    };
    view! {
        <div class="page-header">
            <div>
                <h1>"Submit a job"</h1>
                <p class="subtitle">"Run a command on your own code: pick the folder, set the command, environment and compute."</p>
            </div>
            <div class="actions"><a class="button" href=move || crate::routes::href(&jobs_path(&ws.get()))>"Back to jobs"</a></div>
        </div>
        {move || clone_err.get().map(|e| view! { <ErrorBox error=e title="Could not load the job to clone"/> })}
        {move || match choices.get() {
            Some(Err(e)) => Some(view! { <ErrorBox error=e title="Could not load computes, environments or datastores"/> }),
            _ => None,
        }}
        <form class="form jobs-form" data-testid="job-form" on:submit=|ev| ev.prevent_default()>
            <SourcePanel source=source/>
            <FieldMessageSource errors=errors/>
            <JobFields form=form errors=errors choices=choice_list/>
            <div class="yaml-view">
                <button class="button" type="button" data-testid="view-yaml" on:click=move |_| yaml_open.update(|o| *o = !*o)>
                    {move || if yaml_open.get() { "Hide YAML" } else { "View as YAML" }}
                </button>
                {move || yaml_open.get().then(|| view! {
                    <div class="code-panel"><pre data-testid="yaml-text"><code>{yaml_text}</code></pre></div>
                })}
            </div>
            {move || { let n = errors.with(Vec::len); (n > 0).then(|| view! {
                <div class="message-bar error" data-testid="form-errors" role="alert">
                    {format!("Fix {n} problem{} before submitting; nothing was sent.", if n == 1 { "" } else { "s" })}
                </div>
            })}}
            <Progress stage=stage ws=ws/>
            <div class="form-actions">
                <button class="button primary" type="button" data-testid="submit-job" disabled=busy on:click=submit>
                    {move || match stage.get() { Stage::Failed(_) => "Retry", Stage::Done { .. } => "Submit again", _ => "Submit" }}
                </button>
                <a class="button" href=move || crate::routes::href(&jobs_path(&ws.get()))>"Cancel"</a>
            </div>
        </form>
    }
}

#[component]
fn FieldMessageSource(errors: FieldErrors) -> impl IntoView {
    view! { <crate::components::fields::FieldMessage errors=errors field="source"/> }
}

async fn run(
    api: Api,
    ws: WorkspaceRef,
    f: JobForm,
    source: Source,
    stage: RwSignal<Stage>,
    attempt: StoredValue<Attempt>,
) {
    let fail = |x: Failure| {
        stage.try_set(Stage::Failed(x));
    };
    let (Some(picked), Some(Ok(selection))) = (source.picked.get_untracked(), source.selection.get_untracked()) else {
        return;
    };
    let picked: Rc<crate::jobs::files::Picked> = (*picked).clone();
    stage.set(Stage::Hashing(0, selection.total_bytes));
    hashing::mark("aml-hash-start");
    let hash = match hashing::hash_selection(
        &picked,
        &selection,
        |d, t| {
            stage.try_set(Stage::Hashing(d, t));
        },
        || stage.try_get_untracked().is_none(),
    )
    .await
    {
        Ok(h) => h,
        Err(e) => return fail(Failure::Other(e)),
    };
    hashing::mark("aml-hash-end");
    // The code plan belongs to a content hash: same hash on retry → same name/version/prefix.
    let (plan, cached) = match attempt.with_value(|a| a.code.clone()) {
        Some((h, plan, out)) if h == hash => (plan, out),
        _ => (fresh_plan(), None),
    };
    let code = match cached {
        Some(c) => c,
        None => {
            let on_stage: Rc<dyn Fn(CodeStage)> = Rc::new(move |s| {
                stage.try_set(Stage::Code(s));
            });
            match ensure_code(&api, &ws, picked.clone(), &selection, &hash, &plan, on_stage).await {
                Ok(c) => c,
                Err(e) => {
                    attempt.update_value(|a| a.code = Some((hash.clone(), plan.clone(), None)));
                    return fail(match e {
                        CodeError::Service(e) => Failure::Service(e),
                        CodeError::Cors { storage_origin } => Failure::Cors(storage_origin),
                        CodeError::Upload(m) => Failure::Other(format!("Upload failed: {m}")),
                    });
                }
            }
        }
    };
    attempt.update_value(|a| a.code = Some((hash.clone(), plan, Some(code.clone()))));
    let env_plan = EnvironmentPlan::for_form(&f, &ws);
    let registered = match env_plan.request(api.arm(), &ws) {
        Some(put) => {
            stage.set(Stage::Environment);
            // Same content → same version: registering again on a retry is a no-op.
            match api.json::<Value>(put).await {
                Ok(v) => Some(v),
                Err(e) => return fail(Failure::Service(e)),
            }
        }
        None => None,
    };
    let refs = JobRefs {
        code_id: code.code_id.clone(),
        environment_id: env_plan.environment_id(&ws, registered.as_ref()),
        compute_id: (!f.is_serverless()).then(|| compute_id(&ws, &f.compute)),
        properties: git_properties(source.git.get_untracked().as_ref()),
    };
    let job_id = attempt.with_value(|a| a.job_id.clone());
    let body = f.job_body(&job_id, &refs);
    stage.set(Stage::Submitting);
    match api.json::<Value>(api.arm().put_job(&ws, &job_id, &body)).await {
        Ok(_) => {
            browser::session_set(&snapshot_key(&job_id), &snapshot_listing(&selection));
            stage.try_set(Stage::Done { job: job_id, code });
        }
        Err(e) => fail(Failure::Service(e)),
    }
}

fn bar(done: u64, total: u64, testid: &'static str) -> impl IntoView {
    let pct = if total == 0 { 100.0 } else { done as f64 * 100.0 / total as f64 };
    view! { <progress data-testid=testid max="100" value=format!("{pct:.1}")></progress> }
}

#[component]
fn Progress(stage: RwSignal<Stage>, ws: Memo<WorkspaceRef>) -> impl IntoView {
    move || {
        let s = stage.get();
        let body = match s {
            Stage::Idle => return None,
            Stage::Hashing(d, t) => view! { <p>"Hashing the snapshot… " {format!("{} of {}", fmt_bytes(d), fmt_bytes(t))}</p> {bar(d, t, "hash-progress")} }.into_any(),
            Stage::Code(CodeStage::Checking) => view! { <p>"Looking for an identical code snapshot…"</p> }.into_any(),
            Stage::Code(CodeStage::Uploading(UploadProgress { done, total, mb_per_s, files_done, files })) => view! {
                <p data-testid="upload-status">{format!("Uploading {} of {} ({files_done}/{files} files, {mb_per_s:.1} MB/s)…", fmt_bytes(done), fmt_bytes(total))}</p>
                {bar(done, total, "upload-progress")}
            }.into_any(),
            Stage::Code(CodeStage::Registering) => view! { <p>"Registering the code snapshot…"</p> }.into_any(),
            Stage::Environment => view! { <p>"Registering the environment…"</p> }.into_any(),
            Stage::Submitting => view! { <p>"Submitting the job…"</p> }.into_any(),
            Stage::Done { job, code } => {
                let code_name = code.label();
                let line = if code.reused {
                    view! { <p data-testid="code-reused">{format!("Reused code snapshot {code_name} (0 bytes uploaded).")}</p> }.into_any()
                } else {
                    view! { <p data-testid="upload-bytes" data-bytes=code.bytes_uploaded.to_string()>{format!("Uploaded {} as code snapshot {code_name}.", fmt_bytes(code.bytes_uploaded))}</p> }.into_any()
                };
                let href = job_path(&ws.get_untracked(), &job);
                view! {
                    <div class="message-bar success" data-testid="submit-done">
                        {line}
                        <p>"Job " <a data-testid="job-link" href=crate::routes::href(&href)>{job}</a> " was submitted."</p>
                    </div>
                }.into_any()
            }
            Stage::Failed(Failure::Service(e)) => view! { <ErrorBox error=e title="The service refused the request"/> }.into_any(),
            Stage::Failed(Failure::Other(m)) => view! { <div class="message-bar error" data-testid="submit-error">{m}</div> }.into_any(),
            Stage::Failed(Failure::Cors(origin)) => view! {
                <div class="message-bar error" data-testid="cors-help">
                    <p>{format!("The browser could not upload to the workspace storage account ({origin}). Storage must allow this site in its CORS rules (or it is unreachable). Ask an administrator to add this rule to the account's Blob service, then retry:")}</p>
                    <pre class="mono">{cors_rule(&browser::origin())}</pre>
                </div>
            }.into_any(),
        };
        Some(view! { <div class="submit-progress" data-testid="submit-progress" role="status">{body}</div> })
    }
}

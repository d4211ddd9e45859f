//! Submit a command or sweep job from a local folder (`/ws/{sub}/{rg}/{ws}/jobs/new`, `?clone={id}` to
//! start from an existing job). The folder is hashed as soon as it is picked (Web Workers) and,
//! when it was submitted before (the cloned job's snapshot, else this browser's last one of a
//! folder of that name), compared with that snapshot so the preview shows what will be sent.
//! Validation runs before any request; then: the hashes → reuse the code asset, or copy the
//! unchanged files inside storage and upload the rest → environment version if needed → PUT the
//! job under an id chosen once per submission, so a retry never creates a second job.

use super::submit_form::JobFields;
use super::submit_preview::Preview;
use super::submit_progress::{Failure, Progress, Stage};
use super::submit_source::{use_source, CompareState, DigestState, Source, SourcePanel};
use super::submit_sweep::SweepFields;
use crate::browser;
use crate::components::draft::{draft_key, use_draft};
use crate::components::error_box::ErrorBox;
use crate::components::fields::FieldErrors;
use crate::components::guard::{Guard, Guarded};
use crate::error::UiError;
use crate::http::{use_api, Api};
use crate::i18n::{t, tf};
use crate::jobs::hashing::Digests;
use crate::jobs::previous::compare;
use crate::jobs::snapshot::{ensure_code, fresh_plan, CodeError, CodeStage, SourceSnapshot};
use crate::jobs::snapshot_key;
use crate::permissions::use_denial;
use crate::routes::{jobs_path, use_ws};
use aml_api::jobs::clone::form_from_job;
use aml_api::jobs::code_asset::PendingUpload;
use aml_api::jobs::ids::compute_id;
use aml_api::jobs::incremental::previous::from_job;
use aml_api::jobs::source::{git_properties, snapshot_listing};
use aml_api::jobs::validate::source_error;
use aml_api::jobs::yaml::job_yaml;
use aml_api::jobs::{Choices, CodeOutcome, CodePlan, EnvironmentPlan, JobForm, JobRefs, SourceState};
use aml_api::rbac::actions;
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use serde_json::Value;
use std::rc::Rc;
use std::sync::Arc;

/// Kept across retries of one submission: the job id, and the code asset per content hash.
#[derive(Clone, Default)]
struct Attempt {
    job_id: String,
    code: Option<(String, CodePlan, Option<CodeOutcome>)>,
}

async fn load_choices(api: Api, ws: WorkspaceRef) -> Result<Choices, UiError> {
    let arm = api.arm();
    let computes: Vec<aml_api::ComputeResource> = api.fetch_all_pages(arm.list_computes(&ws)).await?;
    let envs: Vec<Value> = api.fetch_all_pages(arm.list_environments(&ws)).await?;
    let stores: Vec<Value> = api.fetch_all_pages(arm.list_datastores(&ws)).await?;
    let wsp: aml_api::Workspace = api.json(arm.get_workspace(&ws)).await?;
    let location = wsp.location.as_deref().unwrap_or_default();
    // The data plane as everything else finds it (override, proxy, discovery document, template);
    // none means no MLflow suggestions, never a failed form.
    let dp = crate::dataplane::data_plane_of(api.config(), &ws, &wsp).await.ok();
    let sizes: Value = api.json(arm.list_vm_sizes(&ws.subscription, location)).await.unwrap_or_default();
    let mut choices = Choices::from_service(&computes, &envs, &stores, &[], &sizes);
    // Only for the suggestions (the form works without them): MLflow's experiment list, not
    // every job of the workspace.
    choices.add_experiments(crate::jobs::experiments::experiment_names(&api, dp, &ws).await);
    Ok(choices)
}

/// The preview's comparison: a pending upload's SAS (the plan kept in `spare` becomes the
/// first submission's, so no extra upload location is made), List Blobs, the diff.
fn watch_compare(api: Api, ws: Memo<WorkspaceRef>, source: Source, spare: StoredValue<Option<CodePlan>>) {
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let digests = source.digests.get();
        let selection = source.selection.get();
        let w = ws.get();
        let previous = source.previous(&w);
        let gen = generation.with_value(|g| g + 1);
        generation.set_value(gen);
        let (DigestState::Ready(d), Some(Ok(sel)), Some(prev)) = (digests, selection, previous) else {
            source.compare.set(CompareState::None);
            return;
        };
        source.compare.set(CompareState::Comparing);
        let plan = spare.get_value().unwrap_or_else(|| {
            let p = fresh_plan();
            spare.set_value(Some(p.clone()));
            p
        });
        let api = api.clone();
        spawn_local(async move {
            let out = match api.json::<Value>(plan.start_upload(api.arm(), &w)).await {
                Err(e) => Err(tf("submit.no_upload", "no upload location: {reason}", &[("reason", &e.message)])),
                Ok(answer) => match PendingUpload::from_response(&answer) {
                    Err(e) => Err(e),
                    Ok(p) => compare(&api, &w, &p.sas_uri, &prev, &sel, &d.md5).await,
                },
            };
            if generation.try_with_value(|g| *g == gen) == Some(true) {
                source.compare.try_set(match out {
                    Ok(c) => CompareState::Ready(Arc::new(c)),
                    Err(why) => CompareState::Unavailable(why),
                });
            }
        });
    });
}

#[component]
pub fn SubmitPage() -> impl IntoView {
    let (api, ws) = (use_api(), use_ws());
    let form = RwSignal::new(JobForm::default());
    use_draft(draft_key("job", &ws.get_untracked()), form);
    let source = use_source();
    let clone_id = use_query_map().with_untracked(|q| q.get("clone"));
    let clone_err: RwSignal<Option<UiError>> = RwSignal::new(None);
    if let Some(id) = clone_id.clone() {
        let (api, w) = (api.clone(), ws.get_untracked());
        spawn_local(async move {
            match api.json::<Value>(api.arm().get_job(&w, &id)).await {
                Ok(j) => {
                    form.try_set(form_from_job(&j));
                    source.cloned_from.try_set(from_job(&j));
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
        spawn_local(async move {
            let r = load_choices(api, w).await;
            choices.try_set(Some(r));
        });
    }
    // Curated environments: the registry's own list where it can be read, else the built-in one
    // (read on its own, so the rest of the form never waits for it).
    let registry = super::submit_env::use_registry_list(api.clone(), ws.get_untracked());
    let choice_list = Signal::derive(move || {
        let mut c = choices.with(|c| c.as_ref().and_then(|r| r.as_ref().ok()).cloned().unwrap_or_default());
        registry.with(|r| super::submit_env::apply_registry_list(&mut c, r.as_ref()));
        c
    });
    let spare: StoredValue<Option<CodePlan>> = StoredValue::new(None);
    watch_compare(api.clone(), ws, source, spare);
    let errors: FieldErrors = RwSignal::new(vec![]);
    let stage = RwSignal::new(Stage::Idle);
    let attempt = StoredValue::new(Attempt { job_id: crate::jobs::random_id(), code: None });
    let busy = move || !matches!(stage.get(), Stage::Idle | Stage::Done { .. } | Stage::Failed(_));
    // Submitting writes the code version, maybe an environment version, and the job.
    let guard = Guard::new(use_denial(&api, &actions::SUBMIT_JOB), "tip-submit-job");

    let submit = {
        let api = api.clone();
        move |_| {
            if busy() || guard.denied() {
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
            spawn_local(run(api.clone(), ws.get_untracked(), f, source, stage, attempt, spare));
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
                <h1>{t("submit.title", "Submit a job")}</h1>
                <p class="subtitle">
                    {t(
                        "submit.subtitle",
                        "Run a command on your own code: pick the folder, set the command, environment and compute.",
                    )}
                </p>
            </div>
            <div class="actions">
                <a class="button" href=move || crate::routes::href(&jobs_path(&ws.get()))>
                    {t("submit.back", "Back to jobs")}
                </a>
            </div>
        </div>
        {move || {
            clone_err
                .get()
                .map(|e| {
                    view! { <ErrorBox error=e title=t("submit.clone_failed", "Could not load the job to clone") /> }
                })
        }}
        {move || match choices.get() {
            Some(Err(e)) => {
                Some(
                    view! {
                        <ErrorBox
                            error=e
                            title=t("submit.choices_failed", "Could not load computes, environments or datastores")
                        />
                    },
                )
            }
            _ => None,
        }}
        <form class="form jobs-form" data-testid="job-form" on:submit=|ev| ev.prevent_default()>
            <SourcePanel source=source>
                <Preview source=source />
            </SourcePanel>
            <FieldMessageSource errors=errors />
            <JobFields form=form errors=errors choices=choice_list />
            <SweepFields form=form errors=errors />
            <div class="yaml-view">
                <button
                    class="button"
                    type="button"
                    data-testid="view-yaml"
                    on:click=move |_| yaml_open.update(|o| *o = !*o)
                >
                    {move || if yaml_open.get() { t("yaml.hide", "Hide YAML") } else { t("yaml.show", "View as YAML") }}
                </button>
                {move || {
                    yaml_open
                        .get()
                        .then(|| {
                            view! {
                                <div class="code-panel">
                                    <pre
                                        data-testid="yaml-text"
                                        tabindex="0"
                                        role="region"
                                        aria-label=t("submit.job_yaml", "Job YAML")
                                    >
                                        <code>{yaml_text}</code>
                                    </pre>
                                </div>
                            }
                        })
                }}
            </div>
            {move || {
                let n = errors.with(Vec::len);
                (n > 0)
                    .then(|| {
                        view! {
                            <div class="message-bar error" data-testid="form-errors" role="alert">
                                {match n {
                                    1 => {
                                        t("submit.fix_one", "Fix 1 problem before submitting; nothing was sent.")
                                            .to_string()
                                    }
                                    n => {
                                        tf(
                                            "submit.fix_other",
                                            "Fix {n} problems before submitting; nothing was sent.",
                                            &[("n", &n.to_string())],
                                        )
                                    }
                                }}
                            </div>
                        }
                    })
            }}
            <Progress stage=stage ws=ws cancel_hashing=Callback::new(move |_| source.cancel_digests_by_user()) />
            <div class="form-actions">
                <Guarded guard=guard>
                    <button
                        class="button primary"
                        type="button"
                        data-testid="submit-job"
                        disabled=busy
                        on:click=submit
                        aria-disabled=guard.aria_disabled()
                        aria-describedby=guard.described_by()
                    >
                        {move || match stage.get() {
                            Stage::Failed(_) => t("submit.retry", "Retry"),
                            Stage::Done { .. } => t("submit.again", "Submit again"),
                            _ => t("submit.submit", "Submit"),
                        }}
                    </button>
                </Guarded>
                <a class="button" href=move || crate::routes::href(&jobs_path(&ws.get()))>
                    {t("common.cancel", "Cancel")}
                </a>
            </div>
        </form>
    }
}

#[component]
fn FieldMessageSource(errors: FieldErrors) -> impl IntoView {
    view! { <crate::components::fields::FieldMessage errors=errors field="source" /> }
}

/// The selection's digests: those already computed in the background, else waits for the
/// running computation (or starts one). `None` when the user canceled it or the page is gone.
/// A computation the page itself stopped or has not started yet (the selection was re-read just
/// before the click) is started again, a few times at most.
async fn wait_for_digests(source: Source, stage: RwSignal<Stage>) -> Option<Result<Arc<Digests>, String>> {
    let mut starts = 0;
    loop {
        match source.digests.try_get_untracked()? {
            DigestState::Ready(d) => return Some(Ok(d)),
            DigestState::Failed(m) => return Some(Err(m)),
            DigestState::Canceled if source.user_canceled() && starts > 0 => return None,
            DigestState::Idle | DigestState::Canceled => {
                if starts == 10 {
                    return None;
                }
                starts += 1;
                source.start_digests();
                // Time for the selection to be read before trying again.
                browser::sleep_ms(1_000).await;
            }
            DigestState::Running(d, t) => {
                // `try_set` hands the value back only when the page is gone (a successful set is
                // `None`, so `?` here would end every wait that found the hashing still running).
                if stage.try_set(Stage::Hashing(d, t)).is_some() {
                    return None;
                }
            }
        }
        browser::sleep_ms(50).await;
    }
}

async fn run(
    api: Api,
    ws: WorkspaceRef,
    f: JobForm,
    source: Source,
    stage: RwSignal<Stage>,
    attempt: StoredValue<Attempt>,
    spare: StoredValue<Option<CodePlan>>,
) {
    let fail = |x: Failure| {
        stage.try_set(Stage::Failed(x));
    };
    let (Some(picked), Some(Ok(selection))) = (source.picked.get_untracked(), source.selection.get_untracked()) else {
        return;
    };
    let picked: Rc<crate::jobs::files::Picked> = (*picked).clone();
    stage.set(Stage::Hashing(0, selection.total_bytes * 2));
    let digests = match wait_for_digests(source, stage).await {
        Some(Ok(d)) => d,
        Some(Err(m)) => return fail(Failure::Other(m)),
        None => {
            return fail(Failure::Other(
                t("submit.hash_canceled", "Hashing was canceled; nothing was sent. Submit again to hash and submit.")
                    .into(),
            ))
        }
    };
    let hash = digests.hash.clone();
    // The code plan belongs to a content hash: same hash on retry → same name/version/prefix.
    // The first one is the plan the preview's comparison already asked an upload location for.
    let (plan, cached) = match attempt.with_value(|a| a.code.clone()) {
        Some((h, plan, out)) if h == hash => (plan, out),
        _ => (spare.try_update_value(Option::take).flatten().unwrap_or_else(fresh_plan), None),
    };
    let code = match cached {
        Some(c) => c,
        None => {
            let on_stage: Rc<dyn Fn(CodeStage)> = Rc::new(move |s| {
                stage.try_set(Stage::Code(s));
            });
            let previous = source.previous(&ws);
            let src = SourceSnapshot {
                picked: picked.clone(),
                selection: &selection,
                digests: &digests,
                previous: previous.as_ref(),
            };
            match ensure_code(&api, &ws, src, &plan, on_stage).await {
                Ok(c) => c,
                Err(e) => {
                    attempt.update_value(|a| a.code = Some((hash.clone(), plan.clone(), None)));
                    return fail(match e {
                        CodeError::Service(e) => Failure::Service(e),
                        CodeError::Cors { storage_origin } => Failure::Cors(storage_origin),
                        CodeError::Upload(m) => {
                            Failure::Other(tf("submit.upload_failed", "Upload failed: {reason}", &[("reason", &m)]))
                        }
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

//! Tidying a job from its details page: edit display name, description and tags; archive and
//! restore; delete (a long-running operation, after the job's name is typed out). Requests are
//! built by `aml_api::jobs::tidy` as azure-ai-ml shapes them (docs/azure-ai-ml-sdk.md §Job-edits).

use crate::components::error_box::ErrorBox;
use crate::components::modal::Modal;
use crate::error::UiError;
use crate::http::{use_api, Api};
use crate::i18n::{t, tf, tm};
use crate::ops::{use_ops, OpState};
use crate::routes::{jobs_path, use_ws};
use aml_api::forms::TagPair;
use aml_api::jobs::model;
use aml_api::jobs::tidy::{archive_fallback, confirms_delete, is_archived, JobEditForm};
use aml_api::jobs::DataPlane;
use aml_api::{FieldError, WorkspaceRef};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use serde_json::Value;

/// The data-plane client of the workspace (RunHistory lives there), as `crate::dataplane`
/// resolves it.
async fn data_plane(api: &Api, ws: &WorkspaceRef) -> Result<DataPlane, UiError> {
    crate::dataplane::data_plane_for(api, ws).await
}

/// Props: `job` – the job as last fetched; `updated` – receives the job fetched again after a change.
#[component]
pub fn JobTidy(job: Signal<Option<Value>>, updated: Callback<Value>) -> impl IntoView {
    let (api, ws) = (use_api(), use_ws());
    let editing = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<UiError>);
    let archived = Signal::derive(move || job.with(|j| j.as_ref().is_some_and(is_archived)));
    let toggle_archive = {
        let api = api.clone();
        move |_| {
            let Some(j) = job.get_untracked() else { return };
            let (api, w, to) = (api.clone(), ws.get_untracked(), !is_archived(&j));
            busy.set(true);
            failed.set(None);
            spawn_local(async move {
                // As the SDK: RunHistory's `hidden` first; on any failure the ARM PUT with `isArchived`.
                let patched = match data_plane(&api, &w).await {
                    Ok(dp) => api.send(dp.set_archived(&w, &j, to)).await.map(|_| ()),
                    Err(e) => Err(e),
                };
                let done = match patched {
                    Ok(()) => Ok(()),
                    Err(_) => api.send(archive_fallback(api.arm(), &w, &j, to)).await.map(|_| ()),
                };
                match done {
                    Ok(()) => refetch(&api, &w, &model::name(&j), updated, failed).await,
                    Err(e) => {
                        failed.try_set(Some(e));
                    }
                }
                busy.try_set(false);
            });
        }
    };
    view! {
        <div class="actions job-tidy" data-testid="job-tidy">
            {move || {
                archived
                    .get()
                    .then(|| {
                        view! {
                            <span class="type-chip" data-testid="job-archived">
                                {t("tidy.archived", "Archived")}
                            </span>
                        }
                    })
            }}
            <button
                type="button"
                class="button"
                data-testid="job-edit"
                disabled=move || job.with(Option::is_none) || busy.get()
                on:click=move |_| editing.set(true)
            >
                {t("tidy.edit", "Edit")}
            </button>
            <button
                type="button"
                class="button"
                data-testid="job-archive"
                disabled=move || job.with(Option::is_none) || busy.get()
                on:click=toggle_archive
            >
                {move || if archived.get() { t("tidy.restore", "Restore") } else { t("tidy.archive", "Archive") }}
            </button>
            <button
                type="button"
                class="button danger"
                data-testid="job-delete"
                disabled=move || job.with(Option::is_none) || busy.get()
                on:click=move |_| deleting.set(true)
            >
                {t("common.delete", "Delete")}
            </button>
        </div>
        {move || {
            failed
                .get()
                .map(|e| view! { <ErrorBox error=e title=t("tidy.change_failed", "Could not change the job") /> })
        }}
        // Only the open/closed state is tracked: the details page polls the job, and a re-render
        // on each poll would lose what was typed.
        {move || {
            (editing.get() && job.with_untracked(Option::is_some))
                .then(|| {
                    view! { <EditDialog job=job.get_untracked().unwrap_or_default() open=editing updated=updated /> }
                })
        }}
        {move || {
            (deleting.get() && job.with_untracked(Option::is_some))
                .then(|| {
                    view! {
                        <DeleteDialog
                            name=job.with_untracked(|j| j.as_ref().map(model::name).unwrap_or_default())
                            open=deleting
                        />
                    }
                })
        }}
    }
}

async fn refetch(
    api: &Api,
    ws: &WorkspaceRef,
    name: &str,
    updated: Callback<Value>,
    failed: RwSignal<Option<UiError>>,
) {
    match api.json::<Value>(api.arm().get_job(ws, name)).await {
        Ok(j) => updated.run(j),
        Err(e) => {
            failed.try_set(Some(e));
        }
    }
}

/// Props: `job` – as fetched; `open` – closes the dialog; `updated`.
#[component]
fn EditDialog(job: Value, open: RwSignal<bool>, updated: Callback<Value>) -> impl IntoView {
    let (api, ws) = (use_api(), use_ws());
    let form = RwSignal::new(JobEditForm::from_job(&job));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failed = RwSignal::new(None::<UiError>);
    let sending = RwSignal::new(false);
    let message =
        move |field: &'static str| errors.with(|e| e.iter().find(|x| x.field == field).map(|x| tm(&x.message)));
    let save = move |_| {
        if sending.get_untracked() {
            return;
        }
        let f = form.get_untracked();
        let errs = f.validate();
        errors.set(errs.clone());
        if !errs.is_empty() {
            return;
        }
        let edit = f.changes(&job);
        if edit.is_empty() {
            open.set(false);
            return;
        }
        let (api, w, j) = (api.clone(), ws.get_untracked(), job.clone());
        sending.set(true);
        failed.set(None);
        spawn_local(async move {
            let (exp, name) = (model::experiment(&j), model::name(&j));
            let result = async {
                let dp = data_plane(&api, &w).await?;
                if let Some(body) = &edit.patch {
                    api.send(dp.patch_run(&w, &exp, &name, body)).await?;
                }
                if !edit.removed_tags.is_empty() {
                    api.send(dp.delete_run_tags(&w, &exp, &name, &edit.removed_tags)).await?;
                }
                api.json::<Value>(api.arm().get_job(&w, &name)).await
            }
            .await;
            match result {
                Ok(fresh) => {
                    updated.run(fresh);
                    open.try_set(false);
                }
                Err(e) => {
                    failed.try_set(Some(e));
                }
            }
            sending.try_set(false);
        });
    };
    let tag_count = Memo::new(move |_| form.with(|f| f.tags.len()));
    view! {
        <Modal
            title=t("tidy.edit_title", "Edit job")
            testid="job-edit-dialog"
            on_close=Callback::new(move |_| open.set(false))
        >
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save(());
                }
            >
                <div class="field">
                    <label for="job-edit-name">{t("submit.display_name", "Display name")}</label>
                    <input
                        id="job-edit-name"
                        type="text"
                        data-testid="job-edit-display_name"
                        autocomplete="off"
                        aria-invalid=move || message("display_name").is_some().to_string()
                        prop:value=move || form.with(|f| f.display_name.clone())
                        on:input=move |ev| form.update(|f| f.display_name = event_target_value(&ev))
                    />
                    <p class="field-error" role="alert" data-testid="job-edit-error-display_name">
                        {move || message("display_name")}
                    </p>
                </div>
                <div class="field">
                    <label for="job-edit-description">{t("compute.form.description", "Description")}</label>
                    <textarea
                        id="job-edit-description"
                        rows="3"
                        data-testid="job-edit-description"
                        prop:value=move || form.with(|f| f.description.clone())
                        on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))
                    ></textarea>
                </div>
                <fieldset class="field">
                    <legend>{t("job.tags", "Tags")}</legend>
                    {move || (0..tag_count.get()).map(|i| view! { <TagRow form=form index=i /> }).collect_view()}
                    <button
                        type="button"
                        class="button subtle"
                        data-testid="job-edit-add-tag"
                        on:click=move |_| form.update(|f| f.tags.push(TagPair::default()))
                    >
                        {t("tidy.add_tag", "+ Add tag")}
                    </button>
                    <p class="field-error" role="alert" data-testid="job-edit-error-tags">
                        {move || message("tags")}
                    </p>
                </fieldset>
                {move || {
                    failed
                        .get()
                        .map(|e| {
                            view! { <ErrorBox error=e title=t("tidy.refused", "The service refused the change") /> }
                        })
                }}
                <div class="form-actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="job-edit-cancel"
                        on:click=move |_| open.set(false)
                    >
                        {t("common.cancel", "Cancel")}
                    </button>
                    <button
                        type="submit"
                        class="button primary"
                        data-testid="job-edit-save"
                        disabled=move || sending.get()
                    >
                        {move || if sending.get() { t("tidy.saving", "Saving…") } else { t("tidy.save", "Save") }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// Props: `form`, `index` – one tag of the edit dialog with its remove button.
#[component]
fn TagRow(form: RwSignal<JobEditForm>, index: usize) -> impl IntoView {
    let get = move |f: fn(&TagPair) -> String| form.with(|x| x.tags.get(index).map(f).unwrap_or_default());
    let set = move |f: fn(&mut TagPair, String), v: String| {
        form.update(|x| {
            if let Some(t) = x.tags.get_mut(index) {
                f(t, v)
            }
        })
    };
    view! {
        <div class="tag-row" data-testid="job-edit-tag">
            <input
                type="text"
                aria-label=tf("tidy.tag_key", "Tag {n} key", &[("n", &(index + 1).to_string())])
                data-testid="tag-key"
                prop:value=move || get(|t| t.key.clone())
                on:input=move |ev| set(|t, v| t.key = v, event_target_value(&ev))
            />
            <input
                type="text"
                aria-label=tf("tidy.tag_value", "Tag {n} value", &[("n", &(index + 1).to_string())])
                data-testid="tag-value"
                prop:value=move || get(|t| t.value.clone())
                on:input=move |ev| set(|t, v| t.value = v, event_target_value(&ev))
            />
            <button
                type="button"
                class="button subtle"
                aria-label=tf("tidy.remove_tag", "Remove tag {n}", &[("n", &(index + 1).to_string())])
                data-testid="tag-remove"
                on:click=move |_| {
                    form.update(|x| {
                        if index < x.tags.len() {
                            x.tags.remove(index);
                        }
                    })
                }
            >
                {t("tidy.remove", "Remove")}
            </button>
        </div>
    }
}

/// Props: `name` – the job to delete; `open` – closes the dialog. After the operation ends
/// the jobs list is shown.
#[component]
fn DeleteDialog(name: String, open: RwSignal<bool>) -> impl IntoView {
    let (api, ws, ops) = (use_api(), use_ws(), use_ops());
    let navigate = use_navigate();
    let typed = RwSignal::new(String::new());
    let op_id = RwSignal::new(None::<u32>);
    let failed = RwSignal::new(None::<UiError>);
    let starting = RwSignal::new(false);
    let op_list = ops.list;
    let op_state = Memo::new(move |_| {
        let id = op_id.get()?;
        op_list.with(|l| l.iter().find(|o| o.id == id).map(|o| (o.state.clone(), o.text.clone())))
    });
    Effect::new(move |_| match op_state.get() {
        Some((OpState::Succeeded, _)) => navigate(&jobs_path(&ws.get_untracked()), Default::default()),
        Some((OpState::Failed(e), _)) => {
            failed.set(Some(e));
            op_id.set(None);
        }
        Some((OpState::Canceled, _)) => op_id.set(None),
        _ => {}
    });
    let name2 = name.clone();
    let can_confirm =
        Signal::derive(move || typed.with(|t| confirms_delete(t, &name2)) && op_id.get().is_none() && !starting.get());
    let confirm = {
        let name = name.clone();
        move |_| {
            if !can_confirm.get_untracked() {
                return;
            }
            let (api, ops, w, id) = (api.clone(), ops.clone(), ws.get_untracked(), name.clone());
            starting.set(true);
            failed.set(None);
            spawn_local(async move {
                match ops.delete_job(api, w, id).await {
                    Ok(op) => {
                        op_id.try_set(Some(op));
                    }
                    Err(e) => {
                        failed.try_set(Some(e));
                    }
                }
                starting.try_set(false);
            });
        }
    };
    let progress = move || match op_state.get() {
        Some((OpState::Running, text)) => Some(tm(&text)),
        _ => starting.get().then(|| t("tidy.deleting", "Deleting…").to_string()),
    };
    view! {
        <Modal
            title=t("tidy.delete_title", "Delete job")
            testid="job-delete-dialog"
            on_close=Callback::new(move |_| open.set(false))
        >
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    confirm(());
                }
            >
                <p>
                    {t(
                        "tidy.delete_warning",
                        "Deleting a job removes it and its run history from the workspace. This cannot be undone.",
                    )}
                </p>
                <div class="field">
                    <label for="job-delete-name">
                        {tf("tidy.delete_confirm", "Type the job name, {name}, to confirm", &[("name", &name)])}
                    </label>
                    <input
                        id="job-delete-name"
                        type="text"
                        autocomplete="off"
                        data-testid="job-delete-confirm-name"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                </div>
                <p role="status" class="muted" data-testid="job-delete-progress">
                    {progress}
                </p>
                {move || {
                    failed
                        .get()
                        .map(|e| {
                            view! { <ErrorBox error=e title=t("tidy.delete_failed", "Could not delete the job") /> }
                        })
                }}
                <div class="form-actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="job-delete-cancel"
                        on:click=move |_| open.set(false)
                    >
                        {t("common.cancel", "Cancel")}
                    </button>
                    <button
                        type="submit"
                        class="button danger"
                        data-testid="job-delete-confirm"
                        disabled=move || !can_confirm.get()
                    >
                        {t("common.delete", "Delete")}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

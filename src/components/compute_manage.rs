//! "Manage" actions on the compute details page: Scale (clusters, PATCH), Start / Stop /
//! Restart (instances, enabled per state), Delete or Detach (confirmation dialog), and Keys
//! where listKeys applies. Every action runs through the app's operation store, so it keeps
//! going when the page is left; buttons are disabled while an operation runs on the compute.

use crate::components::error_box::ErrorBox;
use crate::components::fields::{FieldErrors, TextField};
use crate::components::guard::{Guard, Guarded};
use crate::components::keys_dialog::KeysDialog;
use crate::components::modal::Modal;
use crate::error::UiError;
use crate::http::use_api;
use crate::i18n::t;
use crate::ops::{use_ops, Op};
use crate::permissions::use_denial;
use crate::routes;
use aml_api::forms::ScaleForm;
use aml_api::rbac::actions as act;
use aml_api::{compute_type as ct, ComputeResource, HttpRequest, LroKind, UnderlyingResourceAction, WorkspaceRef};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[derive(Clone, Copy, PartialEq)]
enum Dialog {
    None,
    Scale,
    Delete,
    Keys,
}

/// Props: `compute` – as last fetched; `ws`; `running` – the operation in flight on it.
#[component]
pub fn ManageBar(
    compute: ComputeResource,
    ws: WorkspaceRef,
    #[prop(into)] running: Signal<Option<Op>>,
) -> impl IntoView {
    let (api, ops) = (use_api(), use_ops());
    let ty = compute.compute_type().to_string();
    let name = compute.name().to_string();
    let state = compute.state_label();
    let dialog = RwSignal::new(Dialog::None);
    let error = RwSignal::new(None::<UiError>);
    let busy = RwSignal::new(false);
    let locked = move || busy.get() || running.with(Option::is_some);
    // What the user's roles allow (disabled with the missing action named, components/guard.rs).
    let g_scale = Guard::new(use_denial(&api, &[act::COMPUTE_WRITE]), "tip-manage-scale");
    let g_start = Guard::new(use_denial(&api, &[act::COMPUTE_START]), "tip-manage-start");
    let g_stop = Guard::new(use_denial(&api, &[act::COMPUTE_STOP]), "tip-manage-stop");
    let g_restart = Guard::new(use_denial(&api, &[act::COMPUTE_RESTART]), "tip-manage-restart");
    let g_keys = Guard::new(use_denial(&api, &[act::COMPUTE_LIST_KEYS]), "tip-manage-keys");
    let g_delete = Guard::new(use_denial(&api, &[act::COMPUTE_DELETE]), "tip-manage-delete");

    // Start/Stop/Restart: POST, then follow the operation in the store.
    let power = {
        let (api, ops, ws, name) = (api.clone(), ops.clone(), ws.clone(), name.clone());
        move |kind: LroKind| {
            let guard = match kind {
                LroKind::Start => g_start,
                LroKind::Stop => g_stop,
                _ => g_restart,
            };
            if guard.denied() {
                return;
            }
            let req: HttpRequest = match kind {
                LroKind::Start => api.arm().start_compute(&ws, &name),
                LroKind::Stop => api.arm().stop_compute(&ws, &name),
                _ => api.arm().restart_compute(&ws, &name),
            };
            let (api, ops, ws, name) = (api.clone(), ops.clone(), ws.clone(), name.clone());
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                if let Err(e) = ops.start(api, kind, ws, name, req).await {
                    error.try_set(Some(e));
                }
                busy.try_set(false);
            });
        }
    };
    let is_cluster = ty == ct::AML_COMPUTE;
    let is_instance = ty == ct::COMPUTE_INSTANCE;
    let has_keys = [ct::VIRTUAL_MACHINE, ct::DATABRICKS, ct::AKS].contains(&ty.as_str());
    let known = compute.is_known_type();
    let (running_st, stopped) = (state == "Running", state == "Stopped");
    let scale = compute
        .properties
        .as_ref()
        .and_then(|p| p.kind.aml_compute())
        .and_then(|a| a.scale_settings.as_ref())
        .map(ScaleForm::from_settings)
        .unwrap_or_default();
    let attached =
        compute.properties.as_ref().and_then(|p| p.is_attached_compute).unwrap_or(!(is_cluster || is_instance));
    let (p1, p2, p3) = (power.clone(), power.clone(), power);

    view! {
        <div
            class="manage-bar"
            role="toolbar"
            aria-label=t("manage.manage_compute", "Manage compute")
            data-testid="manage-bar"
        >
            {is_cluster
                .then(|| {
                    view! {
                        <Guarded guard=g_scale>
                            <button
                                class="button"
                                data-testid="manage-scale"
                                disabled=locked
                                aria-disabled=g_scale.aria_disabled()
                                aria-describedby=g_scale.described_by()
                                on:click=move |_| {
                                    if !g_scale.denied() {
                                        dialog.set(Dialog::Scale)
                                    }
                                }
                            >
                                {t("manage.scale", "Scale")}
                            </button>
                        </Guarded>
                    }
                })}
            {is_instance
                .then(|| {
                    view! {
                        <Guarded guard=g_start>
                            <button
                                class="button"
                                data-testid="manage-start"
                                disabled=move || locked() || !stopped
                                aria-disabled=g_start.aria_disabled()
                                aria-describedby=g_start.described_by()
                                on:click=move |_| p1(LroKind::Start)
                            >
                                {t("manage.start", "Start")}
                            </button>
                        </Guarded>
                        <Guarded guard=g_stop>
                            <button
                                class="button"
                                data-testid="manage-stop"
                                disabled=move || locked() || !running_st
                                aria-disabled=g_stop.aria_disabled()
                                aria-describedby=g_stop.described_by()
                                on:click=move |_| p2(LroKind::Stop)
                            >
                                {t("manage.stop", "Stop")}
                            </button>
                        </Guarded>
                        <Guarded guard=g_restart>
                            <button
                                class="button"
                                data-testid="manage-restart"
                                disabled=move || locked() || !running_st
                                aria-disabled=g_restart.aria_disabled()
                                aria-describedby=g_restart.described_by()
                                on:click=move |_| p3(LroKind::Restart)
                            >
                                {t("manage.restart", "Restart")}
                            </button>
                        </Guarded>
                    }
                })}
            {has_keys
                .then(|| {
                    view! {
                        <Guarded guard=g_keys>
                            <button
                                class="button"
                                data-testid="manage-keys"
                                aria-disabled=g_keys.aria_disabled()
                                aria-describedby=g_keys.described_by()
                                on:click=move |_| {
                                    if !g_keys.denied() {
                                        dialog.set(Dialog::Keys)
                                    }
                                }
                            >
                                {t("manage.keys", "Keys")}
                            </button>
                        </Guarded>
                    }
                })}
            {known
                .then(|| {
                    view! {
                        <Guarded guard=g_delete>
                            <button
                                class="button danger"
                                data-testid="manage-delete"
                                disabled=locked
                                aria-disabled=g_delete.aria_disabled()
                                aria-describedby=g_delete.described_by()
                                on:click=move |_| {
                                    if !g_delete.denied() {
                                        dialog.set(Dialog::Delete)
                                    }
                                }
                            >
                                {t("manage.delete_or_detach", "Delete or detach…")}
                            </button>
                        </Guarded>
                    }
                })}
            {move || {
                running
                    .get()
                    .map(|o| {
                        view! {
                            <span class="op-inline" data-testid="op-banner" role="status">
                                <span class="spinner small" aria-hidden="true"></span>
                                {o.text}
                            </span>
                        }
                    })
            }}
        </div>
        {move || {
            error
                .get()
                .map(|e| {
                    view! {
                        <ErrorBox
                            error=e
                            title=t("manage.the_service_refused_the_request", "The service refused the request")
                        />
                    }
                })
        }}
        {move || match dialog.get() {
            Dialog::Scale => {
                view! {
                    <ScaleDialog
                        ws=ws.clone()
                        name=name.clone()
                        initial=scale.clone()
                        close=Callback::new(move |_| dialog.set(Dialog::None))
                    />
                }
                    .into_any()
            }
            Dialog::Delete => {
                view! {
                    <DeleteDialog
                        ws=ws.clone()
                        name=name.clone()
                        attached=attached
                        close=Callback::new(move |_| dialog.set(Dialog::None))
                    />
                }
                    .into_any()
            }
            Dialog::Keys => {
                view! {
                    <KeysDialog
                        ws=ws.clone()
                        name=name.clone()
                        close=Callback::new(move |_| dialog.set(Dialog::None))
                    />
                }
                    .into_any()
            }
            Dialog::None => ().into_any(),
        }}
    }
}

/// Props: `ws`, `name`, `initial` – current scale settings, `close`.
#[component]
fn ScaleDialog(ws: WorkspaceRef, name: String, initial: ScaleForm, close: Callback<()>) -> impl IntoView {
    let (api, ops) = (use_api(), use_ops());
    let form = RwSignal::new(initial);
    let errors: FieldErrors = RwSignal::new(vec![]);
    let error = RwSignal::new(None::<UiError>);
    let sending = RwSignal::new(false);
    let apply = move |_| {
        let f = form.get_untracked();
        let errs = f.validate();
        errors.set(errs.clone());
        if !errs.is_empty() || sending.get_untracked() {
            return;
        }
        let req = api.arm().update_compute_scale(&ws, &name, &f.to_scale_settings());
        let (api, ops, ws, name) = (api.clone(), ops.clone(), ws.clone(), name.clone());
        sending.set(true);
        spawn_local(async move {
            match ops.start(api, LroKind::Update, ws, name, req).await {
                Ok(_) => close.run(()),
                Err(e) => {
                    error.try_set(Some(e));
                    sending.try_set(false);
                }
            }
        });
    };
    view! {
        <Modal title=t("manage.scale_cluster", "Scale cluster") testid="scale-dialog" on_close=close>
            <div class="field-grid">
                <TextField
                    label=t("manage.minimum_nodes", "Minimum nodes")
                    field="min_nodes"
                    errors=errors
                    bound=crate::bind!(form, min_nodes)
                    input_type="number"
                />
                <TextField
                    label=t("manage.maximum_nodes", "Maximum nodes")
                    field="max_nodes"
                    errors=errors
                    bound=crate::bind!(form, max_nodes)
                    input_type="number"
                />
                <TextField
                    label=t("manage.idle_seconds_before_scale_down", "Idle seconds before scale down")
                    field="idle_seconds"
                    errors=errors
                    bound=crate::bind!(form, idle_seconds)
                    input_type="number"
                />
            </div>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <ErrorBox
                                error=e
                                title=t("manage.the_service_refused_the_request", "The service refused the request")
                            />
                        }
                    })
            }}
            <div class="form-actions">
                <button class="button primary" data-testid="scale-apply" disabled=move || sending.get() on:click=apply>
                    {t("manage.apply", "Apply")}
                </button>
                <button class="button" data-testid="dialog-cancel" on:click=move |_| close.run(())>
                    {t("manage.cancel", "Cancel")}
                </button>
            </div>
        </Modal>
    }
}

/// Props: `ws`, `name`, `attached` – default to Detach for attached resources, `close`.
#[component]
fn DeleteDialog(ws: WorkspaceRef, name: String, attached: bool, close: Callback<()>) -> impl IntoView {
    let (api, ops) = (use_api(), use_ops());
    let navigate = use_navigate();
    let detach = RwSignal::new(attached);
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<UiError>);
    let sending = RwSignal::new(false);
    let name_c = name.clone();
    let can = move || !sending.get() && (detach.get() || typed.with(|t| t.trim() == name_c));
    let list = routes::computes_path(&ws);
    let name2 = name.clone();
    let go = move |_| {
        let action =
            if detach.get_untracked() { UnderlyingResourceAction::Detach } else { UnderlyingResourceAction::Delete };
        let kind = if detach.get_untracked() { LroKind::Detach } else { LroKind::Delete };
        let req = api.arm().delete_compute(&ws, &name2, action);
        let (api, ops, ws, name, navigate, list) =
            (api.clone(), ops.clone(), ws.clone(), name2.clone(), navigate.clone(), list.clone());
        sending.set(true);
        spawn_local(async move {
            match ops.start(api, kind, ws, name, req).await {
                // The list shows "Deleting…" until the operation ends, then drops the row.
                Ok(_) => navigate(&list, Default::default()),
                Err(e) => {
                    error.try_set(Some(e));
                    sending.try_set(false);
                }
            }
        });
    };
    view! {
        <Modal title=t("manage.delete_title", "Delete or detach") testid="delete-dialog" on_close=close>
            <label class="choice">
                <input
                    type="radio"
                    name="del"
                    data-testid="delete-action-delete"
                    prop:checked=move || !detach.get()
                    on:change=move |_| detach.set(false)
                />
                <span>
                    <strong>{t("manage.delete", "Delete")}</strong>
                    {t("manage.removes", " — removes ")}
                    <code>{name.clone()}</code>
                    {t("manage.from_the_workspace", " from the workspace ")}
                    <em>{t("manage.and_deletes_its_azure_resource", "and deletes its Azure resource")}</em>
                    {t(
                        "manage.the_vms_of_a_cluster",
                        " (the VMs of a cluster or instance, or the attached resource itself). This cannot be undone.",
                    )}
                </span>
            </label>
            <label class="choice">
                <input
                    type="radio"
                    name="del"
                    data-testid="delete-action-detach"
                    prop:checked=move || detach.get()
                    on:change=move |_| detach.set(true)
                />
                <span>
                    <strong>{t("manage.detach", "Detach")}</strong>
                    {t(
                        "manage.only_removes_it_from_this",
                        " — only removes it from this workspace; the underlying Azure resource is left as it is.",
                    )}
                </span>
            </label>
            {move || {
                (!detach.get())
                    .then(|| {
                        view! {
                            <div class="field">
                                <label for="f-confirm">
                                    {t(
                                        "manage.type_the_compute_name_to",
                                        "Type the compute name to confirm the delete",
                                    )}
                                </label>
                                <input
                                    id="f-confirm"
                                    type="text"
                                    data-testid="delete-confirm-name"
                                    autocomplete="off"
                                    prop:value=move || typed.get()
                                    on:input=move |ev| typed.set(event_target_value(&ev))
                                />
                            </div>
                        }
                    })
            }}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <ErrorBox
                                error=e
                                title=t("manage.the_service_refused_the_request", "The service refused the request")
                            />
                        }
                    })
            }}
            <div class="form-actions">
                <button class="button danger" data-testid="delete-confirm" disabled=move || !can() on:click=go>
                    {move || {
                        if detach.get() { t("manage.detach_button", "Detach") } else { t("common.delete", "Delete") }
                    }}
                </button>
                <button class="button" data-testid="dialog-cancel" on:click=move |_| close.run(())>
                    {t("manage.cancel", "Cancel")}
                </button>
            </div>
        </Modal>
    }
}

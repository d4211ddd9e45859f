//! Opening a compute instance from its details page: application links (only while Running,
//! each in a new tab), the SSH command with a copy button, idle shutdown (read and changed
//! through the preview `updateIdleShutdownSetting`), and why schedules cannot change here.
//! What is shown is decided by `aml_api::view::instance`; this only renders it.

use crate::browser::copy_text;
use crate::components::error_box::ErrorBox;
use crate::error::UiError;
use crate::http::use_api;
use crate::i18n::{t, tf};
use aml_api::lifecycle::COMPUTE_PREVIEW_API_VERSION;
use aml_api::validate::check_idle_shutdown_minutes;
use aml_api::view::instance::{apps_unavailable, idle_shutdown_minutes, instance_apps, ssh_access, SshAccess};
use aml_api::{ComputeResource, WorkspaceRef};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Props: `compute` – the instance as fetched; `ws`; `refresh` – reloads the compute after a change.
#[component]
pub fn InstanceAccess(compute: ComputeResource, ws: WorkspaceRef, refresh: Callback<()>) -> impl IntoView {
    let name = compute.name().to_string();
    view! {
        <AppLinks compute=compute.clone() />
        <SshCommand compute=compute.clone() />
        <IdleShutdown current=idle_shutdown_minutes(&compute) ws=ws name=name refresh=refresh />
        <section class="section" data-testid="instance-schedules">
            <h2>{t("access.schedules", "Schedules")}</h2>
            <p class="hint" data-testid="schedules-readonly">
                "Start/stop schedules are set when the instance is created (they are listed below). The Azure ML API \
                 (2025-12-01) has no operation that changes the schedules of an existing instance, so they cannot be \
                 edited here: delete the instance and create it again with new schedules."
            </p>
        </section>
    }
}

/// Props: `compute` – the instance whose applications to list.
#[component]
fn AppLinks(compute: ComputeResource) -> impl IntoView {
    let apps = instance_apps(&compute);
    let reason = apps_unavailable(&compute);
    let enabled = reason.is_none();
    view! {
        <section class="section" data-testid="instance-apps" aria-labelledby="instance-apps-h">
            <h2 id="instance-apps-h">{t("access.applications", "Applications")}</h2>
            {reason
                .clone()
                .map(|r| {
                    view! {
                        <p class="hint" id="instance-apps-reason" data-testid="apps-unavailable">
                            {r}
                        </p>
                    }
                })}
            {apps
                .is_empty()
                .then(|| {
                    view! {
                        <p class="muted">
                            {t("access.the_instance_lists_no_applications", "The instance lists no applications.")}
                        </p>
                    }
                })}
            <ul class="app-links">
                {apps
                    .into_iter()
                    .map(|app| {
                        let key = app.kind.key();
                        match app.url.filter(|_| enabled) {
                            Some(url) => {
                                view! {
                                    <li>
                                        <a
                                            class="button"
                                            data-testid="app-link"
                                            data-kind=key
                                            href=url
                                            target="_blank"
                                            rel="noopener noreferrer"
                                        >
                                            {app.label}
                                            <span class="visually-hidden">
                                                {t("access.opens_in_a_new_tab", " (opens in a new tab)")}
                                            </span>
                                        </a>
                                    </li>
                                }
                                    .into_any()
                            }
                            None => {
                                let why = reason
                                    .clone()
                                    .unwrap_or_else(|| {
                                        t(
                                                "access.no_address",
                                                "The service gave no usable address for this application.",
                                            )
                                            .into()
                                    });
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="button"
                                            data-testid="app-link"
                                            data-kind=key
                                            disabled=true
                                            title=why.clone()
                                            aria-describedby=reason.is_some().then_some("instance-apps-reason")
                                        >
                                            {app.label}
                                        </button>
                                    </li>
                                }
                                    .into_any()
                            }
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// Props: `compute` – the instance whose SSH command to show.
#[component]
fn SshCommand(compute: ComputeResource) -> impl IntoView {
    let copied = RwSignal::new(String::new());
    let body = match ssh_access(&compute) {
        SshAccess::Command { command, .. } => {
            let text = command.clone();
            let copy = move |_| {
                let text = text.clone();
                spawn_local(async move {
                    let ok = copy_text(&text).await;
                    copied.set(if ok {
                        t("access.copied", "Copied.").into()
                    } else {
                        t("access.copy_failed", "Could not copy: select the command and copy it.").into()
                    });
                });
            };
            view! {
                <div class="ssh-command">
                    <code data-testid="ssh-command">{command}</code>
                    <button
                        type="button"
                        class="button"
                        data-testid="ssh-copy"
                        aria-label=t("access.copy_ssh_command", "Copy SSH command")
                        on:click=copy
                    >
                        {t("access.copy", "Copy")}
                    </button>
                    <span role="status" class="muted" data-testid="ssh-copied">
                        {move || copied.get()}
                    </span>
                </div>
                <p class="hint">
                    {t(
                        "access.uses_the_private_key_that",
                        "Uses the private key that matches the public key given at creation.",
                    )}
                </p>
            }
            .into_any()
        }
        SshAccess::Unavailable(why) => view! {
            <p class="hint" data-testid="ssh-unavailable">
                {why}
            </p>
        }
        .into_any(),
    };
    view! {
        <section class="section" data-testid="instance-ssh">
            <h2>{t("access.ssh", "SSH")}</h2>
            {body}
        </section>
    }
}

/// Props: `current` – minutes the instance reports; `ws`, `name` – the instance; `refresh`.
#[component]
fn IdleShutdown(current: Option<u64>, ws: WorkspaceRef, name: String, refresh: Callback<()>) -> impl IntoView {
    let api = use_api();
    let typed = RwSignal::new(current.map(|m| m.to_string()).unwrap_or_default());
    let invalid = RwSignal::new(None::<String>);
    let failed = RwSignal::new(None::<UiError>);
    let (sending, done) = (RwSignal::new(false), RwSignal::new(false));
    let apply = move |_| {
        if sending.get_untracked() {
            return;
        }
        done.set(false);
        failed.set(None);
        let minutes = match check_idle_shutdown_minutes(&typed.get_untracked()) {
            Ok(m) => m,
            Err(e) => return invalid.set(Some(e)),
        };
        invalid.set(None);
        sending.set(true);
        let req = api.arm().update_idle_shutdown(&ws, &name, minutes);
        let api = api.clone();
        spawn_local(async move {
            match api.send(req).await {
                Ok(_) => {
                    done.try_set(true);
                    refresh.run(());
                }
                Err(e) => {
                    failed.try_set(Some(e));
                }
            }
            sending.try_set(false);
        });
    };
    let now = match current {
        Some(m) => tf("access.idle", "Shuts down after {m} minutes of inactivity.", &[("m", &m.to_string())]),
        None => t("access.no_idle", "The instance reports no idle shutdown.").to_string(),
    };
    view! {
        <section class="section" data-testid="instance-idle">
            <h2>{t("access.idle_shutdown", "Idle shutdown")}</h2>
            <p data-testid="idle-current">{now}</p>
            <form
                class="inline-form"
                novalidate=true
                on:submit=move |ev| {
                    ev.prevent_default();
                    apply(());
                }
            >
                <div class="field">
                    <label for="idle-minutes">
                        {t("access.minutes_idle_before_shutdown", "Minutes idle before shutdown")}
                    </label>
                    <input
                        id="idle-minutes"
                        type="number"
                        min="15"
                        max="4320"
                        data-testid="idle-minutes"
                        aria-invalid=move || invalid.with(Option::is_some).to_string()
                        aria-describedby="idle-minutes-error idle-preview-note"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                    <p class="field-error" id="idle-minutes-error" role="alert" data-testid="idle-error">
                        {move || invalid.get()}
                    </p>
                </div>
                <button type="submit" class="button" data-testid="idle-apply" disabled=move || sending.get()>
                    {t("access.update_idle_shutdown", "Update idle shutdown")}
                </button>
                <span role="status" class="muted" data-testid="idle-done">
                    {move || done.get().then_some(t("access.idle_updated", "Idle shutdown updated."))}
                </span>
            </form>
            <p class="hint" id="idle-preview-note">
                {format!(
                    "A preview operation (updateIdleShutdownSetting, api-version {COMPUTE_PREVIEW_API_VERSION}): the stable API cannot change the idle shutdown of an existing instance.",
                )}
            </p>
            {move || {
                failed
                    .get()
                    .map(|e| {
                        view! {
                            <ErrorBox
                                error=e
                                title=t("access.could_not_update_the_idle", "Could not update the idle shutdown")
                            />
                        }
                    })
            }}
        </section>
    }
}

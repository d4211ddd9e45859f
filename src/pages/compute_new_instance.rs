//! Create a compute instance (`/ws/{sub}/{rg}/{ws}/computes/new/instance`): the api crate's
//! `ComputeInstanceForm` laid out. The assigned user defaults to the signed-in user (oid/tid
//! from the token). An idle shutdown is sent as the SDK sends it (`idleTimeBeforeShutdown`,
//! with the SDK's preview api-version: the stable one has no such field); schedules take a
//! Windows time zone, defaulting to the browser's.

use crate::auth::use_auth;
use crate::bind;
use crate::components::compute_submit::{Runner, SubmitBar};
use crate::components::draft::{draft_key, use_draft};
use crate::components::fields::{CheckField, FieldMessage, FormHeader, SelectField, TextField};
use crate::components::tz_picker::{browser_windows_zone, TimeZonePicker};
use crate::components::vm_size_picker::VmSizePicker;
use crate::components::ws_facts::{use_ws_info, WsFactsStatus};
use crate::components::yaml_panel::YamlPanel;
use crate::http::use_api;
use crate::i18n::t;
use crate::ops::use_ops;
use aml_api::forms::{ComputeDraft, ComputeInstanceForm, ScheduleForm};
use leptos::prelude::*;

fn script_sources() -> Vec<(&'static str, &'static str)> {
    vec![
        ("", t("instance.script.none", "None")),
        ("inline", t("instance.script.inline", "Inline script")),
        ("workspaceStorage", t("instance.script.storage", "File in workspace storage")),
    ]
}

#[component]
pub fn NewInstancePage() -> impl IntoView {
    let info = use_ws_info();
    let (api, ops, auth) = (use_api(), use_ops(), use_auth());
    let (oid, tid) = auth.token().map(|t| aml_api::jwt::user_ids(&t)).unwrap_or_default();
    let form = RwSignal::new(ComputeInstanceForm {
        assigned_user_object_id: oid,
        assigned_user_tenant_id: tid,
        ..Default::default()
    });
    let key = draft_key("instance", &info.ws.get_untracked());
    use_draft(key.clone(), form);
    let runner = Runner::default();
    let errors = runner.errors;
    let draft = Signal::derive(move || ComputeDraft::ComputeInstance(form.get()));
    let submit = {
        let ops = ops.clone();
        Callback::new(move |_| runner.submit(api.clone(), ops.clone(), info, draft.get_untracked(), key.clone()))
    };
    let sched_count = Memo::new(move |_| form.with(|f| f.schedules.len()));
    let script_on = Memo::new(move |_| form.with(|f| !f.creation_script.source.is_empty()));

    view! {
        <FormHeader
            title=t("instance.new_compute_instance", "New compute instance")
            subtitle=t("instance.a_personal_managed_vm_for", "A personal managed VM for notebooks and development.")
        />
        <WsFactsStatus info=info />
        <form class="form" data-testid="instance-form" on:submit=|ev| ev.prevent_default()>
            <TextField
                label=t("instance.name", "Name")
                field="name"
                errors=errors
                bound=bind!(form, name)
                hint=t(
                    "instance.3_24_letters_digits_and",
                    "3–24 letters, digits and hyphens; starts with a letter; unique in the region.",
                )
            />
            <VmSizePicker
                info=info
                compute_type="ComputeInstance"
                nodes=Signal::derive(|| 1)
                low_priority=Signal::derive(|| false)
                bound=bind!(form, vm_size)
                errors=errors
            />
            <h3>{t("instance.ssh_access", "SSH access")}</h3>
            <CheckField
                label=t("instance.enable_ssh_access", "Enable SSH access")
                testid="field-ssh_public_access"
                checked=Signal::derive(move || form.with(|f| f.ssh_public_access))
                set=Callback::new(move |v| form.update(|f| f.ssh_public_access = v))
            />
            <TextField
                label=t("instance.ssh_public_key", "SSH public key")
                field="ssh_public_key"
                errors=errors
                bound=bind!(form, ssh_public_key)
                multiline=true
                placeholder="ssh-rsa AAAA…"
            />
            <h3>{t("instance.idle_shutdown", "Idle shutdown")}</h3>
            <TextField
                label=t("instance.shut_down_after_idle_minutes", "Shut down after idle minutes")
                field="idle_shutdown_minutes"
                errors=errors
                input_type="number"
                bound=bind!(form, idle_shutdown_minutes)
                placeholder=t("instance.off", "Off")
                hint=t(
                    "instance.15_4320_minutes_empty_no",
                    "15–4320 minutes; empty = no idle shutdown. Sent as idleTimeBeforeShutdown with the preview api-version 2023-08-01-preview, as the Azure ML SDK does: the stable API has no such setting.",
                )
            />
            <h3>{t("instance.schedules", "Schedules")}</h3>
            {move || (0..sched_count.get()).map(|i| view! { <ScheduleRow form=form index=i /> }).collect_view()}
            <FieldMessage errors=errors field="schedules" />
            <button
                type="button"
                class="button"
                data-testid="add-schedule"
                on:click=move |_| {
                    form.update(|f| {
                        f.schedules
                            .push(ScheduleForm {
                                cron_expression: "0 18 * * 1-5".into(),
                                time_zone: browser_windows_zone(),
                                ..Default::default()
                            })
                    })
                }
            >
                {t("instance.add_schedule", "+ Add schedule")}
            </button>
            <h3>{t("instance.assigned_user", "Assigned user")}</h3>
            <p class="hint">{t("instance.defaults_to_you_the_signed", "Defaults to you, the signed-in user.")}</p>
            <div class="field-grid">
                <TextField
                    label=t("instance.user_object_id", "User object id")
                    field="assigned_user_object_id"
                    errors=errors
                    bound=bind!(form, assigned_user_object_id)
                />
                <TextField
                    label=t("instance.user_tenant_id", "User tenant id")
                    field="assigned_user_tenant_id"
                    errors=errors
                    bound=bind!(form, assigned_user_tenant_id)
                />
            </div>
            <h3>{t("instance.setup_script", "Setup script")}</h3>
            <SelectField
                label=t("instance.creation_script", "Creation script")
                field="creation_script"
                errors=errors
                bound=bind!(form, creation_script.source)
                options=script_sources()
            />
            {move || {
                script_on
                    .get()
                    .then(|| {
                        view! {
                            <TextField
                                label=t(
                                    "instance.script_inline_text_or_path",
                                    "Script (inline text) or path in the workspace file share",
                                )
                                field="creation_script_data"
                                errors=errors
                                bound=bind!(form, creation_script.data)
                                multiline=true
                            />
                            <TextField
                                label=t("instance.arguments", "Arguments")
                                field="creation_script_args"
                                errors=errors
                                bound=bind!(form, creation_script.arguments)
                            />
                        }
                    })
            }}
            <TextField
                label=t("instance.description", "Description")
                field="description"
                errors=errors
                bound=bind!(form, description)
            />
            <YamlPanel info=info draft=draft />
            <SubmitBar runner=runner ops=ops info=info label=t("instance.create", "Create") on_submit=submit />
        </form>
    }
}

/// Props: `form`, `index` – one start/stop schedule (cron) with a remove button.
#[component]
fn ScheduleRow(form: RwSignal<ComputeInstanceForm>, index: usize) -> impl IntoView {
    let get = move |f: fn(&ScheduleForm) -> String| form.with(|x| x.schedules.get(index).map(f).unwrap_or_default());
    let set = move |f: fn(&mut ScheduleForm, String), v: String| {
        form.update(|x| {
            if let Some(s) = x.schedules.get_mut(index) {
                f(s, v)
            }
        })
    };
    view! {
        <div class="schedule-row" data-testid="schedule-row">
            <select
                aria-label=t("instance.action", "Action")
                prop:value=move || get(|s| s.action.clone())
                on:change=move |ev| set(|s, v| s.action = v, event_target_value(&ev))
            >
                <option value="Stop">{t("instance.stop", "Stop")}</option>
                <option value="Start">{t("instance.start", "Start")}</option>
            </select>
            <input
                type="text"
                aria-label=t("instance.cron_expression", "Cron expression")
                placeholder="0 18 * * 1-5"
                prop:value=move || get(|s| s.cron_expression.clone())
                on:input=move |ev| set(|s, v| s.cron_expression = v, event_target_value(&ev))
            />
            <TimeZonePicker
                label=t("instance.time_zone", "Time zone")
                value=Signal::derive(move || get(|s| s.time_zone.clone()))
                set=Callback::new(move |v| set(|s, v| s.time_zone = v, v))
            />
            <button
                type="button"
                class="button subtle"
                on:click=move |_| {
                    form.update(|x| {
                        if index < x.schedules.len() {
                            x.schedules.remove(index);
                        }
                    })
                }
            >
                {t("instance.remove", "Remove")}
            </button>
        </div>
    }
}

//! Step 2 of a submission: the job settings. Plain fields use the shared form components
//! (labels, `field-{name}` test ids, messages underneath); inputs, outputs, environment,
//! compute and distribution have their own small editors here.

use super::submit_env::CuratedPicker;
use super::submit_io::{InputsEditor, OutputsEditor};
use crate::bind;
use crate::components::fields::{FieldErrors, FieldMessage, SelectField, TextField};
use crate::i18n::t;
use aml_api::jobs::{Choices, JobForm};
use leptos::prelude::*;

fn env_kinds() -> Vec<(&'static str, &'static str)> {
    vec![
        ("curated", t("submit.env.curated", "Curated environment (azureml registry)")),
        ("workspace", t("submit.env.workspace", "Workspace environment")),
        ("image", t("submit.env.image", "Docker image (user-managed)")),
        ("conda", t("submit.env.conda", "Docker image + conda file (system-managed)")),
    ]
}

fn compute_kinds() -> Vec<(&'static str, &'static str)> {
    vec![
        ("cluster", t("submit.compute.cluster", "Compute target in this workspace")),
        ("serverless", t("submit.compute.serverless", "Serverless")),
    ]
}

fn distributions() -> Vec<(&'static str, &'static str)> {
    vec![
        ("", t("submit.distribution.none", "None")),
        ("PyTorch", "PyTorch"),
        ("TensorFlow", "TensorFlow"),
        ("Mpi", "MPI"),
    ]
}

/// A `<select>` over a dynamic list, with a "pick…" placeholder. `field` gives the test id.
fn dyn_select(
    label: &'static str,
    field: &'static str,
    errors: FieldErrors,
    value: (Signal<String>, Callback<String>),
    opts: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let (v, set) = value;
    view! {
        <div class="field">
            <label for=format!("f-{field}")>{label}</label>
            <select
                id=format!("f-{field}")
                data-testid=format!("field-{field}")
                prop:value=move || v.get()
                on:change=move |ev| set.run(event_target_value(&ev))
            >
                <option value="">{t("common.pick", "Pick…")}</option>
                {move || {
                    let mut o = opts.get();
                    let cur = v.get();
                    if !cur.is_empty() && !o.iter().any(|(k, _)| *k == cur) {
                        o.push((cur.clone(), cur.clone()));
                    }
                    o.into_iter()
                        .map(|(k, t)| {
                            // Keep a prefilled value (draft, clone) visible even before the list loads.
                            view! {
                                <option value=k.clone() selected=v.get_untracked() == k data-service="">
                                    {t}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <FieldMessage errors=errors field=field />
        </div>
    }
}

/// Props: `form`, `errors`, `choices`.
#[component]
pub fn JobFields(form: RwSignal<JobForm>, errors: FieldErrors, choices: Signal<Choices>) -> impl IntoView {
    let pairs = |v: Vec<String>| v.into_iter().map(|s| (s.clone(), s)).collect::<Vec<_>>();
    let env_opts = Signal::derive(move || choices.with(|c| pairs(c.workspace_envs.clone())));
    let curated_ids = Signal::derive(move || choices.with(|c| c.curated.clone()));
    let curated_note = Signal::derive(move || choices.with(|c| c.curated_note.clone()));
    let compute_opts = Signal::derive(move || {
        choices.with(|c| c.computes.iter().map(|(n, t)| (n.clone(), format!("{n} ({t})"))).collect())
    });
    let it_opts = Signal::derive(move || choices.with(|c| pairs(c.instance_types.clone())));
    let env_kind = Memo::new(move |_| form.with(|f| f.env_kind.clone()));
    let serverless = Memo::new(move |_| form.with(|f| f.compute_kind == "serverless"));
    let dist = Memo::new(move |_| form.with(|f| f.distribution.clone()));
    view! {
        <section class="card">
            <h2>{t("submit.settings", "2. Job settings")}</h2>
            <div class="field">
                <label for="f-experiment">{t("submit.experiment", "Experiment")}</label>
                <input
                    id="f-experiment"
                    list="experiment-list"
                    data-testid="field-experiment"
                    autocomplete="off"
                    placeholder=t("submit.experiment_hint", "existing or new experiment name")
                    prop:value=move || form.with(|f| f.experiment.clone())
                    on:input=move |ev| form.update(|f| f.experiment = event_target_value(&ev))
                />
                <datalist id="experiment-list">
                    {move || {
                        choices
                            .with(|c| c.experiments.clone())
                            .into_iter()
                            .map(|e| view! { <option value=e /> })
                            .collect_view()
                    }}
                </datalist>
                <FieldMessage errors=errors field="experiment" />
            </div>
            <div class="field-grid">
                <TextField
                    label=t("submit.display_name", "Display name")
                    field="display_name"
                    errors=errors
                    bound=bind!(form, display_name)
                />
                <TextField
                    label=t("submit.timeout", "Timeout (minutes)")
                    field="timeout"
                    errors=errors
                    bound=bind!(form, timeout)
                    input_type="number"
                    hint=t("submit.timeout_hint", "Empty: no limit.")
                />
            </div>
            <TextField
                label=t("compute.form.description", "Description")
                field="description"
                errors=errors
                bound=bind!(form, description)
            />
            <TextField
                label=t("submit.command", "Command")
                field="command"
                errors=errors
                bound=bind!(form, command)
                multiline=true
                hint=t(
                    "submit.command_hint",
                    "Runs in the snapshot folder. Refer to inputs and outputs as ${{inputs.name}} and ${{outputs.name}}.",
                )
            />
            <InputsEditor form=form errors=errors choices=choices />
            <OutputsEditor form=form errors=errors />
            <TextField
                label=t("submit.env_vars", "Environment variables (NAME=value, one per line)")
                field="env_vars"
                errors=errors
                bound=bind!(form, env_vars)
                multiline=true
            />
            <TextField
                label=t("fields.tags", "Tags (key=value, one per line)")
                field="tags"
                errors=errors
                bound=bind!(form, tags)
                multiline=true
            />
            <h3>{t("submit.environment", "Environment")}</h3>
            <SelectField
                label=t("submit.env_kind", "Kind")
                field="env_kind"
                errors=errors
                bound=bind!(form, env_kind)
                options=env_kinds()
            />
            {move || match env_kind.get().as_str() {
                "curated" => {
                    view! {
                        <CuratedPicker value=bind!(form, env_ref) ids=curated_ids note=curated_note errors=errors />
                    }
                        .into_any()
                }
                "workspace" => {
                    dyn_select(
                            t("submit.environment", "Environment"),
                            "environment",
                            errors,
                            bind!(form, env_ref),
                            env_opts,
                        )
                        .into_any()
                }
                kind => {
                    view! {
                        <TextField
                            label=t("submit.image", "Docker image")
                            field="image"
                            errors=errors
                            bound=bind!(form, image)
                            placeholder="mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"
                        />
                        {(kind == "conda")
                            .then(|| {
                                view! {
                                    <TextField
                                        label=t("submit.conda", "Conda file (YAML)")
                                        field="conda"
                                        errors=errors
                                        bound=bind!(form, conda)
                                        multiline=true
                                        hint=t(
                                            "submit.conda_hint",
                                            "Registered as an environment version before the job is submitted.",
                                        )
                                    />
                                }
                            })}
                    }
                        .into_any()
                }
            }}
            <h3>{t("submit.compute", "Compute")}</h3>
            <SelectField
                label=t("submit.where", "Where to run")
                field="compute_kind"
                errors=errors
                bound=bind!(form, compute_kind)
                options=compute_kinds()
            />
            <div class="field-grid">
                {move || {
                    if serverless.get() {
                        let label = t("submit.instance_type", "Instance type");
                        dyn_select(label, "instance_type", errors, bind!(form, instance_type), it_opts).into_any()
                    } else {
                        let label = t("submit.compute_target", "Compute target");
                        dyn_select(label, "compute", errors, bind!(form, compute), compute_opts).into_any()
                    }
                }}
                <TextField
                    label=t("submit.instance_count", "Instance count")
                    field="instance_count"
                    errors=errors
                    bound=bind!(form, instance_count)
                    input_type="number"
                />
            </div>
            <SelectField
                label=t("submit.distribution", "Distribution")
                field="distribution"
                errors=errors
                bound=bind!(form, distribution)
                options=distributions()
            />
            {move || match dist.get().as_str() {
                "PyTorch" | "Mpi" => {
                    view! {
                        <TextField
                            label=t("submit.processes", "Processes per instance")
                            field="processes"
                            errors=errors
                            bound=bind!(form, processes)
                            input_type="number"
                        />
                    }
                        .into_any()
                }
                "TensorFlow" => {
                    view! {
                        <div class="field-grid">
                            <TextField
                                label=t("submit.workers", "Workers")
                                field="workers"
                                errors=errors
                                bound=bind!(form, workers)
                                input_type="number"
                            />
                            <TextField
                                label=t("submit.ps", "Parameter servers")
                                field="ps"
                                errors=errors
                                bound=bind!(form, ps)
                                input_type="number"
                            />
                        </div>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </section>
    }
}

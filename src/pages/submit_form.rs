//! Step 2 of a submission: the job settings. Plain fields use the shared form components
//! (labels, `field-{name}` test ids, messages underneath); inputs, outputs, environment,
//! compute and distribution have their own small editors here.

use super::submit_env::CuratedPicker;
use super::submit_io::{InputsEditor, OutputsEditor};
use crate::bind;
use crate::components::fields::{FieldErrors, FieldMessage, SelectField, TextField};
use aml_api::jobs::{Choices, JobForm};
use leptos::prelude::*;

const ENV_KINDS: &[(&str, &str)] = &[
    ("curated", "Curated environment (azureml registry)"),
    ("workspace", "Workspace environment"),
    ("image", "Docker image (user-managed)"),
    ("conda", "Docker image + conda file (system-managed)"),
];
const COMPUTE_KINDS: &[(&str, &str)] = &[("cluster", "Compute target in this workspace"), ("serverless", "Serverless")];
const DISTRIBUTIONS: &[(&str, &str)] =
    &[("", "None"), ("PyTorch", "PyTorch"), ("TensorFlow", "TensorFlow"), ("Mpi", "MPI")];

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
                <option value="">"Pick…"</option>
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
                                <option value=k.clone() selected=v.get_untracked() == k>
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
            <h2>"2. Job settings"</h2>
            <div class="field">
                <label for="f-experiment">"Experiment"</label>
                <input
                    id="f-experiment"
                    list="experiment-list"
                    data-testid="field-experiment"
                    autocomplete="off"
                    placeholder="existing or new experiment name"
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
                <TextField label="Display name" field="display_name" errors=errors bound=bind!(form, display_name) />
                <TextField
                    label="Timeout (minutes)"
                    field="timeout"
                    errors=errors
                    bound=bind!(form, timeout)
                    input_type="number"
                    hint="Empty: no limit."
                />
            </div>
            <TextField label="Description" field="description" errors=errors bound=bind!(form, description) />
            <TextField
                label="Command"
                field="command"
                errors=errors
                bound=bind!(form, command)
                multiline=true
                hint="Runs in the snapshot folder. Refer to inputs and outputs as ${{inputs.name}} and ${{outputs.name}}."
            />
            <InputsEditor form=form errors=errors choices=choices />
            <OutputsEditor form=form errors=errors />
            <TextField
                label="Environment variables (NAME=value, one per line)"
                field="env_vars"
                errors=errors
                bound=bind!(form, env_vars)
                multiline=true
            />
            <TextField
                label="Tags (key=value, one per line)"
                field="tags"
                errors=errors
                bound=bind!(form, tags)
                multiline=true
            />
            <h3>"Environment"</h3>
            <SelectField
                label="Kind"
                field="env_kind"
                errors=errors
                bound=bind!(form, env_kind)
                options=ENV_KINDS.to_vec()
            />
            {move || match env_kind.get().as_str() {
                "curated" => {
                    view! {
                        <CuratedPicker value=bind!(form, env_ref) ids=curated_ids note=curated_note errors=errors />
                    }
                        .into_any()
                }
                "workspace" => {
                    dyn_select("Environment", "environment", errors, bind!(form, env_ref), env_opts).into_any()
                }
                kind => {
                    view! {
                        <TextField
                            label="Docker image"
                            field="image"
                            errors=errors
                            bound=bind!(form, image)
                            placeholder="mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"
                        />
                        {(kind == "conda")
                            .then(|| {
                                view! {
                                    <TextField
                                        label="Conda file (YAML)"
                                        field="conda"
                                        errors=errors
                                        bound=bind!(form, conda)
                                        multiline=true
                                        hint="Registered as an environment version before the job is submitted."
                                    />
                                }
                            })}
                    }
                        .into_any()
                }
            }}
            <h3>"Compute"</h3>
            <SelectField
                label="Where to run"
                field="compute_kind"
                errors=errors
                bound=bind!(form, compute_kind)
                options=COMPUTE_KINDS.to_vec()
            />
            <div class="field-grid">
                {move || {
                    if serverless.get() {
                        dyn_select("Instance type", "instance_type", errors, bind!(form, instance_type), it_opts)
                            .into_any()
                    } else {
                        dyn_select("Compute target", "compute", errors, bind!(form, compute), compute_opts).into_any()
                    }
                }}
                <TextField
                    label="Instance count"
                    field="instance_count"
                    errors=errors
                    bound=bind!(form, instance_count)
                    input_type="number"
                />
            </div>
            <SelectField
                label="Distribution"
                field="distribution"
                errors=errors
                bound=bind!(form, distribution)
                options=DISTRIBUTIONS.to_vec()
            />
            {move || match dist.get().as_str() {
                "PyTorch" | "Mpi" => {
                    view! {
                        <TextField
                            label="Processes per instance"
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
                                label="Workers"
                                field="workers"
                                errors=errors
                                bound=bind!(form, workers)
                                input_type="number"
                            />
                            <TextField
                                label="Parameter servers"
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

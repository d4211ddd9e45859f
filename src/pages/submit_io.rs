//! The inputs and outputs editors of step 2 (submit_form.rs): a row per input or output (name,
//! type, then its value or path), with add and remove.

use crate::components::fields::{FieldErrors, FieldMessage};
use crate::i18n::t;
use aml_api::jobs::{Choices, InputRow, JobForm, OutputRow};
use leptos::prelude::*;

fn row_input(
    value: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
    testid: &'static str,
    placeholder: &'static str,
) -> impl IntoView {
    view! {
        <input
            type="text"
            data-testid=testid
            placeholder=placeholder
            prop:value=value
            on:input=move |ev| set(event_target_value(&ev))
        />
    }
}

/// Props: `form`, `errors`, `choices` (data assets and datastores to suggest).
#[component]
pub fn InputsEditor(form: RwSignal<JobForm>, errors: FieldErrors, choices: Signal<Choices>) -> impl IntoView {
    let upd = move |i: usize, f: fn(&mut InputRow, String)| {
        move |v: String| {
            form.update(|x| {
                if let Some(r) = x.inputs.get_mut(i) {
                    f(r, v)
                }
            })
        }
    };
    let get =
        move |i: usize, f: fn(&InputRow) -> String| move || form.with(|x| x.inputs.get(i).map(f).unwrap_or_default());
    // Memos, so typing in a row does not rebuild the row (and lose focus); only adding or
    // removing rows, or switching a row's kind, does.
    let count = Memo::new(move |_| form.with(|f| f.inputs.len()));
    view! {
        <div class="field">
            <label>{t("submit.inputs", "Inputs")}</label>
            {move || {
                (0..count.get())
                    .map(|i| {
                        let literal = Memo::new(move |_| {
                            form.with(|f| f.inputs.get(i).is_some_and(|r| r.kind == "literal"))
                        });
                        view! {
                            <div class="io-row" data-testid="input-row">
                                {row_input(
                                    get(i, |r| r.name.clone()),
                                    upd(i, |r, v| r.name = v),
                                    "input-name",
                                    t("submit.io.name", "name"),
                                )}
                                <select
                                    data-testid="input-kind"
                                    prop:value=get(i, |r| r.kind.clone())
                                    on:change=move |ev| upd(i, |r, v| r.kind = v)(event_target_value(&ev))
                                >
                                    <option value="literal">{t("submit.io.literal", "literal")}</option>
                                    <option value="uri_file" translate="no">
                                        "uri_file"
                                    </option>
                                    <option value="uri_folder" translate="no">
                                        "uri_folder"
                                    </option>
                                </select>
                                {move || {
                                    if literal.get() {
                                        row_input(
                                                get(i, |r| r.value.clone()),
                                                upd(i, |r, v| r.value = v),
                                                "input-value",
                                                t("submit.io.value", "value"),
                                            )
                                            .into_any()
                                    } else {
                                        view! {
                                            <select
                                                data-testid="input-datastore"
                                                prop:value=get(i, |r| r.datastore.clone())
                                                on:change=move |ev| upd(
                                                    i,
                                                    |r, v| r.datastore = v,
                                                )(event_target_value(&ev))
                                            >
                                                <option value="">{t("submit.io.datastore", "datastore…")}</option>
                                                {choices
                                                    .with(|c| c.datastores.clone())
                                                    .into_iter()
                                                    .map(|d| {
                                                        view! {
                                                            <option value=d.clone() data-service="">
                                                                {d.clone()}
                                                            </option>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </select>
                                            {row_input(
                                                get(i, |r| r.path.clone()),
                                                upd(i, |r, v| r.path = v),
                                                "input-path",
                                                t("submit.io.path", "path/in/datastore"),
                                            )}
                                        }
                                            .into_any()
                                    }
                                }}
                                <button
                                    type="button"
                                    class="button subtle"
                                    aria-label=t("submit.io.remove_input", "Remove input")
                                    on:click=move |_| {
                                        form.update(|f| {
                                            f.inputs.remove(i);
                                        })
                                    }
                                >
                                    "✕"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button
                type="button"
                class="button subtle"
                data-testid="add-input"
                on:click=move |_| {
                    form.update(|f| {
                        f.inputs
                            .push(InputRow {
                                kind: "literal".into(),
                                ..Default::default()
                            })
                    })
                }
            >
                {t("submit.io.add_input", "+ Add input")}
            </button>
            <FieldMessage errors=errors field="inputs" />
        </div>
    }
}

/// Props: `form`, `errors`.
#[component]
pub fn OutputsEditor(form: RwSignal<JobForm>, errors: FieldErrors) -> impl IntoView {
    let count = Memo::new(move |_| form.with(|f| f.outputs.len()));
    view! {
        <div class="field">
            <label>{t("submit.outputs", "Outputs")}</label>
            {move || {
                (0..count.get())
                    .map(|i| {
                        view! {
                            <div class="io-row" data-testid="output-row">
                                {row_input(
                                    move || form.with(|f| f.outputs.get(i).map(|o| o.name.clone()).unwrap_or_default()),
                                    move |v| {
                                        form.update(|f| {
                                            if let Some(o) = f.outputs.get_mut(i) {
                                                o.name = v;
                                            }
                                        })
                                    },
                                    "output-name",
                                    t("submit.io.name", "name"),
                                )}
                                <select
                                    data-testid="output-kind"
                                    prop:value=move || {
                                        form.with(|f| f.outputs.get(i).map(|o| o.kind.clone()).unwrap_or_default())
                                    }
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        form.update(|f| {
                                            if let Some(o) = f.outputs.get_mut(i) {
                                                o.kind = v;
                                            }
                                        })
                                    }
                                >
                                    <option value="uri_folder" translate="no">
                                        "uri_folder"
                                    </option>
                                    <option value="uri_file" translate="no">
                                        "uri_file"
                                    </option>
                                </select>
                                <button
                                    type="button"
                                    class="button subtle"
                                    aria-label=t("submit.io.remove_output", "Remove output")
                                    on:click=move |_| {
                                        form.update(|f| {
                                            f.outputs.remove(i);
                                        })
                                    }
                                >
                                    "✕"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button
                type="button"
                class="button subtle"
                data-testid="add-output"
                on:click=move |_| {
                    form.update(|f| {
                        f.outputs
                            .push(OutputRow {
                                kind: "uri_folder".into(),
                                ..Default::default()
                            })
                    })
                }
            >
                {t("submit.io.add_output", "+ Add output")}
            </button>
            <FieldMessage errors=errors field="outputs" />
        </div>
    }
}

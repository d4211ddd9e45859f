//! The curated environment picker of the submit form: the registry ids the form was given (the
//! `azureml` registry's list, else the built-in well-known names), plus "Type a registry id…",
//! which shows a text field for any registry id. The form keeps the id exactly as picked or
//! typed; the job body and YAML carry it unchanged (`aml_api::jobs::registry`).

use crate::components::fields::{message_for, FieldErrors, FieldMessage};
use crate::error::UiError;
use crate::http::Api;
use crate::i18n::{t, tf, tm};
use aml_api::jobs::registry::{self, RegistryLocation, CURATED_REGISTRY};
use aml_api::jobs::{Choices, DataPlane};
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// The option that switches to free entry.
const TYPE_ID: &str = "__type_registry_id";

/// Props: `value` (the form's `env_ref`), `ids` (registry ids to offer), `note` (where the list
/// came from), `errors`.
#[component]
pub fn CuratedPicker(
    value: (Signal<String>, Callback<String>),
    ids: Signal<Vec<String>>,
    note: Signal<String>,
    errors: FieldErrors,
) -> impl IntoView {
    let (v, set) = value;
    // Free entry when asked for, or when the form holds an id the list does not offer (a
    // draft, a clone with a pinned version, another registry): never hide what is there.
    let asked = RwSignal::new(false);
    let typing = Memo::new(move |_| {
        let cur = v.get();
        asked.get() || (!cur.trim().is_empty() && !ids.with(|l| l.contains(&cur)))
    });
    let invalid = move || message_for(errors, "environment").is_some();
    let on_pick = move |ev: leptos::ev::Event| {
        let picked = event_target_value(&ev);
        if picked == TYPE_ID {
            // Start from what was picked, so nothing is lost; the user edits it from there.
            asked.set(true);
        } else {
            asked.set(false);
            set.run(picked);
        }
    };
    view! {
        <div class="field">
            <label for="f-environment">{t("submit.curated", "Curated environment (registry id)")}</label>
            <select
                id="f-environment"
                data-testid="field-environment"
                aria-invalid=move || invalid().to_string()
                prop:value=move || if typing.get() { TYPE_ID.to_string() } else { v.get() }
                on:change=on_pick
            >
                <option value="">{t("common.pick", "Pick…")}</option>
                {move || {
                    let cur = v.get_untracked();
                    ids.get()
                        .into_iter()
                        .map(|id| {
                            view! {
                                <option value=id.clone() selected=cur == id data-service="">
                                    {id.clone()}
                                </option>
                            }
                        })
                        .collect_view()
                }}
                <option value=TYPE_ID selected=move || typing.get()>
                    {t("submit.type_registry_id", "Type a registry id…")}
                </option>
            </select>
            <p class="hint" data-testid="curated-source">
                {move || tm(&note.get())}
            </p>
            {move || {
                typing
                    .get()
                    .then(|| {
                        view! {
                            <input
                                id="f-environment-id"
                                type="text"
                                data-testid="field-environment-id"
                                autocomplete="off"
                                spellcheck="false"
                                aria-label=t("submit.registry_id", "Registry id")
                                aria-invalid=move || invalid().to_string()
                                placeholder="azureml://registries/azureml/environments/<name>/labels/latest"
                                prop:value=move || v.get()
                                on:input=move |ev| set.run(event_target_value(&ev))
                            />
                        }
                    })
            }}
            <FieldMessage errors=errors field="environment" />
        </div>
    }
}

/// Most pages of the registry's list followed (the curated list is a few hundred at most).
const MAX_REGISTRY_PAGES: usize = 20;

/// The `azureml` registry's curated environments as registry ids: discovery on the workspace's
/// data plane host, then the registry's list on the host discovery names. `Err` says why not;
/// the form then keeps the built-in list. The token goes only where `Api::send` allows (the ARM
/// and data-plane hosts), so a registry host elsewhere ends here with `UntrustedHost`.
pub async fn registry_curated_ids(api: &Api, dp: &DataPlane) -> Result<Vec<String>, String> {
    let why = |e: UiError| format!("{} ({})", e.message, e.code);
    let found: Value = api.json(registry::discovery_request(dp, CURATED_REGISTRY)).await.map_err(why)?;
    let location = RegistryLocation::from_discovery(&found, CURATED_REGISTRY)?;
    let mut ids = Vec::new();
    let mut next = Some(location.list_environments(&api.config().api_version));
    for _ in 0..MAX_REGISTRY_PAGES {
        let Some(req) = next.take() else { break };
        let page: Value = api.json(req).await.map_err(why)?;
        ids.extend(registry::ids_from_list(&page, &location.name));
        next = registry::next_page(&page, &location);
    }
    Ok(ids)
}

/// The registry's list for the form, read once when the page opens: `None` while it loads,
/// then the ids or why they could not be read.
pub fn use_registry_list(api: Api, ws: WorkspaceRef) -> RwSignal<Option<Result<Vec<String>, String>>> {
    let list = RwSignal::new(None);
    spawn_local(async move {
        let out = match crate::dataplane::data_plane_for(&api, &ws).await {
            Ok(dp) => registry_curated_ids(&api, &dp).await,
            Err(e) => Err(tf(
                "submit.dp_unknown",
                "the workspace's data plane is not known ({reason}).",
                &[("reason", &e.message)],
            )),
        };
        list.try_set(Some(out));
    });
    list
}

/// The choices with the registry's list, or the built-in one and why.
pub fn apply_registry_list(c: &mut Choices, read: Option<&Result<Vec<String>, String>>) {
    match read {
        Some(Ok(ids)) => c.set_registry_list(ids.clone()),
        Some(Err(why)) => c.registry_unreadable(why),
        None => {
            c.curated_note = tf(
                "submit.reading_registry",
                "Reading the {registry} registry's list…",
                &[("registry", CURATED_REGISTRY)],
            )
        }
    }
}

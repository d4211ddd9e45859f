//! "View as YAML": the az ml YAML (or the REST request for kinds az ml cannot attach) of the
//! form as typed, secrets masked (`aml_api::yaml::view(…, unmasked = false)`), in a read-only
//! code panel with a Copy button. Computed only while the panel is open.

use crate::browser;
use crate::components::ws_facts::WsInfo;
use crate::http::use_api;
use crate::i18n::t;
use aml_api::forms::ComputeDraft;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Props: `info` – workspace facts (location); `draft` – the form as a draft (reactive).
#[component]
pub fn YamlPanel(info: WsInfo, draft: Signal<ComputeDraft>) -> impl IntoView {
    let api = use_api();
    let open = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let text = Memo::new(move |_| {
        if !open.get() {
            return (String::new(), String::new());
        }
        let location = info.location().unwrap_or_default();
        let v = draft.with(|d| aml_api::yaml::view(d, api.arm(), &info.ws.get(), &location, false));
        (v.language.to_string(), v.text)
    });
    let copy = move |_| {
        let t = text.get_untracked().1;
        spawn_local(async move {
            let ok = browser::copy_text(&t).await;
            copied.try_set(ok);
        });
    };
    view! {
        <div class="yaml-view">
            <button
                class="button"
                type="button"
                data-testid="view-yaml"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    copied.set(false);
                }
            >
                {move || if open.get() { t("yaml.hide", "Hide YAML") } else { t("yaml.show", "View as YAML") }}
            </button>
            {move || {
                open.get()
                    .then(|| {
                        view! {
                            <div class="code-panel" data-testid="yaml-panel">
                                <div class="code-head">
                                    <span class="muted">
                                        {move || {
                                            if text.with(|t| t.0 == "http") {
                                                t(
                                                    "yaml.rest",
                                                    "REST request (az ml cannot attach this kind; secrets masked)",
                                                )
                                            } else {
                                                t("yaml.az", "az ml YAML (secrets masked)")
                                            }
                                        }}
                                    </span>
                                    <button class="button subtle" type="button" data-testid="yaml-copy" on:click=copy>
                                        {move || {
                                            if copied.get() {
                                                t("common.copied", "Copied")
                                            } else {
                                                t("common.copy", "Copy")
                                            }
                                        }}
                                    </button>
                                </div>
                                <pre
                                    data-testid="yaml-text"
                                    data-language=move || text.with(|t| t.0.clone())
                                    tabindex="0"
                                    role="region"
                                    aria-label="YAML"
                                >
                                    <code>{move || text.with(|t| t.1.clone())}</code>
                                </pre>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

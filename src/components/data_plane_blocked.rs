//! The one explanation for data-plane results (run details, metrics) the browser cannot read:
//! the workspace's data plane gave no answer to this origin. Shows the host, the origin and the
//! two ways out (README "Running against a real tenant"); the text is `aml_api::dataplane::blocked`.
//! Reused by every section that reads the data plane.

use crate::error::UiError;
use crate::i18n::{t, tm};
use leptos::prelude::*;

/// Props: `host` – the data-plane origin that gave no answer; `what` – what is missing because
/// of it (e.g. "Run details", "Metrics"), shown as the first words.
#[component]
pub fn DataPlaneBlocked(#[prop(into)] host: String, #[prop(into)] what: String) -> impl IntoView {
    let b = aml_api::dataplane::blocked(&host, &crate::browser::origin());
    view! {
        <div class="message-bar warning data-plane-blocked" role="status" data-testid="data-plane-blocked">
            <strong>{format!("{what}: {}", tm(&b.title))}</strong>
            <p>{tm(&b.summary)}</p>
            <p>{t("dataplane.ways_out", "Two ways out:")}</p>
            <ol>{b.ways_out.into_iter().map(|w| view! { <li>{tm(&w)}</li> }).collect_view()}</ol>
        </div>
    }
}

/// The explanation when `error` means "no answer from the data plane", else the error box.
#[component]
pub fn DataPlaneError(error: UiError, #[prop(into)] what: String, #[prop(into)] title: String) -> impl IntoView {
    if crate::dataplane::is_unreachable(&error) {
        let host = if error.code == crate::dataplane::UNREACHABLE { error.message.clone() } else { String::new() };
        view! { <DataPlaneBlocked host=host what=what /> }.into_any()
    } else {
        view! { <crate::components::error_box::ErrorBox error=error title=title /> }.into_any()
    }
}

//! The facts about its workspace a compute form needs before it can send anything: the
//! location (VM sizes, the PUT body) and the existing compute names (uniqueness is checked
//! before any request), loaded once per workspace.

use crate::components::error_box::ErrorBox;
use crate::error::UiError;
use crate::fetch::{use_fetch, Fetch};
use crate::http::use_api;
use crate::i18n::t;
use crate::routes;
use aml_api::view::ComputeRow;
use aml_api::WorkspaceRef;
use leptos::prelude::*;

/// `(location, existing compute names)`.
pub type Facts = (String, Vec<String>);

/// What a form needs to know about its workspace.
#[derive(Clone, Copy)]
pub struct WsInfo {
    pub ws: Memo<WorkspaceRef>,
    /// Once loaded, or the reason they could not be.
    pub facts: Signal<Option<Result<Facts, UiError>>>,
    fetch: Fetch<Facts>,
}

impl WsInfo {
    pub fn location(&self) -> Option<String> {
        self.facts.with(|f| f.as_ref().and_then(|r| r.as_ref().ok()).map(|(l, _)| l.clone()))
    }
    pub fn names(&self) -> Vec<String> {
        self.facts.with(|f| f.as_ref().and_then(|r| r.as_ref().ok()).map(|(_, n)| n.clone()).unwrap_or_default())
    }
    /// True while the facts are (re)loading.
    pub fn loading(&self) -> bool {
        self.fetch.loading.get()
    }
    /// Loads the facts again (after a failure).
    pub fn reload(&self) {
        self.fetch.refetch();
    }
    pub fn list_path(&self) -> String {
        self.ws.with(routes::computes_path)
    }
}

/// Workspace from the route, its location (VM sizes, PUT body) and the existing names
/// (uniqueness is checked before any request).
pub fn use_ws_info() -> WsInfo {
    let ws = routes::use_ws();
    let api = use_api();
    let fetch = use_fetch(move || {
        let (api, ws) = (api.clone(), ws.get());
        async move {
            // Only the location is needed: read as JSON, not as the whole Workspace model,
            // whose reader would weigh on the main module (the create page's route data()
            // starts this before the page's chunk is loaded).
            let w: serde_json::Value = api.json(api.arm().get_workspace(&ws)).await?;
            let list: Vec<serde_json::Value> = api.fetch_all_pages(api.arm().list_computes(&ws)).await?;
            let location = w["location"].as_str().unwrap_or_default().to_string();
            Ok((location, list.iter().map(|c| ComputeRow::from_value(c).name).collect()))
        }
    });
    WsInfo { ws, facts: fetch.data.into(), fetch }
}

/// Loading / error state of the workspace facts, shown above a form.
#[component]
pub fn WsFactsStatus(info: WsInfo) -> impl IntoView {
    move || match info.facts.get() {
        Some(Err(e)) => Some(
            view! {
                <ErrorBox error=e title=t("ws.load_failed", "Could not load the workspace") />
                <button
                    class="button"
                    data-testid="ws-facts-retry"
                    disabled=move || info.loading()
                    on:click=move |_| info.reload()
                >
                    {t("common.try_again", "Try again")}
                </button>
            }
            .into_any(),
        ),
        None => Some(view! { <p class="muted">{t("ws.loading", "Loading workspace…")}</p> }.into_any()),
        _ => None,
    }
}

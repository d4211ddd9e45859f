//! `/` (reopen the last workspace) and the not-found page.

use crate::i18n::t;
use crate::routes;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// `/` → the remembered workspace's computes, else the picker. Replaces the history entry so
/// Back doesn't bounce through `/`.
#[component]
pub fn HomeRedirect() -> impl IntoView {
    let navigate = use_navigate();
    let target =
        routes::last_workspace().map_or_else(|| routes::WORKSPACES.to_string(), |ws| routes::computes_path(&ws));
    Effect::new(move |_| navigate(&target, NavigateOptions { replace: true, ..Default::default() }));
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page-center">
            <div class="card narrow">
                <h1>{t("home.page_not_found", "Page not found")}</h1>
                <p class="muted">{t("home.this_address_is_not_part", "This address is not part of the console.")}</p>
                <a class="button primary" href=routes::href("/")>
                    {t("home.go_to_the_console", "Go to the console")}
                </a>
            </div>
        </main>
    }
}

//! Start-up: load `config.json`, finish an OAuth redirect if we are on one (before the router
//! reads the address, so the code is already gone from it), start the token keep-alive, then
//! hand over to the router.

use crate::app::AppRouter;
use crate::auth::{flow, renew, Auth};
use crate::components::spinner::Spinner;
use crate::config::{self, Config};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[derive(Clone)]
enum Phase {
    Loading,
    Failed(String),
    Ready(Arc<Config>),
}

#[component]
pub fn Root() -> impl IntoView {
    let auth = Auth::new();
    provide_context(auth);
    let phase = RwSignal::new(Phase::Loading);
    // The Turkish catalog (when Turkish is the language) downloads beside config.json and is
    // in before anything else runs: no message or page is made in the wrong language.
    let catalog = crate::i18n::start_fetch();
    spawn_local(async move {
        let loaded = config::load().await;
        crate::i18n::load(catalog).await;
        match loaded {
            Err(e) => phase.set(Phase::Failed(e)),
            Ok(cfg) => {
                if cfg.test_hooks {
                    crate::panic::install_test_hook();
                }
                if flow::is_callback() {
                    flow::handle_callback(&cfg, auth).await;
                }
                let cfg = Arc::new(cfg);
                spawn_local(renew::keep_alive(auth, cfg.clone()));
                phase.set(Phase::Ready(cfg));
            }
        }
    });
    move || match phase.get() {
        Phase::Loading => loading().into_any(),
        Phase::Failed(msg) => view! { <ConfigError message=msg /> }.into_any(),
        Phase::Ready(cfg) => {
            provide_context(cfg);
            view! { <AppRouter /> }.into_any()
        }
    }
}

fn loading() -> impl IntoView {
    view! {
        <div class="page-center">
            <Spinner label=crate::i18n::loading_label() />
        </div>
    }
}

/// Props: `message` – why the configuration was rejected.
#[component]
fn ConfigError(message: String) -> impl IntoView {
    view! {
        <div class="page-center">
            <div class="card narrow" data-testid="config-error">
                <h1>{crate::i18n::t("boot.config_error", "The console is not configured correctly")}</h1>
                <div class="message-bar error" role="alert">
                    {message}
                </div>
                <p class="muted">
                    {crate::i18n::t("boot.fix", "Fix")} " " <code>"config.json"</code> " "
                    {crate::i18n::t(
                        "boot.fix_rest",
                        "next to index.html (see docs/CONTRACTS.md) and reload. Endpoints must use https, except 127.0.0.1/localhost for the local emulator.",
                    )}
                </p>
            </div>
        </div>
    }
}

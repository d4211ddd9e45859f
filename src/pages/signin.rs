//! Sign-in page: redirect to the authority (authorization code + PKCE), or paste an access
//! token. Shows sign-in failures (`signin-error`), e.g. a state mismatch on return.

use crate::auth::{flow, store, use_auth};
use crate::components::fields::CheckField;
use crate::components::lang_switch::LangSwitch;
use crate::components::theme_toggle::ThemeToggle;
use crate::config::use_config;
use crate::i18n::{t, tm};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = use_auth();
    let cfg = use_config();
    let query = use_query_map();
    let navigate = use_navigate();
    let return_path = move || {
        aml_api::console_paths::safe_return_path(&query.with(|q| q.get("return")).unwrap_or_else(|| "/".into()))
    };
    let busy = RwSignal::new(false);
    let pasted = RwSignal::new(String::new());
    // Opt-in: tokens also in sessionStorage (this tab only) so a reload skips the authority.
    let stay = RwSignal::new(store::stay());
    let paste_error = RwSignal::new(None::<String>);

    // Already signed in (e.g. after pasting a token): go where the user wanted.
    let nav = navigate.clone();
    Effect::new(move |_| {
        if auth.signed_in() {
            nav(&return_path(), Default::default());
        }
    });

    let cfg_for_click = cfg.clone();
    let sign_in = move |_| {
        busy.set(true);
        store::set_stay(stay.get_untracked());
        let cfg = cfg_for_click.clone();
        let ret = return_path();
        spawn_local(async move {
            if let Err(e) = flow::start_redirect(&cfg, &ret).await {
                auth.error.set(Some(e));
                busy.set(false);
            }
        });
    };
    let submit_token = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        store::set_stay(stay.get_untracked());
        match flow::sign_in_with_pasted_token(auth, &pasted.get_untracked()) {
            Ok(()) => {
                pasted.set(String::new());
                paste_error.set(None);
            }
            Err(e) => paste_error.set(Some(e)),
        }
    };
    let cloud = cfg.cloud.clone().unwrap_or_else(|| "Azure".into());
    let authority = cfg.authority();

    view! {
        <main class="signin-page">
            <div class="signin-theme">
                <LangSwitch />
                <ThemeToggle />
            </div>
            <div class="card signin-card">
                <div class="signin-brand">
                    <span class="brand-mark large" aria-hidden="true"></span>
                    <div>
                        <h1 translate="no">"Azure Machine Learning"</h1>
                        <p class="muted">
                            {t("signin.console", "Console")} " · " <span data-service="">{cloud}</span>
                        </p>
                    </div>
                </div>
                {move || {
                    auth.error
                        .get()
                        .map(|e| {
                            view! {
                                <div class="message-bar error" role="alert" data-testid="signin-error">
                                    {tm(&e)}
                                </div>
                            }
                        })
                }}
                <p>
                    {t(
                        "signin.intro",
                        "Sign in with your Microsoft Entra ID account to manage workspaces and compute.",
                    )}
                </p>
                <button
                    class="button primary wide"
                    data-testid="signin-button"
                    on:click=sign_in
                    disabled=move || busy.get()
                >
                    {move || {
                        if busy.get() {
                            t("signin.redirecting", "Redirecting…")
                        } else {
                            t("signin.button", "Sign in")
                        }
                    }}
                </button>
                <CheckField
                    label=t("signin.stay", "Stay signed in on this tab")
                    testid="stay-signed-in"
                    checked=stay.into()
                    set=Callback::new(move |v| stay.set(v))
                />
                <p class="muted small">
                    {t(
                        "signin.stay_hint",
                        "Keeps your sign-in in this tab's session storage, so reloading needs no new sign-in. It ends when the tab closes or you sign out. Leave it off on shared computers.",
                    )}
                </p>
                <p class="muted small">{t("signin.authority", "Authority:")} " " <code>{authority}</code></p>
                <div class="divider">
                    <span>{t("signin.or", "or")}</span>
                </div>
                <div class="paste-token">
                    <form on:submit=submit_token>
                        <label for="token-input">
                            {t("signin.paste_label", "Paste an ARM access token (e.g. from")} " "
                            <code>"az account get-access-token"</code> {t("signin.paste_label_end", ")")}
                        </label>
                        <textarea
                            id="token-input"
                            data-testid="token-input"
                            rows="4"
                            spellcheck="false"
                            autocomplete="off"
                            prop:value=move || pasted.get()
                            on:input=move |ev| pasted.set(event_target_value(&ev))
                        ></textarea>
                        {move || {
                            paste_error
                                .get()
                                .map(|e| {
                                    view! {
                                        <div class="message-bar error" role="alert" data-testid="signin-error">
                                            {tm(&e)}
                                        </div>
                                    }
                                })
                        }}
                        <button type="submit" class="button" data-testid="token-submit">
                            {t("signin.use_token", "Use token")}
                        </button>
                        <p class="muted small">
                            {t(
                                "signin.token_hint",
                                "The token stays in this tab's memory only (or this tab's session storage with “Stay signed in”).",
                            )}
                        </p>
                    </form>
                </div>
            </div>
        </main>
    }
}

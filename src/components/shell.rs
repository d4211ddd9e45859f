//! App shell for every signed-in page: a skip link, top bar (brand, breadcrumb, theme, user,
//! sign out), left nav rail and the routed content (the main landmark). It is also the route
//! guard: without a token it either re-enters sign-in through the authority (tab was signed in
//! before, SSO brings the user straight back to this deep link) or sends the user to
//! `/signin?return=…`. Embedded (see embed.rs) it has no chrome and asks the host page for a
//! token instead.

use crate::auth::{flow, use_auth};
use crate::browser;
use crate::components::lang_switch::LangSwitch;
use crate::components::ops_tray::OpsTray;
use crate::components::spinner::Spinner;
use crate::components::theme_toggle::ThemeToggle;
use crate::config::use_config;
use crate::embed;
use crate::focus;
use crate::i18n::{t, tm};
use crate::routes::{self, Section};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// The guarded layout; child routes render in its `<Outlet/>`. No props.
#[component]
pub fn Shell() -> impl IntoView {
    let auth = use_auth();
    let cfg = use_config();
    let navigate = use_navigate();
    // Operations outlive pages: the store belongs to the shell (see ops.rs).
    crate::ops::provide_ops(cfg.lro_config());
    crate::permissions::provide_permissions();
    Effect::new(move |_| {
        if auth.signed_in() {
            return;
        }
        if embed::is_embedded() {
            embed::request_token();
            return;
        }
        let ret = browser::current_path_and_query();
        if flow::signed_in_before() {
            let cfg = cfg.clone();
            spawn_local(async move {
                if let Err(e) = flow::start_redirect(&cfg, &ret).await {
                    auth.error.set(Some(e));
                }
            });
        } else {
            let opts = NavigateOptions { replace: true, ..Default::default() };
            navigate(&routes::signin_returning_to(&ret), opts);
        }
    });
    // Memo: re-render the shell only when signed-in flips, not on every session update.
    let signed_in = Memo::new(move |_| auth.signed_in());
    move || {
        if signed_in.get() && embed::is_embedded() {
            view! {
                <div class="app embedded">
                    <crate::connection::ConnectionBanner />
                    <main class="content" id=focus::MAIN_ID tabindex="-1">
                        <Outlet />
                    </main>
                    <OpsTray />
                </div>
            }
            .into_any()
        } else if signed_in.get() {
            view! {
                <div class="app">
                    <SkipLink />
                    <TopBar />
                    <NavRail />
                    <crate::connection::ConnectionBanner />
                    <main class="content" id=focus::MAIN_ID tabindex="-1">
                        <Outlet />
                    </main>
                    <OpsTray />
                </div>
            }
            .into_any()
        } else if embed::is_embedded() {
            view! { <embed::WaitingForHost /> }.into_any()
        } else {
            view! {
                <div class="page-center">
                    <Spinner label=t("shell.signing_in", "Signing in…") />
                </div>
            }
            .into_any()
        }
    }
}

/// "Skip to main content": the first stop of Tab, past the top bar and the nav rail. Handled
/// here rather than by the browser: with `<base href>` a `#main` link would leave the page.
#[component]
fn SkipLink() -> impl IntoView {
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = focus::by_id(focus::MAIN_ID) {
            let _ = main.focus();
        }
    };
    view! {
        <a class="skip-link" href=format!("#{}", focus::MAIN_ID) data-testid="skip-link" on:click=skip>
            {t("shell.skip_to_main", "Skip to main content")}
        </a>
    }
}

#[component]
fn TopBar() -> impl IntoView {
    let auth = use_auth();
    let cfg = use_config();
    let location = use_location();
    let crumbs = move || {
        let loc = routes::current_location(&location.pathname.get())?;
        let ws_href = routes::computes_path(&loc.ws);
        let section = loc.section.map(|s| (tm(s.label()), s.path(&loc.ws)));
        // Our own leaves ("New cluster", "Attach") are translated; a compute's or job's name is not.
        let ours = matches!(loc.rest.first().map(String::as_str), Some("new" | "attach"));
        let leaf = loc.leaf().map(|l| if ours { tm(&l) } else { l });
        let title = format!("{} / {}", loc.ws.resource_group, loc.ws.workspace);
        Some(view! {
            <span class="crumb-sep" aria-hidden="true">
                "/"
            </span>
            <a class="crumb" data-testid="workspace-crumb" href=routes::href(&ws_href) title=title>
                {loc.ws.workspace}
            </a>
            {section
                .map(|(label, path)| {
                    view! {
                        <span class="crumb-sep" aria-hidden="true">
                            "/"
                        </span>
                        <a class="crumb" data-testid="section-crumb" href=routes::href(&path)>
                            {label}
                        </a>
                    }
                })}
            {leaf
                .map(|n| {
                    view! {
                        <span class="crumb-sep" aria-hidden="true">
                            "/"
                        </span>
                        <span class="crumb current" data-testid="page-crumb">
                            {n}
                        </span>
                    }
                })}
        })
    };
    let sign_out = move |_| flow::sign_out(&cfg, auth);
    view! {
        <header class="topbar">
            <a class="brand" href=routes::href("/")>
                <span class="brand-mark" aria-hidden="true"></span>
                <span translate="no">"Azure Machine Learning"</span>
            </a>
            <nav class="breadcrumb" aria-label=t("shell.breadcrumb", "Breadcrumb")>
                <a class="crumb" href=routes::href(routes::WORKSPACES)>
                    {t("nav.workspaces", "Workspaces")}
                </a>
                {crumbs}
            </nav>
            <div class="topbar-actions">
                <LangSwitch />
                <ThemeToggle />
                <span class="user" title=t("shell.signed_in", "Signed in")>
                    <span class="avatar" aria-hidden="true">
                        {move || initials(&auth.user_name())}
                    </span>
                    <span data-testid="user-name">{move || auth.user_name()}</span>
                </span>
                <button class="button subtle" data-testid="signout-button" on:click=sign_out>
                    {t("shell.sign_out", "Sign out")}
                </button>
            </div>
        </header>
    }
}

fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect::<String>().to_ascii_uppercase()
}

#[component]
fn NavRail() -> impl IntoView {
    let location = use_location();
    let here = Memo::new(move |_| routes::current_location(&location.pathname.get()));
    let section = move || here.with(|l| l.as_ref().and_then(|l| l.section));
    // The current workspace's section, else the last opened workspace's, else the picker.
    let section_href = move |s: Section| {
        let ws = here.with(|l| l.as_ref().map(|l| l.ws.clone())).or_else(routes::last_workspace);
        routes::href(&ws.map_or_else(|| routes::WORKSPACES.to_string(), |ws| s.path(&ws)))
    };
    let on_picker = move || location.pathname.with(|p| browser::to_app_path(p) == routes::WORKSPACES);
    view! {
        <nav class="navrail" aria-label=t("nav.main", "Main")>
            <a
                class="nav-item"
                href=routes::href(routes::WORKSPACES)
                class:active=on_picker
                aria-current=move || on_picker().then_some("page")
            >
                <svg viewBox="0 0 20 20" aria-hidden="true">
                    <path d="M3 4h14v3H3zM3 9h14v3H3zM3 14h14v3H3z" />
                </svg>
                <span>{t("nav.workspaces", "Workspaces")}</span>
            </a>
            <a
                class="nav-item"
                href=move || section_href(Section::Computes)
                class:active=move || section() == Some(Section::Computes)
                aria-current=move || (section() == Some(Section::Computes)).then_some("page")
            >
                <svg viewBox="0 0 20 20" aria-hidden="true">
                    <path d="M4 3h12v8H4zM2 13h16v2H2zM7 16h6v1H7z" />
                </svg>
                <span>{t("nav.compute", "Compute")}</span>
            </a>
            <a
                class="nav-item"
                data-testid="nav-jobs"
                href=move || section_href(Section::Jobs)
                class:active=move || section() == Some(Section::Jobs)
                aria-current=move || (section() == Some(Section::Jobs)).then_some("page")
            >
                <svg viewBox="0 0 20 20" aria-hidden="true">
                    <path d="M5 3l11 7-11 7z" />
                </svg>
                <span>{t("nav.jobs", "Jobs")}</span>
            </a>
        </nav>
    }
}

//! Workspace picker: choose a subscription, then open one of its workspaces. The chosen
//! subscription lives in the URL (`?sub=`) so Back and reload keep it.

use crate::components::error_box::ErrorBox;
use crate::components::spinner::Spinner;
use crate::fetch::use_fetch;
use crate::http::use_api;
use crate::i18n::t;
use crate::routes;
use aml_api::{Subscription, Workspace, WorkspaceRef};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

#[component]
pub fn WorkspacesPage() -> impl IntoView {
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();

    let api_s = api.clone();
    let subs = use_fetch(move || {
        let api = api_s.clone();
        async move { api.fetch_all_pages::<Subscription>(api.arm().list_subscriptions()).await }
    });
    // Selection: the URL, else the last workspace's subscription, else the first one.
    let selected = Memo::new(move |_| {
        if let Some(s) = query.with(|q| q.get("sub")).filter(|s| !s.is_empty()) {
            return Some(s);
        }
        let list = subs.data.get()?.ok()?;
        let last_sub = routes::last_workspace().map(|ws| ws.subscription);
        list.iter()
            .filter_map(|s| s.subscription_id.clone())
            .find(|id| Some(id) == last_sub.as_ref())
            .or_else(|| list.first().and_then(|s| s.subscription_id.clone()))
    });
    let workspaces = use_fetch(move || {
        let sub = selected.get();
        let api = api.clone();
        async move {
            match sub {
                Some(s) => api.fetch_all_pages::<Workspace>(api.arm().list_workspaces(&s)).await.map(|w| (s, w)),
                None => Ok((String::new(), Vec::new())),
            }
        }
    });

    let on_change = move |ev: leptos::ev::Event| {
        let sub = event_target_value(&ev);
        navigate(&routes::workspaces_in(&sub), NavigateOptions { replace: true, ..Default::default() });
    };

    let picker = move || {
        let list = match subs.data.get()? {
            Err(e) => return Some(view! { <ErrorBox error=e title=t("ws.could_not_list_subscriptions", "Could not list subscriptions") /> }.into_any()),
            Ok(l) => l,
        };
        if list.is_empty() {
            return Some(
                view! {
                    <div class="message-bar warning">
                        {t("ws.no_subscriptions_are_visible_to", "No subscriptions are visible to this account.")}
                    </div>
                }
                .into_any(),
            );
        }
        let cur = selected.get().unwrap_or_default();
        Some(
            view! {
                <div class="field-row">
                    <div>
                        <label for="subscription">{t("ws.subscription", "Subscription")}</label>
                        <select
                            id="subscription"
                            data-testid="subscription-select"
                            on:change=on_change.clone()
                            prop:value=cur.clone()
                        >
                            {list
                                .into_iter()
                                .map(|s| {
                                    let id = s.subscription_id.clone().unwrap_or_default();
                                    let label = format!("{} ({})", s.label(), id);
                                    view! {
                                        <option value=id.clone() selected=id == cur>
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
            }
            .into_any(),
        )
    };

    let ws_list = move || {
        let (sub, list) = match workspaces.data.get() {
            None => return view! { <Spinner label=t("ws.loading_workspaces", "Loading workspaces…") /> }.into_any(),
            Some(Err(e)) => return view! { <ErrorBox error=e title=t("ws.could_not_list_workspaces", "Could not list workspaces") /> }.into_any(),
            Some(Ok(v)) => v,
        };
        if sub.is_empty() {
            return ().into_any();
        }
        if list.is_empty() {
            return view! {
                <div class="card empty-state" data-testid="workspace-empty">
                    <h2>{t("ws.no_workspaces", "No workspaces")}</h2>
                    <p>
                        {t(
                            "ws.this_subscription_has_no_azure",
                            "This subscription has no Azure Machine Learning workspaces yet.",
                        )}
                    </p>
                </div>
            }
            .into_any();
        }
        view! { <div class="ws-list">{list.into_iter().map(|w| ws_card(&sub, w)).collect_view()}</div> }.into_any()
    };

    view! {
        <div class="page-header">
            <div>
                <h1>{t("ws.workspaces", "Workspaces")}</h1>
                <p class="subtitle">
                    {t(
                        "ws.pick_an_azure_machine_learning",
                        "Pick an Azure Machine Learning workspace to manage its compute.",
                    )}
                </p>
            </div>
        </div>
        {move || {
            picker()
                .unwrap_or_else(|| {
                    view! { <Spinner label=t("ws.loading_subscriptions", "Loading subscriptions…") /> }.into_any()
                })
        }}
        {ws_list}
    }
}

fn ws_card(sub: &str, w: Workspace) -> impl IntoView {
    let name = w.name.clone().unwrap_or_default();
    let rg = w.resource_group().unwrap_or_default().to_string();
    let sub = w.subscription_id().unwrap_or(sub).to_string();
    let href = routes::computes_path(&WorkspaceRef::new(&sub, &rg, &name));
    let friendly = w.display_name().to_string();
    let location = w.location.clone().unwrap_or_default();
    let kind = w.kind.clone().unwrap_or_else(|| "Default".into());
    view! {
        <div class="ws-card">
            <a class="ws-name" data-testid="workspace-link" href=crate::routes::href(&href)>
                {name.clone()}
            </a>
            {(friendly != name).then(|| view! { <div>{friendly}</div> })}
            <div class="ws-meta">{format!("{rg} · {location} · {kind}")}</div>
        </div>
    }
}

//! Compute list of a workspace (`/ws/{sub}/{rg}/{ws}/computes`). Fetches every page, shows
//! loading/empty/error states, and mirrors filter + sort in the query string so a reload or
//! a shared link keeps them (the query never holds endpoints, only view state).

use crate::browser;
use crate::components::compute_table::ComputeTable;
use crate::components::data_table::{SortDir, SortState};
use crate::components::error_box::{ErrorBox, SkippedItems};
use crate::components::guard::{Guard, Guarded};
use crate::fetch::use_fetch;
use crate::http::use_api;
use crate::i18n::{t, tm};
use crate::ops::use_ops;
use crate::permissions::use_denial;
use crate::routes;
use aml_api::rbac::actions;
use aml_api::view::ComputeRow;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde_json::Value;

const SORT_KEYS: [&str; 5] = ["name", "type", "state", "size", "created"];

#[component]
pub fn ComputesPage() -> impl IntoView {
    let api = use_api();
    let query = use_query_map();
    let ws = routes::use_ws();
    Effect::new(move |_| ws.with(routes::remember_workspace));

    // View state, initialised from the URL once.
    let q = query.get_untracked();
    let filter = RwSignal::new(q.get("q").unwrap_or_default());
    let type_filter = RwSignal::new(q.get("type").unwrap_or_default());
    let key = q.get("sort").and_then(|k| SORT_KEYS.into_iter().find(|s| *s == k)).unwrap_or("name");
    let dir = if q.get("dir").as_deref() == Some("desc") { SortDir::Desc } else { SortDir::Asc };
    let sort = RwSignal::new(SortState { key, dir });
    Effect::new(move |prev: Option<()>| {
        let (f, t, s) = (filter.get(), type_filter.get(), sort.get());
        if prev.is_none() {
            return; // don't rewrite the URL on first render
        }
        let default_sort = s.key == "name" && s.dir == SortDir::Asc;
        let (sort, dir) = match default_sort {
            true => ("", ""),
            false => (s.key, if s.dir == SortDir::Desc { "desc" } else { "asc" }),
        };
        let pairs = [("q", f.as_str()), ("type", t.as_str()), ("sort", sort), ("dir", dir)];
        let url = routes::with_query(&ws.with_untracked(routes::computes_path), &pairs);
        // replaceState, not router navigation: this is view state, not a new page.
        browser::replace_state(&url);
    });

    let fetch = use_fetch(move || {
        let ws = ws.get();
        let api = api.clone();
        async move {
            let req = api.arm().list_computes(&ws);
            // Read as JSON, each item into just its row: the typed model (every property of
            // every type) would weigh on the main module, which paints this page.
            api.fetch_list::<Value>(req).await
        }
    });
    let computes = Memo::new(move |_| {
        fetch.data.with(|d| {
            d.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|l| l.items.iter().map(ComputeRow::from_value).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let skipped = Signal::derive(move || {
        fetch.data.with(|d| d.as_ref().and_then(|r| r.as_ref().ok()).map(|l| l.skipped.clone()).unwrap_or_default())
    });
    let loading = fetch.loading;
    // Operations in flight in this workspace: row badges ("Creating…"), and a refetch when one
    // ends so the row shows the outcome (or disappears after a delete).
    let ops = use_ops();
    let ops_list = ops.list;
    let busy = Signal::derive(move || {
        ws.with(|w| {
            ops_list.with(|l| {
                l.iter()
                    .filter(|o| o.running() && &o.ws == w)
                    .map(|o| (o.name.clone(), format!("{}…", tm(o.kind.verb()))))
                    .collect::<Vec<_>>()
            })
        })
    });
    let finished = ops.finished;
    Effect::new(move |prev: Option<()>| {
        finished.track();
        if prev.is_some() {
            fetch.refetch();
        }
    });
    let refresh = move |_| fetch.refetch();
    let link_base = move || ws.with(routes::computes_path);
    // Creating and attaching both write a compute (PUT computes/{name}).
    let create_guard = Guard::new(use_denial(&use_api(), &[actions::COMPUTE_WRITE]), "tip-new-compute");

    view! {
        <div class="page-header">
            <div>
                <h1>{t("compute.list.title", "Compute")}</h1>
                <p class="subtitle">{move || ws.with(|w| format!("{} · {}", w.workspace, w.resource_group))}</p>
            </div>
            <div class="actions">
                <Guarded guard=create_guard>
                    <details class="menu" data-testid="new-menu">
                        <summary
                            class="button primary"
                            data-testid="new-summary"
                            aria-disabled=create_guard.aria_disabled()
                            aria-describedby=create_guard.described_by()
                        >
                            {t("compute.list.new", "+ New")}
                        </summary>
                        <div class="menu-list" role="menu">
                            <a
                                role="menuitem"
                                data-testid="new-cluster"
                                href=move || routes::href(&ws.with(routes::new_cluster_path))
                            >
                                {t("compute.new.cluster", "Compute cluster")}
                            </a>
                            <a
                                role="menuitem"
                                data-testid="new-instance"
                                href=move || routes::href(&ws.with(routes::new_instance_path))
                            >
                                {t("compute.new.instance", "Compute instance")}
                            </a>
                            <a
                                role="menuitem"
                                data-testid="new-attach"
                                href=move || routes::href(&ws.with(routes::attach_compute_path))
                            >
                                {t("compute.new.attach", "Attach existing compute")}
                            </a>
                        </div>
                    </details>
                </Guarded>
                <button class="button" data-testid="compute-refresh" on:click=refresh disabled=move || loading.get()>
                    <span aria-hidden="true">"⟳"</span>
                    {t("common.refresh", "Refresh")}
                </button>
            </div>
        </div>
        <SkippedItems skipped=skipped />
        {move || match fetch.data.with(|d| d.as_ref().and_then(|r| r.as_ref().err()).cloned()) {
            Some(e) if !loading.get() => {
                view! { <ErrorBox error=e title=t("compute.list.error", "Could not list computes") /> }.into_any()
            }
            _ => {
                view! {
                    <ComputeTable
                        computes=computes
                        link_base=link_base()
                        loading=Signal::from(loading)
                        filter=filter
                        type_filter=type_filter
                        sort=sort
                        busy=busy
                    />
                }
                    .into_any()
            }
        }}
    }
}

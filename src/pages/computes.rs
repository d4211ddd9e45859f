//! Compute list of a workspace (`/ws/{sub}/{rg}/{ws}/computes`). Fetches every page, shows
//! loading/empty/error states, and mirrors filter + sort in the query string so a reload or
//! a shared link keeps them (the query never holds endpoints, only view state).

use crate::browser;
use crate::components::compute_table::ComputeTable;
use crate::components::data_table::{SortDir, SortState};
use crate::components::error_box::{ErrorBox, SkippedItems};
use crate::fetch::use_fetch;
use crate::http::use_api;
use crate::ops::use_ops;
use crate::routes;
use aml_api::{ComputeResource, WorkspaceRef};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

const SORT_KEYS: [&str; 5] = ["name", "type", "state", "size", "created"];

#[component]
pub fn ComputesPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let query = use_query_map();
    let ws = Memo::new(move |_| {
        params.with(|p| {
            let g = |k: &str| p.get(k).unwrap_or_default();
            (g("sub"), g("rg"), g("ws"))
        })
    });
    Effect::new(move |_| ws.with(|(s, r, w)| routes::remember_workspace(s, r, w)));

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
        let mut parts = Vec::new();
        if !f.is_empty() {
            parts.push(format!("q={}", browser::enc(&f)));
        }
        if !t.is_empty() {
            parts.push(format!("type={}", browser::enc(&t)));
        }
        if s.key != "name" || s.dir == SortDir::Desc {
            parts.push(format!("sort={}&dir={}", s.key, if s.dir == SortDir::Desc { "desc" } else { "asc" }));
        }
        let (sub, rg, w) = ws.get_untracked();
        let path = routes::computes_path(&sub, &rg, &w);
        let url = if parts.is_empty() { path } else { format!("{path}?{}", parts.join("&")) };
        // replaceState, not router navigation: this is view state, not a new page.
        browser::replace_state(&url);
    });

    let fetch = use_fetch(move || {
        let (sub, rg, w) = ws.get();
        let api = api.clone();
        async move {
            let req = api.arm().list_computes(&WorkspaceRef::new(&sub, &rg, &w));
            api.fetch_list::<ComputeResource>(req).await
        }
    });
    let computes = Signal::derive(move || {
        fetch.data.with(|d| d.as_ref().and_then(|r| r.as_ref().ok()).map(|l| l.items.clone()).unwrap_or_default())
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
        let w = ws.with(|(s, r, w)| WorkspaceRef::new(s, r, w));
        ops_list.with(|l| {
            l.iter()
                .filter(|o| o.running() && o.ws == w)
                .map(|o| (o.name.clone(), format!("{}…", o.kind.verb())))
                .collect::<Vec<_>>()
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
    let link_base = move || ws.with(|(s, r, w)| routes::computes_path(s, r, w));

    view! {
        <div class="page-header">
            <div>
                <h1>"Compute"</h1>
                <p class="subtitle">{move || ws.with(|(_, rg, w)| format!("{w} · {rg}"))}</p>
            </div>
            <div class="actions">
                <details class="menu" data-testid="new-menu">
                    <summary class="button primary">"+ New"</summary>
                    <div class="menu-list" role="menu">
                        <a role="menuitem" data-testid="new-cluster" href=move || crate::routes::href(&format!("{}/new/cluster", link_base()))>"Compute cluster"</a>
                        <a role="menuitem" data-testid="new-instance" href=move || crate::routes::href(&format!("{}/new/instance", link_base()))>"Compute instance"</a>
                        <a role="menuitem" data-testid="new-attach" href=move || crate::routes::href(&format!("{}/attach", link_base()))>"Attach existing compute"</a>
                    </div>
                </details>
                <button class="button" data-testid="compute-refresh" on:click=refresh disabled=move || loading.get()>
                    <span aria-hidden="true">"⟳"</span>
                    "Refresh"
                </button>
            </div>
        </div>
        <SkippedItems skipped=skipped/>
        {move || match fetch.data.with(|d| d.as_ref().and_then(|r| r.as_ref().err()).cloned()) {
            Some(e) if !loading.get() => view! { <ErrorBox error=e title="Could not list computes"/> }.into_any(),
            _ => view! {
                <ComputeTable
                    computes=computes
                    link_base=link_base()
                    loading=Signal::from(loading)
                    filter=filter
                    type_filter=type_filter
                    sort=sort
                    busy=busy
                />
            }.into_any(),
        }}
    }
}

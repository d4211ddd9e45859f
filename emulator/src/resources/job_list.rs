//! `GET {ws}/jobs` (`Jobs_List`): top-level jobs, newest first, filtered by the spec's query
//! parameters and paged at the jobs page size (`--jobs-page-size`, else `--page-size`).
//!
//! Filters (mfe.json `Jobs_List`; docs/azure-ml-rest.md §9): `jobType` (case-insensitive),
//! `tag` (jobs that have this tag key), `listViewType` (`ActiveOnly` by default, `ArchivedOnly`,
//! `All`), `properties` (`p1,p2=v2`: property p1 present and p2 equal to v2), `$skip` (the
//! opaque continuation of the nextLink, which keeps the other parameters). Empty values count
//! as absent.
//!
//! The selected order is remembered per workspace and query until the store changes
//! (`state::ListMemo`), so paging through a workspace of 20,000 jobs filters and sorts them once.

use super::assets;
use crate::arm::request::ArmRequest;
use crate::state::AppState;
use crate::store::{ItemRef, Store, Workspace};
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;

/// Query orders remembered at most (they are dropped whenever the store changes anyway).
const MEMO_ENTRIES: usize = 64;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    job_type: Option<String>,
    tag: Option<String>,
    properties: Option<String>,
}

pub async fn list(State(st): State<AppState>, ws: Workspace, Query(q): Query<ListQuery>, ctx: ArmRequest) -> Response {
    let store = st.store.read().unwrap();
    let order = memoized(&st, &store, &memo_key(&ws, &ctx), || select(&store, &ws, &q, &ctx));
    let size = st.settings().jobs_page_size.unwrap_or(st.settings().page_size);
    assets::page_of(&ctx, &order, size, |r| store.item(*r).clone())
}

/// The workspace and every query parameter but `$skip` and `api-version`, in a fixed order.
fn memo_key(ws: &Workspace, ctx: &ArmRequest) -> String {
    let mut params: Vec<String> = ctx
        .query
        .iter()
        .filter(|(k, _)| k.as_str() != "$skip" && k.as_str() != "api-version")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    params.sort();
    format!("{}?{}", ws.id.to_ascii_lowercase(), params.join("&"))
}

/// The remembered order for `key` at the store's generation, else `compute()` (remembered).
fn memoized(st: &AppState, store: &Store, key: &str, compute: impl FnOnce() -> Vec<ItemRef>) -> Arc<Vec<ItemRef>> {
    {
        let mut memo = st.list_memo.lock().unwrap();
        if memo.generation != store.generation {
            memo.entries.clear();
            memo.generation = store.generation;
        }
        if let Some(order) = memo.entries.get(key) {
            return order.clone();
        }
    }
    let order = Arc::new(compute());
    let mut memo = st.list_memo.lock().unwrap();
    if memo.generation == store.generation && memo.entries.len() < MEMO_ENTRIES {
        memo.entries.insert(key.to_string(), order.clone());
    }
    order
}

/// The jobs (and injected job records) the query selects, newest first.
fn select(store: &Store, ws: &Workspace, q: &ListQuery, ctx: &ArmRequest) -> Vec<ItemRef> {
    let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    let parent_ws = ws.id.to_ascii_lowercase();
    let mut items: Vec<ItemRef> =
        Store::child_indices(&store.jobs, &format!("{}/jobs", ws.id)).into_iter().map(ItemRef::Job).collect();
    items.extend(
        store
            .injected
            .iter()
            .enumerate()
            .filter(|(_, i)| i.kind == "job" && i.parent == parent_ws)
            .map(|(n, _)| ItemRef::Injected(n)),
    );
    let job = |r: &ItemRef| store.item(*r);
    items.retain(|r| assets::view_filter(ctx, job(r)));
    // A sweep's trials are child runs: the list shows top-level jobs only, unless the caller
    // asks for children by their parent property (RunHistory's `runs/{id}/children` lists them too).
    let parent = crate::mlflow::job_runs::PARENT_PROPERTY;
    if !given(&q.properties).is_some_and(|p| p.contains(parent)) {
        items.retain(|r| job(r)["properties"]["properties"].get(parent).is_none());
    }
    if let Some(t) = given(&q.job_type) {
        items.retain(|r| job(r)["properties"]["jobType"].as_str().is_some_and(|x| x.eq_ignore_ascii_case(&t)));
    }
    if let Some(tag) = given(&q.tag) {
        items.retain(|r| job(r)["properties"]["tags"].get(&tag).is_some());
    }
    if let Some(props) = given(&q.properties) {
        for cond in props.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let (k, v) = cond.split_once('=').map(|(k, v)| (k, Some(v))).unwrap_or((cond, None));
            items.retain(|r| match (&job(r)["properties"]["properties"][k], v) {
                (Value::Null, _) => false,
                (_, None) => true,
                (x, Some(v)) => x.as_str() == Some(v),
            });
        }
    }
    // Stable: jobs created in the same instant keep the store's order, so pages never overlap.
    items.sort_by_cached_key(|r| std::cmp::Reverse(job(r)["systemData"]["createdAt"].as_str().unwrap_or_default()));
    items
}

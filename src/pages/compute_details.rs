//! Compute details (`/ws/{sub}/{rg}/{ws}/computes/{name}`): status, every property grouped
//! by `aml_api::view`, provisioning errors, and for clusters the node list (`listNodes`).

use crate::components::compute_manage::ManageBar;
use crate::components::error_box::ErrorBox;
use crate::components::instance_access::InstanceAccess;
use crate::components::spinner::Spinner;
use crate::components::status_badge::StatusBadge;
use crate::error::{node_from_detail, ui_error, ErrorNode, UiError};
use crate::fetch::use_fetch;
use crate::http::{use_api, Api};
use crate::i18n::{t, tf};
use crate::ops::use_ops;
use aml_api::{compute_type, AmlComputeNodeInformation, ComputeResource, Method, NodesPage, WorkspaceRef};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Safety net for `listNodes` paging.
const MAX_NODE_PAGES: usize = 100;

/// The route's page: a new [`ComputePage`] for every (workspace, compute) in the address, so
/// going from one compute to another (back/forward, a link) never shows the first one's data,
/// or its actions, under the second one's name while the second loads.
#[component]
pub fn ComputeDetailsPage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| {
        params.with(|p| {
            let g = |k: &str| p.get(k).unwrap_or_default();
            (WorkspaceRef::new(&g("sub"), &g("rg"), &g("ws")), g("name"))
        })
    });
    move || {
        let (ws, name) = key.get();
        view! { <ComputePage ws=ws name=name /> }
    }
}

/// Props: `ws`, `name` — the compute shown; fixed for the page's lifetime.
#[component]
fn ComputePage(ws: WorkspaceRef, name: String) -> impl IntoView {
    let api = use_api();
    let target = Memo::new(move |_| (ws.clone(), name.clone()));
    let api_c = api.clone();
    let compute = use_fetch(move || {
        let (ws, name) = target.get();
        let api = api_c.clone();
        async move { api.json::<ComputeResource>(api.arm().get_compute(&ws, &name)).await }
    });

    // An operation on this compute (started here or elsewhere) refreshes the page when it ends.
    let ops = use_ops();
    let finished = ops.finished;
    Effect::new(move |prev: Option<()>| {
        finished.track();
        if prev.is_some() {
            compute.refetch();
        }
    });
    let running = Signal::derive(move || target.with(|(ws, name)| ops.running_for(ws, name)));

    let body = move || {
        let c = match compute.data.get() {
            None => return view! { <Spinner label=t("details.loading_compute", "Loading compute…") /> }.into_any(),
            Some(Err(e)) => return view! { <ErrorBox error=e title=t("details.could_not_load_this_compute", "Could not load this compute") /> }.into_any(),
            Some(Ok(c)) => c,
        };
        let (ws, name) = target.get_untracked();
        let is_cluster = c.compute_type() == compute_type::AML_COMPUTE;
        let is_instance = c.compute_type() == compute_type::COMPUTE_INSTANCE;
        let errors: Vec<ErrorNode> = c.provisioning_errors().iter().map(node_from_detail).collect();
        // Clusters often repeat their provisioning error in `errors`; show each error once.
        let runtime_errors: Vec<ErrorNode> =
            c.compute_errors().iter().map(node_from_detail).filter(|e| !errors.contains(e)).collect();
        let unknown_note = if c.compute_type() == "Batch" {
            t(
                "details.batch",
                "Azure Batch compute ('Batch') is not a compute type of the current Azure ML API; it is shown read-only.",
            )
            .to_string()
        } else {
            tf(
                "details.unknown_type",
                "The compute type '{type}' is not a compute type of the current Azure ML API; it is shown read-only.",
                &[("type", c.compute_type())],
            )
        };
        // A read-only page may have nothing else to focus: this link also lets the keyboard
        // reach (and scroll) the page.
        let list_href = crate::routes::href(&crate::routes::computes_path(&ws));
        view! {
            <div data-testid="compute-details">
                <div class="details-head">
                    <h1 data-testid="compute-title">{c.name().to_string()}</h1>
                    <span class="status badge-wrap">
                        <StatusBadge label=c.state_label() />
                    </span>
                    <span class="type-chip" class:unknown=!c.is_known_type()>
                        {c.type_label().into_owned()}
                    </span>
                    {c
                        .created_on()
                        .map(|d| {
                            view! {
                                <span class="muted">
                                    {t("compute.col.created", "Created")} " " {crate::i18n::intl::date(d)}
                                </span>
                            }
                        })}
                </div>
                <ManageBar compute=c.clone() ws=ws.clone() running=running />
                {(!c.is_known_type())
                    .then(|| {
                        view! {
                            <div class="message-bar warning" data-testid="unknown-type-note">
                                {unknown_note}
                                " "
                                <a href=list_href>{t("compute.back_to_list", "Back to the compute list")}</a>
                            </div>
                        }
                    })}
                {(!errors.is_empty())
                    .then(|| {
                        view! {
                            <section class="section" data-testid="provisioning-errors">
                                <h2>{t("details.provisioning_errors", "Provisioning errors")}</h2>
                                {errors
                                    .into_iter()
                                    .map(|e| {
                                        view! {
                                            <ErrorBox
                                                error=UiError::from(e)
                                                title=t("details.provisioning_failed", "Provisioning failed")
                                            />
                                        }
                                    })
                                    .collect_view()}
                            </section>
                        }
                    })}
                {(!runtime_errors.is_empty())
                    .then(|| {
                        view! {
                            <section class="section">
                                <h2>{t("details.errors_reported_by_the_compute", "Errors reported by the compute")}</h2>
                                {runtime_errors
                                    .into_iter()
                                    .map(|e| {
                                        view! {
                                            <ErrorBox
                                                error=UiError::from(e)
                                                title=t("details.compute_error", "Compute error")
                                            />
                                        }
                                    })
                                    .collect_view()}
                            </section>
                        }
                    })}
                {is_instance
                    .then(|| {
                        view! {
                            <InstanceAccess
                                compute=c.clone()
                                ws=ws.clone()
                                refresh=Callback::new(move |_| compute.refetch())
                            />
                        }
                    })}
                {is_cluster.then(|| view! { <NodeList api=api.clone() ws=ws name=name /> })}
                <div class="groups">
                    {c
                        .property_groups()
                        .into_iter()
                        .map(|g| {
                            let key = g.key();
                            view! {
                                <section class="card property-card" data-testid="property-group" data-group=key>
                                    <h2>{g.title.clone()}</h2>
                                    <dl class="props">
                                        {g
                                            .rows
                                            .into_iter()
                                            .map(|(k, v)| {
                                                view! {
                                                    <dt>{k}</dt>
                                                    <dd>{v}</dd>
                                                }
                                            })
                                            .collect_view()}
                                    </dl>
                                </section>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
        }
        .into_any()
    };
    view! { {body} }
}

/// All nodes of a cluster: `listNodes` is a POST whose `nextLink` pages are POSTed as well.
async fn fetch_nodes(api: &Api, ws: &WorkspaceRef, name: &str) -> Result<Vec<AmlComputeNodeInformation>, UiError> {
    let mut req = api.arm().list_nodes(ws, name);
    let mut out = Vec::new();
    for _ in 0..MAX_NODE_PAGES {
        let page: NodesPage = api.json(req).await?;
        out.extend(page.nodes().iter().cloned());
        let Some(link) = page.next_link() else { return Ok(out) };
        req = api.arm().next_page(link).map_err(|e| ui_error(e, None))?;
        req.method = Method::Post;
    }
    Ok(out)
}

/// Props: `api` – transport; `ws`, `name` – the cluster whose nodes to list.
#[component]
fn NodeList(api: Api, ws: WorkspaceRef, name: String) -> impl IntoView {
    let nodes = use_fetch(move || {
        let (api, ws, name) = (api.clone(), ws.clone(), name.clone());
        async move { fetch_nodes(&api, &ws, &name).await }
    });
    let s = |v: &Option<String>| v.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into());
    view! {
        <section class="section">
            <h2>{t("details.nodes", "Nodes")}</h2>
            {move || match nodes.data.get() {
                None => view! { <Spinner label=t("details.loading_nodes", "Loading nodes…") /> }.into_any(),
                Some(Err(e)) => {
                    view! { <ErrorBox error=e title=t("details.could_not_list_nodes", "Could not list nodes") /> }
                        .into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <div class="table-card">
                            <table class="data" data-testid="node-table">
                                <thead>
                                    <tr>
                                        <th>{t("details.node_id", "Node id")}</th>
                                        <th>{t("details.state", "State")}</th>
                                        <th>{t("details.private_ip", "Private IP")}</th>
                                        <th>{t("details.public_ip", "Public IP")}</th>
                                        <th>{t("details.port", "Port")}</th>
                                        <th>{t("details.run_id", "Run id")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .is_empty()
                                        .then(|| {
                                            view! {
                                                <tr>
                                                    <td class="empty-cell" colspan="6">
                                                        {t(
                                                            "details.no_nodes_are_allocated_right",
                                                            "No nodes are allocated right now.",
                                                        )}
                                                    </td>
                                                </tr>
                                            }
                                        })}
                                    {list
                                        .into_iter()
                                        .map(|n| {
                                            view! {
                                                <tr data-testid="node-row">
                                                    <td>
                                                        <code>{s(&n.node_id)}</code>
                                                    </td>
                                                    <td>
                                                        <StatusBadge label=s(&n.node_state) />
                                                    </td>
                                                    <td>{s(&n.private_ip_address)}</td>
                                                    <td>{s(&n.public_ip_address)}</td>
                                                    <td class="num">
                                                        {n
                                                            .port
                                                            .as_ref()
                                                            .map(|p| p.to_string())
                                                            .unwrap_or_else(|| "—".into())}
                                                    </td>
                                                    <td>{s(&n.run_id)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

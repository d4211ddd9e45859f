//! VM size picker for clusters and instances: the sizes of the workspace's region
//! (`locations/{loc}/vmSizes`) that support the compute type, CPU/GPU toggle, vCPUs, memory,
//! GPUs and price, with the family's free quota from `usages` beside each size. Sizes whose
//! nodes do not fit in the free quota are hidden by default; "show all sizes" lists them with
//! the reason (the service would accept the PUT and then fail the provisioning).

use crate::components::error_box::ErrorBox;
use crate::components::fields::{CheckField, FieldErrors, FieldMessage};
use crate::components::ws_facts::WsInfo;
use crate::error::UiError;
use crate::fetch::{use_fetch, Fetch};
use crate::http::use_api;
use crate::i18n::{intl, t, tf};
use aml_api::{Usage, VirtualMachineSize, VirtualMachineSizeList};
use leptos::prelude::*;
use serde_json::Value;

/// One size as the table shows it.
#[derive(Clone, PartialEq)]
struct SizeRow {
    name: String,
    gpus: i64,
    vcpus: i64,
    memory: String,
    price: String,
    quota: String,
    /// Why it does not fit, when it does not.
    blocked: Option<String>,
}

/// A number of the service (JSON), with the page's separators.
fn num(n: &serde_json::Number) -> String {
    n.as_f64().map(intl::number).unwrap_or_else(|| n.to_string())
}

fn price(s: &VirtualMachineSize, low: bool) -> String {
    let want = if low { "LowPriority" } else { "Standard" };
    let p = s.estimated_vm_prices.as_ref();
    let row = p
        .and_then(|p| p.values.as_ref())
        .and_then(|v| v.iter().find(|r| r.os_type.as_deref() == Some("Linux") && r.vm_tier.as_deref() == Some(want)));
    match (row.and_then(|r| r.retail_price.as_ref()), p.and_then(|p| p.billing_currency.as_deref())) {
        (Some(n), cur) => {
            let price = format!("{} {}", num(n), cur.unwrap_or_default());
            tf("vm.per_hour", "{price}/h", &[("price", price.trim())])
        }
        _ => "—".into(),
    }
}

/// (free, limit, which) of the tightest quota that applies: the family's for dedicated VMs, and
/// the regional total (dedicated or low-priority) — the service checks both.
fn quota(usages: &[Usage], family: &str, low: bool) -> Option<(i64, i64, String)> {
    let row = |pred: &dyn Fn(&str, &str) -> bool| {
        usages.iter().find(|u| {
            let kind = u.kind.as_deref().unwrap_or("");
            let name = u.name.as_ref().and_then(|n| n.value.as_deref()).unwrap_or("");
            !kind.contains("/workspaces/") && pred(kind, name)
        })
    };
    let free = |u: &Usage| (u.limit.unwrap_or(0) - u.current_value.unwrap_or(0), u.limit.unwrap_or(0));
    let family_row = (!low).then(|| row(&|k, n| k.ends_with("/vmFamily/usages") && n == family)).flatten();
    let total_row = row(&|k, _| k.ends_with(if low { "/totalLowPriorityCores/usages" } else { "/totalCores/usages" }));
    let f = family_row.map(|u| {
        let (a, b) = free(u);
        (a, b, tf("vm.family_quota", "{family} quota", &[("family", family)]))
    });
    let t = total_row.map(|u| {
        let (a, b) = free(u);
        let which = match low {
            true => t("vm.regional_low", "regional low-priority vCPU quota"),
            false => t("vm.regional_dedicated", "regional dedicated vCPU quota"),
        };
        (a, b, which.to_string())
    });
    match (f, t) {
        (Some(f), Some(t)) => Some(if t.0 < f.0 { t } else { f }),
        (f, t) => f.or(t),
    }
}

fn rows(sizes: &[VirtualMachineSize], usages: &[Usage], ty: &str, nodes: i64, low: bool) -> Vec<SizeRow> {
    sizes
        .iter()
        .filter(|s| s.supports(ty))
        .map(|s| {
            let vcpus = s.v_cpus.unwrap_or(0);
            let family = s.family.clone().unwrap_or_default();
            let q = quota(usages, &family, low);
            let need = vcpus * nodes.max(1);
            let blocked = q.as_ref().filter(|(free, _, _)| need > *free).map(|(free, limit, which)| {
                tf(
                    "vm.needs",
                    "Needs {need} vCPUs; only {free} of {limit} are free in the {which}.",
                    &[
                        ("need", &intl::number(need as f64)),
                        ("free", &intl::number((*free).max(0) as f64)),
                        ("limit", &intl::number(*limit as f64)),
                        ("which", which),
                    ],
                )
            });
            SizeRow {
                name: s.name.clone().unwrap_or_default(),
                gpus: s.gpus.unwrap_or(0),
                vcpus,
                memory: s.memory_gb.as_ref().map(|m| format!("{} GB", num(m))).unwrap_or_default(),
                price: price(s, low),
                quota: q
                    .map(|(f, l, _)| {
                        let (f, l) = (intl::number(f.max(0) as f64), intl::number(l as f64));
                        tf("vm.free", "{free} / {limit} free", &[("free", &f), ("limit", &l)])
                    })
                    .unwrap_or_else(|| "—".into()),
                blocked,
            }
        })
        .collect()
}

/// The VM size list of the workspace's region and its quota usages, once its location is known,
/// as JSON: started in the main module (the route's data()), read into the api models here, in
/// the page's chunk, so their readers don't weigh on the first load.
pub type VmCatalog = Fetch<Option<(Value, Vec<Value>)>>;

/// Starts loading the catalog for `info`'s workspace. A lazily loaded create page starts it in
/// its route's `data()` (src/lazy_routes.rs), so it loads while the page's code downloads.
pub fn start_vm_catalog(info: WsInfo) -> VmCatalog {
    let api = use_api();
    use_fetch(move || {
        let (api, ws, loc) = (api.clone(), info.ws.get(), info.location());
        async move {
            let Some(loc) = loc else { return Ok(None) };
            let sizes: Value = api.json(api.arm().list_vm_sizes(&ws.subscription, &loc)).await?;
            let usages: Vec<Value> = api.fetch_all_pages(api.arm().list_usages(&ws.subscription, &loc)).await?;
            Ok(Some((sizes, usages)))
        }
    })
}

/// The sizes of a `locations/{loc}/vmSizes` answer, or why it does not read.
fn read_sizes(list: &Value) -> Result<Vec<VirtualMachineSize>, String> {
    serde_json::from_value::<VirtualMachineSizeList>(list.clone())
        .map(|l| l.value.unwrap_or_default())
        .map_err(|e| tf("vm.unreadable", "The VM size list could not be read: {error}", &[("error", &e.to_string())]))
}

/// Props: `info`; `compute_type` – `AmlCompute` or `ComputeInstance`; `nodes` – nodes that
/// must fit (a cluster's minimum, at least 1); `low_priority`; `bound` – the form's vm_size;
/// `errors`; `catalog` (optional) – an already started `start_vm_catalog(info)`.
#[component]
pub fn VmSizePicker(
    info: WsInfo,
    compute_type: &'static str,
    #[prop(into)] nodes: Signal<i64>,
    #[prop(into)] low_priority: Signal<bool>,
    bound: (Signal<String>, Callback<String>),
    errors: FieldErrors,
    #[prop(optional_no_strip)] catalog: Option<VmCatalog>,
) -> impl IntoView {
    let (selected, select) = bound;
    let catalog = catalog.unwrap_or_else(|| start_vm_catalog(info));
    let gpu = RwSignal::new(false);
    let show_all = RwSignal::new(false);
    let unreadable = Memo::new(move |_| {
        catalog.data.with(|d| match d {
            Some(Ok(Some((s, _)))) => read_sizes(s).err(),
            _ => None,
        })
    });
    let all = Memo::new(move |_| {
        catalog.data.with(|d| match d {
            Some(Ok(Some((s, u)))) => {
                // Usages that do not read are left out, as a list read straight into `Usage` does.
                let usages: Vec<Usage> = u.iter().filter_map(|u| serde_json::from_value(u.clone()).ok()).collect();
                rows(&read_sizes(s).unwrap_or_default(), &usages, compute_type, nodes.get(), low_priority.get())
            }
            _ => vec![],
        })
    });
    let shown = Memo::new(move |_| {
        let g = gpu.get();
        all.with(|a| a.iter().filter(|r| (r.gpus > 0) == g).cloned().collect::<Vec<_>>())
    });
    let hidden = move || shown.with(|s| s.iter().filter(|r| r.blocked.is_some()).cloned().collect::<Vec<_>>());
    let is_sel = move |n: &str| selected.with(|s| s.eq_ignore_ascii_case(n));

    let table = move || {
        let show = show_all.get();
        let list: Vec<SizeRow> = shown.get().into_iter().filter(|r| show || r.blocked.is_none()).collect();
        list.into_iter()
            .map(|r| {
                let (n1, n2, n3, n4) = (r.name.clone(), r.name.clone(), r.name.clone(), r.name.clone());
                let (label, label2, is_blocked) = (r.name.clone(), r.name.clone(), r.blocked.is_some());
                view! {
                    <tr
                        data-testid="size-row"
                        data-name=label2
                        class:selected=move || is_sel(&n1)
                        class:blocked=is_blocked
                        on:click=move |_| select.run(n2.clone())
                    >
                        <td>
                            <input
                                type="radio"
                                name="vm-size"
                                aria-label=label
                                prop:checked=move || is_sel(&n3)
                                on:change=move |_| select.run(n4.clone())
                            />
                        </td>
                        <td data-service="">{r.name}</td>
                        <td class="num">{r.vcpus}</td>
                        <td class="num">{r.memory}</td>
                        <td class="num">{r.gpus}</td>
                        <td class="num">{r.price}</td>
                        <td data-testid="size-quota">
                            {r.quota}
                            {r
                                .blocked
                                .map(|b| {
                                    view! {
                                        <div class="field-error" data-testid="size-quota-note">
                                            {b}
                                        </div>
                                    }
                                })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="field size-picker">
            <legend>{t("vm.legend", "Virtual machine size")}</legend>
            <div class="toolbar">
                <div class="segmented" role="group" aria-label=t("vm.processor", "Processor")>
                    <button
                        type="button"
                        data-testid="size-cpu"
                        class:active=move || !gpu.get()
                        aria-pressed=move || (!gpu.get()).to_string()
                        on:click=move |_| gpu.set(false)
                    >
                        "CPU"
                    </button>
                    <button
                        type="button"
                        data-testid="size-gpu"
                        class:active=move || gpu.get()
                        aria-pressed=move || gpu.get().to_string()
                        on:click=move |_| gpu.set(true)
                    >
                        "GPU"
                    </button>
                </div>
                <CheckField
                    label=t("vm.show_all", "Show all sizes (also those without enough quota)")
                    testid="size-show-all"
                    checked=show_all.into()
                    set=Callback::new(move |v| show_all.set(v))
                />
                <span class="count muted">
                    {t("vm.selected", "Selected:")} " " <strong data-testid="size-selected" data-service="">
                        {move || selected.get()}
                    </strong>
                </span>
            </div>
            {move || match catalog.data.get() {
                Some(Err(e)) => {
                    Some(view! { <ErrorBox error=e title=t("vm.load_failed", "Could not load VM sizes") /> }.into_any())
                }
                _ if unreadable.get().is_some() => {
                    let e = unreadable.get().unwrap_or_default();
                    Some(
                        view! {
                            <ErrorBox
                                error=UiError::simple("InvalidResponse", e)
                                title=t("vm.load_failed", "Could not load VM sizes")
                            />
                        }
                            .into_any(),
                    )
                }
                None | Some(Ok(None)) => {
                    Some(view! { <p class="muted">{t("vm.loading", "Loading VM sizes and quota…")}</p> }.into_any())
                }
                _ => None,
            }}
            <div class="table-card size-table">
                <table class="data" data-testid="size-table">
                    <thead>
                        <tr>
                            <th></th>
                            <th>{t("vm.col.size", "Size")}</th>
                            <th>{t("vm.col.vcpus", "vCPUs")}</th>
                            <th>{t("vm.col.memory", "Memory")}</th>
                            <th>{t("vm.col.gpus", "GPUs")}</th>
                            <th>{t("vm.col.price", "Price (Linux)")}</th>
                            <th>{t("vm.col.quota", "Quota (vCPUs)")}</th>
                        </tr>
                    </thead>
                    <tbody>{table}</tbody>
                </table>
            </div>
            {move || {
                let h = hidden();
                (!h.is_empty() && !show_all.get())
                    .then(|| {
                        view! {
                            <details class="hidden-sizes" data-testid="size-hidden">
                                <summary>
                                    {tf(
                                        "vm.hidden",
                                        "{n} size(s) hidden: not enough quota",
                                        &[("n", &intl::number(h.len() as f64))],
                                    )}
                                </summary>
                                <ul>
                                    {h
                                        .into_iter()
                                        .map(|r| {
                                            view! {
                                                <li>
                                                    <span data-service="">{r.name}</span>
                                                    ": "
                                                    {r.blocked.unwrap_or_default()}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </details>
                        }
                    })
            }}
            <FieldMessage errors=errors field="vm_size" />
        </fieldset>
    }
}

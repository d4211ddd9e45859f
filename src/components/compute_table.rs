//! The compute list: filter box, type filter, count, and a sortable table. It takes the
//! computes as a prop (no fetching), so browser tests can mount it alone.

use crate::components::data_table::{PlainHeader, SortDir, SortHeader, SortState};
use crate::components::spinner::SkeletonRows;
use crate::components::status_badge::StatusBadge;
use crate::i18n::{intl, lang, state_text, t, tf, tm};
use aml_api::i18n::{collate, fold_search};
use aml_api::url::encode_segment;
use aml_api::view::ComputeRow;
use leptos::prelude::*;
use std::cmp::Ordering;

/// One display row, derived once per compute so sorting/filtering compare plain strings.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub name: String,
    pub compute_type: String,
    pub type_label: String,
    pub known: bool,
    pub state: String,
    /// The state as shown (in the page's language).
    pub state_text: String,
    pub vm_size: String,
    pub nodes: String,
    pub location: String,
    /// Full ISO timestamp (sort key); the cell shows only the date part.
    pub created: String,
}

impl Row {
    pub fn from_compute(c: &ComputeRow) -> Row {
        Row {
            name: c.name.clone(),
            compute_type: c.compute_type.clone(),
            type_label: tm(&c.type_label),
            known: c.known,
            state: c.state.clone(),
            state_text: state_text(&c.state),
            vm_size: c.vm_size.clone().unwrap_or_default(),
            nodes: c.nodes.map(|n| nodes_text(n.current, n.target, n.min, n.max)).unwrap_or_default(),
            location: c.location.clone().unwrap_or_default(),
            created: c.created_on.clone().unwrap_or_default(),
        }
    }

    /// Case-insensitive in the page's language (Turkish: `I ı İ i` are one letter), for Latin
    /// letters only: Unicode's full case tables would cost the main module kilobytes. The state
    /// matches as the service wrote it and as it is shown.
    fn matches(&self, needle: &str) -> bool {
        needle.is_empty()
            || [&self.name, &self.compute_type, &self.type_label, &self.vm_size, &self.state, &self.state_text]
                .iter()
                .any(|f| fold_search(f, lang()).contains(needle))
    }
}

/// Whether a (known) compute type's label is a product name (Kubernetes, Azure Databricks, …),
/// which stays as it is in every language.
fn is_product_name(compute_type: &str) -> bool {
    !matches!(compute_type, "AmlCompute" | "ComputeInstance" | "VirtualMachine" | "")
}

/// `current / target (min–max)`; unknown numbers show as `?`.
pub fn nodes_text(cur: Option<i64>, target: Option<i64>, min: Option<i64>, max: Option<i64>) -> String {
    let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
    format!("{} / {} ({}–{})", n(cur), n(target), n(min), n(max))
}

fn compare(a: &Row, b: &Row, key: &str) -> Ordering {
    let ci = |x: &str, y: &str| collate(x, y, lang());
    let primary = match key {
        "type" => ci(&a.type_label, &b.type_label),
        "state" => ci(&a.state_text, &b.state_text),
        "size" => ci(&a.vm_size, &b.vm_size),
        "created" => a.created.cmp(&b.created),
        _ => Ordering::Equal,
    };
    primary.then_with(|| ci(&a.name, &b.name))
}

/// Filters then sorts (`sort.key` = name/type/state/size/created).
pub fn visible_rows(rows: &[Row], filter: &str, type_filter: &str, sort: SortState) -> Vec<Row> {
    let needle = fold_search(filter.trim(), lang());
    let mut out: Vec<Row> = rows
        .iter()
        .filter(|r| type_filter.is_empty() || r.compute_type == type_filter)
        .filter(|r| r.matches(&needle))
        .cloned()
        .collect();
    out.sort_by(|a, b| compare(a, b, sort.key));
    if sort.dir == SortDir::Desc {
        out.reverse();
    }
    out
}

const COLS: usize = 7;

/// Props:
/// * `computes` – the rows of the computes to show (all pages already fetched).
/// * `link_base` – path of the list page; a name links to `{link_base}/{name}`.
/// * `loading` – show skeleton rows (`compute-loading`) instead of data.
/// * `busy` – (name, "Creating…") of computes with an operation in flight: a badge on the row.
/// * `filter`, `type_filter`, `sort` – optional external state (e.g. mirrored in the URL);
///   internal signals are used when absent.
#[component]
pub fn ComputeTable(
    #[prop(into)] computes: Signal<Vec<ComputeRow>>,
    #[prop(into)] link_base: String,
    #[prop(optional, into)] loading: Signal<bool>,
    #[prop(optional)] filter: Option<RwSignal<String>>,
    #[prop(optional)] type_filter: Option<RwSignal<String>>,
    #[prop(optional)] sort: Option<RwSignal<SortState>>,
    #[prop(optional, into)] busy: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let filter = filter.unwrap_or_else(|| RwSignal::new(String::new()));
    let type_filter = type_filter.unwrap_or_else(|| RwSignal::new(String::new()));
    let sort = sort.unwrap_or_else(|| RwSignal::new(SortState { key: "name", dir: SortDir::Asc }));

    let rows = Memo::new(move |_| computes.with(|cs| cs.iter().map(Row::from_compute).collect::<Vec<_>>()));
    let visible = Memo::new(move |_| rows.with(|r| visible_rows(r, &filter.get(), &type_filter.get(), sort.get())));
    // Type filter options: only the types present, labelled like the Type column.
    let types = Memo::new(move |_| {
        let mut t: Vec<(String, String)> =
            rows.with(|r| r.iter().map(|r| (r.compute_type.clone(), r.type_label.clone())).collect());
        t.sort_by(|a, b| collate(&a.1, &b.1, lang()));
        t.dedup_by(|a, b| a.0 == b.0);
        t
    });
    let count = move || {
        let (total, shown) = (rows.with(Vec::len), visible.with(Vec::len));
        let (n, of) = (intl::number(total as f64), intl::number(shown as f64));
        match (shown == total, total == 1) {
            (true, true) => tf("compute.count.one", "{n} compute", &[("n", &n)]),
            (true, false) => tf("compute.count.other", "{n} computes", &[("n", &n)]),
            (false, true) => tf("compute.count_of.one", "{shown} of {n} compute", &[("shown", &of), ("n", &n)]),
            (false, false) => tf("compute.count_of.other", "{shown} of {n} computes", &[("shown", &of), ("n", &n)]),
        }
    };

    let body = move || {
        if loading.get() {
            return view! {
                <tbody data-testid="compute-loading" aria-busy="true">
                    <SkeletonRows rows=6 cols=COLS />
                </tbody>
            }
            .into_any();
        }
        let empty_msg = if rows.with(Vec::is_empty) {
            Some(t("compute.list.empty", "No compute targets in this workspace yet"))
        } else if visible.with(Vec::is_empty) {
            Some(t("compute.list.no_match", "No compute matches the filter"))
        } else {
            None
        };
        if let Some(msg) = empty_msg {
            return view! {
                <tbody>
                    <tr>
                        <td class="empty-cell" colspan=COLS data-testid="compute-empty">
                            {msg}
                        </td>
                    </tr>
                </tbody>
            }
            .into_any();
        }
        // Plain re-render instead of keyed <For>: a few hundred rows re-render in well under a
        // frame, and the keyed-diff machinery would add to the bundle.
        let base = link_base.clone();
        let rows = visible.get().into_iter().map(|r| {
            let href = format!("{}/{}", base, encode_segment(&r.name));
            let op = busy.with(|b| b.iter().find(|(n, _)| n.eq_ignore_ascii_case(&r.name)).map(|(_, t)| t.clone()));
            view! { <ComputeRow href=href row=r op=op /> }
        });
        view! { <tbody>{rows.collect_view()}</tbody> }.into_any()
    };

    view! {
        <div class="toolbar" role="search">
            <input
                type="search"
                class="search"
                placeholder=t("compute.list.filter_hint", "Filter by name, type, size or state")
                aria-label=t("compute.list.filter", "Filter computes")
                data-testid="compute-filter"
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
            <select
                aria-label=t("compute.list.type_filter", "Compute type")
                data-testid="compute-type-filter"
                prop:value=move || type_filter.get()
                on:change=move |ev| type_filter.set(event_target_value(&ev))
            >
                <option value="">{t("compute.list.all_types", "All types")}</option>
                {move || {
                    types
                        .get()
                        .into_iter()
                        .map(|(t, label)| {
                            let brand = is_product_name(&t);
                            view! {
                                <option value=t.clone() translate=brand.then_some("no")>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <span class="count" data-testid="compute-count" aria-live="polite">
                {count}
            </span>
        </div>
        <div class="table-card">
            <table class="data" data-testid="compute-table">
                <thead>
                    <tr>
                        <SortHeader label=t("compute.col.name", "Name") key="name" sort=sort />
                        <SortHeader label=t("compute.col.type", "Type") key="type" sort=sort />
                        <SortHeader label=t("compute.col.state", "State") key="state" sort=sort />
                        <SortHeader label=t("compute.col.size", "VM size") key="size" sort=sort />
                        <PlainHeader label=t("compute.col.nodes", "Nodes") />
                        <PlainHeader label=t("compute.col.location", "Location") />
                        <SortHeader label=t("compute.col.created", "Created") key="created" sort=sort />
                    </tr>
                </thead>
                {body}
            </table>
        </div>
    }
}

/// Props: `row` – the display row; `href` – details link for the name; `op` – badge text of an
/// operation in flight.
#[component]
fn ComputeRow(row: Row, href: String, op: Option<String>) -> impl IntoView {
    let dash = |s: String| if s.is_empty() { "—".to_string() } else { s };
    let created = intl::date(&row.created);
    let brand = row.known && is_product_name(&row.compute_type);
    let data_name = row.name.clone();
    view! {
        <tr data-testid="compute-row" data-name=data_name>
            <td data-service="">
                <a href=crate::routes::href(&href)>{row.name}</a>
            </td>
            <td>
                // Product names (Kubernetes, Azure Kubernetes Service, …) are not translated.
                <span
                    class="type-chip"
                    class:unknown=!row.known
                    title=row.compute_type.clone()
                    translate=brand.then_some("no")
                >
                    {row.type_label}
                </span>
            </td>
            <td>
                <StatusBadge label=row.state />
                {op
                    .map(|t| {
                        view! {
                            <span class="op-badge" data-testid="row-op">
                                {t}
                            </span>
                        }
                    })}
            </td>
            <td data-service="">{dash(row.vm_size)}</td>
            <td class="num">{dash(row.nodes)}</td>
            <td data-service="">{dash(row.location)}</td>
            <td class="num" title=row.created>
                {dash(created)}
            </td>
        </tr>
    }
}

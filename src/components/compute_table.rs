//! The compute list: filter box, type filter, count, and a sortable table. It takes the
//! computes as a prop (no fetching), so browser tests can mount it alone.

use crate::components::data_table::{PlainHeader, SortDir, SortHeader, SortState};
use crate::components::spinner::SkeletonRows;
use crate::components::status_badge::StatusBadge;
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
            type_label: c.type_label.clone(),
            known: c.known,
            state: c.state.clone(),
            vm_size: c.vm_size.clone().unwrap_or_default(),
            nodes: c.nodes.map(|n| nodes_text(n.current, n.target, n.min, n.max)).unwrap_or_default(),
            location: c.location.clone().unwrap_or_default(),
            created: c.created_on.clone().unwrap_or_default(),
        }
    }

    /// ASCII case-insensitive: Azure resource names and our labels are ASCII, and Unicode case
    /// tables would cost bundle size for nothing.
    fn matches(&self, needle: &str) -> bool {
        needle.is_empty()
            || [&self.name, &self.compute_type, &self.type_label, &self.vm_size, &self.state]
                .iter()
                .any(|f| f.to_ascii_lowercase().contains(needle))
    }
}

/// `current / target (min–max)`; unknown numbers show as `?`.
pub fn nodes_text(cur: Option<i64>, target: Option<i64>, min: Option<i64>, max: Option<i64>) -> String {
    let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
    format!("{} / {} ({}–{})", n(cur), n(target), n(min), n(max))
}

/// `2024-05-01T12:00:00Z` → `2024-05-01` (no date library: it would cost more than the app).
pub fn date_only(iso: &str) -> &str {
    let b = iso.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        &iso[..10]
    } else {
        iso
    }
}

fn compare(a: &Row, b: &Row, key: &str) -> Ordering {
    let ci = |x: &str, y: &str| x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase());
    let primary = match key {
        "type" => ci(&a.type_label, &b.type_label),
        "state" => ci(&a.state, &b.state),
        "size" => ci(&a.vm_size, &b.vm_size),
        "created" => a.created.cmp(&b.created),
        _ => Ordering::Equal,
    };
    primary.then_with(|| ci(&a.name, &b.name))
}

/// Filters then sorts (`sort.key` = name/type/state/size/created).
pub fn visible_rows(rows: &[Row], filter: &str, type_filter: &str, sort: SortState) -> Vec<Row> {
    let needle = filter.trim().to_ascii_lowercase();
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

fn plural(n: usize) -> &'static str {
    if n == 1 {
        "compute"
    } else {
        "computes"
    }
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
        t.sort_by_key(|a| a.1.to_ascii_lowercase());
        t.dedup_by(|a, b| a.0 == b.0);
        t
    });
    let count = move || {
        let (total, shown) = (rows.with(Vec::len), visible.with(Vec::len));
        if shown == total {
            format!("{total} {}", plural(total))
        } else {
            format!("{shown} of {total} {}", plural(total))
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
            Some("No compute targets in this workspace yet")
        } else if visible.with(Vec::is_empty) {
            Some("No compute matches the filter")
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
                placeholder="Filter by name, type, size or state"
                aria-label="Filter computes"
                data-testid="compute-filter"
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
            <select
                aria-label="Compute type"
                data-testid="compute-type-filter"
                prop:value=move || type_filter.get()
                on:change=move |ev| type_filter.set(event_target_value(&ev))
            >
                <option value="">"All types"</option>
                {move || {
                    types
                        .get()
                        .into_iter()
                        .map(|(t, label)| view! { <option value=t.clone()>{label}</option> })
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
                        <SortHeader label="Name" key="name" sort=sort />
                        <SortHeader label="Type" key="type" sort=sort />
                        <SortHeader label="State" key="state" sort=sort />
                        <SortHeader label="VM size" key="size" sort=sort />
                        <PlainHeader label="Nodes" />
                        <PlainHeader label="Location" />
                        <SortHeader label="Created" key="created" sort=sort />
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
    let created = date_only(&row.created).to_string();
    let data_name = row.name.clone();
    view! {
        <tr data-testid="compute-row" data-name=data_name>
            <td>
                <a href=crate::routes::href(&href)>{row.name}</a>
            </td>
            <td>
                <span class="type-chip" class:unknown=!row.known title=row.compute_type>
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
            <td>{dash(row.vm_size)}</td>
            <td class="num">{dash(row.nodes)}</td>
            <td>{dash(row.location)}</td>
            <td class="num" title=row.created>
                {dash(created)}
            </td>
        </tr>
    }
}

//! The jobs table: a windowed grid (`VirtualList`) of the shown rows with sortable headers and
//! a checkbox per row for "Compare". Columns keep their widths whatever the text: long names
//! are cut with an ellipsis and the full text is on hover (`title`).

use crate::components::virtual_list::VirtualList;
use crate::i18n::{t, tf};
use crate::jobs::time::time_with_zone;
use crate::routes::{href, job_path};
use aml_api::jobs::list_view::Shown;
use aml_api::jobs::model;
use aml_api::jobs::rows::{toggle_selected, JobRow, SortKey};
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use std::ops::Range;

/// Row height in px; `.jobs-grid .vlist-row` in style/jobs.css says the same.
pub const ROW_PX: f64 = 40.0;

fn columns() -> [(SortKey, &'static str); 7] {
    [
        (SortKey::Name, t("compute.col.name", "Name")),
        (SortKey::Type, t("submit.type", "Type")),
        (SortKey::Status, t("job.status", "Status")),
        (SortKey::Compute, t("submit.compute", "Compute")),
        (SortKey::Experiment, t("submit.experiment", "Experiment")),
        (SortKey::Created, t("compute.col.created", "Created")),
        (SortKey::Duration, t("jobs.col.duration", "Duration")),
    ]
}

/// A job status with its tone. Props: `status`.
#[component]
pub fn JobStatus(#[prop(into)] status: String) -> impl IntoView {
    view! {
        <span
            class="status job-status"
            data-tone=model::status_tone(&status)
            data-testid="job-status"
            data-status=status.clone()
        >
            <span class="status-dot" aria-hidden="true"></span>
            <span class="status-text">{crate::i18n::state_text(&status)}</span>
        </span>
    }
}

/// Props: `ws`; `rows` – the loaded rows; `shown` – positions in `rows` to show, in order (of
/// one generation of the sorted rows: a row is re-rendered only when it comes into the window
/// or a new generation of rows arrives, not on a keystroke that keeps it);
/// `sort` – (column, descending), changed by the headers; `selected` – job names ticked for
/// compare; `notice` – receives the reason a tick was refused; `window` – the rendered range.
#[component]
pub fn JobsTable(
    ws: Memo<WorkspaceRef>,
    rows: RwSignal<Vec<JobRow>>,
    shown: Memo<Shown>,
    sort: RwSignal<(SortKey, bool)>,
    selected: RwSignal<Vec<String>>,
    notice: RwSignal<Option<String>>,
    window: RwSignal<Range<usize>>,
) -> impl IntoView {
    let count = Signal::derive(move || shown.with(Shown::len));
    let header = move || {
        columns()
            .into_iter()
            .map(|(key, label)| {
                let active = move || sort.get().0 == key;
                let aria = move || match (active(), sort.get().1) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                };
                let arrow = move || match (active(), sort.get().1) {
                    (false, _) => "",
                    (true, false) => "↑",
                    (true, true) => "↓",
                };
                // The active column flips; another starts ascending (created: newest first).
                let click = move |_| {
                    sort.update(|s| *s = if s.0 == key { (key, !s.1) } else { (key, key == SortKey::Created) })
                };
                view! {
                    <div role="columnheader" class="cell" aria-sort=aria>
                        <button
                            type="button"
                            class="sort-button"
                            class:active=active
                            on:click=click
                            data-testid=format!("sort-{}", key.id())
                        >
                            {label}
                            <span class="sort-arrow" aria-hidden="true">
                                {arrow}
                            </span>
                        </button>
                    </div>
                }
            })
            .collect_view()
    };
    // A row is (generation of the sorted rows, position in `rows`): the same key, the same job
    // with the same columns.
    let key = move |i: usize| shown.with(|s| s.rows.get(i).map(|at| (s.generation, *at)));
    let render = move |(_, at): (u64, usize)| {
        let Some(r) = rows.with_untracked(|rows| rows.get(at).cloned()) else {
            return ().into_any();
        };
        let name = r.name.clone();
        let link = href(&job_path(&ws.get_untracked(), &r.name));
        let checked = {
            let name = name.clone();
            move || selected.with(|s| s.contains(&name))
        };
        let is_selected = checked.clone();
        let toggle = {
            let name = name.clone();
            move |ev: leptos::ev::Event| {
                let mut refused = None;
                selected.update(|s| refused = toggle_selected(s, &name).err());
                if refused.is_some() {
                    // The browser ticked the box already; the selection did not change, so
                    // nothing re-renders it: untick it here.
                    use wasm_bindgen::JsCast;
                    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        input.set_checked(false);
                    }
                }
                notice.set(refused);
            }
        };
        let full = if r.display == r.name { r.name.clone() } else { format!("{} ({})", r.display, r.name) };
        let created = time_with_zone(&r.created);
        view! {
            <div
                role="row"
                class="vlist-row"
                data-testid="job-row"
                data-name=r.name.clone()
                data-status=r.status.clone()
                class:selected=is_selected
            >
                <div role="cell" class="cell select">
                    <input
                        type="checkbox"
                        data-testid="job-select"
                        aria-label=tf("jobs.select_row", "Select {name} for compare", &[("name", &r.name)])
                        prop:checked=checked
                        on:change=toggle
                    />
                </div>
                <div role="cell" class="cell name" title=full data-service="">
                    <a href=link data-testid="job-link">
                        {r.display.clone()}
                    </a>
                    {(r.display != r.name).then(|| view! { <span class="muted mono">{r.name.clone()}</span> })}
                </div>
                <div role="cell" class="cell" title=r.job_type.clone() data-testid="job-type" data-service="">
                    {r.job_type.clone()}
                </div>
                <div role="cell" class="cell">
                    <JobStatus status=r.status.clone() />
                </div>
                <div role="cell" class="cell" title=r.compute.clone() data-service="">
                    {r.compute.clone()}
                </div>
                <div role="cell" class="cell" title=r.experiment.clone() data-testid="job-experiment" data-service="">
                    {r.experiment.clone()}
                </div>
                <div role="cell" class="cell" title=created.clone() data-testid="job-created">
                    {created.clone()}
                </div>
                <div role="cell" class="cell num">
                    {r.duration_ms.map(crate::i18n::intl::duration).unwrap_or_default()}
                </div>
            </div>
        }
        .into_any()
    };
    view! {
        <VirtualList
            count=count
            row_height=ROW_PX
            key=key
            render=render
            window=window
            label=t("nav.jobs", "Jobs")
            testid="jobs-table"
        >
            <div role="rowgroup" class="vlist-head">
                <div role="row" class="vlist-row head">
                    <div role="columnheader" class="cell select">
                        <span class="visually-hidden">{t("jobs.select", "Select")}</span>
                    </div>
                    {header()}
                </div>
            </div>
        </VirtualList>
    }
}

//! Table building blocks: sortable column headers. A header is a real `<button>` so it is
//! keyboard-reachable, and `aria-sort` tells screen readers the current order.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortDir {
    Asc,
    Desc,
}

/// Which column sorts the table, and in which direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortState {
    pub key: &'static str,
    pub dir: SortDir,
}

impl SortState {
    /// Clicking the active column flips its direction; another column starts ascending.
    pub fn clicked(self, key: &'static str) -> SortState {
        if self.key == key {
            SortState { key, dir: if self.dir == SortDir::Asc { SortDir::Desc } else { SortDir::Asc } }
        } else {
            SortState { key, dir: SortDir::Asc }
        }
    }
}

/// Props: `label` – column title; `key` – column id, the button gets `data-testid="sort-{key}"`;
/// `sort` – the table's shared sort state, updated on click.
#[component]
pub fn SortHeader(label: &'static str, key: &'static str, sort: RwSignal<SortState>) -> impl IntoView {
    let active = move || sort.get().key == key;
    let aria = move || match (active(), sort.get().dir) {
        (false, _) => "none",
        (true, SortDir::Asc) => "ascending",
        (true, SortDir::Desc) => "descending",
    };
    let arrow = move || match (active(), sort.get().dir) {
        (false, _) => "",
        (true, SortDir::Asc) => "↑",
        (true, SortDir::Desc) => "↓",
    };
    view! {
        <th aria-sort=aria>
            <button
                type="button"
                class="sort-button"
                class:active=active
                data-testid=format!("sort-{key}")
                on:click=move |_| sort.update(|s| *s = s.clicked(key))
            >
                {label}
                <span class="sort-arrow" aria-hidden="true">
                    {arrow}
                </span>
            </button>
        </th>
    }
}

/// Plain (not sortable) header cell. Props: `label`.
#[component]
pub fn PlainHeader(label: &'static str) -> impl IntoView {
    view! {
        <th>
            <span class="plain-header">{label}</span>
        </th>
    }
}

//! Loading indicators: a small spinner with a label, and skeleton table rows that keep the
//! layout stable while a list loads (no jump when the data arrives).

use leptos::prelude::*;

/// Props: `label` – text read by screen readers and shown next to the spinner.
#[component]
pub fn Spinner(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <div class="spinner-wrap" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}

/// Props: `rows`, `cols` – size of the placeholder block, inside a `<tbody>`.
#[component]
pub fn SkeletonRows(rows: usize, cols: usize) -> impl IntoView {
    (0..rows)
        .map(|_| {
            view! {
                <tr class="skeleton-row" aria-hidden="true">
                    {(0..cols)
                        .map(|_| {
                            view! {
                                <td>
                                    <span class="skeleton"></span>
                                </td>
                            }
                        })
                        .collect_view()}
                </tr>
            }
        })
        .collect_view()
}

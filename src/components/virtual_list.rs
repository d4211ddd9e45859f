//! A windowed list: a scrolling box as tall as all its rows would be, holding only the rows the
//! viewport shows plus `overscan` above and below (`aml_api::view::window`), so 20,000 rows cost
//! the DOM of a few dozen. Rows must all be `row_height` pixels high (no wrapping: truncate
//! long text with CSS, `.vlist-row` does).
//!
//! Rows are keyed: a row whose key stays in the window keeps its DOM when the list scrolls or
//! changes (a filter keystroke that keeps the same rows on screen touches no row; a scroll by
//! one row renders one). A key must say everything the row shows that can change without the
//! row being re-rendered by its own reactive bindings (e.g. a generation of the data).
//!
//! Positions are set through the CSSOM (`style:` bindings), which the strict CSP allows (no
//! `style` attributes in markup).

use aml_api::view::window::visible_rows;
use leptos::html;
use leptos::prelude::*;
use std::hash::Hash;
use std::ops::Range;

/// Props:
/// * `count` – how many rows the list has;
/// * `row_height` – every row's height in px (CSS must agree: `.vlist-row` gets it inline);
/// * `overscan` – rows rendered beyond each edge of the viewport (default 8);
/// * `key` – the key of row `i` (`None` if there is none: nothing is rendered for it); keys of
///   the rows in the window must differ;
/// * `render` – the view of the row with a key (made once per key: read what may change while
///   the row stays in reactive closures, or make it part of the key);
/// * `window` – optional: receives the rendered range (e.g. to load more near the end);
/// * `label` – accessible name of the scrolling box (focusable, so the keyboard scrolls it);
///   `testid` – its `data-testid`; `role` – its role (default `table`: rows in a `rowgroup`);
/// * children – optional, shown above the rows inside the scrolling box (a header row; make it
///   `position: sticky` to keep it in view).
#[component]
pub fn VirtualList<K, KF, F, V>(
    #[prop(into)] count: Signal<usize>,
    row_height: f64,
    #[prop(default = 8)] overscan: usize,
    key: KF,
    render: F,
    #[prop(optional)] window: Option<RwSignal<Range<usize>>>,
    #[prop(into)] label: String,
    #[prop(optional, into)] testid: String,
    #[prop(default = "table")] role: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    K: Eq + Hash + Clone + Send + Sync + 'static,
    KF: Fn(usize) -> Option<K> + Send + Sync + 'static,
    F: Fn(K) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let scroller = NodeRef::<html::Div>::new();
    let scroll_top = RwSignal::new(0.0);
    // Until the box is measured: a typical viewport, so the first paint already shows rows.
    let viewport = RwSignal::new(800.0);
    let range = Memo::new(move |_| visible_rows(scroll_top.get(), viewport.get(), row_height, count.get(), overscan));
    // Also runs from an animation frame, which may come after the list is gone (the user left
    // the page as its rows arrived): every access is a try_ one, as reading a disposed signal
    // panics and stops the whole console.
    let measure = move || {
        if let Some(el) = scroller.try_get_untracked().flatten() {
            scroll_top.try_set(el.scroll_top() as f64);
            let h = el.client_height() as f64;
            if h > 0.0 {
                viewport.try_set(h);
            }
        }
    };
    Effect::new(move |_| {
        // After mount, and again when the row count changes (a filter may shrink the list
        // under the current scroll position; the browser clamps scrollTop, we re-read it).
        count.track();
        if scroller.get().is_some() {
            measure();
            // Again once the new rows are laid out: the box may grow with them (a list that
            // was empty while its first page loaded measured only its empty height).
            request_animation_frame(measure);
        }
    });
    // A resized window resizes the box.
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    if let Some(w) = window {
        Effect::new(move |_| w.set(range.get()));
    }
    let keys = move || range.get().filter_map(&key).collect::<Vec<K>>();
    view! {
        <div
            class="vlist"
            node_ref=scroller
            on:scroll=move |_| measure()
            tabindex="0"
            role=role
            aria-label=label
            aria-rowcount=move || count.get()
            data-testid=testid
        >
            {children.map(|c| c())}
            <div class="vlist-space" style:height=move || format!("{}px", count.get() as f64 * row_height)>
                <div
                    class="vlist-rows"
                    role="rowgroup"
                    style:transform=move || format!("translateY({}px)", range.get().start as f64 * row_height)
                >
                    <For each=keys key=|k: &K| k.clone() children=render />
                </div>
            </div>
        </div>
    }
}

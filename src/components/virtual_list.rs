//! A windowed list: a scrolling box as tall as all its rows would be, holding only the rows the
//! viewport shows plus `overscan` above and below (`aml_api::view::window`), so 20,000 rows cost
//! the DOM of a few dozen. Rows must all be `row_height` pixels high (no wrapping: truncate
//! long text with CSS, `.vlist-row` does).
//!
//! Positions are set through the CSSOM (`style:` bindings), which the strict CSP allows (no
//! `style` attributes in markup).

use aml_api::view::window::visible_rows;
use leptos::html;
use leptos::prelude::*;
use std::ops::Range;

/// Props:
/// * `count` – how many rows the list has;
/// * `row_height` – every row's height in px (CSS must agree: `.vlist-row` gets it inline);
/// * `overscan` – rows rendered beyond each edge of the viewport (default 8);
/// * `render` – the view of row `i` (read reactive data inside: the visible rows re-render when
///   it changes);
/// * `window` – optional: receives the rendered range (e.g. to load more near the end);
/// * `label` – accessible name of the scrolling box (focusable, so the keyboard scrolls it);
///   `testid` – its `data-testid`; `role` – its role (default `table`: rows in a `rowgroup`);
/// * children – optional, shown above the rows inside the scrolling box (a header row; make it
///   `position: sticky` to keep it in view).
#[component]
pub fn VirtualList<F, V>(
    #[prop(into)] count: Signal<usize>,
    row_height: f64,
    #[prop(default = 8)] overscan: usize,
    render: F,
    #[prop(optional)] window: Option<RwSignal<Range<usize>>>,
    #[prop(into)] label: String,
    #[prop(optional, into)] testid: String,
    #[prop(default = "table")] role: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    F: Fn(usize) -> V + Clone + Send + Sync + 'static,
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
    let rows = move || {
        let render = render.clone();
        range.get().map(render).collect_view()
    };
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
                    {rows}
                </div>
            </div>
        </div>
    }
}

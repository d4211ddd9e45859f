//! Our own line chart (no JavaScript chart library): SVG drawn from the geometry
//! `aml_api::metrics::plot` computes — series downsampled per pixel column so a 100,000-point
//! history is a few thousand path points, spikes kept. The pointer or the keyboard (arrow keys,
//! Home/End, PageUp/PageDown, Escape) moves a cursor; the readout under the chart says the value
//! of every series there, also to screen readers (a polite live region).
//!
//! Colours: `--series-{n}` (style/charts.css), light and dark; with forced colours every line
//! takes the system's text colour and the series differ by dash pattern instead.

pub mod controls;
mod readout;
mod series;

pub use series::{swatch, tz_offset_min, ChartSeries};

use crate::i18n::{tf, tm};
use aml_api::metrics::{build, Plot, PlotOptions, SeriesInput, XAxis, SERIES_COLORS};
use leptos::prelude::*;
use series::{track, Cursor};
use std::sync::Arc;

const HEIGHT: f64 = 220.0;

/// Props: `label` – what the chart shows, for screen readers (the metric key); `series` – the
/// lines; `x_axis`, `smoothing`, `log_y` – the view; `legend` – name the series under the chart
/// and in the readout (comparisons).
#[component]
pub fn LineChart(
    #[prop(into)] label: String,
    #[prop(into)] series: Signal<Vec<ChartSeries>>,
    #[prop(into)] x_axis: Signal<XAxis>,
    #[prop(into)] smoothing: Signal<f64>,
    #[prop(into)] log_y: Signal<bool>,
    #[prop(optional)] legend: bool,
) -> impl IntoView {
    let box_ref = NodeRef::<leptos::html::Div>::new();
    let width = RwSignal::new(0.0f64);
    let measure = move || {
        if let Some(el) = box_ref.get_untracked() {
            let w = f64::from(el.client_width());
            if w > 0.0 && (w - width.get_untracked()).abs() >= 1.0 {
                width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        if box_ref.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    let tz = tz_offset_min();
    // Recomputed when the data, the view or the width changes; never on hover.
    let plot = Memo::new_with_compare(
        move |_| {
            let w = width.get();
            let opts = PlotOptions {
                width: w,
                height: HEIGHT,
                x_axis: x_axis.get(),
                log_y: log_y.get(),
                smoothing: smoothing.get(),
                tz_offset_min: tz,
            };
            series.with(|s| {
                let inputs: Vec<SeriesInput> =
                    s.iter().map(|c| SeriesInput { points: &c.points, origin_ms: c.origin_ms }).collect();
                Arc::new(if w > 0.0 { build(&inputs, &opts) } else { Plot::default() })
            })
        },
        |_, _| true,
    );
    let cursor: RwSignal<Option<Cursor>> = RwSignal::new(None);
    let on_move = move |ev: web_sys::MouseEvent| {
        if let Some(el) = box_ref.get_untracked() {
            let left = el.get_bounding_client_rect().left();
            cursor.set(Some(Cursor::Pointer(f64::from(ev.client_x()) - left)));
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let p = plot.get_untracked();
        let Some(t) = track(&p) else { return };
        let n = p.series[t].len();
        let at = match cursor.get_untracked() {
            Some(Cursor::Key(i)) => Some(i.min(n - 1)),
            Some(Cursor::Pointer(x)) => p.series[t].nearest(x),
            None => None,
        };
        let page = (n / 10).max(1);
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowUp" => at.map_or(0, |i| (i + 1).min(n - 1)),
            "ArrowLeft" | "ArrowDown" => at.map_or(n - 1, |i| i.saturating_sub(1)),
            "PageUp" => at.map_or(0, |i| (i + page).min(n - 1)),
            "PageDown" => at.map_or(0, |i| i.saturating_sub(page)),
            "Home" => 0,
            "End" => n - 1,
            "Escape" => {
                cursor.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        cursor.set(Some(Cursor::Key(next)));
    };
    let rows = Memo::new(move |_| readout::rows(&plot.get(), cursor.get(), &series.get(), x_axis.get(), tz));
    let sum = move |f: fn(&aml_api::metrics::PlotSeries) -> usize| plot.with(|p| p.series.iter().map(f).sum::<usize>());
    let aria = {
        let label = label.clone();
        move || {
            let n = series.with(|s| s.iter().map(|c| c.points.len()).sum::<usize>());
            tf(
                "chart.aria",
                "{label}: line chart of {n} values. Arrow keys, Home and End read the values.",
                &[("label", &label), ("n", &n.to_string())],
            )
        }
    };
    view! {
        <div
            class="chart"
            data-testid="chart"
            data-label=label.clone()
            data-points=move || sum(|s| s.total)
            data-drawn=move || sum(|s| s.drawn)
            data-hidden=move || sum(|s| s.hidden)
            data-scale=move || if log_y.get() { "log" } else { "linear" }
            data-x-axis=move || x_axis.get().id()
        >
            <div
                class="chart-plot"
                node_ref=box_ref
                tabindex="0"
                role="group"
                aria-label=aria
                on:mousemove=on_move
                on:mouseleave=move |_| cursor.set(None)
                on:keydown=on_key
            >
                <svg
                    class="chart-svg"
                    aria-hidden="true"
                    focusable="false"
                    width=move || plot.with(|p| p.width)
                    height=HEIGHT
                    viewBox=move || plot.with(|p| format!("0 0 {} {HEIGHT}", p.width))
                >
                    {move || lines(&plot.get(), &series.get())}
                    {move || readout::marks(&plot.get(), &rows.get())}
                </svg>
            </div>
            <div class="chart-foot">
                <span class="chart-xtitle muted">{move || plot.with(|p| tm(&p.x_title))}</span>
                {move || {
                    (sum(|s| s.hidden) > 0)
                        .then(|| {
                            view! {
                                <span class="muted" data-testid="chart-hidden">
                                    {if log_y.get() {
                                        tf(
                                            "chart.hidden_log",
                                            "{n} not drawn (NaN, ±∞, ≤ 0 on a log scale)",
                                            &[("n", &sum(|s| s.hidden).to_string())],
                                        )
                                    } else {
                                        tf(
                                            "chart.hidden",
                                            "{n} not drawn (NaN, ±∞)",
                                            &[("n", &sum(|s| s.hidden).to_string())],
                                        )
                                    }}
                                </span>
                            }
                        })
                }}
            </div>
            <readout::Readout rows=rows legend=legend />
            {legend
                .then(|| {
                    view! {
                        <ul
                            class="chart-legend"
                            data-testid="chart-legend"
                            aria-label=crate::i18n::t("compare.runs", "Runs")
                        >
                            {move || {
                                series
                                    .get()
                                    .into_iter()
                                    .map(|s| {
                                        view! {
                                            <li data-testid="legend-item" data-run=s.label.clone()>
                                                {swatch(s.color)}
                                                {s.label.clone()}
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </ul>
                    }
                })}
        </div>
    }
}

/// Grid, tick labels and the lines (raw faint under the smoothed one when smoothing).
fn lines(p: &Plot, series: &[ChartSeries]) -> impl IntoView {
    let Some(a) = p.area else { return ().into_any() };
    let y_ticks = p.y_ticks.iter().map(|t| {
        view! {
            <line class="grid-line" x1=a.left x2=a.right y1=t.px y2=t.px></line>
            <text class="tick tick-y" x=a.left - 6.0 y=t.px>
                {t.label.clone()}
            </text>
        }
    });
    let x_ticks = p.x_ticks.iter().map(|t| {
        view! {
            <line class="grid-line x" x1=t.px x2=t.px y1=a.top y2=a.bottom></line>
            <text class="tick tick-x" x=t.px y=a.bottom + 16.0>
                {t.label.clone()}
            </text>
        }
    });
    let paths = p.series.iter().zip(series).map(|(s, c)| {
        let class = format!("line s{}", c.color % SERIES_COLORS);
        let raw_class = if s.smoothed.is_some() { format!("{class} faint") } else { class.clone() };
        view! {
            <path class=raw_class d=s.line.clone() data-testid="chart-line"></path>
            {s
                .smoothed
                .clone()
                .map(|d| view! { <path class=format!("{class} smooth") d=d data-testid="chart-smoothed"></path> })}
        }
    });
    view! {
        <g class="grid">{y_ticks.collect_view()}{x_ticks.collect_view()}</g>
        <rect class="frame" x=a.left y=a.top width=a.right - a.left height=a.bottom - a.top></rect>
        <g class="series">{paths.collect_view()}</g>
    }
    .into_any()
}

//! What the cursor reads: per series the point nearest to it (x, value, smoothed value), as text
//! under the chart and as a guide line with a dot per series in the SVG.

use super::series::{swatch, track, ChartSeries, Cursor};
use aml_api::metrics::{format, Plot, XAxis, SERIES_COLORS};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub label: String,
    pub color: usize,
    pub x_text: String,
    pub value: String,
    pub smoothed: Option<String>,
    pub x_px: f64,
    pub y_px: f64,
}

pub fn rows(plot: &Plot, cursor: Option<Cursor>, series: &[ChartSeries], axis: XAxis, tz: i32) -> Vec<Row> {
    let Some(cursor) = cursor else { return vec![] };
    let t = track(plot);
    let x_px = match cursor {
        Cursor::Pointer(x) => x,
        Cursor::Key(i) => match t.and_then(|t| plot.series[t].at(i)) {
            Some(h) => h.x_px,
            None => return vec![],
        },
    };
    plot.series
        .iter()
        .zip(series)
        .enumerate()
        .filter_map(|(i, (s, c))| {
            let pos = match cursor {
                Cursor::Key(k) if Some(i) == t => Some(k.min(s.len().saturating_sub(1))),
                _ => s.nearest(x_px),
            }?;
            let h = s.at(pos)?;
            let p = c.points.get(h.source)?;
            Some(Row {
                label: c.label.clone(),
                color: c.color,
                x_text: axis.readout(p, c.origin_ms, tz),
                value: format::value(p.value),
                smoothed: h.smoothed.map(format::value),
                x_px: h.x_px,
                y_px: h.y_px,
            })
        })
        .collect()
}

/// The guide line at the first row's point and a dot on every series.
pub fn marks(plot: &Plot, rows: &[Row]) -> impl IntoView {
    let (Some(a), Some(first)) = (plot.area, rows.first()) else { return ().into_any() };
    let dots = rows.iter().map(|r| {
        view! { <circle class=format!("dot s{}", r.color % SERIES_COLORS) cx=r.x_px cy=r.y_px r="3.5"></circle> }
    });
    view! {
        <line class="cursor-line" x1=first.x_px x2=first.x_px y1=a.top y2=a.bottom></line>
        {dots.collect_view()}
    }
    .into_any()
}

/// Props: `rows` – what the cursor reads; `legend` – name each row's run.
#[component]
pub fn Readout(rows: Memo<Vec<Row>>, legend: bool) -> impl IntoView {
    view! {
        <div class="chart-readout" data-testid="chart-readout" aria-live="polite" aria-atomic="true">
            {move || {
                let r = rows.get();
                if r.is_empty() {
                    return view! {
                        <span class="muted">
                            {crate::i18n::t(
                                "chart.readout_hint",
                                "Point at the chart, or focus it and use the arrow keys, to read values.",
                            )}
                        </span>
                    }
                        .into_any();
                }
                r.into_iter()
                    .map(|row| {
                        view! {
                            <span class="readout-row" data-testid="readout-row" data-run=row.label.clone()>
                                {legend
                                    .then(|| {
                                        view! {
                                            {swatch(row.color)}
                                            <span class="readout-run" data-service="">
                                                {row.label.clone()}
                                            </span>
                                        }
                                    })}
                                <span class="readout-x">{crate::i18n::tm(&row.x_text)}</span>
                                <strong class="readout-value" data-testid="readout-value">
                                    {row.value}
                                </strong>
                                {row
                                    .smoothed
                                    .map(|s| {
                                        view! {
                                            <span class="muted" data-testid="readout-smoothed">
                                                {crate::i18n::tf(
                                                    "chart.smoothed",
                                                    "smoothed {value}",
                                                    &[("value", &s)],
                                                )}
                                            </span>
                                        }
                                    })}
                            </span>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </div>
    }
}

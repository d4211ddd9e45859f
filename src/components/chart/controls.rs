//! The view controls shared by every chart of a page (x axis, smoothing) and a chart's own
//! log-scale toggle.

use crate::i18n::{t, tm};
use aml_api::metrics::XAxis;
use leptos::prelude::*;

/// Props: `x_axis`, `smoothing` – the page's chart view, changed here.
#[component]
pub fn ChartControls(x_axis: RwSignal<XAxis>, smoothing: RwSignal<f64>) -> impl IntoView {
    view! {
        <div class="toolbar chart-controls">
            <label class="filter">
                <span class="muted">{t("chart.x_axis", "X axis")}</span>
                <select
                    data-testid="metrics-x-axis"
                    on:change=move |ev| x_axis.set(XAxis::from_id(&event_target_value(&ev)))
                >
                    {XAxis::ALL
                        .into_iter()
                        .map(|a| {
                            view! {
                                <option value=a.id() selected=move || x_axis.get() == a>
                                    {tm(a.label())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="filter">
                <span class="muted">{t("chart.smoothing", "Smoothing")}</span>
                <input
                    type="range"
                    min="0"
                    max="0.99"
                    step="0.01"
                    data-testid="metrics-smoothing"
                    prop:value=move || smoothing.get().to_string()
                    on:input=move |ev| {
                        smoothing.set(event_target_value(&ev).parse::<f64>().unwrap_or(0.0).clamp(0.0, 0.99))
                    }
                />
                <output data-testid="metrics-smoothing-value">{move || format!("{:.2}", smoothing.get())}</output>
            </label>
        </div>
    }
}

/// Props: `log_y` – the chart's scale, toggled here.
#[component]
pub fn LogToggle(log_y: RwSignal<bool>) -> impl IntoView {
    view! {
        <button
            type="button"
            class="button subtle chip-toggle"
            data-testid="chart-log"
            aria-pressed=move || log_y.get().to_string()
            on:click=move |_| log_y.update(|l| *l = !*l)
        >
            {t("chart.log", "Log scale")}
        </button>
    }
}

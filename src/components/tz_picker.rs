//! A searchable picker of Windows time-zone ids (what compute instance schedules take), from the
//! CLDR table in `aml_api::timezone`; new schedules default to the browser's zone, mapped from
//! its IANA name.

use crate::i18n::t;
use aml_api::timezone::{search, windows_id_for_iana};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The browser's IANA zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`), if it says.
pub fn browser_iana_zone() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &JsValue::from_str("timeZone")).ok()?.as_string()
}

/// The Windows id of the browser's zone; `UTC` when the browser's zone has no mapping.
pub fn browser_windows_zone() -> String {
    browser_iana_zone().and_then(|z| windows_id_for_iana(&z)).unwrap_or("UTC").to_string()
}

/// Props: `value` – the chosen Windows id (empty = the service default, UTC); `set` – called
/// with the new id; `label` – accessible name of the group.
/// A search box narrows the list (city, region or Windows id); the list always keeps the
/// current choice so a search never changes it silently.
#[component]
pub fn TimeZonePicker(value: Signal<String>, set: Callback<String>, label: &'static str) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let options = Memo::new(move |_| {
        let current = value.get();
        let mut found: Vec<(String, String)> = query
            .with(|q| search(q))
            .into_iter()
            .map(|z| (z.id.to_string(), format!("{} ({})", z.id, z.primary)))
            .collect();
        if !current.is_empty() && !found.iter().any(|(id, _)| *id == current) {
            found.insert(0, (current.clone(), current));
        }
        found
    });
    let count = Memo::new(move |_| query.with(|q| search(q).len()));
    view! {
        <div class="tz-picker" role="group" aria-label=label data-testid="tz-picker">
            <input
                type="search"
                aria-label=t("tz.search_time_zones", "Search time zones")
                data-testid="tz-search"
                autocomplete="off"
                placeholder=t("tz.search_hint", "Search: city, region or Windows id")
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <select
                aria-label=label
                data-testid="tz-select"
                prop:value=move || value.get()
                on:change=move |ev| set.run(event_target_value(&ev))
            >
                {move || {
                    value
                        .with(|v| v.is_empty())
                        .then(|| {
                            view! { <option value="">{t("tz.utc_service_default", "UTC (service default)")}</option> }
                        })
                }}
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(id, text)| {
                            let selected = value.with(|v| *v == id);
                            view! {
                                <option value=id selected=selected>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <span class="hint" role="status" data-testid="tz-count">
                {move || {
                    if query.with(|q| q.trim().is_empty()) {
                        String::new()
                    } else {
                        format!("{} matching", count.get())
                    }
                }}
            </span>
        </div>
    }
}

//! Timestamps in the browser's time zone (the api crate has no clock and no time zone).

/// `2026-11-27 14:03:05 UTC+01:00` in the browser's time zone, which it names (the offset in
/// force on that date); empty when absent or unreadable.
pub fn short_time(iso: &str) -> String {
    if iso.is_empty() {
        return String::new();
    }
    let ms = js_sys::Date::parse(iso);
    if ms.is_nan() {
        return String::new();
    }
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    // getTimezoneOffset is UTC minus local time, in minutes.
    let zone = aml_api::jobs::time::utc_offset_label(-(d.get_timezone_offset() as i32));
    format!(
        "{}-{:02}-{:02} {:02}:{:02}:{:02} {zone}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// Now, in milliseconds since the epoch (for durations of running jobs).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Now as an ISO timestamp (when a status change was seen).
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default()
}

/// `2026-11-27 14:03:05 UTC+1` (the browser's zone, named by its offset so a list read next to
/// someone in another zone is not misread); empty when absent or unreadable.
pub fn time_with_zone(iso: &str) -> String {
    let local = short_time(iso);
    if local.is_empty() {
        return local;
    }
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(js_sys::Date::parse(iso)));
    // getTimezoneOffset is UTC minus local time, in minutes.
    let east = -(d.get_timezone_offset() as i64);
    let (sign, m) = if east < 0 { ('-', -east) } else { ('+', east) };
    match (m / 60, m % 60) {
        (0, 0) => format!("{local} UTC"),
        (h, 0) => format!("{local} UTC{sign}{h}"),
        (h, mm) => format!("{local} UTC{sign}{h}:{mm:02}"),
    }
}

//! Timestamps in the browser's time zone (the api crate has no clock and no time zone).

/// A timestamp as `Intl` writes it in the page's locale and the browser's time zone, which it
/// names (`27 Kas 2026 14:03:05 GMT+3`, `Nov 27, 2026, 02:03:05 PM UTC`); empty when absent or
/// unreadable.
pub fn short_time(iso: &str) -> String {
    crate::i18n::intl::date_time(iso)
}

/// Now, in milliseconds since the epoch (for durations of running jobs).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Now as an ISO timestamp (when a status change was seen).
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default()
}

/// [`short_time`]: every time the console shows names its zone, so a list read next to someone
/// in another zone is not misread.
pub fn time_with_zone(iso: &str) -> String {
    short_time(iso)
}

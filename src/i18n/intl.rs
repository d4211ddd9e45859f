//! Dates, numbers, sizes and durations through the browser's `Intl`, in the page's locale.
//! Every time shows its time zone (`timeZoneName: "short"`: `UTC`, `GMT+3`): a list read
//! beside someone in another zone is not misread. Formatters are made once per kind and kept.

use super::lookup::{lang, locale};
use aml_api::i18n::{duration_measures, size_measure, Measure};
use js_sys::{Array, Function, Intl, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    /// (kind, its `format` function): a handful, so a list (a map would add its code to the
    /// main module).
    static FORMATTERS: RefCell<Vec<(String, Function)>> = const { RefCell::new(Vec::new()) };
}

fn options(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

/// The `format` function of a formatter, made by `make` on first use under `id`. Before
/// `i18n::init` (the wasm tests) there is no locale yet: the browser's default is used.
fn formatter(id: &str, make: impl FnOnce(&Array) -> Function) -> Function {
    FORMATTERS.with(|f| {
        if let Some((_, found)) = f.borrow().iter().find(|(k, _)| k == id) {
            return found.clone();
        }
        let l = locale();
        let made = make(&if l.is_empty() { Array::new() } else { Array::of1(&JsValue::from_str(&l)) });
        f.borrow_mut().push((id.to_string(), made.clone()));
        made
    })
}

fn call(f: &Function, v: &JsValue) -> String {
    f.call1(&JsValue::NULL, v).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn date_of(iso: &str) -> Option<js_sys::Date> {
    if iso.is_empty() {
        return None;
    }
    let ms = js_sys::Date::parse(iso);
    (!ms.is_nan()).then(|| js_sys::Date::new(&JsValue::from_f64(ms)))
}

/// `27 Kas 2026 14:03:05 GMT+3` / `Nov 27, 2026, 02:03:05 PM UTC`: a timestamp in the browser's
/// time zone, named; empty when absent or unreadable.
pub fn date_time(iso: &str) -> String {
    let Some(d) = date_of(iso) else { return String::new() };
    let f = formatter("datetime", |l| {
        let o = options(&[
            ("year", s("numeric")),
            ("month", s("short")),
            ("day", s("numeric")),
            ("hour", s("2-digit")),
            ("minute", s("2-digit")),
            ("second", s("2-digit")),
            ("timeZoneName", s("short")),
        ]);
        Intl::DateTimeFormat::new(l, &o).format()
    });
    call(&f, &d)
}

/// `27 Kas 2026 GMT+3`: the day of a timestamp in the browser's time zone, named; empty when
/// absent or unreadable.
pub fn date(iso: &str) -> String {
    let Some(d) = date_of(iso) else { return String::new() };
    let f = formatter("date", |l| {
        let o = options(&[
            ("year", s("numeric")),
            ("month", s("short")),
            ("day", s("numeric")),
            ("timeZoneName", s("short")),
        ]);
        Intl::DateTimeFormat::new(l, &o).format()
    });
    call(&f, &d)
}

/// A number with the locale's separators (`1.234,5` in Turkish).
pub fn number(n: f64) -> String {
    let f = formatter("number", |l| Intl::NumberFormat::new(l, &Object::new()).format());
    call(&f, &JsValue::from_f64(n))
}

fn measure(m: &Measure, display: &str) -> String {
    let id = format!("{}/{}/{}/{}", m.unit, display, m.fraction_digits, m.integer_digits);
    let f = formatter(&id, |l| {
        let o = options(&[
            ("style", s("unit")),
            ("unit", s(m.unit)),
            ("unitDisplay", s(display)),
            ("minimumFractionDigits", JsValue::from(m.fraction_digits)),
            ("maximumFractionDigits", JsValue::from(m.fraction_digits)),
            ("minimumIntegerDigits", JsValue::from(m.integer_digits)),
        ]);
        Intl::NumberFormat::new(l, &o).format()
    });
    call(&f, &JsValue::from_f64(m.value))
}

/// `12.3 MB` / `12,3 MB` (decimal units, as the SDK's size warnings).
pub fn bytes(n: u64) -> String {
    measure(&size_measure(n), "short")
}

/// `1h 02m` / `1 sa. 02 dk.`: a duration by its two largest units.
pub fn duration(ms: i64) -> String {
    // English's narrow units read well (`1h 02m`); Turkish's narrow minute is a bare `d`, so
    // Turkish takes the short ones (`sa.`, `dk.`, `sn.`).
    let display = if lang() == aml_api::i18n::Lang::Tr { "short" } else { "narrow" };
    duration_measures(ms).iter().map(|m| measure(m, display)).collect::<Vec<_>>().join(" ")
}

//! The language in force, the Turkish catalog and the lookups (`t`, `tf`, `tm`).

use crate::browser;
use aml_api::i18n::{fill, format_locale, negotiate, Catalog, Lang};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    fn console_warn(s: &str);
}

/// localStorage key of the user's choice.
const KEY: &str = "aml.lang";

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
    static LOCALE: RefCell<String> = const { RefCell::new(String::new()) };
    static CATALOG: Cell<Option<&'static Catalog>> = const { Cell::new(None) };
}

fn browser_languages() -> Vec<String> {
    let Some(nav) = browser::window().map(|w| w.navigator()) else { return Vec::new() };
    let list: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    if list.is_empty() {
        nav.language().into_iter().collect()
    } else {
        list
    }
}

fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
    LOCALE.with(|l| *l.borrow_mut() = format_locale(lang, &browser_languages()));
    if let Some(el) = browser::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = el.set_attribute("lang", lang.code());
    }
}

/// Picks the language (saved choice, else the browser's) and sets `<html lang>`; before the
/// first paint.
pub fn init() {
    set_lang(negotiate(browser::local_get(KEY).as_deref(), &browser_languages()));
}

/// Starts fetching the Turkish catalog when Turkish is the language (nothing otherwise), so it
/// downloads beside config.json; [`load`] takes the answer.
pub fn start_fetch() -> Option<js_sys::Promise> {
    // Relative to <base href>, like config.json: a static asset of the console's own origin.
    (lang() == Lang::Tr).then(|| browser::window().map(|w| w.fetch_with_str("i18n-tr.json"))).flatten()
}

/// Reads the catalog [`start_fetch`] asked for. One that cannot be read leaves the console in
/// English, and says why in the browser console.
pub async fn load(fetching: Option<js_sys::Promise>) {
    let Some(fetching) = fetching else { return };
    match read_catalog(fetching).await {
        Ok(c) => CATALOG.with(|slot| slot.set(Some(Box::leak(Box::new(c))))),
        Err(e) => {
            console_warn(&format!("i18n-tr.json: {e}; showing English"));
            set_lang(Lang::En);
        }
    }
}

async fn read_catalog(fetching: js_sys::Promise) -> Result<Catalog, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let resp: web_sys::Response = JsFuture::from(fetching).await.map_err(failed)?.unchecked_into();
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(failed)?).await.map_err(failed)?;
    Catalog::parse(&text.as_string().unwrap_or_default())
}

/// The language in force.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// The locale `Intl` formats with (`tr-TR`, `en-GB`, …).
pub fn locale() -> String {
    LOCALE.with(|l| l.borrow().clone())
}

/// Saves the user's choice and reloads the page in that language.
pub fn choose(lang: Lang) {
    browser::local_set(KEY, lang.code());
    if let Some(w) = browser::window() {
        let _ = w.location().reload();
    }
}

/// The string `key` in the page's language; `en` is its English text (and the fallback).
/// Never inlined: one copy of the lookup, whatever the number of call sites.
#[inline(never)]
pub fn t(key: &'static str, en: &'static str) -> &'static str {
    CATALOG.with(Cell::get).and_then(|c| c.ui(key)).unwrap_or(en)
}

/// [`t`] with its `{name}` holes filled from `args`.
#[inline(never)]
pub fn tf(key: &'static str, en: &'static str, args: &[(&str, &str)]) -> String {
    fill(t(key, en), args)
}

/// A message written by the api crate, in the page's language; any other text (a service's
/// message) as it is.
#[inline(never)]
pub fn tm(text: &str) -> String {
    CATALOG.with(Cell::get).and_then(|c| c.message(text)).unwrap_or_else(|| text.to_string())
}

/// The start-up spinner's text, shown before the catalog has arrived.
pub fn loading_label() -> &'static str {
    match lang() {
        Lang::Tr => "Konsol yükleniyor…",
        Lang::En => "Loading console…",
    }
}

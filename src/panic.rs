//! A panic must never leave a blank page. The release build aborts on panic (`panic = "abort"`:
//! the wasm instance traps and no Rust code runs again), so the hook itself replaces the page
//! with a plain error panel built straight on the DOM — no Leptos, no allocation-heavy work —
//! with a "Reload" link to the current address. Form drafts live in sessionStorage, so the
//! reloaded page comes back with what the user had typed.

use wasm_bindgen::prelude::*;

const PANEL_ID: &str = "aml-panic";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(s: &str);
}

/// Installs the hook; in release too (unlike `console_error_panic_hook`, which stays for dev).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        #[cfg(debug_assertions)]
        console_error_panic_hook::hook(info);
        let payload = info.payload();
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into());
        let place = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
        let text = format!("{what}{place}");
        console_error(&format!("aml-console panicked: {text}"));
        show_panel(&text);
    }));
}

/// Replaces the page with the error panel. Built with `createElement` + text nodes (the panic
/// message may contain anything; it is never parsed as HTML) and existing CSS classes, so the
/// Content-Security-Policy needs no inline script or style.
fn show_panel(message: &str) -> Option<()> {
    let window = web_sys::window()?;
    let doc = window.document()?;
    if doc.get_element_by_id(PANEL_ID).is_some() {
        return Some(());
    }
    let loc = window.location();
    // Same page without the fragment, so following the link is a real load, not a scroll.
    let here = format!("{}{}", loc.pathname().ok()?, loc.search().unwrap_or_default());
    let el = |tag: &str, class: &str, text: Option<&str>| -> Option<web_sys::Element> {
        let e = doc.create_element(tag).ok()?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        if let Some(t) = text {
            e.set_text_content(Some(t));
        }
        Some(e)
    };
    let outer = el("div", "page-center", None)?;
    outer.set_id(PANEL_ID);
    let card = el("div", "card narrow", None)?;
    let _ = card.set_attribute("data-testid", "panic-panel");
    let _ = card.set_attribute("role", "alert");
    let title = el("h1", "", Some("Something went wrong in the console"))?;
    let what = el(
        "p",
        "",
        Some(
            "The page stopped because of an internal error. Reload to continue where you were: \
              the forms you were filling in are kept in this tab.",
        ),
    )?;
    let detail = el("pre", "message-bar error", Some(message))?;
    let _ = detail.set_attribute("data-testid", "panic-message");
    let reload = el("a", "button primary", Some("Reload"))?;
    let _ = reload.set_attribute("href", &here);
    // `rel="external"` makes the router's global click handler (still wired up, but inside a
    // dead instance) leave the link alone, so the browser does a real load of the address.
    let _ = reload.set_attribute("rel", "external");
    let _ = reload.set_attribute("data-testid", "panic-reload");
    for child in [&title, &what, &detail, &reload] {
        let _ = card.append_child(child);
    }
    let _ = outer.append_child(&card);
    // The dead app's DOM is useless (and may be half-updated): show only the panel.
    let body = doc.body()?;
    body.set_text_content(None);
    body.append_child(&outer).ok()?;
    Some(())
}

/// `testHooks: true` only: `window.__amlTestPanic()` panics on purpose, so the end-to-end
/// tests can check the panel. The flag comes from config.json, never from the address.
pub fn install_test_hook() {
    let Some(window) = web_sys::window() else { return };
    let f = Closure::<dyn Fn()>::new(|| panic!("deliberate test panic (window.__amlTestPanic)"));
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str("__amlTestPanic"), f.as_ref());
    f.forget();
}

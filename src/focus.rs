//! Keyboard focus in the DOM: the focused element, the elements of a container that Tab can
//! reach (in document order), moving the focus and giving it back. Where the focus must go on a
//! key is decided by `aml_api::keyboard`; this module only reads and moves it.

use crate::browser;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// What Tab can land on (disabled controls and `tabindex="-1"` excluded; visibility and radio
/// groups are checked in `tabbables`).
const TABBABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
                        select:not([disabled]), textarea:not([disabled]), summary, \
                        [tabindex]:not([tabindex=\"-1\"])";

fn document() -> Option<web_sys::Document> {
    browser::window().and_then(|w| w.document())
}

/// The element that has the focus (`document.activeElement`), if any.
pub fn active() -> Option<Element> {
    document().and_then(|d| d.active_element())
}

/// The element with this id, as an `HtmlElement`.
pub fn by_id(id: &str) -> Option<HtmlElement> {
    document().and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into().ok())
}

/// The elements of `root` that Tab visits, in tab order (document order: the console sets no
/// positive tabindex). Hidden ones are left out, and of a radio group only its checked radio
/// (or its first one when none is checked), as browsers do.
pub fn tabbables(root: &Element) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(TABBABLE) else { return vec![] };
    let all: Vec<HtmlElement> =
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<HtmlElement>().ok()).collect();
    let radio = |e: &HtmlElement| e.dyn_ref::<HtmlInputElement>().filter(|i| i.type_() == "radio").cloned();
    let mut seen_groups: Vec<String> = vec![];
    let mut out = vec![];
    for e in &all {
        if e.offset_width() == 0 && e.offset_height() == 0 {
            continue;
        }
        if let Some(r) = radio(e) {
            let group = r.name();
            let checked_in_group = all.iter().filter_map(radio).find(|x| x.name() == group && x.checked());
            let keep = match checked_in_group {
                Some(c) => c.unchecked_ref::<HtmlElement>() == e,
                None => !seen_groups.contains(&group),
            };
            seen_groups.push(group);
            if !keep {
                continue;
            }
        }
        out.push(e.clone());
    }
    out
}

/// Where the focused element is among `items` (`None`: elsewhere).
pub fn position(items: &[HtmlElement]) -> Option<usize> {
    let a = active()?;
    items.iter().position(|e| &a == e.unchecked_ref::<Element>())
}

/// Focuses the first element of `root` that Tab reaches, else `root` itself.
pub fn focus_first(root: &HtmlElement) {
    match tabbables(root).first() {
        Some(e) => {
            let _ = e.focus();
        }
        None => {
            let _ = root.focus();
        }
    }
}

/// Gives the focus back to `to` (the element focused before a dialog opened) if it is still on
/// the page and can take it; otherwise to the main landmark, so the focus is never lost to the
/// document's start.
pub fn restore(to: Option<Element>) {
    if let Some(el) = to.and_then(|e| e.dyn_into::<HtmlElement>().ok()).filter(|e| e.is_connected()) {
        let _ = el.focus();
        if active().is_some_and(|a| &a == el.unchecked_ref::<Element>()) {
            return;
        }
    }
    if let Some(main) = by_id(MAIN_ID) {
        let _ = main.focus();
    }
}

/// The id of the shell's main landmark (the skip link's target; `tabindex="-1"`).
pub const MAIN_ID: &str = "main";

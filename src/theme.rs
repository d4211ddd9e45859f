//! Light/dark theme of the document. By default the page follows `prefers-color-scheme` (pure
//! CSS); once the user picks one, `data-theme` on `<html>` overrides it and the choice is kept in
//! localStorage. No view code here: start-up, embed mode and the header's toggle
//! (`components::theme_toggle`) all set the theme through this module.

use crate::browser;

const KEY: &str = "aml.theme";

fn set_attr(theme: &str) {
    if let Some(el) = browser::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = el.set_attribute("data-theme", theme);
    }
}

fn system_prefers_dark() -> bool {
    browser::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn saved() -> Option<String> {
    browser::local_get(KEY).filter(|t| t == "light" || t == "dark")
}

/// Applies a saved choice before the first paint of the app.
pub fn init() {
    if let Some(t) = saved() {
        set_attr(&t);
    }
}

/// The theme in force: the saved choice, else the system's.
pub fn effective() -> String {
    saved().unwrap_or_else(|| if system_prefers_dark() { "dark".into() } else { "light".into() })
}

/// The user's choice: applied and kept.
pub fn choose(theme: &str) {
    browser::local_set(KEY, theme);
    set_attr(theme);
}

/// Embed mode: the host page's light/dark hint. Applied, not saved: the console opened on its
/// own keeps the user's own choice.
pub fn apply_hint(theme: &str) {
    if theme == "light" || theme == "dark" {
        set_attr(theme);
    }
}

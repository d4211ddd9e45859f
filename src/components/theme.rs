//! Light/dark theme. By default the page follows `prefers-color-scheme` (pure CSS); once the
//! user picks one, `data-theme` on `<html>` overrides it and the choice is kept in localStorage.

use crate::browser;
use leptos::prelude::*;

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

/// Applies a saved choice before the first paint of the app.
pub fn init() {
    if let Some(t) = browser::local_get(KEY).filter(|t| t == "light" || t == "dark") {
        set_attr(&t);
    }
}

fn effective() -> String {
    browser::local_get(KEY).filter(|t| t == "light" || t == "dark").unwrap_or_else(|| {
        if system_prefers_dark() {
            "dark".into()
        } else {
            "light".into()
        }
    })
}

/// Embed mode: the host page's light/dark hint. Applied, not saved: the console opened on its
/// own keeps the user's own choice.
pub fn apply_hint(theme: &str) {
    if theme == "light" || theme == "dark" {
        set_attr(theme);
    }
}

/// Header button that flips between light and dark. No props.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = RwSignal::new(effective());
    let toggle = move |_| {
        let next = if theme.get_untracked() == "dark" { "light" } else { "dark" };
        browser::local_set(KEY, next);
        set_attr(next);
        theme.set(next.to_string());
    };
    view! {
        <button
            class="icon-button"
            data-testid="theme-toggle"
            on:click=toggle
            title=move || if theme.get() == "dark" { "Switch to light theme" } else { "Switch to dark theme" }
            aria-label="Toggle theme"
        >
            {move || if theme.get() == "dark" { "☀" } else { "☾" }}
        </button>
    }
}

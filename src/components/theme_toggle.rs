//! The header's light/dark switch (the theme itself is `crate::theme`).

use crate::i18n::t;
use crate::theme;
use leptos::prelude::*;

/// Header button that flips between light and dark. No props.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let current = RwSignal::new(theme::effective());
    let toggle = move |_| {
        let next = if current.get_untracked() == "dark" { "light" } else { "dark" };
        theme::choose(next);
        current.set(next.to_string());
    };
    // Its name says what a press does (the icon shows the theme it switches to).
    let label = move || {
        if current.get() == "dark" {
            t("theme.to_light", "Switch to light theme")
        } else {
            t("theme.to_dark", "Switch to dark theme")
        }
    };
    view! {
        <button class="icon-button" data-testid="theme-toggle" on:click=toggle title=label aria-label=label>
            {move || if current.get() == "dark" { "☀" } else { "☾" }}
        </button>
    }
}

//! The header's language switch (English / Türkçe), beside the theme toggle. Choosing saves
//! the choice and reloads the page in that language (`crate::i18n`).

use crate::i18n::{self, t};
use aml_api::i18n::Lang;
use leptos::prelude::*;

/// A `<select>` of the languages, each named in itself. No props.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let current = i18n::lang();
    let change = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&ev)).filter(|l| *l != current) {
            i18n::choose(lang);
        }
    };
    // Two static options (each language named in itself): a loop over `Lang::ALL` costs the
    // main module more than it saves.
    view! {
        <select
            class="lang-switch"
            data-testid="lang-switch"
            aria-label=t("shell.language", "Language")
            title=t("shell.language", "Language")
            on:change=change
        >
            <option value="en" lang="en" selected=current == Lang::En>
                "English"
            </option>
            <option value="tr" lang="tr" selected=current == Lang::Tr>
                "Türkçe"
            </option>
        </select>
    }
}

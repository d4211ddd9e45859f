//! A row of tabs following the WAI-ARIA "Tabs" pattern (docs/accessibility.md): `tablist` of
//! `tab` buttons, each `aria-selected` and `aria-controls` its panel; one Tab stop (the selected
//! tab, `tabindex="0"`, the others `-1`); ArrowLeft/ArrowRight/Home/End move the focus and
//! select at once (`aml_api::keyboard::tab_list_target`). The caller renders the panel with
//! `role="tabpanel"`, `id=panel_id(prefix)` and `aria-labelledby=selected_tab_id(...)`.

use crate::focus;
use aml_api::keyboard::tab_list_target;
use leptos::prelude::*;

/// The id of tab `index` of the list `prefix`.
pub fn tab_id(prefix: &str, index: usize) -> String {
    format!("{prefix}-tab-{index}")
}

/// The id of the panel the tabs of `prefix` control.
pub fn panel_id(prefix: &str) -> String {
    format!("{prefix}-panel")
}

/// Props: `names` – the tabs' labels, also their values (the strip re-renders only when they
/// change; they are the service's names, such as log files, so they are marked `data-service`
/// and never translated); `selected` – the chosen one; `on_select` – a click or a key picked one; `prefix` –
/// of the tab and panel ids; `label` – the list's accessible name; `testid` – each tab's
/// `data-testid` (its name in `data-name`).
#[component]
pub fn TabList(
    names: Memo<Vec<String>>,
    #[prop(into)] selected: Signal<String>,
    on_select: Callback<String>,
    prefix: &'static str,
    label: &'static str,
    testid: &'static str,
) -> impl IntoView {
    // The one Tab stop: the selected tab, or the first while none is.
    let stop = Memo::new(move |_| names.with(|l| selected.with(|s| l.iter().position(|n| n == s))).unwrap_or(0));
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let list = names.get_untracked();
        let current = selected.with_untracked(|s| list.iter().position(|n| n == s)).unwrap_or(0);
        let Some(next) = tab_list_target(&ev.key(), current, list.len()) else { return };
        ev.prevent_default();
        on_select.run(list[next].clone());
        if let Some(tab) = focus::by_id(&tab_id(prefix, next)) {
            let _ = tab.focus();
        }
    };
    view! {
        <div class="tabs" role="tablist" aria-label=label on:keydown=on_key>
            {move || {
                names
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, name)| {
                        let (n1, n2, n3) = (name.clone(), name.clone(), name.clone());
                        let is_selected = move || selected.with(|s| *s == n1);
                        view! {
                            <button
                                type="button"
                                role="tab"
                                class="tab"
                                id=tab_id(prefix, i)
                                data-testid=testid
                                data-name=n2
                                data-service=""
                                aria-controls=panel_id(prefix)
                                aria-selected=move || is_selected().to_string()
                                tabindex=move || if stop.get() == i { "0" } else { "-1" }
                                on:click=move |_| on_select.run(n3.clone())
                            >
                                {name}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

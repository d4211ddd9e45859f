//! The generic modal dialog used by the compute "Manage" actions and the keys dialog.

use leptos::prelude::*;

/// A modal panel over a backdrop. Only its own buttons close it, so a stray click on the
/// backdrop cannot lose what was typed.
///
/// Props:
/// * `title` – the heading, also the dialog's accessible name (`aria-label`);
/// * `testid` – its `data-testid` (e.g. `scale-dialog`, `keys-dialog`);
/// * `children` – the body, including the buttons that close it (the caller owns the
///   open/closed state and renders the modal only while it is open).
#[component]
pub fn Modal(title: &'static str, testid: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-label=title data-testid=testid>
                <h2>{title}</h2>
                {children()}
            </div>
        </div>
    }
}

//! The generic modal dialog used by the compute "Manage" actions, the keys dialog and the job
//! edit/delete dialogs. It follows the WAI-ARIA "Dialog (Modal)" pattern (docs/accessibility.md):
//! the focus moves into it when it opens, Tab and Shift+Tab stay inside it, Escape closes it, and
//! the focus goes back to the element that opened it.

use crate::focus;
use aml_api::keyboard::trap_target;
use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// A modal panel over a backdrop. Its own buttons and Escape close it; a stray click on the
/// backdrop does not, so it cannot lose what was typed.
///
/// Props:
/// * `title` – the heading, also the dialog's accessible name (`aria-labelledby`);
/// * `testid` – its `data-testid` (e.g. `scale-dialog`, `keys-dialog`), also the heading's id
///   prefix;
/// * `on_close` – what Escape does: the caller closes the dialog as its Cancel/Close button does
///   (the caller owns the open/closed state and renders the modal only while it is open);
/// * `children` – the body, including the buttons that close it.
#[component]
pub fn Modal(title: &'static str, testid: &'static str, on_close: Callback<()>, children: Children) -> impl IntoView {
    let dialog: NodeRef<html::Div> = NodeRef::new();
    let heading = format!("{testid}-title");
    let heading_id = heading.clone();
    // Whatever had the focus when the dialog was asked to open (the button that opened it).
    let opener = SendWrapper::new(focus::active());
    on_cleanup(move || focus::restore(opener.take()));
    // Into the dialog once it is on the page.
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            focus::focus_first(&d);
        }
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let Some(d) = dialog.get_untracked() else { return };
        match ev.key().as_str() {
            "Escape" if !ev.is_composing() => {
                ev.prevent_default();
                on_close.run(());
            }
            "Tab" => {
                let items = focus::tabbables(&d);
                if items.is_empty() {
                    ev.prevent_default();
                    let _ = d.focus();
                } else if let Some(i) = trap_target(focus::position(&items), items.len(), ev.shift_key()) {
                    ev.prevent_default();
                    let _ = items[i].focus();
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    view! {
        <div class="dialog-backdrop">
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby=heading.clone()
                tabindex="-1"
                data-testid=testid
                node_ref=dialog
            >
                <h2 id=heading_id>{title}</h2>
                {children()}
            </div>
        </div>
    }
}

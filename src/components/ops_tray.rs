//! Notification area for long-running operations: one toast per operation that the user has
//! not closed — progress while it runs, then the outcome with a link to the compute. Lives in
//! the shell, so outcomes arrive whatever page is open.

use crate::i18n::{t, tf, tm};
use crate::ops::{use_ops, OpState};
use crate::routes;
use leptos::prelude::*;

/// No props: reads the operation store from context.
#[component]
pub fn OpsTray() -> impl IntoView {
    let ops = use_ops();
    let list = ops.list;
    let visible = Memo::new(move |_| list.with(|l| l.iter().filter(|o| !o.dismissed).cloned().collect::<Vec<_>>()));
    view! {
        <div class="toasts" data-testid="notifications" aria-live="polite">
            {move || {
                visible
                    .get()
                    .into_iter()
                    .map(|o| {
                        let (state, tone) = match &o.state {
                            OpState::Running => ("running", "progress"),
                            OpState::Succeeded => ("succeeded", "success"),
                            OpState::Failed(_) => ("failed", "error"),
                            OpState::Canceled => ("canceled", "neutral"),
                        };
                        let removed = matches!(o.kind, aml_api::LroKind::Delete | aml_api::LroKind::Detach)
                            && o.state == OpState::Succeeded;
                        let href = routes::compute_path(&o.ws, &o.name);
                        let (id, ops) = (o.id, ops.clone());
                        let message = match &o.state {
                            OpState::Failed(e) => Some(e.message.clone()),
                            _ => None,
                        };
                        view! {
                            <div
                                class="toast"
                                data-testid="op-toast"
                                data-state=state
                                data-name=o.name.clone()
                                data-tone=tone
                                role="status"
                            >
                                <span class="status" data-tone=tone>
                                    <span class="status-dot" aria-hidden="true"></span>
                                </span>
                                <div class="toast-body">
                                    <div>{o.summary()}</div>
                                    {message.map(|m| view! { <div class="muted toast-detail">{tm(&m)}</div> })}
                                    {(!removed)
                                        .then(|| {
                                            view! {
                                                <a href=routes::href(
                                                    &href,
                                                )>{tf("ops.open", "Open {name}", &[("name", &o.name)])}</a>
                                            }
                                        })}
                                </div>
                                <button
                                    class="icon-button"
                                    data-testid="toast-close"
                                    aria-label=t("common.dismiss", "Dismiss")
                                    on:click=move |_| ops.dismiss(id)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

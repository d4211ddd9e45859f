//! Health of the connection: one banner when the browser is offline (its `offline` event,
//! `navigator.onLine`) or when ARM gave no answer at all, and a pause of every request while the
//! browser is offline, so polling (job status, logs, long-running operations) stops and picks up
//! where it was when the `online` event comes, without a reload.
//!
//! Only ARM failures count as "connection lost": ARM answers every origin (CORS), so no answer
//! from it means the network. A data plane or storage account that gives no answer may just not
//! allow this origin; that is explained where it happens (`components::data_plane_blocked`).

use crate::browser;
use leptos::prelude::*;
use std::cell::OnceCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// What the banner says, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    Online,
    /// The browser says it has no network: requests wait.
    Offline,
    /// The browser thinks it is online but ARM gave no answer: requests go on (the next answer
    /// clears it).
    Unreachable,
}

thread_local! {
    /// Reference-counted, not owned by a reactive owner: it is first touched inside whichever
    /// page sends the first request, and must outlive that page (an owned signal would be
    /// disposed with it, and the next `set` would panic).
    static HEALTH: OnceCell<ArcRwSignal<Health>> = const { OnceCell::new() };
}

fn signal() -> ArcRwSignal<Health> {
    HEALTH.with(|h| {
        h.get_or_init(|| {
            let s = ArcRwSignal::new(if browser_online() { Health::Online } else { Health::Offline });
            listen(s.clone());
            s
        })
        .clone()
    })
}

/// `navigator.onLine` (true when unknown).
pub fn browser_online() -> bool {
    browser::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// The `online`/`offline` events of the window, for the life of the app.
fn listen(s: ArcRwSignal<Health>) {
    let Some(w) = browser::window() else { return };
    for (name, health) in [("online", Health::Online), ("offline", Health::Offline)] {
        let s = s.clone();
        let handler = Closure::<dyn Fn()>::new(move || {
            s.set(health);
        });
        let _ = w.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
        handler.forget();
    }
}

/// Reactive: the current health (the banner reads it).
pub fn health() -> Health {
    signal().get()
}

/// ARM answered (any status): the connection works.
pub fn answered() {
    let s = signal();
    if s.get_untracked() == Health::Unreachable {
        s.set(Health::Online);
    }
}

/// ARM gave no answer at all.
pub fn arm_unanswered() {
    signal().set(if browser_online() { Health::Unreachable } else { Health::Offline });
}

/// Resolves once the browser is online; at once when it is. Every request waits here first, so
/// nothing is sent (and no retry budget is spent) while offline.
pub async fn wait_online() {
    if browser_online() {
        return;
    }
    signal().set(Health::Offline);
    while !browser_online() {
        browser::sleep_ms(300).await;
    }
    signal().set(Health::Online);
}

/// The banner under the top bar: nothing while online.
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    move || match health() {
        Health::Online => None,
        Health::Offline => Some(view! {
            <div
                class="message-bar warning connection-banner"
                role="status"
                data-testid="offline-banner"
                data-health="offline"
            >
                {crate::i18n::t(
                    "connection.offline",
                    "You are offline. Updates are paused and resume by themselves when the connection is back.",
                )}
            </div>
        }),
        Health::Unreachable => Some(view! {
            <div
                class="message-bar warning connection-banner"
                role="status"
                data-testid="offline-banner"
                data-health="unreachable"
            >
                {crate::i18n::t(
                    "connection.unreachable",
                    "Azure Resource Manager does not answer (network failure). The console keeps trying; what you typed stays here.",
                )}
            </div>
        }),
    }
}

//! "Load older" of the log viewer: a log file holds its newest part (`aml_api::jobs::logs`,
//! `KEEP_BYTES`); the bar above the text says how much is not loaded and reads the part just
//! before, as often as asked. The read is sent by the page's polling loop ([`OlderRequest::serve`]),
//! the one writer of the files, so a round of new bytes never overwrites an older part.

use crate::http::Api;
use crate::i18n::intl::bytes as fmt_bytes;
use crate::i18n::{t, tf, tm};
use crate::jobs::logs::LogFeed;
use aml_api::jobs::logs::LogFile;
use leptos::prelude::*;

/// The pending request (a file name) and the last failure.
#[derive(Clone, Copy)]
pub struct OlderRequest {
    wanted: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
}

impl OlderRequest {
    pub fn new() -> OlderRequest {
        OlderRequest { wanted: RwSignal::new(None), error: RwSignal::new(None) }
    }

    /// Waits up to `ms` (forever when `None`) for a request, and serves it. False when the
    /// page is gone.
    pub async fn serve(&self, api: &Api, feed: &LogFeed, files: RwSignal<Vec<LogFile>>, ms: Option<u64>) -> bool {
        let mut waited = 0;
        loop {
            match self.wanted.try_get_untracked() {
                None => return false,
                Some(Some(name)) => {
                    let Some(mut fs) = files.try_get_untracked() else { return false };
                    let mut result = Ok(());
                    if let Some(f) = fs.iter_mut().find(|f| f.name == name) {
                        result = feed.read_older(api, f).await;
                    }
                    self.error.try_set(result.err());
                    if files.try_set(fs).is_some() || self.wanted.try_set(None).is_some() {
                        return false;
                    }
                    return true;
                }
                Some(None) if ms.is_some_and(|ms| waited >= ms) => return true,
                Some(None) => {
                    crate::browser::sleep_ms(250).await;
                    waited += 250;
                }
            }
        }
    }
}

/// How much of a log file is held, and how much is not (without its text).
#[derive(Clone, Debug, PartialEq)]
pub struct Held {
    name: String,
    held: u64,
    not_held: u64,
}

impl Held {
    pub fn of(f: &LogFile) -> Held {
        // While a big file's tail is still being found, nothing is held yet: no bar.
        let not_held = if f.mid_line { 0 } else { f.not_held() };
        Held { name: f.name.clone(), held: f.text.len() as u64, not_held }
    }
}

/// Props: `file` – the shown tab's file; `older` – the page's request.
#[component]
pub fn OlderBar(file: Signal<Option<Held>>, older: OlderRequest) -> impl IntoView {
    move || {
        let f = file.get()?;
        (f.not_held > 0).then(|| {
            let name = f.name.clone();
            let busy = move || older.wanted.with(Option::is_some);
            view! {
                <div class="message-bar info log-older" data-testid="log-older-bar" role="status">
                    <span data-testid="log-older-note">
                        {tf(
                            "logs.older_note",
                            "Showing the newest {held} of this log; the {rest} before it are not loaded.",
                            &[("held", &fmt_bytes(f.held)), ("rest", &fmt_bytes(f.not_held))],
                        )}
                    </span>
                    <button
                        type="button"
                        class="button subtle"
                        data-testid="log-older"
                        disabled=busy
                        on:click=move |_| older.wanted.set(Some(name.clone()))
                    >
                        {move || {
                            if busy() { t("common.loading", "Loading…") } else { t("logs.load_older", "Load older") }
                        }}
                    </button>
                    {move || older.error.get().map(|e| view! { <span class="error-text">{tm(&e)}</span> })}
                </div>
            }
        })
    }
}

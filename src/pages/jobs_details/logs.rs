//! The job's log files: one tab per file (user logs first; the ARIA tabs pattern,
//! `components::tabs`), the text read so far, and the
//! viewer's tools: Follow (keep the newest line in view while the log grows), Wrap, search with
//! every match highlighted and next/previous, and a download link. The reads themselves are
//! `crate::jobs::logs` (the page's polling loop calls it); the search is
//! `aml_api::jobs::log_search`.

use crate::components::data_plane_blocked::DataPlaneError;
use crate::components::error_box::ErrorBox;
use crate::components::tabs::{panel_id, tab_id, TabList};
use crate::error::UiError;
use crate::i18n::{t, tf, tm};
use crate::jobs::logs::STORAGE_REFUSED;
use aml_api::jobs::log_search::{pieces, step, Piece};
use aml_api::jobs::logs::LogFile;
use leptos::html;
use leptos::prelude::*;

/// The id prefix of the log tabs and their panel.
const TABS: &str = "log";

/// Props: `files` (kept up to date by the page), `error` (the last RunDetails failure),
/// `from_storage` (the storage container once logs are read from workspace storage because the
/// data plane gave no answer), `storage_error` (why storage refused, if it did), `older` (the
/// "load older" request of a log that holds only its newest part).
#[component]
pub fn Logs(
    files: RwSignal<Vec<LogFile>>,
    error: RwSignal<Option<UiError>>,
    from_storage: RwSignal<Option<String>>,
    storage_error: RwSignal<Option<UiError>>,
    older: super::log_older::OlderRequest,
) -> impl IntoView {
    let tab = RwSignal::new(String::new());
    let chosen = RwSignal::new(false);
    let follow = RwSignal::new(true);
    let wrap = RwSignal::new(true);
    let query = RwSignal::new(String::new());
    let current: RwSignal<Option<usize>> = RwSignal::new(None);
    let pre: NodeRef<html::Pre> = NodeRef::new();
    // The tabs re-render only when the set of files changes, not on every poll (which would
    // take the keyboard focus off a tab).
    let names = Memo::new(move |_| files.with(|fs| fs.iter().map(|f| f.name.clone()).collect::<Vec<_>>()));
    // Follow the first log (user logs sort first) until the user picks a tab: system logs
    // often appear before the script's own output.
    Effect::new(move |_| {
        let first = files.with(|fs| fs.first().map(|f| f.name.clone()));
        if let Some(f) = first {
            if !chosen.get_untracked() && tab.get_untracked() != f {
                tab.set(f);
            }
        }
    });
    let text = Memo::new(move |_| {
        let t = tab.get();
        files.with(|fs| fs.iter().find(|f| f.name == t).map(|f| f.text.clone()).unwrap_or_default())
    });
    let shown = Memo::new(move |_| text.with(|t| query.with(|q| pieces(t, q))));
    let shown_file = Signal::derive(move || {
        let t = tab.get();
        files.with(|fs| fs.iter().find(|f| f.name == t).map(super::log_older::Held::of))
    });
    let count = Memo::new(move |_| shown.with(|p| p.iter().filter(|x| matches!(x, Piece::Match(..))).count()));
    // While following (and not stepping through matches), new text scrolls into view.
    Effect::new(move |_| {
        text.track();
        if follow.get() && current.get_untracked().is_none() {
            if let Some(el) = pre.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
        }
    });
    // The current match scrolls into view (and stops following, which would scroll it away).
    Effect::new(move |_| {
        let Some(n) = current.get() else { return };
        shown.track();
        if let Some(el) = pre.get_untracked() {
            if let Ok(Some(m)) = el.query_selector(&format!("mark[data-n=\"{n}\"]")) {
                m.scroll_into_view_with_bool(false);
            }
        }
    });
    let go = move |delta: i64| {
        follow.set(false);
        current.set(step(current.get_untracked(), delta, count.get_untracked()));
    };
    view! {
        <section class="card logs-card" data-testid="job-logs">
            <h2>{t("logs.title", "Logs")}</h2>
            {move || {
                error
                    .get()
                    .map(|e| {
                        let what = if from_storage.with(Option::is_some) {
                            t("logs.run_details", "Run details")
                        } else {
                            t("logs.run_details_and_logs", "Run details and logs")
                        };
                        view! {
                            <DataPlaneError
                                error=e
                                what=what
                                title=t("logs.run_details_failed", "Could not read the run details")
                            />
                        }
                    })
            }}
            {move || {
                from_storage
                    .get()
                    .map(|c| {
                        view! {
                            <p class="muted" data-testid="logs-from-storage">
                                {t("logs.from_storage", "Logs are read straight from the workspace storage account")}
                                " ("
                                <span class="mono" data-service="">
                                    {c}
                                </span>
                                ") "
                                {t(
                                    "logs.from_storage_why",
                                    "with your own sign-in, because the data plane did not answer.",
                                )}
                            </p>
                        }
                    })
            }}
            {move || {
                storage_error
                    .get()
                    .map(|e| {
                        if e.code == STORAGE_REFUSED {
                            view! {
                                <div class="message-bar error" role="alert" data-testid="storage-role-missing">
                                    {tm(&e.message)}
                                </div>
                            }
                                .into_any()
                        } else {
                            let title = t("logs.storage_failed", "Could not read the logs from storage");
                            view! { <ErrorBox error=e title=title /> }.into_any()
                        }
                    })
            }}
            {move || {
                (files.with(Vec::is_empty) && storage_error.with(Option::is_none))
                    .then(|| {
                        view! {
                            <p class="muted" data-testid="logs-empty">
                                {t("logs.empty", "No log files yet; they appear when the job starts.")}
                            </p>
                        }
                    })
            }}
            {move || {
                (!names.with(Vec::is_empty))
                    .then(|| {
                        view! {
                            <TabList
                                names=names
                                selected=tab
                                on_select=Callback::new(move |name| {
                                    chosen.set(true);
                                    current.set(None);
                                    tab.set(name);
                                })
                                prefix=TABS
                                label=t("logs.files", "Log files")
                                testid="log-tab"
                            />
                        }
                    })
            }}
            // The panel of the selected tab: its tools and its text (a plain box while there are
            // no tabs).
            <div
                role=move || (!names.with(Vec::is_empty)).then_some("tabpanel")
                id=panel_id(TABS)
                aria-labelledby=move || {
                    names.with(|l| tab.with(|t| l.iter().position(|n| n == t))).map(|i| tab_id(TABS, i))
                }
            >
                <div class="toolbar log-tools">
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="log-follow"
                            prop:checked=move || follow.get()
                            on:change=move |ev| {
                                follow.set(event_target_checked(&ev));
                                current.set(None);
                            }
                        />
                        " "
                        {t("logs.follow", "Follow")}
                    </label>
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="log-wrap"
                            prop:checked=move || wrap.get()
                            on:change=move |ev| wrap.set(event_target_checked(&ev))
                        />
                        " "
                        {t("logs.wrap", "Wrap lines")}
                    </label>
                    <input
                        type="search"
                        class="log-search"
                        data-testid="log-search"
                        placeholder=t("logs.search", "Search the log")
                        aria-label=t("logs.search", "Search the log")
                        prop:value=move || query.get()
                        on:input=move |ev| {
                            query.set(event_target_value(&ev));
                            current.set(None);
                        }
                        on:keydown=move |ev| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                go(if ev.shift_key() { -1 } else { 1 });
                            }
                        }
                    />
                    <span class="muted" data-testid="log-search-count" aria-live="polite">
                        {move || {
                            if query.with(|q| q.trim().is_empty()) {
                                return String::new();
                            }
                            match (count.get(), current.get()) {
                                (0, _) => t("logs.no_match", "No match").to_string(),
                                (n, Some(c)) => {
                                    tf("logs.nth", "{i} of {n}", &[("i", &(c + 1).to_string()), ("n", &n.to_string())])
                                }
                                (1, None) => t("logs.one_match", "1 match").to_string(),
                                (n, None) => tf("logs.matches", "{n} matches", &[("n", &n.to_string())]),
                            }
                        }}
                    </span>
                    <button
                        type="button"
                        class="button subtle"
                        data-testid="log-prev"
                        aria-label=t("logs.prev", "Previous match")
                        disabled=move || count.get() == 0
                        on:click=move |_| go(-1)
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        class="button subtle"
                        data-testid="log-next"
                        aria-label=t("logs.next", "Next match")
                        disabled=move || count.get() == 0
                        on:click=move |_| go(1)
                    >
                        "↓"
                    </button>
                    // A storage URL without SAS needs the token, which a plain link cannot send.
                    {move || {
                        let name = tab.get();
                        let url = files.with(|fs| fs.iter().find(|f| f.name == name).map(|f| f.url.clone()));
                        url.filter(|_| from_storage.with(Option::is_none))
                            .map(|url| {
                                view! {
                                    <a
                                        class="button subtle"
                                        data-testid="log-download"
                                        href=url
                                        target="_blank"
                                        rel="noopener"
                                        download=""
                                    >
                                        {t("logs.download", "Download")}
                                    </a>
                                }
                            })
                    }}
                </div>
                {move || {
                    let t = tab.get();
                    files
                        .with(|fs| fs.iter().find(|f| f.name == t).and_then(|f| f.error.clone()))
                        .map(|e| view! { <div class="message-bar warning">{tm(&e)}</div> })
                }}
                <super::log_older::OlderBar file=shown_file older=older />
                {move || {
                    (!tab.with(String::is_empty))
                        .then(|| {
                            view! {
                                <pre
                                    class="log-text"
                                    class:nowrap=move || !wrap.get()
                                    data-testid="log-text"
                                    data-name=move || tab.get()
                                    node_ref=pre
                                    tabindex="0"
                                >
                                    {move || {
                                        shown
                                            .get()
                                            .into_iter()
                                            .map(|p| match p {
                                                Piece::Text(t) => t.into_any(),
                                                Piece::Match(n, t) => {
                                                    view! {
                                                        <mark
                                                            data-testid="log-match"
                                                            data-n=n.to_string()
                                                            class:current=move || current.get() == Some(n)
                                                        >
                                                            {t}
                                                        </mark>
                                                    }
                                                        .into_any()
                                                }
                                            })
                                            .collect_view()
                                    }}
                                </pre>
                            }
                        })
                }}
            </div>
        </section>
    }
}

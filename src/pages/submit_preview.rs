//! The snapshot preview, exactly as the SDK would upload it: files and sizes, which ignore file
//! decided, heavy folders with one-click exclusion, the 100 MB warning, the empty-selection
//! error, the git state that will be recorded; the hashing (progress, cancel); and, when the
//! folder was submitted before, the comparison with that snapshot — added / changed / removed /
//! copied and the bytes to send — before anything is sent.

use super::submit_progress::diff_summary;
use super::submit_source::{CompareState, DigestState, Source};
use super::submit_text::{file_state, filter_note, git_summary, heavy_folder_note, ignore_file_note, selection_total};
use crate::components::virtual_list::VirtualList;
use crate::i18n::intl::bytes as fmt_bytes;
use crate::i18n::{t, tf, tm};
use aml_api::jobs::incremental::FileState;
use aml_api::jobs::preview_list::{open_by_default, row_testid, PreviewList};
use aml_api::snapshot::{exclude_folder, heavy_folders, Selection};
use aml_api::view::search::Matches;
use leptos::prelude::*;
use std::sync::Arc;

/// The hashing line: progress with Cancel, done (and where), canceled with "Hash now", failed.
#[component]
fn DigestStatus(source: Source) -> impl IntoView {
    move || match source.digests.get() {
        DigestState::Idle => None,
        DigestState::Running(done, total) => {
            let pct = if total == 0 { 100.0 } else { done as f64 * 100.0 / total as f64 };
            Some(
                view! {
                    <div class="digest-status" data-testid="hash-status" data-state="running" role="status">
                        <span>
                            {tf("submit.hashing", "Hashing the files… {pct} %", &[("pct", &format!("{pct:.0}"))])}
                        </span>
                        <progress
                            data-testid="hash-progress"
                            max="100"
                            value=format!("{pct:.1}")
                            aria-label=t("submit.hashing_progress", "Hashing progress")
                        ></progress>
                        <button
                            class="button subtle"
                            type="button"
                            data-testid="hash-cancel"
                            on:click=move |_| source.cancel_digests_by_user()
                        >
                            {t("common.cancel", "Cancel")}
                        </button>
                    </div>
                }
                .into_any(),
            )
        }
        DigestState::Ready(d) => Some(
            view! {
                <p
                    class="muted digest-status"
                    data-testid="hash-status"
                    data-state="ready"
                    data-engine=d.engine.name()
                    data-hash=d.hash.clone()
                >
                    {tf(
                        "submit.content_hash",
                        "Content hash {hash}…",
                        &[("hash", &d.hash.chars().take(12).collect::<String>())],
                    )}
                </p>
            }
            .into_any(),
        ),
        DigestState::Canceled => Some(
            view! {
                <div class="digest-status" data-testid="hash-status" data-state="canceled" role="status">
                    <span>
                        {t("submit.hash_canceled_note", "Hashing canceled. Submitting hashes the files first.")}
                    </span>
                    <button
                        class="button subtle"
                        type="button"
                        data-testid="hash-restart"
                        on:click=move |_| source.start_digests()
                    >
                        {t("submit.hash_now", "Hash now")}
                    </button>
                </div>
            }
            .into_any(),
        ),
        DigestState::Failed(m) => Some(
            view! {
                <div class="message-bar error" data-testid="hash-status" data-state="failed" role="alert">
                    {tm(&m)}
                </div>
            }
            .into_any(),
        ),
    }
}

/// What the comparison with the previous snapshot says.
#[component]
fn CompareSummary(source: Source) -> impl IntoView {
    move || match source.compare.get() {
        CompareState::None => None,
        CompareState::Comparing => Some(
            view! {
                <p class="muted" data-testid="snapshot-diff" data-state="comparing">
                    {t("submit.stage.comparing", "Comparing with the previous snapshot…")}
                </p>
            }
            .into_any(),
        ),
        CompareState::Unavailable(why) => Some(
            view! {
                <p class="muted" data-testid="snapshot-diff" data-state="unavailable">
                    {tf(
                        "submit.not_comparable",
                        "Every file will be uploaded: the previous snapshot cannot be compared ({why}).",
                        &[("why", &tm(&why))],
                    )}
                </p>
            }
            .into_any(),
        ),
        CompareState::Ready(c) => {
            let d = &c.diff;
            Some(
                view! {
                    <div
                        class="message-bar info"
                        data-testid="snapshot-diff"
                        data-state="ready"
                        data-added=d.added.to_string()
                        data-changed=d.changed.to_string()
                        data-removed=d.removed.to_string()
                        data-copied=d.copied.to_string()
                        data-bytes=d.bytes_to_send.to_string()
                    >
                        <p>
                            {tf(
                                "submit.compared_with",
                                "Compared with {previous}:",
                                &[("previous", &tm(&c.previous.describe()))],
                            )}
                        </p>
                        <p>
                            <strong>{diff_summary(d)}</strong>
                        </p>
                    </div>
                }
                .into_any(),
            )
        }
    }
}

/// Row height in px of the file list; `.file-list .vlist-row` in style/jobs.css says the same.
const FILE_ROW_PX: f64 = 28.0;

/// The file list, from the api's preview rows: windowed (`VirtualList`: only the rows in view
/// are in the DOM, 20,000 files cost a few dozen rows), with a path filter; collapsed, it renders
/// no row at all. Props: `listed` – the selection; `expanded` – the user's open/closed choice
/// (`None`: `open_by_default`).
#[component]
fn FileList(source: Source, listed: Selection, expanded: RwSignal<Option<bool>>) -> impl IntoView {
    let default_open = open_by_default(listed.file_count);
    let open = move || expanded.get().unwrap_or(default_open);
    // The rows, once per comparison state, with a generation: a row's key is (generation,
    // position), so a new list re-renders its rows and a filter keystroke does not.
    let list = Memo::new(move |prev: Option<&(u64, Arc<PreviewList>)>| {
        let rows = source.compare.with(|c| match c {
            CompareState::Ready(c) => PreviewList::new(&listed, Some(&c.diff)),
            _ => PreviewList::new(&listed, None),
        });
        (prev.map_or(1, |p| p.0 + 1), Arc::new(rows))
    });
    let query = RwSignal::new(String::new());
    // Searched from the last result while the query only grows (and the list is the same).
    let matches = Memo::new(move |prev: Option<&(u64, Matches)>| {
        list.with(|(generation, l)| {
            let prev = prev.filter(|p| p.0 == *generation).map(|p| &p.1);
            (*generation, query.with(|q| l.search(q, prev)))
        })
    });
    let count = Signal::derive(move || matches.with(|m| m.1.positions.len()));
    let key = move |i: usize| matches.with(|(generation, m)| m.positions.get(i).map(|p| (*generation, *p)));
    let render = move |(_, at): (u64, usize)| {
        let Some(r) = list.with_untracked(|l| l.1.rows.get(at).cloned()) else {
            return ().into_any();
        };
        let state = r.state.map(FileState::label).unwrap_or("");
        let (path, title) = (r.path.clone(), r.path.clone());
        view! {
            <div role="row" class="vlist-row" data-testid=row_testid(r.state) data-path=path data-state=state>
                <div role="cell" class="cell mono" title=title data-service="">
                    {r.path}
                </div>
                <div role="cell" class="cell num">
                    {fmt_bytes(r.size)}
                </div>
                <div role="cell" class="cell">
                    <span class="file-state" data-state=state>
                        {file_state(r.state)}
                    </span>
                </div>
            </div>
        }
        .into_any()
    };
    let note = move || {
        let total = list.with(|l| l.1.len());
        query.with(|q| filter_note(count.get(), total, q))
    };
    let toggled = move |ev: leptos::ev::Event| {
        expanded.set(Some(event_target::<web_sys::Element>(&ev).has_attribute("open")));
    };
    view! {
        <details class="file-details file-list" prop:open=open on:toggle=toggled>
            <summary>{t("submit.files", "Files")}</summary>
            {move || {
                open()
                    .then(|| {
                        view! {
                            <div class="file-tools">
                                <input
                                    type="search"
                                    data-testid="snapshot-filter"
                                    placeholder=t("submit.filter_by_path", "Filter by path")
                                    aria-label=t("submit.filter_files_by_path", "Filter the files by path")
                                    prop:value=move || query.get()
                                    on:input=move |ev| query.set(event_target_value(&ev))
                                />
                                <span class="muted" data-testid="snapshot-filter-note" role="status">
                                    {note}
                                </span>
                            </div>
                            <VirtualList
                                count=count
                                row_height=FILE_ROW_PX
                                key=key
                                render=render
                                label=t("submit.files_of_snapshot", "Files of the snapshot")
                                testid="snapshot-files-table"
                            />
                        }
                    })
            }}
        </details>
    }
}

fn selection_view(source: Source, sel: Selection, root: String, expanded: RwSignal<Option<bool>>) -> impl IntoView {
    let heavy = heavy_folders(&sel);
    let ignore = ignore_file_note(&sel);
    let warnings = sel.warnings();
    let excluded = source.excludes.get();
    let listed = sel.clone();
    view! {
        <div class="snapshot-preview" data-testid="snapshot-preview">
            <p>
                <strong data-testid="snapshot-total">{selection_total(&sel)}</strong>
                " "
                {t("submit.uploaded_as", "will be uploaded as")}
                " "
                <span class="mono" data-service="">
                    {format!("{root}/")}
                </span>
                ". "
                <span data-testid="ignore-file" data-file=sel.ignore_file.unwrap_or("")>
                    {ignore}
                </span>
            </p>
            {warnings
                .into_iter()
                .map(|w| {
                    view! {
                        <div class="message-bar warning" data-testid="snapshot-warning">
                            {tm(&w)}
                        </div>
                    }
                })
                .collect_view()}
            {(!excluded.is_empty())
                .then(|| {
                    view! {
                        <p class="muted" data-testid="excluded-patterns">
                            {t("submit.also_excluded", "Also excluded for this submission:")}
                            " "
                            <span data-service="">{excluded.join(", ")}</span>
                            " "
                            <button class="button subtle" type="button" on:click=move |_| source.excludes.set(vec![])>
                                {t("common.undo", "Undo")}
                            </button>
                        </p>
                    }
                })}
            {(!heavy.is_empty())
                .then(|| {
                    view! {
                        <ul class="heavy-list">
                            {heavy
                                .into_iter()
                                .map(|h| {
                                    let prefix = h.prefix.clone();
                                    view! {
                                        <li data-testid="heavy-folder" data-prefix=h.prefix.clone()>
                                            <span class="mono" data-service="">
                                                {h.prefix.clone()}
                                            </span>
                                            {heavy_folder_note(&h)}
                                            " "
                                            <button
                                                class="button subtle"
                                                type="button"
                                                data-testid="exclude-folder"
                                                on:click=move |_| {
                                                    source.excludes.update(|x| x.push(exclude_folder(&prefix)))
                                                }
                                            >
                                                {t("submit.exclude", "Exclude from this submission")}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <DigestStatus source=source />
            <CompareSummary source=source />
            <FileList source=source listed=listed expanded=expanded />
            {move || {
                source
                    .git
                    .get()
                    .map(|g| {
                        view! {
                            <p class="muted" data-testid="git-info" data-service="">
                                {git_summary(&g)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

#[component]
pub fn Preview(source: Source) -> impl IntoView {
    let root = move || source.root().unwrap_or_default();
    // Open or closed by the user, for this folder (a new pick starts from the default again).
    let expanded = RwSignal::new(None);
    Effect::new(move |_| {
        source.picked.track();
        expanded.set(None);
    });
    move || {
        let sel = source.selection.get()?;
        Some(match sel {
            Err(e) => view! {
                <div class="message-bar error" role="alert" data-testid="snapshot-error">
                    {tf(
                        "submit.cannot",
                        "Cannot submit {root}: {error}.",
                        &[("root", &root()), ("error", &tm(&e.to_string()))],
                    )}
                </div>
            }
            .into_any(),
            Ok(sel) => selection_view(source, sel, root(), expanded).into_any(),
        })
    }
}

//! The snapshot preview, exactly as the SDK would upload it: files and sizes, which ignore file
//! decided, heavy folders with one-click exclusion, the 100 MB warning, the empty-selection
//! error, the git state that will be recorded; the hashing (progress, cancel); and, when the
//! folder was submitted before, the comparison with that snapshot — added / changed / removed /
//! copied and the bytes to send — before anything is sent.

use super::submit_progress::diff_summary;
use super::submit_source::{CompareState, DigestState, Source};
use super::submit_text::{file_state, git_summary, heavy_folder_note, ignore_file_note, selection_total};
use crate::i18n::intl::bytes as fmt_bytes;
use crate::i18n::{t, tf, tm};
use aml_api::jobs::incremental::{preview_rows, FileState, PreviewRow};
use aml_api::snapshot::{exclude_folder, heavy_folders, Selection};
use leptos::prelude::*;

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

/// One component renders the file list, from the api's preview rows.
#[component]
fn FileList(rows: Vec<PreviewRow>, open: bool) -> impl IntoView {
    let label = |s: Option<FileState>| s.map(FileState::label).unwrap_or("");
    view! {
        <details class="file-details" open=open>
            <summary>{t("submit.files", "Files")}</summary>
            <table class="data compact" data-testid="snapshot-files-table">
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let state = label(r.state);
                            let testid = if r.state == Some(FileState::Removed) {
                                "snapshot-removed"
                            } else {
                                "snapshot-file"
                            };
                            let path = r.path.clone();
                            // Removed files are listed for the diff but are not part of the snapshot.
                            view! {
                                <tr data-testid=testid data-path=path data-state=state>
                                    <td class="mono" data-service="">
                                        {r.path}
                                    </td>
                                    <td class="num">{fmt_bytes(r.size)}</td>
                                    <td>
                                        <span class="file-state" data-state=state>
                                            {file_state(r.state)}
                                        </span>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </details>
    }
}

fn selection_view(source: Source, sel: Selection, root: String) -> impl IntoView {
    let heavy = heavy_folders(&sel);
    let ignore = ignore_file_note(&sel);
    let warnings = sel.warnings();
    let excluded = source.excludes.get();
    let open = sel.file_count <= 50;
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
            {move || {
                let compare = source.compare.get();
                let diff = match &compare {
                    CompareState::Ready(c) => Some(&c.diff),
                    _ => None,
                };
                view! { <FileList rows=preview_rows(&listed, diff) open=open /> }
            }}
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
            Ok(sel) => selection_view(source, sel, root()).into_any(),
        })
    }
}

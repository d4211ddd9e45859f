//! Step 1 of a submission: pick the source folder (directory picker or drag and drop) and
//! preview the snapshot exactly as the SDK would upload it: files and sizes, which ignore file
//! decided, heavy folders with one-click exclusion, the 100 MB warning, the empty-selection
//! error, and the git state that will be recorded.

use crate::jobs::files::{self, Picked, PickedRef};
use crate::jobs::git;
use aml_api::jobs::fmt_bytes;
use aml_api::jobs::source::{git_summary, heavy_folder_note, ignore_file_note, selection_total};
use aml_api::snapshot::{
    exclude_folder, heavy_folders, select, GitInfo, SelectOptions, Selection, AMLIGNORE, GITIGNORE,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// Root ignore files as read from the picked folder: (`.amlignore`, `.gitignore`).
type IgnoreBytes = (Option<Vec<u8>>, Option<Vec<u8>>);

#[derive(Clone, Copy)]
pub struct Source {
    pub picked: RwSignal<Option<PickedRef>>,
    /// `None` until the ignore files of the current pick have been read.
    ignore: RwSignal<Option<IgnoreBytes>>,
    /// Patterns added with "exclude from this submission".
    pub excludes: RwSignal<Vec<String>>,
    pub selection: Memo<Option<Result<Selection, String>>>,
    pub git: RwSignal<Option<GitInfo>>,
    pub error: RwSignal<Option<String>>,
}

pub fn use_source() -> Source {
    let picked: RwSignal<Option<PickedRef>> = RwSignal::new(None);
    let ignore: RwSignal<Option<IgnoreBytes>> = RwSignal::new(None);
    let excludes: RwSignal<Vec<String>> = RwSignal::new(vec![]);
    let selection = Memo::new(move |_| {
        let ign = ignore.get()?;
        let entries = picked.with(|p| p.as_ref().map(|p| p.entries()))?;
        let extra = excludes.get();
        let opts = SelectOptions { amlignore: ign.0.as_deref(), gitignore: ign.1.as_deref(), extra_patterns: &extra };
        Some(select(&entries, &opts).map_err(|e| e.to_string()))
    });
    Source { picked, ignore, excludes, selection, git: RwSignal::new(None), error: RwSignal::new(None) }
}

impl Source {
    /// Takes a new folder: reads its root ignore files and git state, then the preview appears.
    pub fn set(self, p: Picked) {
        let p = p.into_ref();
        let rc = (*p).clone();
        self.ignore.set(None);
        self.git.set(None);
        self.excludes.set(vec![]);
        self.error.set(None);
        self.picked.set(Some(p));
        spawn_local(async move {
            let read = |name: &'static str| {
                let f = rc.get(name).cloned();
                async move {
                    match f {
                        Some(f) => files::read_all(&f).await.ok(),
                        None => None,
                    }
                }
            };
            let bytes = (read(AMLIGNORE).await, read(GITIGNORE).await);
            self.ignore.try_set(Some(bytes));
            let info = git::git_info(&rc).await;
            self.git.try_set(info);
        });
    }

    pub fn root(&self) -> Option<String> {
        self.picked.with(|p| p.as_ref().map(|p| p.root.clone()))
    }
}

/// Props: `source`.
#[component]
pub fn SourcePanel(source: Source) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        match input.files().map(|l| files::from_file_list(&l)) {
            Some(Ok(p)) => source.set(p),
            Some(Err(e)) => source.error.set(Some(e)),
            None => {}
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let Some(dt) = ev.data_transfer() else { return };
        // The folder entry must be taken during the event (the DataTransfer is emptied when the
        // handler returns); walking it can continue afterwards.
        let dir = match files::dropped_folder(&dt) {
            Ok(d) => d,
            Err(e) => return source.error.set(Some(e)),
        };
        spawn_local(async move {
            match files::from_entry(dir).await {
                Ok(p) => source.set(p),
                Err(e) => source.error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="card source-card">
            <h2>"1. Source folder"</h2>
            <div class="drop-zone" class:dragging=move || dragging.get() data-testid="drop-zone"
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <p>"Drop your project folder here, or"</p>
                <label class="button">
                    "Choose folder…"
                    <input type="file" class="visually-hidden" data-testid="source-input" prop:webkitdirectory=true multiple on:change=on_pick/>
                </label>
                <p class="hint">"Nothing leaves the browser until you submit. The root .amlignore (else .gitignore) decides what is uploaded, as with the az CLI and SDK."</p>
            </div>
            {move || source.error.get().map(|e| view! { <div class="message-bar error" data-testid="source-error">{e}</div> })}
            <Preview source=source/>
        </section>
    }
}

#[component]
fn Preview(source: Source) -> impl IntoView {
    let root = move || source.root().unwrap_or_default();
    move || {
        let sel = source.selection.get()?;
        Some(match sel {
            Err(e) => view! {
                <div class="message-bar error" role="alert" data-testid="snapshot-error">
                    {format!("Cannot submit {}: {e}.", root())}
                </div>
            }
            .into_any(),
            Ok(sel) => {
                let heavy = heavy_folders(&sel);
                let ignore = ignore_file_note(&sel);
                let warnings = sel.warnings();
                let excluded = source.excludes.get();
                view! {
                    <div class="snapshot-preview" data-testid="snapshot-preview">
                        <p>
                            <strong data-testid="snapshot-total">{selection_total(&sel)}</strong>
                            " will be uploaded as " <span class="mono">{format!("{}/", root())}</span> ". "
                            <span data-testid="ignore-file" data-file=sel.ignore_file.unwrap_or("")>{ignore}</span>
                        </p>
                        {warnings.into_iter().map(|w| view! { <div class="message-bar warning" data-testid="snapshot-warning">{w}</div> }).collect_view()}
                        {(!excluded.is_empty()).then(|| view! {
                            <p class="muted" data-testid="excluded-patterns">"Also excluded for this submission: " {excluded.join(", ")}
                                " " <button class="button subtle" type="button" on:click=move |_| source.excludes.set(vec![])>"Undo"</button></p>
                        })}
                        {(!heavy.is_empty()).then(|| view! {
                            <ul class="heavy-list">
                                {heavy.into_iter().map(|h| {
                                    let prefix = h.prefix.clone();
                                    view! {
                                        <li data-testid="heavy-folder" data-prefix=h.prefix.clone()>
                                            <span class="mono">{h.prefix.clone()}</span>
                                            {heavy_folder_note(&h)}
                                            " " <button class="button subtle" type="button" data-testid="exclude-folder"
                                                on:click=move |_| source.excludes.update(|x| x.push(exclude_folder(&prefix)))>"Exclude from this submission"</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        })}
                        <details class="file-details" open=sel.file_count <= 50>
                            <summary>"Files"</summary>
                            <table class="data compact" data-testid="snapshot-files-table">
                                <tbody>
                                    {sel.files.iter().map(|f| view! {
                                        <tr data-testid="snapshot-file" data-path=f.path.clone()><td class="mono">{f.path.clone()}</td><td class="num">{fmt_bytes(f.size)}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </details>
                        {move || source.git.get().map(|g| view! {
                            <p class="muted" data-testid="git-info">
                                {git_summary(&g)}
                            </p>
                        })}
                    </div>
                }
                .into_any()
            }
        })
    }
}

//! Step 1 of a submission: pick the source folder (directory picker or drag and drop). The
//! folder's state lives in [`Source`]: the selection the SDK would upload, its digests (hashed
//! in Web Workers as soon as the selection is known, with progress and cancel), the snapshot
//! to compare with, and that comparison. The preview (`submit_preview.rs`, which reads this
//! state) is passed in as the panel's children, so neither module imports the other's view.

use crate::i18n::t;
use crate::jobs::files::{self, Picked, PickedRef};
use crate::jobs::git;
use crate::jobs::hashing::{self, CancelHandle, DigestError, Digests};
use crate::jobs::previous::{remembered, Compared};
use aml_api::jobs::incremental::Previous;
use aml_api::snapshot::{select, GitInfo, SelectOptions, Selection, AMLIGNORE, GITIGNORE};
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Root ignore files as read from the picked folder: (`.amlignore`, `.gitignore`).
type IgnoreBytes = (Option<Vec<u8>>, Option<Vec<u8>>);

/// The digests of the current selection.
#[derive(Clone, Debug, PartialEq)]
pub enum DigestState {
    Idle,
    Running(u64, u64),
    Ready(Arc<Digests>),
    Canceled,
    Failed(String),
}

/// The comparison with a previous snapshot shown before anything is sent.
#[derive(Clone, Debug, PartialEq)]
pub enum CompareState {
    /// Nothing to compare with (or not yet: digests still running).
    None,
    Comparing,
    Ready(Arc<Compared>),
    /// Why every file will be uploaded.
    Unavailable(String),
}

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
    pub digests: RwSignal<DigestState>,
    /// The job being cloned's snapshot (set by the page), compared with before the manifest's.
    pub cloned_from: RwSignal<Option<Previous>>,
    pub compare: RwSignal<CompareState>,
    cancel: StoredValue<CancelHandle, LocalStorage>,
    /// Bumped for every new digest run, so a stale run's answer is dropped.
    generation: StoredValue<u64>,
    /// Set by a Cancel the user pressed, cleared by the next start: a submission waiting for the
    /// hash stops only for that, not for a restart the page made itself.
    user_canceled: StoredValue<bool>,
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
        let out = select(&entries, &opts).map_err(|e| e.to_string());
        crate::jobs::hashing::mark("aml-selected");
        Some(out)
    });
    let source = Source {
        picked,
        ignore,
        excludes,
        selection,
        git: RwSignal::new(None),
        error: RwSignal::new(None),
        digests: RwSignal::new(DigestState::Idle),
        cloned_from: RwSignal::new(None),
        compare: RwSignal::new(CompareState::None),
        cancel: StoredValue::new_local(CancelHandle::default()),
        generation: StoredValue::new(0),
        user_canceled: StoredValue::new(false),
    };
    // Hash as soon as the selection is known (again after every change of it), so the hash is
    // ready by the time the form is filled in.
    Effect::new(move |_| {
        let ready = selection.with(|s| matches!(s, Some(Ok(_))));
        source.cancel_digests();
        source.digests.set(DigestState::Idle);
        if ready {
            source.start_digests();
        }
    });
    on_cleanup(move || source.cancel.try_with_value(CancelHandle::cancel).unwrap_or_default());
    source
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
            crate::jobs::hashing::mark("aml-ignore-read");
            self.ignore.try_set(Some(bytes));
            let info = git::git_info(&rc).await;
            self.git.try_set(info);
        });
    }

    pub fn root(&self) -> Option<String> {
        self.picked.with(|p| p.as_ref().map(|p| p.root.clone()))
    }

    /// The snapshot to compare with: the cloned job's, else this browser's last one of a folder
    /// of this name.
    pub fn previous(&self, ws: &WorkspaceRef) -> Option<Previous> {
        self.cloned_from.get().or_else(|| remembered(ws, &self.root()?))
    }

    /// The user's Cancel (preview or submit progress): stops the digests and says so.
    pub fn cancel_digests_by_user(&self) {
        self.user_canceled.set_value(true);
        self.cancel_digests();
    }

    pub fn user_canceled(&self) -> bool {
        self.user_canceled.try_get_value().unwrap_or(true)
    }

    /// Stops the running digests.
    pub fn cancel_digests(&self) {
        self.cancel.update_value(|c| {
            c.cancel();
            *c = CancelHandle::default();
        });
        if matches!(self.digests.get_untracked(), DigestState::Running(..)) {
            self.digests.set(DigestState::Canceled);
        }
    }

    /// Hashes the current selection in the background (content hash and per-file MD5s).
    pub fn start_digests(self) {
        let (Some(picked), Some(Ok(selection))) = (self.picked.get_untracked(), self.selection.get_untracked()) else {
            return;
        };
        let picked: Rc<Picked> = (*picked).clone();
        let gen = self.generation.with_value(|g| g + 1);
        self.generation.set_value(gen);
        self.user_canceled.set_value(false);
        let cancel = CancelHandle::default();
        self.cancel.set_value(cancel.clone());
        self.digests.set(DigestState::Running(0, selection.total_bytes * 2));
        let current = move || self.generation.try_with_value(|g| *g == gen).unwrap_or(false);
        spawn_local(async move {
            // Let the preview paint first: starting the workers (2,000 files posted twice) is
            // a task of its own then, not the tail of the render's.
            crate::browser::sleep_ms(0).await;
            if !current() {
                return;
            }
            hashing::mark("aml-hash-start");
            let progress: Rc<dyn Fn(u64, u64)> = Rc::new(move |d, t| {
                if current() {
                    self.digests.try_set(DigestState::Running(d, t));
                }
            });
            let out = hashing::digests(&picked, &selection, progress, cancel).await;
            hashing::mark("aml-hash-end");
            if !current() {
                return;
            }
            self.digests.try_set(match out {
                Ok(d) => DigestState::Ready(Arc::new(d)),
                Err(DigestError::Canceled) => DigestState::Canceled,
                Err(DigestError::Failed(m)) => DigestState::Failed(m),
            });
        });
    }
}

/// Props: `source`; children: the preview rendered under the picker.
#[component]
pub fn SourcePanel(source: Source, children: Children) -> impl IntoView {
    let dragging = RwSignal::new(false);
    // Picks in order: one that finishes reading sizes after a newer one started is dropped.
    let picks = StoredValue::new(0u64);
    let take = move |p: files::Picked| {
        let pick = picks.with_value(|n| n + 1);
        picks.set_value(pick);
        spawn_local(async move {
            p.measure_sizes().await;
            crate::jobs::hashing::mark("aml-pick-measured");
            if picks.try_get_value() == Some(pick) {
                source.set(p);
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        // The bench tells the page's own long tasks from the file input's (the browser filling
        // it, or a test's setInputFiles) by this mark.
        crate::jobs::hashing::mark("aml-pick");
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        match input.files().map(|l| files::from_file_list(&l)) {
            Some(Ok(p)) => take(p),
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
                Ok(p) => take(p),
                Err(e) => source.error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="card source-card">
            <h2>{t("submit.source", "1. Source folder")}</h2>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                data-testid="drop-zone"
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p>{t("submit.drop", "Drop your project folder here, or")}</p>
                <label class="button">
                    {t("submit.choose_folder", "Choose folder…")}
                    <input
                        type="file"
                        class="visually-hidden"
                        data-testid="source-input"
                        prop:webkitdirectory=true
                        multiple
                        on:change=on_pick
                    />
                </label>
                <p class="hint">
                    {t(
                        "submit.source_hint",
                        "Your files stay in the browser until you submit. The root .amlignore (else .gitignore) decides what is uploaded, as with the az CLI and SDK.",
                    )}
                </p>
            </div>
            {move || {
                source
                    .error
                    .get()
                    .map(|e| {
                        view! {
                            <div class="message-bar error" data-testid="source-error">
                                {e}
                            </div>
                        }
                    })
            }}
            {children()}
        </section>
    }
}

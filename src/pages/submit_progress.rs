//! What the submit page shows while a submission runs and when it ends: hashing, the code
//! asset's steps (the diff it follows, the upload), the environment, the job PUT, then the
//! result (reused or uploaded, with the bytes sent and the files copied) or the failure.

use crate::browser;
use crate::components::error_box::ErrorBox;
use crate::error::UiError;
use crate::i18n::intl::bytes as fmt_bytes;
use crate::i18n::{intl, t, tf, tm};
use crate::jobs::snapshot::CodeStage;
use crate::jobs::upload::UploadProgress;
use crate::routes::job_path;
use aml_api::i18n::fill;
use aml_api::jobs::incremental::SnapshotDiff;
use aml_api::jobs::storage::cors_rule;
use aml_api::jobs::CodeOutcome;
use aml_api::WorkspaceRef;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    Idle,
    Hashing(u64, u64),
    Code(CodeStage),
    Environment,
    Submitting,
    Done { job: String, code: CodeOutcome },
    Failed(Failure),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    Service(UiError),
    Cors(String),
    Other(String),
}

fn bar(done: u64, total: u64, testid: &'static str) -> impl IntoView {
    let pct = if total == 0 { 100.0 } else { done as f64 * 100.0 / total as f64 };
    view! { <progress data-testid=testid max="100" value=format!("{pct:.1}")></progress> }
}

/// `1 changed, 2 added, 1 removed, 1,998 unchanged (copied inside storage, 1.2 MB) · 1.0 MB to send`.
pub fn diff_summary(d: &SnapshotDiff) -> String {
    let n = |v: usize| intl::number(v as f64);
    let mut parts = vec![];
    for (count, text) in [
        (d.changed, t("submit.diff.changed", "{n} changed")),
        (d.added, t("submit.diff.added", "{n} added")),
        (d.removed, t("submit.diff.removed", "{n} removed")),
    ] {
        if count > 0 {
            parts.push(fill(text, &[("n", &n(count))]));
        }
    }
    parts.push(tf(
        "submit.diff.copied",
        "{n} unchanged (copied inside storage, {size})",
        &[("n", &n(d.copied)), ("size", &fmt_bytes(d.bytes_copied))],
    ));
    tf(
        "submit.diff.summary",
        "{parts} · {size} to send",
        &[("parts", &parts.join(", ")), ("size", &fmt_bytes(d.bytes_to_send))],
    )
}

fn done_view(job: String, code: CodeOutcome, ws: &WorkspaceRef) -> AnyView {
    let code_name = code.label();
    let line = if code.reused {
        view! {
            <p data-testid="code-reused">
                {tf("submit.reused", "Reused code snapshot {code} (0 bytes uploaded).", &[("code", &code_name)])}
            </p>
        }
        .into_any()
    } else {
        let copied = (code.files_copied > 0).then(|| {
            let (files, size) = (intl::number(code.files_copied as f64), fmt_bytes(code.bytes_copied));
            match code.files_copied {
                1 => tf("submit.copied.one", "; 1 unchanged file ({size}) copied inside storage", &[("size", &size)]),
                _ => tf(
                    "submit.copied.other",
                    "; {n} unchanged files ({size}) copied inside storage",
                    &[("n", &files), ("size", &size)],
                ),
            }
        });
        view! {
            <p
                data-testid="upload-bytes"
                data-bytes=code.bytes_uploaded.to_string()
                data-copied=code.files_copied.to_string()
            >
                {tf(
                    "submit.uploaded",
                    "Uploaded {size}{copied} as code snapshot {code}.",
                    &[
                        ("size", &fmt_bytes(code.bytes_uploaded)),
                        ("copied", &copied.unwrap_or_default()),
                        ("code", &code_name),
                    ],
                )}
            </p>
        }
        .into_any()
    };
    let notes = code.notes.clone();
    let href = job_path(ws, &job);
    view! {
        <div class="message-bar success" data-testid="submit-done">
            {line}
            {notes.into_iter().map(|n| view! { <p data-testid="upload-note">{tm(&n)}</p> }).collect_view()}
            <p>
                {t("submit.job_before", "Job")} " " <a data-testid="job-link" href=crate::routes::href(&href)>
                    {job}
                </a> " " {t("submit.job_after", "was submitted.")}
            </p>
        </div>
    }
    .into_any()
}

fn code_view(s: CodeStage) -> AnyView {
    match s {
        CodeStage::Checking => {
            view! { <p>{t("submit.stage.checking", "Looking for an identical code snapshot…")}</p> }.into_any()
        }
        CodeStage::Comparing => {
            view! { <p>{t("submit.stage.comparing", "Comparing with the previous snapshot…")}</p> }.into_any()
        }
        CodeStage::Compared(c) => view! {
            <p data-testid="upload-plan">
                {tf(
                    "submit.stage.compared",
                    "Compared with {previous}: {summary}. Starting…",
                    &[("previous", &tm(&c.previous.describe())), ("summary", &diff_summary(&c.diff))],
                )}
            </p>
        }
        .into_any(),
        CodeStage::Uploading(UploadProgress { done, total, mb_per_s, files_done, files, copied }) => {
            let copies = match copied {
                0 => String::new(),
                n => tf("submit.stage.copies", ", {n} copied in storage", &[("n", &intl::number(n as f64))]),
            };
            let rate = format!("{} MB/s", intl::number((mb_per_s * 10.0).round() / 10.0));
            view! {
                <p data-testid="upload-status">
                    {tf(
                        "submit.stage.uploading",
                        "Uploading {done} of {total} ({files_done}/{files} files{copies}, {rate})…",
                        &[
                            ("done", &fmt_bytes(done)),
                            ("total", &fmt_bytes(total)),
                            ("files_done", &files_done.to_string()),
                            ("files", &files.to_string()),
                            ("copies", &copies),
                            ("rate", &rate),
                        ],
                    )}
                </p>
                {bar(done, total, "upload-progress")}
            }
            .into_any()
        }
        CodeStage::Registering => {
            view! { <p>{t("submit.stage.registering", "Registering the code snapshot…")}</p> }.into_any()
        }
    }
}

/// Props: `stage`, `ws`, and `cancel_hashing` for the Cancel button while hashing.
#[component]
pub fn Progress(stage: RwSignal<Stage>, ws: Memo<WorkspaceRef>, cancel_hashing: Callback<()>) -> impl IntoView {
    move || {
        let body = match stage.get() {
            Stage::Idle => return None,
            Stage::Hashing(d, total) => view! {
                <p>
                    {tf(
                        "submit.stage.hashing",
                        "Hashing the snapshot… {done} of {total}",
                        &[("done", &fmt_bytes(d / 2)), ("total", &fmt_bytes(total / 2))],
                    )}
                </p>
                {bar(d, total, "submit-hash-progress")}
                <button
                    class="button subtle"
                    type="button"
                    data-testid="submit-hash-cancel"
                    on:click=move |_| cancel_hashing.run(())
                >
                    {t("common.cancel", "Cancel")}
                </button>
            }
            .into_any(),
            Stage::Code(s) => code_view(s),
            Stage::Environment => view! { <p>{t("submit.stage.environment", "Registering the environment…")}</p> }.into_any(),
            Stage::Submitting => view! { <p>{t("submit.stage.submitting", "Submitting the job…")}</p> }.into_any(),
            Stage::Done { job, code } => done_view(job, code, &ws.get_untracked()),
            Stage::Failed(Failure::Service(e)) => view! { <ErrorBox error=e title=t("form.refused", "The service refused the request") /> }.into_any(),
            Stage::Failed(Failure::Other(m)) => view! {
                <div class="message-bar error" data-testid="submit-error">
                    {tm(&m)}
                </div>
            }.into_any(),
            Stage::Failed(Failure::Cors(origin)) => view! {
                <div class="message-bar error" data-testid="cors-help">
                    <p>
                        {tf(
                            "submit.cors",
                            "The browser could not upload to the workspace storage account ({origin}). Storage must allow this site in its CORS rules (or it is unreachable). Ask an administrator to add this rule to the account's Blob service, then retry:",
                            &[("origin", &origin)],
                        )}
                    </p>
                    <pre class="mono">{cors_rule(&browser::origin())}</pre>
                </div>
            }
            .into_any(),
        };
        Some(view! {
            <div class="submit-progress" data-testid="submit-progress" role="status">
                {body}
            </div>
        })
    }
}

//! What the submit page shows while a submission runs and when it ends: hashing, the code
//! asset's steps (the diff it follows, the upload), the environment, the job PUT, then the
//! result (reused or uploaded, with the bytes sent and the files copied) or the failure.

use crate::browser;
use crate::components::error_box::ErrorBox;
use crate::error::UiError;
use crate::i18n::intl::bytes as fmt_bytes;
use crate::jobs::snapshot::CodeStage;
use crate::jobs::upload::UploadProgress;
use crate::routes::job_path;
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

fn done_view(job: String, code: CodeOutcome, ws: &WorkspaceRef) -> AnyView {
    let code_name = code.label();
    let line = if code.reused {
        view! { <p data-testid="code-reused">{format!("Reused code snapshot {code_name} (0 bytes uploaded).")}</p> }
            .into_any()
    } else {
        let copied = (code.files_copied > 0).then(|| {
            format!(
                "; {} unchanged file{} ({}) copied inside storage",
                code.files_copied,
                if code.files_copied == 1 { "" } else { "s" },
                fmt_bytes(code.bytes_copied)
            )
        });
        view! {
            <p
                data-testid="upload-bytes"
                data-bytes=code.bytes_uploaded.to_string()
                data-copied=code.files_copied.to_string()
            >
                {format!(
                    "Uploaded {}{} as code snapshot {code_name}.",
                    fmt_bytes(code.bytes_uploaded),
                    copied.unwrap_or_default(),
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
            {notes.into_iter().map(|n| view! { <p data-testid="upload-note">{n}</p> }).collect_view()}
            <p>
                "Job " <a data-testid="job-link" href=crate::routes::href(&href)>
                    {job}
                </a> " was submitted."
            </p>
        </div>
    }
    .into_any()
}

fn code_view(s: CodeStage) -> AnyView {
    match s {
        CodeStage::Checking => view! { <p>"Looking for an identical code snapshot…"</p> }.into_any(),
        CodeStage::Comparing => view! { <p>"Comparing with the previous snapshot…"</p> }.into_any(),
        CodeStage::Compared(c) => view! {
            <p data-testid="upload-plan">
                {format!("Compared with {}: {}. Starting…", c.previous.describe(), c.diff.summary())}
            </p>
        }
        .into_any(),
        CodeStage::Uploading(UploadProgress { done, total, mb_per_s, files_done, files, copied }) => {
            let copies = if copied > 0 { format!(", {copied} copied in storage") } else { String::new() };
            view! {
                <p data-testid="upload-status">
                    {format!(
                        "Uploading {} of {} ({files_done}/{files} files{copies}, {mb_per_s:.1} MB/s)…",
                        fmt_bytes(done),
                        fmt_bytes(total),
                    )}
                </p>
                {bar(done, total, "upload-progress")}
            }
            .into_any()
        }
        CodeStage::Registering => view! { <p>"Registering the code snapshot…"</p> }.into_any(),
    }
}

/// Props: `stage`, `ws`, and `cancel_hashing` for the Cancel button while hashing.
#[component]
pub fn Progress(stage: RwSignal<Stage>, ws: Memo<WorkspaceRef>, cancel_hashing: Callback<()>) -> impl IntoView {
    move || {
        let body = match stage.get() {
            Stage::Idle => return None,
            Stage::Hashing(d, t) => view! {
                <p>"Hashing the snapshot… " {format!("{} of {}", fmt_bytes(d / 2), fmt_bytes(t / 2))}</p>
                {bar(d, t, "submit-hash-progress")}
                <button
                    class="button subtle"
                    type="button"
                    data-testid="submit-hash-cancel"
                    on:click=move |_| cancel_hashing.run(())
                >
                    "Cancel"
                </button>
            }
            .into_any(),
            Stage::Code(s) => code_view(s),
            Stage::Environment => view! { <p>"Registering the environment…"</p> }.into_any(),
            Stage::Submitting => view! { <p>"Submitting the job…"</p> }.into_any(),
            Stage::Done { job, code } => done_view(job, code, &ws.get_untracked()),
            Stage::Failed(Failure::Service(e)) => view! { <ErrorBox error=e title="The service refused the request" /> }.into_any(),
            Stage::Failed(Failure::Other(m)) => view! {
                <div class="message-bar error" data-testid="submit-error">
                    {m}
                </div>
            }.into_any(),
            Stage::Failed(Failure::Cors(origin)) => view! {
                <div class="message-bar error" data-testid="cors-help">
                    <p>
                        {format!(
                            "The browser could not upload to the workspace storage account ({origin}). Storage must allow this site in its CORS rules (or it is unreachable). Ask an administrator to add this rule to the account's Blob service, then retry:",
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

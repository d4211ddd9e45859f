//! Keys of a compute (POST listKeys): shown masked, copied to the clipboard only on demand.
//! The secrets live in this dialog's own signal and nowhere else (no storage, no DOM text, no
//! log); closing the dialog disposes the signal and removes the rows from the page.

use crate::browser;
use crate::components::error_box::ErrorBox;
use crate::components::modal::Modal;
use crate::components::spinner::Spinner;
use crate::fetch::use_fetch;
use crate::http::use_api;
use aml_api::{ComputeSecrets, WorkspaceRef};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Masked stand-in (the real value is never put into the DOM).
const MASK: &str = "••••••••";

/// (label, value, secret?) rows of a listKeys answer.
fn entries(s: &ComputeSecrets) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let mut push = |label: &str, v: &Option<String>, secret: bool| {
        if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
            out.push((label.to_string(), v.clone(), secret));
        }
    };
    match s {
        ComputeSecrets::VirtualMachine(v) => {
            if let Some(a) = &v.administrator_account {
                push("User name", &a.username, false);
                push("Password", &a.password, true);
                push("Public key", &a.public_key_data, true);
                push("Private key", &a.private_key_data, true);
            }
        }
        ComputeSecrets::Databricks(d) => push("Access token", &d.databricks_access_token, true),
        ComputeSecrets::Aks(a) => {
            push("User kubeconfig", &a.user_kube_config, true);
            push("Admin kubeconfig", &a.admin_kube_config, true);
            push("Image pull secret name", &a.image_pull_secret_name, true);
        }
        ComputeSecrets::Unknown { raw, .. } => {
            for (k, v) in raw {
                push(k, &v.as_str().map(str::to_string), true);
            }
        }
    }
    out
}

/// Props: `ws`, `name`, `close`.
#[component]
pub fn KeysDialog(ws: WorkspaceRef, name: String, close: Callback<()>) -> impl IntoView {
    let api = use_api();
    let keys = use_fetch(move || {
        let (api, ws, name) = (api.clone(), ws.clone(), name.clone());
        async move { api.json::<ComputeSecrets>(api.arm().list_compute_keys(&ws, &name)).await }
    });
    let copied = RwSignal::new(None::<usize>);
    view! {
        <Modal title="Keys" testid="keys-dialog" on_close=close>
            <p class="hint">
                "Secrets are masked. Copy puts one on your clipboard; nothing is kept after this dialog closes."
            </p>
            {move || match keys.data.get() {
                None => view! { <Spinner label="Loading keys…" /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e title="Could not list the keys" /> }.into_any(),
                Some(Ok(s)) => {
                    view! {
                        <dl class="props keys" data-testid="keys-list">
                            {entries(&s)
                                .into_iter()
                                .enumerate()
                                .map(|(i, (label, value, secret))| {
                                    let shown = if secret { MASK.to_string() } else { value.clone() };
                                    let copy = move |_| {
                                        let v = value.clone();
                                        spawn_local(async move {
                                            if browser::copy_text(&v).await {
                                                copied.try_set(Some(i));
                                            }
                                        });
                                    };
                                    view! {
                                        <dt>{label.clone()}</dt>
                                        <dd data-testid="key-row" data-key=label>
                                            <code data-testid="key-value">{shown}</code>
                                            <button class="button subtle" data-testid="key-copy" on:click=copy>
                                                {move || if copied.get() == Some(i) { "Copied" } else { "Copy" }}
                                            </button>
                                        </dd>
                                    }
                                })
                                .collect_view()}
                        </dl>
                    }
                        .into_any()
                }
            }}
            <div class="form-actions">
                <button class="button" data-testid="dialog-close" on:click=move |_| close.run(())>
                    "Close"
                </button>
            </div>
        </Modal>
    }
}

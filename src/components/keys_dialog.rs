//! Keys of a compute (POST listKeys): shown masked, copied to the clipboard only on demand.
//! The secrets live in this dialog's own signal and nowhere else (no storage, no DOM text, no
//! log); closing the dialog disposes the signal and removes the rows from the page.

use crate::browser;
use crate::components::error_box::ErrorBox;
use crate::components::modal::Modal;
use crate::components::spinner::Spinner;
use crate::fetch::use_fetch;
use crate::http::use_api;
use crate::i18n::t;
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
                push(t("keys.user", "User name"), &a.username, false);
                push(t("keys.password", "Password"), &a.password, true);
                push(t("keys.public_key", "Public key"), &a.public_key_data, true);
                push(t("keys.private_key", "Private key"), &a.private_key_data, true);
            }
        }
        ComputeSecrets::Databricks(d) => push(t("keys.token", "Access token"), &d.databricks_access_token, true),
        ComputeSecrets::Aks(a) => {
            push(t("keys.user_kubeconfig", "User kubeconfig"), &a.user_kube_config, true);
            push(t("keys.admin_kubeconfig", "Admin kubeconfig"), &a.admin_kube_config, true);
            push(t("keys.pull_secret", "Image pull secret name"), &a.image_pull_secret_name, true);
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
        <Modal title=t("keys.keys", "Keys") testid="keys-dialog" on_close=close>
            <p class="hint">
                {t(
                    "keys.secrets_are_masked_copy_puts",
                    "Secrets are masked. Copy puts one on your clipboard; nothing is kept after this dialog closes.",
                )}
            </p>
            {move || match keys.data.get() {
                None => view! { <Spinner label=t("keys.loading_keys", "Loading keys…") /> }.into_any(),
                Some(Err(e)) => {
                    view! { <ErrorBox error=e title=t("keys.could_not_list_the_keys", "Could not list the keys") /> }
                        .into_any()
                }
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
                                                {move || {
                                                    if copied.get() == Some(i) {
                                                        t("common.copied", "Copied")
                                                    } else {
                                                        t("common.copy", "Copy")
                                                    }
                                                }}
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
                    {t("keys.close", "Close")}
                </button>
            </div>
        </Modal>
    }
}

//! Drafts of forms kept in sessionStorage, so a reload (or a sign-in round trip) keeps what
//! was typed — never secrets.

use crate::browser;
use aml_api::WorkspaceRef;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// Field names of secrets: never written to a draft (sessionStorage), whatever the form.
pub const SECRET_FIELDS: [&str; 4] = ["admin_password", "password", "private_key", "access_token"];

/// Draft key of a form in a workspace.
pub fn draft_key(kind: &str, ws: &WorkspaceRef) -> String {
    format!("aml.draft.{kind}.{}/{}/{}", ws.subscription, ws.resource_group, ws.workspace)
}

/// Restores the saved draft into `form`, then saves every change — minus [`SECRET_FIELDS`], so
/// a reload keeps what was typed except passwords, keys and tokens.
pub fn use_draft<F>(key: String, form: RwSignal<F>)
where
    F: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    if let Some(f) = browser::session_get(&key).and_then(|s| serde_json::from_str::<F>(&s).ok()) {
        form.set(f);
    }
    Effect::new(move |_| {
        let Ok(serde_json::Value::Object(mut m)) = form.with(|f| serde_json::to_value(f)) else { return };
        for k in SECRET_FIELDS {
            m.remove(k);
        }
        browser::session_set(&key, &serde_json::Value::Object(m).to_string());
    });
}

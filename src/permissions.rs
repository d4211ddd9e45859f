//! The signed-in user's permissions per workspace (docs/azure-ml-rest.md §13), read once per
//! workspace and session from `…/providers/Microsoft.Authorization/permissions` and kept in the
//! shell, so every page of the workspace can disable what the user's roles do not allow and name
//! the missing action. Evaluation is the api crate's (`aml_api::rbac`). While the answer is
//! pending, or when it cannot be read, nothing is disabled: the service still decides, and a
//! 403 is explained by the error box.

use crate::http::Api;
use crate::routes;
use aml_api::rbac::denied::missing_hint;
use aml_api::rbac::{permissions_request, Permissions};
use aml_api::{Page, WorkspaceRef};
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::sync::Arc;

/// Pages of the permissions list followed at most (one is the norm).
const MAX_PAGES: usize = 10;

#[derive(Clone, Debug, PartialEq)]
enum Known {
    Loading,
    Read(Arc<Permissions>),
    Unreadable,
}

/// The per-workspace cache; lives in the shell.
#[derive(Clone, Copy)]
pub struct PermissionStore {
    map: RwSignal<HashMap<WorkspaceRef, Known>>,
    owner: StoredValue<Owner>,
}

pub fn provide_permissions() {
    let store = PermissionStore {
        map: RwSignal::new(HashMap::new()),
        owner: StoredValue::new(Owner::current().unwrap_or_default()),
    };
    provide_context(store);
}

/// Why a control is off: the first action the user lacks, and the sentence shown for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Denial {
    pub action: &'static str,
    pub hint: String,
}

impl PermissionStore {
    /// Starts reading a workspace's permissions unless already known or underway.
    fn ensure(&self, api: &Api, ws: &WorkspaceRef) {
        if self.map.with_untracked(|m| m.contains_key(ws)) {
            return;
        }
        self.map.update(|m| {
            m.insert(ws.clone(), Known::Loading);
        });
        let (api, ws, map) = (api.clone(), ws.clone(), self.map);
        // Under the shell's owner: leaving the page that asked must not abort the read.
        let owner = self.owner.get_value().child();
        let fut = owner.with(|| ScopedFuture::new_untracked(read(api, ws.clone())));
        spawn_local(async move {
            let known = match fut.await {
                Some(p) => Known::Read(Arc::new(p)),
                None => Known::Unreadable,
            };
            map.try_update(|m| m.insert(ws, known));
            owner.cleanup();
        });
    }
}

async fn read(api: Api, ws: WorkspaceRef) -> Option<Permissions> {
    let mut pages = Vec::new();
    let mut req = permissions_request(api.arm().base(), &ws);
    for _ in 0..MAX_PAGES {
        let page: Page<serde_json::Value> = api.json(req).await.ok()?;
        let next = page.next_link.clone().filter(|l| !l.is_empty());
        pages.push(serde_json::json!({ "value": page.value }));
        match next {
            None => return Some(Permissions::from_pages(&pages)),
            Some(link) => req = api.arm().next_page(&link).ok()?,
        }
    }
    None
}

/// The denial for a control needing every action of `needed` in the current route's workspace:
/// `Some` once the permissions are read and one of them is not allowed.
pub fn use_denial(api: &Api, needed: &'static [&'static str]) -> Signal<Option<Denial>> {
    let ws = routes::use_ws();
    denial_in(api, ws.into(), needed)
}

/// The same for a given workspace signal.
pub fn denial_in(api: &Api, ws: Signal<WorkspaceRef>, needed: &'static [&'static str]) -> Signal<Option<Denial>> {
    let Some(store) = use_context::<PermissionStore>() else {
        return Signal::derive(|| None);
    };
    let api = api.clone();
    Effect::new(move |_| ws.with(|w| store.ensure(&api, w)));
    Signal::derive(move || {
        let w = ws.get();
        store.map.with(|m| match m.get(&w) {
            Some(Known::Read(p)) => p.first_missing(needed).map(|action| Denial { action, hint: missing_hint(action) }),
            _ => None,
        })
    })
}

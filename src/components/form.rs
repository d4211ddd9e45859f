//! Building blocks shared by the create/attach forms: labelled fields with their validation
//! message underneath, drafts kept in sessionStorage (never secrets), the workspace facts a
//! form needs (location, existing names) and the submit flow (validate → PUT → operation).
//!
//! Fields are not generic over the form type: each gets a `Signal<String>` and a setter, built
//! by the `bind!` macro. That keeps one copy of the field code in the bundle.

use crate::browser;
use crate::components::error_box::{ErrorBox, UiError};
use crate::fetch::{use_fetch, Fetch};
use crate::http::{use_api, Api};
use crate::ops::{OpState, Ops};
use crate::routes;
use aml_api::forms::ComputeDraft;
use aml_api::{ComputeResource, FieldError, LroKind, WorkspaceRef};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use serde::{de::DeserializeOwned, Serialize};

/// Field names of secrets: never written to a draft (sessionStorage), whatever the form.
pub const SECRET_FIELDS: [&str; 4] = ["admin_password", "password", "private_key", "access_token"];

pub type FieldErrors = RwSignal<Vec<FieldError>>;

/// `(Signal<String>, Callback<String>)` for a `String` field path of a form signal.
#[macro_export]
macro_rules! bind {
    ($form:ident, $($f:ident).+) => {
        (
            Signal::derive(move || $form.with(|x| x.$($f).+.clone())),
            Callback::new(move |v: String| $form.update(|x| x.$($f).+ = v)),
        )
    };
}

/// The first message for `field`, if any.
pub fn message_for(errors: FieldErrors, field: &'static str) -> Option<String> {
    errors.with(|e| e.iter().find(|e| e.field == field).map(|e| e.message.clone()))
}

/// Props: `label`; `field` – form field name (test ids `field-{field}` / `field-error-{field}`);
/// `errors`; `bound` – value + setter from `bind!`; `input_type` (default text); `hint`;
/// `multiline` – a textarea; `disabled`; `placeholder`.
#[component]
pub fn TextField(
    label: &'static str,
    field: &'static str,
    errors: FieldErrors,
    bound: (Signal<String>, Callback<String>),
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] multiline: bool,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let (value, set) = bound;
    let id = format!("f-{field}");
    let invalid = move || message_for(errors, field).is_some();
    let input = if multiline {
        view! {
            <textarea id=id.clone() data-testid=format!("field-{field}") rows="4" placeholder=placeholder
                prop:value=move || value.get() aria-invalid=move || invalid().to_string() disabled=move || disabled.get()
                on:input=move |ev| set.run(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() type=input_type.unwrap_or("text") data-testid=format!("field-{field}") placeholder=placeholder
                autocomplete=if input_type == Some("password") { "new-password" } else { "off" }
                prop:value=move || value.get() aria-invalid=move || invalid().to_string() disabled=move || disabled.get()
                on:input=move |ev| set.run(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {input}
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <FieldMessage errors=errors field=field/>
        </div>
    }
}

/// The validation message under a field (`field-error-{field}`); empty when valid.
#[component]
pub fn FieldMessage(errors: FieldErrors, field: &'static str) -> impl IntoView {
    move || {
        message_for(errors, field)
            .map(|m| view! { <p class="field-error" role="alert" data-testid=format!("field-error-{field}")>{m}</p> })
    }
}

/// Props: `label`, `field`, `errors`, `bound`, `options` – (value, text) pairs.
#[component]
pub fn SelectField(
    label: &'static str,
    field: &'static str,
    errors: FieldErrors,
    bound: (Signal<String>, Callback<String>),
    options: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let (value, set) = bound;
    view! {
        <div class="field">
            <label for=format!("f-{field}")>{label}</label>
            <select id=format!("f-{field}") data-testid=format!("field-{field}") prop:value=move || value.get()
                on:change=move |ev| set.run(event_target_value(&ev))>
                {options.iter().map(|(v, t)| view! { <option value=*v selected=move || value.get() == *v>{*t}</option> }).collect_view()}
            </select>
            <FieldMessage errors=errors field=field/>
        </div>
    }
}

/// Props: `label`, `testid`, `checked`, `set`.
#[component]
pub fn CheckField(
    label: &'static str,
    testid: &'static str,
    checked: Signal<bool>,
    set: Callback<bool>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" data-testid=testid prop:checked=move || checked.get()
                on:change=move |ev| set.run(event_target_checked(&ev))/>
            {label}
        </label>
    }
}

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

/// What a form needs to know about its workspace.
#[derive(Clone, Copy)]
pub struct WsInfo {
    pub ws: Memo<WorkspaceRef>,
    /// `(location, existing compute names)` once loaded.
    pub facts: Signal<Option<Result<(String, Vec<String>), UiError>>>,
    fetch: Fetch<(String, Vec<String>)>,
}

impl WsInfo {
    pub fn location(&self) -> Option<String> {
        self.facts.with(|f| f.as_ref().and_then(|r| r.as_ref().ok()).map(|(l, _)| l.clone()))
    }
    pub fn names(&self) -> Vec<String> {
        self.facts.with(|f| f.as_ref().and_then(|r| r.as_ref().ok()).map(|(_, n)| n.clone()).unwrap_or_default())
    }
    /// True while the facts are (re)loading.
    pub fn loading(&self) -> bool {
        self.fetch.loading.get()
    }
    pub fn list_path(&self) -> String {
        self.ws.with(|w| routes::computes_path(&w.subscription, &w.resource_group, &w.workspace))
    }
}

/// Workspace from the route, its location (VM sizes, PUT body) and the existing names
/// (uniqueness is checked before any request).
pub fn use_ws_info() -> WsInfo {
    let params = use_params_map();
    let ws = Memo::new(move |_| {
        params.with(|p| {
            let g = |k: &str| p.get(k).unwrap_or_default();
            WorkspaceRef::new(&g("sub"), &g("rg"), &g("ws"))
        })
    });
    let api = use_api();
    let fetch = use_fetch(move || {
        let (api, ws) = (api.clone(), ws.get());
        async move {
            // Only the location is needed: read as JSON, not as the whole Workspace model,
            // whose reader would weigh on the main module (the create page's route data()
            // starts this before the page's chunk is loaded).
            let w: serde_json::Value = api.json(api.arm().get_workspace(&ws)).await?;
            let list: Vec<ComputeResource> = api.fetch_all_pages(api.arm().list_computes(&ws)).await?;
            let location = w["location"].as_str().unwrap_or_default().to_string();
            Ok((location, list.iter().map(|c| c.name().to_string()).collect()))
        }
    });
    WsInfo { ws, facts: fetch.data.into(), fetch }
}

/// Submit state of one form: field errors, the service's refusal, the operation started.
#[derive(Clone, Copy)]
pub struct Runner {
    pub errors: FieldErrors,
    pub service: RwSignal<Option<UiError>>,
    /// True from the click until the service answered the PUT (no double submit).
    pub sending: RwSignal<bool>,
    pub op: RwSignal<Option<u32>>,
    /// A valid submit clicked before the workspace facts were loaded: it goes out (validated
    /// again, with the existing names) as soon as they are, instead of asking for a new click.
    pub queued: RwSignal<bool>,
}

impl Default for Runner {
    fn default() -> Self {
        Runner {
            errors: RwSignal::new(vec![]),
            service: RwSignal::new(None),
            sending: RwSignal::new(false),
            op: RwSignal::new(None),
            queued: RwSignal::new(false),
        }
    }
}

impl Runner {
    /// Validates with the api form rules; only a valid draft is PUT. `draft_key` is cleared
    /// once the service accepted the request.
    pub fn submit(&self, api: Api, ops: Ops, info: WsInfo, draft: ComputeDraft, draft_key: String) {
        if self.sending.get_untracked() {
            return;
        }
        let errs = draft.validate(&info.names());
        self.errors.set(errs.clone());
        if !errs.is_empty() {
            return;
        }
        let Some(location) = info.location() else {
            // Still loading, or failed (its error is on the page): load again and send then.
            if info.facts.with_untracked(|f| matches!(f, Some(Err(_)))) {
                info.fetch.refetch();
            }
            self.service.set(None);
            self.queued.set(true);
            return;
        };
        self.queued.set(false);
        let ws = info.ws.get_untracked();
        let name = draft.name().trim().to_string();
        let req = api.arm().create_or_update_compute(&ws, &name, &draft.to_resource(&location));
        drop(draft);
        let this = *self;
        this.sending.set(true);
        this.service.set(None);
        spawn_local(async move {
            match ops.start(api, LroKind::Create, ws, name, req).await {
                Ok(id) => {
                    browser::session_remove(&draft_key);
                    this.op.try_set(Some(id));
                }
                Err(e) => {
                    this.service.try_set(Some(e));
                }
            }
            this.sending.try_set(false);
        });
    }
}

/// Props: `runner`, `ops`, `info`, `label` – submit text, `on_submit`.
/// Shows the service error, the operation's progress and outcome (with a link to the new
/// compute), and the submit button, disabled while a PUT or the operation is in flight.
#[component]
pub fn SubmitBar(
    runner: Runner,
    ops: Ops,
    info: WsInfo,
    label: &'static str,
    on_submit: Callback<()>,
) -> impl IntoView {
    let ops2 = ops.clone();
    let op = Memo::new(move |_| runner.op.get().and_then(|id| ops2.get(id)));
    // The queued submit goes out once the facts are in; if loading failed again, the error
    // shows above the form and the next click retries.
    Effect::new(move |_| {
        if runner.queued.get() && !info.loading() && info.facts.with(Option::is_some) {
            if info.location().is_some() {
                untrack(|| on_submit.run(()));
            } else {
                runner.queued.set(false);
            }
        }
    });
    let busy = move || {
        runner.queued.get()
            || runner.sending.get()
            || op.with(|o| o.as_ref().is_some_and(|o| o.running() || o.state == OpState::Succeeded))
    };
    let count = move || runner.errors.with(Vec::len);
    let list = info.list_path();
    view! {
        {move || (count() > 0).then(|| view! {
            <div class="message-bar error" data-testid="form-errors" role="alert">
                {format!("Fix {} problem{} before continuing; nothing was sent.", count(), if count() == 1 { "" } else { "s" })}
            </div>
        })}
        {move || runner.service.get().map(|e| view! { <ErrorBox error=e title="The service refused the request"/> })}
        {move || runner.queued.get().then(|| view! {
            <div class="message-bar" data-testid="op-queued" role="status">
                <span class="spinner small" aria-hidden="true"></span> " Loading the workspace; the request is sent as soon as it has loaded."
            </div>
        })}
        {move || op.get().map(|o| {
            let href = o.ws.clone();
            let href = routes::compute_path(&href.subscription, &href.resource_group, &href.workspace, &o.name);
            match o.state.clone() {
                OpState::Failed(e) => view! { <ErrorBox error=e title="The operation failed"/> }.into_any(),
                OpState::Succeeded => view! {
                    <div class="message-bar success" data-testid="op-done">
                        {o.summary()} " " <a data-testid="op-result-link" href=crate::routes::href(&href)>{format!("Open {}", o.name)}</a>
                    </div>
                }.into_any(),
                _ => view! {
                    <div class="message-bar" data-testid="op-progress" role="status">
                        <span class="spinner small" aria-hidden="true"></span> " " {o.summary()}
                        " You can leave this page; the operation continues. " <a href=crate::routes::href(&href)>"Open"</a>
                    </div>
                }.into_any(),
            }
        })}
        <div class="form-actions">
            <button class="button primary" data-testid="form-submit" disabled=busy on:click=move |_| on_submit.run(())>{label}</button>
            <a class="button" data-testid="form-cancel" href=crate::routes::href(&list)>"Back to compute list"</a>
        </div>
    }
}

/// Loading / error state of the workspace facts, shown above a form.
#[component]
pub fn WsFactsStatus(info: WsInfo) -> impl IntoView {
    move || {
        match info.facts.get() {
        Some(Err(e)) => Some(view! {
            <ErrorBox error=e title="Could not load the workspace"/>
            <button class="button" data-testid="ws-facts-retry" disabled=move || info.loading() on:click=move |_| info.fetch.refetch()>"Try again"</button>
        }.into_any()),
        None => Some(view! { <p class="muted">"Loading workspace…"</p> }.into_any()),
        _ => None,
    }
    }
}

/// Page header of a form. Props: `title`, `subtitle`.
#[component]
pub fn FormHeader(title: &'static str, subtitle: &'static str) -> impl IntoView {
    view! {
        <div class="page-header">
            <div>
                <h1>{title}</h1>
                <p class="subtitle">{subtitle}</p>
            </div>
        </div>
    }
}

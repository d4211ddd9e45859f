//! The submit controller of the compute create/attach forms: validate with the api form rules
//! → PUT → follow the operation in the app's store, with no double submit and a submit queued
//! while the workspace facts load. The fields themselves are `fields`.

use crate::browser;
use crate::components::error_box::ErrorBox;
use crate::components::fields::FieldErrors;
use crate::components::guard::{Guard, Guarded};
use crate::components::ws_facts::WsInfo;
use crate::error::UiError;
use crate::http::{use_api, Api};
use crate::i18n::{t, tf};
use crate::ops::{OpState, Ops};
use crate::permissions::use_denial;
use crate::routes;
use aml_api::forms::ComputeDraft;
use aml_api::rbac::actions;
use aml_api::LroKind;
use leptos::prelude::*;
use leptos::task::spawn_local;

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
                info.reload();
            }
            self.service.set(None);
            self.queued.set(true);
            return;
        };
        self.queued.set(false);
        let ws = info.ws.get_untracked();
        let name = draft.name().trim().to_string();
        let mut req = api.arm().create_or_update_compute(&ws, &name, &draft.to_resource(&location));
        if let Some(version) = draft.api_version() {
            req = aml_api::lifecycle::with_api_version(req, version);
        }
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
    // Creating and attaching both write the compute; the form stays usable to fill and keep.
    let guard = Guard::new(use_denial(&use_api(), &[actions::COMPUTE_WRITE]), "tip-form-submit");
    let list = info.list_path();
    view! {
        {move || {
            (count() > 0)
                .then(|| {
                    view! {
                        <div class="message-bar error" data-testid="form-errors" role="alert">
                            {match count() {
                                1 => t("form.fix_one", "Fix 1 problem before continuing; nothing was sent.").to_string(),
                                n => {
                                    tf(
                                        "form.fix_other",
                                        "Fix {n} problems before continuing; nothing was sent.",
                                        &[("n", &n.to_string())],
                                    )
                                }
                            }}
                        </div>
                    }
                })
        }}
        {move || {
            runner
                .service
                .get()
                .map(|e| view! { <ErrorBox error=e title=t("form.refused", "The service refused the request") /> })
        }}
        {move || {
            runner
                .queued
                .get()
                .then(|| {
                    view! {
                        <div class="message-bar" data-testid="op-queued" role="status">
                            <span class="spinner small" aria-hidden="true"></span>
                            " "
                            {t("form.queued", "Loading the workspace; the request is sent as soon as it has loaded.")}
                        </div>
                    }
                })
        }}
        {move || {
            op.get()
                .map(|o| {
                    let href = routes::compute_path(&o.ws, &o.name);
                    match o.state.clone() {
                        OpState::Failed(e) => {
                            view! { <ErrorBox error=e title=t("form.op_failed", "The operation failed") /> }.into_any()
                        }
                        OpState::Succeeded => {
                            view! {
                                <div class="message-bar success" data-testid="op-done">
                                    {o.summary()}
                                    " "
                                    <a data-testid="op-result-link" href=routes::href(&href)>
                                        {tf("ops.open", "Open {name}", &[("name", &o.name)])}
                                    </a>
                                </div>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <div class="message-bar" data-testid="op-progress" role="status">
                                    <span class="spinner small" aria-hidden="true"></span>
                                    " "
                                    {o.summary()}
                                    " "
                                    {t("form.can_leave", "You can leave this page; the operation continues.")}
                                    " "
                                    <a href=routes::href(&href)>{t("common.open", "Open")}</a>
                                </div>
                            }
                                .into_any()
                        }
                    }
                })
        }}
        <div class="form-actions">
            <Guarded guard=guard>
                <button
                    class="button primary"
                    data-testid="form-submit"
                    disabled=busy
                    aria-disabled=guard.aria_disabled()
                    aria-describedby=guard.described_by()
                    on:click=move |_| {
                        if !guard.denied() {
                            on_submit.run(())
                        }
                    }
                >
                    {label}
                </button>
            </Guarded>
            <a class="button" data-testid="form-cancel" href=routes::href(&list)>
                {t("form.back_to_computes", "Back to compute list")}
            </a>
        </div>
    }
}

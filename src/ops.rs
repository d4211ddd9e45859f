//! App-level store of long-running operations: compute create, scale, delete and power
//! actions, and job cancel.
//!
//! Pages start an operation here instead of polling it themselves, so **leaving the page does
//! not lose it**: the store lives in the signed-in shell, polls in the background following the
//! api crate's sans-IO `LroPoller` (Azure-AsyncOperation, else Location, else the resource;
//! Retry-After honoured), and keeps the outcome for the header's notification area. Each
//! operation runs under its own child owner, so its requests are not aborted when the page that
//! started it is cleaned up. Request bodies (which may carry secrets) are never stored: only the
//! poller's GET requests live on.

use crate::browser;
use crate::error::ui_error;
use crate::error::UiError;
use crate::http::Api;
use crate::i18n::{t, tf, tm};
use aml_api::i18n::fill;
use aml_api::{HttpRequest, LroConfig, LroKind, LroOutcome, LroPoller, LroStep, WorkspaceRef};
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::task::spawn_local;

/// Status checks that may fail at the transport level (network blip) before we give up.
const MAX_TRANSPORT_ERRORS: u32 = 5;

#[derive(Clone, Debug, PartialEq)]
pub enum OpState {
    Running,
    Succeeded,
    Failed(UiError),
    Canceled,
}

/// What an operation acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpTarget {
    Compute,
    /// A job: followed by its details page, not shown in the notification area (whose links
    /// open computes).
    Job,
}

/// One operation as the UI shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Op {
    pub id: u32,
    pub ws: WorkspaceRef,
    /// The compute's or the job's name.
    pub name: String,
    pub target: OpTarget,
    pub kind: LroKind,
    /// Poller progress, e.g. "Creating… (InProgress, 2 polls)".
    pub text: String,
    pub state: OpState,
    /// Hidden from the notification area (the user closed the toast).
    pub dismissed: bool,
}

impl Op {
    pub fn running(&self) -> bool {
        self.state == OpState::Running
    }

    /// Short outcome line for toasts and banners.
    pub fn summary(&self) -> String {
        let (done, failed) = match self.kind {
            LroKind::Create => {
                (t("ops.created", "{name} created."), t("ops.create_failed", "{name} could not be created: {code}"))
            }
            LroKind::Update => {
                (t("ops.updated", "{name} updated."), t("ops.update_failed", "{name} could not be updated: {code}"))
            }
            LroKind::Delete => {
                (t("ops.deleted", "{name} deleted."), t("ops.delete_failed", "{name} could not be deleted: {code}"))
            }
            LroKind::Detach => {
                (t("ops.detached", "{name} detached."), t("ops.detach_failed", "{name} could not be detached: {code}"))
            }
            LroKind::Start => {
                (t("ops.started", "{name} started."), t("ops.start_failed", "{name} could not be started: {code}"))
            }
            LroKind::Stop => {
                (t("ops.stopped", "{name} stopped."), t("ops.stop_failed", "{name} could not be stopped: {code}"))
            }
            LroKind::Restart => (
                t("ops.restarted", "{name} restarted."),
                t("ops.restart_failed", "{name} could not be restarted: {code}"),
            ),
            LroKind::Cancel => {
                (t("ops.canceled", "{name} canceled."), t("ops.cancel_failed", "{name} could not be canceled: {code}"))
            }
        };
        let name = self.name.as_str();
        match &self.state {
            OpState::Running => format!("{name}: {}", tm(&self.text)),
            OpState::Succeeded => fill(done, &[("name", name)]),
            OpState::Failed(e) => fill(failed, &[("name", name), ("code", &e.code)]),
            OpState::Canceled => tf("ops.op_canceled", "{name}: the operation was canceled.", &[("name", name)]),
        }
    }
}

/// The store, provided as context by the shell. Cheap to clone.
#[derive(Clone)]
pub struct Ops {
    pub list: RwSignal<Vec<Op>>,
    /// Bumped whenever an operation finishes: lists and details refetch on it.
    pub finished: RwSignal<u32>,
    next_id: StoredValue<u32>,
    owner: Owner,
    config: LroConfig,
}

pub fn provide_ops(config: LroConfig) -> Ops {
    let ops = Ops {
        list: RwSignal::new(Vec::new()),
        finished: RwSignal::new(0),
        next_id: StoredValue::new(0),
        owner: Owner::current().unwrap_or_default(),
        config,
    };
    provide_context(ops.clone());
    ops
}

pub fn use_ops() -> Ops {
    use_context::<Ops>().expect("Ops is provided by the shell")
}

impl Ops {
    /// The running operation on a compute, if any.
    pub fn running_for(&self, ws: &WorkspaceRef, name: &str) -> Option<Op> {
        self.list.with(|l| {
            l.iter()
                .rev()
                .find(|o| {
                    o.running() && o.target == OpTarget::Compute && &o.ws == ws && o.name.eq_ignore_ascii_case(name)
                })
                .cloned()
        })
    }

    pub fn get(&self, id: u32) -> Option<Op> {
        self.list.with(|l| l.iter().find(|o| o.id == id).cloned())
    }

    pub fn dismiss(&self, id: u32) {
        self.list.update(|l| l.iter_mut().filter(|o| o.id == id).for_each(|o| o.dismissed = true));
    }

    fn update(&self, id: u32, f: impl FnOnce(&mut Op)) {
        self.list.try_update(|l| l.iter_mut().find(|o| o.id == id).map(f));
    }

    /// Sends the initial request (PUT/PATCH/DELETE/POST) and, when the service accepts it,
    /// registers the operation and keeps polling in the background. `Err` = refused at once
    /// (400/409/…): nothing was registered and the caller shows the error next to its form.
    pub async fn start(
        &self,
        api: Api,
        kind: LroKind,
        ws: WorkspaceRef,
        name: String,
        req: HttpRequest,
    ) -> Result<u32, UiError> {
        let resource_url = api.arm().get_compute(&ws, &name).url;
        self.launch(api, kind, (ws, name, OpTarget::Compute), req, resource_url).await
    }

    /// Cancels a job (POST cancel, then the operation it starts); same contract as
    /// [`Ops::start`]. The job's details page shows the progress.
    pub async fn cancel_job(&self, api: Api, ws: WorkspaceRef, id: String) -> Result<u32, UiError> {
        let op = aml_api::jobs::cancel::cancel_operation(api.arm(), &ws, &id);
        self.launch(api, op.kind, (ws, id, OpTarget::Job), op.request, op.resource_url).await
    }

    /// Deletes a job (DELETE, then the operation it starts); same contract as [`Ops::start`].
    pub async fn delete_job(&self, api: Api, ws: WorkspaceRef, id: String) -> Result<u32, UiError> {
        let op = aml_api::jobs::tidy::delete_operation(api.arm(), &ws, &id);
        self.launch(api, op.kind, (ws, id, OpTarget::Job), op.request, op.resource_url).await
    }

    async fn launch(
        &self,
        api: Api,
        kind: LroKind,
        (ws, name, target): (WorkspaceRef, String, OpTarget),
        req: HttpRequest,
        resource_url: String,
    ) -> Result<u32, UiError> {
        let owner = self.owner.child();
        let api2 = api.clone();
        let resp = owner.with(|| ScopedFuture::new_untracked(async move { api2.send(req).await })).await;
        let resp = match resp {
            Ok(r) => r,
            Err(e) => {
                owner.cleanup();
                return Err(e);
            }
        };
        let poller = match LroPoller::start(api.arm(), kind, &resource_url, &resp, self.config) {
            Ok(p) => p,
            Err(e) => {
                owner.cleanup();
                return Err(ui_error(e, resp.header("x-ms-client-request-id").map(str::to_string)));
            }
        };
        let id = self.next_id.try_update_value(|n| {
            *n += 1;
            *n
        });
        let id = id.unwrap_or_default();
        let text = poller.status().text();
        let dismissed = target == OpTarget::Job;
        let op = Op { id, ws, name, target, kind, text, state: OpState::Running, dismissed };
        self.list.update(|l| l.push(op));
        let this = self.clone();
        let fut = owner.with(|| ScopedFuture::new_untracked(this.clone().poll(api, poller, id)));
        spawn_local(async move {
            fut.await;
            owner.cleanup();
            this.finished.try_update(|n| *n = n.wrapping_add(1));
        });
        Ok(id)
    }

    async fn poll(self, api: Api, mut poller: LroPoller, id: u32) {
        let mut transport_errors = 0;
        let outcome = loop {
            match poller.next() {
                LroStep::Done(o) => break o,
                LroStep::Poll { request, delay_ms } => {
                    browser::sleep_ms(delay_ms).await;
                    match api.send(request).await {
                        Ok(resp) => poller.on_response(&resp),
                        Err(e) => {
                            transport_errors += 1;
                            if transport_errors >= MAX_TRANSPORT_ERRORS {
                                self.update(id, |o| o.state = OpState::Failed(e));
                                return;
                            }
                        }
                    }
                    let text = poller.status().text();
                    self.update(id, |o| o.text = text);
                }
            }
        };
        let state = match outcome {
            LroOutcome::Succeeded => OpState::Succeeded,
            LroOutcome::Canceled => OpState::Canceled,
            LroOutcome::Failed(e) => OpState::Failed(ui_error(e, None)),
        };
        self.update(id, |o| o.state = state);
    }
}

//! A request a lazy route's `data()` sends while the page's chunk downloads, answered raw.
//!
//! `data()` runs in the main module, and whatever it calls stays there (src/lazy_routes.rs).
//! Reading the answer (JSON, list items, rows) is the page's business, so only `send` — which
//! the compute list needs anyway — is called here; the page reads the answer when it arrives.

use crate::error::UiError;
use crate::http::Api;
use aml_api::{HttpRequest, HttpResponse};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The request and, once it is in, the pipeline's answer to it.
#[derive(Clone)]
pub struct Prefetch {
    pub req: HttpRequest,
    pub answer: RwSignal<Option<Result<HttpResponse, UiError>>>,
}

/// Sends `req` now; the answer lands in `Prefetch::answer`.
pub fn prefetch(api: Api, req: HttpRequest) -> Prefetch {
    let answer = RwSignal::new(None);
    let sent = req.clone();
    spawn_local(async move {
        let got = api.send(sent).await;
        answer.try_set(Some(got));
    });
    Prefetch { req, answer }
}

//! The console's only network path for ARM, the data plane and storage: each call runs through
//! the api crate's sans-IO request pipeline (client request id → retry → bearer token →
//! transport) and this module does what it asks — `fetch` (gloo-net), sleep, renew the token.
//!
//! * Retries: 408/429/5xx and dropped connections, with backoff + jitter or the service's
//!   `Retry-After`; only requests safe to resend (`RetryClass`). The final error says what was
//!   tried and keeps the service's code, message, details and both request ids.
//! * Tokens: one per audience (`auth::Audience`), renewed with the refresh token before expiry
//!   and once after a 401. An auth failure that renewal cannot fix drops the session; the
//!   shell's guard signs in again and comes back to the same page.
//! * Storage calls (SAS URLs) use the retry policy only: no bearer token ever goes to storage.
//! * In-flight ARM/data-plane calls are aborted when the reactive owner that started them is
//!   cleaned up (page left, resource refetched), so late answers never land on a stale page.

use crate::auth::renew::renew;
use crate::auth::{use_auth, Audience, Auth, Usable};
use crate::browser;
use crate::config::{use_config, Config};
use crate::error::{ui_error, UiError};
use crate::i18n::{t, tf};
use aml_api::cloud::token_audience_with;
use aml_api::pipeline::Action;
use aml_api::{
    ApiError, ArmClient, BearerToken, HttpRequest, HttpResponse, Page, Pipeline, RetryClass, RetryOptions,
    TransportOutcome,
};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// Safety net against a service that keeps returning next links.
const MAX_PAGES: usize = 500;

/// ARM access for pages: request builders (`arm()`) plus the authenticated transport.
#[derive(Clone)]
pub struct Api {
    arm: Arc<ArmClient>,
    auth: Auth,
    cfg: Arc<Config>,
}

/// The `Api` for the current config and session (call inside a component).
pub fn use_api() -> Api {
    let cfg = use_config();
    Api { arm: Arc::new(ArmClient::new(&cfg.arm_endpoint, &cfg.api_version)), auth: use_auth(), cfg }
}

impl Api {
    pub fn arm(&self) -> &ArmClient {
        &self.arm
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Sends one request through the pipeline. Any final HTTP status is an `Ok` response; `Err`
    /// means the pipeline gave up (retries exhausted, not safe to resend, auth failed,
    /// aborted) or the URL is not a host the token may go to.
    pub async fn send(&self, req: HttpRequest) -> Result<HttpResponse, UiError> {
        let aud = audience(&self.cfg, &req.url)?;
        let abort = AbortOnCleanup::new();
        let auth = TokenSource { auth: self.auth, cfg: &self.cfg, aud };
        drive(req, None, RetryOptions::default(), Some(auth), abort.signal()).await
    }

    /// A storage call with the user's own storage token (job logs read from the workspace
    /// storage account when the data plane does not answer). Only to the cloud's blob hosts or
    /// `storageOrigins`; any final status is an `Ok` for the caller to judge (403: no data role).
    pub async fn send_storage_oauth(&self, req: HttpRequest) -> Result<HttpResponse, UiError> {
        let cfg = &self.cfg;
        if !aml_api::jobs::log_blobs::storage_token_allowed(
            cfg.storage_default.as_deref(),
            &cfg.storage_origins,
            &req.url,
        ) {
            let target = aml_api::url::origin(&req.url).map_or_else(|| req.url.clone(), |o| o.to_string());
            return Err(UiError::simple(
                "UntrustedHost",
                tf(
                    "http.untrusted_storage",
                    "The console sends your storage sign-in only to the cloud's blob endpoints and storageOrigins, not to {target}.",
                    &[("target", &target)],
                ),
            ));
        }
        let abort = AbortOnCleanup::new();
        let auth = TokenSource { auth: self.auth, cfg, aud: Audience::Storage };
        let retry = RetryOptions { max_retries: 2, ..storage_retry() };
        drive(req, None, retry, Some(auth), abort.signal()).await
    }

    /// Sends a request and parses a 2xx JSON body; other statuses become an ARM `UiError`.
    pub async fn json<T: DeserializeOwned>(&self, req: HttpRequest) -> Result<T, UiError> {
        let resp = self.send(req).await?;
        parse_response(&resp)
    }

    /// GETs a list and follows `nextLink` (only to the same ARM host, enforced by
    /// `ArmClient::next_page`) until the last page.
    pub async fn fetch_all_pages<T: DeserializeOwned>(&self, first: HttpRequest) -> Result<Vec<T>, UiError> {
        Ok(self.fetch_list(first).await?.items)
    }

    /// Like `fetch_all_pages`, and says which items were left out: an item that is not an
    /// object, or does not read as `T`, is skipped rather than failing the whole list (ARM never
    /// sends one; a broken proxy or a service bug might, and the rest is still worth seeing).
    pub async fn fetch_list<T: DeserializeOwned>(&self, first: HttpRequest) -> Result<Listed<T>, UiError> {
        let mut listed = Listed { items: Vec::new(), skipped: Vec::new() };
        let mut req = first;
        for _ in 0..MAX_PAGES {
            let (page, next) = self.fetch_page::<T>(req, listed.items.len() + listed.skipped.len()).await?;
            listed.items.extend(page.items);
            listed.skipped.extend(page.skipped);
            match next {
                None => return Ok(listed),
                Some(next) => req = next,
            }
        }
        Err(UiError::simple(
            "TooManyPages",
            tf("http.too_many_pages", "Stopped after {n} pages.", &[("n", &MAX_PAGES.to_string())]),
        ))
    }

    /// One page of a list (items read as in `fetch_list`; `before` items came on earlier pages,
    /// for the notes) and the request for the next page, if the service sent a `nextLink`.
    pub async fn fetch_page<T: DeserializeOwned>(
        &self,
        req: HttpRequest,
        before: usize,
    ) -> Result<(Listed<T>, Option<HttpRequest>), UiError> {
        let resp = self.send(req).await?;
        self.read_page(&resp, before)
    }

    /// `fetch_page` for an answer already in (a page a route's `data()` asked for).
    pub fn read_page<T: DeserializeOwned>(
        &self,
        resp: &HttpResponse,
        before: usize,
    ) -> Result<(Listed<T>, Option<HttpRequest>), UiError> {
        let mut listed = Listed { items: Vec::new(), skipped: Vec::new() };
        let page: Page<serde_json::Value> = parse_response(resp)?;
        for (n, item) in page.value.into_iter().enumerate() {
            let read = if item.is_object() {
                serde_json::from_value::<T>(item).map_err(|e| e.to_string())
            } else {
                Err(format!("not an object ({})", json_kind(&item)))
            };
            match read {
                Ok(t) => listed.items.push(t),
                Err(e) => listed.skipped.push(format!("item {}: {e}", before + n + 1)),
            }
        }
        let next = match page.next_link.as_deref().filter(|l| !l.is_empty()) {
            None => None,
            Some(link) => Some(self.arm.next_page(link).map_err(|e| ui_error(e, None))?),
        };
        Ok((listed, next))
    }
}

/// The readable items of a list and a note per item left out (see `Api::fetch_list`).
#[derive(Clone, Debug, PartialEq)]
pub struct Listed<T> {
    pub items: Vec<T>,
    pub skipped: Vec<String>,
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Retry limits for storage: shorter than ARM's, since a stuck block holds up the whole
/// upload and the user can resume it (already-uploaded blocks are kept).
pub fn storage_retry() -> RetryOptions {
    RetryOptions { max_retries: 3, base_delay_ms: 500, max_delay_ms: 8_000, budget_ms: 60_000 }
}

/// A storage call with a SAS URL: retry policy and request id, no bearer token. `body` is any
/// fetch body (a `Blob` slice of a picked file, a string); it is resent as is on a retry.
pub async fn send_storage(
    req: HttpRequest,
    body: Option<JsValue>,
    options: RetryOptions,
) -> Result<HttpResponse, UiError> {
    drive(req, body, options, None, None).await
}

/// A call that needs no credential at all (a workspace's discovery document, which the SDKs
/// also fetch anonymously): the retry policy, no token, aborted with the page.
pub async fn send_anonymous(req: HttpRequest) -> Result<HttpResponse, UiError> {
    let abort = AbortOnCleanup::new();
    // Short: a host that gives no answer is usually one that refuses this origin (CORS), which
    // retrying does not change; the page explains it instead of keeping a spinner.
    let retry = RetryOptions { max_retries: 2, base_delay_ms: 500, max_delay_ms: 4_000, budget_ms: 20_000 };
    drive(req, None, retry, None, abort.signal()).await
}

/// Which token a URL gets (`aml_api::cloud::token_audience`): the ARM or the data-plane one,
/// and none — the call is refused before it is sent — for any other host.
fn audience(cfg: &Config, url: &str) -> Result<Audience, UiError> {
    token_audience_with(&cfg.arm_endpoint, &cfg.data_plane_trust(&browser::origin()), url).ok_or_else(|| {
        let target = aml_api::url::origin(url).map_or_else(|| url.to_string(), |o| o.to_string());
        UiError::simple(
            "UntrustedHost",
            tf(
                "http.untrusted_host",
                "The console sends your sign-in only to the configured ARM and data-plane endpoints, not to {target}.",
                &[("target", &target)],
            ),
        )
    })
}

/// Where a bearer call gets and renews its token.
struct TokenSource<'a> {
    auth: Auth,
    cfg: &'a Config,
    aud: Audience,
}

/// Runs one logical call to its end (see the pipeline module docs for the loop).
async fn drive(
    req: HttpRequest,
    body: Option<JsValue>,
    options: RetryOptions,
    tokens: Option<TokenSource<'_>>,
    signal: Option<web_sys::AbortSignal>,
) -> Result<HttpResponse, UiError> {
    let class = RetryClass::from_request(&req);
    let mut current = match &tokens {
        // Storage: the SAS in the URL is the credential. The pipeline wants a token to start
        // without a renewal; the transport never sends this empty one.
        None => Some(String::new()),
        Some(t) => match t.auth.usable(t.aud) {
            Usable::Fresh(tok) => Some(tok),
            // Renew before expiry; if that hiccups, the current token still works for now.
            Usable::Stale(tok) => Some(renew(t.auth, t.cfg, t.aud, None).await.unwrap_or(tok)),
            Usable::Missing => None,
        },
    };
    let first = current.clone().map(BearerToken::new);
    let mut run = Pipeline::new(options).start(req, class, first, browser::random_bytes::<16>(), now_ms());
    loop {
        match run.next() {
            Action::Send { request, .. } => {
                // Offline: hold the request (polling pauses) until the browser is back.
                crate::connection::wait_online().await;
                let outcome = transport(request, body.clone(), tokens.is_some(), signal.as_ref()).await;
                if tokens.as_ref().is_some_and(|t| t.aud == Audience::Arm) {
                    match &outcome {
                        TransportOutcome::Response(_) => crate::connection::answered(),
                        TransportOutcome::ConnectionFailed(_) => crate::connection::arm_unanswered(),
                        _ => {}
                    }
                }
                run.on_outcome(outcome, now_ms());
            }
            Action::Wait { delay_ms, .. } => browser::sleep_ms(delay_ms).await,
            Action::RenewToken => {
                let result = match &tokens {
                    Some(t) => renew_for(t, current.as_deref()).await,
                    None => Err(ApiError::new(
                        "AuthenticationFailed",
                        t(
                            "http.sas_refused",
                            "Storage refused the upload/download link (SAS); it may have expired. Try again to get a new one.",
                        ),
                    )),
                };
                if let Ok(tok) = &result {
                    current = Some(tok.clone());
                }
                run.on_token(result.map(BearerToken::new));
            }
            Action::Done(Ok(resp)) => return Ok(resp),
            Action::Done(Err(e)) => {
                if let Some(t) = &tokens {
                    // A data-plane refusal alone does not end the session while renewal works.
                    if e.is_auth_failure() && (t.aud == Audience::Arm || !t.auth.has_refresh_token()) {
                        t.auth.expire();
                    }
                }
                return Err(ui_error(e, Some(run.client_request_id().to_string())));
            }
        }
    }
}

/// The renewal the pipeline asks for. A data-plane 401 to the ARM token switches that host to
/// a token of its own audience (docs/azure-ml-rest.md §1: try the ARM token first, then `ml.azure.com`).
async fn renew_for(t: &TokenSource<'_>, rejected: Option<&str>) -> Result<String, ApiError> {
    let aud = match t.aud {
        Audience::DataPlane if rejected.is_some() => {
            t.auth.data_plane_needs_own_token();
            Audience::DataPlane
        }
        Audience::DataPlane if !t.auth.data_plane_uses_own_token() => Audience::Arm,
        a => a,
    };
    renew(t.auth, t.cfg, aud, rejected).await
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// One `fetch`. A thrown fetch is a dropped connection (or CORS, which browsers do not tell
/// apart) unless our abort signal fired.
async fn transport(
    req: HttpRequest,
    body: Option<JsValue>,
    bearer: bool,
    signal: Option<&web_sys::AbortSignal>,
) -> TransportOutcome {
    let method =
        gloo_net::http::Method::from_bytes(req.method.as_str().as_bytes()).unwrap_or(gloo_net::http::Method::GET);
    let mut builder = gloo_net::http::RequestBuilder::new(&req.url).method(method).abort_signal(signal);
    for (k, v) in &req.headers {
        if bearer || !k.eq_ignore_ascii_case("authorization") {
            builder = builder.header(k, v);
        }
    }
    if req.body.is_some() && req.header("Content-Type").is_none() {
        builder = builder.header("Content-Type", "application/json");
    }
    let request = match (body, req.body) {
        (Some(js), _) => builder.body(js),
        (None, Some(text)) => builder.body(text),
        (None, None) => builder.build(),
    };
    let failed = |e: gloo_net::Error| match signal.is_some_and(|s| s.aborted()) {
        true => TransportOutcome::Aborted,
        false => TransportOutcome::ConnectionFailed(e.to_string()),
    };
    let resp = match request {
        Ok(r) => match r.send().await {
            Ok(r) => r,
            Err(e) => return failed(e),
        },
        Err(e) => return failed(e),
    };
    let status = resp.status();
    let headers: Vec<(String, String)> = resp.headers().entries().collect();
    // A body cut off mid-stream is a dropped connection too.
    let body = match resp.text().await {
        Ok(b) => b,
        Err(e) => return failed(e),
    };
    TransportOutcome::Response(HttpResponse { status, headers, body })
}

/// Aborts the call's fetches when the reactive owner running it is cleaned up.
struct AbortOnCleanup(Option<web_sys::AbortController>);

impl AbortOnCleanup {
    fn new() -> Self {
        let controller = web_sys::AbortController::new().ok();
        // `on_cleanup` needs Send + Sync; the controller never leaves this thread.
        let handle = SendWrapper::new(controller.clone());
        on_cleanup(move || {
            if let Some(c) = handle.take() {
                c.abort();
            }
        });
        AbortOnCleanup(controller)
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(|c| c.signal())
    }
}

/// 2xx → parsed body; otherwise the ARM error envelope (via `aml_api::parse_json`) as a `UiError`.
pub fn parse_response<T: DeserializeOwned>(resp: &HttpResponse) -> Result<T, UiError> {
    // An empty 2xx body (e.g. 204) reads as JSON null.
    let fixed;
    let resp = if resp.is_success() && resp.body.trim().is_empty() {
        fixed = HttpResponse { body: "null".into(), ..resp.clone() };
        &fixed
    } else {
        resp
    };
    aml_api::parse_json(resp).map_err(|e| {
        let client_id = resp.header("x-ms-client-request-id").map(str::to_string);
        ui_error(e, client_id)
    })
}

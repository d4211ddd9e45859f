//! The console's only network transport for ARM: executes sans-IO `aml_api::HttpRequest`s with
//! `fetch` (gloo-net), adding the bearer token and a fresh `x-ms-client-request-id`.
//!
//! * In-flight requests are aborted when the reactive owner that started them is cleaned up
//!   (page left, resource refetched), so late answers never land on a stale page.
//! * A 401 (or a token that expired) makes the auth module forget the token; the route guard
//!   then signs in again and comes back to the same page.

use crate::auth::{use_auth, Auth};
use crate::auth::pkce::uuid_v4;
use crate::components::error_box::{ErrorNode, UiError};
use crate::config::use_config;
use aml_api::{ApiError, ArmClient, ErrorDetail, HttpRequest, HttpResponse, Page};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// Safety net against a service that keeps returning next links.
const MAX_PAGES: usize = 500;

/// ARM access for pages: request builders (`arm()`) plus the authenticated transport.
#[derive(Clone)]
pub struct Api {
    arm: Arc<ArmClient>,
    auth: Auth,
}

/// The `Api` for the current config and session (call inside a component).
pub fn use_api() -> Api {
    let cfg = use_config();
    Api { arm: Arc::new(ArmClient::new(&cfg.arm_endpoint, &cfg.api_version)), auth: use_auth() }
}

impl Api {
    pub fn arm(&self) -> &ArmClient {
        &self.arm
    }

    /// Sends one request. Any HTTP status is an `Ok` response; `Err` means no usable answer
    /// (network/CORS failure, aborted, or no token).
    pub async fn send(&self, req: HttpRequest) -> Result<HttpResponse, UiError> {
        let request_id = uuid_v4();
        let Some(token) = self.auth.token() else {
            return Err(UiError {
                request_id: Some(request_id),
                ..UiError::simple("SessionExpired", "Your session has expired; signing in again…")
            });
        };
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        // `on_cleanup` needs Send + Sync; the controller never leaves this thread.
        let controller = SendWrapper::new(controller);
        on_cleanup(move || {
            if let Some(c) = controller.take() {
                c.abort();
            }
        });

        let method = gloo_net::http::Method::from_bytes(req.method.as_str().as_bytes())
            .unwrap_or(gloo_net::http::Method::GET);
        let mut builder = gloo_net::http::RequestBuilder::new(&req.url)
            .method(method)
            .abort_signal(signal.as_ref())
            .header("Authorization", &format!("Bearer {token}"))
            .header("x-ms-client-request-id", &request_id);
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        if req.body.is_some() && req.header("Content-Type").is_none() {
            builder = builder.header("Content-Type", "application/json");
        }
        let net_err = |e: gloo_net::Error| UiError {
            request_id: Some(request_id.clone()),
            ..UiError::simple(
                "NetworkError",
                format!("The request could not be completed (network, CORS or aborted): {e}"),
            )
        };
        let request = match req.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(net_err)?;
        let resp = request.send().await.map_err(net_err)?;
        let status = resp.status();
        let headers: Vec<(String, String)> = resp.headers().entries().collect();
        let body = resp.text().await.map_err(net_err)?;
        if status == 401 {
            // Token rejected by ARM: drop it; the guard re-runs sign-in for this page.
            self.auth.expire();
        }
        let mut out = HttpResponse { status, headers, body };
        // Remember which id we sent, so errors can show it (ARM echoes it, but only if CORS exposes it).
        if out.header("x-ms-client-request-id").is_none() {
            out.headers.push(("x-ms-client-request-id".into(), request_id));
        }
        Ok(out)
    }

    /// Sends a request and parses a 2xx JSON body; other statuses become an ARM `UiError`.
    pub async fn json<T: DeserializeOwned>(&self, req: HttpRequest) -> Result<T, UiError> {
        let resp = self.send(req).await?;
        parse_response(&resp)
    }

    /// GETs a list and follows `nextLink` (only to the same ARM host, enforced by
    /// `ArmClient::next_page`) until the last page.
    pub async fn fetch_all_pages<T: DeserializeOwned>(&self, first: HttpRequest) -> Result<Vec<T>, UiError> {
        let mut items = Vec::new();
        let mut req = first;
        for _ in 0..MAX_PAGES {
            let page: Page<T> = self.json(req).await?;
            items.extend(page.value);
            match page.next_link.as_deref().filter(|l| !l.is_empty()) {
                None => return Ok(items),
                Some(link) => {
                    req = self.arm.next_page(link).map_err(|e| ui_error(e, None))?
                }
            }
        }
        Err(UiError::simple("TooManyPages", format!("Stopped after {MAX_PAGES} pages.")))
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

/// `ApiError` → what the error box shows. The service's `x-ms-request-id` is preferred; when
/// CORS hides it we show the client request id we sent (ARM logs both).
pub fn ui_error(e: ApiError, client_request_id: Option<String>) -> UiError {
    UiError {
        status: e.status,
        code: e.code,
        message: e.message,
        details: e.details.iter().map(node_from_detail).collect(),
        request_id: e.request_id.or(client_request_id),
    }
}

/// One ARM `ErrorDetail`, recursively (also used for `provisioningErrors`).
pub fn node_from_detail(d: &ErrorDetail) -> ErrorNode {
    ErrorNode {
        code: d.code.clone().unwrap_or_default(),
        message: d.message.clone().unwrap_or_default(),
        target: d.target.clone(),
        details: d.details().iter().map(node_from_detail).collect(),
    }
}

//! The fault middleware: asks the `Engine` whether this request is faulted and answers for it,
//! before or after the handler ran.

use super::{Fault, Kind, When};
use crate::arm::errors::{arm_error, unauthorized};
use crate::config::TENANT_ID;
use crate::state::AppState;
use crate::util::{dotnet_time, iso_z, now_secs};
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::pin::Pin;
use std::task::{Context, Poll};
use uuid::Uuid;

/// Axum middleware (inside the CORS layer, so faulted answers still carry CORS and request ids:
/// a browser can read a 429 like a real one from ARM).
pub async fn middleware(State(st): State<AppState>, req: Request, next: Next) -> Response {
    // Rules match the path as the client sent it (before ARM's case normalisation).
    let path = req.extensions().get::<OriginalUri>().map_or_else(|| req.uri().path(), |o| o.path()).to_string();
    let decided = st.faults.lock().unwrap().decide(req.method().as_str(), &path);
    let Some(fault) = decided else {
        return next.run(req).await;
    };
    let authority = format!("{}/{TENANT_ID}", st.config.public_url);
    match fault.when {
        When::Before => {
            if fault.kind == Kind::Latency {
                tokio::time::sleep(std::time::Duration::from_millis(fault.latency_ms)).await;
                return next.run(req).await;
            }
            respond(&fault, &authority)
        }
        When::After => {
            let resp = next.run(req).await;
            if fault.kind == Kind::Latency {
                tokio::time::sleep(std::time::Duration::from_millis(fault.latency_ms)).await;
                return resp;
            }
            respond(&fault, &authority)
        }
    }
}

/// The faulted answer. Error bodies are ARM's (front-door wording) and carry the request id that
/// also goes out as `x-ms-request-id` (the CORS layer keeps an id that is already set).
fn respond(f: &Fault, authority: &str) -> Response {
    let request_id = Uuid::new_v4().to_string();
    let now = now_secs();
    let mut resp = match f.kind {
        Kind::Drop => return Response::new(Body::new(Dropped)),
        Kind::Throttle => {
            let mut r = arm_error(
                StatusCode::TOO_MANY_REQUESTS,
                "SubscriptionRequestsThrottled",
                &format!(
                    "Number of requests for subscription exceeded the limit. Please try again after '{}' seconds. \
                     Tracking id '{request_id}'.",
                    f.retry_after
                ),
            );
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(f.retry_after));
            r
        }
        Kind::Internal => arm_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            &format!(
                "Encountered internal server error. Diagnostic information: timestamp '{}', tracking id \
                 '{request_id}', request correlation id '{request_id}'.",
                iso_z(now)
            ),
        ),
        Kind::Unavailable => arm_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            &format!("The server is currently unable to handle the request. Tracking id '{request_id}'."),
        ),
        Kind::Expired => {
            let msg = format!(
                "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.",
                dotnet_time(now.saturating_sub(60)),
                dotnet_time(now)
            );
            unauthorized(authority, "ExpiredAuthenticationToken", &msg, &msg)
        }
        Kind::Latency => unreachable!("latency passes the request through"),
        Kind::Custom => {
            let status = StatusCode::from_u16(f.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            match &f.body {
                Some(b) => (status, axum::Json(b.clone())).into_response(),
                None => status.into_response(),
            }
        }
    };
    let h = resp.headers_mut();
    for (k, v) in &f.headers {
        if let (Ok(k), Ok(v)) = (HeaderName::try_from(k.as_str()), HeaderValue::from_str(v)) {
            h.insert(k, v);
        }
    }
    if !h.contains_key("x-ms-request-id") {
        h.insert("x-ms-request-id", HeaderValue::from_str(&request_id).unwrap());
    }
    h.insert("x-ms-emulator-fault", HeaderValue::from_static(f.kind.name()));
    resp
}

/// A body that fails on its first poll. Hyper then closes the connection without writing the
/// response head (it is buffered until the first body bytes), so the client sees the socket
/// close with no response at all, like a dropped connection.
struct Dropped;

impl HttpBody for Dropped {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "fault: drop"))))
    }
}

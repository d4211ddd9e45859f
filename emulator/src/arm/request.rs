//! What every ARM handler knows about its request once the front door let it through: the
//! api-version, the query, the path as sent and who is calling.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct ArmRequest {
    pub api_version: String,
    /// Every query parameter (decoded; the last of a repeated name wins).
    pub query: BTreeMap<String, String>,
    /// The request path as sent (before case normalisation), reused for nextLinks.
    pub path: String,
    /// The emulator's public URL (no trailing slash), the base of nextLinks and polling URLs.
    pub public_url: String,
    /// Claims of the caller's token (`oid`, `name`, …), e.g. for `systemData` and `createdBy`.
    pub caller: Value,
}

impl ArmRequest {
    pub fn skip(&self) -> Option<&str> {
        self.query.get("$skip").map(String::as_str)
    }

    /// Absolute nextLink on the public URL, carrying api-version and the opaque `$skip`.
    pub fn next_link(&self, token: &str) -> String {
        format!("{}{}?api-version={}&$skip={token}", self.public_url, self.path, self.api_version)
    }
}

/// Set by `front_door::check` on every ARM route; a handler outside it is a wiring mistake.
impl<S: Send + Sync> FromRequestParts<S> for ArmRequest {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<ArmRequest>()
            .cloned()
            .ok_or_else(|| (StatusCode::INTERNAL_SERVER_ERROR, "ARM route without the ARM front door").into_response())
    }
}

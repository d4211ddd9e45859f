//! Bearer token check run before every ARM operation, with ARM's 401 codes and texts.

use super::errors::unauthorized;
use crate::auth::jwt::{verify, JwtError};
use crate::config::TENANT_ID;
use crate::state::AppState;
use crate::util::{dotnet_time, now_secs};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use serde_json::Value;

const AUDIENCES_TEXT: &str = "'https://management.core.windows.net/','https://management.core.windows.net',\
'https://management.azure.com/','https://management.azure.com'";

pub fn check(st: &AppState, headers: &HeaderMap) -> Result<Value, Response> {
    check_for(st, headers, &st.config.allowed_audiences())
}

/// The same check against another audience list (the data plane also takes `https://ml.azure.com`).
pub fn check_for(st: &AppState, headers: &HeaderMap, audiences: &[String]) -> Result<Value, Response> {
    let authority = format!("{}/{TENANT_ID}", st.config.public_url.trim_end_matches('/'));
    let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return Err(unauthorized(
            &authority,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
            "The authentication failed because of missing 'Authorization' header.",
        ));
    };
    let token = match value.split_once(' ') {
        Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") && !t.trim().is_empty() => t.trim(),
        _ => {
            return Err(unauthorized(
                &authority,
                "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is provided in an invalid format.",
                "The authentication failed because of an invalid 'Authorization' header format.",
            ))
        }
    };
    let now = now_secs();
    match verify(token, &st.config.signing_key, audiences, now) {
        Ok(claims) => Ok(claims),
        Err(JwtError::Expired { exp }) => {
            let msg = format!(
                "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.",
                dotnet_time(exp),
                dotnet_time(now)
            );
            Err(unauthorized(&authority, "ExpiredAuthenticationToken", &msg, &msg))
        }
        Err(JwtError::WrongAudience(aud)) => {
            let msg = format!(
                "The access token has been obtained for wrong audience or resource '{aud}'. It should exactly match \
                 with one of the allowed audiences {AUDIENCES_TEXT}."
            );
            Err(unauthorized(&authority, "InvalidAuthenticationTokenAudience", &msg, &msg))
        }
        Err(JwtError::NotYetValid) => Err(unauthorized(
            &authority,
            "InvalidAuthenticationToken",
            "The access token is not yet valid.",
            "The access token is not yet valid.",
        )),
        Err(JwtError::Malformed | JwtError::BadSignature) => Err(unauthorized(
            &authority,
            "InvalidAuthenticationToken",
            "The access token is invalid.",
            "The access token is invalid.",
        )),
    }
}

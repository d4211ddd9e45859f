//! Reads display claims from a JWT payload. No signature check: the console only uses the
//! name and expiry for the UI; ARM verifies the token on every call.

use super::pkce::b64url_decode;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Claims {
    pub name: Option<String>,
    /// Seconds since the Unix epoch.
    pub exp: Option<f64>,
}

pub fn decode(token: &str) -> Option<Claims> {
    let mut parts = token.trim().split('.');
    let (_header, payload) = (parts.next()?, parts.next()?);
    let json: serde_json::Value = serde_json::from_slice(&b64url_decode(payload)?).ok()?;
    let s = |k: &str| json.get(k).and_then(|v| v.as_str()).map(str::to_string);
    Some(Claims {
        name: s("name").or_else(|| s("preferred_username")).or_else(|| s("upn")).or_else(|| s("unique_name")),
        exp: json.get("exp").and_then(|v| v.as_f64()),
    })
}

/// `(oid, tid)` of a token: the signed-in user's object and tenant ids, used as the default
/// assigned user of a new compute instance. Read on demand, not stored.
pub fn user_ids(token: &str) -> (String, String) {
    let payload = token.trim().split('.').nth(1).and_then(b64url_decode);
    let json: serde_json::Value = payload.and_then(|p| serde_json::from_slice(&p).ok()).unwrap_or_default();
    let s = |k: &str| json.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    (s("oid"), s("tid"))
}

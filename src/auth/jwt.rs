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

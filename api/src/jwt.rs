//! Reads display claims from a JWT payload. No signature check: the console only uses the
//! name, expiry and the user's own ids for the UI and form defaults; ARM verifies the token on
//! every call.

use crate::base64;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Claims {
    pub name: Option<String>,
    /// Seconds since the Unix epoch.
    pub exp: Option<f64>,
}

/// The payload (second segment) of a JWT as JSON; `None` for anything that is not one.
fn payload(token: &str) -> Option<serde_json::Value> {
    let mut parts = token.trim().split('.');
    let (_header, payload) = (parts.next()?, parts.next()?);
    serde_json::from_slice(&base64::decode_url(payload)?).ok()
}

/// Display name (`name`, else `preferred_username`, `upn`, `unique_name`) and `exp`.
pub fn decode(token: &str) -> Option<Claims> {
    let json = payload(token)?;
    let s = |k: &str| json.get(k).and_then(|v| v.as_str()).map(str::to_string);
    Some(Claims {
        name: s("name").or_else(|| s("preferred_username")).or_else(|| s("upn")).or_else(|| s("unique_name")),
        exp: json.get("exp").and_then(|v| v.as_f64()),
    })
}

/// `(oid, tid)` of a token: the signed-in user's object and tenant ids, used as the default
/// assigned user of a new compute instance. Empty strings when absent.
pub fn user_ids(token: &str) -> (String, String) {
    let json = payload(token).unwrap_or_default();
    let s = |k: &str| json.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    (s("oid"), s("tid"))
}

//! Hand-rolled HS256 JWTs (header.payload.signature, base64url without padding).
//!
//! Real Entra ID signs RS256 with published keys; the emulator uses one shared HMAC key so the
//! CLI (`aml-emulator token`) and the server agree without key distribution. Clients never
//! verify ARM access tokens themselves, so the algorithm difference is invisible to them.

use crate::config::{DemoUser, CLIENT_ID, TENANT_ID};
use crate::util::{b64url, b64url_decode};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

pub fn sign(claims: &Value, key: &str) -> String {
    let header = json!({"typ": "JWT", "alg": "HS256", "kid": "aml-emulator"});
    let signing_input = format!("{}.{}", b64url(header.to_string().as_bytes()), b64url(claims.to_string().as_bytes()));
    let mut mac = HmacSha256::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(signing_input.as_bytes());
    format!("{signing_input}.{}", b64url(&mac.finalize().into_bytes()))
}

/// Why a token was rejected; ARM maps each to its own error code.
#[derive(Debug, PartialEq)]
pub enum JwtError {
    Malformed,
    BadSignature,
    Expired { exp: u64 },
    NotYetValid,
    WrongAudience(String),
}

/// Verifies signature, time window and audience; returns the claims.
pub fn verify(token: &str, key: &str, audiences: &[String], now: u64) -> Result<Value, JwtError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(JwtError::Malformed);
    };
    let header: Value = b64url_decode(h).and_then(|b| serde_json::from_slice(&b).ok()).ok_or(JwtError::Malformed)?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(JwtError::BadSignature);
    }
    let sig = b64url_decode(s).ok_or(JwtError::Malformed)?;
    let mut mac = HmacSha256::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(format!("{h}.{p}").as_bytes());
    // verify_slice compares in constant time.
    mac.verify_slice(&sig).map_err(|_| JwtError::BadSignature)?;
    let claims: Value = b64url_decode(p).and_then(|b| serde_json::from_slice(&b).ok()).ok_or(JwtError::Malformed)?;
    let exp = claims.get("exp").and_then(Value::as_u64).ok_or(JwtError::Malformed)?;
    if exp <= now {
        return Err(JwtError::Expired { exp });
    }
    // Entra allows a few minutes of clock skew; 5 min like the Microsoft identity libraries.
    if let Some(nbf) = claims.get("nbf").and_then(Value::as_u64) {
        if nbf > now + 300 {
            return Err(JwtError::NotYetValid);
        }
    }
    let aud = claims.get("aud").and_then(Value::as_str).unwrap_or("").to_string();
    if !audiences.iter().any(|a| a == &aud) {
        return Err(JwtError::WrongAudience(aud));
    }
    Ok(claims)
}

/// Claims of a v1-style ARM access token (ARM tokens are v1 even when the v2 endpoint issues them).
pub fn access_claims(user: &DemoUser, audience: &str, now: u64, lifetime: u64) -> Value {
    json!({
        "aud": audience,
        "iss": format!("https://sts.windows.net/{TENANT_ID}/"),
        "iat": now,
        "nbf": now,
        "exp": now + lifetime,
        "acr": "1",
        "amr": ["pwd", "mfa"],
        "appid": CLIENT_ID,
        "appidacr": "0",
        "idtyp": "user",
        "name": user.name,
        "oid": user.oid,
        "puid": "10032000EMULATOR",
        "scp": "user_impersonation",
        "sub": user.oid,
        "tid": TENANT_ID,
        "unique_name": user.upn,
        "upn": user.upn,
        "preferred_username": user.upn,
        "uti": Uuid::new_v4().simple().to_string(),
        "ver": "1.0",
    })
}

/// Claims of the v2 id_token (audience = the client application).
pub fn id_claims(user: &DemoUser, now: u64, lifetime: u64, nonce: Option<&str>) -> Value {
    let mut c = json!({
        "aud": CLIENT_ID,
        "iss": format!("https://login.microsoftonline.com/{TENANT_ID}/v2.0"),
        "iat": now,
        "nbf": now,
        "exp": now + lifetime,
        "name": user.name,
        "oid": user.oid,
        "preferred_username": user.upn,
        "sub": user.oid,
        "tid": TENANT_ID,
        "ver": "2.0",
    });
    if let Some(n) = nonce {
        c["nonce"] = json!(n);
    }
    c
}

/// Token audience for a requested scope string. ARM's `user_impersonation` scope yields the
/// classic resource id with trailing slash; `<resource>/.default` yields `<resource>`.
pub fn audience_for_scope(scope: &str) -> String {
    let resource = scope
        .split_whitespace()
        .find(|s| !matches!(*s, "openid" | "profile" | "offline_access" | "email"))
        .unwrap_or("https://graph.microsoft.com/.default");
    let base = match resource.rfind('/') {
        Some(i) if resource[..i].contains("://") => &resource[..i],
        _ => resource,
    };
    if base.trim_end_matches('/').eq_ignore_ascii_case("https://management.azure.com") {
        return "https://management.azure.com/".into();
    }
    if base.trim_end_matches('/').eq_ignore_ascii_case("https://management.core.windows.net") {
        return "https://management.core.windows.net/".into();
    }
    base.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::USERS;

    #[test]
    fn roundtrip_and_errors() {
        let auds = vec!["https://management.azure.com/".to_string()];
        let c = access_claims(&USERS[0], "https://management.azure.com/", 1000, 60);
        let t = sign(&c, "k");
        assert!(verify(&t, "k", &auds, 1010).is_ok());
        assert_eq!(verify(&t, "other", &auds, 1010), Err(JwtError::BadSignature));
        assert_eq!(verify(&t, "k", &auds, 2000), Err(JwtError::Expired { exp: 1060 }));
        assert_eq!(verify("abc", "k", &auds, 0), Err(JwtError::Malformed));
        let c2 = access_claims(&USERS[0], "api://x", 1000, 60);
        assert_eq!(verify(&sign(&c2, "k"), "k", &auds, 1010), Err(JwtError::WrongAudience("api://x".into())));
    }

    #[test]
    fn scope_audiences() {
        assert_eq!(
            audience_for_scope("https://management.azure.com/user_impersonation offline_access openid profile"),
            "https://management.azure.com/"
        );
        assert_eq!(audience_for_scope("http://127.0.0.1:7070/.default"), "http://127.0.0.1:7070");
        assert_eq!(audience_for_scope("https://management.azure.com/.default"), "https://management.azure.com/");
    }
}

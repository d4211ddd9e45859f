//! `POST /{tenant}/oauth2/v2.0/token`: authorization_code (with PKCE) and refresh_token grants.

use super::jwt::{access_claims, audience_for_scope, id_claims, sign};
use super::sessions::RefreshGrant;
use super::{oauth_error, tenant_not_found_text, tenant_ok};
use crate::config::{user_by_oid, DemoUser, CLIENT_ID};
use crate::state::AppState;
use crate::util::{b64url, now_secs, random_token};
use axum::extract::{Form, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// SPA refresh tokens live 24 hours and keep that expiry when rotated (Entra behaviour).
pub const REFRESH_LIFETIME: u64 = 24 * 3600;

fn invalid_grant(code: u32, text: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", code, text)
}

fn missing(param: &str) -> Response {
    oauth_error(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        900144,
        &format!("The request body must contain the following parameter: '{param}'."),
    )
}

pub async fn token(
    State(st): State<AppState>,
    Path(tenant): Path<String>,
    Form(p): Form<BTreeMap<String, String>>,
) -> Response {
    if !tenant_ok(&tenant) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            90002,
            &tenant_not_found_text(&tenant)["AADSTS90002: ".len()..],
        );
    }
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    if get("client_id").is_empty() {
        return missing("client_id");
    }
    if get("client_id") != CLIENT_ID {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700016,
            &format!("Application with identifier '{}' was not found in the directory 'Contoso'.", get("client_id")),
        );
    }
    match get("grant_type") {
        "" => missing("grant_type"),
        "authorization_code" => code_grant(&st, &p),
        "refresh_token" => refresh_grant(&st, &p),
        other => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            70003,
            &format!("The app requested an unsupported grant type '{other}'."),
        ),
    }
}

fn code_grant(st: &AppState, p: &BTreeMap<String, String>) -> Response {
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    if get("code").is_empty() {
        return missing("code");
    }
    let now = now_secs();
    // Look the code up and consume it in one step: any redemption attempt uses it up, so a
    // wrong verifier cannot be retried against the same code.
    let grant = {
        let mut auth = st.auth.lock().unwrap();
        match auth.codes.get_mut(get("code")) {
            None => None,
            Some(c) => {
                let before = c.clone();
                c.redeemed = true;
                Some(before)
            }
        }
    };
    let Some(grant) = grant else {
        return invalid_grant(70000, "Provided grant is invalid or malformed.");
    };
    if grant.redeemed {
        return invalid_grant(
            54005,
            "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
        );
    }
    if grant.expires <= now {
        return invalid_grant(70008, "The provided authorization code or refresh token has expired due to inactivity.");
    }
    if grant.client_id != get("client_id") {
        return invalid_grant(70000, "Provided grant is invalid or malformed: the code was issued to another client.");
    }
    if grant.redirect_uri != get("redirect_uri") {
        return invalid_grant(
            50011,
            &format!(
                "The redirect URI '{}' specified in the request does not match the redirect URI used in the authorization request.",
                get("redirect_uri")
            ),
        );
    }
    let verifier = get("code_verifier");
    if verifier.is_empty() || b64url(&Sha256::digest(verifier.as_bytes())) != grant.code_challenge {
        return invalid_grant(
            50148,
            "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.",
        );
    }
    let Some(user) = user_by_oid(&grant.oid) else {
        return invalid_grant(70000, "Provided grant is invalid or malformed.");
    };
    let scope = if get("scope").is_empty() { grant.scope.clone() } else { get("scope").to_string() };
    issue(st, user, &scope, grant.nonce.as_deref(), now + REFRESH_LIFETIME)
}

fn refresh_grant(st: &AppState, p: &BTreeMap<String, String>) -> Response {
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    if get("refresh_token").is_empty() {
        return missing("refresh_token");
    }
    let now = now_secs();
    // Rotation: the presented token is removed whatever happens next.
    let grant = st.auth.lock().unwrap().refresh_tokens.remove(get("refresh_token"));
    let Some(grant) = grant else {
        return invalid_grant(70000, "Provided grant is invalid or malformed.");
    };
    if grant.expires <= now {
        return invalid_grant(
            700084,
            "The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of \
             1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the \
             SPA to the sign in page.",
        );
    }
    if grant.client_id != get("client_id") {
        return invalid_grant(70000, "Provided grant is invalid or malformed: the token was issued to another client.");
    }
    let Some(user) = user_by_oid(&grant.oid) else {
        return invalid_grant(70000, "Provided grant is invalid or malformed.");
    };
    // A refresh token may be redeemed for another resource (Entra's multi-resource refresh
    // tokens); offline_access carries over so rotation keeps working.
    let mut scope = if get("scope").is_empty() { grant.scope.clone() } else { get("scope").to_string() };
    if !scope.split_whitespace().any(|s| s == "offline_access") {
        scope.push_str(" offline_access");
    }
    issue(st, user, &scope, None, grant.expires)
}

/// Builds the token response. A refresh token only with `offline_access`, an id_token only
/// with `openid`, as Entra does.
fn issue(st: &AppState, user: &DemoUser, scope: &str, nonce: Option<&str>, refresh_expires: u64) -> Response {
    let now = now_secs();
    let lifetime = st.settings().token_lifetime;
    let audience = storage_audience(st, audience_for_scope(scope));
    let key = &st.config.signing_key;
    let access = sign(&access_claims(user, &audience, now, lifetime), key);
    let scopes: Vec<&str> = scope.split_whitespace().collect();
    let resource_scopes: Vec<&str> =
        scopes.iter().copied().filter(|s| !matches!(*s, "openid" | "profile" | "offline_access" | "email")).collect();
    let mut body = json!({
        "token_type": "Bearer",
        "scope": resource_scopes.join(" "),
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": access,
    });
    if scopes.contains(&"offline_access") {
        let rt = random_token(64);
        st.auth.lock().unwrap().refresh_tokens.insert(
            rt.clone(),
            RefreshGrant {
                client_id: CLIENT_ID.into(),
                oid: user.oid.into(),
                scope: scope.to_string(),
                expires: refresh_expires,
            },
        );
        body["refresh_token"] = json!(rt);
        body["refresh_token_expires_in"] = json!(refresh_expires.saturating_sub(now));
    }
    if scopes.contains(&"openid") {
        body["id_token"] = json!(sign(&id_claims(user, now, lifetime, nonce), key));
    }
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store"), (header::PRAGMA, "no-cache")], axum::Json(body))
        .into_response()
}

/// The storage resource's audience (`https://storage.azure.com/.default` yields it).
const STORAGE_AUDIENCE: &str = "https://storage.azure.com";

/// What a storage token names as its audience. Azurite (the storage account here) checks a
/// bearer token's issuer, audience and lifetime but evaluates no role assignments, so a user
/// without a data role (settings hook `storageDataRole: false`) is simulated at the token: it
/// names another account (`https://norole.blob.core.windows.net`), which Azurite refuses with
/// 403 `AuthenticationFailed` — where a real account refuses a valid token of a user without
/// "Storage Blob Data Reader" with 403 `AuthorizationPermissionMismatch`. Same status, same
/// place (the storage call), which is what the console reacts to.
fn storage_audience(st: &AppState, audience: String) -> String {
    let is_storage = audience.trim_end_matches('/').eq_ignore_ascii_case(STORAGE_AUDIENCE);
    if is_storage && !st.settings().storage_data_role {
        "https://norole.blob.core.windows.net".into()
    } else {
        audience
    }
}

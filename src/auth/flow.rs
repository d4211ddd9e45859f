//! OAuth 2.0 authorization code + PKCE (S256) against the Entra ID v2 endpoints.
//!
//! The verifier, state and return path wait in sessionStorage only while the browser is at
//! the authority; they are removed as soon as the callback is handled, success or not.
//! Renewal with the refresh token is in `renew`; it shares [`token_request`].

use super::session::Session;
use super::{pkce, Auth, SIGNED_IN_FLAG};
use crate::browser;
use crate::config::Config;
use crate::i18n::t;
use aml_api::url::encode_query_value as enc;
use leptos::prelude::Set;
use serde_json::Value;

const PENDING_KEY: &str = "aml.pkce";

/// Flow state kept in sessionStorage while the browser is at the authority. Stored as three
/// lines (none of the values can contain a newline) to avoid serde derives in the bundle.
struct Pending {
    state: String,
    verifier: String,
    return_path: String,
}

impl Pending {
    fn encode(&self) -> String {
        format!("{}\n{}\n{}", self.state, self.verifier, self.return_path)
    }
    fn decode(s: &str) -> Option<Pending> {
        let mut it = s.splitn(3, '\n');
        Some(Pending { state: it.next()?.into(), verifier: it.next()?.into(), return_path: it.next()?.into() })
    }
}

fn str_field(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

pub(crate) fn scope(cfg: &Config) -> String {
    format!("{} offline_access openid profile", cfg.arm_scope.trim())
}

/// Leaves the app for the authority's sign-in page; comes back to `return_path`.
pub async fn start_redirect(cfg: &Config, return_path: &str) -> Result<(), String> {
    let verifier = pkce::random_token();
    let state = pkce::random_token();
    let challenge = pkce::s256_challenge(&verifier).await?;
    let pending =
        Pending { state: state.clone(), verifier, return_path: aml_api::console_paths::safe_return_path(return_path) };
    browser::session_set(PENDING_KEY, &pending.encode());
    let url = format!(
        "{}/oauth2/v2.0/authorize?client_id={}&response_type=code&response_mode=query&redirect_uri={}&scope={}&state={}&code_challenge={}&code_challenge_method=S256",
        cfg.authority(),
        enc(&cfg.client_id),
        enc(&cfg.redirect_uri()),
        enc(&scope(cfg)),
        enc(&state),
        enc(&challenge),
    );
    browser::assign(&url);
    Ok(())
}

/// Is the current address an authorization response (`?code=…&state=…` or `?error=…`)?
pub fn is_callback() -> bool {
    browser::query_param("state").is_some()
        && (browser::query_param("code").is_some() || browser::query_param("error").is_some())
}

/// Handles the authorization response: checks `state`, redeems the code, and rewrites the
/// address bar so the one-time code never stays in history. Returns where to go next.
pub async fn handle_callback(cfg: &Config, auth: Auth) -> String {
    let pending = browser::session_get(PENDING_KEY).and_then(|s| Pending::decode(&s));
    browser::session_remove(PENDING_KEY);
    let result = redeem(cfg, pending).await;
    match result {
        Ok((session, ret)) => {
            browser::session_set(SIGNED_IN_FLAG, "1");
            auth.set_session(session);
            browser::replace_state(&ret);
            ret
        }
        Err(msg) => {
            // Failed round trip: stop automatic re-sign-in so an error can't loop.
            browser::session_remove(SIGNED_IN_FLAG);
            auth.error.set(Some(msg));
            browser::replace_state("/signin");
            "/signin".into()
        }
    }
}

async fn redeem(cfg: &Config, pending: Option<Pending>) -> Result<(Session, String), String> {
    let got_state = browser::query_param("state").unwrap_or_default();
    let Some(pending) = pending.filter(|p| !p.state.is_empty() && p.state == got_state) else {
        return Err(t(
            "signin.state_mismatch",
            "Sign-in failed: the response does not match a sign-in started in this tab (state mismatch). Please sign in again.",
        )
        .into());
    };
    if let Some(err) = browser::query_param("error") {
        let desc = browser::query_param("error_description").unwrap_or_default();
        return Err(format!("{} {err} {desc}", t("signin.failed", "Sign-in failed:")).trim().to_string());
    }
    let code = browser::query_param("code").unwrap_or_default();
    let form = format!(
        "grant_type=authorization_code&client_id={}&code={}&redirect_uri={}&code_verifier={}&scope={}",
        enc(&cfg.client_id),
        enc(&code),
        enc(&cfg.redirect_uri()),
        enc(&pending.verifier),
        enc(&scope(cfg)),
    );
    let reply = token_request(cfg, form)
        .await
        .map_err(|e| format!("{} {}", t("signin.failed", "Sign-in failed:"), e.message))?;
    let session = Session::from_tokens(&reply.access_token, reply.id_token.as_deref(), reply.expires_in)
        .with_refresh(reply.refresh_token);
    Ok((session, aml_api::console_paths::safe_return_path(&pending.return_path)))
}

/// A successful answer of the token endpoint.
pub struct TokenReply {
    pub access_token: String,
    pub id_token: Option<String>,
    pub expires_in: Option<f64>,
    pub refresh_token: Option<String>,
}

/// Why the token endpoint gave no token.
pub struct TokenError {
    /// The authority refused the grant (`invalid_grant`, `interaction_required`, …): asking
    /// again with the same refresh token cannot work. `false` = no answer (network).
    pub refused: bool,
    pub message: String,
}

/// POSTs a grant to `{authority}/oauth2/v2.0/token`. Not retried: an authorization code is
/// single-use and a refresh token is rotated by the first redemption.
pub async fn token_request(cfg: &Config, form: String) -> Result<TokenReply, TokenError> {
    let network = |e: gloo_net::Error| TokenError {
        refused: false,
        message: format!("could not reach the token endpoint ({e})"),
    };
    let resp = gloo_net::http::Request::post(&format!("{}/oauth2/v2.0/token", cfg.authority()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if !(200..300).contains(&status) {
        let detail = match str_field(&v, "error") {
            Some(e) => format!("{e} {}", str_field(&v, "error_description").unwrap_or_default()),
            None => format!("HTTP {status}"),
        };
        // 5xx/429 are the authority's trouble, not a verdict on the grant.
        return Err(TokenError {
            refused: (400..500).contains(&status) && status != 429,
            message: detail.trim().to_string(),
        });
    }
    let access_token = str_field(&v, "access_token")
        .ok_or_else(|| TokenError { refused: false, message: "unexpected token response (no access_token)".into() })?;
    Ok(TokenReply {
        access_token,
        id_token: str_field(&v, "id_token"),
        // Some servers send expires_in as a string (whole seconds; read without an f64 parser).
        expires_in: v
            .get("expires_in")
            .and_then(|e| e.as_f64().or_else(|| aml_api::pipeline::scaled_decimal(e.as_str()?, 1).map(|s| s as f64))),
        refresh_token: str_field(&v, "refresh_token"),
    })
}

/// "Paste an access token": for locked-down setups (e.g. `az account get-access-token`).
/// Only the payload's name/exp are read; ARM is the one that validates it.
pub fn sign_in_with_pasted_token(auth: Auth, raw: &str) -> Result<(), String> {
    let raw = raw.trim().trim_start_matches("Bearer ").trim();
    if raw.is_empty() {
        return Err(t("signin.paste_first", "Paste an access token first.").into());
    }
    if aml_api::jwt::decode(raw).is_none() {
        return Err(t("signin.not_jwt", "That doesn't look like a JWT access token (three base64url parts).").into());
    }
    let session = Session::from_tokens(raw, None, None);
    if session.is_expired() {
        return Err(t("signin.expired", "This token has already expired.").into());
    }
    auth.set_session(session);
    Ok(())
}

/// Forgets the token and ends the authority session too, so the next visit asks again.
pub fn sign_out(cfg: &Config, auth: Auth) {
    browser::session_remove(SIGNED_IN_FLAG);
    super::store::set_stay(false);
    auth.expire();
    browser::assign(&format!(
        "{}/oauth2/v2.0/logout?post_logout_redirect_uri={}",
        cfg.authority(),
        enc(&cfg.redirect_uri())
    ));
}

/// Called when a protected page has no token: silently go back through the authority if this
/// tab was signed in before (the SSO session returns at once), else show the sign-in page.
pub fn signed_in_before() -> bool {
    browser::session_get(SIGNED_IN_FLAG).is_some()
}

//! Silent renewal with the refresh token (`grant_type=refresh_token`), before expiry and after
//! a 401. One redemption at a time: Entra rotates refresh tokens, so two parallel redemptions
//! of the same one would race. When renewal is impossible (SPA refresh tokens end after 24 h,
//! a pasted token has none) the session is dropped, which sends the user through interactive
//! sign-in and back to the same page (drafts are in sessionStorage).

use super::flow::{self, token_request};
use super::session::AccessToken;
use super::{Audience, Auth, Usable};
use crate::browser;
use crate::config::Config;
use crate::i18n::{t, tf};
use aml_api::url::encode_query_value as enc;
use aml_api::ApiError;
use leptos::prelude::*;

/// How often the keep-alive looks at the clock; no network unless a token needs renewing.
const TICK_MS: u64 = 1_000;

/// Resets the single-flight flag however the renewal ends (early return, error).
struct Flight(Auth);
impl Drop for Flight {
    fn drop(&mut self) {
        self.0.renewing.try_set_value(false);
    }
}

fn scope_for(cfg: &Config, aud: Audience) -> String {
    match aud {
        Audience::Arm => flow::scope(cfg),
        Audience::DataPlane => format!("{} offline_access", cfg.data_plane_scope.trim()),
        Audience::Storage => format!("{} offline_access", aml_api::jobs::log_blobs::STORAGE_SCOPE),
    }
}

/// A new token for `aud`. `rejected` is the token the service just refused (if any): a token
/// another caller renewed meanwhile is taken only if it differs from it.
pub async fn renew(auth: Auth, cfg: &Config, aud: Audience, rejected: Option<&str>) -> Result<String, ApiError> {
    if auth.renewing.get_value() {
        while auth.renewing.try_get_value() == Some(true) {
            browser::sleep_ms(25).await;
        }
        if let Usable::Fresh(t) = auth.usable(aud) {
            if Some(t.as_str()) != rejected {
                return Ok(t);
            }
        }
    }
    let Some(refresh) = auth.session.with_untracked(|s| s.as_ref().and_then(|s| s.refresh.clone())) else {
        return Err(ApiError::new(
            "interaction_required",
            t("auth.no_refresh", "There is no refresh token to renew the sign-in with; please sign in again."),
        ));
    };
    auth.renewing.set_value(true);
    let _flight = Flight(auth);
    let form = format!(
        "grant_type=refresh_token&client_id={}&refresh_token={}&scope={}",
        enc(&cfg.client_id),
        enc(&refresh),
        enc(&scope_for(cfg, aud)),
    );
    match token_request(cfg, form).await {
        Ok(reply) => {
            let token = AccessToken::new(&reply.access_token, reply.expires_in, js_sys::Date::now());
            auth.modify(|s| {
                match aud {
                    Audience::Arm => {
                        s.expires_at_ms = token.expires_ms;
                        s.arm = Some(token);
                    }
                    Audience::DataPlane => s.data_plane = Some(token),
                    Audience::Storage => s.storage = Some(token),
                }
                // Keep the newest: the one just presented is revoked by rotation.
                if reply.refresh_token.is_some() {
                    s.refresh = reply.refresh_token;
                }
            });
            Ok(reply.access_token)
        }
        Err(e) => {
            if e.refused {
                // Expired (AADSTS700084) or revoked: no point presenting it again.
                auth.modify(|s| s.refresh = None);
            }
            let text = tf("auth.renew_failed", "Renewing the sign-in failed: {reason}", &[("reason", &e.message)]);
            Err(ApiError::new("interaction_required", &text))
        }
    }
}

/// Runs for the life of the app: renews the ARM token when it enters its renewal window, and
/// drops a session whose token has expired and cannot be renewed (the guard then signs in
/// again) — so an idle page with a half-filled form is not caught out by its next call.
pub async fn keep_alive(auth: Auth, cfg: std::sync::Arc<Config>) {
    loop {
        browser::sleep_ms(TICK_MS).await;
        if auth.renewing.try_get_value() != Some(false) {
            continue;
        }
        match auth.usable(Audience::Arm) {
            Usable::Fresh(_) => {}
            Usable::Stale(_) => {
                // Failure is not fatal yet: the current token still works until it expires.
                let _ = renew(auth, &cfg, Audience::Arm, None).await;
            }
            Usable::Missing if auth.session.with_untracked(Option::is_some) => {
                if renew(auth, &cfg, Audience::Arm, None).await.is_err() {
                    auth.expire();
                }
            }
            Usable::Missing => {}
        }
    }
}

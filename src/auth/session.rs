//! A signed-in session: the access token per audience with its lifetime, and the refresh
//! token. The auth context (`Auth`, in mod.rs) holds one; `store` keeps a copy in
//! sessionStorage when the user opted in.

use aml_api::jwt;

/// Renew when less than this is left (or less than a fifth of the lifetime, for short tokens).
const RENEW_BEFORE_MS: f64 = 5.0 * 60_000.0;

#[derive(Clone, PartialEq)]
pub struct AccessToken {
    /// Read by the auth context and its sessionStorage copy (`store`); never printed.
    pub(super) token: String,
    /// When we received it, ms since the epoch (`Date.now()` scale).
    pub obtained_ms: f64,
    /// Expiry, ms since the epoch; `None` = unknown (opaque token without `expires_in`).
    pub expires_ms: Option<f64>,
}

impl AccessToken {
    /// `exp` from the JWT when readable, else `expires_in` from the token response.
    pub fn new(token: &str, expires_in: Option<f64>, now: f64) -> AccessToken {
        let exp = jwt::decode(token).and_then(|c| c.exp).map(|s| s * 1000.0);
        AccessToken {
            token: token.trim().to_string(),
            obtained_ms: now,
            expires_ms: exp.or_else(|| expires_in.map(|s| now + s * 1000.0)),
        }
    }

    pub fn secret(&self) -> &str {
        &self.token
    }

    pub fn is_expired(&self, now: f64) -> bool {
        self.expires_ms.is_some_and(|e| now >= e)
    }

    /// Inside the renewal window: less than min(5 min, 20 % of the lifetime) left, i.e. at
    /// 80 % of a short token's life and 5 minutes before a usual one-hour token ends.
    pub fn needs_renewal(&self, now: f64) -> bool {
        let Some(exp) = self.expires_ms else { return false };
        let lifetime = (exp - self.obtained_ms).max(0.0);
        exp - now < RENEW_BEFORE_MS.min(lifetime * 0.2)
    }
}

#[derive(Clone, PartialEq)]
pub struct Session {
    pub name: String,
    /// Expiry of the ARM token (ms since the epoch), kept in step with renewals; embed mode
    /// schedules asking its host for a new token with it.
    pub expires_at_ms: Option<f64>,
    pub(crate) arm: Option<AccessToken>,
    pub(crate) data_plane: Option<AccessToken>,
    /// For job logs read straight from workspace storage (asked for on first use, not stored).
    pub(crate) storage: Option<AccessToken>,
    /// The newest refresh token (Entra rotates them; an older one may already be revoked).
    pub(crate) refresh: Option<String>,
    /// The data plane refused the ARM token once: ask for its own audience from now on.
    pub(crate) data_plane_own: bool,
}

// Hand-written so that a `{:?}` anywhere can never print a token.
impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("name", &self.name)
            .field("arm_expires_ms", &self.arm.as_ref().and_then(|t| t.expires_ms))
            .field("has_refresh", &self.refresh.is_some())
            .finish()
    }
}

impl Session {
    /// A session from a token response: display name from the access token, else the id token.
    pub fn from_tokens(access_token: &str, id_token: Option<&str>, expires_in: Option<f64>) -> Session {
        let at = jwt::decode(access_token).unwrap_or_default();
        let idt = id_token.and_then(jwt::decode).unwrap_or_default();
        let arm = AccessToken::new(access_token, expires_in, js_sys::Date::now());
        Session {
            name: at.name.or(idt.name).unwrap_or_else(|| crate::i18n::t("auth.unnamed_user", "Signed-in user").into()),
            expires_at_ms: arm.expires_ms,
            arm: Some(arm),
            data_plane: None,
            storage: None,
            refresh: None,
            data_plane_own: false,
        }
    }

    /// The refresh token that came with the access token (`offline_access`).
    pub fn with_refresh(mut self, refresh: Option<String>) -> Session {
        self.refresh = refresh;
        self
    }

    pub fn is_expired(&self) -> bool {
        self.arm.as_ref().is_none_or(|t| t.is_expired(js_sys::Date::now()))
    }
}

#[cfg(test)]
mod tests {
    use super::AccessToken;

    fn token(obtained: f64, lifetime_s: f64) -> AccessToken {
        AccessToken { token: "t".into(), obtained_ms: obtained, expires_ms: Some(obtained + lifetime_s * 1000.0) }
    }

    #[test]
    fn renewal_window_is_five_minutes_or_a_fifth_of_short_lifetimes() {
        let hour = token(0.0, 3600.0);
        assert!(!hour.needs_renewal(54.0 * 60_000.0));
        assert!(hour.needs_renewal(55.5 * 60_000.0));
        let short = token(0.0, 10.0);
        assert!(!short.needs_renewal(7_000.0));
        assert!(short.needs_renewal(8_500.0));
        assert!(short.is_expired(10_000.0) && !short.is_expired(9_999.0));
        let unknown = AccessToken { token: "t".into(), obtained_ms: 0.0, expires_ms: None };
        assert!(!unknown.needs_renewal(1e12) && !unknown.is_expired(1e12));
    }
}

//! Who is signed in, and the tokens for each audience (ARM; the data plane when it refuses the
//! ARM token). Tokens live in memory by default; with "Stay signed in on this tab" they are also
//! copied to sessionStorage (`store`), never to localStorage. Renewal uses the refresh token
//! (`renew`); when that fails the session is dropped and the shell's guard signs in again
//! through the authority, coming back to the same page.

pub mod flow;
pub mod pkce;
pub mod renew;
pub mod store;

use aml_api::jwt;
use leptos::prelude::*;

/// Who a token is for (ARM, or the data plane when it refuses the ARM token); which URL gets
/// which is decided by `aml_api::cloud::token_audience`.
pub use aml_api::cloud::Audience;

/// sessionStorage key of the harmless "this tab was signed in" flag (no secret in it).
pub const SIGNED_IN_FLAG: &str = "aml.signedInBefore";

/// Renew when less than this is left (or less than a fifth of the lifetime, for short tokens).
const RENEW_BEFORE_MS: f64 = 5.0 * 60_000.0;

#[derive(Clone, PartialEq)]
pub struct AccessToken {
    token: String,
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
            name: at.name.or(idt.name).unwrap_or_else(|| "Signed-in user".into()),
            expires_at_ms: arm.expires_ms,
            arm: Some(arm),
            data_plane: None,
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

/// What the session holds for an audience right now.
pub enum Usable {
    Fresh(String),
    /// Still valid but inside the renewal window: renew, and fall back to it if that fails.
    Stale(String),
    Missing,
}

/// The auth context: copyable handle over the signals.
#[derive(Clone, Copy)]
pub struct Auth {
    session: RwSignal<Option<Session>>,
    /// A sign-in failure to show on the sign-in page (`signin-error`).
    pub error: RwSignal<Option<String>>,
    /// A refresh-token redemption is under way: others wait for it instead of presenting the
    /// same (rotated, soon revoked) refresh token a second time.
    renewing: StoredValue<bool>,
}

impl Auth {
    /// Picks up a session kept in sessionStorage ("Stay signed in on this tab").
    pub fn new() -> Self {
        Auth { session: RwSignal::new(store::load()), error: RwSignal::new(None), renewing: StoredValue::new(false) }
    }

    /// Reactive: is there a session?
    pub fn signed_in(&self) -> bool {
        self.session.with(|s| s.is_some())
    }

    /// Reactive: the display name for the header.
    pub fn user_name(&self) -> String {
        self.session.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default())
    }

    /// The current ARM token if it has not expired (used to read the user's own ids).
    pub fn token(&self) -> Option<String> {
        let now = js_sys::Date::now();
        self.session
            .with_untracked(|s| s.as_ref()?.arm.as_ref().filter(|t| !t.is_expired(now)).map(|t| t.token.clone()))
    }

    /// The token to send to `aud`. The data plane gets the ARM token until it refuses it
    /// (docs/azure-ml-rest.md §1: public scripts call it with an ARM token).
    pub fn usable(&self, aud: Audience) -> Usable {
        let now = js_sys::Date::now();
        self.session.with_untracked(|s| {
            let Some(s) = s else { return Usable::Missing };
            let t = match aud {
                Audience::Arm => s.arm.as_ref(),
                Audience::DataPlane if s.data_plane_own => s.data_plane.as_ref(),
                Audience::DataPlane => s.data_plane.as_ref().or(s.arm.as_ref()),
            };
            match t {
                Some(t) if t.is_expired(now) => Usable::Missing,
                Some(t) if t.needs_renewal(now) && s.refresh.is_some() => Usable::Stale(t.token.clone()),
                Some(t) => Usable::Fresh(t.token.clone()),
                None => Usable::Missing,
            }
        })
    }

    pub fn has_refresh_token(&self) -> bool {
        self.session.with_untracked(|s| s.as_ref().is_some_and(|s| s.refresh.is_some()))
    }

    pub fn data_plane_uses_own_token(&self) -> bool {
        self.session.with_untracked(|s| s.as_ref().is_some_and(|s| s.data_plane_own))
    }

    /// The data plane answered 401 to the ARM token: use a token of its own audience.
    pub fn data_plane_needs_own_token(&self) {
        self.modify(|s| s.data_plane_own = true);
    }

    pub fn set_session(&self, s: Session) {
        self.error.set(None);
        store::save(&s);
        self.session.set(Some(s));
    }

    /// Applies `f` to the session (if any) and keeps the stored copy in step. Untracked
    /// update: token changes must not re-render the pages that read `signed_in`.
    pub(crate) fn modify(&self, f: impl FnOnce(&mut Session)) {
        let mut saved = None;
        self.session.try_update_untracked(|s| {
            if let Some(s) = s {
                f(s);
                saved = Some(s.clone());
            }
        });
        if let Some(s) = saved {
            store::save(&s);
        }
    }

    /// Token rejected and not renewable, or signing out: forget every token, in memory and in
    /// sessionStorage. The guard in the app shell notices and signs in again, coming back to
    /// the page the user is on.
    pub fn expire(&self) {
        store::clear();
        self.session.set(None);
    }
}

impl Default for Auth {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_auth() -> Auth {
    use_context::<Auth>().expect("Auth context is provided at the root")
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

//! Who is signed in. The access token lives only in this in-memory signal: never in
//! web storage, the URL or logs, so closing the tab or reloading forgets it (a reload
//! silently signs in again through the authority's SSO session, see `flow`).

pub mod flow;
pub mod jwt;
pub mod pkce;

use leptos::prelude::*;

/// sessionStorage key of the harmless "this tab was signed in" flag (no secret in it).
pub const SIGNED_IN_FLAG: &str = "aml.signedInBefore";

#[derive(Clone, PartialEq)]
pub struct Session {
    access_token: String,
    pub name: String,
    /// Expiry in milliseconds since the epoch (`Date.now()` scale); `None` = unknown.
    pub expires_at_ms: Option<f64>,
}

// Hand-written so that a `{:?}` anywhere can never print the bearer token.
impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("name", &self.name).field("expires_at_ms", &self.expires_at_ms).finish()
    }
}

impl Session {
    /// Builds a session from a raw access token, taking name/exp from its payload; the
    /// optional id token and `expires_in` fill gaps (opaque tokens have no claims).
    pub fn from_tokens(access_token: &str, id_token: Option<&str>, expires_in: Option<f64>) -> Session {
        let at = jwt::decode(access_token).unwrap_or_default();
        let idt = id_token.and_then(jwt::decode).unwrap_or_default();
        let expires_at_ms = at
            .exp
            .map(|s| s * 1000.0)
            .or_else(|| expires_in.map(|s| js_sys::Date::now() + s * 1000.0));
        Session {
            access_token: access_token.trim().to_string(),
            name: at.name.or(idt.name).unwrap_or_else(|| "Signed-in user".into()),
            expires_at_ms,
        }
    }

    pub fn is_expired(&self) -> bool {
        self.expires_at_ms.is_some_and(|exp| js_sys::Date::now() >= exp)
    }
}

/// The auth context: copyable handle over the signals.
#[derive(Clone, Copy)]
pub struct Auth {
    session: RwSignal<Option<Session>>,
    /// A sign-in failure to show on the sign-in page (`signin-error`).
    pub error: RwSignal<Option<String>>,
}

impl Auth {
    pub fn new() -> Self {
        Auth { session: RwSignal::new(None), error: RwSignal::new(None) }
    }

    /// Reactive: is there a usable session?
    pub fn signed_in(&self) -> bool {
        self.session.with(|s| s.is_some())
    }

    /// Reactive: the display name for the header.
    pub fn user_name(&self) -> String {
        self.session.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default())
    }

    /// The bearer token for a request, or `None` when signed out or expired. An expired
    /// session is dropped here, which makes the route guard start a new sign-in.
    pub fn token(&self) -> Option<String> {
        let s = self.session.get_untracked()?;
        if s.is_expired() {
            self.expire();
            return None;
        }
        Some(s.access_token)
    }

    pub fn set_session(&self, s: Session) {
        self.error.set(None);
        self.session.set(Some(s));
    }

    /// Token rejected (401) or expired: forget it. The guard in the app shell notices and
    /// signs in again, coming back to the page the user is on.
    pub fn expire(&self) {
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

//! Who is signed in, and the tokens for each audience (ARM; the data plane when it refuses the
//! ARM token). Tokens live in memory by default; with "Stay signed in on this tab" they are also
//! copied to sessionStorage (`store`), never to localStorage. Renewal uses the refresh token
//! (`renew`); when that fails the session is dropped and the shell's guard signs in again
//! through the authority, coming back to the same page.

pub mod flow;
pub mod pkce;
pub mod renew;
mod session;
pub mod store;

use leptos::prelude::*;

pub use session::{AccessToken, Session};

/// Who a token is for (ARM, or the data plane when it refuses the ARM token); which URL gets
/// which is decided by `aml_api::cloud::token_audience`.
pub use aml_api::cloud::Audience;

/// sessionStorage key of the harmless "this tab was signed in" flag (no secret in it).
pub const SIGNED_IN_FLAG: &str = "aml.signedInBefore";

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
                Audience::Storage => s.storage.as_ref(),
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

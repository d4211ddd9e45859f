//! What sign-in remembers between requests: pending authorization codes, refresh-token grants
//! and SSO sessions (the `emu_sso` cookie). In memory only: a restart signs everybody out.

use std::collections::HashMap;

/// A pending authorization code (single use, 10 minutes).
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub scope: String,
    pub oid: String,
    pub nonce: Option<String>,
    pub expires: u64,
    pub redeemed: bool,
}

/// A refresh token grant. SPA refresh tokens keep the expiry of the first sign-in (24 h).
#[derive(Debug, Clone)]
pub struct RefreshGrant {
    pub client_id: String,
    pub oid: String,
    pub scope: String,
    pub expires: u64,
}

#[derive(Debug, Default)]
pub struct AuthState {
    pub codes: HashMap<String, AuthCode>,
    pub refresh_tokens: HashMap<String, RefreshGrant>,
    /// `emu_sso` cookie value → user oid.
    pub sessions: HashMap<String, String>,
}

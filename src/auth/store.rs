//! "Stay signed in on this tab": the session (access + refresh tokens) copied to
//! sessionStorage, so a reload needs no round trip to the authority. sessionStorage is per tab
//! and ends with it; localStorage (shared by every tab, kept on disk indefinitely) is never
//! used for tokens. Without the opt-in nothing here is written and tokens stay in memory.

use super::session::{AccessToken, Session};
use crate::browser;
use serde_json::{json, Value};

/// The opt-in, chosen on the sign-in page; kept for the tab so silent re-sign-ins honour it.
const STAY_KEY: &str = "aml.staySignedIn";
const SESSION_KEY: &str = "aml.session";

pub fn stay() -> bool {
    browser::session_get(STAY_KEY).as_deref() == Some("1")
}

pub fn set_stay(on: bool) {
    if on {
        browser::session_set(STAY_KEY, "1");
    } else {
        browser::session_remove(STAY_KEY);
        browser::session_remove(SESSION_KEY);
    }
}

fn token_json(t: &Option<AccessToken>) -> Value {
    match t {
        Some(t) => json!({ "t": t.token, "o": t.obtained_ms, "e": t.expires_ms }),
        None => Value::Null,
    }
}

fn token_from(v: &Value) -> Option<AccessToken> {
    Some(AccessToken {
        token: v["t"].as_str()?.to_string(),
        obtained_ms: v["o"].as_f64().unwrap_or_default(),
        expires_ms: v["e"].as_f64(),
    })
}

/// Writes the session only when the user opted in.
pub fn save(s: &Session) {
    if !stay() {
        return;
    }
    let v = json!({
        "name": s.name,
        "arm": token_json(&s.arm),
        "dp": token_json(&s.data_plane),
        "rt": s.refresh,
        "dpOwn": s.data_plane_own,
    });
    browser::session_set(SESSION_KEY, &v.to_string());
}

/// The kept session, if the user opted in and it can still be used (an unexpired access
/// token or a refresh token to get one).
pub fn load() -> Option<Session> {
    if !stay() {
        return None;
    }
    let v: Value = serde_json::from_str(&browser::session_get(SESSION_KEY)?).ok()?;
    let arm = token_from(&v["arm"]);
    let s = Session {
        name: v["name"].as_str().unwrap_or(crate::i18n::t("auth.unnamed_user", "Signed-in user")).to_string(),
        expires_at_ms: arm.as_ref().and_then(|t| t.expires_ms),
        arm,
        data_plane: token_from(&v["dp"]),
        storage: None,
        refresh: v["rt"].as_str().map(str::to_string),
        data_plane_own: v["dpOwn"].as_bool().unwrap_or(false),
    };
    (s.refresh.is_some() || !s.is_expired()).then_some(s)
}

/// Drops the kept tokens (sign-out, or a session that can no longer be renewed).
pub fn clear() {
    browser::session_remove(SESSION_KEY);
}

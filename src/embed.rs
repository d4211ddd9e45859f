//! Embed mode: the console inside another site's `<iframe>`, without its chrome, signed in with
//! a token the host page hands over by `postMessage` (the host already has a session; a second
//! sign-in inside a third-party frame would fail on cookie partitioning anyway).
//!
//! Selected by the address (`?embed=1`, canonicalized to the `{base}embed/` prefix so it survives
//! in-app navigation and reloads). Only *whether* to embed comes from the URL; which hosts may
//! talk to the console comes from config.json `embedOrigins`, never from the URL.
//!
//! Messages (all plain objects, `type` first):
//! - host → console `{type:"aml-console:token", accessToken, expiresOn?}` (expiresOn: epoch
//!   seconds, ms or a date string; the token's own `exp` wins when present);
//! - host → console `{type:"aml-console:theme", theme:"light"|"dark"}`;
//! - console → host `{type:"aml-console:token-request"}` at start, when the token nears expiry,
//!   and after it was rejected.

use crate::auth::{Auth, Session};
use crate::browser;
use crate::config::Config;
use js_sys::Reflect;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

/// Ask for a new token this long before expiry (what MSAL and azure-identity do).
const REFRESH_MARGIN_MS: f64 = 5.0 * 60.0 * 1000.0;
/// Never ask more often than this, even if the host keeps sending near-expiry tokens.
const MIN_REQUEST_GAP_MS: f64 = 5_000.0;

thread_local! {
    static EMBEDDED: Cell<bool> = const { Cell::new(false) };
    /// Origins allowed by config.json, and the one that last sent a token.
    static ORIGINS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static HOST: RefCell<Option<String>> = const { RefCell::new(None) };
    static LAST_REQUEST_MS: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
    /// Bumped per accepted token, so an older refresh timer does nothing.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
}

pub fn is_embedded() -> bool {
    EMBEDDED.with(Cell::get)
}

/// Decides the mode before the router reads the address and sets the app base path:
/// `{site}` normally, `{site}embed` in embed mode. Returns whether we are embedded.
pub fn init_mode() -> bool {
    let site = browser::site_base(); // "/" or "/console/"
    let Some(loc) = browser::window().map(|w| w.location()) else { return false };
    let path = loc.pathname().unwrap_or_default();
    let prefix = format!("{site}embed");
    let in_path = path == prefix || path.starts_with(&format!("{prefix}/"));
    let in_query = browser::query_param("embed").is_some_and(|v| v == "1" || v == "true");
    let embedded = in_path || in_query;
    EMBEDDED.with(|e| e.set(embedded));
    if !embedded {
        browser::set_app_base(&site);
        return false;
    }
    browser::set_app_base(&prefix);
    if !in_path {
        // `/console/ws/…?embed=1` → `/console/embed/ws/…`: links and reloads keep the mode.
        let rest = path.strip_prefix(site.trim_end_matches('/')).unwrap_or("/");
        let query = web_sys::UrlSearchParams::new_with_str(&loc.search().unwrap_or_default()).ok();
        let search = query.map(|q| {
            q.delete("embed");
            String::from(q.to_string())
        });
        let search = search.filter(|s| !s.is_empty()).map(|s| format!("?{s}")).unwrap_or_default();
        browser::replace_state(&format!("{rest}{search}"));
    }
    true
}

/// Starts listening to the host page. Call once, in embed mode only.
pub fn listen(cfg: &Config, auth: Auth) {
    // Already in `MessageEvent.origin` form (config.rs), so they compare as text.
    let allowed = cfg.embed_origins.clone();
    if allowed.is_empty() {
        leptos::logging::warn!("aml-console: embed mode, but config.json lists no embedOrigins: no host can sign in");
    }
    ORIGINS.with(|o| *o.borrow_mut() = allowed);
    let handler = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| on_message(&ev, auth));
    if let Some(w) = browser::window() {
        let _ = w.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
    }
    handler.forget(); // lives as long as the page
}

fn str_of(v: &JsValue, key: &str) -> Option<String> {
    Reflect::get(v, &JsValue::from_str(key)).ok()?.as_string()
}

fn on_message(ev: &web_sys::Event, auth: Auth) {
    let origin = str_of(ev, "origin").unwrap_or_default();
    let data = Reflect::get(ev, &JsValue::from_str("data")).unwrap_or(JsValue::UNDEFINED);
    let kind = str_of(&data, "type").unwrap_or_default();
    if !kind.starts_with("aml-console:") {
        return; // other scripts' messages (extensions, the host's own traffic): not ours
    }
    let listed = ORIGINS.with(|o| o.borrow().contains(&origin));
    let source = Reflect::get(ev, &JsValue::from_str("source")).unwrap_or(JsValue::NULL);
    let from_parent =
        browser::window().and_then(|w| w.parent().ok().flatten()).is_some_and(|p| js_sys::Object::is(&source, &p));
    if !listed || !from_parent {
        // Never log `data`: it may hold a token.
        let why = if listed { "not the embedding page" } else { "origin not in embedOrigins" };
        leptos::logging::warn!("aml-console: ignored a {kind} message from {origin}: {why}");
        return;
    }
    match kind.as_str() {
        "aml-console:token" => accept_token(&data, &origin, auth),
        "aml-console:theme" => {
            if let Some(t) = str_of(&data, "theme") {
                crate::theme::apply_hint(&t);
            }
        }
        _ => leptos::logging::warn!("aml-console: unknown message type {kind} from {origin}"),
    }
}

fn accept_token(data: &JsValue, origin: &str, auth: Auth) {
    let Some(token) = str_of(data, "accessToken").filter(|t| !t.trim().is_empty()) else {
        leptos::logging::warn!("aml-console: token message from {origin} without accessToken");
        return;
    };
    let expires_in = expires_on_ms(data).map(|ms| (ms - js_sys::Date::now()) / 1000.0);
    let session = Session::from_tokens(&token, None, expires_in);
    if session.is_expired() {
        leptos::logging::warn!("aml-console: the token from {origin} has already expired");
        request_token();
        return;
    }
    HOST.with(|h| *h.borrow_mut() = Some(origin.to_string()));
    let exp = session.expires_at_ms;
    auth.set_session(session);
    schedule_refresh(exp);
}

/// `expiresOn` as epoch milliseconds: a number of seconds (MSAL's `expiresOn` serialized, az's
/// `expires_on`) or milliseconds, or a date string.
fn expires_on_ms(data: &JsValue) -> Option<f64> {
    let v = Reflect::get(data, &JsValue::from_str("expiresOn")).ok()?;
    if let Some(n) = v.as_f64() {
        return Some(if n > 1e12 { n } else { n * 1000.0 });
    }
    let ms = js_sys::Date::parse(&v.as_string()?);
    (!ms.is_nan()).then_some(ms)
}

fn schedule_refresh(expires_at_ms: Option<f64>) {
    let Some(exp) = expires_at_ms else { return };
    let gen = GENERATION.with(|g| {
        g.set(g.get().wrapping_add(1));
        g.get()
    });
    let now = js_sys::Date::now();
    let since_last = now - LAST_REQUEST_MS.with(Cell::get);
    let wait = (exp - REFRESH_MARGIN_MS - now).max(MIN_REQUEST_GAP_MS - since_last).max(0.0);
    spawn_local(async move {
        browser::sleep_ms(wait as u64).await;
        if GENERATION.with(Cell::get) == gen {
            request_token();
        }
    });
}

/// Asks the embedding page for a (new) token: to the origin that sent the last one, else to
/// each listed origin (`postMessage` drops it unless the parent really has that origin).
pub fn request_token() {
    let Some(parent) = browser::window().and_then(|w| w.parent().ok().flatten()) else { return };
    let targets =
        HOST.with(|h| h.borrow().clone()).map(|h| vec![h]).unwrap_or_else(|| ORIGINS.with(|o| o.borrow().clone()));
    let msg = js_sys::Object::new();
    let _ = Reflect::set(&msg, &JsValue::from_str("type"), &JsValue::from_str("aml-console:token-request"));
    for origin in targets {
        let _ = parent.post_message(&msg, &origin);
    }
    LAST_REQUEST_MS.with(|l| l.set(js_sys::Date::now()));
}

/// Shown instead of the sign-in page while the host has not handed over a usable token.
#[component]
pub fn WaitingForHost() -> impl IntoView {
    let framed = browser::window()
        .and_then(|w| w.parent().ok().flatten())
        .is_some_and(|p| browser::window().is_some_and(|w| !js_sys::Object::is(&p, &w)));
    view! {
        <div class="page-center" data-testid="embed-waiting">
            <p class="muted">
                {if framed {
                    crate::i18n::t("embed.waiting", "Waiting for the host page to sign you in…")
                } else {
                    crate::i18n::t(
                        "embed.not_framed",
                        "This is the embeddable console: open it inside a page listed in embedOrigins.",
                    )
                }}
            </p>
        </div>
    }
}

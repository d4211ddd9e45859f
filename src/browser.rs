//! Thin, panic-free wrappers around the browser APIs the console touches
//! (storage, location, history, crypto). Everything returns `Option`/defaults so
//! a locked-down browser (storage disabled, private mode) degrades instead of crashing.

use wasm_bindgen::{JsCast, JsValue};

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// sessionStorage: only used for short-lived, non-secret flow state (PKCE verifier until
/// redeemed, the "signed in before" flag). Tokens never go here.
pub fn session_get(key: &str) -> Option<String> {
    window()?.session_storage().ok()??.get_item(key).ok()?
}
pub fn session_set(key: &str, value: &str) {
    if let Some(s) = window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.set_item(key, value);
    }
}
pub fn session_remove(key: &str) {
    if let Some(s) = window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.remove_item(key);
    }
}

/// localStorage: only preferences (theme) and the last workspace path, which are not secrets.
pub fn local_get(key: &str) -> Option<String> {
    window()?.local_storage().ok()??.get_item(key).ok()?
}
pub fn local_set(key: &str, value: &str) {
    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(key, value);
    }
}

/// `location.origin`, e.g. `http://127.0.0.1:8080`.
pub fn origin() -> String {
    window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// Path + query of the current page *inside the app* (without the site's base path, see
/// `app_base`): what we come back to after a sign-in round trip.
pub fn current_path_and_query() -> String {
    let Some(loc) = window().map(|w| w.location()) else { return "/".into() };
    let path = loc.pathname().unwrap_or_else(|_| "/".into());
    let search = loc.search().unwrap_or_default();
    format!("{}{search}", to_app_path(&path))
}

thread_local! {
    static APP_BASE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Path the site is served under, from `<base href>` (set by `xtask dist --base`): `/` or
/// `/console/`. Read from the document, so one wasm build works under any base.
pub fn site_base() -> String {
    let uri = window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
    let path = uri.and_then(|u| web_sys::Url::new(&u).ok()).map(|u| u.pathname()).unwrap_or_default();
    if path.ends_with('/') {
        path
    } else {
        "/".into()
    }
}

/// Where app paths (`/workspaces`, `/ws/…`) are mounted in the address bar, without the trailing
/// slash: `""` at the root, `/console`, `/console/embed` in embed mode. Set once by the router.
pub fn app_base() -> String {
    APP_BASE.with(|b| b.borrow().clone()).unwrap_or_else(|| site_base().trim_end_matches('/').to_string())
}
pub fn set_app_base(base: &str) {
    APP_BASE.with(|b| *b.borrow_mut() = Some(base.trim_end_matches('/').to_string()));
}

/// App path → address-bar path: `/ws/x` → `/console/ws/x`. For `href`s and `history` calls
/// (the router adds the base itself for `navigate`).
pub fn to_browser_path(app_path: &str) -> String {
    aml_api::console_paths::with_base(&app_base(), app_path)
}

/// Address-bar path → app path (the inverse of `to_browser_path`).
pub fn to_app_path(path: &str) -> String {
    aml_api::console_paths::without_base(&app_base(), path)
}

/// Full-page navigation (leaves the SPA), used for the authority redirects.
pub fn assign(url: &str) {
    if let Some(w) = window() {
        let _ = w.location().assign(url);
    }
}

/// Rewrites the address bar without a reload or a history entry (removes `?code=` after redeem).
/// `url` is an app path (`/ws/…?q=`); the site's base is added here.
pub fn replace_state(url: &str) {
    if let Some(h) = window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&to_browser_path(url)));
    }
}

/// A query parameter of the current address, read before the router exists.
pub fn query_param(name: &str) -> Option<String> {
    let search = window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// Cryptographically strong random bytes (`crypto.getRandomValues`).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    if let Some(c) = window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut buf);
    }
    buf
}

/// A random RFC 4122 version-4 UUID (`x-ms-client-request-id`, job names, anonymous code
/// names): the api crate formats it, the browser's CSPRNG supplies the bytes.
pub fn uuid_v4() -> String {
    aml_api::pipeline::uuid_v4_from_bytes(random_bytes())
}

/// Resolves after `ms` milliseconds (`setTimeout`). Used between LRO polls; the poller decides
/// the delay (Retry-After or backoff), this only waits.
pub async fn sleep_ms(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = window() {
            let ms = ms.min(i32::MAX as u64) as i32;
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Copies `text` to the clipboard on a user gesture (`navigator.clipboard.writeText`). Read via
/// `Reflect` so no extra web-sys features (and bundle) are needed; nothing is kept afterwards.
pub async fn copy_text(text: &str) -> bool {
    let Some(nav) = window().map(|w| w.navigator()) else { return false };
    let Ok(clip) = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard")) else { return false };
    let Ok(f) = js_sys::Reflect::get(&clip, &JsValue::from_str("writeText")) else { return false };
    let Ok(f) = f.dyn_into::<js_sys::Function>() else { return false };
    match f.call1(&clip, &JsValue::from_str(text)).map(js_sys::Promise::from) {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        Err(_) => false,
    }
}

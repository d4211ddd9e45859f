//! Console paths (see docs/CONTRACTS.md "Console routes"): one place builds and parses them.

use crate::browser;

const LAST_WS_KEY: &str = "aml.lastWorkspace";

fn seg(s: &str) -> String {
    browser::enc(s)
}

/// An app path as an `href`: the site's base (and `/embed` in embed mode) in front, so plain
/// `<a>` links stay inside the app wherever it is hosted. `navigate()` takes app paths as-is.
pub fn href(app_path: &str) -> String {
    browser::to_browser_path(app_path)
}

pub fn computes_path(sub: &str, rg: &str, ws: &str) -> String {
    format!("/ws/{}/{}/{}/computes", seg(sub), seg(rg), seg(ws))
}

pub fn compute_path(sub: &str, rg: &str, ws: &str, name: &str) -> String {
    format!("{}/{}", computes_path(sub, rg, ws), seg(name))
}

/// The workspace part of a `/ws/{sub}/{rg}/{ws}/…` path: (sub, rg, ws, rest segments).
pub fn parse_ws_path(path: &str) -> Option<(String, String, String, Vec<String>)> {
    let dec = |s: &str| String::from(js_sys::decode_uri_component(s).unwrap_or_else(|_| s.into()));
    let mut it = path.trim_start_matches('/').split('/').filter(|s| !s.is_empty());
    if it.next()? != "ws" {
        return None;
    }
    let (sub, rg, ws) = (dec(it.next()?), dec(it.next()?), dec(it.next()?));
    Some((sub, rg, ws, it.map(dec).collect()))
}

/// The last opened workspace (a path, not a secret), so `/` can reopen it.
pub fn remember_workspace(sub: &str, rg: &str, ws: &str) {
    browser::local_set(LAST_WS_KEY, &computes_path(sub, rg, ws));
}

pub fn last_workspace() -> Option<String> {
    browser::local_get(LAST_WS_KEY).filter(|p| parse_ws_path(p).is_some() && !p.starts_with("//"))
}

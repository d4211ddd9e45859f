//! Shared test helpers: start an emulator in-process on an ephemeral loopback port, mint
//! tokens, follow nextLinks, and compare JSON shapes.
#![allow(dead_code)]

pub mod azurite;
pub mod jobs;
pub mod oauth;

use aml_emulator::auth::jwt::{access_claims, sign};
use aml_emulator::config::{Config, USERS};
use aml_emulator::state::AppState;
use aml_emulator::util::now_secs;
use serde_json::Value;
use std::net::SocketAddr;

pub const DEV: &str = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
pub const PROD: &str = "7e2a9f3c-5d41-4c8b-a6e0-2f9b8d7c6e51";
pub const V: &str = "2025-12-01";

pub struct Emu {
    pub addr: SocketAddr,
    pub base: String,
    pub state: AppState,
    pub http: reqwest::Client,
}

pub async fn start() -> Emu {
    start_with(|_| {}).await
}

pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> Emu {
    let mut config = Config { port: 0, public_url: String::new(), test_hooks: true, ..Config::default() };
    tweak(&mut config);
    let (addr, state) = aml_emulator::spawn(config).await.expect("emulator starts");
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    Emu { addr, base: state.config.public_url.clone(), state, http }
}

impl Emu {
    /// A valid ARM token for Ada, signed with the server's key.
    pub fn token(&self) -> String {
        self.token_for("https://management.azure.com/", 3600)
    }

    pub fn token_for(&self, aud: &str, lifetime: u64) -> String {
        sign(&access_claims(&USERS[0], aud, now_secs(), lifetime), &self.state.config.signing_key)
    }

    pub fn ws_path(&self, sub: &str, rg: &str, ws: &str) -> String {
        format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}")
    }

    pub async fn get(&self, path_and_query: &str) -> reqwest::Response {
        self.http.get(format!("{}{path_and_query}", self.base)).bearer_auth(self.token()).send().await.unwrap()
    }

    pub async fn post(&self, path_and_query: &str) -> reqwest::Response {
        self.http.post(format!("{}{path_and_query}", self.base)).bearer_auth(self.token()).send().await.unwrap()
    }

    pub async fn get_json(&self, path_and_query: &str) -> (u16, Value) {
        let r = self.get(path_and_query).await;
        let status = r.status().as_u16();
        (status, r.json().await.unwrap())
    }

    /// Any method with an optional JSON body; path may be absolute (a polling URL) or relative.
    pub async fn send(&self, method: &str, path: &str, body: Option<&Value>) -> reqwest::Response {
        let url = if path.starts_with("http") { path.to_string() } else { format!("{}{path}", self.base) };
        let mut req = self.http.request(method.parse().unwrap(), url).bearer_auth(self.token());
        if let Some(b) = body {
            req = req.json(b);
        }
        req.send().await.unwrap()
    }

    /// `(status, headers, json body or Null)`.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let r = self.send(method, path, body).await;
        let (status, headers) = (r.status().as_u16(), r.headers().clone());
        let text = r.text().await.unwrap();
        (status, headers, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Compute operations take `ms` milliseconds (the `operationSeconds` setting).
    pub fn set_operation_ms(&self, ms: u64) {
        self.state.settings.write().unwrap().operation_ms = ms;
    }

    /// Polls GET `path` until `done(body)` holds (30 s at most: a readiness wait, generous for loaded machines).
    pub async fn wait_for(&self, path: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            let (_, _, body) = self.call("GET", path, None).await;
            if done(&body) {
                return body;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("condition never held for {path}");
    }

    pub async fn set_page_size(&self, n: usize) {
        self.state.settings.write().unwrap().page_size = n;
    }

    /// Follows nextLinks (GET or POST) from `first`, returning every page's body.
    pub async fn all_pages(&self, first: &str, post: bool) -> Vec<Value> {
        let mut pages = Vec::new();
        let mut url = format!("{}{first}", self.base);
        for _ in 0..100 {
            let req = if post { self.http.post(&url) } else { self.http.get(&url) };
            let r = req.bearer_auth(self.token()).send().await.unwrap();
            assert_eq!(r.status().as_u16(), 200, "page {url}");
            let body: Value = r.json().await.unwrap();
            let next = body.get("nextLink").and_then(Value::as_str).map(str::to_string);
            pages.push(body);
            match next {
                Some(n) => url = n,
                None => return pages,
            }
        }
        panic!("paging did not end");
    }
}

/// Every key path of `example` exists in `ours` with the same JSON type (null in the example
/// matches anything); `id` and `name` strings must be equal. Array items are matched by their
/// `name` when they have one, else by position.
pub fn assert_shape(example: &Value, ours: &Value, path: &str) {
    match example {
        Value::Null => {}
        Value::Object(map) => {
            let o = ours.as_object().unwrap_or_else(|| panic!("{path}: expected object, got {ours}"));
            for (k, ev) in map {
                let p = format!("{path}.{k}");
                let ov = o.get(k).unwrap_or_else(|| panic!("{p}: missing in emulator response"));
                if (k == "id" || k == "name") && ev.is_string() {
                    assert_eq!(ev.as_str().unwrap().to_lowercase(), ov.as_str().unwrap_or("").to_lowercase(), "{p}");
                }
                assert_shape(ev, ov, &p);
            }
        }
        Value::Array(items) => {
            let arr = ours.as_array().unwrap_or_else(|| panic!("{path}: expected array, got {ours}"));
            for (i, ev) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                let counterpart = match ev.get("name").and_then(Value::as_str) {
                    Some(name) => arr.iter().find(|o| o.get("name").and_then(Value::as_str) == Some(name)),
                    None => arr.get(i),
                };
                assert_shape(ev, counterpart.unwrap_or_else(|| panic!("{p}: no counterpart")), &p);
            }
        }
        Value::Bool(_) => assert!(ours.is_boolean(), "{path}: expected bool, got {ours}"),
        Value::Number(_) => assert!(ours.is_number(), "{path}: expected number, got {ours}"),
        Value::String(_) => assert!(ours.is_string(), "{path}: expected string, got {ours}"),
    }
}

/// `base64url(sha256(verifier))`, the S256 code challenge.
pub fn challenge(verifier: &str) -> String {
    use sha2::Digest;
    aml_emulator::util::b64url(&sha2::Sha256::digest(verifier.as_bytes()))
}

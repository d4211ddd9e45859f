//! Helpers for the sign-in tests: authorize URLs, the account picker POST, token redemption.
#![allow(dead_code)]

use super::*;
use aml_emulator::config::{CLIENT_ID, TENANT_ID};
use aml_emulator::util::b64url_decode;
use reqwest::Url;
use serde_json::Value;

pub const REDIRECT: &str = "http://127.0.0.1:8080/";
pub const SCOPE: &str = "https://management.azure.com/user_impersonation offline_access openid profile";

pub fn authorize_url(emu: &Emu, extra: &[(&str, &str)], verifier: &str) -> String {
    let mut u = Url::parse(&format!("{}/{TENANT_ID}/oauth2/v2.0/authorize", emu.base)).unwrap();
    let ch = challenge(verifier);
    let mut params: Vec<(&str, &str)> = vec![
        ("client_id", CLIENT_ID),
        ("response_type", "code"),
        ("redirect_uri", REDIRECT),
        ("scope", SCOPE),
        ("state", "st-123"),
        ("code_challenge", &ch),
        ("code_challenge_method", "S256"),
    ];
    for (k, v) in extra {
        params.retain(|(pk, _)| pk != k);
        params.push((k, v));
    }
    params.retain(|(_, v)| !v.is_empty());
    u.query_pairs_mut().extend_pairs(params);
    u.to_string()
}

pub fn location_params(resp: &reqwest::Response) -> (String, Vec<(String, String)>) {
    let loc = resp.headers().get("location").expect("Location header").to_str().unwrap().to_string();
    let url = Url::parse(&loc).unwrap();
    let pairs = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    (loc, pairs)
}

pub fn param(pairs: &[(String, String)], k: &str) -> Option<String> {
    pairs.iter().find(|(pk, _)| pk == k).map(|(_, v)| v.clone())
}

/// Picks a user on the sign-in page; returns (code, emu_sso cookie).
pub async fn sign_in(emu: &Emu, verifier: &str, upn: &str) -> (String, String) {
    let url = authorize_url(emu, &[], verifier);
    let page = emu.http.get(&url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Sign in — Local Azure ML emulator"));
    assert!(html.contains(&format!("<button type=\"submit\" name=\"login_hint\" value=\"{upn}\"")));
    // The page form re-posts the query parameters as hidden inputs plus the chosen login_hint.
    let form: Vec<(String, String)> =
        Url::parse(&url).unwrap().query_pairs().map(|(k, v)| (k.into(), v.into())).collect();
    let mut form = form;
    form.push(("login_hint".into(), upn.into()));
    let body = form
        .iter()
        .map(|(k, v)| format!("{}={}", aml_emulator::util::url_encode(k), aml_emulator::util::url_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let resp = emu
        .http
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    let cookie = resp.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("emu_sso=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && cookie.contains("Path=/")
    );
    let (loc, pairs) = location_params(&resp);
    assert!(loc.starts_with(REDIRECT));
    assert_eq!(param(&pairs, "state").as_deref(), Some("st-123"));
    (param(&pairs, "code").unwrap(), cookie.split(';').next().unwrap().to_string())
}

pub async fn redeem(emu: &Emu, form: &[(&str, &str)]) -> (u16, Value) {
    let r = emu
        .http
        .post(format!("{}/{TENANT_ID}/oauth2/v2.0/token", emu.base))
        .header("origin", "http://127.0.0.1:8080")
        .form(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    if status == 200 || status == 400 {
        assert_eq!(r.headers().get("access-control-allow-origin").unwrap(), "http://127.0.0.1:8080");
    }
    (status, r.json().await.unwrap())
}

pub fn claims(jwt: &str) -> Value {
    serde_json::from_slice(&b64url_decode(jwt.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

pub async fn arm_with(emu: &Emu, auth: Option<&str>) -> reqwest::Response {
    let mut req = emu
        .http
        .get(format!("{}/subscriptions?api-version=2022-12-01", emu.base))
        .header("origin", "http://localhost:8080");
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    req.send().await.unwrap()
}

pub async fn expect_401(resp: reqwest::Response, code: &str) -> String {
    assert_eq!(resp.status(), 401);
    let www = resp.headers().get("www-authenticate").unwrap().to_str().unwrap().to_string();
    assert!(www.starts_with("Bearer authorization_uri=\"") && www.contains("error=\"invalid_token\""), "{www}");
    assert!(resp.headers().get("x-ms-request-id").is_some());
    assert_eq!(resp.headers().get("access-control-allow-origin").unwrap(), "http://localhost:8080");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"]["code"], code);
    body["error"]["message"].as_str().unwrap().to_string()
}

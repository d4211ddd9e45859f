//! The authorize endpoint: account picker, redirect URI and client checks, SSO cookie, prompt, logout.

mod common;
use common::oauth::*;
use common::*;

#[tokio::test]
async fn authorize_refuses_unregistered_redirects_and_unknown_clients() {
    let emu = start().await;
    let url = authorize_url(&emu, &[("redirect_uri", "https://evil.example/cb")], "v");
    let r = emu.http.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.headers().get("location").is_none());
    let html = r.text().await.unwrap();
    assert!(html.contains("AADSTS50011") && html.contains("https://evil.example/cb"));
    let r = emu
        .http
        .get(authorize_url(&emu, &[("client_id", "11111111-2222-3333-4444-555555555555")], "v"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("AADSTS700016"));
    let r = emu.http.get(format!("{}/not-a-tenant/oauth2/v2.0/authorize", emu.base)).send().await.unwrap();
    assert!(r.text().await.unwrap().contains("AADSTS90002"));
    // Missing PKCE → back to the app with invalid_request and the state.
    let r = emu.http.get(authorize_url(&emu, &[("code_challenge", "")], "v")).send().await.unwrap();
    assert_eq!(r.status(), 302);
    let (loc, pairs) = location_params(&r);
    assert!(loc.starts_with(REDIRECT));
    assert_eq!(param(&pairs, "error").as_deref(), Some("invalid_request"));
    assert_eq!(param(&pairs, "state").as_deref(), Some("st-123"));
}

#[tokio::test]
async fn sso_cookie_prompt_and_logout() {
    let emu = start().await;
    // prompt=none without a session.
    let r = emu.http.get(authorize_url(&emu, &[("prompt", "none")], "v")).send().await.unwrap();
    let (_, pairs) = location_params(&r);
    assert_eq!(param(&pairs, "error").as_deref(), Some("login_required"));
    assert!(param(&pairs, "error_description").unwrap().starts_with("AADSTS50058"));
    assert_eq!(param(&pairs, "state").as_deref(), Some("st-123"));
    let (_, cookie) = sign_in(&emu, "v", "ada@contoso.example").await;
    // With the session: immediate redirect with a code, for no prompt and for prompt=none.
    for extra in [vec![], vec![("prompt", "none")]] {
        let r = emu.http.get(authorize_url(&emu, &extra, "v")).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(r.status(), 302);
        assert!(param(&location_params(&r).1, "code").is_some());
    }
    // prompt=login / select_account show the picker even with a session.
    for prompt in ["login", "select_account"] {
        let r = emu
            .http
            .get(authorize_url(&emu, &[("prompt", prompt)], "v"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    // Logout to a registered URI redirects and clears the cookie; the session is gone.
    let r = emu
        .http
        .get(format!(
            "{}/common/oauth2/v2.0/logout?post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F",
            emu.base
        ))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(r.headers().get("location").unwrap(), "http://localhost:8080/");
    assert!(r.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Max-Age=0"));
    let r = emu.http.get(authorize_url(&emu, &[], "v")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // Unregistered post-logout URI: a signed-out page, no redirect.
    let r = emu
        .http
        .get(format!(
            "{}/organizations/oauth2/v2.0/logout?post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F",
            emu.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("location").is_none());
}

#[tokio::test]
async fn sign_in_page_escapes_echoed_values() {
    let emu = start().await;
    let r = emu.http.get(authorize_url(&emu, &[("state", "\"><script>alert(1)</script>")], "v")).send().await.unwrap();
    let html = r.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&quot;&gt;&lt;script&gt;"));
}

//! ARM's 401 handling and the token endpoint (PKCE code redemption, refresh, CORS, CLI tokens).

mod common;
use aml_emulator::auth::jwt::{access_claims, sign};
use aml_emulator::config::{CLIENT_ID, TENANT_ID, USERS};
use aml_emulator::util::now_secs;
use common::oauth::*;
use common::*;
use reqwest::Url;

#[tokio::test]
async fn arm_rejects_bad_tokens_like_arm() {
    let emu = start().await;
    let msg = expect_401(arm_with(&emu, None).await, "AuthenticationFailed").await;
    assert_eq!(msg, "Authentication failed. The 'Authorization' header is missing.");
    let msg = expect_401(arm_with(&emu, Some("Bearer not.a.jwt")).await, "InvalidAuthenticationToken").await;
    assert_eq!(msg, "The access token is invalid.");
    let forged = sign(&access_claims(&USERS[0], "https://management.azure.com/", now_secs(), 3600), "wrong-key");
    expect_401(arm_with(&emu, Some(&format!("Bearer {forged}"))).await, "InvalidAuthenticationToken").await;
    let expired = sign(
        &access_claims(&USERS[0], "https://management.azure.com/", now_secs() - 7200, 3600),
        &emu.state.config.signing_key,
    );
    let msg = expect_401(arm_with(&emu, Some(&format!("Bearer {expired}"))).await, "ExpiredAuthenticationToken").await;
    assert!(
        msg.starts_with("The access token expiry UTC time '") && msg.contains("is earlier than current UTC time"),
        "{msg}"
    );
    let graph = emu.token_for("https://graph.microsoft.com", 3600);
    let msg =
        expect_401(arm_with(&emu, Some(&format!("Bearer {graph}"))).await, "InvalidAuthenticationTokenAudience").await;
    assert!(
        msg.contains("wrong audience or resource 'https://graph.microsoft.com'")
            && msg.contains("'https://management.azure.com/'"),
        "{msg}"
    );
    // Accepted audiences.
    for aud in [
        "https://management.azure.com/",
        "https://management.azure.com",
        "https://management.core.windows.net/",
        emu.base.as_str(),
        &format!("{}/", emu.base),
    ] {
        let r = arm_with(&emu, Some(&format!("Bearer {}", emu.token_for(aud, 3600)))).await;
        assert_eq!(r.status(), 200, "audience {aud}");
    }
}

#[tokio::test]
async fn pkce_code_flow_and_code_reuse() {
    let emu = start().await;
    let verifier = "a-verifier-that-is-long-enough-0123456789-abcdefghij";
    let (code, _) = sign_in(&emu, verifier, "grace@contoso.example").await;
    let form = [
        ("client_id", CLIENT_ID),
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier),
        ("scope", SCOPE),
    ];
    let (status, body) = redeem(&emu, &form).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert!(body["ext_expires_in"].is_number() && body["refresh_token"].is_string() && body["id_token"].is_string());
    let at = claims(body["access_token"].as_str().unwrap());
    assert_eq!(at["aud"], "https://management.azure.com/");
    assert_eq!(at["iss"], format!("https://sts.windows.net/{TENANT_ID}/"));
    assert_eq!(at["upn"], "grace@contoso.example");
    assert_eq!(at["oid"], USERS[1].oid);
    assert_eq!(at["scp"], "user_impersonation");
    assert_eq!(at["appid"], CLIENT_ID);
    assert_eq!(at["tid"], TENANT_ID);
    assert_eq!(at["name"], "Grace Hopper");
    assert!(at["exp"].as_u64().unwrap() > at["nbf"].as_u64().unwrap());
    assert_eq!(claims(body["id_token"].as_str().unwrap())["aud"], CLIENT_ID);
    // The token works on ARM.
    let r = arm_with(&emu, Some(&format!("Bearer {}", body["access_token"].as_str().unwrap()))).await;
    assert_eq!(r.status(), 200);
    // A code is single-use.
    let (status, err) = redeem(&emu, &form).await;
    assert_eq!(status, 400);
    assert_eq!(err["error"], "invalid_grant");
    assert_eq!(err["error_codes"][0], 54005);
    assert!(err["error_description"].as_str().unwrap().starts_with("AADSTS54005:"));
    for k in ["timestamp", "trace_id", "correlation_id"] {
        assert!(err[k].is_string(), "{k}");
    }
}

#[tokio::test]
async fn wrong_verifier_or_redirect_is_invalid_grant() {
    let emu = start().await;
    let (code, _) = sign_in(&emu, "right-verifier-0123456789-0123456789-0123456789", "ada@contoso.example").await;
    let (status, err) = redeem(
        &emu,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", "wrong-verifier-0123456789-0123456789-012345678"),
        ],
    )
    .await;
    assert_eq!((status, err["error"].as_str().unwrap()), (400, "invalid_grant"));
    assert!(err["error_description"].as_str().unwrap().starts_with("AADSTS50148:"));
    let v = "another-verifier-0123456789-0123456789-0123456789";
    let (code, _) = sign_in(&emu, v, "ada@contoso.example").await;
    let (status, err) = redeem(
        &emu,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://localhost:8080/"),
            ("code_verifier", v),
        ],
    )
    .await;
    assert_eq!((status, err["error"].as_str().unwrap()), (400, "invalid_grant"));
    let (status, err) = redeem(
        &emu,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", "bogus"),
            ("redirect_uri", REDIRECT),
            ("code_verifier", v),
        ],
    )
    .await;
    assert_eq!((status, err["error"].as_str().unwrap()), (400, "invalid_grant"));
}

#[tokio::test]
async fn refresh_token_rotates_and_changes_resource() {
    let emu = start().await;
    let v = "refresh-verifier-0123456789-0123456789-0123456789";
    let (code, _) = sign_in(&emu, v, "ada@contoso.example").await;
    let (_, first) = redeem(
        &emu,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", v),
        ],
    )
    .await;
    let rt1 = first["refresh_token"].as_str().unwrap().to_string();
    let (status, second) = redeem(
        &emu,
        &[("client_id", CLIENT_ID), ("grant_type", "refresh_token"), ("refresh_token", &rt1), ("scope", SCOPE)],
    )
    .await;
    assert_eq!(status, 200, "{second}");
    let rt2 = second["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(rt1, rt2, "refresh tokens rotate");
    let (status, err) =
        redeem(&emu, &[("client_id", CLIENT_ID), ("grant_type", "refresh_token"), ("refresh_token", &rt1)]).await;
    assert_eq!((status, err["error"].as_str().unwrap()), (400, "invalid_grant"));
    // The Python SDK's scope: <emulator>/.default → aud = emulator base URL, accepted by ARM.
    let scope = format!("{}/.default offline_access", emu.base);
    let (status, third) = redeem(
        &emu,
        &[("client_id", CLIENT_ID), ("grant_type", "refresh_token"), ("refresh_token", &rt2), ("scope", &scope)],
    )
    .await;
    assert_eq!(status, 200);
    let at = third["access_token"].as_str().unwrap();
    assert_eq!(claims(at)["aud"], emu.base.as_str());
    assert_eq!(arm_with(&emu, Some(&format!("Bearer {at}"))).await.status(), 200);
}

#[tokio::test]
async fn offline_access_controls_refresh_token() {
    let emu = start().await;
    let v = "no-offline-verifier-0123456789-0123456789-012345";
    let url = authorize_url(&emu, &[("scope", "https://management.azure.com/user_impersonation")], v);
    let body = Url::parse(&url).unwrap().query().unwrap().to_string() + "&login_hint=ada%40contoso.example";
    let resp = emu
        .http
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let (_, pairs) = location_params(&resp);
    let code = param(&pairs, "code").unwrap();
    let (status, tok) = redeem(
        &emu,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", v),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(tok.get("refresh_token").is_none() && tok.get("id_token").is_none());
}
#[tokio::test]
async fn token_endpoint_answers_cors_preflight() {
    let emu = start().await;
    let r = emu
        .http
        .request(reqwest::Method::OPTIONS, format!("{}/{TENANT_ID}/oauth2/v2.0/token", emu.base))
        .header("origin", "http://127.0.0.1:8080")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert_eq!(r.headers().get("access-control-allow-origin").unwrap(), "http://127.0.0.1:8080");
    assert!(r.headers().get("access-control-allow-methods").unwrap().to_str().unwrap().contains("POST"));
}

#[tokio::test]
async fn cli_token_is_accepted_by_the_server() {
    let emu = start().await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_aml-emulator"))
        .args(["token", "--user", "grace@contoso.example"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(claims(&token)["upn"], "grace@contoso.example");
    assert_eq!(arm_with(&emu, Some(&format!("Bearer {token}"))).await.status(), 200);
}

/// A storage token names Azure Storage as its audience, with the v1 issuer Azurite accepts; with
/// the data role withdrawn (settings `storageDataRole: false`) it names another account, which
/// Azurite refuses like a real account refuses a user without Storage Blob Data Reader.
#[tokio::test]
async fn storage_tokens_follow_the_simulated_data_role() {
    let emu = start().await;
    let v = "storage-verifier-0123456789-0123456789-0123456789";
    let (code, _) = sign_in(&emu, v, "ada@contoso.example").await;
    let (_, first) = redeem(
        &emu,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", v),
        ],
    )
    .await;
    let rt = first["refresh_token"].as_str().unwrap().to_string();
    let (c, rt) = storage_token(&emu, &rt).await;
    assert_eq!(c["aud"], "https://storage.azure.com");
    assert!(c["iss"].as_str().unwrap().starts_with("https://sts.windows.net/"), "{c}");
    let settings = reqwest::Client::new()
        .post(format!("{}/_emulator/settings", emu.base))
        .body(r#"{"storageDataRole": false}"#)
        .send()
        .await
        .unwrap();
    let s: serde_json::Value = settings.json().await.unwrap();
    assert_eq!(s["storageDataRole"], false);
    let (c, rt) = storage_token(&emu, &rt).await;
    assert_eq!(c["aud"], "https://norole.blob.core.windows.net");
    // Only storage tokens: the same refresh token still yields a normal ARM token.
    let (status, arm) = redeem(
        &emu,
        &[("client_id", CLIENT_ID), ("grant_type", "refresh_token"), ("refresh_token", &rt), ("scope", SCOPE)],
    )
    .await;
    assert_eq!(status, 200, "{arm}");
    assert_eq!(claims(arm["access_token"].as_str().unwrap())["aud"], "https://management.azure.com/");
}

async fn storage_token(emu: &Emu, rt: &str) -> (serde_json::Value, String) {
    let scope = "https://storage.azure.com/.default offline_access";
    let (status, body) = redeem(
        emu,
        &[("client_id", CLIENT_ID), ("grant_type", "refresh_token"), ("refresh_token", rt), ("scope", scope)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    (claims(body["access_token"].as_str().unwrap()), body["refresh_token"].as_str().unwrap().to_string())
}

//! `GET|POST /{tenant}/oauth2/v2.0/authorize` (auth-code + PKCE) and `GET …/logout`.
//!
//! Order of checks follows Entra: problems with the client or the redirect URI are shown as an
//! error page (never a redirect to an unverified URI); every later problem is sent back to the
//! registered redirect URI as `error=…&error_description=…&state=…`.

use super::sessions::AuthCode;
use super::{cookie, page, tenant_not_found_text, tenant_ok};
use crate::config::{user_by_oid, user_by_upn, DemoUser, CLIENT_ID};
use crate::state::AppState;
use crate::util::{append_query, now_secs, random_token, url_encode};
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;

type Params = BTreeMap<String, String>;

const CODE_LIFETIME: u64 = 600;

/// A request that passed the client / redirect URI checks.
struct Checked {
    redirect_uri: String,
    fragment: bool,
}

impl Checked {
    /// Sends the browser back to the app, in the query (default) or the fragment.
    fn redirect(&self, params: &[(&str, &str)]) -> Response {
        let url = if self.fragment {
            let q: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", url_encode(v))).collect();
            format!("{}#{}", self.redirect_uri, q.join("&"))
        } else {
            append_query(&self.redirect_uri, params)
        };
        (StatusCode::FOUND, [(header::LOCATION, url), (header::CACHE_CONTROL, "no-store".into())]).into_response()
    }

    fn error(&self, p: &Params, error: &str, description: &str) -> Response {
        let mut out = vec![("error", error), ("error_description", description)];
        if let Some(s) = p.get("state") {
            out.push(("state", s));
        }
        self.redirect(&out)
    }
}

fn check(st: &AppState, tenant: &str, p: &Params) -> Result<Checked, Response> {
    if !tenant_ok(tenant) {
        return Err(page::error(StatusCode::BAD_REQUEST, &tenant_not_found_text(tenant)));
    }
    let client_id = p.get("client_id").map(String::as_str).unwrap_or("");
    if client_id.is_empty() {
        return Err(page::error(
            StatusCode::BAD_REQUEST,
            "AADSTS900144: The request body must contain the following parameter: 'client_id'.",
        ));
    }
    if client_id != CLIENT_ID {
        return Err(page::error(
            StatusCode::BAD_REQUEST,
            &format!(
                "AADSTS700016: Application with identifier '{client_id}' was not found in the directory \
                 'Contoso'. This can happen if the application has not been installed by the administrator \
                 of the tenant or consented to by any user in the tenant. You may have sent your \
                 authentication request to the wrong tenant."
            ),
        ));
    }
    let redirect_uri = p.get("redirect_uri").cloned().unwrap_or_default();
    if !st.config.redirect_uris.iter().any(|r| r == &redirect_uri) {
        return Err(page::error(
            StatusCode::BAD_REQUEST,
            &format!(
                "AADSTS50011: The redirect URI '{redirect_uri}' specified in the request does not match the \
                 redirect URIs configured for the application '{CLIENT_ID}'. Make sure the redirect URI sent \
                 in the request matches one added to your application in the Azure portal. Navigate to \
                 https://aka.ms/redirectUriMismatchError to learn more about how to fix this."
            ),
        ));
    }
    let fragment = p.get("response_mode").map(|m| m == "fragment").unwrap_or(false);
    let checked = Checked { redirect_uri, fragment };
    if p.get("response_type").map(String::as_str) != Some("code") {
        let rt = p.get("response_type").cloned().unwrap_or_default();
        return Err(checked.error(
            p,
            "unsupported_response_type",
            &format!("AADSTS700054: response_type '{rt}' is not enabled for the application."),
        ));
    }
    if p.get("scope").is_none_or(|s| s.trim().is_empty()) {
        return Err(checked.error(
            p,
            "invalid_request",
            "AADSTS900144: The request body must contain the following parameter: 'scope'.",
        ));
    }
    if p.get("code_challenge").is_none_or(|c| c.is_empty()) {
        return Err(checked.error(
            p,
            "invalid_request",
            "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.",
        ));
    }
    if p.get("code_challenge_method").map(String::as_str) != Some("S256") {
        return Err(checked.error(
            p,
            "invalid_request",
            "AADSTS50148: The code_challenge_method must be 'S256' for this application.",
        ));
    }
    Ok(checked)
}

/// Issues a single-use code bound to everything the token request must repeat.
fn issue_code(st: &AppState, p: &Params, user: &DemoUser) -> String {
    let code = random_token(48);
    let grant = AuthCode {
        client_id: p.get("client_id").cloned().unwrap_or_default(),
        redirect_uri: p.get("redirect_uri").cloned().unwrap_or_default(),
        code_challenge: p.get("code_challenge").cloned().unwrap_or_default(),
        scope: p.get("scope").cloned().unwrap_or_default(),
        oid: user.oid.to_string(),
        nonce: p.get("nonce").cloned(),
        expires: now_secs() + CODE_LIFETIME,
        redeemed: false,
    };
    let mut auth = st.auth.lock().unwrap();
    let now = now_secs();
    auth.codes.retain(|_, c| c.expires > now);
    auth.codes.insert(code.clone(), grant);
    code
}

fn sign_in_redirect(st: &AppState, checked: &Checked, p: &Params, user: &DemoUser) -> Response {
    let code = issue_code(st, p, user);
    let mut out = vec![("code", code.as_str())];
    if let Some(s) = p.get("state") {
        out.push(("state", s));
    }
    checked.redirect(&out)
}

fn session_user(st: &AppState, headers: &HeaderMap) -> Option<&'static DemoUser> {
    let sid = cookie(headers, "emu_sso")?;
    let oid = st.auth.lock().unwrap().sessions.get(&sid).cloned()?;
    user_by_oid(&oid)
}

pub async fn authorize_get(
    State(st): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    Query(p): Query<Params>,
) -> Response {
    let checked = match check(&st, &tenant, &p) {
        Ok(c) => c,
        Err(resp) => return resp,
    };
    let prompt = p.get("prompt").map(String::as_str).unwrap_or("");
    let session = session_user(&st, &headers);
    let hint = p.get("login_hint").map(String::as_str).unwrap_or("");
    match (prompt, session) {
        ("none", Some(user)) => sign_in_redirect(&st, &checked, &p, user),
        ("none", None) => checked.error(
            &p,
            "login_required",
            "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
        ),
        ("login" | "select_account", _) => page::sign_in(&p, None),
        // SSO: the session's user signs in at once unless the hint names somebody else.
        (_, Some(user)) if hint.is_empty() || user.upn.eq_ignore_ascii_case(hint) => {
            sign_in_redirect(&st, &checked, &p, user)
        }
        _ => page::sign_in(&p, None),
    }
}

/// The account picker posts here. Parameters come from the hidden inputs (form body), with the
/// query string of the page as a fallback.
pub async fn authorize_post(
    State(st): State<AppState>,
    Path(tenant): Path<String>,
    Query(mut p): Query<Params>,
    Form(form): Form<Params>,
) -> Response {
    p.extend(form);
    let checked = match check(&st, &tenant, &p) {
        Ok(c) => c,
        Err(resp) => return resp,
    };
    let Some(user) = p.get("login_hint").and_then(|h| user_by_upn(h)) else {
        return page::sign_in(&p, Some("This account does not exist in the emulator's directory. Pick one below."));
    };
    let sid = random_token(32);
    st.auth.lock().unwrap().sessions.insert(sid.clone(), user.oid.to_string());
    let mut resp = sign_in_redirect(&st, &checked, &p, user);
    let cookie = format!("emu_sso={sid}; Path=/; HttpOnly; SameSite=Lax");
    resp.headers_mut().append(header::SET_COOKIE, cookie.parse().unwrap());
    resp
}

/// Signs out: forgets the session, clears the cookie, and returns to the app only if the
/// `post_logout_redirect_uri` is one of its registered redirect URIs.
pub async fn logout(
    State(st): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    Query(p): Query<Params>,
) -> Response {
    if !tenant_ok(&tenant) {
        return page::error(StatusCode::BAD_REQUEST, &tenant_not_found_text(&tenant));
    }
    if let Some(sid) = cookie(&headers, "emu_sso") {
        st.auth.lock().unwrap().sessions.remove(&sid);
    }
    let target = p.get("post_logout_redirect_uri").filter(|u| st.config.redirect_uris.iter().any(|r| r == *u));
    let mut resp = match target {
        Some(uri) => {
            let url = match p.get("state") {
                Some(s) => append_query(uri, &[("state", s)]),
                None => uri.clone(),
            };
            (StatusCode::FOUND, [(header::LOCATION, url)]).into_response()
        }
        None => page::signed_out(),
    };
    let clear = "emu_sso=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
    resp.headers_mut().append(header::SET_COOKIE, clear.parse().unwrap());
    resp
}

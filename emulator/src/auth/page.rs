//! HTML pages of the sign-in stand-in: the account picker, error pages, the signed-out page.
//! Everything echoed from the request is HTML-escaped.

use crate::config::USERS;
use crate::util::html_escape as esc;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;

const STYLE: &str = "body{font-family:'Segoe UI',system-ui,sans-serif;background:#f2f2f2;margin:0}\
main{max-width:440px;margin:8vh auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}\
h1{font-size:24px;font-weight:600;margin:0 0 8px}p{color:#444;font-size:14px}\
ul{list-style:none;padding:0}li{margin:10px 0}\
button{width:100%;text-align:left;padding:12px 16px;font-size:15px;border:1px solid #8a8886;background:#fff;cursor:pointer}\
button:hover,button:focus{background:#e6f2fb;border-color:#0067b8}\
.upn{display:block;color:#605e5c;font-size:12px;margin:2px 0 0 17px}\
.error{color:#a80000}.note{font-size:12px;color:#605e5c;margin-top:24px}";

fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let doc = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>",
        esc(title)
    );
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], doc)
        .into_response()
}

/// The account picker: one submit button per demo user inside a POST form that carries the
/// original authorize parameters as hidden inputs (so the POST can re-validate them).
pub fn sign_in(params: &BTreeMap<String, String>, error: Option<&str>) -> Response {
    let mut hidden = String::new();
    for (k, v) in params.iter().filter(|(k, _)| k.as_str() != "login_hint") {
        hidden.push_str(&format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", esc(k), esc(v)));
    }
    let hint = params.get("login_hint").map(String::as_str).unwrap_or("");
    let mut buttons = String::new();
    for u in USERS {
        let autofocus = if u.upn.eq_ignore_ascii_case(hint) { " autofocus" } else { "" };
        buttons.push_str(&format!(
            "<li><button type=\"submit\" name=\"login_hint\" value=\"{}\"{autofocus}>{}</button>\
             <span class=\"upn\">{}</span></li>",
            esc(u.upn),
            esc(u.name),
            esc(u.upn)
        ));
    }
    let err = error.map(|e| format!("<p class=\"error\" role=\"alert\">{}</p>", esc(e))).unwrap_or_default();
    let body = format!(
        "<h1>Pick an account</h1><p>Sign in — Local Azure ML emulator. No password: choose a demo user.</p>{err}\
         <form method=\"post\">{hidden}<ul>{buttons}</ul></form>\
         <p class=\"note\">This page stands in for Microsoft Entra ID on this machine only.</p>"
    );
    html(StatusCode::OK, "Sign in — Local Azure ML emulator", &body)
}

/// An Entra-style error page (shown instead of redirecting, e.g. for an unknown client or an
/// unregistered redirect URI, where redirecting would be unsafe).
pub fn error(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<h1>Sorry, but we’re having trouble signing you in.</h1><p class=\"error\" role=\"alert\">{}</p>\
         <p class=\"note\">Local Azure ML emulator</p>",
        esc(message)
    );
    html(status, "Sign in — Local Azure ML emulator", &body)
}

pub fn signed_out() -> Response {
    html(
        StatusCode::OK,
        "Signed out — Local Azure ML emulator",
        "<h1>You signed out of your account</h1><p>It’s a good idea to close all browser windows.</p>",
    )
}

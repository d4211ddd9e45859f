//! The bearer token and a redacted view of the requests that carry it: neither can print the
//! token (nor a request body) through `Debug`.

use std::fmt;

use super::headers::AUTHORIZATION;
use crate::request::HttpRequest;

/// An access token for ARM. Only the pipeline reads it; `Debug` never shows it and there is no
/// `Display`, so it cannot end up in a log or an error message by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken(String);

impl BearerToken {
    pub fn new(token: impl Into<String>) -> Self {
        BearerToken(token.into())
    }

    pub(super) fn header_value(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

/// `Debug` view of a request with the `Authorization` value and the body hidden; use it to log
/// requests coming out of the pipeline (the derived `HttpRequest` Debug shows everything).
pub struct Redacted<'a>(pub &'a HttpRequest);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.0;
        let headers: Vec<(&str, &str)> = r
            .headers
            .iter()
            .map(|(k, v)| match k.eq_ignore_ascii_case(AUTHORIZATION) {
                true => (k.as_str(), "<redacted>"),
                false => (k.as_str(), v.as_str()),
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &r.method)
            .field("url", &r.url)
            .field("headers", &headers)
            .field("body_bytes", &r.body.as_ref().map(String::len))
            .finish()
    }
}

//! Minimal URL helpers: percent-encoding and decoding, and origins. Kept in-house because the
//! crate only needs these few things and must stay dependency-light for wasm. The console, the
//! request builders and the validators all use these: one parser of URLs, so no two places can
//! disagree about which host a URL names.

use std::fmt;

/// Percent-encodes one path segment: everything but RFC 3986 unreserved characters is escaped,
/// so `/`, `?`, `#`, `%` and spaces in a name can never change the URL's structure. A segment
/// made only of dots is fully escaped too, because `.`/`..` would be collapsed by URL
/// normalisation (in `fetch`) and could point the request at a parent resource.
pub fn encode_segment(segment: &str) -> String {
    let all_dots = !segment.is_empty() && segment.bytes().all(|b| b == b'.');
    encode(segment, all_dots)
}

/// Encodes a query value (dots are harmless there). Also right for
/// `application/x-www-form-urlencoded` bodies: every reserved character, `+` and space included,
/// is escaped.
pub fn encode_query_value(value: &str) -> String {
    encode(value, false)
}

/// Decodes `%XX` escapes (as in a path segment). `None` when an escape is malformed or the
/// bytes are not UTF-8, so a caller can choose to keep the raw text rather than guess.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hi = char::from(hex[0]).to_digit(16)?;
            let lo = char::from(hex[1]).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn encode(segment: &str, escape_dots: bool) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') || (b == b'.' && !escape_dots);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Scheme, host and port of an absolute `http(s)` URL, normalised for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub scheme: String,
    pub host: String,
    pub port: u16,
}

/// Parses the origin of an absolute URL. Returns `None` for anything that is not a plain
/// `http`/`https` URL: relative links, user-info (`host@evil`), backslashes, control characters
/// or whitespace — all tricks that make different parsers disagree about the host.
pub fn origin(url: &str) -> Option<Origin> {
    if url.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\') {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    // IPv6 literals keep their brackets; the port is what follows `]:`.
    let (host, port) = if let Some(end) = authority.strip_prefix('[').and_then(|a| a.find(']')) {
        let host = &authority[..end + 2];
        match &authority[end + 2..] {
            "" => (host, None),
            p => (host, Some(p.strip_prefix(':')?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => default_port,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok()?,
        Some(_) => return None,
    };
    if host.is_empty() {
        return None;
    }
    Some(Origin { scheme, host: host.trim_end_matches('.').to_ascii_lowercase(), port })
}

impl Origin {
    fn default_port(&self) -> u16 {
        if self.scheme == "https" {
            443
        } else {
            80
        }
    }
}

/// `scheme://host[:port]`, the port left out when it is the scheme's default: the form of
/// `location.origin` and of a `MessageEvent.origin`, so origins compare as text.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host)?;
        if self.port != self.default_port() {
            write!(f, ":{}", self.port)?;
        }
        Ok(())
    }
}

/// The path of an absolute URL (after the authority, before `?` and `#`); `""` for none.
pub fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    match rest.find(['/', '?', '#']) {
        Some(i) if rest[i..].starts_with('/') => rest[i..].split(['?', '#']).next().unwrap_or(""),
        _ => "",
    }
}

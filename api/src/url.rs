//! Minimal URL helpers: path-segment encoding and origin comparison. Kept in-house because the
//! crate only needs these two things and must stay dependency-light for wasm.

/// Percent-encodes one path segment: everything but RFC 3986 unreserved characters is escaped,
/// so `/`, `?`, `#`, `%` and spaces in a name can never change the URL's structure. A segment
/// made only of dots is fully escaped too, because `.`/`..` would be collapsed by URL
/// normalisation (in `fetch`) and could point the request at a parent resource.
pub fn encode_segment(segment: &str) -> String {
    let all_dots = !segment.is_empty() && segment.bytes().all(|b| b == b'.');
    encode(segment, all_dots)
}

/// Encodes a query value (dots are harmless there).
pub fn encode_query_value(value: &str) -> String {
    encode(value, false)
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

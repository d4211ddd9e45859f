//! Small helpers shared by every module: time formats, base64url, escaping, query strings.
//! Calendar fields come from `httpdate` and percent-encoding from `percent-encoding`, so no
//! date arithmetic or escaping tables are written out here.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

pub fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok()
}

/// Random URL-safe string of `n` bytes of entropy (codes, refresh tokens, sessions).
pub fn random_token(n: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut buf);
    b64url(&buf)
}

/// RFC 1123 / IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), as HTTP and `x-ms-date` want it.
pub fn http_date(secs: u64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs))
}

/// A UTC time's calendar fields.
struct Utc {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Read from the fixed-width IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), so the calendar
/// arithmetic stays in `httpdate`.
fn utc(secs: u64) -> Utc {
    let text = http_date(secs);
    let field = |at: usize, len: usize| text.get(at..at + len).and_then(|s| s.parse().ok()).unwrap_or(0);
    let month = MONTHS.iter().position(|m| text.get(8..11) == Some(*m)).map_or(1, |i| i as u32 + 1);
    Utc { year: field(12, 4), month, day: field(5, 2), hour: field(17, 2), minute: field(20, 2), second: field(23, 2) }
}

/// ISO-8601 UTC as ARM writes it (`2024-01-15T09:30:00.0000000+00:00`).
pub fn iso(secs: u64) -> String {
    let t = utc(secs);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.0000000+00:00", t.year, t.month, t.day, t.hour, t.minute, t.second)
}

/// Short ISO-8601 (`2024-01-15T09:30:00Z`), used in Entra error bodies and SAS times.
pub fn iso_z(secs: u64) -> String {
    let t = utc(secs);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year, t.month, t.day, t.hour, t.minute, t.second)
}

/// ISO-8601 with milliseconds (`2024-05-02T07:58:31.000Z`), the format clusters and compute
/// instances use for `allocationStateTransitionTime` and `lastOperation.operationTime`.
pub fn iso_z_ms(ms: u64) -> String {
    format!("{}.{:03}Z", iso_z(ms / 1000).trim_end_matches('Z'), ms % 1000)
}

/// .NET's invariant "G" format (`1/15/2024 9:30:00 AM`), which ARM uses in token expiry errors.
pub fn dotnet_time(secs: u64) -> String {
    let t = utc(secs);
    let (h12, ampm) = match t.hour {
        0 => (12, "AM"),
        1..=11 => (t.hour, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    format!("{}/{}/{} {h12}:{:02}:{:02} {ampm}", t.month, t.day, t.year, t.minute, t.second)
}

pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - _ . ~`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes a query component or path segment.
pub fn url_encode(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// Appends query parameters to a URL that may already carry a query.
pub fn append_query(url: &str, params: &[(&str, &str)]) -> String {
    let mut out = url.to_string();
    for (i, (k, v)) in params.iter().enumerate() {
        let sep = if i == 0 && !url.contains('?') { '?' } else { '&' };
        out.push(sep);
        out.push_str(&url_encode(k));
        out.push('=');
        out.push_str(&url_encode(v));
    }
    out
}

/// `${{kind.name}}` (any inner spacing) → value, e.g. `${{inputs.x}}` or `${{search_space.lr}}`.
pub fn replace_ref(command: &str, kind: &str, name: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = command;
    while let Some(i) = rest.find("${{") {
        let after = &rest[i + 3..];
        match after.find("}}") {
            Some(end) if after[..end].trim() == format!("{kind}.{name}") => {
                out.push_str(&rest[..i]);
                out.push_str(value);
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str(&rest[..i + 3]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn time_formats() {
        assert_eq!(iso_z(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_z(1_705_311_000), "2024-01-15T09:30:00Z");
        assert_eq!(iso(1_705_311_000), "2024-01-15T09:30:00.0000000+00:00");
        assert_eq!(iso_z_ms(1_714_636_711_042), "2024-05-02T07:58:31.042Z");
        // 29 February and the last second of a year.
        assert_eq!(iso_z(1_709_164_800), "2024-02-29T00:00:00Z");
        assert_eq!(iso_z(1_735_689_599), "2024-12-31T23:59:59Z");
        assert_eq!(dotnet_time(1_705_311_000), "1/15/2024 9:30:00 AM");
        assert_eq!(dotnet_time(1_705_363_200), "1/16/2024 12:00:00 AM");
        assert_eq!(dotnet_time(1_705_406_399), "1/16/2024 11:59:59 AM");
        assert_eq!(dotnet_time(1_705_406_400), "1/16/2024 12:00:00 PM");
        assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
    }
    #[test]
    fn percent() {
        assert_eq!(url_encode("a b&c/é~"), "a%20b%26c%2F%C3%A9~");
        assert_eq!(append_query("http://h/p?x=1", &[("k y", "v")]), "http://h/p?x=1&k%20y=v");
    }
}

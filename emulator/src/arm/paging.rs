//! Server-side paging: `{"value":[…],"nextLink":"<absolute URL>"}` with an opaque `$skip`.
//!
//! The token is base64url("skip:<offset>") so clients cannot treat it as a number, matching
//! the service where `$skip` is an opaque continuation token.

use super::errors::arm_error;
use crate::util::{b64url, b64url_decode};
use axum::http::StatusCode;
use axum::response::Response;

pub fn encode_skip(offset: usize) -> String {
    b64url(format!("skip:{offset}").as_bytes())
}

pub fn decode_skip(token: &str) -> Option<usize> {
    let raw = String::from_utf8(b64url_decode(token)?).ok()?;
    raw.strip_prefix("skip:")?.parse().ok()
}

/// One page of `items`. `next_url(token)` builds the absolute nextLink for a token.
pub fn page<T: Clone>(
    items: &[T],
    skip: Option<&str>,
    page_size: usize,
    next_url: impl Fn(&str) -> String,
) -> Result<(Vec<T>, Option<String>), Response> {
    let start = match skip {
        None => 0,
        Some(tok) => match decode_skip(tok) {
            Some(n) if n <= items.len() => n,
            _ => {
                return Err(arm_error(
                    StatusCode::BAD_REQUEST,
                    "InvalidSkipToken",
                    &format!("The continuation token '$skip={tok}' is not valid. Restart the listing without $skip."),
                ))
            }
        },
    };
    let end = (start + page_size.max(1)).min(items.len());
    let next = (end < items.len()).then(|| next_url(&encode_skip(end)));
    Ok((items[start..end].to_vec(), next))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn pages() {
        let items: Vec<u32> = (0..12).collect();
        let (p, next) = page(&items, None, 5, |t| t.to_string()).unwrap();
        assert_eq!(p.len(), 5);
        let (p2, next2) = page(&items, next.as_deref(), 5, |t| t.to_string()).unwrap();
        assert_eq!(p2[0], 5);
        let (p3, next3) = page(&items, next2.as_deref(), 5, |t| t.to_string()).unwrap();
        assert_eq!((p3.len(), next3), (2, None));
        assert!(page(&items, Some("5"), 5, |t| t.to_string()).is_err());
        assert!(page(&items, Some(&encode_skip(99)), 5, |t| t.to_string()).is_err());
    }
}

//! PKCE and small crypto/encoding helpers. SHA-256 comes from `crypto.subtle` (zero bytes of
//! wasm) rather than a Rust crate; base64url is a dozen lines, not worth a dependency.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5), as PKCE and JWTs use it.
pub fn b64url_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n =
            (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(B64URL[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url (and plain base64), ignoring padding; `None` on any other character.
pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        } as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits & 0xff) as u8);
        }
    }
    Some(out)
}

/// 32 random bytes → 43 base64url chars: a valid PKCE verifier (43–128 chars) and a strong `state`.
pub fn random_token() -> String {
    b64url_encode(&crate::browser::random_bytes::<32>())
}

/// `BASE64URL(SHA256(verifier))`, the S256 code challenge.
pub async fn s256_challenge(verifier: &str) -> Result<String, String> {
    let subtle = crate::browser::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
        .ok_or("crypto.subtle is not available (needs https or localhost)")?;
    let mut data = verifier.as_bytes().to_vec();
    let promise =
        subtle.digest_with_str_and_u8_array("SHA-256", &mut data).map_err(|_| "SHA-256 digest failed".to_string())?;
    let buf = JsFuture::from(promise).await.map_err(|_| "SHA-256 digest failed".to_string())?;
    let bytes = js_sys::Uint8Array::new(buf.unchecked_ref::<js_sys::ArrayBuffer>()).to_vec();
    Ok(b64url_encode(&bytes))
}

/// RFC 4122 version-4 UUID for `x-ms-client-request-id`, so a failing call can be traced in
/// Azure support logs.
pub fn uuid_v4() -> String {
    let mut b = crate::browser::random_bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trip() {
        assert_eq!(b64url_encode(b"f"), "Zg");
        assert_eq!(b64url_encode(b"fo"), "Zm8");
        assert_eq!(b64url_encode(b"foo"), "Zm9v");
        assert_eq!(b64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(b64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(b64url_decode("Zm9vYg==").unwrap(), b"foob");
        assert!(b64url_decode("a*b").is_none());
    }
}

//! PKCE (RFC 7636) verifier, `state` and S256 challenge. SHA-256 comes from `crypto.subtle`
//! (zero bytes of wasm) rather than a Rust crate; base64url is the api crate's.

use aml_api::base64::encode_url;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// 32 random bytes → 43 base64url chars: a valid PKCE verifier (43–128 chars) and a strong `state`.
pub fn random_token() -> String {
    encode_url(&crate::browser::random_bytes::<32>())
}

/// `BASE64URL(SHA256(verifier))`, the S256 code challenge.
pub async fn s256_challenge(verifier: &str) -> Result<String, String> {
    let subtle = crate::browser::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
        .ok_or("crypto.subtle is not available (needs https or localhost)")?;
    let promise = subtle
        .digest_with_str_and_u8_array("SHA-256", verifier.as_bytes())
        .map_err(|_| "SHA-256 digest failed".to_string())?;
    let buf = JsFuture::from(promise).await.map_err(|_| "SHA-256 digest failed".to_string())?;
    let bytes = js_sys::Uint8Array::new(buf.unchecked_ref::<js_sys::ArrayBuffer>()).to_vec();
    Ok(encode_url(&bytes))
}

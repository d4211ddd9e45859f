//! Azure Storage request signing, written from the public "Authorize with Shared Key" and
//! "Create a service SAS" specifications (version 2020-12-06 and later string-to-sign).
//!
//! The emulator signs its own calls to Azurite (create container, list, put, append) with the
//! account key, and hands clients (SDK, browser, jobs) container/blob SAS URLs instead of the key.

use crate::util::{iso_z, url_encode};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The `x-ms-version` the emulator speaks. Azurite 3.37 accepts it (and newer with
/// `--skipApiVersionCheck`); it is also the `sv` of the SAS tokens it issues.
pub const STORAGE_VERSION: &str = "2021-08-06";

pub fn hmac_b64(key: &[u8], text: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(text.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The `Authorization: SharedKey account:signature` value for a request.
/// `path` is the URL path as sent (percent-encoded, including Azurite's `/devstoreaccount1`
/// prefix), `query` the decoded query pairs, `headers` every header that will be sent (names in
/// any case). Content-Length of 0 is signed as the empty string (versions since 2015-02-21).
pub fn authorization(
    account: &str,
    key: &[u8],
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
) -> String {
    let get = |name: &str| -> String {
        headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone()).unwrap_or_default()
    };
    let mut length = get("content-length");
    if length == "0" {
        length.clear();
    }
    let mut ms: Vec<(String, String)> = headers
        .iter()
        .filter(|(k, _)| k.to_ascii_lowercase().starts_with("x-ms-"))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    ms.sort();
    let canonical_headers: String = ms.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let mut q: Vec<(String, String)> = query.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.clone())).collect();
    q.sort();
    let mut resource = format!("/{account}{path}");
    // Repeated parameters are joined with commas under one name.
    let mut i = 0;
    while i < q.len() {
        let name = q[i].0.clone();
        let mut values = Vec::new();
        while i < q.len() && q[i].0 == name {
            values.push(q[i].1.clone());
            i += 1;
        }
        resource.push_str(&format!("\n{name}:{}", values.join(",")));
    }
    let to_sign = [
        method.to_string(),
        get("content-encoding"),
        get("content-language"),
        length,
        get("content-md5"),
        get("content-type"),
        String::new(), // Date: x-ms-date is used instead
        get("if-modified-since"),
        get("if-match"),
        get("if-none-match"),
        get("if-unmodified-since"),
        get("range"),
    ]
    .join("\n");
    let to_sign = format!("{to_sign}\n{canonical_headers}{resource}");
    format!("SharedKey {account}:{}", hmac_b64(key, &to_sign))
}

/// A service SAS query string (without `?`) for a container (`blob = None`, `sr=c`) or one blob
/// (`sr=b`). Times are `YYYY-MM-DDTHH:MM:SSZ`; https+http so it works against Azurite's http.
pub fn service_sas(
    account: &str,
    key: &[u8],
    container: &str,
    blob: Option<&str>,
    permissions: &str,
    start: u64,
    expiry: u64,
) -> String {
    let (st, se) = (iso_z(start), iso_z(expiry));
    let sr = if blob.is_some() { "b" } else { "c" };
    let resource = match blob {
        Some(b) => format!("/blob/{account}/{container}/{b}"),
        None => format!("/blob/{account}/{container}"),
    };
    let spr = "https,http";
    // sp, st, se, canonicalizedResource, si, sip, spr, sv, sr, snapshot, ses, rscc, rscd, rsce, rscl, rsct
    let to_sign =
        [permissions, &st, &se, &resource, "", "", spr, STORAGE_VERSION, sr, "", "", "", "", "", "", ""].join("\n");
    let sig = hmac_b64(key, &to_sign);
    let enc = url_encode;
    format!(
        "sv={STORAGE_VERSION}&spr={}&st={}&se={}&sr={sr}&sp={}&sig={}",
        enc(spr),
        enc(&st),
        enc(&se),
        enc(permissions),
        enc(&sig)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn zero_length_is_blank() {
        let h = |l: &str| vec![("Content-Length".to_string(), l.to_string()), ("x-ms-date".into(), "d".into())];
        let a = authorization("a", b"k", "PUT", "/a/c", &[], &h("0"));
        let b = authorization("a", b"k", "PUT", "/a/c", &[], &h(""));
        assert_eq!(a, b);
    }
}

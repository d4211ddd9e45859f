//! Storage set-up an administrator does on a real account, done here against Azurite: the Blob
//! service CORS rule that lets the console (another origin) upload snapshots and read logs
//! (Set Blob Service Properties, authorized with Shared Key like `az storage cors add`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Azurite's well-known development account (public, documented by Microsoft).
pub const ACCOUNT: &str = "devstoreaccount1";
const KEY: &str = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const VERSION: &str = "2021-08-06";

/// Allows the given origins to PUT/GET/HEAD blobs, with the headers uploads and ranged log reads
/// need, exactly the rule README.md tells admins to add to the workspace storage account.
pub fn set_cors(port: u16, origins: &[String]) -> Result<(), String> {
    set_cors_over(port, origins, None)
}

/// Like [`set_cors`], on an Azurite serving HTTPS with the test certificate (`ca`: what to
/// trust). Sent with curl: the request is the same, only the transport differs.
pub fn set_cors_tls(port: u16, origins: &[String], ca: &std::path::Path) -> Result<(), String> {
    set_cors_over(port, origins, Some(ca))
}

fn set_cors_over(port: u16, origins: &[String], tls_ca: Option<&std::path::Path>) -> Result<(), String> {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><StorageServiceProperties><Cors><CorsRule>\
         <AllowedOrigins>{}</AllowedOrigins><AllowedMethods>GET,HEAD,PUT,OPTIONS</AllowedMethods>\
         <AllowedHeaders>*</AllowedHeaders><ExposedHeaders>etag,content-length,content-range,x-ms-*</ExposedHeaders>\
         <MaxAgeInSeconds>3600</MaxAgeInSeconds></CorsRule></Cors></StorageServiceProperties>",
        origins.join(",")
    );
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    let string_to_sign = format!(
        "PUT\n\n\n{len}\n\napplication/xml\n\n\n\n\n\n\nx-ms-date:{date}\nx-ms-version:{VERSION}\n/{ACCOUNT}/{ACCOUNT}/\ncomp:properties\nrestype:service",
        len = body.len()
    );
    let key = base64::engine::general_purpose::STANDARD.decode(KEY).map_err(|e| e.to_string())?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|e| e.to_string())?;
    mac.update(string_to_sign.as_bytes());
    let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());

    if let Some(ca) = tls_ca {
        let mut c = crate::proc::cmd("curl");
        c.args(["-sS", "--fail-with-body", "-o", "/dev/null", "-w", "%{http_code}", "--cacert"]).arg(ca);
        c.args(["-X", "PUT", &format!("https://127.0.0.1:{port}/{ACCOUNT}/?restype=service&comp=properties")]);
        for h in [
            "Content-Type: application/xml".to_string(),
            format!("x-ms-date: {date}"),
            format!("x-ms-version: {VERSION}"),
            format!("Authorization: SharedKey {ACCOUNT}:{sig}"),
        ] {
            c.args(["-H", &h]);
        }
        c.args(["--data-binary", &body]);
        let out = c.output().map_err(|e| format!("curl: {e}"))?;
        let status = String::from_utf8_lossy(&out.stdout).to_string();
        return if status.trim() == "202" {
            Ok(())
        } else {
            Err(format!(
                "Azurite (HTTPS) refused the CORS rule: HTTP {status} {}",
                String::from_utf8_lossy(&out.stderr)
            ))
        };
    }
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("Azurite: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(
        s,
        "PUT /{ACCOUNT}/?restype=service&comp=properties HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/xml\r\nContent-Length: {}\r\nx-ms-date: {date}\r\nx-ms-version: {VERSION}\r\n\
         Authorization: SharedKey {ACCOUNT}:{sig}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    s.read_to_string(&mut answer).ok();
    let status = answer.split_whitespace().nth(1).unwrap_or("");
    if status == "202" {
        Ok(())
    } else {
        Err(format!("Azurite refused the CORS rule: {}", answer.lines().next().unwrap_or("no answer")))
    }
}

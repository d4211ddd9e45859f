//! A test certificate for Azurite on HTTPS. Azurite accepts OAuth (bearer) tokens only over
//! HTTPS, so the flows that read job logs with the user's storage token run against an Azurite
//! started with `--cert --key --oauth basic`. Made once with `openssl` under
//! `target/xtask/tls/`: a throwaway CA (trusted by the emulator, `--azurite-ca`, and by curl)
//! and a leaf for `127.0.0.1` whose public-key hash the test Chromium is told to accept
//! (`--ignore-certificate-errors-spki-list`, passed by `tests/e2e/playwright.config.ts`).
//! Nothing here is ever trusted outside the test processes.

use std::path::PathBuf;

use crate::{paths, proc};

#[derive(Clone, Debug)]
pub struct TestCert {
    /// The CA certificate (PEM): what the emulator and curl trust.
    pub ca: PathBuf,
    /// The server certificate and key Azurite serves (PEM).
    pub cert: PathBuf,
    pub key: PathBuf,
    /// base64(SHA-256(SubjectPublicKeyInfo)) of the server certificate, for Chromium.
    pub spki: String,
}

fn openssl(args: &[&str]) -> Result<(), String> {
    let mut c = proc::cmd("openssl");
    c.args(args);
    proc::run(c).map_err(|e| format!("openssl {}: {e}", args.first().unwrap_or(&"")))
}

/// The test certificate, made on first use.
pub fn test_cert() -> Result<TestCert, String> {
    let dir = paths::target_dir().join("xtask").join("tls");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let p = |n: &str| dir.join(n);
    let s = |n: &str| p(n).to_string_lossy().into_owned();
    if !p("cert.pem").exists() || !p("ca.pem").exists() || !p("key.pem").exists() {
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
        let mut ca = vec!["req", "-x509"];
        ca.extend(ec);
        let (ca_key, ca_pem) = (s("ca.key"), s("ca.pem"));
        ca.extend(["-keyout", &ca_key, "-out", &ca_pem, "-days", "3650", "-subj", "/CN=aml-console test CA"]);
        openssl(&ca)?;
        let mut csr = vec!["req"];
        csr.extend(ec);
        let (key, req) = (s("key.pem"), s("leaf.csr"));
        csr.extend(["-keyout", &key, "-out", &req, "-subj", "/CN=127.0.0.1"]);
        openssl(&csr)?;
        // A leaf, not a CA: rustls refuses a CA certificate used as a server certificate.
        std::fs::write(
            p("leaf.ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\n\
             keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
        )
        .map_err(|e| e.to_string())?;
        let (ext, serial, cert) = (s("leaf.ext"), s("ca.srl"), s("cert.pem"));
        openssl(&[
            "x509",
            "-req",
            "-in",
            &req,
            "-CA",
            &ca_pem,
            "-CAkey",
            &ca_key,
            "-CAserial",
            &serial,
            "-CAcreateserial",
            "-out",
            &cert,
            "-days",
            "3650",
            "-extfile",
            &ext,
        ])?;
    }
    // SPKI hash: the DER public key of the certificate, hashed and base64-encoded.
    let mut c = proc::cmd("sh");
    c.arg("-c").arg(format!(
        "openssl x509 -in '{}' -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64",
        s("cert.pem")
    ));
    let out = c.output().map_err(|e| format!("openssl (spki): {e}"))?;
    let spki = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || spki.len() != 44 {
        return Err(format!(
            "could not hash the test certificate's public key: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(TestCert { ca: p("ca.pem"), cert: p("cert.pem"), key: p("key.pem"), spki })
}

//! SSH key format checks (public `authorized_keys` lines and private key armor).

use crate::base64;

/// Public key algorithms accepted for admin keys.
pub const PUBLIC_KEY_TYPES: [&str; 7] = [
    "ssh-rsa",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// Checks an OpenSSH public key line: `<type> <base64 blob> [comment]`, where the blob decodes
/// and starts with the same type string (length-prefixed). That catches pasted private keys,
/// truncated copies and a type edited by hand.
pub fn check_public_key(text: &str) -> Result<(), String> {
    let line = text.trim();
    if line.starts_with("-----BEGIN") {
        return Err(crate::msg_str!(
            "This looks like a private key or a PEM/SSH2 block; paste the one-line OpenSSH public key (.pub file)."
        )
        .into());
    }
    if line.contains('\n') {
        return Err(crate::msg_str!("Paste a single line (the contents of the .pub file).").into());
    }
    let mut parts = line.split_whitespace();
    let kind = parts.next().unwrap_or("");
    let blob = parts.next().unwrap_or("");
    if !PUBLIC_KEY_TYPES.contains(&kind) {
        return Err(crate::msg!(
            "Unsupported key type “{kind}”: use ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256/384/521 or an sk- key."
        ));
    }
    let data = base64::decode(blob)
        .ok_or_else(|| crate::msg_str!("The key data is not valid base64; was the key cut off?").to_string())?;
    let embedded = data
        .get(..4)
        .map(|l| u32::from_be_bytes([l[0], l[1], l[2], l[3]]) as usize)
        .and_then(|n| data.get(4..4 + n))
        .ok_or_else(|| crate::msg_str!("The key data is too short to be an SSH key.").to_string())?;
    if embedded != kind.as_bytes() {
        return Err(crate::msg!(
            "The key data is a “{}” key but the line says “{kind}”.",
            String::from_utf8_lossy(embedded)
        ));
    }
    Ok(())
}

/// Checks a private key's armor: PEM (`RSA`, `EC`, `DSA`, PKCS#8 `PRIVATE KEY`, `ENCRYPTED
/// PRIVATE KEY`) or OpenSSH (`OPENSSH PRIVATE KEY`, whose blob starts `openssh-key-v1\0`), with
/// a base64 body. Legacy encrypted PEM headers (`Proc-Type`, `DEK-Info`) are allowed.
pub fn check_private_key(text: &str) -> Result<(), String> {
    let t = text.trim();
    if t.starts_with("PuTTY-User-Key-File") {
        return Err(crate::msg_str!("PuTTY .ppk keys are not supported; export it as an OpenSSH key.").into());
    }
    let first = t.lines().next().unwrap_or("").trim();
    let label = first
        .strip_prefix("-----BEGIN ")
        .and_then(|l| l.strip_suffix("-----"))
        .ok_or_else(|| crate::msg_str!("A private key starts with “-----BEGIN … PRIVATE KEY-----”.").to_string())?;
    const LABELS: [&str; 6] = [
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "DSA PRIVATE KEY",
        "PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
    ];
    if !LABELS.contains(&label) {
        return Err(crate::msg!("“{label}” is not a private key."));
    }
    let end = format!("-----END {label}-----");
    let body_lines: Vec<&str> = t.lines().skip(1).map(str::trim).collect();
    let end_at = body_lines
        .iter()
        .position(|l| *l == end)
        .ok_or_else(|| crate::msg!("The key is incomplete: “{end}” is missing."))?;
    if body_lines[end_at + 1..].iter().any(|l| !l.is_empty()) {
        return Err(crate::msg_str!("Unexpected text after the end of the key.").into());
    }
    let body: String = body_lines[..end_at].iter().filter(|l| !l.contains(':') && !l.is_empty()).copied().collect();
    let data = base64::decode(&body)
        .ok_or_else(|| crate::msg_str!("The key body is not valid base64; was it cut off?").to_string())?;
    if label == "OPENSSH PRIVATE KEY" && !data.starts_with(b"openssh-key-v1\0") {
        return Err(crate::msg_str!("The OpenSSH key body is damaged.").into());
    }
    Ok(())
}

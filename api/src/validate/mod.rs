//! Checks run before any request, with user-facing messages. Each returns `Result<_, String>`;
//! forms attach the field name and collect [`FieldError`]s.

mod resource_id;
mod ssh;

use serde::{Deserialize, Serialize};

use crate::url::origin;

pub(crate) use resource_id::is_guid_text;
pub use resource_id::{check_resource_id, ArmResourceId, ResourceKind};
pub use ssh::{check_private_key, check_public_key, PUBLIC_KEY_TYPES};

/// One problem with one form field. `field` is the form struct's field name, so the console
/// can put the message under the right input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Collects errors for a form.
#[derive(Debug, Default)]
pub(crate) struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn check<T>(&mut self, field: &'static str, r: Result<T, String>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(message) => {
                self.0.push(FieldError { field, message });
                None
            }
        }
    }
}

/// The spec's compute name rule `^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9\-]{2,23}$`, by hand:
/// 3–24 ASCII letters, digits and hyphens, a letter first, and not ending in `-` + digits.
pub fn check_compute_name(name: &str) -> Result<(), String> {
    let n = name.chars().count();
    if name.is_empty() {
        return Err(crate::msg_str!("Enter a name.").into());
    }
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-')) {
        return Err(crate::msg!("“{c}” is not allowed: use letters a–z, digits and hyphens."));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(crate::msg_str!("The name must start with a letter.").into());
    }
    if !(3..=24).contains(&n) {
        return Err(crate::msg!("The name must be 3 to 24 characters long (it has {n})."));
    }
    let trailing_digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if trailing_digits > 0 && name[..name.len() - trailing_digits].ends_with('-') {
        return Err(crate::msg_str!("The name must not end with a hyphen followed by digits (like “-2”).").into());
    }
    Ok(())
}

/// Compute names are unique per workspace, compared case-insensitively by the service.
pub fn check_unique_name(name: &str, existing: &[String]) -> Result<(), String> {
    match existing.iter().any(|e| e.eq_ignore_ascii_case(name)) {
        true => Err(crate::msg!("A compute named “{name}” already exists in this workspace.")),
        false => Ok(()),
    }
}

/// A whole number typed in a field (surrounding spaces allowed).
pub fn parse_count(text: &str, what: &str) -> Result<i64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(crate::msg!("Enter the {what}."));
    }
    t.parse::<i64>().map_err(|_| crate::msg!("The {what} must be a whole number."))
}

/// Node counts: min ≥ 0, max ≥ 1, min ≤ max. The spec types both as int32.
pub fn check_node_counts(min: i64, max: i64) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if min < 0 {
        out.push(("min_nodes", crate::msg_str!("The minimum number of nodes cannot be negative.").to_string()));
    }
    if max < 1 {
        out.push(("max_nodes", crate::msg_str!("The maximum number of nodes must be at least 1.").to_string()));
    }
    if max > i64::from(i32::MAX) || min > i64::from(i32::MAX) {
        out.push(("max_nodes", crate::msg_str!("That node count is too large.").to_string()));
    }
    if min >= 0 && max >= 1 && min > max {
        out.push(("min_nodes", crate::msg!("The minimum ({min}) cannot be greater than the maximum ({max}).")));
    }
    out
}

/// Cluster idle time before scale-down, in seconds. The spec only says "duration"; the SDK
/// sends any positive integer and leaves the field out for 0. So ≥ 0, and at most 10 000 days
/// to keep the text sane.
pub fn check_idle_seconds(text: &str) -> Result<u64, String> {
    let v = parse_count(text, crate::msg_str!("idle time"))?;
    if v < 0 {
        return Err(crate::msg_str!("The idle time cannot be negative.").into());
    }
    if v > 864_000_000 {
        return Err(crate::msg_str!("That idle time is too long.").into());
    }
    Ok(v as u64)
}

/// Compute instance idle shutdown in minutes: the spec's `IdleShutdownSetting` says "Minimum is
/// 15 min, maximum is 3 days".
pub fn check_idle_shutdown_minutes(text: &str) -> Result<u64, String> {
    let v = parse_count(text, crate::msg_str!("idle shutdown time"))?;
    if !(15..=4320).contains(&v) {
        return Err(crate::msg_str!("Idle shutdown must be between 15 minutes and 3 days (4320 minutes).").into());
    }
    Ok(v as u64)
}

pub fn check_ssh_port(text: &str) -> Result<u16, String> {
    let v = parse_count(text, crate::msg_str!("SSH port"))?;
    match u16::try_from(v) {
        Ok(p) if p >= 1 => Ok(p),
        _ => Err(crate::msg_str!("The SSH port must be between 1 and 65535.").into()),
    }
}

/// Names Azure refuses as VM admin user names (Azure VM documentation, "reserved words").
const RESERVED_USERS: [&str; 32] = [
    "administrator",
    "admin",
    "user",
    "user1",
    "test",
    "user2",
    "test1",
    "user3",
    "admin1",
    "1",
    "123",
    "a",
    "actuser",
    "adm",
    "admin2",
    "aspnet",
    "backup",
    "console",
    "david",
    "guest",
    "john",
    "owner",
    "root",
    "server",
    "sql",
    "support",
    "support_388945a0",
    "sys",
    "test2",
    "test3",
    "user4",
    "user5",
];

/// A new Linux admin account (cluster nodes): 1–32 characters (Linux `useradd`'s limit), a
/// letter first, then letters, digits, `-`, `_`, `.`, not ending with `.`, and not one of
/// Azure's reserved names.
pub fn check_admin_username(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(crate::msg_str!("Enter an admin user name.").into());
    }
    if name.chars().count() > 32 {
        return Err(crate::msg_str!("The user name can be at most 32 characters.").into());
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(crate::msg_str!("The user name must start with a letter.").into());
    }
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return Err(crate::msg!("“{c}” is not allowed in a user name."));
    }
    if name.ends_with('.') {
        return Err(crate::msg_str!("The user name must not end with a period.").into());
    }
    if RESERVED_USERS.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        return Err(crate::msg!("“{name}” is reserved by Azure; pick another user name."));
    }
    Ok(())
}

/// A new admin password (Azure VM rules): 12–72 characters with at least three of lower case,
/// upper case, digit, special character.
pub fn check_new_password(pw: &str) -> Result<(), String> {
    let n = pw.chars().count();
    if n == 0 {
        return Err(crate::msg_str!("Enter a password.").into());
    }
    if !(12..=72).contains(&n) {
        return Err(crate::msg_str!("The password must be 12 to 72 characters long.").into());
    }
    let classes = [
        pw.chars().any(|c| c.is_lowercase()),
        pw.chars().any(|c| c.is_uppercase()),
        pw.chars().any(|c| c.is_ascii_digit()),
        pw.chars().any(|c| !c.is_alphanumeric()),
    ];
    if classes.iter().filter(|b| **b).count() < 3 {
        return Err(
            crate::msg_str!("Use at least three of: lower case, upper case, digits, special characters.").into()
        );
    }
    Ok(())
}

/// An existing account's password (attach): only presence can be checked.
pub fn check_password_present(pw: &str) -> Result<(), String> {
    match pw.is_empty() {
        true => Err(crate::msg_str!("Enter the password.").into()),
        false => Ok(()),
    }
}

/// An `https://host[/…]` URL. Plain http is refused: the value is handed to Azure, which only
/// talks to https endpoints.
pub fn check_https_url(text: &str) -> Result<(), String> {
    let t = text.trim();
    let o = origin(t).ok_or_else(|| crate::msg!("“{t}” is not a valid URL like https://host.example."))?;
    if o.scheme != "https" {
        return Err(crate::msg_str!("The URL must start with https://.").into());
    }
    if !o.host.contains('.') || o.host.starts_with('.') {
        return Err(crate::msg!("“{}” is not a full host name.", o.host));
    }
    Ok(())
}

/// A Databricks workspace URL: https on `*.azuredatabricks.net` (or the sovereign-cloud
/// `*.databricks.azure.cn` / `*.databricks.azure.us`), e.g. `https://adb-123.4.azuredatabricks.net`.
pub fn check_databricks_url(text: &str) -> Result<(), String> {
    check_https_url(text)?;
    let host = origin(text.trim()).map(|o| o.host).unwrap_or_default();
    let ok = [".azuredatabricks.net", ".databricks.azure.cn", ".databricks.azure.us"]
        .iter()
        .any(|d| host.ends_with(d) && host.len() > d.len());
    match ok {
        true => Ok(()),
        false => Err(crate::msg_str!(
            "A Databricks workspace URL looks like https://adb-1234567890123456.7.azuredatabricks.net."
        )
        .into()),
    }
}

/// A Kubernetes namespace (RFC 1123 DNS label): 1–63 of `a-z`, `0-9`, `-`, alphanumeric at
/// both ends.
pub fn check_k8s_namespace(ns: &str) -> Result<(), String> {
    let ok = (1..=63).contains(&ns.len())
        && ns.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !ns.starts_with('-')
        && !ns.ends_with('-');
    match ok {
        true => Ok(()),
        false => Err(crate::msg_str!(
            "A namespace is 1–63 lower-case letters, digits or hyphens, starting and ending with a letter or digit."
        )
        .into()),
    }
}

/// ARM tag rules: at most 50 tags; names 1–512 characters without `< > % & \ ? /`; values at
/// most 256 characters; names unique (ARM compares them case-insensitively).
pub fn check_tags(tags: &[(String, String)]) -> Result<(), String> {
    if tags.len() > 50 {
        return Err(crate::msg_str!("A resource can have at most 50 tags.").into());
    }
    for (i, (k, v)) in tags.iter().enumerate() {
        if k.trim().is_empty() {
            return Err(crate::msg_str!("Every tag needs a name.").into());
        }
        if k.chars().count() > 512 {
            return Err(crate::msg!(
                "Tag name “{}…” is longer than 512 characters.",
                k.chars().take(20).collect::<String>()
            ));
        }
        if let Some(c) = k.chars().find(|c| "<>%&\\?/".contains(*c)) {
            return Err(crate::msg!("Tag name “{k}” contains “{c}”, which ARM does not allow."));
        }
        if v.chars().count() > 256 {
            return Err(crate::msg!("The value of tag “{k}” is longer than 256 characters."));
        }
        if tags[..i].iter().any(|(p, _)| p.eq_ignore_ascii_case(k)) {
            return Err(crate::msg!("Tag “{k}” appears twice."));
        }
    }
    Ok(())
}

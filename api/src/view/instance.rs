//! How to open a compute instance: its applications (JupyterLab, Jupyter, VS Code web and
//! desktop, Terminal, others), its SSH command, and its idle shutdown — read from the resource
//! (`properties.properties.applications`, `sshSettings`, `connectivityEndpoints`,
//! `idleTimeBeforeShutdown`; docs/azure-ml-rest.md §Instance-access).

use crate::duration::iso8601_to_seconds;
use crate::models::{ComputeInstanceProperties, ComputeKind, ComputeResource};

/// The application kinds the console names and orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AppKind {
    JupyterLab,
    Jupyter,
    VsCodeWeb,
    VsCodeDesktop,
    Terminal,
    /// Any other application the instance lists (RStudio, a custom service, …).
    Other,
}

/// One application link of an instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceApp {
    pub kind: AppKind,
    /// What the console shows: its own name for known kinds, else the service's `displayName`.
    pub label: String,
    /// The endpoint, only when it is `https:`, `http:` or `vscode:` (a hostile `javascript:` or
    /// `data:` URI is never made a link).
    pub url: Option<String>,
}

impl AppKind {
    /// A stable slug for DOM attributes.
    pub fn key(self) -> &'static str {
        match self {
            AppKind::JupyterLab => "jupyterlab",
            AppKind::Jupyter => "jupyter",
            AppKind::VsCodeWeb => "vscode-web",
            AppKind::VsCodeDesktop => "vscode-desktop",
            AppKind::Terminal => "terminal",
            AppKind::Other => "other",
        }
    }
}

fn instance(c: &ComputeResource) -> Option<&ComputeInstanceProperties> {
    match &c.properties.as_ref()?.kind {
        ComputeKind::ComputeInstance(Some(p)) => Some(p),
        _ => None,
    }
}

fn safe_url(uri: &str) -> Option<String> {
    let lower = uri.trim().to_ascii_lowercase();
    ["https://", "http://", "vscode://"]
        .iter()
        .any(|s| lower.starts_with(s) && lower.len() > s.len())
        .then(|| uri.trim().to_string())
}

fn classify(display_name: &str, uri: &str) -> AppKind {
    let name: String = display_name.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    let desktop = uri.trim().to_ascii_lowercase().starts_with("vscode:");
    match name.as_str() {
        "jupyterlab" => AppKind::JupyterLab,
        "jupyter" => AppKind::Jupyter,
        n if n.starts_with("vscode") && desktop => AppKind::VsCodeDesktop,
        n if n.starts_with("vscode") => AppKind::VsCodeWeb,
        "terminal" => AppKind::Terminal,
        _ => AppKind::Other,
    }
}

/// The instance's applications as it lists them, known kinds first in a fixed order.
pub fn instance_apps(c: &ComputeResource) -> Vec<InstanceApp> {
    let Some(p) = instance(c) else { return Vec::new() };
    let mut apps: Vec<InstanceApp> = p
        .applications
        .iter()
        .flatten()
        .map(|a| {
            let (name, uri) = (a.display_name.as_deref().unwrap_or(""), a.endpoint_uri.as_deref().unwrap_or(""));
            let kind = classify(name, uri);
            let label = match kind {
                AppKind::JupyterLab => "JupyterLab".to_string(),
                AppKind::Jupyter => "Jupyter".to_string(),
                AppKind::VsCodeWeb => crate::msg_str!("VS Code (web)").to_string(),
                AppKind::VsCodeDesktop => crate::msg_str!("VS Code (desktop)").to_string(),
                AppKind::Terminal => "Terminal".to_string(),
                AppKind::Other if name.trim().is_empty() => "Application".to_string(),
                AppKind::Other => name.trim().to_string(),
            };
            InstanceApp { kind, label, url: safe_url(uri) }
        })
        .collect();
    apps.sort_by_key(|a| a.kind);
    apps
}

/// Why the applications cannot be opened now (`None` = they can: the instance is Running).
pub fn apps_unavailable(c: &ComputeResource) -> Option<String> {
    let state = instance(c).and_then(|p| p.state.clone()).unwrap_or_default();
    match state.as_str() {
        "Running" => None,
        "" => {
            Some(crate::msg_str!("The instance reports no state; applications open only while it is Running.").into())
        }
        s => Some(format!("The instance is {s}; applications open only while it is Running.")),
    }
}

/// SSH access of an instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SshAccess {
    /// `ssh azureuser@20.1.2.3 -p 50000`.
    Command { command: String, user: String, address: String, port: i64 },
    /// Why there is no command (disabled, no public address while stopped, …).
    Unavailable(String),
}

/// The SSH command (user from `sshSettings.adminUserName`, default `azureuser`; address from
/// `connectivityEndpoints.publicIpAddress`; port from `sshSettings.sshPort`, default 50000).
pub fn ssh_access(c: &ComputeResource) -> SshAccess {
    let Some(p) = instance(c) else { return SshAccess::Unavailable(crate::msg_str!("Not a compute instance.").into()) };
    let ssh = p.ssh_settings.clone().unwrap_or_default();
    if !ssh.ssh_public_access.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("Enabled")) {
        return SshAccess::Unavailable(
            crate::msg_str!(
                "SSH access is disabled on this instance (it can only be enabled when the instance is created)."
            )
            .into(),
        );
    }
    let address = p.connectivity_endpoints.as_ref().and_then(|e| e.public_ip_address.clone()).unwrap_or_default();
    if address.trim().is_empty() {
        return SshAccess::Unavailable(
            crate::msg_str!("The instance has no public IP address right now (it has one while Running).").into(),
        );
    }
    // Anything but a host or an IP would be a command injected into the user's shell.
    let valid_host = |s: &str| s.chars().all(|ch| ch.is_ascii_alphanumeric() || ".:-".contains(ch));
    let user = ssh.admin_user_name.filter(|u| !u.trim().is_empty()).unwrap_or_else(|| "azureuser".into());
    if !valid_host(&address) || !valid_host(&user) {
        return SshAccess::Unavailable(
            crate::msg_str!("The service reported an address or user name that is not valid for SSH.").into(),
        );
    }
    let port = ssh.ssh_port.filter(|p| (1..=65535).contains(p)).unwrap_or(50000);
    SshAccess::Command { command: format!("ssh {user}@{address} -p {port}"), user, address, port }
}

/// The instance's idle shutdown in whole minutes, when it reports one.
pub fn idle_shutdown_minutes(c: &ComputeResource) -> Option<u64> {
    let text = instance(c)?.idle_time_before_shutdown.clone()?;
    iso8601_to_seconds(&text).ok().map(|s| s / 60)
}

//! A 403 explained: ARM's `AuthorizationFailed` answer names the missing action and the scope
//! in its message ("The client '…' with object id '…' does not have authorization to perform
//! action '…' over scope '…' or the scope is invalid. If access was recently granted, please
//! refresh your credentials.", docs/azure-ml-rest.md §13.3); other 403s (data plane, storage)
//! name neither. [`Denied`] is what the console shows for any of them.

/// What a refusal says about itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Denied {
    /// The missing action, when the answer names it.
    pub action: Option<String>,
    /// Where it was checked (a resource id), when the answer names it.
    pub scope: Option<String>,
}

/// Error codes of a refused authorization (ARM's, and the linked-resource variant).
const CODES: [&str; 3] = ["AuthorizationFailed", "LinkedAuthorizationFailed", "AuthorizationPermissionMismatch"];

impl Denied {
    /// `Some` for a 403, or an error whose code says authorization failed; `None` otherwise.
    pub fn from_error(status: Option<u16>, code: &str, message: &str) -> Option<Denied> {
        let coded = CODES.iter().any(|c| c.eq_ignore_ascii_case(code));
        if status != Some(403) && !coded {
            return None;
        }
        Some(Denied { action: quoted_after(message, "perform action"), scope: quoted_after(message, "over scope") })
    }

    /// Roles that include the action, to ask for (the built-in ones of docs/azure-ml-rest.md §13.2).
    pub fn roles_to_ask_for(&self) -> &'static [&'static str] {
        let a = self.action.as_deref().unwrap_or_default().to_ascii_lowercase();
        if a.starts_with("microsoft.machinelearningservices/workspaces/computes/") {
            &["AzureML Compute Operator", "Contributor"]
        } else if a.starts_with("microsoft.machinelearningservices/workspaces/") {
            &["AzureML Data Scientist", "Contributor"]
        } else {
            &["Contributor"]
        }
    }

    /// One sentence on who can grant access.
    pub fn who_can_grant(&self) -> String {
        let at = match &self.scope {
            Some(_) => {
                crate::msg_str!("this scope or a scope above it (its workspace, resource group or subscription)")
            }
            None => crate::msg_str!("the workspace, its resource group or subscription"),
        };
        match self.roles_to_ask_for() {
            [a, b] => crate::msg!(
                "An Owner or User Access Administrator of {at} can grant it by assigning you a role that includes it, e.g. {a} or {b}."
            ),
            roles => crate::msg!(
                "An Owner or User Access Administrator of {at} can grant it by assigning you a role that includes it, e.g. {}.",
                roles.join(", ")
            ),
        }
    }
}

/// The hint of a control the caller may not use (shown on hover and focus).
pub fn missing_hint(action: &str) -> String {
    crate::msg!("Not allowed: your role on this workspace does not include {action}.")
}

/// The text between the quotes that follow `marker`: `perform action 'x'` → `x`.
fn quoted_after(message: &str, marker: &str) -> Option<String> {
    let rest = &message[message.find(marker)? + marker.len()..];
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"' | '‘' | '’'))?;
    let body = &rest[quote.len_utf8()..];
    let end = body.find(['\'', '"', '‘', '’'])?;
    Some(body[..end].to_string()).filter(|s| !s.is_empty())
}

//! The fields every compute form shares (name, tags, managed identity) and their checks.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::validate::{check_resource_id, check_tags, Errors, ResourceKind};

/// One tag row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagPair {
    pub key: String,
    pub value: String,
}

/// Managed identity choice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdentityKind {
    #[default]
    None,
    SystemAssigned,
    UserAssigned,
    #[serde(rename = "SystemAssigned,UserAssigned")]
    SystemAndUserAssigned,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityForm {
    pub kind: IdentityKind,
    /// ARM ids of user-assigned identities (one per row).
    pub user_assigned_ids: Vec<String>,
}

impl IdentityForm {
    fn uses_user_assigned(&self) -> bool {
        matches!(self.kind, IdentityKind::UserAssigned | IdentityKind::SystemAndUserAssigned)
    }

    pub(crate) fn validate(&self, e: &mut Errors) {
        if !self.uses_user_assigned() {
            return;
        }
        let ids: Vec<&String> = self.user_assigned_ids.iter().filter(|s| !s.trim().is_empty()).collect();
        if ids.is_empty() {
            e.check::<()>("identity", Err(crate::msg_str!("Add at least one user-assigned identity.").into()));
        }
        for id in ids {
            e.check("identity", check_resource_id(id, ResourceKind::UserAssignedIdentity));
        }
    }

    /// ARM `ManagedServiceIdentity`, as the SDK's `_to_compute_rest_object` writes it; `None`
    /// when no identity was chosen (the SDK then sends no `identity` either).
    pub(crate) fn to_value(&self) -> Option<Value> {
        let ty = match self.kind {
            IdentityKind::None => return None,
            IdentityKind::SystemAssigned => "SystemAssigned",
            IdentityKind::UserAssigned => "UserAssigned",
            IdentityKind::SystemAndUserAssigned => "SystemAssigned,UserAssigned",
        };
        let mut v = json!({ "type": ty });
        if self.uses_user_assigned() {
            let ids: Map<String, Value> = self
                .user_assigned_ids
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(|s| (s.to_string(), json!({})))
                .collect();
            v["userAssignedIdentities"] = Value::Object(ids);
        }
        Some(v)
    }
}

pub(crate) fn validate_tags(tags: &[TagPair], e: &mut Errors) {
    let pairs: Vec<(String, String)> = tags
        .iter()
        .filter(|t| !(t.key.is_empty() && t.value.is_empty()))
        .map(|t| (t.key.trim().to_string(), t.value.clone()))
        .collect();
    e.check("tags", check_tags(&pairs));
}

/// `Some(trimmed)` for a non-empty field.
pub(crate) fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Name checks shared by every form.
pub(crate) fn validate_name(name: &str, existing: &[String], e: &mut Errors) {
    if e.check("name", crate::validate::check_compute_name(name)).is_some() {
        e.check("name", crate::validate::check_unique_name(name, existing));
    }
}

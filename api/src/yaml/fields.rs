//! The YAML members every compute kind shares: the header (`$schema`, name, type, location),
//! optional strings, tags and the managed identity.

use super::emit::{raw, s, Y};
use crate::forms::{IdentityForm, IdentityKind, TagPair};

const SCHEMA: &str = "https://azuremlschemas.azureedge.net/latest/";

/// The first members: `#` notes (what az ml YAML cannot express), `$schema`, name, type and
/// location.
pub(super) fn header(notes: &[String], schema: Option<&str>, name: &str, ty: &str, location: &str) -> Vec<(String, Y)> {
    let mut m = Vec::new();
    for n in notes {
        m.push((format!("# {n}"), Y::Raw(String::new())));
    }
    if let Some(sc) = schema {
        m.push(("$schema".into(), raw(format!("{SCHEMA}{sc}"))));
    }
    m.push(("name".into(), s(name.trim())));
    m.push(("type".into(), raw(ty)));
    m.push(("location".into(), s(location)));
    m
}

/// A trimmed string member, left out when blank.
pub(super) fn push_opt(m: &mut Vec<(String, Y)>, key: &str, v: &str) {
    if !v.trim().is_empty() {
        m.push((key.into(), s(v.trim())));
    }
}

pub(super) fn tags(m: &mut Vec<(String, Y)>, tags: &[TagPair]) {
    let t: Vec<(String, Y)> =
        tags.iter().filter(|t| !t.key.trim().is_empty()).map(|t| (t.key.trim().to_string(), s(&t.value))).collect();
    if !t.is_empty() {
        m.push(("tags".into(), Y::Map(t)));
    }
}

pub(super) fn identity(m: &mut Vec<(String, Y)>, id: &IdentityForm) {
    let ty = match id.kind {
        IdentityKind::None => return,
        IdentityKind::SystemAssigned => "system_assigned",
        IdentityKind::UserAssigned => "user_assigned",
        IdentityKind::SystemAndUserAssigned => "system_assigned,user_assigned",
    };
    let mut i = vec![("type".to_string(), s(ty))];
    let ids: Vec<Y> = id
        .user_assigned_ids
        .iter()
        .filter(|x| !x.trim().is_empty())
        .map(|x| Y::Map(vec![("resource_id".into(), s(x.trim()))]))
        .collect();
    if !ids.is_empty() {
        i.push(("user_assigned_identities".into(), Y::List(ids)));
    }
    m.push(("identity".into(), Y::Map(i)));
}

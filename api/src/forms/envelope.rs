//! The ARM resource around a form's compute properties: location, tags and identity.

use serde_json::{Map, Value};

use super::fields::{IdentityForm, TagPair};

/// Tags as ARM wants them (`None` when there are none).
fn tags_map(tags: &[TagPair]) -> Option<Map<String, Value>> {
    let m: Map<String, Value> = tags
        .iter()
        .filter(|t| !t.key.trim().is_empty())
        .map(|t| (t.key.trim().to_string(), Value::String(t.value.clone())))
        .collect();
    (!m.is_empty()).then_some(m)
}

/// The envelope every form fills.
pub(crate) fn envelope(
    location: &str,
    compute: crate::models::Compute,
    tags: &[TagPair],
    identity: Option<&IdentityForm>,
) -> crate::models::ComputeResource {
    crate::models::ComputeResource {
        location: Some(location.to_string()),
        tags: tags_map(tags),
        identity: identity.and_then(IdentityForm::to_value),
        properties: Some(compute),
        ..Default::default()
    }
}

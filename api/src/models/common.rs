//! Shapes shared by every ARM resource: errors (common-types v3), paging, subscriptions.

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::wire::{take, wire_struct};

wire_struct! {
    /// ARM error envelope: `{"error": {...}}`. Also the item type of `provisioningErrors`.
    pub struct ErrorResponse {
        error: ErrorDetail = "error",
    }
}

wire_struct! {
    /// One ARM error; `details` nests recursively.
    pub struct ErrorDetail {
        code: String = "code",
        message: String = "message",
        target: String = "target",
        details: Vec<ErrorDetail> = "details",
        additional_info: Vec<ErrorAdditionalInfo> = "additionalInfo",
    }
}

wire_struct! {
    /// Free-form extra information attached to an [`ErrorDetail`].
    pub struct ErrorAdditionalInfo {
        kind: String = "type",
        info: Value = "info",
    }
}

impl ErrorDetail {
    /// Nested details, empty when absent.
    pub fn details(&self) -> &[ErrorDetail] {
        self.details.as_deref().unwrap_or(&[])
    }
}

wire_struct! {
    /// `{"id": "..."}` reference used for subnets and images.
    pub struct ResourceId {
        id: String = "id",
    }
}

wire_struct! {
    /// An entry of `GET /subscriptions` (ARM subscriptions API).
    pub struct Subscription {
        id: String = "id",
        subscription_id: String = "subscriptionId",
        tenant_id: String = "tenantId",
        display_name: String = "displayName",
        /// `Enabled`, `Warned`, `PastDue`, `Disabled`, `Deleted`, or anything newer.
        state: String = "state",
        authorization_source: String = "authorizationSource",
        subscription_policies: Value = "subscriptionPolicies",
        managed_by_tenants: Value = "managedByTenants",
        tags: Map<String, Value> = "tags",
    }
}

impl Subscription {
    /// Display name, falling back to the id so a row is never blank.
    pub fn label(&self) -> &str {
        self.display_name.as_deref().filter(|s| !s.is_empty()).or(self.subscription_id.as_deref()).unwrap_or("")
    }
}

/// One page of an ARM list: `{"value": [...], "nextLink": "..."}`.
///
/// `value` is strict (an item that is not a `T` fails the page, since there would be nothing to
/// show), while everything else is kept losslessly like the other models. `value` is always
/// written back, as ARM always sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub value: Vec<T>,
    /// Absolute URL of the next page; follow it with `ArmClient::next_page`.
    pub next_link: Option<String>,
    pub extra: Map<String, Value>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page { value: Vec::new(), next_link: None, extra: Map::new() }
    }
}

impl<T> Page<T> {
    /// The continuation link, ignoring an empty string (some services send `""` on the last page).
    pub fn next_link(&self) -> Option<&str> {
        self.next_link.as_deref().filter(|s| !s.is_empty())
    }
}

impl<T: Serialize> Serialize for Page<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        // A wire `"value": null` is kept in `extra`; do not add an empty array next to it.
        if !(self.value.is_empty() && self.extra.contains_key("value")) {
            m.serialize_entry("value", &self.value)?;
        }
        if let Some(link) = &self.next_link {
            m.serialize_entry("nextLink", link)?;
        }
        for (k, v) in &self.extra {
            let shadowed = match k.as_str() {
                "value" => !self.value.is_empty(),
                "nextLink" => self.next_link.is_some(),
                _ => false,
            };
            if !shadowed {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut extra = Map::<String, Value>::deserialize(d)?;
        let value = match extra.get("value") {
            None | Some(Value::Null) => Vec::new(),
            Some(_) => {
                let raw = extra.shift_remove("value").unwrap_or_default();
                Vec::<T>::deserialize(raw).map_err(|e| D::Error::custom(format!("value: {e}")))?
            }
        };
        let next_link = take(&mut extra, "nextLink");
        Ok(Page { value, next_link, extra })
    }
}

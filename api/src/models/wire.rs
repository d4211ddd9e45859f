//! Lossless wire codec shared by every model.
//!
//! Derived serde cannot keep an explicit `null` on an `Option<T>` field (it turns into `None` and
//! is then skipped), and one mistyped member would fail the whole list response. ARM returns both
//! (`"errors": null`, `"virtualMachineImage": null`, …), and the console must neither lose data
//! nor refuse a page because one field has an unexpected shape. So models are declared with
//! [`wire_struct!`], whose hand-written impls work like this:
//!
//! * deserialize the object into a JSON map, then move each known member whose value parses as
//!   the field's type into the typed field;
//! * everything else (unknown members, explicit `null`s, values of an unexpected type) stays in
//!   `extra`, in wire order;
//! * serialize the typed fields that are `Some`, then `extra`, skipping an `extra` entry whose
//!   key is a typed field that is now `Some` (so setting a field after a `null` never writes the
//!   key twice).

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Moves `key` out of `map` into a typed value when it is present, non-null and of the right
/// shape; otherwise leaves the raw value where it is (see the module docs).
pub(crate) fn take<T: DeserializeOwned>(map: &mut Map<String, Value>, key: &str) -> Option<T> {
    let value = map.get(key)?;
    if value.is_null() {
        return None;
    }
    match T::deserialize(value) {
        Ok(typed) => {
            map.shift_remove(key);
            Some(typed)
        }
        Err(_) => None,
    }
}

/// Declares a wire model: every field becomes `pub Option<T>` plus `pub extra: Map`, with the
/// lossless serde impls described in the module docs. Syntax:
/// `wire_struct! { /// doc  pub struct Name { /// doc  field: Type = "wireName", … } }`.
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* #[doc = concat!("Wire name `", $wire, "`.")] pub $field: Option<$ty>, )*
            /// Members without a typed field, explicit `null`s and values of an unexpected
            /// type, in wire order. Serialized back unchanged.
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl $name {
            /// Wire names of the typed fields, in declaration order.
            pub const WIRE_FIELDS: &'static [&'static str] = &[$($wire),*];
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                $( if let Some(v) = &self.$field { m.serialize_entry($wire, v)?; } )*
                for (k, v) in &self.extra {
                    #[allow(clippy::match_single_binding)]
                    let shadowed = match k.as_str() {
                        $( $wire => self.$field.is_some(), )*
                        _ => false,
                    };
                    if !shadowed {
                        m.serialize_entry(k, v)?;
                    }
                }
                m.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #[allow(unused_mut)]
                let mut extra =
                    <serde_json::Map<String, serde_json::Value> as serde::Deserialize>::deserialize(d)?;
                Ok(Self {
                    $( $field: $crate::models::wire::take(&mut extra, $wire), )*
                    extra,
                })
            }
        }
    };
}

pub(crate) use wire_struct;

//! The Turkish catalog (`public/i18n-tr.json`):
//!
//! ```json
//! { "ui":  { "compute.list.title": "İşlem", "compute.count.other": "{n} işlem" },
//!   "api": { "The name must be 3 to 24 characters long (it has {n}).": "Ad 3 ile 24 karakter arasında olmalıdır ({n} karakter)." } }
//! ```
//!
//! `ui` holds the console's own strings by key; `api` this crate's messages by their English
//! template (see [`crate::msg!`]). A key the catalog lacks shows its English text: a missing
//! translation never blanks a page (and `api/tests/i18n_catalog.rs` fails on one).

use serde_json::{Map, Value};

use super::template::Template;

/// How deep a matched message's values are translated in turn (a message quoting another).
const MAX_NESTING: usize = 3;

#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// The `ui` object as read (serde_json's map, whose code the console has anyway: no second
    /// map type in the main module).
    ui: Map<String, Value>,
    /// (English template, translation), in the catalog's order.
    api: Vec<(Template, Template)>,
}

impl Catalog {
    /// Reads the catalog's JSON. Every value must be a string: a malformed catalog is refused as
    /// a whole (the console then stays in English) rather than half used.
    pub fn parse(json: &str) -> Result<Catalog, String> {
        let v: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
        let obj = v.as_object().ok_or("not a JSON object")?;
        let section = |name: &str| -> Result<Vec<(String, String)>, String> {
            match obj.get(name) {
                None => Ok(Vec::new()),
                Some(Value::Object(m)) => m
                    .iter()
                    .map(|(k, v)| match v {
                        Value::String(s) => Ok((k.clone(), s.clone())),
                        _ => Err(format!("\"{name}\".\"{k}\" is not a string")),
                    })
                    .collect(),
                Some(_) => Err(format!("\"{name}\" is not an object")),
            }
        };
        let ui = section("ui")?.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
        let mut api: Vec<(Template, Template)> =
            section("api")?.into_iter().map(|(en, tr)| (Template::parse(&en), Template::parse(&tr))).collect();
        // The most specific template first: "Upload of {f} failed" before "{what} failed".
        api.sort_by_key(|(en, _)| std::cmp::Reverse(en.literal_text().chars().count()));
        Ok(Catalog { ui, api })
    }

    /// The translation of the console string `key`.
    pub fn ui(&self, key: &str) -> Option<&str> {
        self.ui.get(key).and_then(Value::as_str)
    }

    /// The keys of the `ui` section.
    pub fn ui_keys(&self) -> impl Iterator<Item = &str> {
        self.ui.keys().map(String::as_str)
    }

    /// The English templates of the `api` section.
    pub fn api_templates(&self) -> impl Iterator<Item = &Template> {
        self.api.iter().map(|(en, _)| en)
    }

    /// The translation of a finished message of this crate: the first template it fills, with
    /// its values placed in the translation (values that are messages themselves translated
    /// too). `None` when no template matches — a service's own message, say, which stays as sent.
    pub fn message(&self, text: &str) -> Option<String> {
        self.message_at(text, 0)
    }

    fn message_at(&self, text: &str, depth: usize) -> Option<String> {
        if depth > MAX_NESTING || text.is_empty() {
            return None;
        }
        self.api.iter().find_map(|(en, tr)| {
            let values = en.match_text(text)?;
            let inner: Vec<String> =
                values.iter().map(|v| self.message_at(v, depth + 1).unwrap_or_else(|| v.to_string())).collect();
            let inner: Vec<&str> = inner.iter().map(String::as_str).collect();
            Some(tr.render(en, &inner))
        })
    }
}

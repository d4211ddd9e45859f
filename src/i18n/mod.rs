//! English and Turkish in the console (docs/i18n.md).
//!
//! Every string of ours is written once, in English, next to a stable key:
//! `t("compute.list.title", "Compute")`. English is therefore in the bundle already and costs
//! nothing to load; Turkish is `public/i18n-tr.json`, fetched at start only when Turkish is the
//! language (`api/tests/i18n_catalog.rs` fails when a key is missing there, is no longer used, or
//! one key has two English texts). Messages the api crate writes are translated by their English
//! template ([`tm`]); a service's own message matches none and stays as the service sent it.
//!
//! The language is fixed for the life of the page: the header's switch saves the choice and
//! reloads (as the Azure portal does), so no view needs to re-render on a language change and
//! `t` can hand out plain `&'static str`s.

pub mod intl;
mod lookup;
mod states;

pub use lookup::{choose, init, lang, load, loading_label, locale, start_fetch, t, tf, tm};
pub use states::state_text;

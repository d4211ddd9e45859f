//! The console's two languages, English and Turkish, without a web type: which language a
//! browser gets, the Turkish catalog (parsing, lookup with English fallback, placeholders, and
//! the messages this crate writes), Turkish-aware case folding and sorting, and the rules of
//! the sizes and durations the browser's `Intl` then formats.
//!
//! English is never loaded: it is the default text written next to each key in the console's
//! code (`t("compute.list.title", "Compute")`), so an English page costs nothing more than before.
//! Turkish comes from `public/i18n-tr.json`, fetched only when Turkish is chosen
//! (docs/i18n.md). This crate's own user-facing messages are marked with [`msg!`] /
//! [`msg_str!`]: the catalog translates them by their English template.

mod casing;
mod catalog;
mod lang;
mod template;
mod units;

pub use casing::{collate, fold_search, fold_search_unicode, lower};
pub use catalog::Catalog;
pub use lang::Lang;
pub use template::{fill, Template};
pub use units::{duration_measures, size_measure, Measure};

/// The language to show: the user's saved choice when it is one of ours, else the first of the
/// browser's languages (`navigator.languages`, most preferred first) that we speak, else English.
pub fn negotiate(saved: Option<&str>, browser: &[String]) -> Lang {
    saved.and_then(Lang::from_tag).or_else(|| browser.iter().find_map(|t| Lang::from_tag(t))).unwrap_or_default()
}

/// The locale for `Intl` dates and numbers in `lang`: the browser's own variant of that
/// language when it lists one (an `en-GB` browser gets day-month dates in English), else the
/// language's default (`en-US`, `tr-TR`). Tags are passed on only when they look like BCP 47
/// (letters, digits and hyphens), so `Intl` never throws on them.
pub fn format_locale(lang: Lang, browser: &[String]) -> String {
    browser
        .iter()
        .map(|t| t.trim().replace('_', "-"))
        .find(|t| {
            Lang::from_tag(t) == Some(lang)
                && t.len() <= 35
                && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !t.ends_with('-')
                && !t.contains("--")
        })
        .unwrap_or_else(|| lang.default_locale().to_string())
}

/// A user-facing message of this crate, as `format!` builds it: the template (the first
/// argument, a literal) is also the key the Turkish catalog translates it by, so
/// `api/tests/i18n_catalog.rs` finds every one of them in the source.
#[macro_export]
macro_rules! msg {
    ($($arg:tt)*) => {
        format!($($arg)*)
    };
}

/// A fixed user-facing text of this crate (`&'static str`), translated like [`msg!`].
#[macro_export]
macro_rules! msg_str {
    ($text:literal) => {
        $text
    };
}

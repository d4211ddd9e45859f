//! The console's languages.

/// A language of the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Tr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Tr];

    /// The BCP 47 primary language subtag: `en`, `tr` (also `<html lang>`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Tr => "tr",
        }
    }

    /// The language of a BCP 47 tag (`tr`, `tr-TR`, `EN-gb`); `None` for other languages.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Lang::ALL.into_iter().find(|l| primary.eq_ignore_ascii_case(l.code()))
    }

    /// The locale `Intl` uses when the browser names no variant of this language.
    pub(super) fn default_locale(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::Tr => "tr-TR",
        }
    }
}

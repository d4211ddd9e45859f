//! Case folding for filters and an alphabetical order for sorting, Turkish-aware.
//!
//! Turkish has two i's: dotted `i`/`İ` and dotless `ı`/`I`. Plain Unicode lower-casing gets
//! both Turkish capitals wrong for a Turkish reader (`I` → `i`, and `İ` → `i` + a combining
//! dot, so "İş" no longer matches "iş"). Here:
//! * [`lower`]: Turkish `I` → `ı`, `İ` → `i`; English `I` → `i`, `İ` → `i`.
//! * [`fold_search`]: what a filter compares. In Turkish the four forms `I ı İ i` are one
//!   letter: a Turkish keyboard's `i` must still find an ASCII resource name like `IMAGE-gpu`
//!   (whose `I` is Turkish `ı`), and `ışık` must find `IŞIK`. In English `I İ i` are one letter.
//! * [`collate`]: alphabetical order. Turkish puts `ç ğ ı ö ş ü` after `c g h o s u` as letters
//!   of their own and `ı` before `i`; English sorts them with their base letter (accents only
//!   break ties) and `ı` right after `i`. Case never orders: texts that differ only in case are
//!   equal, so a stable sort keeps the service's order for them. Both agree with
//!   `Intl.Collator` (ICU) on the words of `api/tests/i18n.rs`.
//!
//! Letters covered: ASCII, Latin-1 and Latin Extended-A (every Turkish letter). The main module
//! paints the compute list with these, and Unicode's full case tables would cost it kilobytes,
//! so letters of other scripts are compared as written — except by [`fold_search_unicode`],
//! for the lazily loaded jobs list, which lower-cases them with the standard library.

use std::cmp::Ordering;

use super::lang::Lang;

/// Base letters of U+00C0..=U+00FF (`*` = not a letter: × and ÷).
const LATIN1_BASE: &[u8; 64] = b"aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo*ouuuuyty";
/// Base letters of U+0100..=U+017F.
const EXT_A_BASE: &[u8; 128] =
    b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

const EN_ALPHABET: &str = "abcdefghijklmnopqrstuvwxyz";
const TR_ALPHABET: &str = "abcçdefgğhıijklmnoöpqrsştuüvwxyz";

/// The lower case of a Latin letter (ASCII, Latin-1, Latin Extended-A) by `lang`'s rules; the
/// character itself when it is not an upper-case one; `None` beyond those blocks.
fn lower_latin(c: char, lang: Lang) -> Option<char> {
    let u = c as u32;
    Some(match c {
        'I' if lang == Lang::Tr => 'ı',
        'İ' => 'i',
        'A'..='Z' => (u as u8 + 32) as char,
        '\u{C0}'..='\u{DE}' if c != '\u{D7}' => char::from_u32(u + 0x20)?,
        '\u{0100}'..='\u{0137}' | '\u{014A}'..='\u{0177}' if u.is_multiple_of(2) => char::from_u32(u + 1)?,
        '\u{0139}'..='\u{0148}' | '\u{0179}'..='\u{017E}' if !u.is_multiple_of(2) => char::from_u32(u + 1)?,
        '\u{0178}' => 'ÿ',
        _ if u < 0x0180 => c,
        _ => return None,
    })
}

/// `s` in lower case by `lang`'s rules (Latin letters; others as written).
pub fn lower(s: &str, lang: Lang) -> String {
    s.chars().map(|c| lower_latin(c, lang).unwrap_or(c)).collect()
}

fn fold_into(s: &str, lang: Lang, other: impl Fn(char, &mut String)) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match lower_latin(c, lang) {
            Some('ı') if lang == Lang::Tr => out.push('i'),
            Some(l) => out.push(l),
            // A combining dot above (a decomposed `İ`) adds nothing to an `i`.
            None if c == '\u{0307}' => {}
            None => other(c, &mut out),
        }
    }
    out
}

/// What a text filter compares: `lang`'s lower case, with `I ı İ i` as one letter in Turkish.
/// Letters of other scripts are kept as written (see the module notes).
pub fn fold_search(s: &str, lang: Lang) -> String {
    fold_into(s, lang, |c, out| out.push(c))
}

/// [`fold_search`], with letters of every other script lower-cased by the standard library.
pub fn fold_search_unicode(s: &str, lang: Lang) -> String {
    fold_into(s, lang, |c, out| out.extend(c.to_lowercase()))
}

/// (primary, secondary) weight of a character: the letter, then its accent.
fn weights(c: char, lang: Lang) -> (u32, u32) {
    let Some(l) = lower_latin(c, lang) else { return (0x10000 + c as u32, 0) };
    let alphabet = if lang == Lang::Tr { TR_ALPHABET } else { EN_ALPHABET };
    if let Some(i) = alphabet.chars().position(|a| a == l) {
        return (0x2000 + 2 * i as u32, 0);
    }
    if l == 'ı' {
        // English (as Unicode's default order): a letter of its own right after `i`.
        return (0x2000 + 2 * 8 + 1, 0);
    }
    let u = l as u32;
    let base = match u {
        0xC0..=0xFF => LATIN1_BASE[(u - 0xC0) as usize],
        0x100..=0x17F => EXT_A_BASE[(u - 0x100) as usize],
        _ => 0,
    };
    match alphabet.chars().position(|a| a as u32 == u32::from(base)) {
        Some(i) => (0x2000 + 2 * i as u32, u),
        None if l.is_ascii_digit() => (0x1000 + u, 0),
        // Spaces and punctuation before digits, digits before letters.
        None => (u, 0),
    }
}

/// Alphabetical order of two texts in `lang` (see the module notes): the letters, then their
/// accents; `Equal` for texts that differ only in case.
pub fn collate(a: &str, b: &str, lang: Lang) -> Ordering {
    // Iterators, not keys: sorting a long list compares without allocating.
    fn level(s: &str, lang: Lang, accents: bool) -> impl Iterator<Item = u32> + '_ {
        s.chars().map(move |c| {
            let (letter, accent) = weights(c, lang);
            if accents {
                accent
            } else {
                letter
            }
        })
    }
    level(a, lang, false).cmp(level(b, lang, false)).then_with(|| level(a, lang, true).cmp(level(b, lang, true)))
}

//! Search in a log as the viewer shows it: the text cut into plain and matching pieces (each
//! match is highlighted and can be stepped to), case-insensitive for ASCII letters. Pure text
//! work, so the console only renders the pieces.

/// Most matches one search marks: a one-letter search in a long log would otherwise make a
/// node per letter.
pub const MAX_MATCHES: usize = 1000;

/// One piece of the log: plain text, or the `n`-th match (from 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Match(usize, String),
}

/// Byte ranges of the matches of `query` in `text` (ASCII case-insensitive, not overlapping,
/// at most [`MAX_MATCHES`]). An empty or blank query matches nothing.
pub fn match_ranges(text: &str, query: &str) -> Vec<(usize, usize)> {
    if query.trim().is_empty() || query.len() > text.len() {
        return vec![];
    }
    let (hay, needle) = (text.as_bytes(), query.as_bytes());
    let mut out = vec![];
    let mut i = 0;
    while i + needle.len() <= hay.len() && out.len() < MAX_MATCHES {
        if hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
            && text.is_char_boundary(i)
            && text.is_char_boundary(i + needle.len())
        {
            out.push((i, i + needle.len()));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out
}

/// `text` cut at the matches of `query`; with no match, the whole text as one piece.
pub fn pieces(text: &str, query: &str) -> Vec<Piece> {
    let mut out = vec![];
    let mut at = 0;
    for (n, (s, e)) in match_ranges(text, query).into_iter().enumerate() {
        if s > at {
            out.push(Piece::Text(text[at..s].to_string()));
        }
        out.push(Piece::Match(n, text[s..e].to_string()));
        at = e;
    }
    if at < text.len() || out.is_empty() {
        out.push(Piece::Text(text[at..].to_string()));
    }
    out
}

/// The match to show after a step of `delta` (+1 next, −1 previous) from `current`, wrapping
/// around; `None` without matches.
pub fn step(current: Option<usize>, delta: i64, count: usize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    let n = count as i64;
    let from = match current {
        Some(c) => c.min(count - 1) as i64,
        None if delta >= 0 => -1,
        None => 0,
    };
    Some((from + delta).rem_euclid(n) as usize)
}

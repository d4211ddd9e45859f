//! Text search over long lists, made cheap enough to run on every keystroke: each item's search
//! key is lower-cased once (when the list is built), the query once per keystroke, and a query
//! that only grows (`re` → `ret`) scans the previous matches instead of the whole list.

/// The query as keys are compared with it: trimmed and lower-cased.
pub fn needle(query: &str) -> String {
    query.trim().to_lowercase()
}

/// Whether every key holding needle `new` also holds needle `old`, so `new`'s matches are a
/// subset of `old`'s and can be searched for among them only.
pub fn narrows(old: &str, new: &str) -> bool {
    new.contains(old)
}

/// The candidates (positions, in the order given) whose key holds `needle` (already a
/// [`needle`]); every candidate when it is empty. `key(i)` must be lower case.
pub fn scan<'a>(
    candidates: impl IntoIterator<Item = usize>,
    key: impl Fn(usize) -> &'a str,
    needle: &str,
) -> Vec<usize> {
    if needle.is_empty() {
        return candidates.into_iter().collect();
    }
    candidates.into_iter().filter(|&i| key(i).contains(needle)).collect()
}

/// One search result: the needle it was made for and the matching positions, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matches {
    pub needle: String,
    pub positions: Vec<usize>,
}

impl Matches {
    /// Searches for `query` among `all` (positions in display order), starting from `prev` when
    /// that was a search of the same `all` for a needle the new one extends.
    pub fn search<'a>(all: &[usize], key: impl Fn(usize) -> &'a str, query: &str, prev: Option<&Matches>) -> Matches {
        let n = needle(query);
        let positions = match prev {
            Some(p) if narrows(&p.needle, &n) => scan(p.positions.iter().copied(), key, &n),
            _ => scan(all.iter().copied(), key, &n),
        };
        Matches { needle: n, positions }
    }
}

//! Action patterns of role definitions (`*` wildcards, `/*/` that may stand for one `/`).

/// Does an action pattern cover an action? Case-insensitive, `*` = any run of characters, and a
/// `/*/` may also stand for a single `/` (so the Data Scientist's `…/computes/*/write` keeps out
/// `…/computes/write`, as the role is documented to): each `/*/` is tried both ways.
pub fn matches(pattern: &str, action: &str) -> bool {
    let p = pattern.to_ascii_lowercase();
    let a = action.to_ascii_lowercase();
    variants(&p, 0).iter().any(|v| glob(v.as_bytes(), a.as_bytes()))
}

/// The pattern with each `/*/` from `from` on kept or collapsed to `/` (at most 2^4 variants;
/// later ones stay as written).
fn variants(p: &str, depth: usize) -> Vec<String> {
    match p.find("/*/") {
        Some(i) if depth < 4 => {
            let (head, tail) = (&p[..i], &p[i + 3..]);
            let mut out = Vec::new();
            for t in variants(tail, depth + 1) {
                out.push(format!("{head}/*/{t}"));
                out.push(format!("{head}/{t}"));
            }
            out
        }
        _ => vec![p.to_string()],
    }
}

/// Glob with `*` only, by dynamic programming: `m[j]` says whether the pattern read so far
/// matches the first `j` characters.
fn glob(p: &[u8], a: &[u8]) -> bool {
    let mut m = vec![false; a.len() + 1];
    m[0] = true;
    for &c in p {
        if c == b'*' {
            for j in 1..=a.len() {
                m[j] = m[j] || m[j - 1];
            }
        } else {
            for j in (1..=a.len()).rev() {
                m[j] = m[j - 1] && a[j - 1] == c;
            }
            m[0] = false;
        }
    }
    m[a.len()]
}

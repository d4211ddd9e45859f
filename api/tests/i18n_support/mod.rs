//! Finds the translatable strings in Rust source: the console's `t("key", "English")` and
//! `tf("key", "English", …)` calls, and the api crate's `msg!("template", …)` and
//! `msg_str!("text")`. A small lexer, not a regex, so string contents, comments and char
//! literals never look like calls.

use std::path::{Path, PathBuf};

/// One call found: its first (and for `t`/`tf` second) string argument and where it is.
#[derive(Debug, Clone)]
pub struct Found {
    pub func: String,
    pub args: Vec<String>,
    pub at: String,
}

/// Every `.rs` file under `dir`, sorted.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Reads a string literal starting at `i` (at its `"` or raw `r#"`); returns its value and the
/// index after it.
fn string_at(s: &[char], mut i: usize) -> Option<(String, usize)> {
    let mut hashes = 0;
    let raw = s.get(i) == Some(&'r');
    if raw {
        i += 1;
        while s.get(i) == Some(&'#') {
            hashes += 1;
            i += 1;
        }
    }
    if s.get(i) != Some(&'"') {
        return None;
    }
    i += 1;
    let mut out = String::new();
    while i < s.len() {
        let c = s[i];
        if raw {
            if c == '"' && (0..hashes).all(|k| s.get(i + 1 + k) == Some(&'#')) {
                return Some((out, i + 1 + hashes));
            }
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '"' => return Some((out, i + 1)),
            '\\' => {
                let n = *s.get(i + 1)?;
                i += 2;
                match n {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    '0' => out.push('\0'),
                    '\\' | '"' | '\'' => out.push(n),
                    '\n' => {
                        while s.get(i).is_some_and(|c| c.is_whitespace()) {
                            i += 1;
                        }
                    }
                    'u' => {
                        let close = (i..s.len()).find(|k| s[*k] == '}')?;
                        let hex: String = s[i + 1..close].iter().collect();
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                        i = close + 1;
                    }
                    _ => return None,
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    None
}

fn skip_ws(s: &[char], mut i: usize) -> usize {
    while s.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

/// The calls of `funcs` (plain names like `t`, or macros written `msg!`) in `text`, with their
/// leading string-literal arguments (up to `max_args`). A call whose first argument is not a
/// literal is skipped (the definitions themselves, say).
pub fn calls(text: &str, file: &str, funcs: &[&str], max_args: usize) -> Vec<Found> {
    let s: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < s.len() {
        let c = s[i];
        if c == '\n' {
            line += 1;
        }
        // Comments.
        if c == '/' && s.get(i + 1) == Some(&'/') {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && s.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < s.len() && !(s[i] == '*' && s[i + 1] == '/') {
                line += usize::from(s[i] == '\n');
                i += 1;
            }
            i += 2;
            continue;
        }
        // Strings (not a call's argument here: skipped whole).
        if c == '"' || (c == 'r' && matches!(s.get(i + 1), Some('"') | Some('#')) && (i == 0 || !ident(s[i - 1]))) {
            if let Some((_, end)) = string_at(&s, i) {
                line += s[i..end].iter().filter(|c| **c == '\n').count();
                i = end;
                continue;
            }
        }
        // Char literals ('x', '\n', '"') vs lifetimes ('a).
        if c == '\'' {
            if s.get(i + 1) == Some(&'\\') {
                i = (i + 2..s.len()).find(|k| s[*k] == '\'').map_or(s.len(), |k| k + 1);
                continue;
            }
            if s.get(i + 2) == Some(&'\'') {
                i += 3;
                continue;
            }
        }
        if ident(c) && (i == 0 || !ident(s[i - 1])) {
            let start = i;
            while i < s.len() && ident(s[i]) {
                i += 1;
            }
            let word: String = s[start..i].iter().collect();
            let mut j = i;
            let bang = s.get(j) == Some(&'!');
            if bang {
                j += 1;
            }
            let name = if bang { format!("{word}!") } else { word };
            if s.get(j) == Some(&'(') && funcs.contains(&name.as_str()) {
                let mut args = Vec::new();
                let mut k = j + 1;
                while args.len() < max_args {
                    k = skip_ws(&s, k);
                    let Some((v, end)) = string_at(&s, k) else { break };
                    args.push(v);
                    k = skip_ws(&s, end);
                    if s.get(k) == Some(&',') {
                        k += 1;
                    } else {
                        break;
                    }
                }
                if !args.is_empty() {
                    out.push(Found { func: name, args, at: format!("{file}:{line}") });
                }
            }
            continue;
        }
        i += 1;
    }
    out
}

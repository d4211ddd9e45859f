//! Ignore-file patterns exactly as azure-ai-ml 1.35.2 applies them.
//!
//! The SDK reads the root ignore file with `utf-8-sig` in text mode (universal newlines),
//! right-strips every line, and compiles each one with its vendored copy of pathspec's
//! `GitWildMatchPattern`, which turns a gitignore line into a Python regular expression. We do
//! not translate to a regex (no regex crate in a wasm bundle); instead each pattern becomes the
//! same small sequence of steps, matched by position-set simulation. That is exact for these
//! regexes: they are plain concatenations of character tests, unbounded repeats and optional
//! groups, so "does any backtracking path succeed" equals "is the end reachable".

use super::error::SnapshotError;

/// Python's `str.isspace`, which `strip()`/`rstrip()` use. It differs from Rust's
/// `char::is_whitespace` by also treating U+001C..U+001F as whitespace.
pub(crate) fn py_isspace(c: char) -> bool {
    matches!(c, '\t'..='\r' | '\u{1c}'..='\u{1f}' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}'
        | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// One character test, i.e. one regex atom of the compiled pattern.
#[derive(Debug, Clone, PartialEq)]
enum Pred {
    /// `.` — Python's dot matches anything but a newline.
    Dot,
    /// `[^/]`
    NotSlash,
    Lit(char),
    /// A bracket expression: negated?, list of inclusive ranges (single chars are `(c, c)`).
    Class(bool, Vec<(char, char)>),
}

impl Pred {
    fn test(&self, c: char) -> bool {
        match self {
            Pred::Dot => c != '\n',
            Pred::NotSlash => c != '/',
            Pred::Lit(l) => *l == c,
            Pred::Class(neg, ranges) => ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != *neg,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    One(Pred),
    /// `pred*` (min 0) or `pred+` (min 1).
    Repeat(Pred, usize),
    /// `(?:...)?`
    Opt(Vec<Step>),
}

/// A compiled non-null pattern: `exclude` is pathspec's `include` (true = the file is ignored,
/// false = a `!` pattern that re-includes it).
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub source: String,
    pub exclude: bool,
    steps: Vec<Step>,
}

impl Pattern {
    /// Compiles one (already right-stripped) line like `GitWildMatchPattern(line)`. `Ok(None)` is
    /// a null pattern (blank, comment, lone `/`); `Err` is where the SDK itself raises.
    pub fn compile(line: &str) -> Result<Option<Pattern>, String> {
        let pattern = line.trim_matches(py_isspace);
        if pattern.starts_with('#') || pattern == "/" || pattern.is_empty() {
            return Ok(None);
        }
        let (exclude, body) = match pattern.strip_prefix('!') {
            Some(rest) => (false, rest),
            None => (true, pattern),
        };
        let mut segs: Vec<&str> = body.split('/').collect();
        // Collapse runs of `**` segments into one.
        let mut i = segs.len() - 1;
        while i > 0 {
            if segs[i - 1] == "**" && segs[i] == "**" {
                segs.remove(i);
            }
            i -= 1;
        }
        // `**/` alone: everything except files in the root (pathspec's regex override).
        if segs.len() == 2 && segs[0] == "**" && segs[1].is_empty() {
            let steps = vec![Step::Repeat(Pred::Dot, 1), Step::One(Pred::Lit('/')), Step::Repeat(Pred::Dot, 0)];
            return Ok(Some(Pattern { source: line.to_string(), exclude, steps }));
        }
        if segs[0].is_empty() {
            // Leading slash: anchored to the root.
            segs.remove(0);
        } else if (segs.len() == 1 || (segs.len() == 2 && segs[1].is_empty())) && segs[0] != "**" {
            // A bare name (or `name/`) matches at any depth.
            segs.insert(0, "**");
        }
        if segs.is_empty() {
            return Err(crate::msg!("Invalid git pattern: {line:?}"));
        }
        let last = segs.len() - 1;
        if segs[last].is_empty() && segs.len() > 1 {
            segs[last] = "**"; // `dir/` = everything below dir
        }
        let mut steps = Vec::new();
        let mut need_slash = false;
        let end = segs.len() - 1;
        // Trailing part of a pattern not ending in a slash: `(?:/.*)?`, so `foo` also covers
        // everything under a folder named foo.
        let tail = || Step::Opt(vec![Step::One(Pred::Lit('/')), Step::Repeat(Pred::Dot, 0)]);
        for (i, seg) in segs.iter().enumerate() {
            if *seg == "**" {
                if i == 0 && i == end {
                    steps.push(Step::Repeat(Pred::Dot, 1));
                } else if i == 0 {
                    steps.push(Step::Opt(vec![Step::Repeat(Pred::Dot, 1), Step::One(Pred::Lit('/'))]));
                    need_slash = false;
                } else if i == end {
                    steps.push(Step::One(Pred::Lit('/')));
                    steps.push(Step::Repeat(Pred::Dot, 0));
                } else {
                    steps.push(Step::Opt(vec![Step::One(Pred::Lit('/')), Step::Repeat(Pred::Dot, 1)]));
                    need_slash = true;
                }
            } else {
                if need_slash {
                    steps.push(Step::One(Pred::Lit('/')));
                }
                if *seg == "*" {
                    steps.push(Step::Repeat(Pred::NotSlash, 1));
                } else {
                    translate_segment(seg, &mut steps).map_err(|e| format!("{e}: {line:?}"))?;
                }
                if i == end {
                    steps.push(tail());
                }
                need_slash = true;
            }
        }
        Ok(Some(Pattern { source: line.to_string(), exclude, steps }))
    }

    /// `regex.match(path)` of the compiled pattern, `$` included (which in Python also accepts
    /// a single trailing newline).
    pub fn matches(&self, path: &str) -> bool {
        let s: Vec<char> = path.chars().collect();
        let mut at = vec![false; s.len() + 1];
        at[0] = true;
        let at = run(&self.steps, &s, at);
        let n = s.len();
        at[n] || (n > 0 && s[n - 1] == '\n' && at[n - 1])
    }
}

/// Advances the set of reachable positions through `steps`.
fn run(steps: &[Step], s: &[char], mut at: Vec<bool>) -> Vec<bool> {
    for step in steps {
        let mut next = vec![false; s.len() + 1];
        match step {
            Step::One(p) => {
                for i in 0..s.len() {
                    if at[i] && p.test(s[i]) {
                        next[i + 1] = true;
                    }
                }
            }
            Step::Repeat(p, min) => {
                for (i, _) in at.iter().enumerate().filter(|(_, reached)| **reached) {
                    let mut j = i;
                    loop {
                        if j - i >= *min {
                            next[j] = true;
                        }
                        if j < s.len() && p.test(s[j]) {
                            j += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            Step::Opt(inner) => {
                let taken = run(inner, s, at.clone());
                for ((n, a), t) in next.iter_mut().zip(&at).zip(&taken) {
                    *n = *a || *t;
                }
            }
        }
        at = next;
    }
    at
}

/// pathspec's `_translate_segment_glob`: `\x` escapes, `*`, `?`, `[...]` (with `!` negation and
/// a literal `]` first); an unterminated `[` is a literal.
fn translate_segment(seg: &str, out: &mut Vec<Step>) -> Result<(), String> {
    let p: Vec<char> = seg.chars().collect();
    let (mut i, end) = (0, p.len());
    let mut escape = false;
    while i < end {
        let c = p[i];
        i += 1;
        if escape {
            escape = false;
            out.push(Step::One(Pred::Lit(c)));
        } else if c == '\\' {
            escape = true;
        } else if c == '*' {
            out.push(Step::Repeat(Pred::NotSlash, 0));
        } else if c == '?' {
            out.push(Step::One(Pred::NotSlash));
        } else if c == '[' {
            let mut j = i;
            if j < end && p[j] == '!' {
                j += 1;
            }
            if j < end && p[j] == ']' {
                j += 1;
            }
            while j < end && p[j] != ']' {
                j += 1;
            }
            if j < end {
                j += 1;
                out.push(Step::One(bracket(&p, i, j)?));
                i = j;
            } else {
                out.push(Step::One(Pred::Lit('[')));
            }
        } else {
            out.push(Step::One(Pred::Lit(c)));
        }
    }
    if escape {
        return Err(crate::msg_str!("Escape character found with no next character to escape").into());
    }
    Ok(())
}

/// The bracket expression `p[i..j]` (j is one past the closing `]`) parsed the way Python's `re`
/// parses what pathspec hands it: `!` → negation, a leading `^` is a literal, backslashes are
/// literal (pathspec doubles them), `a-z` ranges, `-` literal at either end, first `]` literal.
fn bracket(p: &[char], mut i: usize, j: usize) -> Result<Pred, String> {
    let mut neg = false;
    let mut items: Vec<(char, char)> = Vec::new();
    if p[i] == '!' {
        neg = true;
        i += 1;
    }
    // A leading `^` is escaped by pathspec, i.e. it stays an ordinary first item (and can start
    // a range), so it is simply part of the body.
    let body = &p[i..j];
    let mut k = 0;
    loop {
        let c = body[k]; // the body always ends with the closing `]`
        k += 1;
        if c == ']' && !items.is_empty() {
            break;
        }
        if k < body.len() && body[k] == '-' {
            let hi = body[k + 1]; // exists: the body ends with `]`, so k+1 <= last
            k += 2;
            if hi == ']' {
                items.push((c, c));
                items.push(('-', '-'));
                break;
            }
            if hi < c {
                return Err(format!("bad character range {c}-{hi}"));
            }
            items.push((c, hi));
        } else {
            items.push((c, c));
        }
        if k >= body.len() {
            break;
        }
    }
    Ok(Pred::Class(neg, items))
}

/// The compiled contents of the one ignore file the SDK uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IgnoreRules {
    pub patterns: Vec<Pattern>,
}

impl IgnoreRules {
    /// Parses an ignore file's bytes like `IgnoreFile._get_ignore_list` + `_create_pathspec`.
    pub fn parse(file_name: &str, bytes: &[u8]) -> Result<IgnoreRules, SnapshotError> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes); // utf-8-sig
        let text = std::str::from_utf8(bytes)
            .map_err(|e| SnapshotError::IgnoreFileNotUtf8 { file: file_name.to_string(), detail: e.to_string() })?;
        // Text mode: "\r\n" and lone "\r" both end a line.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let mut rules = IgnoreRules::default();
        for (n, line) in text.split_inclusive('\n').enumerate() {
            rules.push_line(line.trim_end_matches(py_isspace)).map_err(|reason| SnapshotError::InvalidPattern {
                file: file_name.to_string(),
                line: n + 1,
                reason,
            })?;
        }
        Ok(rules)
    }

    /// Appends one pattern line (used for the console's "exclude from this submission").
    pub fn push_line(&mut self, line: &str) -> Result<(), String> {
        if let Some(p) = Pattern::compile(line)? {
            self.patterns.push(p);
        }
        Ok(())
    }

    /// `IgnoreFile.is_file_excluded` for a path relative to the root: the last matching pattern
    /// decides, no match means kept.
    pub fn is_excluded(&self, rel_path: &str) -> bool {
        let path = rel_path.strip_prefix('/').or_else(|| rel_path.strip_prefix("./")).unwrap_or(rel_path);
        let mut excluded = false;
        for p in &self.patterns {
            if p.matches(path) {
                excluded = p.exclude;
            }
        }
        excluded
    }
}

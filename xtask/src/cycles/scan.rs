//! Reads one crate's module tree from its source files: which modules exist (`mod x;` → file,
//! `mod x { … }` inline, `#[path]`), what each defines at its own level, what it re-exports
//! (`pub use`), and every path it mentions that starts in the crate (`crate::`, `super::`,
//! `self::`, or a child module's name), in `use` trees and in code alike. Comments and literals
//! are skipped by a small tokenizer; no full Rust parser is needed for this.

use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Ident(String),
    Str(String),
    PathSep,
    Punct(char),
}

/// The tokens of a Rust source, without comments, lifetimes, numbers and char literals.
pub fn tokenize(src: &str) -> Vec<Tok> {
    let c: Vec<char> = src.chars().collect();
    let (mut i, mut out) = (0, Vec::new());
    let ident_start = |ch: char| ch.is_alphabetic() || ch == '_';
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let (mut depth, mut j) = (1, i + 2);
            while j < c.len() && depth > 0 {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 1;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 1;
                }
                j += 1;
            }
            i = j;
        } else if let Some((text, end)) = string_literal(&c, i) {
            out.push(Tok::Str(text));
            i = end;
        } else if ch == '\'' {
            // 'x' and '\n' are chars; 'a (no closing quote after one char) is a lifetime.
            if next == Some('\\') {
                let mut j = i + 3;
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                    i += 1;
                }
            }
        } else if ident_start(ch) || (ch == 'r' && next == Some('#')) {
            let start = if ch == 'r' && next == Some('#') { i + 2 } else { i };
            let mut j = start;
            while j < c.len() && (c[j].is_alphanumeric() || c[j] == '_') {
                j += 1;
            }
            out.push(Tok::Ident(c[start..j].iter().collect()));
            i = j;
        } else if ch.is_ascii_digit() {
            while i < c.len()
                && (c[i].is_alphanumeric()
                    || c[i] == '_'
                    || c[i] == '.' && c.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
            {
                i += 1;
            }
        } else if ch == ':' && next == Some(':') {
            out.push(Tok::PathSep);
            i += 2;
        } else {
            out.push(Tok::Punct(ch));
            i += 1;
        }
    }
    out
}

/// A string literal at `i` (`"…"`, `r"…"`, `r#"…"#`, `b"…"`, `br"…"`): its text and the index after it.
fn string_literal(c: &[char], i: usize) -> Option<(String, usize)> {
    let mut j = i;
    if c.get(j) == Some(&'b') {
        j += 1;
    }
    let raw = c.get(j) == Some(&'r');
    if raw {
        j += 1;
    }
    let mut hashes = 0;
    while raw && c.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if c.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    let start = j;
    while j < c.len() {
        if !raw && c[j] == '\\' {
            j += 2;
            continue;
        }
        if c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) {
            return Some((c[start..j].iter().collect(), j + 1 + hashes));
        }
        j += 1;
    }
    Some((c[start..].iter().collect(), c.len()))
}

/// One module of the crate.
#[derive(Debug, Default)]
pub struct Module {
    /// Path from the crate root (`[]` is the root).
    pub path: Vec<String>,
    /// Names of child modules.
    pub children: Vec<String>,
    /// Items defined at the module's own level (fn, struct, enum, trait, type, const, static,
    /// union, macro_rules!).
    pub items: Vec<String>,
    /// `pub use` at the module's level: (name it is exported as, or "*", the path it names).
    pub reexports: Vec<(String, Vec<String>)>,
    /// Every crate path mentioned inside the module.
    pub mentions: Vec<Vec<String>>,
    /// `#[macro_export]` macros defined here (they live at the crate root).
    pub exported_macros: Vec<String>,
}

/// Reads the crate whose root file is `root` (lib.rs or main.rs) into its modules.
pub fn read_crate(root: &Path) -> Result<Vec<Module>, String> {
    let mut out = Vec::new();
    read_file(root, vec![], true, &mut out)?;
    Ok(out)
}

fn read_file(file: &Path, path: Vec<String>, owns_dir: bool, out: &mut Vec<Module>) -> Result<(), String> {
    let src = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let here = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    // Where `mod x;` looks for x.rs / x/mod.rs: beside lib.rs, main.rs and mod.rs, else in a
    // folder named after the file.
    let child_dir = if owns_dir { here.clone() } else { here.join(file.file_stem().unwrap_or_default()) };
    Parser { toks: tokenize(&src), here, child_dir, out }.module(path, 0).map(|_| ())
}

struct Parser<'a> {
    toks: Vec<Tok>,
    here: PathBuf,
    child_dir: PathBuf,
    out: &'a mut Vec<Module>,
}

fn ident(t: Option<&Tok>) -> Option<&str> {
    match t {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

const ITEM_KEYWORDS: &[&str] = &["fn", "struct", "enum", "trait", "type", "const", "static", "union"];
const NOT_NAMES: &[&str] = &["fn", "mut", "ref", "unsafe", "extern", "async"];

impl Parser<'_> {
    /// Reads tokens from `i` as the body of module `path` until its closing brace (or the end of
    /// the file); returns the index after it.
    fn module(&mut self, path: Vec<String>, mut i: usize) -> Result<usize, String> {
        let mut m = Module { path: path.clone(), ..Default::default() };
        let (mut depth, mut attr_path, mut macro_export, mut prev_sep) = (0usize, None::<String>, false, false);
        while i < self.toks.len() {
            let tok = self.toks[i].clone();
            let at_level = depth == 0;
            match &tok {
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') if depth == 0 => {
                    self.out.push(m);
                    return Ok(i + 1);
                }
                Tok::Punct('}') => depth -= 1,
                Tok::Punct('#') => {
                    if let (Some(Tok::Punct('[')), Some(name)) = (self.toks.get(i + 1), ident(self.toks.get(i + 2))) {
                        if name == "macro_export" {
                            macro_export = true;
                        }
                        if let (true, Some(Tok::Punct('=')), Some(Tok::Str(p))) =
                            (name == "path", self.toks.get(i + 3), self.toks.get(i + 4))
                        {
                            attr_path = Some(p.clone());
                        }
                    }
                }
                Tok::Ident(kw) if kw == "mod" && !prev_sep => {
                    if let Some(name) = ident(self.toks.get(i + 1)).map(str::to_string) {
                        let mut child = path.clone();
                        child.push(name.clone());
                        m.children.push(name.clone());
                        match self.toks.get(i + 2) {
                            Some(Tok::Punct(';')) => {
                                self.file_module(&name, attr_path.take(), child)?;
                                i += 3;
                                continue;
                            }
                            Some(Tok::Punct('{')) => {
                                i = self.module(child, i + 3)?;
                                attr_path = None;
                                continue;
                            }
                            _ => {}
                        }
                    }
                }
                Tok::Ident(kw) if kw == "use" && !prev_sep => {
                    let is_pub = i > 0 && ident(self.toks.get(i - 1)) == Some("pub")
                        || matches!(self.toks.get(i.wrapping_sub(1)), Some(Tok::Punct(')')));
                    let (trees, mut end) = use_tree(&self.toks, i + 1, vec![]);
                    while end < self.toks.len() && self.toks[end] != Tok::Punct(';') {
                        end += 1;
                    }
                    for (full, name) in trees {
                        if is_pub && at_level {
                            m.reexports.push((name, full.clone()));
                        }
                        m.mentions.push(full);
                    }
                    i = end + 1;
                    prev_sep = false;
                    continue;
                }
                Tok::Ident(kw) if at_level && kw == "macro_rules" => {
                    if let (Some(Tok::Punct('!')), Some(name)) = (self.toks.get(i + 1), ident(self.toks.get(i + 2))) {
                        m.items.push(name.to_string());
                        if std::mem::take(&mut macro_export) {
                            m.exported_macros.push(name.to_string());
                        }
                    }
                }
                Tok::Ident(kw) if at_level && ITEM_KEYWORDS.contains(&kw.as_str()) && !prev_sep => {
                    if let Some(name) = ident(self.toks.get(i + 1)).filter(|n| !NOT_NAMES.contains(n)) {
                        m.items.push(name.to_string());
                    }
                }
                Tok::Ident(_) if !prev_sep && self.toks.get(i + 1) == Some(&Tok::PathSep) => {
                    let mut segs = Vec::new();
                    let mut j = i;
                    while let Some(s) = ident(self.toks.get(j)) {
                        segs.push(s.to_string());
                        if self.toks.get(j + 1) != Some(&Tok::PathSep) || ident(self.toks.get(j + 2)).is_none() {
                            break;
                        }
                        j += 2;
                    }
                    m.mentions.push(segs);
                    i = j + 1;
                    prev_sep = false;
                    continue;
                }
                _ => {}
            }
            prev_sep = tok == Tok::PathSep;
            i += 1;
        }
        self.out.push(m);
        Ok(i)
    }

    fn file_module(&mut self, name: &str, attr_path: Option<String>, path: Vec<String>) -> Result<(), String> {
        if let Some(p) = attr_path {
            // `#[path]` is relative to the folder of the file that declares the module.
            let file = self.here.join(p);
            let owns = file.file_name().is_some_and(|f| f == "mod.rs");
            return read_file(&file, path, owns, self.out);
        }
        let flat = self.child_dir.join(format!("{name}.rs"));
        if flat.is_file() {
            return read_file(&flat, path, false, self.out);
        }
        let nested = self.child_dir.join(name).join("mod.rs");
        if nested.is_file() {
            return read_file(&nested, path, true, self.out);
        }
        Err(format!("module {name}: neither {} nor {}", flat.display(), nested.display()))
    }
}

/// Expands the `use` tree starting at `i` into (full path, name it binds or "*"); returns the
/// index of the token after the tree (a `,`, `}` or `;`).
fn use_tree(toks: &[Tok], mut i: usize, prefix: Vec<String>) -> (Vec<(Vec<String>, String)>, usize) {
    let mut path = prefix;
    let mut out = Vec::new();
    let mut alias = None;
    loop {
        match toks.get(i) {
            Some(Tok::Ident(s)) if s == "as" => {
                alias = ident(toks.get(i + 1)).map(str::to_string);
                i += 2;
                break;
            }
            Some(Tok::Ident(s)) => {
                path.push(s.clone());
                i += 1;
            }
            Some(Tok::PathSep) => i += 1,
            Some(Tok::Punct('*')) => {
                path.push("*".into());
                out.push((path, "*".into()));
                return (out, i + 1);
            }
            Some(Tok::Punct('{')) => {
                i += 1;
                while i < toks.len() && toks[i] != Tok::Punct('}') {
                    let (inner, end) = use_tree(toks, i, path.clone());
                    out.extend(inner);
                    i = end;
                    if toks.get(i) == Some(&Tok::Punct(',')) {
                        i += 1;
                    }
                }
                return (out, i + 1);
            }
            _ => break,
        }
    }
    if path.last().is_some_and(|s| s == "self") {
        path.pop();
    }
    if let Some(name) = alias.or_else(|| path.last().cloned()) {
        out.push((path, name));
    }
    (out, i)
}

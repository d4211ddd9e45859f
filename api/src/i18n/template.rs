//! Message templates with `{…}` holes, as `format!` writes them (`{}`, `{name}`, `{:.1}`,
//! `{n:?}`, `{{` and `}}` for braces): matching a finished English message back to its
//! template gives the hole values, which the Turkish template then places where Turkish word
//! order wants them (`{name}` by name, `{0}` by position, `{}` the next by position).

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Lit(String),
    /// The hole's name: the text before any `:` (empty for a positional `{}` or `{:.1}`).
    Hole(String),
}

/// A parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    pub fn parse(text: &str) -> Template {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let mut inner = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        inner.push(c);
                    }
                    if !closed {
                        lit.push('{');
                        lit.push_str(&inner);
                        continue;
                    }
                    if !lit.is_empty() {
                        pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                    }
                    let name = inner.split(':').next().unwrap_or_default().trim().to_string();
                    pieces.push(Piece::Hole(name));
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            pieces.push(Piece::Lit(lit));
        }
        Template { pieces }
    }

    /// The names of the holes, in order; a positional hole is named by its position (`"0"`, …).
    pub fn holes(&self) -> Vec<String> {
        self.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Hole(n) => Some(n.clone()),
                Piece::Lit(_) => None,
            })
            .enumerate()
            .map(|(i, n)| if n.is_empty() { i.to_string() } else { n })
            .collect()
    }

    /// The text with no hole filled: what a template without holes says.
    pub fn literal_text(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Lit(l) => l.as_str(),
                Piece::Hole(_) => "",
            })
            .collect()
    }

    /// Whether two holes follow each other with no text between (such a template cannot be
    /// matched back unambiguously), or the template is nothing but holes.
    pub fn is_ambiguous(&self) -> bool {
        let adjacent = self.pieces.windows(2).any(|w| matches!(w, [Piece::Hole(_), Piece::Hole(_)]));
        adjacent || !self.pieces.iter().any(|p| matches!(p, Piece::Lit(l) if !l.trim().is_empty()))
    }

    /// The hole values when `text` is this template filled in (leftmost match), else `None`.
    pub fn match_text<'a>(&self, text: &'a str) -> Option<Vec<&'a str>> {
        let mut out = Vec::new();
        match_from(&self.pieces, text, &mut out).then_some(out)
    }

    /// This template filled with `values`, given in the order of `source`'s holes (the English
    /// template the values were matched with): `{name}` takes the value of `source`'s hole of
    /// that name, `{2}` the value of its third hole, `{}` the value of its next unnamed hole. A
    /// hole with no value is written back as it was.
    pub fn render(&self, source: &Template, values: &[&str]) -> String {
        let names = source.holes();
        let mut unnamed = source
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Hole(n) => Some(n.is_empty()),
                Piece::Lit(_) => None,
            })
            .enumerate()
            .filter_map(|(i, is_unnamed)| is_unnamed.then_some(i));
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Lit(l) => out.push_str(l),
                Piece::Hole(n) => {
                    let at = if n.is_empty() {
                        unnamed.next()
                    } else {
                        names.iter().position(|h| h == n).or_else(|| n.parse::<usize>().ok())
                    };
                    match at.and_then(|i| values.get(i)) {
                        Some(v) => out.push_str(v),
                        None => {
                            out.push('{');
                            out.push_str(n);
                            out.push('}');
                        }
                    }
                }
            }
        }
        out
    }
}

fn match_from<'a>(pieces: &[Piece], text: &'a str, out: &mut Vec<&'a str>) -> bool {
    let Some((first, rest)) = pieces.split_first() else { return text.is_empty() };
    match first {
        Piece::Lit(l) => text.strip_prefix(l.as_str()).is_some_and(|t| match_from(rest, t, out)),
        Piece::Hole(_) => match rest.first() {
            None => {
                out.push(text);
                true
            }
            Some(Piece::Lit(l)) => {
                for (i, _) in text.match_indices(l.as_str()) {
                    out.push(&text[..i]);
                    if match_from(rest, &text[i..], out) {
                        return true;
                    }
                    out.pop();
                }
                false
            }
            Some(Piece::Hole(_)) => {
                out.push("");
                if match_from(rest, text, out) {
                    return true;
                }
                out.pop();
                false
            }
        },
    }
}

/// `template` with its `{name}` holes filled from `args` (name, value); other holes stay as
/// written. The console's own strings with values (`"{n} computes"`) go through this.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    if !template.contains(['{', '}']) {
        return template.to_string();
    }
    let t = Template::parse(template);
    let source = Template { pieces: args.iter().map(|(n, _)| Piece::Hole(n.to_string())).collect() };
    let values: Vec<&str> = args.iter().map(|(_, v)| *v).collect();
    t.render(&source, &values)
}

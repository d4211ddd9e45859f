//! A minimal YAML writer: block maps and lists, `# ` comment entries, and scalars quoted only
//! when a plain scalar would be read differently.

/// A YAML node. `Raw` is written as is (numbers, booleans, enum words, the mask); `Str` is
/// quoted when needed.
pub(super) enum Y {
    Str(String),
    Raw(String),
    Map(Vec<(String, Y)>),
    List(Vec<Y>),
}

pub(super) fn s(v: impl Into<String>) -> Y {
    Y::Str(v.into())
}

pub(super) fn raw(v: impl ToString) -> Y {
    Y::Raw(v.to_string())
}

pub(super) fn render(y: &Y) -> String {
    let mut out = String::new();
    write(y, 0, &mut out);
    out
}

fn write(y: &Y, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match y {
        Y::Map(entries) => {
            for (k, v) in entries {
                if k.starts_with("# ") {
                    out.push_str(&format!("{pad}{k}\n"));
                    continue;
                }
                out.push_str(&format!("{pad}{}:", scalar(k)));
                inline_or_block(v, indent, out);
            }
        }
        Y::List(items) => {
            for item in items {
                match item {
                    // `- key: v` then the other keys aligned under the first.
                    Y::Map(e) if !e.is_empty() => {
                        let mut nested = String::new();
                        write(item, indent + 2, &mut nested);
                        out.push_str(&format!("{pad}- {}", &nested[indent + 2..]));
                    }
                    _ => {
                        out.push_str(&format!("{pad}-"));
                        inline_or_block(item, indent, out);
                    }
                }
            }
        }
        Y::Str(_) | Y::Raw(_) => {
            out.push_str(&format!("{pad}{}\n", leaf(y)));
        }
    }
}

fn inline_or_block(v: &Y, indent: usize, out: &mut String) {
    match v {
        Y::Map(e) if e.is_empty() => out.push_str(" {}\n"),
        Y::List(l) if l.is_empty() => out.push_str(" []\n"),
        Y::Map(_) | Y::List(_) => {
            out.push('\n');
            write(v, indent + 2, out);
        }
        leafy => out.push_str(&format!(" {}\n", leaf(leafy))),
    }
}

fn leaf(y: &Y) -> String {
    match y {
        Y::Str(v) => scalar(v),
        Y::Raw(v) => v.clone(),
        _ => String::new(),
    }
}

/// A string as a YAML scalar: plain when unambiguous, else JSON-style double quotes (JSON's
/// escapes are a subset of YAML's double-quoted escapes).
fn scalar(v: &str) -> String {
    let reserved = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"];
    let plain = !v.is_empty()
        && !v.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !v.ends_with(' ')
        && !v.contains(": ")
        && !v.contains(" #")
        && !v.ends_with(':')
        && !v.chars().any(|c| c.is_control() || "{}[],".contains(c))
        && !reserved.iter().any(|r| r.eq_ignore_ascii_case(v))
        && v.parse::<f64>().is_err()
        && !v.starts_with(|c: char| c.is_ascii_digit());
    match plain {
        true => v.to_string(),
        false => serde_json::to_string(v).unwrap_or_default(),
    }
}

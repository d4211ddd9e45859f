//! The one YAML writer of the crate (compute and job YAML): block maps and lists, `# ` comment
//! entries, and scalars quoted only when a plain scalar would be read differently.
//!
//! Readers to satisfy: the official SDK loads YAML with PyYAML (YAML 1.1 rules: `yes`/`on` are
//! booleans, `.inf` a float, `=` a "value" tag it cannot construct, `<<` a merge key) and other
//! tools with YAML 1.2 parsers. A string is written plain only when every one of them reads it
//! back as the same string; otherwise it is double-quoted with escapes for everything a reader
//! could fold, reject or drop.

/// A YAML node. `Raw` is written as is (numbers, booleans, enum words, the mask); `Str` is
/// quoted when needed.
pub(crate) enum Y {
    Str(String),
    Raw(String),
    Map(Vec<(String, Y)>),
    List(Vec<Y>),
}

pub(crate) fn s(v: impl Into<String>) -> Y {
    Y::Str(v.into())
}

pub(crate) fn raw(v: impl ToString) -> Y {
    Y::Raw(v.to_string())
}

pub(crate) fn render(y: &Y) -> String {
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
                    out.push_str(&format!("{pad}{}\n", comment(k)));
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

/// A comment stays one line: a line break inside it (also NEL, LS, PS, which YAML 1.1 counts
/// as breaks) would turn the rest of the text into YAML content.
fn comment(text: &str) -> String {
    text.chars().map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') { ' ' } else { c }).collect()
}

/// Plain scalars YAML 1.1 or 1.2 resolves to something other than a string.
fn resolves_to_non_string(v: &str) -> bool {
    const WORDS: [&str; 10] = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"];
    let lower = v.to_ascii_lowercase();
    let unsigned = lower.strip_prefix(['+', '-']).unwrap_or(&lower);
    // Numbers in any notation either spec knows (`1_000`, `0x1f`, `0o17`, `12:30`, `+.5`,
    // `1e3`, dates) start with a digit, or with `.` and a digit (`._5` even crashes PyYAML).
    let numeric = unsigned.starts_with(|c: char| c.is_ascii_digit())
        || unsigned.strip_prefix('.').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit() || c == '_'));
    WORDS.contains(&lower.as_str())
        || matches!(unsigned, ".inf" | ".nan")
        || numeric
        || v == "="
        || v == "<<"
        || v.parse::<f64>().is_ok()
}

/// A string as a YAML scalar: plain when unambiguous, else double-quoted.
fn scalar(v: &str) -> String {
    let plain = !v.is_empty()
        && !v.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !v.ends_with(' ')
        && !v.contains(": ")
        && !v.contains(" #")
        && !v.ends_with(':')
        && !v.starts_with("...")
        && !v.chars().any(|c| "{}[],".contains(c) || needs_escape(c))
        && !resolves_to_non_string(v);
    match plain {
        true => v.to_string(),
        false => double_quoted(v),
    }
}

/// Characters that must not appear raw in YAML text: C0/C1 controls and DEL (PyYAML rejects
/// them, or folds NEL as a line break), the Unicode line/paragraph separators (line breaks in
/// YAML 1.1), the BOM and the non-characters U+FFFE/U+FFFF.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// A YAML double-quoted scalar (`\"`, `\\`, and `\n`, `\t`, `\xNN`, `\uNNNN` escapes; every
/// other character as is).
fn double_quoted(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) && (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

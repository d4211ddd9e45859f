//! MLflow's search grammar, the part clients use: `filter` is comparisons joined by `AND`
//! (`metrics.acc > 0.9 AND params.lr = '0.01' AND tags.mlflow.parentRunId = 'x'`,
//! `attributes.status IN ('RUNNING', 'FINISHED')`, `run_name LIKE 'sweep%'`), and `order_by` is
//! a list of `<entity>.<key> [ASC|DESC]`. Identifiers with other characters are quoted with
//! backticks or double quotes; values are single-quoted strings or numbers. `OR` and
//! parentheses around clauses are not part of MLflow's grammar either.

use super::model::{Experiment, Run};
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entity {
    Metric,
    Param,
    Tag,
    Attribute,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Text(String),
    Number(f64),
    List(Vec<String>),
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub entity: Entity,
    pub key: String,
    pub op: String,
    pub value: Literal,
}

/// Splits `metrics.acc` / `` tags.`a b` `` / `status` into an entity and a key. A bare name is an
/// attribute, as in MLflow.
pub fn identifier(text: &str) -> Result<(Entity, String), String> {
    let (prefix, rest) = match text.split_once('.') {
        Some((p, r)) => (p, r),
        None => return Ok((Entity::Attribute, unquote(text))),
    };
    let entity = match prefix.to_ascii_lowercase().as_str() {
        "metric" | "metrics" => Entity::Metric,
        "param" | "params" | "parameter" | "parameters" => Entity::Param,
        "tag" | "tags" => Entity::Tag,
        "attribute" | "attributes" | "attr" | "run" => Entity::Attribute,
        _ => return Ok((Entity::Attribute, unquote(text))),
    };
    let key = unquote(rest);
    if key.is_empty() {
        return Err(format!("Invalid identifier '{text}': the key is empty"));
    }
    Ok((entity, key))
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['`', '"'] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return s[1..s.len() - 1].to_string();
        }
    }
    s.to_string()
}

/// Tokens: identifiers (quoted parts kept with their quotes), strings, numbers, comparators,
/// parentheses and commas.
fn tokens(input: &str) -> Result<Vec<String>, String> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            let mut s = String::from("'");
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(format!("Invalid filter '{input}': unterminated string")),
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        s.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(&ch) => {
                        s.push(ch);
                        i += 1;
                    }
                }
            }
            out.push(s);
        } else if "(),".contains(c) {
            out.push(c.to_string());
            i += 1;
        } else if "=!<>".contains(c) {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let op = if ["!=", "<=", ">=", "<>"].contains(&two.as_str()) { two } else { c.to_string() };
            i += op.len();
            out.push(op);
        } else {
            // A word: runs until whitespace or an operator; quoted parts may hold anything.
            let mut w = String::new();
            while let Some(&ch) = chars.get(i) {
                if ch == '`' || ch == '"' {
                    let end = chars[i + 1..].iter().position(|&x| x == ch).ok_or("unterminated quoted identifier")?;
                    w.extend(&chars[i..i + end + 2]);
                    i += end + 2;
                } else if ch.is_whitespace() || "=!<>(),'".contains(ch) {
                    break;
                } else {
                    w.push(ch);
                    i += 1;
                }
            }
            out.push(w);
        }
    }
    Ok(out)
}

fn literal(tok: &str) -> Result<Literal, String> {
    if let Some(s) = tok.strip_prefix('\'') {
        return Ok(Literal::Text(s.to_string()));
    }
    if tok.starts_with('"') {
        return Ok(Literal::Text(unquote(tok)));
    }
    tok.parse::<f64>()
        .map(Literal::Number)
        .map_err(|_| format!("Invalid value '{tok}': expected a number or a quoted string"))
}

/// Parses a whole filter string. Errors read like MLflow's ("Invalid filter ...").
pub fn parse(filter: &str) -> Result<Vec<Clause>, String> {
    let toks = tokens(filter)?;
    let mut clauses = Vec::new();
    let mut i = 0;
    let bad = |why: &str| format!("Invalid filter '{filter}': {why}");
    while i < toks.len() {
        let (entity, key) = identifier(&toks[i]).map_err(|e| bad(&e))?;
        i += 1;
        let word = |j: usize| toks.get(j).map(|t| t.to_ascii_uppercase()).unwrap_or_default();
        let (op, value) = match word(i).as_str() {
            "IS" if word(i + 1) == "NULL" => {
                i += 2;
                ("IS NULL".to_string(), Literal::Null)
            }
            "IS" if word(i + 1) == "NOT" && word(i + 2) == "NULL" => {
                i += 3;
                ("IS NOT NULL".to_string(), Literal::Null)
            }
            w @ ("IN" | "NOT") => {
                let op = if w == "NOT" {
                    if word(i + 1) != "IN" {
                        return Err(bad("expected IN after NOT"));
                    }
                    i += 1;
                    "NOT IN"
                } else {
                    "IN"
                };
                i += 1;
                if toks.get(i).map(String::as_str) != Some("(") {
                    return Err(bad("IN needs a parenthesized list"));
                }
                i += 1;
                let mut items = Vec::new();
                while let Some(t) = toks.get(i) {
                    i += 1;
                    match t.as_str() {
                        ")" => break,
                        "," => {}
                        v => match literal(v).map_err(|e| bad(&e))? {
                            Literal::Text(s) => items.push(s),
                            Literal::Number(n) => items.push(n.to_string()),
                            _ => return Err(bad("unexpected value in list")),
                        },
                    }
                }
                (op.to_string(), Literal::List(items))
            }
            w @ ("=" | "!=" | "<>" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE") => {
                let v = toks.get(i + 1).ok_or_else(|| bad("missing value"))?;
                i += 2;
                let op = if w == "<>" { "!=" } else { w };
                (op.to_string(), literal(v).map_err(|e| bad(&e))?)
            }
            other => return Err(bad(&format!("unsupported comparator '{other}'"))),
        };
        clauses.push(Clause { entity, key, op, value });
        match word(i).as_str() {
            "" => break,
            "AND" => i += 1,
            other => return Err(bad(&format!("expected AND, got '{other}' (only AND joins clauses)"))),
        }
    }
    Ok(clauses)
}

/// SQL LIKE: `%` any run, `_` one character.
pub fn like(text: &str, pattern: &str, case_insensitive: bool) -> bool {
    let (t, p): (Vec<char>, Vec<char>) = if case_insensitive {
        (text.to_lowercase().chars().collect(), pattern.to_lowercase().chars().collect())
    } else {
        (text.chars().collect(), pattern.chars().collect())
    };
    fn m(t: &[char], p: &[char]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some('%') => (0..=t.len()).any(|k| m(&t[k..], &p[1..])),
            Some('_') => !t.is_empty() && m(&t[1..], &p[1..]),
            Some(c) => t.first() == Some(c) && m(&t[1..], &p[1..]),
        }
    }
    m(&t, &p)
}

fn compare_text(actual: Option<&str>, op: &str, value: &Literal) -> Result<bool, String> {
    Ok(match (op, value, actual) {
        ("IS NULL", _, a) => a.is_none(),
        ("IS NOT NULL", _, a) => a.is_some(),
        (_, _, None) => false,
        ("=", Literal::Text(v), Some(a)) => a == v,
        ("!=", Literal::Text(v), Some(a)) => a != v,
        ("LIKE", Literal::Text(v), Some(a)) => like(a, v, false),
        ("ILIKE", Literal::Text(v), Some(a)) => like(a, v, true),
        ("IN", Literal::List(vs), Some(a)) => vs.iter().any(|v| v == a),
        ("NOT IN", Literal::List(vs), Some(a)) => !vs.iter().any(|v| v == a),
        (op, v, _) => return Err(format!("Invalid comparison '{op}' with {v:?} for a string value")),
    })
}

fn compare_number(actual: Option<f64>, op: &str, value: &Literal) -> Result<bool, String> {
    let v = match value {
        Literal::Number(n) => *n,
        Literal::Null => return Ok(if op == "IS NULL" { actual.is_none() } else { actual.is_some() }),
        other => return Err(format!("Expected a numeric value for '{op}', got {other:?}")),
    };
    let Some(a) = actual else { return Ok(false) };
    Ok(match op {
        "=" => a == v,
        "!=" => a != v,
        "<" => a < v,
        "<=" => a <= v,
        ">" => a > v,
        ">=" => a >= v,
        _ => return Err(format!("Invalid comparator '{op}' for a numeric value")),
    })
}

fn run_attribute_text<'a>(r: &'a Run, key: &str) -> Option<Option<&'a str>> {
    Some(match key {
        "run_id" | "run_uuid" => Some(r.id.as_str()),
        "run_name" => Some(r.name.as_str()),
        "status" => Some(r.status.as_str()),
        "user_id" => Some(r.user_id.as_str()),
        "artifact_uri" => Some(r.artifact_uri.as_str()),
        "lifecycle_stage" => Some(r.lifecycle_stage.as_str()),
        _ => return None,
    })
}

fn run_attribute_number(r: &Run, key: &str) -> Option<Option<f64>> {
    Some(match key {
        "start_time" | "created" | "Created" => r.start_time.map(|t| t as f64),
        "end_time" => r.end_time.map(|t| t as f64),
        _ => return None,
    })
}

pub fn run_matches(r: &Run, clauses: &[Clause]) -> Result<bool, String> {
    for c in clauses {
        let ok = match c.entity {
            Entity::Metric => compare_number(r.latest(&c.key).map(|p| p.value), &c.op, &c.value)?,
            Entity::Param => compare_text(r.params.get(&c.key).map(String::as_str), &c.op, &c.value)?,
            Entity::Tag => compare_text(r.tags.get(&c.key).map(String::as_str), &c.op, &c.value)?,
            Entity::Attribute => match (run_attribute_text(r, &c.key), run_attribute_number(r, &c.key)) {
                (Some(t), _) => compare_text(t, &c.op, &c.value)?,
                (_, Some(n)) => compare_number(n, &c.op, &c.value)?,
                _ => return Err(format!("Invalid attribute key '{}' specified.", c.key)),
            },
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

pub fn experiment_matches(e: &Experiment, clauses: &[Clause]) -> Result<bool, String> {
    for c in clauses {
        let ok = match (c.entity, c.key.as_str()) {
            (Entity::Tag, k) => compare_text(e.tags.get(k).map(String::as_str), &c.op, &c.value)?,
            (Entity::Attribute, "name") => compare_text(Some(&e.name), &c.op, &c.value)?,
            (Entity::Attribute, "creation_time") => compare_number(Some(e.creation_time as f64), &c.op, &c.value)?,
            (Entity::Attribute, "last_update_time") => {
                compare_number(Some(e.last_update_time as f64), &c.op, &c.value)?
            }
            (_, k) => return Err(format!("Invalid attribute key '{k}' specified.")),
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A value to sort by: missing ones sort last whatever the direction (as MLflow does).
#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub enum SortKey {
    Number(f64),
    Text(String),
    Missing,
}

/// One `order_by` term: the key's value for an item, and whether it sorts ascending.
pub struct OrderTerm {
    pub entity: Entity,
    pub key: String,
    pub ascending: bool,
}

pub fn order_terms(order_by: &[String]) -> Result<Vec<OrderTerm>, String> {
    order_by
        .iter()
        .map(|o| {
            let o = o.trim();
            let (ident, dir) = match o.rsplit_once(char::is_whitespace) {
                Some((i, d)) if ["ASC", "DESC"].contains(&d.to_ascii_uppercase().as_str()) => (i.trim(), d),
                _ => (o, "ASC"),
            };
            let (entity, key) = identifier(ident).map_err(|e| format!("Invalid order_by clause '{o}'. {e}"))?;
            Ok(OrderTerm { entity, key, ascending: dir.eq_ignore_ascii_case("ASC") })
        })
        .collect()
}

pub fn run_sort_key(r: &Run, t: &OrderTerm) -> Result<SortKey, String> {
    Ok(match t.entity {
        Entity::Metric => r.latest(&t.key).map_or(SortKey::Missing, |p| SortKey::Number(p.value)),
        Entity::Param => r.params.get(&t.key).map_or(SortKey::Missing, |v| SortKey::Text(v.clone())),
        Entity::Tag => r.tags.get(&t.key).map_or(SortKey::Missing, |v| SortKey::Text(v.clone())),
        Entity::Attribute => match (run_attribute_text(r, &t.key), run_attribute_number(r, &t.key)) {
            (Some(v), _) => v.map_or(SortKey::Missing, |s| SortKey::Text(s.to_string())),
            (_, Some(n)) => n.map_or(SortKey::Missing, SortKey::Number),
            _ => return Err(format!("Invalid order_by attribute '{}'.", t.key)),
        },
    })
}

/// Compares two items' keys term by term; missing values go last, NaN as missing.
pub fn compare_keys(a: &[SortKey], b: &[SortKey], terms: &[OrderTerm]) -> Ordering {
    for ((x, y), t) in a.iter().zip(b).zip(terms) {
        let missing = |k: &SortKey| matches!(k, SortKey::Missing) || matches!(k, SortKey::Number(n) if n.is_nan());
        let ord = match (missing(x), missing(y)) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => {
                let o = x.partial_cmp(y).unwrap_or(Ordering::Equal);
                if t.ascending {
                    o
                } else {
                    o.reverse()
                }
            }
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_clients_send() {
        let c = parse("metrics.acc > 0.9 and params.lr = '0.01' AND tags.`mlflow.parentRunId` = 'sw'").unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!((c[0].entity, c[0].key.as_str(), c[0].op.as_str()), (Entity::Metric, "acc", ">"));
        assert_eq!(c[0].value, Literal::Number(0.9));
        assert_eq!(c[2].key, "mlflow.parentRunId");
        let c = parse("tags.mlflow.parentRunId = 'x' AND attributes.status IN ('RUNNING','FINISHED')").unwrap();
        assert_eq!(c[0].key, "mlflow.parentRunId");
        assert_eq!(c[1].value, Literal::List(vec!["RUNNING".into(), "FINISHED".into()]));
        let c = parse("metrics.\"my loss\" <= -1e-3 AND run_name LIKE 'a%' AND params.x IS NOT NULL").unwrap();
        assert_eq!((c[0].key.as_str(), c[0].value.clone()), ("my loss", Literal::Number(-0.001)));
        assert_eq!((c[1].entity, c[1].op.as_str()), (Entity::Attribute, "LIKE"));
        assert_eq!(c[2].op, "IS NOT NULL");
        assert_eq!(parse("params.p = 'it''s'").unwrap()[0].value, Literal::Text("it's".into()));
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn rejects_what_mlflow_rejects() {
        assert!(parse("metrics.a > 1 OR metrics.b > 2").is_err());
        assert!(parse("params.p = ").is_err());
        assert!(parse("params.p ~ 'x'").is_err());
        assert!(parse("params.p = 'open").is_err());
    }

    #[test]
    fn like_patterns() {
        assert!(like("sweep_trial_3", "sweep%", false));
        assert!(like("abc", "a_c", false));
        assert!(!like("ABC", "a%", false));
        assert!(like("ABC", "a%", true));
        assert!(!like("abc", "ab", false));
    }

    #[test]
    fn order_by_terms() {
        let t = order_terms(&["metrics.acc DESC".into(), "start_time".into(), "tags.`a b` asc".into()]).unwrap();
        assert_eq!((t[0].entity, t[0].key.as_str(), t[0].ascending), (Entity::Metric, "acc", false));
        assert!(t[1].ascending && t[1].entity == Entity::Attribute);
        assert_eq!(t[2].key, "a b");
        let terms = order_terms(&["metrics.m DESC".into()]).unwrap();
        let (hi, lo, none) = ([SortKey::Number(2.0)], [SortKey::Number(1.0)], [SortKey::Missing]);
        assert_eq!(compare_keys(&hi, &lo, &terms), Ordering::Less);
        assert_eq!(compare_keys(&none, &lo, &terms), Ordering::Greater);
    }
}

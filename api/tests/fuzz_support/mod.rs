//! Seeded mutation of JSON documents and raw text for the parser fuzz test: deterministic, so a
//! failure reproduces from its seed.
#![allow(dead_code)]

use serde_json::{json, Value};

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        // xorshift64*: tiny, stable, good enough to pick mutations.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

pub const WEIRD: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "\u{1b}[31mred",
    "\r\n\t",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "\u{202e}evil",
    "e\u{301}\u{301}\u{301}",
    "😀👩‍👩‍👧",
    "\u{fffd}",
    "null",
    "-1",
    "1e999",
    "NaN",
    "../../etc/passwd",
    "Succeeded ",
    "steady",
    "STEADY",
    "Running\u{0}",
    "%00",
    "\\u0000",
    "true",
];

pub fn random_leaf(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => json!(rng.chance(50)),
        2 => json!(-1),
        3 => json!(u64::MAX),
        4 => json!(i64::MIN),
        5 => json!(0.5),
        6 => json!(1.0e308),
        7 => json!(WEIRD[rng.below(WEIRD.len())]),
        8 => json!("x".repeat(if rng.chance(2) { 1 << 20 } else { 10_000 })),
        9 => json!([]),
        10 => json!({}),
        _ => json!("four"),
    }
}

/// Applies one structural mutation at a random node.
pub fn mutate(v: &mut Value, rng: &mut Rng, depth: usize) {
    let children = match v {
        Value::Object(m) => m.len(),
        Value::Array(a) => a.len(),
        _ => 0,
    };
    // Descend with good odds so deep fields get hit too.
    if children > 0 && depth < 12 && rng.chance(70) {
        let i = rng.below(children);
        let child = match v {
            Value::Object(m) => m.values_mut().nth(i),
            Value::Array(a) => a.get_mut(i),
            _ => None,
        };
        if let Some(c) = child {
            return mutate(c, rng, depth + 1);
        }
    }
    match rng.below(8) {
        0 => match v {
            Value::Object(m) if !m.is_empty() => {
                let k = m.keys().nth(rng.below(m.len())).cloned().unwrap();
                m.remove(&k);
            }
            Value::Array(a) if !a.is_empty() => {
                a.remove(rng.below(a.len()));
            }
            _ => *v = Value::Null,
        },
        1 | 2 => *v = random_leaf(rng),
        3 => {
            // Nest deeper (bounded: serde_json's own recursion limit is tested on text below).
            for _ in 0..rng.below(40) + 1 {
                *v = if rng.chance(50) { json!([v.take()]) } else { json!({ "value": v.take() }) };
            }
        }
        4 => {
            if let Value::String(s) = v {
                let w = WEIRD[rng.below(WEIRD.len())];
                s.insert_str(s.len() / 2 * usize::from(s.is_char_boundary(s.len() / 2)), w);
            } else {
                *v = json!(WEIRD[rng.below(WEIRD.len())]);
            }
        }
        5 => {
            if let Value::Object(m) = v {
                m.insert(WEIRD[rng.below(WEIRD.len())].to_string(), random_leaf(rng));
            }
        }
        6 => {
            if let Value::Array(a) = v {
                let extra = a.first().cloned().unwrap_or(Value::Null);
                a.extend(std::iter::repeat_n(extra, rng.below(50)));
            } else {
                *v = json!([v.take(), random_leaf(rng)]);
            }
        }
        _ => {
            // A number where a string was, and the other way round.
            *v = match v.take() {
                Value::String(s) => s.parse::<f64>().map(|f| json!(f)).unwrap_or(json!(s.len())),
                Value::Number(n) => json!(n.to_string()),
                other => json!(other.to_string()),
            };
        }
    }
}

/// Text-level damage: what a proxy, a truncated download or a bad encoder could do.
pub fn damage_text(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    match rng.below(6) {
        0 => b.truncate(rng.below(b.len() + 1)),
        1 => {
            for _ in 0..rng.below(4) + 1 {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
        }
        2 => {
            let i = rng.below(b.len() + 1);
            b.insert(i.min(b.len()), (rng.next() & 0xff) as u8);
        }
        3 => b = format!("{}{}", "[".repeat(5_000), text).into_bytes(), // past the recursion limit
        4 => {
            // A duplicate member: `{"name":1, …original…}`.
            if let Some(i) = b.iter().position(|&c| c == b'{') {
                b.splice(i + 1..i + 1, br#""name":1,"properties":"x","#.iter().copied());
            }
        }
        _ => b.extend_from_slice(b"garbage"),
    }
    b
}

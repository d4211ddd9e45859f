//! Fault injection: per-route, seeded rules that make the emulator throttle (429), fail (500,
//! 503), drop the connection, slow down, pretend the token expired, or answer with any status and
//! body. Configured with `--faults FILE.json` / `--fault-seed N` or the `/_emulator/faults` hook.
//!
//! Determinism: whether a rule fires for a request, which kind it picks and the latency are a
//! pure function of (seed, rule index, method + path, how many times that rule has seen that
//! method + path). So the same seed and the same request sequence give the same faults, and
//! browser requests to *other* paths racing in between do not shift the sequence.
//!
//! A fault applies `before` the handler (the request is not applied) or `after` it (the request
//! is applied and its response is lost: the realistic case "did my PUT go through?").
//!
//! This module holds the rules and the draws (`Engine`, kept in the shared state); `middleware`
//! applies them to requests.

pub mod middleware;

use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Kind {
    #[serde(rename = "429")]
    Throttle,
    #[serde(rename = "500")]
    Internal,
    #[serde(rename = "503")]
    Unavailable,
    #[serde(rename = "drop")]
    Drop,
    #[serde(rename = "latency")]
    Latency,
    /// 401 `ExpiredAuthenticationToken`, even for a valid token.
    #[serde(rename = "expired")]
    Expired,
    /// The rule's own `status`, `body` and `headers`.
    #[serde(rename = "custom")]
    Custom,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Throttle => "429",
            Kind::Internal => "500",
            Kind::Unavailable => "503",
            Kind::Drop => "drop",
            Kind::Latency => "latency",
            Kind::Expired => "expired",
            Kind::Custom => "custom",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum When {
    #[default]
    Before,
    After,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Match {
    /// HTTP method, `*` or absent = any (preflights are only hit when this says `OPTIONS`).
    pub method: Option<String>,
    /// Glob on the path (no query): `*` matches any run of characters, `/` included;
    /// case-insensitive. Absent = any path.
    pub path: Option<String>,
}

/// `latencyMs`: a fixed number or an inclusive `[min, max]` range.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Latency {
    Fixed(u64),
    Range([u64; 2]),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rule {
    #[serde(rename = "match", default)]
    pub matcher: Match,
    /// Probability (0..=1) that a matching request is faulted; default 1.
    #[serde(default = "one")]
    pub rate: f64,
    pub kinds: Vec<Kind>,
    #[serde(default)]
    pub when: When,
    /// Latency of the `latency` kind; default `[50, 300]`.
    pub latency_ms: Option<Latency>,
    /// The rule fires at most this many times (e.g. "the next 3 calls get 401 expired").
    pub count: Option<u64>,
    /// `Retry-After` seconds of a 429 (default 1).
    pub retry_after: Option<u64>,
    /// The token endpoint is spared unless a rule opts in (a console cannot recover from a
    /// failed sign-in the way it can from a failed ARM call; tests of that opt in).
    #[serde(default)]
    pub include_token: bool,
    /// For `custom`: status (default 500), JSON body (default none) and extra headers.
    pub status: Option<u16>,
    pub body: Option<Value>,
    #[serde(default)]
    pub headers: HashMap<String, String>,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultConfig {
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

impl FaultConfig {
    pub fn parse(text: &[u8]) -> Result<FaultConfig, String> {
        let c: FaultConfig = serde_json::from_slice(text).map_err(|e| e.to_string())?;
        for (i, r) in c.rules.iter().enumerate() {
            if r.kinds.is_empty() {
                return Err(format!("rules[{i}]: kinds must not be empty"));
            }
            if !(0.0..=1.0).contains(&r.rate) {
                return Err(format!("rules[{i}]: rate must be within 0..1"));
            }
        }
        Ok(c)
    }
}

/// One decided fault, with the draws already made.
#[derive(Debug, Clone)]
pub struct Fault {
    pub rule: usize,
    pub kind: Kind,
    pub when: When,
    pub latency_ms: u64,
    pub retry_after: u64,
    pub status: u16,
    pub body: Option<Value>,
    pub headers: HashMap<String, String>,
}

/// The live rules plus the per-(rule, route) counters that make the draws deterministic.
#[derive(Debug, Default)]
pub struct Engine {
    pub startup: FaultConfig,
    pub active: FaultConfig,
    seen: HashMap<(usize, String), u64>,
    fired: Vec<u64>,
    /// Faults injected so far (capped), for `GET /_emulator/faults` and test reports.
    pub log: Vec<Value>,
}

const LOG_CAP: usize = 2000;

impl Engine {
    pub fn new(startup: FaultConfig) -> Engine {
        let mut e = Engine { startup: startup.clone(), ..Engine::default() };
        e.install(startup);
        e
    }

    /// Replaces the rules and restarts every sequence (same seed → same faults again).
    pub fn install(&mut self, config: FaultConfig) {
        self.fired = vec![0; config.rules.len()];
        self.active = config;
        self.seen.clear();
        self.log.clear();
    }

    pub fn decide(&mut self, method: &str, path: &str) -> Option<Fault> {
        if always_spared(path) {
            return None;
        }
        let route = format!("{} {}", method.to_ascii_uppercase(), path.to_ascii_lowercase());
        for (i, rule) in self.active.rules.iter().enumerate() {
            if !rule_matches(rule, method, path) || rule.count.is_some_and(|c| self.fired[i] >= c) {
                continue;
            }
            let n = self.seen.entry((i, route.clone())).or_insert(0);
            let draw = Draw::new(self.active.seed, i as u64, &route, *n);
            *n += 1;
            if draw.unit(0) >= rule.rate {
                continue;
            }
            self.fired[i] += 1;
            let kind = rule.kinds[(draw.bits(1) % rule.kinds.len() as u64) as usize];
            let (lo, hi) = match rule.latency_ms {
                Some(Latency::Fixed(ms)) => (ms, ms),
                Some(Latency::Range([a, b])) => (a.min(b), a.max(b)),
                None => (50, 300),
            };
            let latency_ms = lo + draw.bits(2) % (hi - lo + 1);
            if self.log.len() < LOG_CAP {
                self.log
                    .push(json!({"rule": i, "kind": kind.name(), "when": format!("{:?}", rule.when).to_lowercase(),
                    "method": method, "path": path, "latencyMs": latency_ms}));
            }
            return Some(Fault {
                rule: i,
                kind,
                when: rule.when,
                latency_ms,
                retry_after: rule.retry_after.unwrap_or(1),
                status: rule.status.unwrap_or(500),
                body: rule.body.clone(),
                headers: rule.headers.clone(),
            });
        }
        None
    }
}

/// The emulator's own hooks and the sign-in pages are never faulted: tests must be able to
/// reconfigure and a person must be able to sign in.
fn always_spared(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    p.starts_with("/_emulator/") || p.ends_with("/oauth2/v2.0/authorize") || p.ends_with("/oauth2/v2.0/logout")
}

fn rule_matches(rule: &Rule, method: &str, path: &str) -> bool {
    let m = rule.matcher.method.as_deref().unwrap_or("*");
    let method_ok = if m == "*" { !method.eq_ignore_ascii_case("OPTIONS") } else { m.eq_ignore_ascii_case(method) };
    let token_ok = rule.include_token || !path.to_ascii_lowercase().ends_with("/oauth2/v2.0/token");
    method_ok
        && token_ok
        && glob(&rule.matcher.path.as_deref().unwrap_or("*").to_ascii_lowercase(), &path.to_ascii_lowercase())
}

/// `*` = any run of characters (including none and `/`); everything else literal.
pub fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(at) => rest = &rest[at + mid.len()..],
            None => return false,
        }
    }
    true
}

/// SplitMix64 over (seed, rule, route hash, occurrence): a tiny, dependency-free, stable PRNG.
struct Draw(u64);

impl Draw {
    fn new(seed: u64, rule: u64, route: &str, n: u64) -> Draw {
        // FNV-1a of the route: stable across runs and platforms (std's hasher is seeded randomly).
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in route.bytes() {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        Draw(mix(seed ^ mix(rule.wrapping_add(0x9e37)) ^ mix(h) ^ mix(n.wrapping_mul(0x9e37_79b9_7f4a_7c15))))
    }
    fn bits(&self, k: u64) -> u64 {
        mix(self.0.wrapping_add(k.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
    }
    fn unit(&self, k: u64) -> f64 {
        (self.bits(k) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

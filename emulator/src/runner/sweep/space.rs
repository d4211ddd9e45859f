//! A sweep's search space as azure-ai-ml writes it (`{"lr": ["uniform", [0.01, 0.1]],
//! "batch": ["choice", [[16, 32]]], "n": ["randint", [10]]}`) and the values trials get:
//! every combination in order for Grid, independent draws for Random (and for Bayesian, which
//! the emulator samples randomly). A trial's command gets them through `${{search_space.x}}`.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    Choice(Vec<Value>),
    Uniform(f64, f64),
    /// Bounds of the logarithm, as azure-ai-ml's `LogUniform(min_value, max_value)`.
    LogUniform(f64, f64),
    QUniform(f64, f64, f64),
    QLogUniform(f64, f64, f64),
    Normal(f64, f64),
    LogNormal(f64, f64),
    QNormal(f64, f64, f64),
    QLogNormal(f64, f64, f64),
    /// An integer in `0..upper`.
    Randint(i64),
}

impl Dist {
    pub fn name(&self) -> &'static str {
        match self {
            Dist::Choice(_) => "choice",
            Dist::Uniform(..) => "uniform",
            Dist::LogUniform(..) => "loguniform",
            Dist::QUniform(..) => "quniform",
            Dist::QLogUniform(..) => "qloguniform",
            Dist::Normal(..) => "normal",
            Dist::LogNormal(..) => "lognormal",
            Dist::QNormal(..) => "qnormal",
            Dist::QLogNormal(..) => "qlognormal",
            Dist::Randint(_) => "randint",
        }
    }
}

/// Reads one parameter's distribution; the error names the parameter and the expected form.
pub fn parse_dist(name: &str, v: &Value) -> Result<Dist, String> {
    let bad = |why: &str| {
        format!("searchSpace.{name}: {why} (expected e.g. [\"choice\", [[1, 2]]] or [\"uniform\", [0.1, 1.0]]).")
    };
    let items = v.as_array().ok_or_else(|| bad("not a [type, [arguments]] list"))?;
    let (kind, args) = match items.as_slice() {
        [Value::String(k), Value::Array(a)] => (k.to_ascii_lowercase(), a),
        _ => return Err(bad("not a [type, [arguments]] list")),
    };
    let nums = |n: usize| -> Result<Vec<f64>, String> {
        let v: Option<Vec<f64>> = args.iter().map(Value::as_f64).collect();
        v.filter(|v| v.len() == n).ok_or_else(|| bad(&format!("{kind} takes {n} numbers")))
    };
    let dist = match kind.as_str() {
        "choice" => {
            let values = args.first().and_then(Value::as_array).filter(|a| !a.is_empty() && args.len() == 1);
            Dist::Choice(values.ok_or_else(|| bad("choice takes one non-empty list of values"))?.clone())
        }
        "uniform" | "loguniform" => {
            let a = nums(2)?;
            if a[0] > a[1] {
                return Err(bad("min_value is above max_value"));
            }
            if kind == "uniform" {
                Dist::Uniform(a[0], a[1])
            } else {
                Dist::LogUniform(a[0], a[1])
            }
        }
        "quniform" | "qloguniform" => {
            let a = nums(3)?;
            if a[0] > a[1] || a[2] <= 0.0 {
                return Err(bad("needs min_value <= max_value and q > 0"));
            }
            if kind == "quniform" {
                Dist::QUniform(a[0], a[1], a[2])
            } else {
                Dist::QLogUniform(a[0], a[1], a[2])
            }
        }
        "normal" | "lognormal" => {
            let a = nums(2)?;
            if kind == "normal" {
                Dist::Normal(a[0], a[1])
            } else {
                Dist::LogNormal(a[0], a[1])
            }
        }
        "qnormal" | "qlognormal" => {
            let a = nums(3)?;
            if kind == "qnormal" {
                Dist::QNormal(a[0], a[1], a[2])
            } else {
                Dist::QLogNormal(a[0], a[1], a[2])
            }
        }
        "randint" => {
            let upper = args.first().and_then(Value::as_f64).filter(|u| *u >= 1.0 && args.len() == 1);
            Dist::Randint(upper.ok_or_else(|| bad("randint takes one upper bound >= 1"))? as i64)
        }
        other => return Err(bad(&format!("unknown distribution '{other}'"))),
    };
    Ok(dist)
}

pub fn parse_space(space: &Map<String, Value>) -> Result<Vec<(String, Dist)>, String> {
    space.iter().map(|(k, v)| parse_dist(k, v).map(|d| (k.clone(), d))).collect()
}

/// The number of grid points (every parameter must be a choice).
pub fn grid_size(space: &[(String, Dist)]) -> usize {
    space.iter().map(|(_, d)| if let Dist::Choice(v) = d { v.len() } else { 1 }).product()
}

/// The `index`-th grid point: the last parameter varies fastest.
pub fn grid_point(space: &[(String, Dist)], mut index: usize) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, d) in space.iter().rev() {
        if let Dist::Choice(values) = d {
            out.insert(name.clone(), values[index % values.len()].clone());
            index /= values.len();
        }
    }
    out
}

fn normal(rng: &mut StdRng, mu: f64, sigma: f64) -> f64 {
    // Box–Muller: two uniforms give one standard normal draw.
    let (u1, u2): (f64, f64) = (rng.gen_range(f64::MIN_POSITIVE..1.0), rng.gen());
    mu + sigma * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

fn quantize(x: f64, q: f64) -> f64 {
    (x / q).round() * q
}

pub fn draw(d: &Dist, rng: &mut StdRng) -> Value {
    let uniform = |rng: &mut StdRng, lo: f64, hi: f64| if lo < hi { rng.gen_range(lo..hi) } else { lo };
    match d {
        Dist::Choice(values) => values[rng.gen_range(0..values.len())].clone(),
        Dist::Uniform(lo, hi) => json!(uniform(rng, *lo, *hi)),
        Dist::LogUniform(lo, hi) => json!(uniform(rng, *lo, *hi).exp()),
        Dist::QUniform(lo, hi, q) => json!(quantize(uniform(rng, *lo, *hi), *q)),
        Dist::QLogUniform(lo, hi, q) => json!(quantize(uniform(rng, *lo, *hi).exp(), *q)),
        Dist::Normal(mu, s) => json!(normal(rng, *mu, *s)),
        Dist::LogNormal(mu, s) => json!(normal(rng, *mu, *s).exp()),
        Dist::QNormal(mu, s, q) => json!(quantize(normal(rng, *mu, *s), *q)),
        Dist::QLogNormal(mu, s, q) => json!(quantize(normal(rng, *mu, *s).exp(), *q)),
        Dist::Randint(upper) => json!(rng.gen_range(0..*upper)),
    }
}

/// Hands out trial values: grid points in order, or random draws (seeded when the sweep gives
/// `samplingAlgorithm.seed`, so a re-run draws the same values).
pub struct Sampler {
    space: Vec<(String, Dist)>,
    grid: bool,
    next: usize,
    rng: StdRng,
}

impl Sampler {
    pub fn new(space: Vec<(String, Dist)>, algorithm: &str, seed: Option<u64>) -> Sampler {
        let rng = match seed {
            Some(s) => StdRng::seed_from_u64(s),
            None => StdRng::from_entropy(),
        };
        Sampler { space, grid: algorithm.eq_ignore_ascii_case("grid"), next: 0, rng }
    }

    /// How many trials the space allows (grid: its size; random: unbounded).
    pub fn capacity(&self) -> Option<usize> {
        self.grid.then(|| grid_size(&self.space))
    }

    pub fn next_point(&mut self) -> Option<Map<String, Value>> {
        if self.capacity().is_some_and(|c| self.next >= c) {
            return None;
        }
        let point = if self.grid {
            grid_point(&self.space, self.next)
        } else {
            self.space.iter().map(|(k, d)| (k.clone(), draw(d, &mut self.rng))).collect()
        };
        self.next += 1;
        Some(point)
    }
}

/// A value as it goes into a command line: strings as they are, numbers and others as JSON.
pub fn as_arg(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `${{search_space.x}}` (any inner spacing) → the trial's value.
pub fn substitute(command: &str, values: &Map<String, Value>) -> String {
    let mut out = command.to_string();
    for (k, v) in values {
        out = crate::util::replace_ref(&out, "search_space", k, &as_arg(v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_azure_ai_ml_sends() {
        let space = json!({"lr": ["loguniform", [-6, -1]], "batch": ["choice", [[16, 32, 64]]], "n": ["randint", [5]],
                           "q": ["quniform", [1, 10, 2]], "m": ["normal", [0, 1]]});
        let s = parse_space(space.as_object().unwrap()).unwrap();
        assert_eq!(s.len(), 5);
        assert!(s.iter().any(|(k, d)| k == "batch" && *d == Dist::Choice(vec![json!(16), json!(32), json!(64)])));
        for bad in [
            json!(["choice", []]),
            json!(["uniform", [2, 1]]),
            json!(["beta", [1]]),
            json!({"type": "choice"}),
            json!(["randint", [0]]),
        ] {
            assert!(parse_dist("x", &bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn grid_enumerates_every_combination_once() {
        let space =
            parse_space(json!({"a": ["choice", [[1, 2, 3]]], "b": ["choice", [["x", "y"]]]}).as_object().unwrap())
                .unwrap();
        let mut s = Sampler::new(space, "Grid", None);
        assert_eq!(s.capacity(), Some(6));
        let points: Vec<String> =
            std::iter::from_fn(|| s.next_point()).map(|p| format!("{}{}", p["a"], p["b"])).collect();
        assert_eq!(points, ["1\"x\"", "1\"y\"", "2\"x\"", "2\"y\"", "3\"x\"", "3\"y\""]);
    }

    #[test]
    fn random_draws_stay_in_range_and_repeat_with_a_seed() {
        let space = parse_space(
            json!({"u": ["uniform", [0.5, 0.6]], "lu": ["loguniform", [-3, -2]], "r": ["randint", [4]], "q": ["quniform", [0, 10, 5]]})
                .as_object()
                .unwrap(),
        )
        .unwrap();
        let draws = |seed| {
            let mut s = Sampler::new(space.clone(), "Random", Some(seed));
            (0..200).map(|_| s.next_point().unwrap()).collect::<Vec<_>>()
        };
        let a = draws(7);
        assert_eq!(a, draws(7));
        assert_ne!(a, draws(8));
        for p in &a {
            let u = p["u"].as_f64().unwrap();
            let lu = p["lu"].as_f64().unwrap();
            assert!((0.5..0.6).contains(&u) && ((-3f64).exp()..(-2f64).exp()).contains(&lu));
            assert!((0..4).contains(&p["r"].as_i64().unwrap()));
            assert!([0.0, 5.0, 10.0].contains(&p["q"].as_f64().unwrap()));
        }
    }

    #[test]
    fn substitution() {
        let v = json!({"lr": 0.5, "opt": "adam"});
        assert_eq!(
            substitute("python t.py --lr ${{search_space.lr}} --o ${{ search_space.opt }}", v.as_object().unwrap()),
            "python t.py --lr 0.5 --o adam"
        );
    }
}
